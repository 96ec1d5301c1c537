//! The `renja` command line.

use clap::{Parser, Subcommand, ValueEnum};
use renja::report::{self, CheckOptions, FailOn, Lang};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "renja",
    version,
    about = "Reads Indonesian Renja documents and checks them as a BAPPEDA reviewer would"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Id,
    En,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailArg {
    Error,
    Warning,
    Never,
}

#[derive(Subcommand)]
enum Cmd {
    /// Check documents: sums, review vs plan, years, nomenclature; prints findings and writes
    /// findings.json / findings.csv.
    Check {
        /// Input files (text exports; PDFs when the build has the PDF pipeline).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output directory for findings.json and findings.csv.
        #[arg(long, default_value = "renja-out")]
        out: PathBuf,
        /// Message language.
        #[arg(long, value_enum, default_value = "id")]
        lang: LangArg,
        /// Exit with 1 when a finding of this severity (or worse) exists.
        #[arg(long, value_enum, default_value = "error")]
        fail_on: FailArg,
    },
}

fn main() {
    let cli = Cli::parse();
    match cli.cmd {
        Cmd::Check {
            files,
            out,
            lang,
            fail_on,
        } => {
            let opts = CheckOptions {
                out,
                lang: match lang {
                    LangArg::Id => Lang::Id,
                    LangArg::En => Lang::En,
                },
                fail_on: match fail_on {
                    FailArg::Error => FailOn::Error,
                    FailArg::Warning => FailOn::Warning,
                    FailArg::Never => FailOn::Never,
                },
            };
            std::process::exit(report::run_check(&files, &opts, None));
        }
    }
}
