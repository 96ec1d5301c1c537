//! The reviewer's HTML report: one self-contained page per document (inline CSS and JS, crops
//! of the page as data URIs, no network), and an index for several documents. Every text from
//! a submitted document is escaped: a PDF must never inject markup into the reviewer's browser.

use super::Lang;
use crate::checks::{Finding, Severity};
use crate::extracted::Document;
use base64::Engine;
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// A label in both languages.
#[derive(Debug, Deserialize)]
struct Label {
    id: String,
    en: String,
}

/// The contents of rules/report.toml.
#[derive(Debug, Deserialize)]
struct ReportRules {
    max_crops: usize,
    crop_dpi: u32,
    crop_margin_x: f32,
    crop_margin_y: f32,
    collapse_over: usize,
    labels: BTreeMap<String, Label>,
}

fn rules() -> &'static ReportRules {
    static R: OnceLock<ReportRules> = OnceLock::new();
    R.get_or_init(|| match crate::rules::toml::<ReportRules>("report.toml") {
        Ok(r) => r,
        Err(e) => {
            eprintln!("renja: {e}; using the built-in rules/report.toml");
            toml::from_str(include_str!("../../rules/report.toml")).expect("embedded report.toml")
        }
    })
}

/// The label `key` in `lang` (the key itself when the rules lack it, so a page loses a word,
/// not its content).
fn l(key: &str, lang: Lang) -> String {
    rules()
        .labels
        .get(key)
        .map(|x| match lang {
            Lang::Id => x.id.clone(),
            Lang::En => x.en.clone(),
        })
        .unwrap_or_else(|| key.to_string())
}

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

fn sev_key(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// A crop of the page around a finding's cell, or why there is none.
enum Crop {
    Image {
        png: Vec<u8>,
        outline: [f32; 4],
        width: u32,
    },
    Note(String),
}

/// Renders the region around `bbox` on `page` with pdftoppm; the outline is in image pixels.
fn render_crop(pdf: &Path, page: u32, bbox: [f32; 4]) -> Result<Crop, String> {
    let r = rules();
    let scale = r.crop_dpi as f32 / 72.0;
    let x0 = (bbox[0] - r.crop_margin_x).max(0.0);
    let y0 = (bbox[1] - r.crop_margin_y).max(0.0);
    let w = (bbox[2] - bbox[0]) + 2.0 * r.crop_margin_x;
    let h = (bbox[3] - bbox[1]) + 2.0 * r.crop_margin_y;
    let px = |v: f32| ((v * scale).round().max(1.0)) as u32;
    let out = Command::new("pdftoppm")
        .args(["-png", "-singlefile", "-r", &r.crop_dpi.to_string()])
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .args(["-x", &px(x0).to_string(), "-y", &px(y0).to_string()])
        .args(["-W", &px(w).to_string(), "-H", &px(h).to_string()])
        // Without an output root pdftoppm writes the image to stdout.
        .arg(pdf)
        .output()
        .map_err(|e| format!("pdftoppm: {e}"))?;
    if !out.status.success() || out.stdout.is_empty() {
        return Err(format!(
            "pdftoppm: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(Crop::Image {
        png: out.stdout,
        outline: [
            (bbox[0] - x0) * scale,
            (bbox[1] - y0) * scale,
            (bbox[2] - bbox[0]) * scale,
            (bbox[3] - bbox[1]) * scale,
        ],
        width: px(w),
    })
}

fn is_pdf(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

fn crop_for(f: &Finding, source: &Path, nth: usize, lang: Lang) -> Crop {
    if !is_pdf(source) {
        return Crop::Note(l("no_crop_text", lang));
    }
    let Some((page, Some(bbox))) = f.evidence.cell.as_ref().map(|c| (c.page, c.bbox)) else {
        return Crop::Note(l("no_crop_cell", lang));
    };
    if nth >= rules().max_crops {
        return Crop::Note(l("no_crop_limit", lang).replace("{n}", &rules().max_crops.to_string()));
    }
    render_crop(source, page, bbox)
        .unwrap_or_else(|e| Crop::Note(l("no_crop_failed", lang).replace("{n}", &e)))
}

const STYLE: &str = "body{font-family:sans-serif;margin:1em;color:#222}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:3px 5px;
vertical-align:top;font-size:13px}th{background:#eee}.num{text-align:right;white-space:nowrap}
tr.error td:first-child{border-left:5px solid #c00}tr.warning td:first-child{border-left:5px
solid #e90}tr.info td:first-child{border-left:5px solid #59c}.crop{position:relative;
display:inline-block}.crop img{display:block;max-width:520px}.box{position:absolute;
border:2px solid #e00}.note{color:#777;font-style:italic}dl.meta{display:grid;
grid-template-columns:max-content auto;gap:2px 12px}dl.meta dt{font-weight:bold}
p.coverage{font-weight:bold}p.coverage.error{color:#c00}
@page{size:A4 landscape;margin:10mm}@media print{.filter{display:none}details{display:block}}";

const SCRIPT: &str = "function renjaFilter(){var s=document.getElementById('f-sev').value,
c=document.getElementById('f-check').value;document.querySelectorAll('tr.finding').forEach(
function(r){var ok=(!s||r.dataset.sev===s)&&(!c||r.dataset.check===c);r.style.display=ok?'':
'none';});}";

/// Writes the report of one document into `dir`; returns the file written.
pub fn write_document(
    dir: &Path,
    source: &Path,
    doc: &Document,
    checked: &super::Checked,
    since: Option<&super::Revision>,
    lang: Lang,
) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join(format!("{}.html", file_stem(&checked.document)));
    let html = document_html(source, doc, checked, since, lang);
    std::fs::write(&path, html).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

fn file_stem(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn document_html(
    source: &Path,
    doc: &Document,
    checked: &super::Checked,
    since: Option<&super::Revision>,
    lang: Lang,
) -> String {
    let mut findings: Vec<&Finding> = checked.findings.iter().collect();
    // Most serious first; within a severity, in page order.
    findings.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.page.cmp(&b.page)));
    let crops: Vec<Crop> = findings
        .par_iter()
        .enumerate()
        .map(|(i, f)| crop_for(f, source, i, lang))
        .collect();
    let href = std::fs::canonicalize(source)
        .map(|p| format!("file://{}", p.display()))
        .unwrap_or_else(|_| source.display().to_string());
    let mut h = String::new();
    let lang_attr = match lang {
        Lang::Id => "id",
        Lang::En => "en",
    };
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"{lang_attr}\"><head><meta charset=\"utf-8\"><title>{} — {}</title><style>{STYLE}</style><script>{SCRIPT}</script></head><body>",
        esc(&l("title", lang)),
        esc(&checked.document)
    );
    let _ = write!(
        h,
        "<h1>{}: {}</h1><dl class=\"meta\">",
        esc(&l("title", lang)),
        esc(&checked.document)
    );
    if let Some(m) = &checked.meta {
        let kind = m
            .kind
            .and_then(|k| serde_json::to_value(k).ok())
            .and_then(|v| v.as_str().map(str::to_string));
        for (k, v) in [
            ("pemda", m.pemda.clone()),
            ("opd", m.opd.clone()),
            ("year", m.year.map(|y| y.to_string())),
            ("kind", kind),
        ] {
            if let Some(v) = v {
                let _ = write!(h, "<dt>{}</dt><dd>{}</dd>", esc(&l(k, lang)), esc(&v));
            }
        }
    }
    let _ = write!(
        h,
        "<dt>{}</dt><dd>{}</dd></dl>",
        esc(&l("pages", lang)),
        doc.pages
    );
    // The revision cycle comes first: what the agency fixed since the earlier submission.
    if let Some(r) = since {
        let now: Vec<&str> = findings
            .iter()
            .map(|f| f.evidence.fingerprint.as_str())
            .collect();
        let remain = now.iter().filter(|f| r.earlier.contains(**f)).count();
        let fixed: Vec<&String> = r
            .earlier
            .iter()
            .filter(|f| !now.contains(&f.as_str()))
            .collect();
        let _ = write!(
            h,
            "<h2>{}</h2><p class=\"revision\">{}: <b id=\"rev-fixed\">{}</b> · {}: <b id=\"rev-remain\">{remain}</b> · {}: <b id=\"rev-new\">{}</b></p>",
            esc(&l("revision", lang).replace("{n}", &r.source)),
            esc(&l("fixed", lang)),
            fixed.len(),
            esc(&l("remain", lang)),
            esc(&l("new", lang)),
            now.len() - remain,
        );
        if !fixed.is_empty() {
            h.push_str("<ul class=\"fixed\">");
            for f in fixed {
                let _ = write!(h, "<li>{}</li>", esc(f));
            }
            h.push_str("</ul>");
        }
    }
    // Summary.
    let _ = write!(h, "<h2>{}</h2>", esc(&l("summary", lang)));
    if checked.meta.is_some() && checked.coverage.is_empty() {
        let _ = write!(
            h,
            "<p class=\"empty\" id=\"no-tables\">{}</p>",
            esc(&l("no_tables", lang).replace("{n}", &doc.paragraphs.len().to_string()))
        );
    } else if checked.meta.is_some() {
        coverage_html(&mut h, &checked.coverage, lang);
    }
    if findings.is_empty() {
        let _ = write!(
            h,
            "<p class=\"empty\" id=\"no-findings\">{}</p>",
            esc(&l("no_findings", lang))
        );
        h.push_str("</body></html>");
        return h;
    }
    let mut by_sev: BTreeMap<Severity, usize> = BTreeMap::new();
    let mut by_check: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for f in &findings {
        *by_sev.entry(f.severity).or_default() += 1;
        *by_check
            .entry((f.id.as_str(), f.check.as_str()))
            .or_default() += 1;
    }
    let _ = write!(
        h,
        "<table id=\"summary\"><tr><th>{}</th><th>{}</th></tr>",
        esc(&l("severity", lang)),
        esc(&l("count", lang))
    );
    for (s, n) in by_sev.iter().rev() {
        let _ = write!(
            h,
            "<tr class=\"{0}\"><td>{1}</td><td class=\"num\">{n}</td></tr>",
            sev_key(*s),
            esc(&l(sev_key(*s), lang))
        );
    }
    h.push_str("</table>");
    // Filter.
    let _ = write!(h, "<p class=\"filter\">{} <select id=\"f-sev\" onchange=\"renjaFilter()\"><option value=\"\">{}</option>", esc(&l("severity", lang)), esc(&l("all", lang)));
    for s in by_sev.keys().rev() {
        let _ = write!(
            h,
            "<option value=\"{0}\">{1}</option>",
            sev_key(*s),
            esc(&l(sev_key(*s), lang))
        );
    }
    let _ = write!(h, "</select> {} <select id=\"f-check\" onchange=\"renjaFilter()\"><option value=\"\">{}</option>", esc(&l("check", lang)), esc(&l("all", lang)));
    for ((id, name), n) in &by_check {
        let _ = write!(
            h,
            "<option value=\"{0}\">{0} {1} ({n})</option>",
            esc(id),
            esc(name)
        );
    }
    h.push_str("</select></p>");
    // Findings, grouped by check in order of their most serious finding.
    let _ = write!(h, "<h2>{}</h2>", esc(&l("findings", lang)));
    let mut order: Vec<&str> = Vec::new();
    for f in &findings {
        if !order.contains(&f.id.as_str()) {
            order.push(&f.id);
        }
    }
    for id in order {
        let group: Vec<usize> = (0..findings.len())
            .filter(|&i| findings[i].id == id)
            .collect();
        let first = findings[group[0]];
        let open = if group.len() > rules().collapse_over {
            ""
        } else {
            " open"
        };
        let _ = write!(
            h,
            "<details{open} data-check=\"{0}\"><summary>{0} {1} ({2})</summary><table class=\"findings\">{3}",
            esc(id),
            esc(&first.check),
            group.len(),
            header_row(
                &[
                    "page",
                    "table",
                    "row",
                    "column",
                    "expected",
                    "found",
                    "difference",
                    "message",
                    "severity",
                    "evidence",
                ],
                lang
            ),
        );
        for i in group {
            finding_row(&mut h, findings[i], &crops[i], &href, lang);
        }
        h.push_str("</table></details>");
    }
    h.push_str("</body></html>");
    h
}

fn finding_row(h: &mut String, f: &Finding, crop: &Crop, href: &str, lang: Lang) {
    let page = f.evidence.cell.as_ref().map(|c| c.page).unwrap_or(f.page);
    let page_cell = if page > 0 {
        format!(
            "<a href=\"{}#page={page}\" title=\"{}\">{page}</a>",
            esc(href),
            esc(&l("open_pdf", lang))
        )
    } else {
        "—".into()
    };
    let row = [f.code.as_deref(), f.name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let opt = |s: &Option<String>| esc(s.as_deref().unwrap_or(""));
    let message = match lang {
        Lang::Id => &f.message_id,
        Lang::En => &f.message_en,
    };
    let _ = write!(
        h,
        "<tr class=\"finding {sev}\" data-sev=\"{sev}\" data-check=\"{id}\" data-fingerprint=\"{fp}\"><td>{page_cell}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>",
        esc(&f.table),
        esc(&row),
        opt(&f.evidence.header),
        opt(&f.expected),
        opt(&f.found),
        opt(&f.difference),
        esc(message),
        esc(&l(sev_key(f.severity), lang)),
        sev = sev_key(f.severity),
        id = esc(&f.id),
        fp = esc(&f.evidence.fingerprint),
    );
    match crop {
        Crop::Image {
            png,
            outline,
            width,
        } => {
            let b64 = base64::engine::general_purpose::STANDARD.encode(png);
            let _ = write!(
                h,
                "<div class=\"crop\" style=\"width:{width}px\"><img alt=\"\" src=\"data:image/png;base64,{b64}\"><div class=\"box\" style=\"left:{:.0}px;top:{:.0}px;width:{:.0}px;height:{:.0}px\"></div></div>",
                outline[0], outline[1], outline[2], outline[3]
            );
        }
        Crop::Note(n) => {
            let _ = write!(h, "<span class=\"note\">{}</span>", esc(n));
        }
    }
    h.push_str("</td></tr>");
}

/// One line of the index: a document's report, or why it could not be read.
pub enum IndexLine {
    /// Read and checked.
    Read {
        /// Document name.
        name: String,
        /// Report file name, relative to the index.
        report: String,
        /// Findings.
        findings: Vec<Severity>,
        /// Nothing in it could be checked (no table read, or none checkable).
        nothing_checked: bool,
    },
    /// Could not be read.
    Unreadable {
        /// Input path as given.
        name: String,
        /// Why.
        reason: String,
    },
}

/// How many tables were checked, and each one that was not with its page and reason: a
/// document whose checks were skipped must not read as clean.
fn coverage_html(h: &mut String, cov: &[crate::checks::coverage::TableCoverage], lang: Lang) {
    let not: Vec<_> = cov.iter().filter(|c| c.unchecked.is_some()).collect();
    let line = l("coverage", lang)
        .replace("{n}", &(cov.len() - not.len()).to_string())
        .replace("{m}", &not.len().to_string());
    let class = if not.len() == cov.len() {
        "coverage error"
    } else if not.is_empty() {
        "coverage ok"
    } else {
        "coverage"
    };
    let _ = write!(h, "<p class=\"{class}\" id=\"coverage\">{}</p>", esc(&line));
    if not.is_empty() {
        return;
    }
    h.push_str("<ul class=\"unchecked\">");
    for c in not {
        let Some(why) = c.unchecked else { continue };
        let (id, en) = why.phrase();
        let reason = match lang {
            Lang::Id => id,
            Lang::En => en,
        };
        let page = if c.page > 0 {
            format!("{} {}: ", l("page", lang), c.page)
        } else {
            String::new()
        };
        let _ = write!(
            h,
            "<li>{}<b>{}</b>: {}</li>",
            esc(&page),
            esc(&c.title),
            esc(&reason)
        );
    }
    h.push_str("</ul>");
}

/// A table's header row from label keys of rules/report.toml.
fn header_row(keys: &[&str], lang: Lang) -> String {
    let cells: String = keys
        .iter()
        .map(|k| format!("<th>{}</th>", esc(&l(k, lang))))
        .collect();
    format!("<tr>{cells}</tr>")
}

/// Writes `index.html` into `dir`.
pub fn write_index(dir: &Path, lines: &[IndexLine], lang: Lang) -> Result<PathBuf, String> {
    let mut h = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{0}</title><style>{STYLE}</style></head><body><h1>{0}</h1><table id=\"index\">{1}",
        esc(&l("documents", lang)),
        header_row(&["documents", "status", "error", "warning", "info"], lang),
    );
    for line in lines {
        match line {
            IndexLine::Read {
                name,
                report,
                findings,
                nothing_checked,
            } => {
                let n = |s| findings.iter().filter(|&&x| x == s).count();
                let (class, status) = if *nothing_checked {
                    (" class=\"warning\"", l("nothing_checked", lang))
                } else {
                    ("", l("read", lang))
                };
                let _ = write!(
                    h,
                    "<tr{class}><td><a href=\"{}\">{}</a></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                    esc(report),
                    esc(name),
                    esc(&status),
                    n(Severity::Error),
                    n(Severity::Warning),
                    n(Severity::Info)
                );
            }
            IndexLine::Unreadable { name, reason } => {
                let _ = write!(
                    h,
                    "<tr class=\"error\"><td>{}</td><td>{}: {}</td><td></td><td></td><td></td></tr>",
                    esc(name),
                    esc(&l("unreadable", lang)),
                    esc(reason)
                );
            }
        }
    }
    h.push_str("</table></body></html>");
    let p = dir.join("index.html");
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    std::fs::write(&p, h).map_err(|e| format!("{}: {e}", p.display()))?;
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }
}
