//! The `renja` command line: `renja extract` pulls tables out of Renja PDFs.

use clap::{Parser, Subcommand};
use renja::export::{self, Format};
use renja::pipeline::{self, ExtractOptions};
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
        /// OCR scanned pages: `auto` reads pages without a usable text layer with Tesseract,
        /// `off` never, `force` every page showing an image.
        #[arg(long, value_enum, default_value = "auto")]
        ocr: OcrArg,
        /// Refuse files larger than this many megabytes.
        #[arg(long, default_value_t = 512)]
        max_size_mb: u64,
    },
}

/// `--ocr` values.
#[derive(Clone, Copy, clap::ValueEnum)]
enum OcrArg {
    Auto,
    Off,
    Force,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract {
            files,
            out,
            format,
            cells,
            ocr,
            max_size_mb,
        } => {
            let mut opts = ExtractOptions {
                ocr: match ocr {
                    OcrArg::Auto => pipeline::OcrMode::Auto,
                    OcrArg::Off => pipeline::OcrMode::Off,
                    OcrArg::Force => pipeline::OcrMode::Force,
                },
                ..Default::default()
            };
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
    }
}
