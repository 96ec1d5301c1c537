//! Report: the `renja check` command — read each input, build the model, run the checks, print
//! a readable summary grouped per document and table, and write `findings.json` and
//! `findings.csv`.

pub mod html;
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
    /// The document as read (tables, items, amounts), for the workbook; `None` after an
    /// internal failure.
    pub model: Option<crate::model::DocModel>,
}

/// Model + checks for one extracted document. Never panics on bad content: an internal
/// failure becomes an RJ000 finding naming the document, so nothing is dropped silently.
pub fn check(doc: &Document) -> Checked {
    let d = doc.clone();
    let r = std::panic::catch_unwind(move || {
        let mut m = crate::model::build(&d);
        let mut f = checks::run(&mut m);
        checks::evidence::attach(&mut f, &d, &m);
        (m, f)
    });
    match r {
        Ok((m, findings)) => Checked {
            document: doc.name.clone(),
            meta: Some(m.meta.clone()),
            findings,
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
        expected: f.expected.as_deref(),
        found: f.found.as_deref(),
        difference: f.difference.as_deref(),
        message: match lang {
            Lang::Id => &f.message_id,
            Lang::En => &f.message_en,
        },
        cell_page: f.evidence.cell.as_ref().map(|c| c.page),
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
    }
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
        match &d.meta {
            Some(m) => writeln!(w, "\n== {} ({})", d.document, meta_line(m))?,
            None => writeln!(w, "\n== {}", d.document)?,
        }
        if d.findings.is_empty() {
            match lang {
                Lang::Id => writeln!(w, "    tidak ada temuan")?,
                Lang::En => writeln!(w, "    no findings")?,
            }
        }
        let mut last_table: Option<usize> = None;
        for f in &d.findings {
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
            writeln!(
                w,
                "    {} {} [{}] {}{}",
                f.id,
                sev_label(f.severity, lang),
                f.check,
                if at.is_empty() {
                    String::new()
                } else {
                    format!("({at}) ")
                },
                r.message
            )?;
        }
    }
    let all: Vec<&Finding> = docs.iter().flat_map(|d| d.findings.iter()).collect();
    let count = |s: Severity| all.iter().filter(|f| f.severity == s).count();
    let (e, wn, i) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    match lang {
        Lang::Id => writeln!(
            w,
            "\n{} dokumen: {e} galat, {wn} peringatan, {i} info",
            docs.len()
        )?,
        Lang::En => writeln!(
            w,
            "\n{} documents: {e} errors, {wn} warnings, {i} info",
            docs.len()
        )?,
    }
    Ok(())
}

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
}

/// Reads the earlier submission: a findings.json written by `renja check`, or the document
/// itself, checked the same way as the new one.
pub fn earlier(path: &Path, reader: Option<PdfReader>) -> Result<Revision, String> {
    let source = crate::pipeline::file_name(path);
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
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
        check(&doc)
            .findings
            .into_iter()
            .map(|f| f.evidence.fingerprint)
            .collect()
    };
    Ok(Revision { source, earlier })
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
                eprintln!("renja: --since {e}");
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
    let results: Vec<Result<(Checked, Document), String>> = inputs
        .par_iter()
        .map(|p| load(p, pdf_reader).map(|doc| (check(&doc), doc)))
        .collect();
    let mut docs = Vec::new();
    let mut unreadable: Vec<(String, String)> = Vec::new();
    let mut index = Vec::new();
    // A report or workbook that could not be written is an output error (exit 2).
    let mut output_failed = false;
    for (r, path) in results.into_iter().zip(inputs) {
        match r {
            Ok((mut c, doc)) => {
                if let Some(x) = &opts.xlsx {
                    let target = if xlsx_file {
                        x.clone()
                    } else {
                        x.join(format!("{}.xlsx", html::file_stem(&c.document)))
                    };
                    if let Err(e) = xlsx::write_workbook(&target, &doc, &c, opts.lang) {
                        eprintln!("renja: {e}");
                        output_failed = true;
                    }
                }
                if let Some(dir) = &opts.report {
                    match html::write_document(dir, path, &doc, &c, since.as_ref(), opts.lang) {
                        Ok(p) => index.push(html::IndexLine::Read {
                            name: c.document.clone(),
                            report: p
                                .file_name()
                                .map(|n| n.to_string_lossy().into_owned())
                                .unwrap_or_default(),
                            findings: c.findings.iter().map(|f| f.severity).collect(),
                        }),
                        Err(e) => {
                            eprintln!("renja: {e}");
                            output_failed = true;
                        }
                    }
                }
                // The model is only needed for the report and the workbook; a batch keeps the
                // findings alone.
                c.model = None;
                docs.push(c)
            }
            Err(e) => {
                eprintln!("renja: {e}");
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
            eprintln!("renja: {e}");
            output_failed = true;
        }
    }
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    let _ = write_summary(&mut lock, &docs, opts.lang);
    let _ = write_unreadable(&mut lock, &unreadable, opts.lang);
    let all: Vec<Finding> = docs.into_iter().flat_map(|d| d.findings).collect();
    if let Err(e) = write_files(&opts.out, &all, opts.lang) {
        eprintln!("renja: {e}");
        return 2;
    }
    if output_failed {
        return 2;
    }
    // An input that could not be read is never a clean result, whatever --fail-on says.
    if !unreadable.is_empty() {
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

/// Exit status of `check` when some input could not be read (0 clean, 1 findings at or above
/// `--fail-on`, 2 usage or output error).
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
/// reviewer can read what each finding means.
pub fn list_checks(w: &mut dyn Write) -> std::io::Result<()> {
    let mut rules: Vec<&checks::CheckRule> = checks::rules().check.iter().collect();
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    for r in rules {
        writeln!(w, "{} {:<8} {}", r.id, r.severity, r.name)?;
        writeln!(w, "    {}", r.rationale)?;
    }
    Ok(())
}
