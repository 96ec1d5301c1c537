//! Evidence: where on the page a finding's cell is and what was printed there, so a reviewer
//! (and a later submission's run) can find and recognise it without the internal column keys.
//!
//! Attached after the checks from the extracted document, which alone knows the cells' boxes;
//! the checks themselves only see the model.

use super::Finding;
use crate::extracted::Document;
use crate::model::{DocKind, DocModel};
use crate::normalize::number;
use serde::{Deserialize, Serialize};

/// One printed cell a finding points at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellRef {
    /// Page (1-based).
    pub page: u32,
    /// Bounding box in PDF points (`x0 y0 x1 y1`, top-left origin), when the layout knew it.
    pub bbox: Option<[f32; 4]>,
    /// The cell's text as printed.
    pub text: String,
}

/// What a finding's record carries beyond the message: the printed evidence and a fingerprint.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Evidence {
    /// The finding's own cell (the odd amount, the wrong total).
    pub cell: Option<CellRef>,
    /// The row's code as printed (before canonicalisation), when there is one.
    pub printed_code: Option<String>,
    /// The row's number as printed (`1.`, `a.`), when there is one.
    pub numbering: Option<String>,
    /// The page number printed on the finding's page (`12`, `iv`), when the page shows one:
    /// the number a reviewer cites, beside the PDF page index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub printed_page: Option<String>,
    /// The column's header as printed, its header rows joined by ` / `.
    pub header: Option<String>,
    /// Expected amount in sen (1/100 rupiah), for findings about money.
    pub expected_sen: Option<i64>,
    /// Found amount in sen.
    pub found_sen: Option<i64>,
    /// Found minus expected, in sen.
    pub difference_sen: Option<i64>,
    /// Check id, document kind, code, column role and year: the same problem in a later
    /// submission of the document has the same fingerprint.
    pub fingerprint: String,
}

/// Fills the evidence of `findings` from the document they were found in.
pub fn attach(findings: &mut [Finding], doc: &Document, model: &DocModel) {
    let kind = match model.meta.kind {
        Some(DocKind::Renja) => "renja",
        Some(DocKind::PerubahanRenja) => "perubahan_renja",
        Some(DocKind::Evaluation) => "evaluasi",
        Some(DocKind::Iku) => "iku",
        _ => "dokumen",
    };
    // Items by (table, row), built once: a search per finding was quadratic in large tables.
    let mut by_row: std::collections::HashMap<(usize, usize), &crate::model::Item> =
        std::collections::HashMap::new();
    for (ti, t) in model.tables.iter().enumerate() {
        for it in &t.items {
            by_row.entry((ti, it.row)).or_insert(it);
        }
    }
    for f in findings.iter_mut() {
        let tm = model.tables.get(f.table_index);
        let item = f.row.and_then(|r| by_row.get(&(f.table_index, r)).copied());
        let col_idx = match (item, f.column.as_deref()) {
            (Some(it), Some(key)) => it.money.get(key).map(|m| m.col),
            _ => None,
        };
        // Role and year come from the classified column the key names, not from the key's text.
        let column = f
            .column
            .as_deref()
            .and_then(|key| tm.and_then(|t| t.class.columns.iter().find(|c| c.key == key)));
        let role = column.map(|c| c.role.as_str()).unwrap_or("");
        let year = column
            .and_then(|c| {
                c.year_block()
                    .map(|y| y.trim_start_matches('y').to_string())
                    .or_else(|| c.block.clone())
            })
            .or_else(|| model.meta.year.map(|y| y.to_string()))
            .unwrap_or_default();
        let e = &mut f.evidence;
        e.fingerprint = [
            f.id.as_str(),
            kind,
            f.code.as_deref().unwrap_or(""),
            role,
            year.as_str(),
        ]
        .join("|");
        if col_idx.is_some() {
            // Checks that pass amounts as formatted text (in the document's own style) still
            // get exact integers, read back the way the table's cells were read.
            let sen = |t: &Option<String>| {
                t.as_deref()
                    .and_then(|s| number::parse_money(s, model.style).value)
                    .map(|m| m.0)
            };
            e.expected_sen = e.expected_sen.or_else(|| sen(&f.expected));
            e.found_sen = e.found_sen.or_else(|| sen(&f.found));
            e.difference_sen = e.difference_sen.or_else(|| sen(&f.difference));
        }
        if let Some(it) = item {
            e.printed_code = Some(it.code_raw.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|c| !c.is_empty());
            e.numbering = it.numbering.clone().filter(|n| !n.is_empty());
        }
        let printed = |p: u32| doc.printed_pages.get(&p).cloned();
        e.printed_page = printed(f.page);
        let (Some(t), Some(r), Some(c)) = (doc.tables.get(f.table_index), f.row, col_idx) else {
            continue;
        };
        if let Some(cell) = t.rows.get(r).and_then(|row| row.cells.get(c)) {
            e.cell = Some(CellRef {
                page: cell.page,
                bbox: cell.bbox.map(|b| [b.x0, b.y0, b.x1, b.y1]),
                text: cell.text.clone(),
            });
            // The cell may sit on a later page than the row's table starts on.
            e.printed_page = printed(cell.page).or(e.printed_page.take());
        }
        let mut parts: Vec<&str> = Vec::new();
        for h in &t.header_rows {
            // The row of column numbers (`1 2 3 ...`) under the header names no column.
            let named = |s: &&str| !s.is_empty() && !s.chars().all(|ch| ch.is_ascii_digit());
            if let Some(txt) = h.get(c).map(|x| x.text.trim()).filter(named) {
                if !parts.contains(&txt) {
                    parts.push(txt);
                }
            }
        }
        if !parts.is_empty() {
            e.header = Some(parts.join(" / "));
        }
    }
}
