//! Everything reported once: one odd cell breaks a sum, a cross-table pair and a percentage,
//! and the reviewer should read one finding (the one naming the cell) with its consequences,
//! not five findings that each look like a problem of their own.
//!
//! A pass after every check has run. Each finding gets a stable `uid` within the run; a finding
//! that another explains gets `caused_by` (that finding's uid) and the explaining one lists it
//! in `consequences`. Which checks explain and which are explained, and how the match is
//! proved, is data (`[grouping]` in rules/checks.toml); the proof is always arithmetic: the
//! cause's reconciling value must make the consequence disappear (the same difference on the
//! same lineage, column role and year, or a percentage that holds with the corrected amount).

use super::Finding;
use crate::model::{DocModel, Item, ItemLevel};
use crate::normalize::number::{parse_decimal, NumberStyle};
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};

/// How findings are grouped under the one that explains them (`[grouping]`).
#[derive(Debug, Clone, Deserialize, Default)]
pub struct GroupRules {
    /// Checks whose finding names one odd cell with the value that reconciles it, strongest
    /// proof first: a cell a table's own sum proves explains a cross-table pair, not the reverse.
    #[serde(default)]
    pub causes: Vec<String>,
    /// Which checks can be a consequence, and how the match is proved.
    #[serde(default)]
    pub consequence: Vec<ConsequenceRule>,
    /// Column blocks whose amounts are for the year after the document's (prakiraan maju).
    #[serde(default)]
    pub next_year_blocks: Vec<String>,
    /// Absolute tolerance, in percentage points, of a percentage recomputed with the cause's
    /// reconciling value.
    #[serde(default)]
    pub ratio_tolerance: f64,
    /// Relative tolerance added to it (a printed ratio is rounded).
    #[serde(default)]
    pub ratio_relative: f64,
}

/// One kind of consequence: the checks it covers and the proof (`sum`, `pair` or `ratio`).
#[derive(Debug, Clone, Deserialize)]
pub struct ConsequenceRule {
    /// Check ids (`RJ101`).
    pub checks: Vec<String>,
    /// `sum`: a broken sum on the cause's item or an ancestor, in a table the cause's cell is
    /// in, off by the cause's difference. `pair`: the same item's amount in two tables, on the
    /// cause's lineage, off by the cause's difference. `ratio`: the percentage of the cause's
    /// own row, which holds once the cause's cell has its reconciling value.
    pub kind: String,
}

/// Where a finding sits, as the matching needs it.
struct Place<'m> {
    item: Option<&'m Item>,
    role: String,
    year: Option<i32>,
}

/// The uid of the `n`th finding (0-based, in report order) of `document`: unique within a run
/// of distinct file names, and the same on every run of the same input.
pub fn uid(document: &str, n: usize) -> String {
    format!("{document}#{}", n + 1)
}

/// Assigns every finding its uid and groups consequences under their causes.
pub(crate) fn link(doc: &DocModel, out: &mut [Finding]) {
    for (n, f) in out.iter_mut().enumerate() {
        f.uid = uid(&f.document, n);
        f.caused_by = None;
        f.consequences.clear();
    }
    let rules = &super::rules().grouping;
    if rules.causes.is_empty() {
        return;
    }
    let kind_of = |id: &str| {
        rules
            .consequence
            .iter()
            .find(|c| c.checks.iter().any(|x| x == id))
            .map(|c| c.kind.as_str())
    };
    let rows = RowItems::new(doc);
    let places: Vec<Place> = out.iter().map(|f| place(doc, &rows, f, rules)).collect();
    // Findings by code and by every ancestor code, so a cause only meets its own lineage
    // (a 10,000-item document must not compare every pair of findings).
    let mut by_code: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_ancestor: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut totals: Vec<usize> = Vec::new();
    for (i, f) in out.iter().enumerate() {
        if kind_of(&f.id).is_none() {
            continue;
        }
        match f.code.as_deref() {
            Some(c) => {
                by_code.entry(c).or_default().push(i);
                for a in ancestors(c) {
                    by_ancestor.entry(a).or_default().push(i);
                }
            }
            None if places[i]
                .item
                .is_some_and(|it| it.level == ItemLevel::Total) =>
            {
                totals.push(i)
            }
            None => {}
        }
    }
    let tol = super::rules().sum_tolerance_rupiah.saturating_mul(100);
    let mut causes: Vec<usize> = (0..out.len())
        .filter(|&i| rank(rules, &out[i].id).is_some() && out[i].evidence.difference_sen.is_some())
        .collect();
    // The deepest cell first: one error shows at every level above it (a parent re-summed by
    // hand, a sum check that names the parent as odd), so the lowest level that disagrees is
    // where it was made; at one level, the stronger proof.
    let depth = |i: usize| out[i].code.as_deref().map_or(0, |c| c.matches('.').count());
    causes.sort_by_key(|&i| (std::cmp::Reverse(depth(i)), rank(rules, &out[i].id), i));
    let mut taken: BTreeSet<usize> = BTreeSet::new();
    let mut links: Vec<(usize, usize)> = Vec::new();
    for &c in &causes {
        if taken.contains(&c) {
            continue;
        }
        let cf = &out[c];
        let Some(code) = cf.code.as_deref() else {
            continue;
        };
        let Some(d) = cf.evidence.difference_sen.filter(|d| *d != 0) else {
            continue;
        };
        let mut cand: BTreeSet<usize> = BTreeSet::new();
        let lineage = |q: usize| {
            let qc = out[q].code.as_deref();
            if qc == Some(code) {
                Lineage::Same
            } else if qc.is_some_and(|qc| is_ancestor(qc, code)) || qc.is_none() {
                Lineage::Ancestor
            } else {
                Lineage::Descendant
            }
        };
        cand.extend(by_code.get(code).into_iter().flatten());
        cand.extend(by_ancestor.get(code).into_iter().flatten());
        for a in ancestors(code) {
            cand.extend(by_code.get(a).into_iter().flatten());
        }
        cand.extend(&totals);
        let mut mine = Vec::new();
        for q in cand {
            if q == c || taken.contains(&q) {
                continue;
            }
            let qf = &out[q];
            let Some(kind) = kind_of(&qf.id) else {
                continue;
            };
            let (cp, qp) = (&places[c], &places[q]);
            let c_tables = [Some(cf.table_index), cf.other_table];
            let shares_table = |t: usize| c_tables.contains(&Some(t));
            let same_diff = |x: Option<i64>| {
                x.and_then(i64::checked_abs)
                    .zip(d.checked_abs())
                    .is_some_and(|(a, b)| a.abs_diff(b) <= tol.unsigned_abs())
            };
            let ok = match kind {
                "sum" => {
                    // In the cause's own table, the sum of its own column (a triwulan's odd
                    // cell does not break the next triwulan's sum); in the pair's other
                    // table, the column of the same role and year.
                    let column = if qf.table_index == cf.table_index {
                        qf.column == cf.column
                    } else {
                        cp.role == qp.role && cp.year == qp.year
                    };
                    lineage(q) != Lineage::Descendant
                        && shares_table(qf.table_index)
                        && column
                        && same_diff(qf.evidence.difference_sen)
                }
                "pair" => {
                    (shares_table(qf.table_index) || qf.other_table.is_some_and(shares_table))
                        && cp.role == qp.role
                        && cp.year == qp.year
                        && same_diff(qf.evidence.difference_sen)
                }
                "ratio" => {
                    qf.table_index == cf.table_index
                        && qf.row == cf.row
                        && ratio_mended(doc, &rows, cf, qf, rules)
                }
                _ => false,
            };
            if ok {
                mine.push(q);
            }
        }
        if !mine.is_empty() {
            // A cause with consequences is nobody's consequence itself (no chains).
            taken.insert(c);
        }
        for q in mine {
            taken.insert(q);
            links.push((c, q));
        }
    }
    links.sort_unstable_by_key(|&(c, q)| (c, q));
    for (c, q) in links {
        let cu = out[c].uid.clone();
        let qu = out[q].uid.clone();
        out[q].caused_by = Some(cu);
        out[c].consequences.push(qu);
    }
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Lineage {
    Same,
    Ancestor,
    Descendant,
}

fn rank(rules: &GroupRules, id: &str) -> Option<usize> {
    rules.causes.iter().position(|c| c == id)
}

/// The strict ancestors of a code (`2.07.03.2.01` -> `2`, `2.07`, `2.07.03`, `2.07.03.2`).
fn ancestors(code: &str) -> impl Iterator<Item = &str> {
    code.match_indices('.').map(move |(i, _)| &code[..i])
}

fn is_ancestor(a: &str, code: &str) -> bool {
    code.len() > a.len() && code.starts_with(a) && code.as_bytes()[a.len()] == b'.'
}

/// Each table's own items by the row they stand on, so placing a finding is a lookup: a
/// search per finding made grouping quadratic in the rows (issue 13).
struct RowItems<'m>(Vec<HashMap<usize, &'m Item>>);

impl<'m> RowItems<'m> {
    fn new(doc: &'m DocModel) -> Self {
        RowItems(
            doc.tables
                .iter()
                .map(|t| {
                    let mut m = HashMap::new();
                    for i in t.items.iter().filter(|i| i.attached_to.is_none()) {
                        // The first item of a row, as a search in item order finds.
                        m.entry(i.row).or_insert(i);
                    }
                    m
                })
                .collect(),
        )
    }

    fn get(&self, table: usize, row: Option<usize>) -> Option<&'m Item> {
        self.0.get(table)?.get(&row?).copied()
    }
}

/// The finding's item, and its column's role and year (the document's year for a column
/// without one: the plan's pagu, the review's hasil analisis).
fn place<'m>(doc: &'m DocModel, rows: &RowItems<'m>, f: &Finding, rules: &GroupRules) -> Place<'m> {
    let t = doc.tables.get(f.table_index);
    let item = rows.get(f.table_index, f.row);
    let (role, year) = match (t, f.column.as_deref()) {
        (Some(t), Some(key)) => column_role_year(doc, t, key, rules),
        _ => (String::new(), doc.meta.year.map(i32::from)),
    };
    Place { item, role, year }
}

fn column_role_year(
    doc: &DocModel,
    t: &crate::model::TableModel,
    key: &str,
    rules: &GroupRules,
) -> (String, Option<i32>) {
    let year = doc.meta.year.map(i32::from);
    let Some(c) = t.class.columns.iter().find(|c| c.key == key) else {
        return (key.split('@').next().unwrap_or(key).to_string(), year);
    };
    let y = match c.year_block() {
        Some(y) => y[1..].parse().ok(),
        None => {
            let block = c.block.as_deref().and_then(|b| b.split('.').next());
            if block.is_some_and(|b| rules.next_year_blocks.iter().any(|x| x == b)) {
                year.map(|y| y + 1)
            } else {
                year
            }
        }
    };
    (c.role.clone(), y)
}

/// Whether the percentage finding `q` on the cause's row holds once the cause's cell (a pagu or
/// a realisasi of the same year) takes its reconciling value.
fn ratio_mended(
    doc: &DocModel,
    rows: &RowItems,
    c: &Finding,
    q: &Finding,
    rules: &GroupRules,
) -> bool {
    let (Some(t), Some(key), Some(fixed)) = (
        doc.tables.get(c.table_index),
        c.column.as_deref(),
        c.evidence.expected_sen,
    ) else {
        return false;
    };
    let Some(item) = rows.get(c.table_index, c.row) else {
        return false;
    };
    let (role, year) = column_role_year(doc, t, key, rules);
    let other_role = match role.as_str() {
        "pagu" => "realisasi_rp",
        "realisasi_rp" => "pagu",
        _ => return false,
    };
    let Some(other) = t
        .class
        .columns
        .iter()
        .filter(|col| col.role == other_role)
        .find(|col| column_role_year(doc, t, &col.key, rules).1 == year)
        .and_then(|col| item.money.get(&col.key))
    else {
        return false;
    };
    let (pagu, real) = if role == "pagu" {
        (fixed, other.value.0)
    } else {
        (other.value.0, fixed)
    };
    if pagu <= 0 {
        return false;
    }
    let ratio = real as f64 / pagu as f64 * 100.0;
    let Some(printed) = q.found.as_deref() else {
        return false;
    };
    let printed = printed.trim().trim_end_matches('%');
    [doc.style, NumberStyle::Indonesian, NumberStyle::English]
        .iter()
        .filter_map(|s| parse_decimal(printed, *s))
        .any(|v| (v - ratio).abs() <= rules.ratio_tolerance + ratio.abs() * rules.ratio_relative)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestors_of_a_code() {
        let a: Vec<&str> = ancestors("2.07.03.2.01").collect();
        assert_eq!(a, ["2", "2.07", "2.07.03", "2.07.03.2"]);
        assert!(is_ancestor("2.07.03", "2.07.03.2.01"));
        assert!(!is_ancestor("2.07.0", "2.07.03.2.01"));
        assert!(!is_ancestor("2.07.03", "2.07.03"));
    }

    #[test]
    fn uids_are_stable_and_per_document() {
        assert_eq!(uid("a.txt", 0), "a.txt#1");
        assert_ne!(uid("a.txt", 0), uid("b.txt", 0));
    }
}
