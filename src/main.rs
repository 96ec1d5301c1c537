//! The `renja` command line: `extract` pulls tables out of Renja PDFs, `check` reconciles them as
//! a BAPPEDA reviewer would, `batch` digitises many files into a database, `score` measures
//! extraction against ground truth.

use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
mod cmd_db;
mod compare_out;

use renja::batch::{self, BatchOptions};
use renja::cli::PageSet;
use renja::eval;
use renja::export::{self, Format};
use renja::pipeline::{self, ExtractOptions};
use renja::report::{self, CheckOptions, FailOn, Lang, Output};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

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

Folders are walked for .pdf, .txt and .tsv files. Files are processed in parallel and each
file's line is printed as it finishes. A file that cannot be read (not a PDF, damaged, encrypted
without --password, no text layer, ...) gets a one-line error naming it, the other files are
still processed, and the exit status is 3. `--out -` writes one document to stdout in --format
(json, csv, tsv or md; several tables are separated by a blank line) for pipes.

Examples:
  renja extract samples/000_serang_sipd.pdf --out out/
  renja extract samples/ --out out/ --format csv
  renja extract dokumen.pdf --pages 1,3-5,10-end --password rahasia
  renja extract dokumen.pdf --format md -o - | less
  renja extract dokumen.pdf --cells        # every cell with its page and bounding box
  renja extract dokumen.pdf --debug-dir dbg/  # dbg/dokumen-p1.png ...: what layout found, drawn

--debug-dir DIR draws, per page, the page (rendered with pdftoppm; a scan shows its image) with
the tables found (red box), their row edges (green), column edges (blue: the gutters or vertical
rules the columns were cut at) and the ruling lines of the page (magenta); legend.png says the
same. A page that cannot be rendered gets a warning; the extraction itself never fails for it.";

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
documents, a target unit differing between documents, an amount a finding touches (*), a
mandatory penunjang sub kegiatan (rules/store.toml [[compare.penunjang]]) missing from a
document that has the penunjang program (shown when the codes asked for include it: `2.07.01`).

--pivot (or --by region-year) shows one code as a row per pemda and OPD and a column per year:
the plan table's pagu for the document's own year (sesudah after a Perubahan Renja), beside it
the prakiraan maju the year before's Renja wrote for that year, flagged when they differ by more
than rules/store.toml forecast_tolerance_pct; --with-target adds target and unit.

The output goes to stdout (table, csv, json, html) or to --out FILE; xlsx needs --out.

Exit status: 0 shown, 1 nothing matches, 2 usage or database error.

Examples:
  renja batch arsip/ --db renja.sqlite
  renja compare 2.07.03.2.01.0001 --db renja.sqlite
  renja compare 2.07.03 --db renja.sqlite --year 2022 --kind plan --format csv > banding.csv
  renja compare 2.07.03.2.01.0001 --pivot --with-target --db renja.sqlite
  renja compare 2.07.01 --db renja.sqlite --format xlsx --out penunjang.xlsx
  renja compare 2.07.03.2.01.0001 --by region-year --format html > tahun.html";

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

Without --out the files go to renja-out/ in the current folder; the last line says where.

Examples:
  renja check samples/000_serang_sipd.pdf
  renja check dokumen.txt --lang en --fail-on warning --out hasil/
  renja check kiriman-opd/            # every PDF and text export in a folder";

const EXIT_CODES: &str = "\
Exit status: 0 every input read and written, 2 usage error or an output that cannot be written,
3 some input could not be read (named on stderr; the others are still processed).";

const ENVIRONMENT: &str = "\
Start here:
  renja extract dokumen.pdf --out hasil/     the tables, as JSON (and CSV with --format csv)
  renja check dokumen.pdf                    what a BAPPEDA reviewer would flag, by page and row
  renja checks                               every check, with the reason it exists
  renja batch arsip/ --db renja.sqlite       digitise a whole archive, in parallel, resumable
  renja compare 2.07.03.2.01.0001            one sub kegiatan across regions and years

Exit status: 0 success (check: no finding at or above --fail-on), 1 check found findings at or
above --fail-on, 2 usage error or an output that cannot be written, 3 some input could not be
read (the others are still processed).

Environment:
  RENJA_RULES=DIR            read any rules file (tables.toml, checks.toml, ...) found in DIR
                             instead of the copy built into renja
  RENJA_TESSERACT=PATH       the Tesseract program to run for OCR (default: `tesseract` on PATH)
  RENJA_OCR_DEBUG_DIR=DIR    write each page image as handed to Tesseract (pageNNN.pgm) to DIR
  NO_COLOR=1                 no colours (also off when stdout is not a terminal)";

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
#[command(name = "renja", version, about = ABOUT, long_about = None, after_help = START_HERE,
          after_long_help = ENVIRONMENT)]
struct Cli {
    #[command(flatten)]
    verbosity: Verbosity,
    #[command(subcommand)]
    command: Command,
}

/// `--quiet` / `--verbose`, accepted by every command.
#[derive(Args, Clone, Copy)]
struct Verbosity {
    /// Print only errors (files are still written; the exit status says how it went).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print each file's reading warnings and timing.
    #[arg(short, long, global = true)]
    verbose: bool,
}

/// How PDFs are read: shared by `extract`, `check` and `batch`.
#[derive(Args, Clone)]
struct ReadArgs {
    /// OCR of scanned pages: `auto` reads pages without a usable text layer with Tesseract,
    /// `off` never, `force` every page showing an image.
    #[arg(long, value_enum, default_value = "auto")]
    ocr: OcrArg,
    /// Refuse files larger than this many megabytes.
    #[arg(long, default_value_t = 512)]
    max_size_mb: u64,
    /// Read only these pages of each PDF, e.g. `1,3-5,10-end` (pages past a document's end
    /// are ignored with a warning; text exports have no pages).
    #[arg(long, value_name = "LIST")]
    pages: Option<PageSet>,
    /// Password of encrypted PDFs (the user or the owner password).
    #[arg(long, value_name = "PW")]
    password: Option<String>,
    #[command(flatten)]
    cache: CacheArgs,
}

/// Where OCR results are kept, shared by extract, check and batch.
#[derive(Args, Clone)]
struct CacheArgs {
    /// Keep each scanned page's OCR here and reuse it [default: $RENJA_CACHE_DIR,
    /// $XDG_CACHE_HOME/renja/ocr or ~/.cache/renja/ocr].
    #[arg(long, value_name = "DIR")]
    cache_dir: Option<PathBuf>,
    /// OCR every scanned page afresh, without reading or writing the cache.
    #[arg(long, conflicts_with = "cache_dir")]
    no_cache: bool,
}

impl ReadArgs {
    fn options(&self) -> ExtractOptions {
        let dir = match self.cache.no_cache {
            true => None,
            false => self
                .cache
                .cache_dir
                .clone()
                .or_else(renja::ingest::ocr::cache::OcrCache::default_dir),
        };
        let mut opts = ExtractOptions {
            ocr_cache: dir
                .map(|d| std::sync::Arc::new(renja::ingest::ocr::cache::OcrCache::new(d))),
            ocr: match self.ocr {
                OcrArg::Auto => pipeline::OcrMode::Auto,
                OcrArg::Off => pipeline::OcrMode::Off,
                OcrArg::Force => pipeline::OcrMode::Force,
            },
            pages: self.pages.clone(),
            ..Default::default()
        };
        opts.pdf.max_bytes = self.max_size_mb.saturating_mul(1024 * 1024);
        opts.pdf.password = self.password.clone();
        opts
    }
}

#[derive(Subcommand)]
enum Command {
    /// Extract the tables of Renja PDFs into JSON (and CSV, TSV or Markdown).
    #[command(long_about = EXTRACT_HELP, after_help = EXIT_CODES)]
    Extract {
        /// PDF files or text exports, or folders (walked for .pdf, .txt and .tsv).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Directory for the outputs (created when missing); `-` writes one document to stdout.
        #[arg(short, long, default_value = "renja-out")]
        out: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        /// Also write every body cell's page, bounding box, bold flag and OCR confidence.
        #[arg(long)]
        cells: bool,
        /// One JSON object per finished document on stdout instead of the readable lines.
        #[arg(long)]
        json: bool,
        /// Also write per page a PNG of the page with the tables, rows, columns and ruling lines
        /// found drawn over it (<name>-p<N>.png, and legend.png) into this directory.
        #[arg(long, value_name = "DIR")]
        debug_dir: Option<PathBuf>,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Digitise many documents into a SQLite database, in parallel and resumable.
    #[command(long_about = BATCH_HELP, after_help = EXIT_CODES)]
    Batch {
        /// Files or directories (walked for .pdf, .txt and .tsv).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The database: a SQLite file (created when missing), or a PostgreSQL server
        /// (`postgres://user:password@host/db`, shared by workers on many machines).
        #[arg(long, env = "RENJA_DB", default_value = "renja.sqlite")]
        db: PathBuf,
        /// PostgreSQL: seconds a worker's lease on a file lasts without renewal; a worker that
        /// dies loses its files to the others after this long.
        #[arg(long, default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..))]
        lease_secs: u64,
        /// Try again the files that failed in an earlier run.
        #[arg(long)]
        retry_failed: bool,
        /// Redo the documents stored by another renja version or with other rules.
        #[arg(long)]
        reprocess_older: bool,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// List the checks `renja check` runs, with their severity and rationale.
    Checks {
        /// Language of the rationales.
        #[arg(long, value_enum, default_value = "id")]
        lang: LangArg,
    },
    /// Check Renja documents and report what is wrong, where, and by how much.
    #[command(long_about = CHECK_HELP)]
    Check {
        /// Input files (PDFs or TAB-separated text exports) or folders, walked for .pdf, .txt, .tsv.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Directory for findings.json and findings.csv (created when missing) [default:
        /// renja-out].
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Message language.
        #[arg(long, value_enum, default_value = "id")]
        lang: LangArg,
        /// Exit with status 1 when a finding of this severity (or worse) exists.
        #[arg(long, value_enum, default_value = "error")]
        fail_on: FailArg,
        /// One JSON object per finished document on stdout (then a summary object) instead of
        /// the readable summary.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        read: ReadArgs,
        /// Also write a self-contained HTML report per document (page crops of every finding)
        /// and an index.html into this directory.
        #[arg(long)]
        report: Option<PathBuf>,
        /// An earlier submission (PDF, text export or its findings.json): the report's first
        /// section says which findings were fixed, remain, or are new.
        #[arg(long, requires = "report")]
        since: Option<PathBuf>,
        /// Also write an Excel workbook (findings, and a sheet per table): FILE.xlsx for one
        /// document, or a folder that gets one workbook per document.
        #[arg(long)]
        xlsx: Option<PathBuf>,
    },
    /// Show one program, kegiatan or sub kegiatan side by side across the documents of a database.
    #[command(long_about = COMPARE_HELP)]
    Compare {
        /// Canonical codes (`2.07.03.2.01.0001`; printed short forms are accepted too) or code
        /// prefixes (`2.07.03` = every code under it); none: every code.
        codes: Vec<String>,
        /// The database written by `renja batch` (a SQLite file or a `postgres://` URL).
        #[arg(long, env = "RENJA_DB", default_value = "renja.sqlite")]
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
        /// Output format (to stdout, or to --out; xlsx needs --out).
        #[arg(long, value_enum, default_value = "table")]
        format: cmd_db::CompareFormat,
        /// Write to this file instead of stdout (required for --format xlsx).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// One code as a region x year table: a row per pemda and OPD, a column per year (the
        /// plan's pagu), with the prakiraan maju written a year earlier and a flag where the two
        /// differ. `--by region-year` says the same.
        #[arg(long)]
        pivot: bool,
        /// The pivot's layout (only `region-year`).
        #[arg(long, value_enum, value_name = "LAYOUT")]
        by: Option<cmd_db::PivotBy>,
        /// Target and unit columns in the pivot.
        #[arg(long)]
        with_target: bool,
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

/// Prints a line to stdout; a closed pipe (`| head`) drops it instead of panicking.
macro_rules! outln {
    ($($t:tt)*) => { renja::cli::print_line(&format!($($t)*)) };
}

/// Prints a line to stderr, never panicking.
macro_rules! errln {
    ($($t:tt)*) => { renja::cli::print_err(&format!($($t)*)) };
}

/// Exit status when some input could not be read (the others were still processed).
const EXIT_UNREADABLE: u8 = 3;
/// Exit status of a usage error or an output that could not be written.
const EXIT_USAGE: u8 = 2;

/// What one extracted file gave, for the line (or JSON event) printed when it finishes.
enum Extracted {
    Written {
        pages: u32,
        tables: usize,
        rows: usize,
        outputs: Vec<PathBuf>,
        warnings: Vec<String>,
    },
    Unreadable(String),
    OutputFailed(String),
}

fn extracted_line(path: &Path, r: &Extracted, verbose: bool, secs: f64) -> (bool, String) {
    match r {
        Extracted::Written {
            pages,
            tables,
            rows,
            outputs,
            warnings,
        } => {
            let plural = |n: usize, one: &str, many: &str| {
                format!("{n} {}", if n == 1 { one } else { many })
            };
            let mut line = format!(
                "{}: {}, {}, {} -> {}",
                path.display(),
                plural(*pages as usize, "page", "pages"),
                plural(*tables, "table", "tables"),
                plural(*rows, "row", "rows"),
                outputs
                    .first()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            );
            if verbose {
                line.push_str(&format!(" ({secs:.1} s)"));
            }
            for w in warnings {
                line.push_str(&format!("\n  warning: {w}"));
            }
            (true, line)
        }
        Extracted::Unreadable(e) => (false, format!("renja: {e}")),
        Extracted::OutputFailed(e) => (false, format!("renja: cannot write output: {e}")),
    }
}

fn extracted_event(path: &Path, r: &Extracted) -> serde_json::Value {
    match r {
        Extracted::Written {
            pages,
            tables,
            rows,
            outputs,
            warnings,
        } => serde_json::json!({
            "event": "document", "file": path.display().to_string(), "status": "ok",
            "pages": pages, "tables": tables, "rows": rows,
            "outputs": outputs, "warnings": warnings,
        }),
        Extracted::Unreadable(e) => serde_json::json!({
            "event": "document", "file": path.display().to_string(),
            "status": "unreadable", "error": e,
        }),
        Extracted::OutputFailed(e) => serde_json::json!({
            "event": "document", "file": path.display().to_string(),
            "status": "output-error", "error": e,
        }),
    }
}

/// Options of `renja extract` as given on the command line.
struct ExtractRun<'a> {
    files: &'a [PathBuf],
    out: &'a Path,
    format: Format,
    cells: bool,
    json: bool,
    debug_dir: Option<&'a Path>,
    opts: ExtractOptions,
    verbosity: Verbosity,
}

/// Extracts one file; with `--debug-dir` also draws its pages there, the pages that could not
/// be drawn becoming warnings of the document (never a failure).
fn extract_one(
    path: &Path,
    stem: &str,
    run: &ExtractRun,
) -> Result<renja::extracted::Document, renja::ingest::IngestError> {
    let Some(dir) = run.debug_dir else {
        return pipeline::extract_file(path, &run.opts);
    };
    if pipeline::is_text_export(path) {
        let mut doc = pipeline::extract_file(path, &run.opts)?;
        doc.warnings
            .push("--debug-dir: a text export has no pages to draw".to_string());
        return Ok(doc);
    }
    let (mut doc, geometry) = pipeline::extract_pdf_traced(path, &run.opts)?;
    let drawn =
        report::debug::write_pages(path, stem, &geometry, dir, run.opts.pdf.password.as_deref());
    doc.warnings.extend(drawn.notes);
    Ok(doc)
}

fn cmd_extract(run: ExtractRun) -> ExitCode {
    let inputs = batch::collect_inputs(run.files);
    if inputs.is_empty() {
        errln!("renja: no .pdf, .txt or .tsv file found in the given folders");
        return ExitCode::from(EXIT_USAGE);
    }
    if run.out == Path::new("-") {
        return extract_to_stdout(&inputs, &run);
    }
    if run.verbosity.verbose {
        errln!("renja: {} input files", inputs.len());
    }
    // Each worker writes its own outputs and prints its line when done, so a large batch never
    // holds every document in memory and progress shows as it happens.
    let stems = export::unique_stems(&inputs);
    let unreadable = AtomicUsize::new(0);
    let output_failed = AtomicUsize::new(0);
    let print = std::sync::Mutex::new(());
    inputs
        .par_iter()
        .zip(stems.par_iter())
        .for_each(|(path, stem)| {
            let started = std::time::Instant::now();
            let r = match extract_one(path, stem, &run) {
                Err(e) => Extracted::Unreadable(e.to_string()),
                Ok(doc) => match export::write_as(&doc, run.out, stem, run.format, run.cells) {
                    Ok(outputs) => Extracted::Written {
                        pages: doc.pages,
                        tables: doc.tables.len(),
                        rows: doc.tables.iter().map(|t| t.rows.len()).sum(),
                        outputs,
                        warnings: doc.warnings.clone(),
                    },
                    Err(e) => Extracted::OutputFailed(e.to_string()),
                },
            };
            match &r {
                Extracted::Unreadable(_) => unreadable.fetch_add(1, Ordering::Relaxed),
                Extracted::OutputFailed(_) => output_failed.fetch_add(1, Ordering::Relaxed),
                Extracted::Written { .. } => 0,
            };
            let _g = print.lock();
            if run.json {
                outln!("{}", extracted_event(path, &r));
                return;
            }
            let (ok, line) = extracted_line(
                path,
                &r,
                run.verbosity.verbose,
                started.elapsed().as_secs_f64(),
            );
            if !ok {
                errln!("{line}");
            } else if !run.verbosity.quiet {
                outln!("{line}");
            }
        });
    if output_failed.into_inner() > 0 {
        ExitCode::from(EXIT_USAGE)
    } else if unreadable.into_inner() > 0 {
        ExitCode::from(EXIT_UNREADABLE)
    } else {
        ExitCode::SUCCESS
    }
}

/// `--out -`: one document's tables to stdout, in the chosen format, for pipes.
fn extract_to_stdout(inputs: &[PathBuf], run: &ExtractRun) -> ExitCode {
    if inputs.len() != 1 {
        errln!(
            "renja: --out - writes one document to stdout, but {} inputs were given; \
             give one file, or a folder to --out",
            inputs.len()
        );
        return ExitCode::from(EXIT_USAGE);
    }
    if run.json {
        errln!("renja: --json and --out - both write to stdout; choose one");
        return ExitCode::from(EXIT_USAGE);
    }
    let path = &inputs[0];
    let stem = export::unique_stems(inputs).remove(0);
    let doc = match extract_one(path, &stem, run) {
        Ok(d) => d,
        Err(e) => {
            errln!("renja: {e}");
            return ExitCode::from(EXIT_UNREADABLE);
        }
    };
    if !run.verbosity.quiet {
        for w in &doc.warnings {
            errln!("renja: warning: {w}");
        }
    }
    match export::write_stream(&doc, renja::cli::stdout(), run.format, run.cells) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            errln!("renja: cannot write output: stdout: {e}");
            ExitCode::from(EXIT_USAGE)
        }
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
            errln!("renja: {}: {e}", gt_dir.display());
            return ExitCode::from(2);
        }
    };
    entries.sort();
    let mut total = eval::Counts::default();
    outln!(
        "{:<36} {:>7} {:>7} {:>7} {:>7} {:>7}",
        "document",
        "tables",
        "cellP",
        "cellR",
        "cellF1",
        "numAcc"
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
        outln!(
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
    outln!(
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
    let v = cli.verbosity;
    match cli.command {
        Command::Extract {
            files,
            out,
            format,
            cells,
            json,
            debug_dir,
            read,
        } => cmd_extract(ExtractRun {
            files: &files,
            out: &out,
            format,
            cells,
            json,
            debug_dir: debug_dir.as_deref(),
            opts: read.options(),
            verbosity: v,
        }),
        Command::Batch {
            paths,
            db,
            lease_secs,
            retry_failed,
            reprocess_older,
            read,
        } => cmd_db::cmd_batch(
            &paths,
            &db,
            std::time::Duration::from_secs(lease_secs),
            BatchOptions {
                extract: read.options(),
                retry_failed,
                reprocess_older,
            },
            if v.quiet {
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
            out,
            pivot,
            by,
            with_target,
        } => cmd_db::cmd_compare(
            &codes,
            &db,
            year,
            pemda,
            kind,
            cmd_db::CompareOutput {
                format,
                out,
                pivot: pivot || by.is_some(),
                with_target,
            },
        ),
        Command::Checks { lang } => {
            let mut out = renja::cli::stdout();
            let _ = report::list_checks(&mut out, lang.into());
            ExitCode::SUCCESS
        }
        Command::Check {
            files,
            out,
            lang,
            fail_on,
            json,
            read,
            report,
            since,
            xlsx,
        } => {
            if out.as_deref() == Some(Path::new("-")) {
                errln!(
                    "renja: --out - : check writes findings.json and findings.csv into a folder; \
                     for results on stdout use --json"
                );
                return ExitCode::from(EXIT_USAGE);
            }
            let opts = CheckOptions {
                out_given: out.is_some(),
                out: out.unwrap_or_else(|| PathBuf::from("renja-out")),
                report,
                since,
                xlsx,
                lang: lang.into(),
                fail_on: match fail_on {
                    FailArg::Error => FailOn::Error,
                    FailArg::Warning => FailOn::Warning,
                    FailArg::Never => FailOn::Never,
                },
                output: if json {
                    Output::Json
                } else if v.quiet {
                    Output::Quiet
                } else if v.verbose {
                    Output::Verbose
                } else {
                    Output::Normal
                },
            };
            let xopts = read.options();
            let read_pdf =
                |p: &std::path::Path| pipeline::extract_file(p, &xopts).map_err(|e| e.to_string());
            // A reviewer's folder of submissions is checked like the list of its files.
            let inputs = renja::batch::collect_inputs(&files);
            if inputs.is_empty() {
                errln!("renja: no .pdf, .txt or .tsv file found in the given folders");
                return ExitCode::from(EXIT_USAGE);
            }
            let code = report::run_check(&inputs, &opts, Some(&read_pdf));
            ExitCode::from(code.clamp(0, 255) as u8)
        }
    }
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Id => Lang::Id,
            LangArg::En => Lang::En,
        }
    }
}
