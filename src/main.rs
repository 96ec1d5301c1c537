//! The `renja` command line: `renja extract` pulls tables out of Renja PDFs, `renja check`
//! reconciles them as a BAPPEDA reviewer would.

use clap::{Parser, Subcommand, ValueEnum};
use renja::export::{self, Format};
use renja::pipeline::{self, ExtractOptions};
use renja::report::{self, CheckOptions, FailOn, Lang};
use std::path::PathBuf;
use std::process::ExitCode;

const ABOUT: &str =
    "Reads Indonesian Renja documents (Rencana Kerja Perangkat Daerah), pulls their \
tables out of PDFs, and checks them the way a BAPPEDA reviewer would.";

const EXTRACT_HELP: &str = "\
Reads each PDF's text layer page by page, rebuilds its tables from the ruling lines (or from text
alignment where a table has no borders), joins tables that continue over pages, and writes one
<name>.json per PDF into --out (and with --format csv also one <name>_tNN.csv per table).

Files are processed in parallel. A file that cannot be read (not a PDF, damaged, encrypted,
no text layer, ...) gets a one-line error naming it, the other files are still processed, and
the exit status is 2.

Examples:
  renja extract samples/000_serang_sipd.pdf --out out/
  renja extract samples/*.pdf --out out/ --format csv
  renja extract dokumen.pdf --cells        # every cell with its page and bounding box";

const CHECK_HELP: &str = "\
Reads each input (a PDF, through the same extraction as `renja extract`, or a TAB-separated
text export), understands its tables (kind, columns, hierarchy of urusan / bidang / program /
kegiatan / sub kegiatan) and checks them: parent = sum of children for every money column,
the odd cell and the value that reconciles it, review (T-C.31) vs plan (T-C.33), table years,
Rp.000 headers, duplicate codes, missing fields, nomenclature. Prints a summary grouped per
document and table and writes findings.json and findings.csv into --out.

Examples:
  renja check samples/000_serang_sipd.pdf
  renja check dokumen.txt --lang en --fail-on warning --out hasil/";

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

#[derive(Parser)]
#[command(name = "renja", version, about = ABOUT, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract the tables of Renja PDFs into JSON (and CSV).
    #[command(long_about = EXTRACT_HELP)]
    Extract {
        /// PDF files to read.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Directory for the outputs (created when missing).
        #[arg(long, default_value = "renja-out")]
        out: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        /// Also write every body cell's page, bounding box, bold flag and OCR confidence.
        #[arg(long)]
        cells: bool,
        /// Refuse files larger than this many megabytes.
        #[arg(long, default_value_t = 512)]
        max_size_mb: u64,
    },
    /// List the checks `renja check` runs, with their severity and rationale.
    Checks,
    /// Check Renja documents and report what is wrong, where, and by how much.
    #[command(long_about = CHECK_HELP)]
    Check {
        /// Input files: PDFs or TAB-separated text exports.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Directory for findings.json and findings.csv (created when missing).
        #[arg(long, default_value = "renja-out")]
        out: PathBuf,
        /// Message language.
        #[arg(long, value_enum, default_value = "id")]
        lang: LangArg,
        /// Exit with status 1 when a finding of this severity (or worse) exists.
        #[arg(long, value_enum, default_value = "error")]
        fail_on: FailArg,
        /// Refuse files larger than this many megabytes.
        #[arg(long, default_value_t = 512)]
        max_size_mb: u64,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract {
            files,
            out,
            format,
            cells,
            max_size_mb,
        } => {
            let mut opts = ExtractOptions::default();
            opts.pdf.max_bytes = max_size_mb.saturating_mul(1024 * 1024);
            let mut failed = 0usize;
            for (path, result) in pipeline::extract_many(&files, &opts) {
                match result {
                    Ok(doc) => {
                        for w in &doc.warnings {
                            eprintln!("renja: warning: {}: {w}", path.display());
                        }
                        match export::write(&doc, &out, format, cells) {
                            Ok(written) => {
                                let rows: usize = doc.tables.iter().map(|t| t.rows.len()).sum();
                                println!(
                                    "{}: {} pages, {} tables, {} rows -> {}",
                                    path.display(),
                                    doc.pages,
                                    doc.tables.len(),
                                    rows,
                                    written[0].display()
                                );
                            }
                            Err(e) => {
                                failed += 1;
                                eprintln!("renja: {}: cannot write output: {e}", path.display());
                            }
                        }
                    }
                    Err(e) => {
                        failed += 1;
                        eprintln!("renja: {e}");
                    }
                }
            }
            if failed > 0 {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Checks => {
            let _ = report::list_checks(&mut std::io::stdout().lock());
            ExitCode::SUCCESS
        }
        Command::Check {
            files,
            out,
            lang,
            fail_on,
            max_size_mb,
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
            let mut xopts = ExtractOptions::default();
            xopts.pdf.max_bytes = max_size_mb.saturating_mul(1024 * 1024);
            let read_pdf =
                |p: &std::path::Path| pipeline::extract_file(p, &xopts).map_err(|e| e.to_string());
            let code = report::run_check(&files, &opts, Some(&read_pdf));
            ExitCode::from(code.clamp(0, 255) as u8)
        }
    }
}
