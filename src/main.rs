//! The `renja` command line: `extract` pulls tables out of Renja PDFs, `check` reconciles them as
//! a BAPPEDA reviewer would, `batch` digitises many files into a database, `score` measures
//! extraction against ground truth.

use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
mod cmd_db;

use renja::batch::BatchOptions;
use renja::eval;
use renja::export::{self, Format};
use renja::pipeline::{self, ExtractOptions};
use renja::report::{self, CheckOptions, FailOn, Lang};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const ABOUT: &str =
    "Reads Indonesian Renja documents (Rencana Kerja Perangkat Daerah), pulls their \
tables out of PDFs, and checks them the way a BAPPEDA reviewer would.";

const START_HERE: &str = "\
Start here:
  renja extract dokumen.pdf --out hasil/     the tables, as JSON (and CSV with --format csv)
  renja check dokumen.pdf                    what a BAPPEDA reviewer would flag, by page and row
  renja checks                               every check, with the reason it exists
  renja batch arsip/ --db renja.sqlite       digitise a whole archive, in parallel, resumable
  renja compare 2.07.03.2.01.0001            one sub kegiatan across regions and years
Scanned PDFs are read with Tesseract (apt-get install tesseract-ocr tesseract-ocr-ind).
`renja help <command>` explains each command with examples.";

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

const BATCH_HELP: &str = "\
Digitises many documents into one SQLite database: every PDF and text export (.txt, .tsv) named
or found under the given directories is extracted in parallel and stored: documents, tables,
rows, and for analysts a flat `amounts` table (one amount per row, in sen, with its code, role,
stage and absolute year), `targets`, findings, and views such as v_pagu_plan (README: \"The
database\"). Each file is stored in one transaction, keyed by its content, so a batch that was
stopped can simply be run again: files already stored are skipped after a hash check. The same
content under another name is stored once (both names are kept in document_files); the PDF, its
scan and a text export of one document are linked, one of them canonical.

Each document records the renja version and a hash of the rules that produced it;
--reprocess-older redoes those stored by another version or rules. A file that cannot be read
is recorded with its reason and never stops the batch; --retry-failed tries those again.

Progress: a bar on a terminal (documents, pages, pages/s, ETA, the files being read), a line per
file when stderr is not a terminal, nothing but the summary with --quiet. The summary lists
every failed file with its reason.

Exit status: 0 every file stored (or already stored), 2 usage or database error (not a renja
database, locked longer than RENJA_DB_TIMEOUT seconds (default 30), read-only), 3 some file
failed (the others are stored).

Examples:
  renja batch arsip/2019 arsip/2020 --db renja.sqlite
  renja batch arsip/ --db renja.sqlite --retry-failed --reprocess-older
  sqlite3 renja.sqlite \"SELECT pemda, year, code, rupiah FROM v_pagu_plan LIMIT 5\"";

const COMPARE_HELP: &str = "\
Shows programs, kegiatan or sub kegiatan across the documents stored by `renja batch`: one row
per canonical code, one column group per document (pemda, year: pagu and target), canonical
copies only (a PDF and its scan count once). Codes are matched in canonical form
(U.BB.PP.K.KK.SSSS), so `2.07.03.2.01.01` and `2.07.03.2.01.0001` find the same items, whatever
form each document printed; a shorter code is a prefix (`2.07.03` = every code under it).

Flags: a unit cost (pagu per target unit) three times or more away from the median of the
documents, a target unit differing between documents, an amount a finding touches (*).
The output goes to stdout (table, csv or json); `| head` is fine.

Exit status: 0 shown, 1 nothing matches, 2 usage or database error.

Examples:
  renja batch arsip/ --db renja.sqlite
  renja compare 2.07.03.2.01.0001 --db renja.sqlite
  renja compare 2.07.03 --db renja.sqlite --year 2022 --kind plan --format csv > banding.csv";

const SCORE_HELP: &str = "\
Scores extraction output against ground truth with the project's reference metric (table recall,
cell precision/recall/F1, numeric-cell accuracy). GT_DIR holds one ground-truth JSON per PDF
(tables with title, first_page, last_page, header_rows, rows); PRED_DIR holds `renja extract`
output. A ground-truth document without a prediction scores zero.

Example:
  renja extract samples/*.pdf --out out/ && renja score tests/data/gt out/";

const CHECK_HELP: &str = "\
Reads each input (a PDF, through the same extraction as `renja extract`, or a TAB-separated
text export), understands its tables (kind, columns, hierarchy of urusan / bidang / program /
kegiatan / sub kegiatan) and checks them: parent = sum of children for every money column,
the odd cell and the value that reconciles it, review (T-C.31) vs plan (T-C.33), plan targets
vs Renstra, capaian (realisasi / target, realisasi / pagu) and predikat, the satuan of each
indicator, figures quoted in the running text, table years, Rp.000 headers, duplicate codes,
missing fields, nomenclature (`renja checks` lists all of them with their rationale). Prints a
summary grouped per document and table and writes findings.json and findings.csv into --out.

Exit status: 0 no finding at or above --fail-on, 1 findings at or above --fail-on, 2 usage or
output error, 3 some input could not be read (listed after the summary; the others are still
checked and reported).

Examples:
  renja check samples/000_serang_sipd.pdf
  renja check dokumen.txt --lang en --fail-on warning --out hasil/
  renja check kiriman-opd/            # every PDF and text export in a folder";

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
#[command(name = "renja", version, about = ABOUT, long_about = None, after_help = START_HERE)]
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
        /// OCR of scanned pages: `auto` reads pages without a usable text layer with Tesseract,
        /// `off` never, `force` every page showing an image.
        #[arg(long, value_enum, default_value = "auto")]
        ocr: OcrArg,
        /// Refuse files larger than this many megabytes.
        #[arg(long, default_value_t = 512)]
        max_size_mb: u64,
    },
    /// Digitise many documents into a SQLite database, in parallel and resumable.
    #[command(long_about = BATCH_HELP)]
    Batch {
        /// Files or directories (walked for .pdf, .txt and .tsv).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The database file (created when missing).
        #[arg(long, default_value = "renja.sqlite")]
        db: PathBuf,
        /// Try again the files that failed in an earlier run.
        #[arg(long)]
        retry_failed: bool,
        /// Redo the documents stored by another renja version or with other rules.
        #[arg(long)]
        reprocess_older: bool,
        /// No progress bar or per-file lines: only the summary and the failed files.
        #[arg(long, short)]
        quiet: bool,
        /// OCR of scanned pages: `auto` reads pages without a usable text layer with Tesseract,
        /// `off` never, `force` every page showing an image.
        #[arg(long, value_enum, default_value = "auto")]
        ocr: OcrArg,
        /// Refuse files larger than this many megabytes.
        #[arg(long, default_value_t = 512)]
        max_size_mb: u64,
    },
    /// List the checks `renja check` runs, with their severity and rationale.
    Checks,
    /// Check Renja documents and report what is wrong, where, and by how much.
    #[command(long_about = CHECK_HELP)]
    Check {
        /// Input files (PDFs or TAB-separated text exports) or folders, walked for .pdf, .txt, .tsv.
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
        /// OCR of scanned pages: `auto` reads pages without a usable text layer with Tesseract,
        /// `off` never, `force` every page showing an image.
        #[arg(long, value_enum, default_value = "auto")]
        ocr: OcrArg,
        /// Refuse files larger than this many megabytes.
        #[arg(long, default_value_t = 512)]
        max_size_mb: u64,
        /// Also write a self-contained HTML report per document (page crops of every finding)
        /// and an index.html into this directory.
        #[arg(long)]
        report: Option<PathBuf>,
        /// An earlier submission (PDF, text export or its findings.json): the report's first
        /// section says which findings were fixed, remain, or are new.
        #[arg(long, requires = "report")]
        since: Option<PathBuf>,
    },
    /// Show one program, kegiatan or sub kegiatan side by side across the documents of a database.
    #[command(long_about = COMPARE_HELP)]
    Compare {
        /// Canonical codes (`2.07.03.2.01.0001`; printed short forms are accepted too) or code
        /// prefixes (`2.07.03` = every code under it); none: every code.
        codes: Vec<String>,
        /// The database written by `renja batch`.
        #[arg(long, default_value = "renja.sqlite")]
        db: PathBuf,
        /// Only documents of this year.
        #[arg(long)]
        year: Option<i64>,
        /// Only pemda whose name contains this (`Serang`).
        #[arg(long)]
        pemda: Option<String>,
        /// Only amounts of this table kind (`plan`, `review`, `evaluation`, ...).
        #[arg(long)]
        kind: Option<String>,
        /// Output format (to stdout).
        #[arg(long, value_enum, default_value = "table")]
        format: cmd_db::CompareFormat,
    },
    /// Score extraction output against ground truth.
    #[command(long_about = SCORE_HELP)]
    Score {
        /// Directory of ground-truth JSON files.
        gt_dir: PathBuf,
        /// Directory of `renja extract` JSON output.
        pred_dir: PathBuf,
    },
}

/// `--ocr` values.
#[derive(Clone, Copy, ValueEnum)]
enum OcrArg {
    Auto,
    Off,
    Force,
}

fn extract_opts(max_size_mb: u64, ocr: OcrArg) -> ExtractOptions {
    let mut opts = ExtractOptions {
        ocr: match ocr {
            OcrArg::Auto => pipeline::OcrMode::Auto,
            OcrArg::Off => pipeline::OcrMode::Off,
            OcrArg::Force => pipeline::OcrMode::Force,
        },
        ..Default::default()
    };
    opts.pdf.max_bytes = max_size_mb.saturating_mul(1024 * 1024);
    opts
}

fn cmd_extract(
    files: &[PathBuf],
    out: &Path,
    format: Format,
    cells: bool,
    opts: &ExtractOptions,
) -> ExitCode {
    // Each worker writes its own outputs, so a large batch never holds every document in memory.
    let stems = export::unique_stems(files);
    let lines: Vec<Result<String, String>> = files
        .par_iter()
        .zip(stems.par_iter())
        .map(|(path, stem)| {
            let doc = pipeline::extract_file(path, opts).map_err(|e| e.to_string())?;
            let written = export::write_as(&doc, out, stem, format, cells)
                .map_err(|e| format!("{}: cannot write output: {e}", path.display()))?;
            let rows: usize = doc.tables.iter().map(|t| t.rows.len()).sum();
            let mut line = format!(
                "{}: {} pages, {} tables, {} rows -> {}",
                path.display(),
                doc.pages,
                doc.tables.len(),
                rows,
                written[0].display()
            );
            for w in &doc.warnings {
                line.push_str(&format!("\n  warning: {w}"));
            }
            Ok(line)
        })
        .collect();
    let mut failed = 0;
    for l in lines {
        match l {
            Ok(s) => println!("{s}"),
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

fn cmd_score(gt_dir: &Path, pred_dir: &Path) -> ExitCode {
    let read_json = |p: &Path| -> Result<serde_json::Value, String> {
        let s = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
        serde_json::from_str(&s).map_err(|e| format!("{}: {e}", p.display()))
    };
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(gt_dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            eprintln!("renja: {}: {e}", gt_dir.display());
            return ExitCode::from(2);
        }
    };
    entries.sort();
    let mut total = eval::Counts::default();
    println!(
        "{:<36} {:>7} {:>7} {:>7} {:>7} {:>7}",
        "document", "tables", "cellP", "cellR", "cellF1", "numAcc"
    );
    for p in entries
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let Ok(v) = read_json(p) else { continue };
        let Ok(gt) = serde_json::from_value::<eval::GtDoc>(v) else {
            continue;
        };
        let stem = Path::new(&gt.document)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let pred = read_json(&pred_dir.join(format!("{stem}.json")))
            .map(|v| eval::pred_tables_from_json(&v))
            .unwrap_or_default();
        let c = eval::score_document(&gt, &pred);
        total += c;
        let m = c.metrics();
        println!(
            "{:<36} {:>3}/{:<3} {:>7.4} {:>7.4} {:>7.4} {:>7.4}",
            gt.document,
            c.found,
            c.gt_tables,
            m.cell_precision,
            m.cell_recall,
            m.cell_f1,
            m.numeric_accuracy
        );
    }
    let m = total.metrics();
    println!(
        "{:<36} {:>3}/{:<3} {:>7.4} {:>7.4} {:>7.4} {:>7.4}",
        "OVERALL",
        total.found,
        total.gt_tables,
        m.cell_precision,
        m.cell_recall,
        m.cell_f1,
        m.numeric_accuracy
    );
    ExitCode::SUCCESS
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
        } => cmd_extract(&files, &out, format, cells, &extract_opts(max_size_mb, ocr)),
        Command::Batch {
            paths,
            db,
            retry_failed,
            reprocess_older,
            quiet,
            ocr,
            max_size_mb,
        } => cmd_db::cmd_batch(
            &paths,
            &db,
            BatchOptions {
                extract: extract_opts(max_size_mb, ocr),
                retry_failed,
                reprocess_older,
            },
            if quiet {
                cmd_db::Verbosity::Quiet
            } else {
                cmd_db::Verbosity::Normal
            },
        ),
        Command::Score { gt_dir, pred_dir } => cmd_score(&gt_dir, &pred_dir),
        Command::Compare {
            codes,
            db,
            year,
            pemda,
            kind,
            format,
        } => cmd_db::cmd_compare(&codes, &db, year, pemda, kind, format),
        Command::Checks => {
            let _ = report::list_checks(&mut std::io::stdout().lock());
            ExitCode::SUCCESS
        }
        Command::Check {
            files,
            out,
            lang,
            fail_on,
            ocr,
            max_size_mb,
            report,
            since,
        } => {
            let opts = CheckOptions {
                out,
                report,
                since,
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
            let xopts = extract_opts(max_size_mb, ocr);
            let read_pdf =
                |p: &std::path::Path| pipeline::extract_file(p, &xopts).map_err(|e| e.to_string());
            // A reviewer's folder of submissions is checked like the list of its files.
            let inputs = renja::batch::collect_inputs(&files);
            if inputs.is_empty() {
                eprintln!("renja: no .pdf, .txt or .tsv file found in the given folders");
                return ExitCode::from(2);
            }
            let code = report::run_check(&inputs, &opts, Some(&read_pdf));
            ExitCode::from(code.clamp(0, 255) as u8)
        }
    }
}
