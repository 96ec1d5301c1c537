//! The revision cycle (`renja check new.pdf --since old.pdf`): which findings the agency fixed,
//! which remain and which are new (by fingerprint), and which amounts changed between the two
//! submissions for the same code, so the reviewer sees what was edited, not only what is still
//! wrong.

use super::{Checked, Revision};
use crate::extracted::Document;
use crate::model::DocModel;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Where an amount sits, independent of its row and page: the table's kind, the row's
/// canonical code and the money column's key (role, block and year).
pub type AmountKey = (String, String, String);

/// One amount of a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    /// Table title.
    pub table: String,
    /// Row name as printed.
    pub name: String,
    /// Column header as printed (the key when the header is not known).
    pub header: String,
    /// Page of the row.
    pub page: u32,
    /// The amount in sen.
    pub sen: i64,
}

/// Every coded amount of a document by [`AmountKey`]; the first table of a kind wins when two
/// carry the same code (a plan repeated as an annex).
pub fn amounts(doc: &Document, model: &DocModel) -> BTreeMap<AmountKey, Amount> {
    let mut out = BTreeMap::new();
    for t in &model.tables {
        let kind = format!("{:?}", t.class.kind);
        for it in &t.items {
            // Codes starting with `X` are placeholders the model made up for uncoded rows.
            let Some(code) = it.code.as_deref().filter(|c| !c.starts_with('X')) else {
                continue;
            };
            for (key, m) in &it.money {
                let header = t
                    .class
                    .columns
                    .iter()
                    .find(|c| &c.key == key)
                    .and_then(|c| {
                        super::xlsx::printed_header(doc.tables.get(t.index), c.index)
                            .or_else(|| Some(c.header.clone()).filter(|h| !h.is_empty()))
                    })
                    .unwrap_or_else(|| key.clone());
                out.entry((kind.clone(), code.to_string(), key.clone()))
                    .or_insert_with(|| Amount {
                        table: t.title.clone(),
                        name: it.name.clone(),
                        header,
                        page: it.page,
                        sen: m.value.0,
                    });
            }
        }
    }
    out
}

/// An amount printed differently in the two submissions for the same code and column.
#[derive(Debug, Clone, Serialize)]
pub struct AmountChange {
    /// Table title in the new submission.
    pub table: String,
    /// Table kind (`Plan`, `ReviewRkpd`, ...).
    pub table_kind: String,
    /// Canonical code.
    pub code: String,
    /// Row name in the new submission.
    pub name: String,
    /// Column header as printed in the new submission.
    pub column: String,
    /// Internal column key (role, block and year), the same in both.
    pub column_key: String,
    /// Page of the row in the new submission.
    pub page: u32,
    /// The earlier amount, in sen.
    pub old_sen: i64,
    /// The new amount, in sen.
    pub new_sen: i64,
    /// New minus old, in sen (`None` only if it does not fit an i64).
    pub difference_sen: Option<i64>,
}

/// What changed between the earlier submission and this one.
#[derive(Debug, Clone, Serialize)]
pub struct Delta {
    /// The document checked now.
    pub document: String,
    /// The earlier submission (its file name).
    pub since: String,
    /// Fingerprints of the earlier findings no longer found.
    pub fixed: Vec<String>,
    /// Fingerprints found in both.
    pub remain: Vec<String>,
    /// Fingerprints found only now.
    pub new: Vec<String>,
    /// Whether amounts were compared (not when `--since` named a findings.json, which holds
    /// no amounts).
    pub amounts_compared: bool,
    /// Amounts of the same code and column that differ, in the new document's table order.
    pub amount_changes: Vec<AmountChange>,
    /// Coded amounts only in the earlier submission (rows removed).
    pub only_earlier: usize,
    /// Coded amounts only in this one (rows added).
    pub only_now: usize,
}

/// Compares the checked document with the earlier submission.
pub fn delta(rev: &Revision, checked: &Checked, doc: &Document) -> Delta {
    let now: BTreeSet<&str> = checked
        .findings
        .iter()
        .map(|f| f.evidence.fingerprint.as_str())
        .collect();
    let fixed = rev
        .earlier
        .iter()
        .filter(|f| !now.contains(f.as_str()))
        .cloned()
        .collect();
    let (remain, new): (Vec<&str>, Vec<&str>) = now.iter().partition(|f| rev.earlier.contains(**f));
    let mut d = Delta {
        document: checked.document.clone(),
        since: rev.source.clone(),
        fixed,
        remain: remain.into_iter().map(str::to_string).collect(),
        new: new.into_iter().map(str::to_string).collect(),
        amounts_compared: false,
        amount_changes: Vec::new(),
        only_earlier: 0,
        only_now: 0,
    };
    let (Some(old), Some(model)) = (&rev.amounts, checked.model.as_ref()) else {
        return d;
    };
    d.amounts_compared = true;
    let current = amounts(doc, model);
    let mut changes: Vec<(u32, AmountChange)> = Vec::new();
    for (k, a) in &current {
        match old.get(k) {
            Some(o) if o.sen != a.sen => changes.push((
                a.page,
                AmountChange {
                    table: a.table.clone(),
                    table_kind: k.0.clone(),
                    code: k.1.clone(),
                    name: a.name.clone(),
                    column: a.header.clone(),
                    column_key: k.2.clone(),
                    page: a.page,
                    old_sen: o.sen,
                    new_sen: a.sen,
                    difference_sen: a.sen.checked_sub(o.sen),
                },
            )),
            Some(_) => {}
            None => d.only_now += 1,
        }
    }
    d.only_earlier = old.keys().filter(|k| !current.contains_key(*k)).count();
    // Page order, then code: the order the reviewer pages through the document.
    changes.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.code.cmp(&b.1.code)));
    d.amount_changes = changes.into_iter().map(|(_, c)| c).collect();
    d
}
