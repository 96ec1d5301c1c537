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
pub(super) fn l(key: &str, lang: Lang) -> String {
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

/// A rendered region of a page: 8-bit RGB, row by row, its top-left corner at (`x0`, `y0`)
/// page pixels.
pub(crate) struct PageImage {
    pub(crate) x0: u32,
    pub(crate) y0: u32,
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) rgb: Vec<u8>,
}

/// Reads the binary PPM (`P6`) pdftoppm writes by default. Hand-read rather than through an
/// image crate: the format is three header numbers and raw RGB, and pdftoppm writes it
/// without the compression a PNG would cost per page.
fn parse_ppm(b: &[u8]) -> Result<PageImage, String> {
    let mut fields = Vec::with_capacity(3);
    let mut i = 2;
    if !b.starts_with(b"P6") {
        return Err("pdftoppm: not a PPM image".into());
    }
    while fields.len() < 3 {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b.get(i) == Some(&b'#') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let n: u32 = std::str::from_utf8(&b[start..i])
            .ok()
            .and_then(|t| t.parse().ok())
            .ok_or("pdftoppm: bad PPM header")?;
        fields.push(n);
    }
    // One whitespace byte ends the header.
    i += 1;
    let (width, height, max) = (fields[0], fields[1], fields[2]);
    let len = width as usize * height as usize * 3;
    if max != 255 || b.len() < i + len {
        return Err("pdftoppm: truncated PPM image".into());
    }
    Ok(PageImage {
        x0: 0,
        y0: 0,
        width,
        height,
        rgb: b[i..i + len].to_vec(),
    })
}

/// The pixel box (at the crop resolution) of the crop around `bbox` (PDF points): the cell
/// and its margins, not clipped on the right and bottom (the renderer clips at the page edge).
fn crop_box(bbox: [f32; 4]) -> [u32; 4] {
    let r = rules();
    let scale = r.crop_dpi as f32 / 72.0;
    let px = |v: f32| (v * scale).round().max(0.0) as u32;
    [
        px(bbox[0] - r.crop_margin_x),
        px(bbox[1] - r.crop_margin_y),
        px(bbox[2] + r.crop_margin_x),
        px(bbox[3] + r.crop_margin_y),
    ]
}

/// Renders the region `area` (pixels at the crop resolution) of one page with pdftoppm: once
/// per page, covering all its crops, however many findings it has.
fn render_page(pdf: &Path, page: u32, area: [u32; 4]) -> Result<PageImage, String> {
    render_region(pdf, page, rules().crop_dpi, Some(area), None)
}

/// Renders one page of `pdf` at `dpi` with pdftoppm, the whole page or only `area` (pixels at
/// that resolution), as the page is displayed (after /Rotate).
pub(crate) fn render_region(
    pdf: &Path,
    page: u32,
    dpi: u32,
    area: Option<[u32; 4]>,
    password: Option<&str>,
) -> Result<PageImage, String> {
    let mut cmd = Command::new("pdftoppm");
    cmd.args(["-singlefile", "-r", &dpi.to_string()]).args([
        "-f",
        &page.to_string(),
        "-l",
        &page.to_string(),
    ]);
    if let Some(area) = area {
        cmd.args(["-x", &area[0].to_string(), "-y", &area[1].to_string()])
            .args(["-W", &(area[2] - area[0]).max(1).to_string()])
            .args(["-H", &(area[3] - area[1]).max(1).to_string()]);
    }
    if let Some(pw) = password {
        cmd.args(["-upw", pw]);
    }
    // Without an output root pdftoppm writes the image (PPM) to stdout.
    let out = cmd
        .arg(pdf)
        .output()
        .map_err(|e| format!("pdftoppm: {e}"))?;
    if !out.status.success() || out.stdout.is_empty() {
        return Err(format!(
            "pdftoppm: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let mut img = parse_ppm(&out.stdout)?;
    if let Some(area) = area {
        img.x0 = area[0];
        img.y0 = area[1];
    }
    Ok(img)
}

/// Cuts the region around `bbox` (PDF points) out of the rendered region as a PNG; the
/// outline is in crop pixels.
fn crop_page(img: &PageImage, bbox: [f32; 4]) -> Result<Crop, String> {
    let scale = rules().crop_dpi as f32 / 72.0;
    let b = crop_box(bbox);
    // Into the rendered region's own pixels, clipped to what was rendered (the page's edge).
    let inside = |v: u32, origin: u32, len: u32| v.saturating_sub(origin).min(len);
    let x0 = inside(b[0], img.x0, img.width);
    let y0 = inside(b[1], img.y0, img.height);
    let x1 = inside(b[2], img.x0, img.width);
    let y1 = inside(b[3], img.y0, img.height);
    if x1 <= x0 || y1 <= y0 {
        return Err(format!(
            "the cell lies outside the page ({}x{} px rendered)",
            img.width, img.height
        ));
    }
    let (w, h) = (x1 - x0, y1 - y0);
    let mut pixels = Vec::with_capacity(w as usize * h as usize * 3);
    for y in y0..y1 {
        let at = (y as usize * img.width as usize + x0 as usize) * 3;
        pixels.extend_from_slice(&img.rgb[at..at + w as usize * 3]);
    }
    let mut png = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut png, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut wr = enc.write_header().map_err(|e| format!("png: {e}"))?;
        wr.write_image_data(&pixels)
            .map_err(|e| format!("png: {e}"))?;
    }
    let (ox, oy) = ((img.x0 + x0) as f32, (img.y0 + y0) as f32);
    Ok(Crop::Image {
        png,
        outline: [
            bbox[0] * scale - ox,
            bbox[1] * scale - oy,
            (bbox[2] - bbox[0]) * scale,
            (bbox[3] - bbox[1]) * scale,
        ],
        width: w,
    })
}

fn is_pdf(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// The crop of every finding (in the order given): each page with a finding's cell is
/// rendered once, pages in parallel, and the crops are cut from it.
fn crops_for(findings: &[&Finding], source: &Path, lang: Lang) -> Vec<Crop> {
    let mut crops: Vec<Option<Crop>> = Vec::with_capacity(findings.len());
    let mut pages: BTreeMap<u32, Vec<(usize, [f32; 4])>> = BTreeMap::new();
    let mut wanted = 0;
    for (i, f) in findings.iter().enumerate() {
        let cell = f
            .evidence
            .cell
            .as_ref()
            .and_then(|c| c.bbox.map(|b| (c.page, b)));
        crops.push(match cell {
            _ if !is_pdf(source) => Some(Crop::Note(l("no_crop_text", lang))),
            None => Some(Crop::Note(l("no_crop_cell", lang))),
            Some(_) if wanted >= rules().max_crops => Some(Crop::Note(
                l("no_crop_limit", lang).replace("{n}", &rules().max_crops.to_string()),
            )),
            Some((page, bbox)) => {
                wanted += 1;
                pages.entry(page).or_default().push((i, bbox));
                None
            }
        });
    }
    let failed = |e: &str| Crop::Note(l("no_crop_failed", lang).replace("{n}", e));
    let cut: Vec<(usize, Crop)> = pages
        .into_par_iter()
        .flat_map_iter(|(page, cells)| {
            let area = cells
                .iter()
                .map(|(_, b)| crop_box(*b))
                .reduce(|a, b| {
                    [
                        a[0].min(b[0]),
                        a[1].min(b[1]),
                        a[2].max(b[2]),
                        a[3].max(b[3]),
                    ]
                })
                .unwrap_or_default();
            let img = render_page(source, page, area);
            cells
                .into_iter()
                .map(|(i, bbox)| {
                    let c = match &img {
                        Ok(img) => crop_page(img, bbox).unwrap_or_else(|e| failed(&e)),
                        Err(e) => failed(e),
                    };
                    (i, c)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    for (i, c) in cut {
        crops[i] = Some(c);
    }
    crops
        .into_iter()
        .map(|c| c.unwrap_or_else(|| Crop::Note(l("no_crop_cell", lang))))
        .collect()
}

const STYLE: &str = "body{font-family:sans-serif;margin:1em;color:#222}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:3px 5px;
vertical-align:top;font-size:13px}th{background:#eee}.num{text-align:right;white-space:nowrap}
tr.error td:first-child{border-left:5px solid #c00}tr.warning td:first-child{border-left:5px
solid #e90}tr.info td:first-child{border-left:5px solid #59c}.crop{position:relative;
display:inline-block}.crop img{display:block}.box{position:absolute;
border:2px solid #e00}.note{color:#777;font-style:italic}dl.meta{display:grid;
grid-template-columns:max-content auto;gap:2px 12px}dl.meta dt{font-weight:bold}
p.coverage{font-weight:bold}p.coverage.error{color:#c00}
tr.flagged td{background:#fdeaea}tr.flagged.warning td{background:#fff6dc}tr.hier td{font-size:12px}
@page{size:A4 landscape;margin:10mm}@media print{.filter{display:none}details{display:block}}";

const SCRIPT: &str = "function renjaFilter(){var s=document.getElementById('f-sev').value,
c=document.getElementById('f-check').value;document.querySelectorAll('tr.finding').forEach(
function(r){var ok=(!s||r.dataset.sev===s)&&(!c||r.dataset.check===c);r.style.display=ok?'':
'none';});}";

/// Writes the report of one document into `dir` as `<stem>.html`; returns the file written.
pub fn write_document(
    dir: &Path,
    stem: &str,
    source: &Path,
    doc: &Document,
    checked: &super::Checked,
    since: Option<&super::revision::Delta>,
    lang: Lang,
) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join(format!("{stem}.html"));
    let html = document_html(source, doc, checked, since, lang);
    std::fs::write(&path, html).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// A file name for a document's outputs: characters outside `[A-Za-z0-9._-]` become `_`.
pub fn file_stem(name: &str) -> String {
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
    since: Option<&super::revision::Delta>,
    lang: Lang,
) -> String {
    let mut findings: Vec<&Finding> = checked.findings.iter().collect();
    // Most serious first; within a severity, in page order.
    findings.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.page.cmp(&b.page)));
    let crops = crops_for(&findings, source, lang);
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
        for (k, v) in super::meta_fields(m) {
            let _ = write!(h, "<dt>{}</dt><dd>{}</dd>", esc(&l(k, lang)), esc(&v));
        }
    }
    let _ = write!(
        h,
        "<dt>{}</dt><dd>{}</dd></dl>",
        esc(&l("pages", lang)),
        doc.pages
    );
    // The revision cycle comes first: what the agency fixed since the earlier submission.
    if let Some(d) = since {
        revision_html(&mut h, d, lang);
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
        hierarchy(&mut h, doc, checked, lang);
        side_by_side(&mut h, checked, lang);
        h.push_str("</body></html>");
        return h;
    }
    let mut by_sev: BTreeMap<Severity, usize> = BTreeMap::new();
    let mut by_check: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    // Causes are counted once: a consequence is part of the finding that explains it.
    for f in findings.iter().filter(|f| f.caused_by.is_none()) {
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
    let grouped = findings.iter().filter(|f| f.caused_by.is_some()).count();
    if grouped > 0 {
        let _ = write!(
            h,
            "<p id=\"grouped\">{}</p>",
            esc(&l("grouped", lang)
                .replace("{n}", &findings.len().to_string())
                .replace("{m}", &grouped.to_string()))
        );
    }
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
    let at: BTreeMap<&str, usize> = findings
        .iter()
        .enumerate()
        .map(|(i, f)| (f.uid.as_str(), i))
        .collect();
    let mut order: Vec<&str> = Vec::new();
    // A consequence is shown collapsed under its cause, not in its own check's list.
    for f in findings.iter().filter(|f| f.caused_by.is_none()) {
        if !order.contains(&f.id.as_str()) {
            order.push(&f.id);
        }
    }
    for id in order {
        let group: Vec<usize> = (0..findings.len())
            .filter(|&i| findings[i].id == id && findings[i].caused_by.is_none())
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
            let cons: Vec<usize> = findings[i]
                .consequences
                .iter()
                .filter_map(|u| at.get(u.as_str()).copied())
                .collect();
            if cons.is_empty() {
                continue;
            }
            let _ = write!(
                h,
                "<tr class=\"consequences\"><td colspan=\"10\"><details data-cause=\"{}\"><summary>{}</summary><table class=\"findings\">",
                esc(&findings[i].uid),
                esc(&l("consequences", lang).replace("{n}", &cons.len().to_string()))
            );
            for j in cons {
                finding_row(&mut h, findings[j], &crops[j], &href, lang);
            }
            h.push_str("</table></details></td></tr>");
        }
        h.push_str("</table></details>");
    }
    hierarchy(&mut h, doc, checked, lang);
    side_by_side(&mut h, checked, lang);
    h.push_str("</body></html>");
    h
}

/// The revision section: findings fixed / remaining / new since the earlier submission, and
/// the amounts that changed for the same code (old, new, difference).
fn revision_html(h: &mut String, d: &super::revision::Delta, lang: Lang) {
    let _ = write!(
        h,
        "<section id=\"revision\"><h2>{}</h2><p class=\"revision\">{}: <b id=\"rev-fixed\">{}</b> · {}: <b id=\"rev-remain\">{}</b> · {}: <b id=\"rev-new\">{}</b></p>",
        esc(&l("revision", lang).replace("{n}", &d.since)),
        esc(&l("fixed", lang)),
        d.fixed.len(),
        esc(&l("remain", lang)),
        d.remain.len(),
        esc(&l("new", lang)),
        d.new.len(),
    );
    if !d.fixed.is_empty() {
        h.push_str("<ul class=\"fixed\">");
        for f in &d.fixed {
            let _ = write!(h, "<li>{}</li>", esc(f));
        }
        h.push_str("</ul>");
    }
    if !d.amounts_compared {
        let _ = write!(
            h,
            "<p class=\"note\" id=\"amounts-not-compared\">{}</p></section>",
            esc(&l("amounts_not_compared", lang))
        );
        return;
    }
    let _ = write!(
        h,
        "<h3>{}</h3><p class=\"note\">{}</p>",
        esc(&l("amount_changes", lang).replace("{n}", &d.amount_changes.len().to_string())),
        esc(&l("rows_added_removed", lang)
            .replace("{n}", &d.only_now.to_string())
            .replace("{m}", &d.only_earlier.to_string())),
    );
    if d.amount_changes.is_empty() {
        h.push_str("</section>");
        return;
    }
    let open = if d.amount_changes.len() > rules().collapse_over {
        ""
    } else {
        " open"
    };
    let _ = write!(
        h,
        "<details{open}><summary>{}</summary><table id=\"amount-changes\">{}",
        esc(&l("amount_changes_list", lang)),
        header_row(
            &[
                "page",
                "table",
                "code",
                "name",
                "column",
                "old",
                "now",
                "difference"
            ],
            lang
        )
    );
    for c in &d.amount_changes {
        let diff = c
            .difference_sen
            .map(|x| rupiah_text(x, lang))
            .unwrap_or_default();
        let _ = write!(
            h,
            "<tr class=\"change\" data-code=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&c.code),
            c.page,
            esc(&c.table),
            esc(&c.code),
            esc(&c.name),
            esc(&c.column),
            rupiah_text(c.old_sen, lang),
            rupiah_text(c.new_sen, lang),
            if c.difference_sen.is_some_and(|x| x > 0) { format!("+{diff}") } else { diff },
        );
    }
    h.push_str("</table></details></section>");
}

/// An amount in sen as rupiah with thousands separators (`.` in Indonesian, `,` in English),
/// sen shown only when there are any.
fn rupiah_text(sen: i64, lang: Lang) -> String {
    let (group, decimal) = match lang {
        Lang::Id => ('.', ','),
        Lang::En => (',', '.'),
    };
    let abs = sen.unsigned_abs();
    let digits = (abs / 100).to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(ch);
    }
    if abs % 100 != 0 {
        let _ = write!(out, "{decimal}{:02}", abs % 100);
    }
    if sen < 0 {
        out.insert(0, '-');
    }
    out
}

/// The reconstructed hierarchy of each money table (urusan / bidang / program / kegiatan /
/// sub kegiatan with the amount per money column), rows with findings marked by their worst
/// severity. Collapsed, so a long document's page stays short.
fn hierarchy(h: &mut String, doc: &Document, checked: &super::Checked, lang: Lang) {
    use crate::model::ItemLevel;
    let Some(model) = checked.model.as_ref() else {
        return;
    };
    let tables: Vec<&crate::model::TableModel> = model
        .tables
        .iter()
        .filter(|t| !t.money_keys.is_empty() && t.items.iter().any(|i| i.level.rank().is_some()))
        .collect();
    if tables.is_empty() {
        return;
    }
    let _ = write!(h, "<h2>{}</h2>", esc(&l("hierarchy", lang)));
    for t in tables {
        let mut worst: BTreeMap<usize, Severity> = BTreeMap::new();
        for f in checked
            .findings
            .iter()
            .filter(|f| f.table_index == t.index && !f.table.is_empty())
        {
            if let Some(r) = f.row {
                let w = worst.entry(r).or_insert(f.severity);
                *w = (*w).max(f.severity);
            }
        }
        let _ = write!(
            h,
            "<details class=\"hierarchy\" data-table=\"{}\"><summary>{} ({})</summary><table><tr><th>{}</th><th>{}</th>",
            t.index,
            esc(&t.title),
            esc(&l("p_page", lang).replace("{n}", &t.page.to_string())),
            esc(&l("code", lang)),
            esc(&l("name", lang)),
        );
        for k in &t.money_keys {
            let col = t.class.columns.iter().find(|c| &c.key == k);
            let head = col
                .and_then(|c| super::xlsx::printed_header(doc.tables.get(t.index), c.index))
                .or_else(|| col.map(|c| c.header.clone()))
                .unwrap_or_else(|| k.clone());
            let _ = write!(h, "<th>{}</th>", esc(&head));
        }
        h.push_str("</tr>");
        for it in &t.items {
            let depth = match it.level {
                ItemLevel::Total => 0,
                l => match l.rank() {
                    Some(r) => r.saturating_sub(1),
                    None => continue,
                },
            };
            let class = match worst.get(&it.row) {
                Some(s) => format!("hier flagged {}", sev_key(*s)),
                None => "hier".into(),
            };
            let name = match (it.name.is_empty(), lang) {
                (false, _) => it.name.clone(),
                (true, Lang::Id) => it.level.label().to_string(),
                (true, Lang::En) => it.level.label_en().to_string(),
            };
            let _ = write!(
                h,
                "<tr class=\"{class}\" data-row=\"{}\"><td>{}</td><td style=\"padding-left:{}em\">{}</td>",
                it.row + 1,
                esc(it.code.as_deref().unwrap_or("")),
                depth as f32 * 1.2 + 0.3,
                esc(&name),
            );
            for k in &t.money_keys {
                let v = it
                    .money
                    .get(k)
                    .map(|m| rupiah_text(m.value.0, lang))
                    .unwrap_or_default();
                let _ = write!(h, "<td class=\"num\">{v}</td>");
            }
            h.push_str("</tr>");
        }
        h.push_str("</table></details>");
    }
}

/// The review table beside the plan table, one line per item, the lines where they part
/// marked (a different amount, or an item only one of them has).
fn side_by_side(h: &mut String, checked: &super::Checked, lang: Lang) {
    let Some(model) = checked.model.as_ref() else {
        return;
    };
    let pairs = crate::checks::side::review_vs_plan(model);
    if pairs.is_empty() {
        return;
    }
    let _ = write!(h, "<h2>{}</h2>", esc(&l("side_by_side", lang)));
    for s in pairs {
        let differ = s.rows.iter().filter(|r| r.differs()).count();
        let _ = write!(
            h,
            "<details class=\"side\" data-review=\"{}\" data-plan=\"{}\"><summary>{} | {} ({})</summary><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            s.review_table,
            s.plan_table,
            esc(&s.review_title),
            esc(&s.plan_title),
            esc(&l("side_differ", lang).replace("{n}", &differ.to_string())),
            esc(&l("code", lang)),
            esc(&l("name", lang)),
            esc(&s.review_title),
            esc(&s.plan_title),
            esc(&l("difference", lang)),
        );
        for r in &s.rows {
            let cell = |v: Option<i64>| match v {
                Some(v) => rupiah_text(v, lang),
                None => "—".into(),
            };
            let diff = match r.difference() {
                Some(0) | None => String::new(),
                Some(d) if d > 0 => format!("+{}", rupiah_text(d, lang)),
                Some(d) => rupiah_text(d, lang),
            };
            let _ = write!(
                h,
                "<tr class=\"{}\"><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                if r.differs() { "hier flagged side-differs" } else { "hier" },
                esc(r.code.as_deref().unwrap_or("")),
                esc(&r.name),
                cell(r.review),
                cell(r.plan),
                diff,
            );
        }
        h.push_str("</table></details>");
    }
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
    let page_cell = match &f.evidence.printed_page {
        Some(p) => format!(
            "{page_cell}<br><small class=\"printed-page\" title=\"{0}\">{0}: {1}</small>",
            esc(&l("printed_page", lang)),
            esc(p)
        ),
        None => page_cell,
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
    let values = f.values(lang == Lang::En);
    let _ = write!(
        h,
        "<tr class=\"finding {sev}\" data-sev=\"{sev}\" data-check=\"{id}\" data-fingerprint=\"{fp}\"><td>{page_cell}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>",
        esc(&f.table),
        esc(&row),
        opt(&f.evidence.header),
        esc(values[0].unwrap_or("")),
        esc(values[1].unwrap_or("")),
        esc(values[2].unwrap_or("")),
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
    use super::{esc, parse_ppm, rupiah_text, Lang};

    #[test]
    fn reads_a_ppm_and_refuses_a_truncated_one() {
        let mut b = b"P6\n# comment\n2 1\n255\n".to_vec();
        b.extend_from_slice(&[1, 2, 3, 4, 5, 6]);
        let img = parse_ppm(&b).unwrap();
        assert_eq!((img.width, img.height, img.rgb.len()), (2, 1, 6));
        assert!(parse_ppm(&b[..b.len() - 1]).is_err());
        assert!(parse_ppm(b"P5\n1 1\n255\n\0").is_err());
    }

    #[test]
    fn amounts_are_grouped_in_the_language_s_style() {
        assert_eq!(rupiah_text(123_456_700, Lang::Id), "1.234.567");
        assert_eq!(rupiah_text(-123_456_750, Lang::En), "-1,234,567.50");
        assert_eq!(rupiah_text(0, Lang::Id), "0");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }
}
