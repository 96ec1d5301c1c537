//! The reviewer's workbook (`renja check --xlsx`): per document one .xlsx with a findings sheet
//! (every evidence field, amounts as numbers, a link to the finding's row in its table's sheet),
//! a sheet describing the document, and one sheet per extracted table (canonical codes, names,
//! amounts as numbers, the printed text beside them where it reads otherwise). Every sheet has a
//! frozen header and an autofilter; rows with findings are highlighted by conditional formats
//! keyed on their severity column, so the colour follows the rows through sorting and filtering.
//!
//! One workbook per document rather than one for all: a reviewer returns the findings to each
//! agency separately, and a sheet per table of every document would bury one document's tables
//! among the others' (and run into Excel's 31-character sheet names).

use super::html::l;
use super::{Checked, Lang};
use crate::checks::{Finding, Severity};
use crate::extracted::Document;
use crate::model::{DocModel, Item, TableModel};
use rust_xlsxwriter::utility::{column_number_to_name, quote_sheet_name};
use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, Format, FormatAlign, Url, Workbook, Worksheet, XlsxError,
};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Excel's limit on the characters of one cell.
const MAX_CELL_CHARS: usize = 32_767;
/// Excel's limit on the characters of a sheet name.
const MAX_SHEET_CHARS: usize = 31;

/// The formats of a workbook, made once.
struct Formats {
    header: Format,
    money: Format,
    money_sen: Format,
    link: Format,
    error_fill: Format,
    warning_fill: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xE8E8E8)),
            // `#,##0` is shown with the reader's own grouping (1.234.567 in an Indonesian Excel).
            money: Format::new().set_num_format("#,##0"),
            money_sen: Format::new().set_num_format("#,##0.00"),
            link: Format::new()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
            error_fill: Format::new().set_background_color(Color::RGB(0xF8CBAD)),
            warning_fill: Format::new().set_background_color(Color::RGB(0xFFF2CC)),
        }
    }
}

/// Text cut to what one Excel cell holds (a longer cell makes Excel repair the file).
fn clip(s: &str) -> &str {
    match s.char_indices().nth(MAX_CELL_CHARS) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// An amount in sen as an Excel number of rupiah. Excel numbers are doubles: whole rupiah (the
/// usual case) are exact below 2^53; an amount with sen is the nearest double, shown rounded
/// to two decimals by its format.
pub fn rupiah(sen: i64) -> f64 {
    if sen % 100 == 0 {
        (sen / 100) as f64
    } else {
        sen as f64 / 100.0
    }
}

/// A valid, unique sheet name for table `index` (0-based): `T3 2.4 Review Terhadap ...`.
/// The `T<n>` prefix alone makes names unique (no other sheet name starts with `T` and a
/// digit followed by a space), so cutting the title to Excel's 31 characters cannot collide.
pub fn table_sheet_name(index: usize, title: &str) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| {
            if "[]:*?/\\'".contains(c) || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut words: Vec<&str> = cleaned.split_whitespace().collect();
    // The sheet's own prefix numbers the table; a leading `Tabel` would only waste room.
    if words
        .first()
        .is_some_and(|w| w.eq_ignore_ascii_case("tabel") || w.eq_ignore_ascii_case("table"))
    {
        words.remove(0);
    }
    let full = format!("T{} {}", index + 1, words.join(" "));
    full.chars()
        .take(MAX_SHEET_CHARS)
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// Where each item of a table lands in its sheet.
struct SheetPlan {
    name: String,
    /// Body row index -> 0-based worksheet row.
    rows: HashMap<usize, u32>,
}

fn plan(model: Option<&DocModel>) -> Vec<SheetPlan> {
    model
        .map(|m| {
            m.tables
                .iter()
                .map(|t| SheetPlan {
                    name: table_sheet_name(t.index, &t.title),
                    rows: t
                        .items
                        .iter()
                        .enumerate()
                        .map(|(i, it)| (it.row, i as u32 + 1))
                        .collect(),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn sev_label(s: Severity, lang: Lang) -> String {
    l(
        match s {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        },
        lang,
    )
}

/// Writes the header row from label keys and returns the number of columns.
fn header(ws: &mut Worksheet, labels: &[String], fmt: &Formats) -> Result<u16, XlsxError> {
    for (c, label) in labels.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, clip(label), &fmt.header)?;
    }
    Ok(labels.len() as u16)
}

/// Frozen header, autofilter, and the fill of rows whose severity column says error / warning.
fn finish(
    ws: &mut Worksheet,
    rows: u32,
    cols: u16,
    sev_col: Option<u16>,
    fmt: &Formats,
    lang: Lang,
    freeze_cols: u16,
) -> Result<(), XlsxError> {
    ws.set_freeze_panes(1, freeze_cols)?;
    if cols == 0 {
        return Ok(());
    }
    ws.autofilter(0, 0, rows.max(1), cols - 1)?;
    if let (Some(sc), true) = (sev_col, rows > 0) {
        let letter = column_number_to_name(sc);
        for (s, fill) in [
            (Severity::Error, &fmt.error_fill),
            (Severity::Warning, &fmt.warning_fill),
        ] {
            let label = sev_label(s, lang).replace('"', "\"\"");
            let rule = ConditionalFormatFormula::new()
                .set_rule(format!("=${letter}2=\"{label}\"").as_str())
                .set_format(fill);
            ws.add_conditional_format(1, 0, rows, cols - 1, &rule)?;
        }
    }
    Ok(())
}

/// A money value, or the text the check gave when it is not an amount (a percentage, a unit).
fn amount_or_text(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    sen: Option<i64>,
    text: Option<&str>,
    fmt: &Formats,
) -> Result<(), XlsxError> {
    match (sen, text) {
        (Some(v), _) => {
            let f = if v % 100 == 0 {
                &fmt.money
            } else {
                &fmt.money_sen
            };
            ws.write_number_with_format(r, c, rupiah(v), f)?;
        }
        (None, Some(t)) if !t.is_empty() => {
            ws.write_string(r, c, clip(t))?;
        }
        _ => {}
    }
    Ok(())
}

fn findings_sheet(
    ws: &mut Worksheet,
    findings: &[&Finding],
    plans: &[SheetPlan],
    fmt: &Formats,
    lang: Lang,
) -> Result<(), XlsxError> {
    ws.set_name(l("findings", lang))?;
    let keys = [
        "no",
        "document",
        "check_id",
        "severity",
        "check",
        "page",
        "printed_page",
        "table",
        "row",
        "code",
        "printed_code",
        "numbering",
        "name",
        "column",
        "expected",
        "found",
        "difference",
        "cell_text",
        "message_id",
        "message_en",
        "fingerprint",
        "cell_page",
        "cell_bbox",
        "sheet_row",
    ];
    let labels: Vec<String> = keys.iter().map(|k| l(k, lang)).collect();
    let cols = header(ws, &labels, fmt)?;
    let col = |k: &str| keys.iter().position(|x| *x == k).unwrap_or(0) as u16;
    for (i, f) in findings.iter().enumerate() {
        let r = i as u32 + 1;
        let e = &f.evidence;
        ws.write_number(r, col("no"), (i + 1) as f64)?;
        ws.write_string(r, col("document"), clip(&f.document))?;
        ws.write_string(r, col("check_id"), &f.id)?;
        ws.write_string(r, col("severity"), sev_label(f.severity, lang))?;
        ws.write_string(r, col("check"), &f.check)?;
        if f.page > 0 {
            ws.write_number(r, col("page"), f.page as f64)?;
        }
        // A printed number stays a number for Excel's filters; a roman one stays text.
        if let Some(p) = e.printed_page.as_deref() {
            match p.parse::<u32>() {
                Ok(n) => ws.write_number(r, col("printed_page"), f64::from(n))?,
                Err(_) => ws.write_string(r, col("printed_page"), p)?,
            };
        }
        ws.write_string(r, col("table"), clip(&f.table))?;
        if let Some(row) = f.row {
            ws.write_number(r, col("row"), (row + 1) as f64)?;
        }
        for (k, v) in [
            ("code", &f.code),
            ("printed_code", &e.printed_code),
            ("numbering", &e.numbering),
            ("name", &f.name),
            ("column", &e.header),
        ] {
            if let Some(v) = v {
                ws.write_string(r, col(k), clip(v))?;
            }
        }
        amount_or_text(
            ws,
            r,
            col("expected"),
            e.expected_sen,
            f.expected.as_deref(),
            fmt,
        )?;
        amount_or_text(ws, r, col("found"), e.found_sen, f.found.as_deref(), fmt)?;
        amount_or_text(
            ws,
            r,
            col("difference"),
            e.difference_sen,
            f.difference.as_deref(),
            fmt,
        )?;
        if let Some(c) = &e.cell {
            ws.write_string(r, col("cell_text"), clip(&c.text))?;
            ws.write_number(r, col("cell_page"), c.page as f64)?;
            if let Some(b) = c.bbox {
                let bbox = format!("{:.1} {:.1} {:.1} {:.1}", b[0], b[1], b[2], b[3]);
                ws.write_string(r, col("cell_bbox"), bbox)?;
            }
        }
        ws.write_string(r, col("message_id"), clip(&f.message_id))?;
        ws.write_string(r, col("message_en"), clip(&f.message_en))?;
        ws.write_string(r, col("fingerprint"), clip(&e.fingerprint))?;
        // Findings outside the tables (running text, unreadable pages) have no sheet to link.
        if let Some(p) = (!f.table.is_empty())
            .then(|| plans.get(f.table_index))
            .flatten()
        {
            let target = f.row.and_then(|row| p.rows.get(&row)).copied().unwrap_or(0);
            let url = Url::new(format!(
                "internal:{}!A{}",
                quote_sheet_name(&p.name),
                target + 1
            ))
            .set_text(format!("{} : {}", p.name, target + 1));
            ws.write_url_with_format(r, col("sheet_row"), url, &fmt.link)?;
        }
    }
    for (k, w) in [
        ("table", 28.0),
        ("name", 40.0),
        ("column", 24.0),
        ("message_id", 60.0),
        ("message_en", 60.0),
        ("fingerprint", 30.0),
        ("sheet_row", 28.0),
    ] {
        ws.set_column_width(col(k), w)?;
    }
    for k in ["expected", "found", "difference"] {
        ws.set_column_width(col(k), 18.0)?;
    }
    finish(
        ws,
        findings.len() as u32,
        cols,
        Some(col("severity")),
        fmt,
        lang,
        0,
    )
}

/// The revision sheet (`--since`): every amount that changed for the same code, as numbers
/// (before, now, difference), then the counts of fixed / remaining / new findings.
fn changes_sheet(
    ws: &mut Worksheet,
    d: &super::revision::Delta,
    fmt: &Formats,
    lang: Lang,
) -> Result<(), XlsxError> {
    ws.set_name(l("changes_sheet", lang))?;
    let keys = [
        "page",
        "table",
        "code",
        "name",
        "column",
        "old",
        "now",
        "difference",
    ];
    let labels: Vec<String> = keys.iter().map(|k| l(k, lang)).collect();
    let cols = header(ws, &labels, fmt)?;
    for (i, c) in d.amount_changes.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_number(r, 0, f64::from(c.page))?;
        ws.write_string(r, 1, clip(&c.table))?;
        ws.write_string(r, 2, clip(&c.code))?;
        ws.write_string(r, 3, clip(&c.name))?;
        ws.write_string(r, 4, clip(&c.column))?;
        amount_or_text(ws, r, 5, Some(c.old_sen), None, fmt)?;
        amount_or_text(ws, r, 6, Some(c.new_sen), None, fmt)?;
        amount_or_text(ws, r, 7, c.difference_sen, None, fmt)?;
    }
    let rows = d.amount_changes.len() as u32;
    // The findings' side of the revision, below the list, with its source named.
    let mut r = rows + 2;
    let note = if d.amounts_compared {
        l("revision", lang).replace("{n}", &d.since)
    } else {
        l("amounts_not_compared", lang)
    };
    ws.write_string_with_format(r, 0, clip(&note), &fmt.header)?;
    for (k, n) in [
        ("fixed", d.fixed.len()),
        ("remain", d.remain.len()),
        ("new", d.new.len()),
    ] {
        r += 1;
        ws.write_string(r, 0, l(k, lang))?;
        ws.write_number(r, 1, n as f64)?;
    }
    ws.set_column_width(1, 28.0)?;
    ws.set_column_width(3, 40.0)?;
    ws.set_column_width(4, 24.0)?;
    for c in 5..8 {
        ws.set_column_width(c, 18.0)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows.max(1), cols - 1)?;
    Ok(())
}

fn document_sheet(
    ws: &mut Worksheet,
    checked: &Checked,
    pages: u32,
    plans: &[SheetPlan],
    fmt: &Formats,
    lang: Lang,
) -> Result<(), XlsxError> {
    ws.set_name(l("document_sheet", lang))?;
    let mut r = 0u32;
    let mut pair = |ws: &mut Worksheet, k: &str, v: &str| -> Result<(), XlsxError> {
        ws.write_string_with_format(r, 0, l(k, lang), &fmt.header)?;
        ws.write_string(r, 1, clip(v))?;
        r += 1;
        Ok(())
    };
    pair(ws, "document", &checked.document)?;
    if let Some(m) = &checked.meta {
        for (k, v) in super::meta_fields(m) {
            pair(ws, k, &v)?;
        }
    }
    pair(ws, "pages", &pages.to_string())?;
    for s in [Severity::Error, Severity::Warning, Severity::Info] {
        let n = checked.findings.iter().filter(|f| f.severity == s).count();
        pair(ws, sev_key(s), &n.to_string())?;
    }
    if checked.findings.is_empty() {
        pair(ws, "findings", &l("no_findings", lang))?;
    }
    // The list of table sheets, each a link.
    r += 1;
    let top = r;
    for (c, k) in ["sheet", "table", "table_kind", "page", "items", "findings"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(r, c as u16, l(k, lang), &fmt.header)?;
    }
    if let Some(m) = checked.model.as_ref() {
        for (t, p) in m.tables.iter().zip(plans) {
            r += 1;
            let url = Url::new(format!("internal:{}!A1", quote_sheet_name(&p.name)))
                .set_text(p.name.clone());
            ws.write_url_with_format(r, 0, url, &fmt.link)?;
            ws.write_string(r, 1, clip(&t.title))?;
            ws.write_string(r, 2, clip(&t.class.kind_label))?;
            if t.page > 0 {
                ws.write_number(r, 3, t.page as f64)?;
            }
            ws.write_number(r, 4, t.items.len() as f64)?;
            let n = checked
                .findings
                .iter()
                .filter(|f| f.table_index == t.index && !f.table.is_empty())
                .count();
            ws.write_number(r, 5, n as f64)?;
        }
    }
    if top == r {
        ws.write_string(r + 1, 0, l("no_tables_sheet", lang))?;
    }
    ws.set_column_width(0, 30.0)?;
    ws.set_column_width(1, 60.0)?;
    ws.set_column_width(2, 30.0)?;
    Ok(())
}

fn sev_key(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// Whether a money cell's printed text reads as something else than its parsed value: a flag
/// was raised, the amount was scaled (`Rp.000`), or the printed digits are not the amount's
/// digits in rupiah or in sen (an OCR reading corrected by the arithmetic).
fn printed_differs(raw: &str, sen: i64, flagged: bool) -> bool {
    if flagged {
        return true;
    }
    let digits: String = raw.chars().filter(|c| c.is_ascii_digit()).collect();
    let digits = digits.trim_start_matches('0');
    let abs = sen.unsigned_abs();
    let as_sen = abs.to_string();
    let as_rupiah = (abs / 100).to_string();
    let whole = abs % 100 == 0;
    let zero = abs == 0 && digits.is_empty();
    !(zero || digits == as_sen || (whole && digits == as_rupiah))
}

/// One money column of a table sheet.
struct MoneyCol<'a> {
    key: &'a str,
    header: String,
    /// A neighbouring column with the printed text, when some cell reads otherwise.
    printed: bool,
    sen: bool,
}

/// Column `c`'s header as printed: its header rows' texts top to bottom, joined by ` / `
/// (the row of column numbers left out), as in a finding's evidence.
pub(super) fn printed_header(t: Option<&crate::extracted::Table>, c: usize) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for h in &t?.header_rows {
        let Some(txt) = h
            .get(c)
            .map(|x| x.text.split_whitespace().collect::<Vec<_>>().join(" "))
        else {
            continue;
        };
        let named = !txt.is_empty() && !txt.chars().all(|ch| ch.is_ascii_digit());
        if named && !parts.contains(&txt) {
            parts.push(txt);
        }
    }
    (!parts.is_empty()).then(|| parts.join(" / "))
}

fn table_sheet(
    ws: &mut Worksheet,
    t: &TableModel,
    printed: Option<&crate::extracted::Table>,
    plan: &SheetPlan,
    findings: &[&Finding],
    fmt: &Formats,
    lang: Lang,
) -> Result<(), XlsxError> {
    ws.set_name(&plan.name)?;
    // The header as printed (the classifier's copy is normalised to lower case), falling back
    // to the classifier's text and then to the key.
    let header_of = |key: &str| {
        let col = t.class.columns.iter().find(|c| c.key == key);
        col.and_then(|c| printed_header(printed, c.index))
            .or_else(|| {
                col.map(|c| c.header.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|h| !h.is_empty())
            })
            .unwrap_or_else(|| key.to_string())
    };
    let money: Vec<MoneyCol> = t
        .money_keys
        .iter()
        .map(|k| {
            let cells = t.items.iter().filter_map(|it| it.money.get(k));
            let mut printed = false;
            let mut sen = false;
            for m in cells {
                printed |= printed_differs(&m.raw, m.value.0, !m.flags.is_empty());
                sen |= m.value.0 % 100 != 0;
            }
            if t.scaled_thousands {
                printed = true;
            }
            MoneyCol {
                key: k,
                header: header_of(k),
                printed,
                sen,
            }
        })
        .collect();
    let texts: Vec<&crate::classify::Column> = t
        .class
        .columns
        .iter()
        .filter(|c| !c.money && !matches!(c.role.as_str(), "code" | "no" | "name"))
        .collect();
    let code_differs = |it: &Item| {
        let raw: String = it.code_raw.split_whitespace().collect();
        !raw.is_empty() && Some(raw.as_str()) != it.code.as_deref()
    };
    let has_printed_code = t.items.iter().any(code_differs);
    let has_numbering = t.items.iter().any(|it| it.numbering.is_some());

    let mut labels: Vec<String> = vec![l("row", lang), l("page", lang), l("level", lang)];
    if has_numbering {
        labels.push(l("numbering", lang));
    }
    labels.push(l("code", lang));
    if has_printed_code {
        labels.push(l("printed_code", lang));
    }
    labels.push(l("name", lang));
    let name_col = labels.len() as u16 - 1;
    for m in &money {
        labels.push(m.header.clone());
        if m.printed {
            labels.push(l("printed", lang).replace("{n}", &m.header));
        }
    }
    for c in &texts {
        labels.push(header_of(&c.key));
    }
    labels.push(l("findings", lang));
    labels.push(l("severity", lang));
    let cols = header(ws, &labels, fmt)?;
    let sev_col = cols - 1;

    let mut by_row: BTreeMap<usize, Vec<&Finding>> = BTreeMap::new();
    for f in findings
        .iter()
        .filter(|f| f.table_index == t.index && !f.table.is_empty())
    {
        if let Some(r) = f.row {
            by_row.entry(r).or_default().push(f);
        }
    }
    for (i, it) in t.items.iter().enumerate() {
        let r = plan.rows.get(&it.row).copied().unwrap_or(i as u32 + 1);
        let mut c = 0u16;
        ws.write_number(r, c, (it.row + 1) as f64)?;
        c += 1;
        if it.page > 0 {
            ws.write_number(r, c, it.page as f64)?;
        }
        c += 1;
        let level = match lang {
            Lang::Id => it.level.label(),
            Lang::En => it.level.label_en(),
        };
        ws.write_string(r, c, level)?;
        c += 1;
        if has_numbering {
            if let Some(n) = &it.numbering {
                ws.write_string(r, c, clip(n))?;
            }
            c += 1;
        }
        if let Some(code) = &it.code {
            ws.write_string(r, c, clip(code))?;
        }
        c += 1;
        if has_printed_code {
            if code_differs(it) {
                ws.write_string(r, c, clip(it.code_raw.trim()))?;
            }
            c += 1;
        }
        ws.write_string(r, c, clip(&it.name))?;
        c += 1;
        for m in &money {
            let cell = it.money.get(m.key);
            if let Some(cell) = cell {
                let f = if m.sen { &fmt.money_sen } else { &fmt.money };
                ws.write_number_with_format(r, c, rupiah(cell.value.0), f)?;
            }
            c += 1;
            if m.printed {
                if let Some(cell) = cell.filter(|x| {
                    t.scaled_thousands || printed_differs(&x.raw, x.value.0, !x.flags.is_empty())
                }) {
                    ws.write_string(r, c, clip(&cell.raw))?;
                }
                c += 1;
            }
        }
        for col in &texts {
            if let Some(txt) = it.cells.get(col.index).filter(|s| !s.trim().is_empty()) {
                ws.write_string(r, c, clip(txt))?;
            }
            c += 1;
        }
        if let Some(fs) = by_row.get(&it.row) {
            let mut ids: Vec<&str> = fs.iter().map(|f| f.id.as_str()).collect();
            ids.dedup();
            ws.write_string(r, c, ids.join(", "))?;
            let worst = fs
                .iter()
                .map(|f| f.severity)
                .max()
                .unwrap_or(Severity::Info);
            ws.write_string(r, c + 1, sev_label(worst, lang))?;
        }
    }
    ws.set_column_width(name_col, 48.0)?;
    for (i, _) in labels.iter().enumerate().skip(name_col as usize + 1) {
        ws.set_column_width(i as u16, 18.0)?;
    }
    finish(
        ws,
        t.items.len() as u32,
        cols,
        Some(sev_col),
        fmt,
        lang,
        name_col + 1,
    )
}

/// Writes the workbook of one checked document (read from `doc`) to `path`.
pub fn write_workbook(
    path: &Path,
    doc: &Document,
    checked: &Checked,
    since: Option<&super::revision::Delta>,
    lang: Lang,
) -> Result<(), String> {
    let pages = doc.pages;
    let err = |e: XlsxError| format!("{}: {e}", path.display());
    let fmt = Formats::new();
    let model = checked.model.as_ref();
    let plans = plan(model);
    let mut findings: Vec<&Finding> = checked.findings.iter().collect();
    // Most serious first, as in the HTML report; within a severity, in page order.
    findings.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.page.cmp(&b.page)));
    let mut wb = Workbook::new();
    findings_sheet(wb.add_worksheet(), &findings, &plans, &fmt, lang).map_err(err)?;
    document_sheet(wb.add_worksheet(), checked, pages, &plans, &fmt, lang).map_err(err)?;
    if let Some(d) = since {
        changes_sheet(wb.add_worksheet(), d, &fmt, lang).map_err(err)?;
    }
    if let Some(m) = model {
        for (t, p) in m.tables.iter().zip(&plans) {
            let printed = doc.tables.get(t.index);
            table_sheet(wb.add_worksheet(), t, printed, p, &findings, &fmt, lang).map_err(err)?;
        }
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    wb.save(path).map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_keep_their_number() {
        let long = "Tabel 2.4 Review Terhadap Rancangan Awal RKPD Tahun 2024 [draft]: a/b*c?";
        let n = table_sheet_name(11, long);
        assert!(n.starts_with("T12 2.4 Review"), "{n}");
        assert!(
            rust_xlsxwriter::utility::check_sheet_name(&n).is_ok(),
            "{n}"
        );
        assert!(n.chars().count() <= 31);
        let odd = table_sheet_name(0, "'quoted' [x]");
        assert!(
            rust_xlsxwriter::utility::check_sheet_name(&odd).is_ok(),
            "{odd}"
        );
        assert_ne!(table_sheet_name(0, long), table_sheet_name(10, long));
    }

    #[test]
    fn printed_text_differs_only_when_it_reads_otherwise() {
        assert!(!printed_differs("1.234.567", 123_456_700, false));
        assert!(!printed_differs("1.234.567,00", 123_456_700, false));
        assert!(!printed_differs("0", 0, false));
        assert!(printed_differs("1.234.561", 123_456_700, false));
        assert!(printed_differs("Rp 1.234.567", 123_456_700, true));
        assert!(!printed_differs("1.234,50", 123_450, false));
    }

    #[test]
    fn whole_rupiah_are_exact() {
        assert_eq!(rupiah(9_007_199_254_740_900), 90_071_992_547_409.0);
        assert_eq!(rupiah(150), 1.5);
    }
}
