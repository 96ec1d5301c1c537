//! Coverage: which tables of a document the checks could work on, and why the others were not
//! checked (RJ007, RJ008, RJ009). A document whose tables were all skipped, or in which nothing
//! table-like was read, must never look clean: an OCR-damaged header that hides a table's kind
//! and money columns switches off every sum and cross-table check on it.

use super::{Ctx, Params};
use crate::classify::TableKind;
use crate::model::{DocModel, TableModel};
use serde::Serialize;

/// Why a table was not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unchecked {
    /// No body row with content.
    TooFewRows,
    /// No header text that names any column.
    HeaderUnreadable,
    /// The kind could not be told from title and header, and no sum could be formed.
    KindUnknown,
    /// The body holds amounts but the header maps no pagu / realisasi column.
    NoMoneyColumn,
    /// Money columns, but no code or numbering column: the hierarchy (program, kegiatan, sub
    /// kegiatan) the sums go by could not be read.
    NoCodeColumn,
}

impl Unchecked {
    /// The `[phrases]` key of the reason in rules/checks.toml.
    pub fn phrase_key(self) -> &'static str {
        match self {
            Unchecked::TooFewRows => "unchecked_too_few_rows",
            Unchecked::HeaderUnreadable => "unchecked_header_unreadable",
            Unchecked::KindUnknown => "unchecked_kind_unknown",
            Unchecked::NoMoneyColumn => "unchecked_no_money_column",
            Unchecked::NoCodeColumn => "unchecked_no_code_column",
        }
    }

    /// The reason as a phrase (Indonesian, English).
    pub fn phrase(self) -> (String, String) {
        super::phrase(self.phrase_key(), "")
    }
}

/// Whether one table was checked.
#[derive(Debug, Clone, Serialize)]
pub struct TableCoverage {
    /// 0-based table index in the document.
    pub index: usize,
    /// First page (0 for text exports).
    pub page: u32,
    /// Title as printed (or the made-up one).
    pub title: String,
    /// `None` when checks ran on the table.
    pub unchecked: Option<Unchecked>,
}

/// Kinds whose checks go by the program / kegiatan / sub kegiatan hierarchy of money rows.
fn hierarchical(kind: TableKind) -> bool {
    matches!(
        kind,
        TableKind::Plan | TableKind::ReviewRkpd | TableKind::Evaluation | TableKind::Proposals
    )
}

/// Why `t` was not checked, or `None` when some check could work on it.
fn status(t: &TableModel, tol_sen: i64) -> Option<Unchecked> {
    if t.items.is_empty() {
        return Some(Unchecked::TooFewRows);
    }
    let has_note = |id: &str| t.notes.iter().any(|n| n.id == id);
    let named = t.class.columns.iter().any(|c| c.role != "other");
    let known_kind = t.class.kind != TableKind::Other;
    // A table of unknown kind still has its sums checked when its money columns and hierarchy
    // were read.
    let sums = !t.money_keys.is_empty() && !super::sums::equations(t, tol_sen).is_empty();
    if !known_kind {
        if sums {
            return None;
        }
        return Some(if named {
            Unchecked::KindUnknown
        } else {
            Unchecked::HeaderUnreadable
        });
    }
    // A kind told from the title alone, over a header none of whose columns was recognised.
    if !named {
        return Some(Unchecked::HeaderUnreadable);
    }
    // Service, indicator and goal tables have checks of their own without money columns.
    if hierarchical(t.class.kind) && has_note("no_money_column") {
        return Some(Unchecked::NoMoneyColumn);
    }
    if hierarchical(t.class.kind)
        && !t.money_keys.is_empty()
        && !t.items.iter().any(|i| i.level.rank().is_some())
    {
        return Some(Unchecked::NoCodeColumn);
    }
    None
}

/// Whether `t` is something table-like: a body row, or a printed title over an empty body. A
/// lone untitled header line (a tab-separated line of running text, random bytes read as a
/// text export) is not counted as a table read.
fn table_like(t: &TableModel) -> bool {
    if !t.title.starts_with(crate::model::UNTITLED_PREFIX) {
        return true;
    }
    // Untitled: table-like when a column was named or the body holds an amount or a code, as
    // an OCR'd table under a garbled header still does; lines of garbage hold neither.
    t.class.columns.iter().any(|c| c.role != "other")
        || t.items
            .iter()
            .any(|i| i.code.is_some() || !i.money.is_empty())
        || t.notes.iter().any(|n| n.id == "unknown_kind")
}

/// Coverage of every table-like table of a document, in table order.
pub fn coverage(doc: &DocModel) -> Vec<TableCoverage> {
    let tol = super::rules().sum_tolerance_rupiah * 100;
    doc.tables
        .iter()
        .filter(|t| table_like(t))
        .map(|t| TableCoverage {
            index: t.index,
            page: t.page,
            title: t.title.clone(),
            unchecked: status(t, tol),
        })
        .collect()
}

/// Whether nothing in the document was checked: no table read, or none of them checked.
pub fn nothing_checked(cov: &[TableCoverage]) -> bool {
    cov.iter().all(|c| c.unchecked.is_some())
}

/// RJ007 for each table not checked; RJ008 when no table was read at all, RJ009 when tables
/// were read but none checked.
pub(crate) fn check(ctx: &mut Ctx) {
    let cov = coverage(ctx.doc);
    let doc = ctx.doc;
    for c in &cov {
        let Some(why) = c.unchecked else { continue };
        let (id, en) = why.phrase();
        let Some(t) = doc.tables.iter().find(|t| t.index == c.index) else {
            continue;
        };
        ctx.emit(
            "RJ007",
            t,
            None,
            None,
            None,
            None,
            None,
            Params::default().set("reason", id).set("reason_en", en),
        );
    }
    if cov.is_empty() {
        ctx.emit_doc("RJ008", 0, (None, None, None), Params::default());
    } else if nothing_checked(&cov) {
        ctx.emit_doc(
            "RJ009",
            0,
            (None, None, None),
            Params::default().set("tables", cov.len().to_string()),
        );
    }
}
