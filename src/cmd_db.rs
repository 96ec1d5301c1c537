//! The database commands of the command line: `renja batch` (with its progress display and
//! end-of-run summary) and `renja compare` (a table per code across documents).

use crate::compare_out::{GCell, Grid};
use comfy_table::{Attribute, Cell as TCell, CellAlignment};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use renja::batch::{self, BatchOptions, Outcome, Skip};
use renja::store::compare::{self, Comparison, Flag, RegionYear};
use renja::store::{Backend, CompareQuery, Db};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// Exit status of a batch in which some file failed (the others are stored).
pub const EXIT_SOME_FAILED: u8 = 3;

/// How a batch talks while it works.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// Only the end-of-run summary (and failures).
    Quiet,
    /// A progress bar on a terminal, a line per file otherwise.
    Normal,
}

/// Progress of a batch: an indicatif bar on a terminal, plain lines when stderr is redirected.
struct Progress {
    bar: Option<ProgressBar>,
    quiet: bool,
    total: usize,
    done: AtomicUsize,
    pages: AtomicU64,
    start: Instant,
    working: Mutex<Vec<String>>,
}

impl Progress {
    fn new(total: usize, verbosity: Verbosity) -> Progress {
        let quiet = verbosity == Verbosity::Quiet;
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let b = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            b.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} documents, {prefix} (ETA {eta}) {wide_msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            b.enable_steady_tick(std::time::Duration::from_millis(200));
            b
        });
        Progress {
            bar,
            quiet,
            total,
            done: AtomicUsize::new(0),
            pages: AtomicU64::new(0),
            start: Instant::now(),
            working: Mutex::new(Vec::new()),
        }
    }

    fn rate(&self) -> String {
        let pages = self.pages.load(Ordering::Relaxed);
        let secs = self.start.elapsed().as_secs_f64().max(1e-3);
        format!("{pages} pages, {:.1} pages/s", pages as f64 / secs)
    }

    fn line(&self, s: String, error: bool) {
        if self.quiet && !error {
            return;
        }
        match &self.bar {
            Some(b) => b.println(s),
            None if error => eprintln!("{s}"),
            None => println!("{s}"),
        }
    }

    fn event(&self, p: &Path, o: &Outcome) {
        let name = p.display().to_string();
        if let Outcome::Started = o {
            if let Ok(mut w) = self.working.lock() {
                w.push(name);
                if let Some(b) = &self.bar {
                    b.set_message(w.join(", "));
                }
            }
            return;
        }
        if let Ok(mut w) = self.working.lock() {
            w.retain(|x| *x != name);
            if let Some(b) = &self.bar {
                b.set_message(w.join(", "));
            }
        }
        if let Outcome::Stored { pages, .. } = o {
            self.pages.fetch_add(*pages as u64, Ordering::Relaxed);
        }
        let k = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(b) = &self.bar {
            b.set_position(k as u64);
            b.set_prefix(self.rate());
        }
        let total = self.total;
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
                // On a terminal the bar says the rate; a log gets it on every line.
                let rate = if self.bar.is_none() {
                    format!(" [{}]", self.rate())
                } else {
                    String::new()
                };
                self.line(
                    format!(
                        "[{k}/{total}] stored  {name}: {pages} pages, {tables} tables{f}{w}{rate}"
                    ),
                    false,
                )
            }
            Outcome::Skipped(s) => self.line(
                format!(
                    "[{k}/{total}] skipped {name} ({})",
                    match s {
                        Skip::Done => "already in the database",
                        Skip::Failed => "failed before; --retry-failed tries again",
                        Skip::Older =>
                            "stored by an older renja or rules; --reprocess-older redoes it",
                    }
                ),
                false,
            ),
            Outcome::Failed(e) => self.line(format!("[{k}/{total}] FAILED  {e}"), true),
            Outcome::Started => {}
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// `renja batch`.
pub fn cmd_batch(
    paths: &[PathBuf],
    db: &Path,
    lease: std::time::Duration,
    opts: BatchOptions,
    verbosity: Verbosity,
) -> ExitCode {
    let inputs = batch::collect_inputs(paths);
    if inputs.is_empty() {
        eprintln!("renja: no .pdf, .txt or .tsv files found under the given paths");
        return ExitCode::from(2);
    }
    let store = match Db::open(&db.to_string_lossy(), lease) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("renja: {e}");
            return ExitCode::from(2);
        }
    };
    let name = store.name();
    let progress = Progress::new(inputs.len(), verbosity);
    let started = Instant::now();
    let result = batch::run(&inputs, store, &opts, |p, o| progress.event(p, o));
    progress.finish();
    match result {
        Ok((s, mut store)) => {
            let (ok, err) = store.counts().unwrap_or((0, 0));
            println!(
                "this run: {} stored ({} pages), {} skipped, {} failed in {:.1} s; database {}: {ok} documents, {err} failed",
                s.stored,
                s.pages,
                s.skipped,
                s.failed,
                started.elapsed().as_secs_f64(),
                store.name()
            );
            if s.failures.is_empty() {
                return ExitCode::SUCCESS;
            }
            eprintln!("failed files ({}):", s.failures.len());
            for (p, e) in &s.failures {
                let p = p.display().to_string();
                // Most reasons already start with the path; say it once.
                let reason = e.strip_prefix(&format!("{p}: ")).unwrap_or(e);
                eprintln!("  {p}: {reason}");
            }
            ExitCode::from(EXIT_SOME_FAILED)
        }
        Err(e) => {
            eprintln!("renja: {}: {e}", name);
            ExitCode::from(2)
        }
    }
}

/// Output format of `renja compare`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum CompareFormat {
    /// Aligned table (one row per code, a column group per document).
    Table,
    /// CSV with the same columns.
    Csv,
    /// JSON: documents, rows, flags.
    Json,
    /// Excel workbook (needs `--out FILE.xlsx`): numbers as numbers, frozen header, autofilter.
    Xlsx,
    /// One self-contained HTML page (no network).
    Html,
}

/// Layouts of `renja compare --by`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum PivotBy {
    /// Rows = pemda and OPD, columns = years (the same as `--pivot`).
    RegionYear,
}

fn rupiah(sen: i64) -> String {
    renja::checks::format_rupiah(sen, renja::normalize::number::NumberStyle::Indonesian)
}

fn flag_text(f: &Flag, c: &Comparison, with_opd: bool) -> String {
    match f {
        Flag::UnitCost { doc, ratio_x100 } => {
            let r = ratio_x100.abs();
            format!(
                "unit cost {}{}.{:02}x the median: {}",
                if *ratio_x100 < 0 { "1/" } else { "" },
                r / 100,
                r % 100,
                c.documents[*doc].label(with_opd)
            )
        }
        Flag::UnitDiffers { units } => format!("target unit differs: {}", units.join(" / ")),
        Flag::Finding { doc } => format!("finding: {}", c.documents[*doc].label(with_opd)),
        Flag::PenunjangMissing { doc } => format!(
            "mandatory penunjang sub kegiatan missing: {}",
            c.documents[*doc].label(with_opd)
        ),
        Flag::ForecastDiffers { .. } => forecast_text(f),
    }
}

fn forecast_text(f: &Flag) -> String {
    match f {
        Flag::ForecastDiffers {
            year,
            plan_sen,
            forecast_sen,
            change_x10000,
        } => format!(
            "{year}: plan {} vs prakiraan maju {} written in {} ({}{}.{:02}%)",
            rupiah(*plan_sen),
            rupiah(*forecast_sen),
            year - 1,
            if *change_x10000 >= 0 { "+" } else { "-" },
            change_x10000.abs() / 100,
            change_x10000.abs() % 100
        ),
        _ => String::new(),
    }
}

/// The code comparison as a grid (the CSV's columns) for the workbook and the HTML page.
fn code_grid(c: &Comparison, with_opd: bool) -> Grid {
    let mut head = vec!["code".to_string(), "name".into(), "level".into()];
    for d in &c.documents {
        let l = d.label(with_opd);
        head.push(format!("{l}\npagu (Rp)"));
        head.push(format!("{l}\ntarget"));
        head.push(format!("{l}\nunit"));
    }
    head.push("flags".into());
    let rows = c
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![
                GCell::Text(r.code.clone()),
                GCell::Text(r.name.clone()),
                GCell::Text(r.level.clone()),
            ];
            for cell in &r.cells {
                match cell {
                    Some(x) => row.extend([
                        GCell::Money {
                            sen: x.pagu_sen,
                            finding: x.finding,
                        },
                        GCell::Text(x.target.clone().unwrap_or_default()),
                        GCell::Text(x.unit.clone().unwrap_or_default()),
                    ]),
                    None => row.extend([GCell::Empty, GCell::Empty, GCell::Empty]),
                }
            }
            row.push(GCell::Text(
                r.flags
                    .iter()
                    .map(|f| flag_text(f, c, with_opd))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ));
            row
        })
        .collect();
    Grid {
        title: "renja compare: pagu per document (canonical copies only)".into(),
        head,
        rows,
        footer: format!(
            "{} codes across {} documents (* = a finding touches the amount)",
            c.rows.len(),
            c.documents.len()
        ),
    }
}

/// The region x year pivot as a grid: pemda, OPD, then per year the pagu (and the target and
/// unit with `--with-target`, the prakiraan maju written a year earlier where one was stored).
fn pivot_grid(p: &RegionYear, with_target: bool) -> Grid {
    let with_forecast: Vec<bool> = (0..p.years.len())
        .map(|i| {
            p.rows.iter().any(|r| {
                r.cells[i]
                    .as_ref()
                    .is_some_and(|c| c.forecast_sen.is_some())
            })
        })
        .collect();
    let mut head = vec!["pemda".to_string(), "OPD".into()];
    for (i, y) in p.years.iter().enumerate() {
        head.push(format!("{y}\npagu (Rp)"));
        if with_forecast[i] {
            head.push(format!("{y}\nprakiraan maju\n(Renja {})", y - 1));
        }
        if with_target {
            head.push(format!("{y}\ntarget"));
            head.push(format!("{y}\nunit"));
        }
    }
    head.push("flags".into());
    let rows = p
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![
                GCell::Text(r.pemda.clone().unwrap_or_default()),
                GCell::Text(r.opd.clone().unwrap_or_default()),
            ];
            for (i, cell) in r.cells.iter().enumerate() {
                row.push(match cell {
                    Some(c) => GCell::Money {
                        sen: c.pagu_sen,
                        finding: c.finding,
                    },
                    None => GCell::Empty,
                });
                if with_forecast[i] {
                    row.push(match cell.as_ref().and_then(|c| c.forecast_sen) {
                        Some(sen) => GCell::Money {
                            sen,
                            finding: false,
                        },
                        None => GCell::Empty,
                    });
                }
                if with_target {
                    let c = cell.as_ref();
                    row.push(GCell::Text(
                        c.and_then(|c| c.target.clone()).unwrap_or_default(),
                    ));
                    row.push(GCell::Text(
                        c.and_then(|c| c.unit.clone()).unwrap_or_default(),
                    ));
                }
            }
            row.push(GCell::Text(
                r.flags
                    .iter()
                    .map(forecast_text)
                    .collect::<Vec<_>>()
                    .join("\n"),
            ));
            row
        })
        .collect();
    let mut footer = format!(
        "{} pemda/OPD across {} years; cells: {}; * = a finding touches the amount",
        p.rows.len(),
        p.years.len(),
        p.measure
    );
    if !p.without_year.is_empty() {
        footer.push_str(&format!(
            "; left out (year unknown): {}",
            p.without_year.join(", ")
        ));
    }
    Grid {
        title: format!("{} {} ({})", p.code, p.name, p.level),
        head,
        rows,
        footer,
    }
}

/// Writes a grid in a format: to stdout, or to `out` (required for a workbook).
fn write_grid(g: &Grid, format: CompareFormat, out: Option<&Path>) -> ExitCode {
    let text = match format {
        CompareFormat::Xlsx => {
            let Some(path) = out else {
                eprintln!("renja: --format xlsx writes a file: add --out FILE.xlsx");
                return ExitCode::from(2);
            };
            return match g.xlsx(path) {
                Ok(()) => {
                    eprintln!("wrote {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("renja: {e}");
                    ExitCode::from(2)
                }
            };
        }
        CompareFormat::Html => Ok(g.html()),
        CompareFormat::Csv => g.csv(),
        CompareFormat::Table => Ok(g.table()),
        CompareFormat::Json => Err("JSON is written from the comparison itself".to_string()),
    };
    match text {
        Ok(s) => emit_to(&s, out),
        Err(e) => {
            eprintln!("renja: {e}");
            ExitCode::from(2)
        }
    }
}

/// To stdout, or to a file when `--out` names one.
fn emit_to(s: &str, out: Option<&Path>) -> ExitCode {
    match out {
        None => emit(s),
        Some(p) => match std::fs::write(p, s) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("renja: {}: cannot write: {e}", p.display());
                ExitCode::from(2)
            }
        },
    }
}

fn render(c: &Comparison, format: CompareFormat) -> Result<String, String> {
    // The OPD goes into the column label when one pemda and year has several documents.
    let mut seen = std::collections::BTreeSet::new();
    let with_opd = c
        .documents
        .iter()
        .any(|d| !seen.insert((d.pemda.clone(), d.year)));
    match format {
        CompareFormat::Json => serde_json::to_string_pretty(c)
            .map(|s| s + "\n")
            .map_err(|e| e.to_string()),
        CompareFormat::Xlsx | CompareFormat::Html => {
            Err("a workbook or page is written from the grid".to_string())
        }
        CompareFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let mut head = vec!["code".to_string(), "level".into(), "name".into()];
            for d in &c.documents {
                let l = d.label(with_opd);
                head.push(format!("{l} pagu_rupiah"));
                head.push(format!("{l} target"));
                head.push(format!("{l} unit"));
            }
            head.push("flags".into());
            w.write_record(&head).map_err(|e| e.to_string())?;
            for r in &c.rows {
                let mut rec = vec![r.code.clone(), r.level.clone(), r.name.clone()];
                for cell in &r.cells {
                    match cell {
                        Some(x) => {
                            // Whole rupiah; a sen remainder is kept as a decimal part.
                            rec.push(if x.pagu_sen % 100 == 0 {
                                (x.pagu_sen / 100).to_string()
                            } else {
                                format!("{}.{:02}", x.pagu_sen / 100, (x.pagu_sen % 100).abs())
                            });
                            rec.push(x.target.clone().unwrap_or_default());
                            rec.push(x.unit.clone().unwrap_or_default());
                        }
                        None => rec.extend([String::new(), String::new(), String::new()]),
                    }
                }
                rec.push(
                    r.flags
                        .iter()
                        .map(|f| flag_text(f, c, with_opd))
                        .collect::<Vec<_>>()
                        .join("; "),
                );
                w.write_record(&rec).map_err(|e| e.to_string())?;
            }
            let bytes = w.into_inner().map_err(|e| e.to_string())?;
            String::from_utf8(bytes).map_err(|e| e.to_string())
        }
        CompareFormat::Table => {
            let mut t = crate::compare_out::terminal_table();
            let mut head = vec![
                TCell::new("Kode").add_attribute(Attribute::Bold),
                TCell::new("Nama"),
            ];
            for d in &c.documents {
                head.push(TCell::new(format!("{}\npagu (Rp)", d.label(with_opd))));
                head.push(TCell::new("target"));
            }
            head.push(TCell::new("flags"));
            t.set_header(head);
            for r in &c.rows {
                let mut row = vec![TCell::new(&r.code), TCell::new(&r.name)];
                for cell in &r.cells {
                    match cell {
                        Some(x) => {
                            let mark = if x.finding { " *" } else { "" };
                            row.push(
                                TCell::new(format!("{}{mark}", rupiah(x.pagu_sen)))
                                    .set_alignment(CellAlignment::Right),
                            );
                            row.push(TCell::new(match (&x.target, &x.unit) {
                                (Some(t), Some(u)) if !t.to_lowercase().contains(u.as_str()) => {
                                    format!("{t} {u}")
                                }
                                (Some(t), _) => t.clone(),
                                (None, Some(u)) => u.clone(),
                                (None, None) => String::new(),
                            }));
                        }
                        None => {
                            row.push(TCell::new("-").set_alignment(CellAlignment::Right));
                            row.push(TCell::new(""));
                        }
                    }
                }
                row.push(TCell::new(
                    r.flags
                        .iter()
                        .map(|f| flag_text(f, c, with_opd))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ));
                t.add_row(row);
            }
            Ok(format!(
                "{t}\n{} codes across {} documents (canonical copies only; * = a finding touches the amount)\n",
                c.rows.len(),
                c.documents.len()
            ))
        }
    }
}

/// Writes to stdout; a closed pipe (`| head`) ends quietly.
fn emit(s: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("renja: cannot write the comparison: {e}");
            ExitCode::from(2)
        }
    }
}

/// What `renja compare` was asked besides the filters.
pub struct CompareOutput {
    /// Output format.
    pub format: CompareFormat,
    /// A file instead of stdout (required for xlsx).
    pub out: Option<PathBuf>,
    /// The region x year pivot of one code.
    pub pivot: bool,
    /// Target and unit columns in the pivot.
    pub with_target: bool,
}

/// `renja compare`.
pub fn cmd_compare(
    codes: &[String],
    db: &Path,
    year: Option<i64>,
    pemda: Option<String>,
    kind: Option<String>,
    o: CompareOutput,
) -> ExitCode {
    let format = o.format;
    if matches!(format, CompareFormat::Xlsx) && o.out.is_none() {
        eprintln!("renja: --format xlsx writes a file: add --out FILE.xlsx");
        return ExitCode::from(2);
    }
    if o.pivot && codes.len() != 1 {
        eprintln!(
            "renja: --pivot shows one code across pemda and years: give exactly one \
             (`renja compare 2.07.03.2.01.0001 --pivot`)"
        );
        return ExitCode::from(2);
    }
    let mut store = match Db::open_read_only(&db.to_string_lossy()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("renja: {e}");
            return ExitCode::from(2);
        }
    };
    // A full code is canonicalised (`2.07.03.2.01.01` -> `...0001`); a prefix stays as typed.
    let canonical: Vec<String> = codes
        .iter()
        .map(|c| {
            let parsed = renja::normalize::code::parse_code(&[c.as_str()], None);
            parsed
                .candidates
                .into_iter()
                .next()
                .unwrap_or_else(|| c.trim().trim_end_matches('.').to_string())
        })
        .collect();
    // The pivot is of the plan across years: every year is read, the columns are then kept.
    let kind = kind.or_else(|| o.pivot.then(|| "plan".to_string()));
    let q = CompareQuery {
        codes: canonical.clone(),
        year: if o.pivot { None } else { year },
        pemda,
        kind: kind.map(|k| {
            if k == "review" {
                "review_rkpd".into()
            } else {
                k
            }
        }),
    };
    let items = match store.compare(&q) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("renja: {}: {e}", store.name());
            return ExitCode::from(2);
        }
    };
    if items.is_empty() {
        eprintln!(
            "renja: no stored item matches {}",
            if canonical.is_empty() {
                "the filters".to_string()
            } else {
                canonical.join(", ")
            }
        );
        return ExitCode::from(1);
    }
    if o.pivot {
        let forecasts = match store.forecasts(&q) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("renja: {}: {e}", store.name());
                return ExitCode::from(2);
            }
        };
        let p = match compare::region_year(&items, &forecasts, year) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("renja: {e}");
                return ExitCode::from(2);
            }
        };
        if let CompareFormat::Json = format {
            return match serde_json::to_string_pretty(&p) {
                Ok(s) => emit_to(&(s + "\n"), o.out.as_deref()),
                Err(e) => {
                    eprintln!("renja: {e}");
                    ExitCode::from(2)
                }
            };
        }
        return write_grid(&pivot_grid(&p, o.with_target), format, o.out.as_deref());
    }
    let mut c = compare::pivot(&items);
    let ids: Vec<i64> = c.documents.iter().map(|d| d.document_id).collect();
    match store.document_codes(&ids) {
        Ok(codes) => compare::flag_missing_penunjang(&mut c, &codes, |code| {
            canonical.is_empty()
                || canonical
                    .iter()
                    .any(|p| code == p || code.starts_with(&format!("{p}.")))
        }),
        Err(e) => {
            eprintln!("renja: {}: {e}", store.name());
            return ExitCode::from(2);
        }
    }
    if matches!(format, CompareFormat::Xlsx | CompareFormat::Html) {
        let mut seen = std::collections::BTreeSet::new();
        let with_opd = c
            .documents
            .iter()
            .any(|d| !seen.insert((d.pemda.clone(), d.year)));
        return write_grid(&code_grid(&c, with_opd), format, o.out.as_deref());
    }
    match render(&c, format) {
        Ok(s) => emit_to(&s, o.out.as_deref()),
        Err(e) => {
            eprintln!("renja: {e}");
            ExitCode::from(2)
        }
    }
}
