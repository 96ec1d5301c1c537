//! The `renja` command line: `extract` pulls tables out of Renja PDFs, `check` reconciles them as
//! a BAPPEDA reviewer would, `batch` digitises many files into a database, `score` measures
//! extraction against ground truth.

use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use renja::batch::{self, BatchOptions, Outcome};
use renja::eval;
use renja::export::{self, Format};
use renja::pipeline::{self, ExtractOptions};
use renja::report::{self, CheckOptions, FailOn, Lang};
use renja::store::Store;
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
Digitises many documents into one SQLite database: every PDF and text export (.txt) named or
found under the given directories is extracted in parallel and stored (documents, tables, rows
with every cell's page and position). Each file is stored in one transaction, keyed by its
content, so a batch that was stopped can simply be run again: files already stored are skipped.
A file that cannot be read is recorded with its reason and never stops the batch; --retry-failed
tries those again.

Examples:
  renja batch arsip/2019 arsip/2020 --db renja.sqlite
  renja batch arsip/ --db renja.sqlite --retry-failed
  sqlite3 renja.sqlite \"SELECT name, status, error FROM documents WHERE status='error'\"";

const COMPARE_HELP: &str = "\
Shows the same program, kegiatan or sub kegiatan across every document stored by `renja batch`:
one line per region, year and table, with its name as printed and its money columns. Codes are
matched in canonical form (U.BB.PP.K.KK.SSSS), so `2.07.03.2.01.01` and `2.07.03.2.01.0001`
find the same items, whatever form each document printed.

Examples:
  renja batch arsip/ --db renja.sqlite
  renja compare 2.07.03.2.01.0001 --db renja.sqlite
  renja compare 2.07.03 2.07.04 --db renja.sqlite --csv banding.csv";

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
        #[command(flatten)]
        cache: CacheArgs,
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
        /// OCR of scanned pages: `auto` reads pages without a usable text layer with Tesseract,
        /// `off` never, `force` every page showing an image.
        #[arg(long, value_enum, default_value = "auto")]
        ocr: OcrArg,
        /// Refuse files larger than this many megabytes.
        #[arg(long, default_value_t = 512)]
        max_size_mb: u64,
        #[command(flatten)]
        cache: CacheArgs,
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
        #[command(flatten)]
        cache: CacheArgs,
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
        /// Canonical codes (`2.07.03.2.01.0001`); printed short forms are accepted too.
        #[arg(required = true)]
        codes: Vec<String>,
        /// The database written by `renja batch`.
        #[arg(long, default_value = "renja.sqlite")]
        db: PathBuf,
        /// Write the comparison as CSV to this file as well.
        #[arg(long)]
        csv: Option<PathBuf>,
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

/// Where OCR results are kept, shared by extract, check and batch.
#[derive(clap::Args)]
struct CacheArgs {
    /// Keep each scanned page's OCR here and reuse it [default: $RENJA_CACHE_DIR,
    /// $XDG_CACHE_HOME/renja/ocr or ~/.cache/renja/ocr].
    #[arg(long, value_name = "DIR")]
    cache_dir: Option<PathBuf>,
    /// OCR every scanned page afresh, without reading or writing the cache.
    #[arg(long, conflicts_with = "cache_dir")]
    no_cache: bool,
}

/// `--ocr` values.
#[derive(Clone, Copy, ValueEnum)]
enum OcrArg {
    Auto,
    Off,
    Force,
}

fn extract_opts(max_size_mb: u64, ocr: OcrArg, cache: CacheArgs) -> ExtractOptions {
    let dir = match cache.no_cache {
        true => None,
        false => cache
            .cache_dir
            .or_else(renja::ingest::ocr::cache::OcrCache::default_dir),
    };
    let mut opts = ExtractOptions {
        ocr_cache: dir.map(|d| std::sync::Arc::new(renja::ingest::ocr::cache::OcrCache::new(d))),
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

fn cmd_batch(
    paths: &[PathBuf],
    db: &Path,
    retry_failed: bool,
    extract: ExtractOptions,
) -> ExitCode {
    let inputs = batch::collect_inputs(paths);
    if inputs.is_empty() {
        eprintln!("renja: no .pdf or .txt files found under the given paths");
        return ExitCode::from(2);
    }
    let store = match Store::open(db) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("renja: {e}");
            return ExitCode::from(2);
        }
    };
    let opts = BatchOptions {
        extract,
        retry_failed,
    };
    let total = inputs.len();
    let seen = std::sync::atomic::AtomicUsize::new(0);
    let result = batch::run(&inputs, store, &opts, |p, o| {
        let k = seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        match o {
            Outcome::Stored {
                pages,
                tables,
                warnings,
                findings,
            } => {
                let w = if *warnings > 0 {
                    format!(", {warnings} page warnings")
                } else {
                    String::new()
                };
                let f = match findings {
                    Some(n) => format!(", {n} findings"),
                    None => ", checks failed (tables stored)".to_string(),
                };
                println!(
                    "[{k}/{total}] stored  {}: {pages} pages, {tables} tables{f}{w}",
                    p.display()
                )
            }
            Outcome::Skipped(false) => println!(
                "[{k}/{total}] skipped {} (already in the database)",
                p.display()
            ),
            Outcome::Skipped(true) => println!(
                "[{k}/{total}] skipped {} (failed before; --retry-failed tries again)",
                p.display()
            ),
            Outcome::Failed(e) => eprintln!("[{k}/{total}] FAILED  {e}"),
        }
    });
    match result {
        Ok((s, store)) => {
            let (ok, err) = store.counts().unwrap_or((0, 0));
            println!(
                "this run: {} stored ({} pages), {} skipped, {} failed; database {}: {ok} documents, {err} failed",
                s.stored,
                s.pages,
                s.skipped,
                s.failed,
                db.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("renja: {}: {e}", db.display());
            ExitCode::from(2)
        }
    }
}

fn cmd_compare(codes: &[String], db: &Path, csv_out: Option<&Path>) -> ExitCode {
    if !db.exists() {
        eprintln!(
            "renja: {}: no such database; create it with `renja batch`",
            db.display()
        );
        return ExitCode::from(2);
    }
    let store = match Store::open(db) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("renja: {e}");
            return ExitCode::from(2);
        }
    };
    let canonical: Vec<String> = codes
        .iter()
        .map(|c| {
            let parsed = renja::normalize::code::parse_code(&[c.as_str()], None);
            parsed
                .candidates
                .into_iter()
                .next()
                .unwrap_or_else(|| c.clone())
        })
        .collect();
    let items = match store.compare(&canonical) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("renja: {}: {e}", db.display());
            return ExitCode::from(2);
        }
    };
    if items.is_empty() {
        println!("no stored item has code {}", canonical.join(", "));
        return ExitCode::from(1);
    }
    let rupiah = |sen: i64| {
        renja::checks::format_rupiah(sen, renja::normalize::number::NumberStyle::Indonesian)
    };
    let mut current = String::new();
    for it in &items {
        if it.code != current {
            current = it.code.clone();
            println!("\n{}", it.code);
        }
        let money: Vec<String> = it
            .money
            .iter()
            .map(|(k, (_, sen))| format!("{}={}", renja::checks::column_label(k), rupiah(*sen)))
            .collect();
        println!(
            "  {:<22} {:>4}  {:<28} {:<12} hlm {:>3}  {}  {}",
            it.pemda.as_deref().unwrap_or("?"),
            it.year.map(|y| y.to_string()).unwrap_or_else(|| "?".into()),
            it.document,
            it.table_kind,
            if it.page > 0 {
                it.page.to_string()
            } else {
                "-".into()
            },
            it.name,
            money.join("  ")
        );
    }
    if let Some(path) = csv_out {
        let write = || -> Result<(), Box<dyn std::error::Error>> {
            let mut w = csv::Writer::from_path(path)?;
            w.write_record([
                "code",
                "pemda",
                "year",
                "document",
                "table_kind",
                "page",
                "name",
                "column",
                "printed",
                "rupiah",
            ])?;
            for it in &items {
                for (k, (raw, sen)) in &it.money {
                    w.write_record([
                        it.code.as_str(),
                        it.pemda.as_deref().unwrap_or(""),
                        &it.year.map(|y| y.to_string()).unwrap_or_default(),
                        &it.document,
                        &it.table_kind,
                        &it.page.to_string(),
                        &it.name,
                        k,
                        raw,
                        &(sen / 100).to_string(),
                    ])?;
                }
            }
            w.flush()?;
            Ok(())
        };
        if let Err(e) = write() {
            eprintln!("renja: {}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
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
            cache,
        } => cmd_extract(
            &files,
            &out,
            format,
            cells,
            &extract_opts(max_size_mb, ocr, cache),
        ),
        Command::Batch {
            paths,
            db,
            retry_failed,
            ocr,
            max_size_mb,
            cache,
        } => cmd_batch(
            &paths,
            &db,
            retry_failed,
            extract_opts(max_size_mb, ocr, cache),
        ),
        Command::Score { gt_dir, pred_dir } => cmd_score(&gt_dir, &pred_dir),
        Command::Compare { codes, db, csv } => cmd_compare(&codes, &db, csv.as_deref()),
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
            cache,
            report,
            since,
            xlsx,
        } => {
            let opts = CheckOptions {
                out,
                report,
                since,
                xlsx,
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
            let xopts = extract_opts(max_size_mb, ocr, cache);
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
