//! The review-of-RKPD table and the plan table aligned item by item, for the reviewer's report
//! (issue 10: "the review table and the plan table side by side where both exist, differences
//! marked"). The pairing is the one RJ201/RJ202 use (same code first, then the most similar
//! name), so the side-by-side view and the findings never disagree about which rows match.

use super::cross::{compared_items, plan_key, plan_tables, review_key, ItemIndex};
use crate::classify::TableKind;
use crate::model::{DocModel, ItemLevel, TableModel};

/// One review table and one plan table of a document, aligned.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SideBySide {
    /// Index of the review table in `DocModel::tables`.
    pub review_table: usize,
    /// Index of the plan table.
    pub plan_table: usize,
    /// Titles as printed.
    pub review_title: String,
    /// Title of the plan table.
    pub plan_title: String,
    /// Aligned rows, in plan order with review-only items where the review has them.
    pub rows: Vec<SideRow>,
}

/// One item as the two tables state it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SideRow {
    /// Canonical code, from whichever table knows it.
    pub code: Option<String>,
    /// Name as printed (the plan's when both have the item).
    pub name: String,
    /// Level in the hierarchy.
    pub level: ItemLevel,
    /// Pagu in the review's hasil analisis column, sen.
    pub review: Option<i64>,
    /// Pagu in the plan, sen.
    pub plan: Option<i64>,
    /// 0-based row of the item in the review table, when it has the item.
    pub review_row: Option<usize>,
    /// 0-based row of the item in the plan table.
    pub plan_row: Option<usize>,
}

impl SideRow {
    /// The two tables disagree: an amount differs, or only one states the item with an amount.
    pub fn differs(&self) -> bool {
        self.review != self.plan
    }

    /// Plan minus review, when both state an amount (None on overflow, never for real data).
    pub fn difference(&self) -> Option<i64> {
        self.plan?.checked_sub(self.review?)
    }
}

/// Every (review, plan) pair of `doc` with both money columns known, aligned.
pub fn review_vs_plan(doc: &DocModel) -> Vec<SideBySide> {
    let plans = plan_tables(doc);
    let mut out = Vec::new();
    for r in doc
        .tables
        .iter()
        .filter(|t| t.class.kind == TableKind::ReviewRkpd)
    {
        let Some(rk) = review_key(r) else { continue };
        for p in &plans {
            let Some(pk) = plan_key(p) else { continue };
            out.push(align(r, &rk, p, &pk));
        }
    }
    out
}

fn align(r: &TableModel, rk: &str, p: &TableModel, pk: &str) -> SideBySide {
    let (ri, pi) = (compared_items(r), compared_items(p));
    let p_ix = ItemIndex::new(&p.items, pi.iter().copied());
    // Review items keyed by the plan item they match; the unmatched ones wait for the plan
    // item that follows the last matched review item, so they land where the review has them.
    let mut matched: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut before: std::collections::HashMap<Option<usize>, Vec<usize>> =
        std::collections::HashMap::new();
    let mut last: Option<usize> = None;
    for &a in &ri {
        match p_ix.find(&r.items[a]) {
            Some((kb, _)) if !matched.contains_key(&kb) => {
                matched.insert(kb, a);
                last = Some(kb);
            }
            _ => before.entry(last).or_default().push(a),
        }
    }
    let amount = |t: &TableModel, k: usize, key: &str| t.items[k].money.get(key).map(|m| m.value.0);
    let review_only = |a: usize| SideRow {
        code: r.items[a].code.clone(),
        name: r.items[a].name.clone(),
        level: r.items[a].level,
        review: amount(r, a, rk),
        plan: None,
        review_row: Some(r.items[a].row),
        plan_row: None,
    };
    let mut rows: Vec<SideRow> = before
        .get(&None)
        .into_iter()
        .flatten()
        .map(|&a| review_only(a))
        .collect();
    for &b in &pi {
        let ib = &p.items[b];
        let a = matched.get(&b).copied();
        rows.push(SideRow {
            code: ib
                .code
                .clone()
                .or_else(|| a.and_then(|a| r.items[a].code.clone())),
            name: ib.name.clone(),
            level: ib.level,
            review: a.and_then(|a| amount(r, a, rk)),
            plan: amount(p, b, pk),
            review_row: a.map(|a| r.items[a].row),
            plan_row: Some(ib.row),
        });
        if matched.contains_key(&b) {
            rows.extend(
                before
                    .get(&Some(b))
                    .into_iter()
                    .flatten()
                    .map(|&a| review_only(a)),
            );
        }
    }
    SideBySide {
        review_table: r.index,
        plan_table: p.index,
        review_title: r.title.clone(),
        plan_title: p.title.clone(),
        rows,
    }
}
