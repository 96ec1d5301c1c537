//! Report: the `renja check` command — read each input, build the model, run the checks, print
//! a readable summary grouped per document and table, and write `findings.json` and
//! `findings.csv`.

pub mod debug;
pub mod html;
pub mod revision;
pub mod xlsx;

use crate::checks::{self, Finding, Severity};
use crate::extracted::Document;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Message language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Bahasa Indonesia.
    Id,
    /// English.
    En,
}

/// When the command exits non-zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// Any error finding.
    Error,
    /// Any warning or error finding.
    Warning,
    /// Never (only unreadable input fails).
    Never,
}

/// Options of `renja check`.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Directory for findings.json / findings.csv.
    pub out: PathBuf,
    /// Directory for the HTML reports (`--report`), when asked for.
    pub report: Option<PathBuf>,
    /// An earlier submission (its PDF / text export, or its findings.json) to compare with.
    pub since: Option<PathBuf>,
    /// The Excel workbook (`--xlsx`): a `.xlsx` file for one document, else a folder that gets
    /// one workbook per document.
    pub xlsx: Option<PathBuf>,
    /// Message language.
    pub lang: Lang,
    /// Exit policy.
    pub fail_on: FailOn,
    /// Whether `--out` was given; when not, the summary says where the files went.
    pub out_given: bool,
    /// How much goes to the terminal (`--quiet`, `--verbose`, `--json`).
    pub output: Output,
}

/// How much a command prints besides its files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Output {
    /// The readable summary.
    #[default]
    Normal,
    /// Errors only (`--quiet`).
    Quiet,
    /// The summary plus each document's reading warnings and time (`--verbose`).
    Verbose,
    /// One JSON object per finished document on stdout, then one summary object (`--json`).
    Json,
}

/// Reads a PDF into an extracted document (ingest + layout), supplied by the binary.
pub type PdfReader<'a> = &'a (dyn Fn(&Path) -> Result<Document, String> + Sync);

/// Reads one input into an extracted document through `reader` (the binary passes the
/// pipeline, which reads PDFs and text exports alike); without one, as a text export.
pub fn load(path: &Path, reader: Option<PdfReader>) -> Result<Document, String> {
    match reader {
        Some(f) => f(path),
        None => crate::ingest::textexport::read_text_export(path).map_err(|e| e.to_string()),
    }
}

/// The result of checking one document.
#[derive(Debug, Clone)]
pub struct Checked {
    /// Input file name.
    pub document: String,
    /// What the document is (pemda, OPD, year, kind), when it could be read.
    pub meta: Option<crate::model::Meta>,
    /// Findings, in table and row order.
    pub findings: Vec<Finding>,
    /// Which tables were checked, and why the others were not.
    pub coverage: Vec<checks::coverage::TableCoverage>,
    /// The document as read (tables, items, amounts), for the workbook; `None` after an
    /// internal failure.
    pub model: Option<crate::model::DocModel>,
}

impl Checked {
    /// Nothing in the document was checked (no table read, or none checkable): not a clean
    /// result. A document whose checking stopped on an internal error is not counted here
    /// (its RJ000 error already fails).
    pub fn nothing_checked(&self) -> bool {
        self.meta.is_some() && checks::coverage::nothing_checked(&self.coverage)
    }
}

/// Model + checks for one extracted document. Never panics on bad content: an internal
/// failure becomes an RJ000 finding naming the document, so nothing is dropped silently.
pub fn check(doc: &Document) -> Checked {
    let d = doc.clone();
    let r = std::panic::catch_unwind(move || {
        let mut m = crate::model::build(&d);
        let mut f = checks::run(&mut m);
        checks::evidence::attach(&mut f, &d, &m);
        let cov = checks::coverage::coverage(&m);
        (m, f, cov)
    });
    match r {
        Ok((m, findings, coverage)) => Checked {
            document: doc.name.clone(),
            meta: Some(m.meta.clone()),
            findings,
            coverage,
            model: Some(m),
        },
        Err(e) => {
            let detail = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panic".into());
            Checked {
                document: doc.name.clone(),
                meta: None,
                findings: vec![checks::internal_error(&doc.name, &detail)],
                coverage: Vec::new(),
                model: None,
            }
        }
    }
}

/// The findings of [`check`].
pub fn check_document(doc: &Document) -> Vec<Finding> {
    check(doc).findings
}

fn meta_line(m: &crate::model::Meta) -> String {
    let kind = match m.kind {
        Some(crate::model::DocKind::PerubahanRenja) => "Perubahan Renja",
        Some(crate::model::DocKind::Evaluation) => "Evaluasi Renja",
        Some(crate::model::DocKind::Iku) => "IKU",
        Some(crate::model::DocKind::Renja) => "Renja",
        _ => "dokumen",
    };
    let mut parts = vec![match m.year {
        Some(y) => format!("{kind} {y}"),
        None => kind.to_string(),
    }];
    if let Some(o) = &m.opd {
        parts.push(o.clone());
    }
    if let Some(p) = &m.pemda {
        parts.push(p.clone());
    }
    parts.join(", ")
}

/// One finding as written to JSON / CSV (message in the chosen language).
#[derive(Debug, Serialize)]
struct Row<'a> {
    id: &'a str,
    check: &'a str,
    severity: Severity,
    document: &'a str,
    page: u32,
    table: &'a str,
    row: Option<usize>,
    code: Option<&'a str>,
    name: Option<&'a str>,
    column: Option<&'a str>,
    expected: Option<&'a str>,
    found: Option<&'a str>,
    difference: Option<&'a str>,
    message: &'a str,
    /// Page of the finding's cell (the table's page when the cell is not known).
    cell_page: Option<u32>,
    /// The page number printed on the finding's page (`12`, `iv`), when it shows one (after
    /// the older columns, so a reader of the CSV by position keeps working).
    printed_page: Option<&'a str>,
    /// `x0 y0 x1 y1` in PDF points, top-left origin (flat text so the CSV keeps one column).
    cell_bbox: Option<String>,
    /// The cell's text as printed.
    cell_text: Option<&'a str>,
    printed_code: Option<&'a str>,
    numbering: Option<&'a str>,
    /// The column's header as printed.
    header: Option<&'a str>,
    /// Amounts in sen (1/100 rupiah), exact integers.
    expected_sen: Option<i64>,
    found_sen: Option<i64>,
    difference_sen: Option<i64>,
    message_id: &'a str,
    message_en: &'a str,
    fingerprint: &'a str,
    /// Stable id of the finding within the run (`document#n`).
    uid: &'a str,
    /// The uid of the finding that explains this one, when another does.
    caused_by: Option<&'a str>,
    /// The uids this finding explains, space-separated (flat text so the CSV keeps one column).
    consequences: Option<String>,
}

fn row<'a>(f: &'a Finding, lang: Lang) -> Row<'a> {
    Row {
        id: &f.id,
        check: &f.check,
        severity: f.severity,
        document: &f.document,
        page: f.page,
        table: &f.table,
        row: f.row.map(|r| r + 1),
        code: f.code.as_deref(),
        name: f.name.as_deref(),
        column: f.column.as_deref(),
        expected: f.values(lang == Lang::En)[0],
        found: f.values(lang == Lang::En)[1],
        difference: f.values(lang == Lang::En)[2],
        message: match lang {
            Lang::Id => &f.message_id,
            Lang::En => &f.message_en,
        },
        cell_page: f.evidence.cell.as_ref().map(|c| c.page),
        printed_page: f.evidence.printed_page.as_deref(),
        cell_bbox: f
            .evidence
            .cell
            .as_ref()
            .and_then(|c| c.bbox)
            .map(|b| format!("{:.1} {:.1} {:.1} {:.1}", b[0], b[1], b[2], b[3])),
        cell_text: f.evidence.cell.as_ref().map(|c| c.text.as_str()),
        printed_code: f.evidence.printed_code.as_deref(),
        numbering: f.evidence.numbering.as_deref(),
        header: f.evidence.header.as_deref(),
        expected_sen: f.evidence.expected_sen,
        found_sen: f.evidence.found_sen,
        difference_sen: f.evidence.difference_sen,
        message_id: &f.message_id,
        message_en: &f.message_en,
        fingerprint: &f.evidence.fingerprint,
        uid: &f.uid,
        caused_by: f.caused_by.as_deref(),
        consequences: (!f.consequences.is_empty()).then(|| f.consequences.join(" ")),
    }
}

/// The document's details as (label key, value) pairs, the ones the header of the HTML report
/// and the workbook's document sheet show, in that order.
pub(crate) fn meta_fields(m: &crate::model::Meta) -> Vec<(&'static str, String)> {
    let kind = m
        .kind
        .and_then(|k| serde_json::to_value(k).ok())
        .and_then(|v| v.as_str().map(str::to_string));
    [
        ("pemda", m.pemda.clone()),
        ("opd", m.opd.clone()),
        ("year", m.year.map(|y| y.to_string())),
        ("kind", kind),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .collect()
}

fn sev_label(s: Severity, lang: Lang) -> &'static str {
    match (s, lang) {
        (Severity::Error, Lang::Id) => "GALAT",
        (Severity::Warning, Lang::Id) => "PERINGATAN",
        (Severity::Info, Lang::Id) => "INFO",
        (Severity::Error, Lang::En) => "ERROR",
        (Severity::Warning, Lang::En) => "WARNING",
        (Severity::Info, Lang::En) => "INFO",
    }
}

/// Writes the readable summary, grouped per document and table (documents without findings
/// are listed too, so a clean document is visibly checked).
pub fn write_summary(w: &mut dyn Write, docs: &[Checked], lang: Lang) -> std::io::Result<()> {
    for d in docs {
        let head = match &d.meta {
            Some(m) => format!("== {} ({})", d.document, meta_line(m)),
            None => format!("== {}", d.document),
        };
        writeln!(
            w,
            "\n{}",
            crate::cli::style::paint(crate::cli::style::HEADING, &head)
        )?;
        if d.meta.is_some() {
            write_coverage(w, &d.coverage, lang)?;
        }
        if d.findings.is_empty() {
            match lang {
                Lang::Id => writeln!(w, "    tidak ada temuan")?,
                Lang::En => writeln!(w, "    no findings")?,
            }
        }
        let by_uid: std::collections::HashMap<&str, &Finding> =
            d.findings.iter().map(|f| (f.uid.as_str(), f)).collect();
        let mut last_table: Option<usize> = None;
        // A consequence is printed under the finding that explains it, not in its own place.
        for f in d.findings.iter().filter(|f| f.caused_by.is_none()) {
            if Some(f.table_index) != last_table {
                if !f.table.is_empty() {
                    writeln!(w, "  -- {}", f.table)?;
                } else {
                    // Findings about the running text or unreadable pages come last; a heading
                    // keeps them from reading as part of the table listed before them.
                    match lang {
                        Lang::Id => writeln!(w, "  -- Uraian dan bagian lain dokumen")?,
                        Lang::En => {
                            writeln!(w, "  -- Running text and other parts of the document")?
                        }
                    }
                }
                last_table = Some(f.table_index);
            }
            write_finding_line(w, f, "    ", lang)?;
            for q in f.consequences.iter().filter_map(|u| by_uid.get(u.as_str())) {
                write_finding_line(w, q, "      -> ", lang)?;
            }
        }
    }
    let all: Vec<&Finding> = docs.iter().flat_map(|d| d.findings.iter()).collect();
    // Causes are counted once: a consequence is part of the finding that explains it.
    let count = |s: Severity| {
        all.iter()
            .filter(|f| f.severity == s && f.caused_by.is_none())
            .count()
    };
    let (e, wn, i) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    writeln!(w, "\n{}", counts_line(docs.len(), e, wn, i, lang))?;
    let grouped = all.iter().filter(|f| f.caused_by.is_some()).count();
    if grouped > 0 {
        writeln!(w, "{}", grouped_line(all.len(), grouped, lang))?;
    }
    let unchecked = docs.iter().filter(|d| d.nothing_checked()).count();
    if unchecked > 0 {
        match lang {
            Lang::Id => writeln!(
                w,
                "{unchecked} dokumen tidak diperiksa sama sekali (tidak ada tabel yang dapat diperiksa)"
            )?,
            Lang::En => writeln!(
                w,
                "{unchecked} {} not checked at all (no table that could be checked)",
                plural(unchecked, "document", "documents")
            )?,
        }
    }
    Ok(())
}

/// One finding of the summary: id, severity, check, place and message, after `indent`.
fn write_finding_line(
    w: &mut dyn Write,
    f: &Finding,
    indent: &str,
    lang: Lang,
) -> std::io::Result<()> {
    let r = row(f, lang);
    let (page_w, row_w) = match lang {
        Lang::Id => ("hlm", "baris"),
        Lang::En => ("p.", "row"),
    };
    let at = match (f.page, r.row) {
        (0, Some(n)) => format!("{row_w} {n}"),
        (p, Some(n)) => format!("{page_w} {p}, {row_w} {n}"),
        (0, None) => String::new(),
        (p, None) => format!("{page_w} {p}"),
    };
    let sty = match f.severity {
        Severity::Error => crate::cli::style::ERROR,
        Severity::Warning => crate::cli::style::WARNING,
        Severity::Info => crate::cli::style::INFO,
    };
    writeln!(
        w,
        "{indent}{} {} [{}] {}{}",
        f.id,
        crate::cli::style::paint(sty, sev_label(f.severity, lang)),
        f.check,
        if at.is_empty() {
            String::new()
        } else {
            format!("({at}) ")
        },
        r.message
    )
}

/// `5 temuan (3 akibat dari temuan lain)`: why the counts above are fewer than the findings.
fn grouped_line(all: usize, grouped: usize, lang: Lang) -> String {
    match lang {
        Lang::Id => format!(
            "{all} temuan ({grouped} akibat dari temuan lain, dihitung sekali bersama penyebabnya)"
        ),
        Lang::En => format!(
            "{all} {} ({grouped} {} of another finding, counted once with their cause)",
            plural(all, "finding", "findings"),
            plural(grouped, "consequence", "consequences")
        ),
    }
}

/// `3 documents: 1 error, 2 warnings, 0 info` (Indonesian nouns take no plural form).
fn counts_line(docs: usize, e: usize, wn: usize, i: usize, lang: Lang) -> String {
    match lang {
        Lang::Id => format!("{docs} dokumen: {e} galat, {wn} peringatan, {i} info"),
        Lang::En => {
            let pl = |n: usize, one: &str, many: &str| {
                format!("{n} {}", if n == 1 { one } else { many })
            };
            format!(
                "{}: {}, {}, {i} info",
                pl(docs, "document", "documents"),
                pl(e, "error", "errors"),
                pl(wn, "warning", "warnings")
            )
        }
    }
}

/// The `--json` event line of one checked document.
fn document_event(path: &Path, c: &Checked) -> serde_json::Value {
    let count = |s: Severity| c.findings.iter().filter(|f| f.severity == s).count();
    serde_json::json!({
        "event": "document",
        "file": path.display().to_string(),
        "document": c.document,
        "status": "ok",
        "meta": c.meta,
        "errors": count(Severity::Error),
        "warnings": count(Severity::Warning),
        "info": count(Severity::Info),
    })
}

/// The `--json` event line of an input that could not be read.
fn unreadable_event(path: &Path, error: &str) -> serde_json::Value {
    serde_json::json!({
        "event": "document",
        "file": path.display().to_string(),
        "status": "unreadable",
        "error": error,
    })
}

/// Prints one JSON event line whole (lines of parallel workers never interleave).
fn print_event(v: &serde_json::Value) {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _g = LOCK.lock();
    crate::cli::print_line(&v.to_string());
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// The per-document coverage lines: how many tables were checked, and each table that was not
/// with its page and reason, so a document whose checks were skipped never reads as clean.
fn write_coverage(
    w: &mut dyn Write,
    cov: &[checks::coverage::TableCoverage],
    lang: Lang,
) -> std::io::Result<()> {
    if cov.is_empty() {
        return match lang {
            Lang::Id => writeln!(
                w,
                "  tidak ada tabel yang terbaca: tidak ada yang diperiksa"
            ),
            Lang::En => writeln!(w, "  no table read: nothing checked"),
        };
    }
    let not: Vec<&checks::coverage::TableCoverage> =
        cov.iter().filter(|c| c.unchecked.is_some()).collect();
    let n = cov.len() - not.len();
    let m = not.len();
    match lang {
        Lang::Id => writeln!(w, "  {n} tabel diperiksa, {m} tidak diperiksa")?,
        Lang::En => writeln!(
            w,
            "  {n} {} checked, {m} not checked",
            plural(n, "table", "tables")
        )?,
    }
    for c in not.iter().take(UNCHECKED_LISTED) {
        let Some(why) = c.unchecked else { continue };
        let (id, en) = why.phrase();
        let (page_w, reason) = match lang {
            Lang::Id => ("hlm", id),
            Lang::En => ("p.", en),
        };
        let at = if c.page > 0 {
            format!("{page_w} {}: ", c.page)
        } else {
            String::new()
        };
        writeln!(w, "    - {at}{}: {reason}", c.title)?;
    }
    if m > UNCHECKED_LISTED {
        let more = m - UNCHECKED_LISTED;
        match lang {
            Lang::Id => writeln!(
                w,
                "    - ... dan {more} tabel lain (lihat RJ007 di findings.csv)"
            )?,
            Lang::En => writeln!(
                w,
                "    - ... and {more} more {} (see RJ007 in findings.csv)",
                plural(more, "table", "tables")
            )?,
        }
    }
    Ok(())
}

/// Unchecked tables listed by name in the summary; the rest are counted (all are RJ007
/// findings in findings.json / findings.csv).
const UNCHECKED_LISTED: usize = 20;

/// Writes findings.json and findings.csv into `dir`.
pub fn write_files(dir: &Path, findings: &[Finding], lang: Lang) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let rows: Vec<Row> = findings.iter().map(|f| row(f, lang)).collect();
    let json = serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?;
    let jp = dir.join("findings.json");
    std::fs::write(&jp, json).map_err(|e| format!("{}: {e}", jp.display()))?;
    let cp = dir.join("findings.csv");
    let mut file = std::fs::File::create(&cp).map_err(|e| format!("{}: {e}", cp.display()))?;
    // Excel reads a CSV without a byte-order mark as the local code page, which garbles
    // Indonesian names with non-ASCII characters.
    file.write_all("\u{feff}".as_bytes())
        .map_err(|e| format!("{}: {e}", cp.display()))?;
    let mut wtr = csv::Writer::from_writer(file);
    for r in &rows {
        wtr.serialize(r)
            .map_err(|e| format!("{}: {e}", cp.display()))?;
    }
    wtr.flush().map_err(|e| format!("{}: {e}", cp.display()))?;
    Ok(())
}

/// The findings of an earlier submission of a document, by fingerprint (`--since`).
#[derive(Debug, Clone, Default)]
pub struct Revision {
    /// What the earlier submission was (its file name).
    pub source: String,
    /// Fingerprints of its findings.
    pub earlier: std::collections::BTreeSet<String>,
    /// Its coded amounts, when the earlier submission was a document (a findings.json holds
    /// none).
    pub amounts: Option<std::collections::BTreeMap<revision::AmountKey, revision::Amount>>,
}

/// Reads the earlier submission: a findings.json written by `renja check`, or the document
/// itself, checked the same way as the new one.
pub fn earlier(path: &Path, reader: Option<PdfReader>) -> Result<Revision, String> {
    let source = crate::pipeline::file_name(path);
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let mut amounts = None;
    let earlier = if is_json {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let v: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let rows = v
            .as_array()
            .ok_or_else(|| format!("{}: not a findings.json (no list)", path.display()))?;
        let fps: Option<std::collections::BTreeSet<String>> = rows
            .iter()
            .map(|r| r["fingerprint"].as_str().map(str::to_string))
            .collect();
        fps.ok_or_else(|| {
            format!(
                "{}: findings without a fingerprint (written by an older renja)",
                path.display()
            )
        })?
    } else {
        let doc = load(path, reader)?;
        let c = check(&doc);
        amounts = c.model.as_ref().map(|m| revision::amounts(&doc, m));
        c.findings
            .into_iter()
            .map(|f| f.evidence.fingerprint)
            .collect()
    };
    Ok(Revision {
        source,
        earlier,
        amounts,
    })
}

/// Runs `renja check` on the inputs; returns the process exit code.
pub fn run_check(inputs: &[PathBuf], opts: &CheckOptions, pdf_reader: Option<PdfReader>) -> i32 {
    // Documents are independent: check them in parallel, report in input order. An internal
    // panic is caught per document (RJ000). The panic hook is process-wide, so it is left
    // alone: swapping it around parallel work would race (one thread restoring another's
    // hook), and the default hook's stderr line for a last-resort failure is acceptable.
    use rayon::prelude::*;
    let since = match &opts.since {
        Some(p) => match earlier(p, pdf_reader) {
            Ok(r) => Some(r),
            Err(e) => {
                crate::cli::print_err(&format!("renja: --since {e}"));
                return 2;
            }
        },
        None => None,
    };
    let xlsx_file = opts.xlsx.as_deref().is_some_and(is_xlsx_file);
    if let Some(x) = opts
        .xlsx
        .as_deref()
        .filter(|_| xlsx_file && inputs.len() > 1)
    {
        eprintln!(
            "renja: --xlsx {} names one workbook, but {} documents were given: name a folder \
             for one workbook per document",
            x.display(),
            inputs.len()
        );
        return 2;
    }
    let json = opts.output == Output::Json;
    let results: Vec<Result<(Checked, Document), String>> = inputs
        .par_iter()
        .map(|p| {
            let started = std::time::Instant::now();
            let r = load(p, pdf_reader).map(|doc| (check(&doc), doc));
            // Events go out as each document finishes, so automation sees progress.
            match (&r, opts.output) {
                (Ok((c, _)), Output::Json) => print_event(&document_event(p, c)),
                (Err(e), Output::Json) => print_event(&unreadable_event(p, e)),
                (Ok((c, doc)), Output::Verbose) => {
                    for w in &doc.warnings {
                        crate::cli::print_err(&format!("renja: {}: {w}", p.display()));
                    }
                    crate::cli::print_err(&format!(
                        "renja: {}: {} findings in {:.1} s",
                        p.display(),
                        c.findings.len(),
                        started.elapsed().as_secs_f64()
                    ));
                }
                _ => {}
            }
            r
        })
        .collect();
    let mut docs = Vec::new();
    let mut unreadable: Vec<(String, String)> = Vec::new();
    let mut index = Vec::new();
    // A report or workbook that could not be written is an output error (exit 2).
    let mut output_failed = false;
    // Two inputs of the same name in different folders must not overwrite each other's report
    // or workbook.
    let stems = crate::export::unique_names(
        inputs
            .iter()
            .map(|p| html::file_stem(&crate::pipeline::file_name(p))),
    );
    let mut deltas = Vec::new();
    for ((r, path), stem) in results.into_iter().zip(inputs).zip(&stems) {
        match r {
            Ok((mut c, doc)) => {
                let delta = since.as_ref().map(|s| revision::delta(s, &c, &doc));
                if let Some(x) = &opts.xlsx {
                    let target = if xlsx_file {
                        x.clone()
                    } else {
                        x.join(format!("{stem}.xlsx"))
                    };
                    if let Err(e) =
                        xlsx::write_workbook(&target, &doc, &c, delta.as_ref(), opts.lang)
                    {
                        eprintln!("renja: {e}");
                        output_failed = true;
                    }
                }
                if let Some(dir) = &opts.report {
                    match html::write_document(dir, stem, path, &doc, &c, delta.as_ref(), opts.lang)
                    {
                        Ok(p) => index.push(html::IndexLine::Read {
                            name: c.document.clone(),
                            report: p
                                .file_name()
                                .map(|n| n.to_string_lossy().into_owned())
                                .unwrap_or_default(),
                            // Causes once: the index counts what the reviewer must fix.
                            findings: c
                                .findings
                                .iter()
                                .filter(|f| f.caused_by.is_none())
                                .map(|f| f.severity)
                                .collect(),
                            nothing_checked: c.nothing_checked(),
                        }),
                        Err(e) => {
                            crate::cli::print_err(&format!("renja: {e}"));
                            output_failed = true;
                        }
                    }
                }
                // The model is only needed for the report and the workbook; a batch keeps the
                // findings alone.
                c.model = None;
                deltas.extend(delta);
                docs.push(c)
            }
            Err(e) => {
                crate::cli::print_err(&format!("renja: {e}"));
                unreadable.push((path.display().to_string(), e.clone()));
                index.push(html::IndexLine::Unreadable {
                    name: path.display().to_string(),
                    reason: e,
                });
            }
        }
    }
    if let Some(dir) = &opts.report {
        if let Err(e) = html::write_index(dir, &index, opts.lang) {
            crate::cli::print_err(&format!("renja: {e}"));
            output_failed = true;
        }
    }
    let mut out = crate::cli::stdout();
    if matches!(opts.output, Output::Normal | Output::Verbose) {
        let _ = write_summary(&mut out, &docs, opts.lang);
        let _ = write_unreadable(&mut out, &unreadable, opts.lang);
    }
    let all: Vec<Finding> = docs.iter().flat_map(|d| d.findings.clone()).collect();
    let nothing_checked = docs.iter().any(Checked::nothing_checked);
    if let Err(e) = write_files(&opts.out, &all, opts.lang) {
        crate::cli::print_err(&format!("renja: cannot write findings: {e}"));
        return 2;
    }
    if since.is_some() {
        let p = opts.out.join("revision.json");
        let written = serde_json::to_string_pretty(&deltas)
            .map_err(|e| e.to_string())
            .and_then(|j| std::fs::write(&p, j).map_err(|e| format!("{}: {e}", p.display())));
        if let Err(e) = written {
            crate::cli::print_err(&format!("renja: cannot write the revision: {e}"));
            return 2;
        }
    }
    let files = format!(
        "{} {}",
        opts.out.join("findings.json").display(),
        opts.out.join("findings.csv").display()
    );
    if json {
        let count = |s: Severity| all.iter().filter(|f| f.severity == s).count();
        print_event(&serde_json::json!({
            "event": "summary",
            "documents": docs.len(),
            "unreadable": unreadable.len(),
            "errors": count(Severity::Error),
            "warnings": count(Severity::Warning),
            "info": count(Severity::Info),
            "files": [opts.out.join("findings.json"), opts.out.join("findings.csv")],
        }));
    } else if opts.output != Output::Quiet {
        // Without --out the files land in a folder the user never named: say where.
        let line = match (opts.lang, opts.out_given) {
            (Lang::Id, true) => format!("temuan ditulis ke {files}"),
            (Lang::Id, false) => {
                format!("temuan ditulis ke {files} (folder lain: --out DIR)")
            }
            (Lang::En, true) => format!("findings written to {files}"),
            (Lang::En, false) => {
                format!("findings written to {files} (another folder: --out DIR)")
            }
        };
        let _ = writeln!(out, "{line}");
    }
    let _ = out.flush();
    if output_failed {
        return 2;
    }
    // An input that could not be read, or in which nothing could be checked, is never a clean
    // result, whatever --fail-on says.
    if !unreadable.is_empty() || nothing_checked {
        return EXIT_UNREADABLE;
    }
    let fail = match opts.fail_on {
        FailOn::Error => all.iter().any(|f| f.severity == Severity::Error),
        FailOn::Warning => all.iter().any(|f| f.severity >= Severity::Warning),
        FailOn::Never => false,
    };
    if fail {
        1
    } else {
        0
    }
}

/// Whether `--xlsx` names a workbook file (`.xlsx`) rather than a folder for several.
fn is_xlsx_file(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// Exit status of `check` when some input could not be read, or nothing in it could be checked
/// (0 clean, 1 findings at or above `--fail-on`, 2 usage or output error).
pub const EXIT_UNREADABLE: i32 = 3;

/// Lists the inputs that could not be read, after the summary, so they are not only on stderr.
fn write_unreadable(
    w: &mut dyn Write,
    bad: &[(String, String)],
    lang: Lang,
) -> std::io::Result<()> {
    if bad.is_empty() {
        return Ok(());
    }
    match lang {
        Lang::Id => writeln!(w, "{} berkas tidak terbaca:", bad.len())?,
        Lang::En => writeln!(
            w,
            "{} {} could not be read:",
            bad.len(),
            if bad.len() == 1 { "file" } else { "files" }
        )?,
    }
    for (path, why) in bad {
        // The reason usually starts with the path already; name it once.
        let why = why
            .strip_prefix(path.as_str())
            .map(|r| r.trim_start_matches([':', ' ']))
            .unwrap_or(why);
        writeln!(w, "  {path}: {why}")?;
    }
    Ok(())
}

/// Writes the list of checks (id, severity, name, rationale) from rules/checks.toml, so a
/// reviewer can read what each finding means; the rationale in `lang` (Indonesian falls back to
/// the English text for a check that has none yet).
pub fn list_checks(w: &mut dyn Write, lang: Lang) -> std::io::Result<()> {
    let mut rules: Vec<&checks::CheckRule> = checks::rules().check.iter().collect();
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    for r in rules {
        let sev = match r.severity.as_str() {
            "error" => sev_label(Severity::Error, lang),
            "warning" => sev_label(Severity::Warning, lang),
            _ => sev_label(Severity::Info, lang),
        };
        let rationale = match lang {
            Lang::Id if !r.rationale_id.trim().is_empty() => &r.rationale_id,
            _ => &r.rationale,
        };
        writeln!(w, "{} {:<10} {}", r.id, sev, r.name)?;
        writeln!(w, "    {}", rationale.trim())?;
    }
    Ok(())
}
