//! `renja compare` as data: one row per canonical code, one entry per document, and the flags a
//! reviewer looks for across regions (a very different unit cost, a different target unit, an
//! amount a finding touches).

use super::ComparedItem;
use serde::Serialize;
use std::collections::BTreeMap;

/// A document a comparison has a column group for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DocColumn {
    /// Pemda.
    pub pemda: Option<String>,
    /// OPD.
    pub opd: Option<String>,
    /// Document year.
    pub year: Option<i64>,
    /// File name.
    pub document: String,
    /// Database id.
    pub document_id: i64,
}

impl DocColumn {
    /// `Kota Serang 2022` (the OPD when two documents of a pemda and year are compared).
    pub fn label(&self, with_opd: bool) -> String {
        let mut s = self.pemda.clone().unwrap_or_else(|| self.document.clone());
        if with_opd {
            if let Some(o) = &self.opd {
                s.push_str(" / ");
                s.push_str(o);
            }
        }
        if let Some(y) = self.year {
            s.push_str(&format!(" {y}"));
        }
        s
    }
}

/// One document's entry for a code.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// Pagu in sen.
    pub pagu_sen: i64,
    /// Stage the pagu was read from.
    pub stage: String,
    /// Target as printed.
    pub target: Option<String>,
    /// Target unit.
    pub unit: Option<String>,
    /// Pagu (sen) per target unit, when the target is a positive number.
    pub unit_cost_sen: Option<i64>,
    /// A finding touches an amount of this item.
    pub finding: bool,
    /// Page.
    pub page: i64,
}

/// A flag on a code's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "flag", rename_all = "snake_case")]
pub enum Flag {
    /// A document's unit cost is this many times the median of the documents (x100, so 420
    /// is 4.2 times), or its inverse when cheaper.
    UnitCost {
        /// Column index.
        doc: usize,
        /// Ratio to the median, x100.
        ratio_x100: i64,
    },
    /// The target unit differs between documents.
    UnitDiffers {
        /// The units seen.
        units: Vec<String>,
    },
    /// A finding of the checks touches this document's amounts.
    Finding {
        /// Column index.
        doc: usize,
    },
}

/// One canonical code across documents.
#[derive(Debug, Clone, Serialize)]
pub struct CodeRow {
    /// Canonical code.
    pub code: String,
    /// Level.
    pub level: String,
    /// Name as printed (first document).
    pub name: String,
    /// One entry per document column (`None`: the document does not have the code).
    pub cells: Vec<Option<Cell>>,
    /// Flags.
    pub flags: Vec<Flag>,
}

/// The comparison: document columns and one row per code.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// Documents, ordered by pemda, year, file.
    pub documents: Vec<DocColumn>,
    /// Rows, ordered by code.
    pub rows: Vec<CodeRow>,
}

fn unit_cost(pagu_sen: i64, target: Option<f64>) -> Option<i64> {
    let t = target.filter(|t| t.is_finite() && *t >= 1.0)?;
    // Targets are counts printed with at most a few decimals: scaled to thousandths they are
    // exact integers, and the cost stays integer arithmetic on the money.
    let t_milli = (t * 1000.0).round() as i128;
    (pagu_sen as i128)
        .checked_mul(1000)
        .map(|p| p / t_milli)
        .and_then(|c| i64::try_from(c).ok())
}

fn norm_unit(u: &str) -> String {
    u.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Pivots compared items into rows per code with their flags.
pub fn pivot(items: &[ComparedItem]) -> Comparison {
    let mut docs: Vec<DocColumn> = items
        .iter()
        .map(|i| DocColumn {
            pemda: i.pemda.clone(),
            opd: i.opd.clone(),
            year: i.year,
            document: i.document.clone(),
            document_id: i.document_id,
        })
        .collect();
    docs.sort();
    docs.dedup();
    let col_of: BTreeMap<i64, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.document_id, i))
        .collect();
    let mut rows: BTreeMap<String, CodeRow> = BTreeMap::new();
    for it in items {
        let row = rows.entry(it.code.clone()).or_insert_with(|| CodeRow {
            code: it.code.clone(),
            level: it.level.clone(),
            name: it.name.clone(),
            cells: vec![None; docs.len()],
            flags: vec![],
        });
        let c = col_of[&it.document_id];
        if row.cells[c].is_none() {
            row.cells[c] = Some(Cell {
                pagu_sen: it.pagu_sen,
                stage: it.stage.clone(),
                target: it.target.clone(),
                unit: it.unit.clone(),
                // A cost per unit needs a counted unit: not a percentage, not a bare number
                // (often an amount that slid into the target column).
                unit_cost_sen: it
                    .unit
                    .as_deref()
                    .filter(|u| !u.trim().is_empty() && !u.contains('%'))
                    .and_then(|_| unit_cost(it.pagu_sen, it.target_value)),
                finding: it.finding,
                page: it.page,
            });
        }
    }
    let mut rows: Vec<CodeRow> = rows.into_values().collect();
    for r in &mut rows {
        r.flags = flags(&r.cells);
    }
    Comparison {
        documents: docs,
        rows,
    }
}

fn flags(cells: &[Option<Cell>]) -> Vec<Flag> {
    let mut out = Vec::new();
    let costs: Vec<(usize, i64)> = cells
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((i, c.as_ref()?.unit_cost_sen.filter(|c| *c > 0)?)))
        .collect();
    // A median needs at least three documents to say which one is odd.
    if costs.len() >= 3 {
        let factor = super::flat::compare_rules().unit_cost_factor;
        let mut v: Vec<i64> = costs.iter().map(|c| c.1).collect();
        v.sort_unstable();
        let median = v[v.len() / 2] as i128;
        for (i, c) in &costs {
            let c = *c as i128;
            if c > median * factor || c * factor < median {
                let ratio = if c >= median {
                    c * 100 / median
                } else {
                    -(median * 100 / c.max(1))
                };
                out.push(Flag::UnitCost {
                    doc: *i,
                    ratio_x100: ratio as i64,
                });
            }
        }
    }
    let mut units: Vec<String> = cells
        .iter()
        .flatten()
        .filter_map(|c| c.unit.as_deref().map(norm_unit))
        .filter(|u| !u.is_empty())
        .collect();
    units.sort();
    units.dedup();
    // Spellings of one unit (`org` / `orang`) are one unit (rules/units.toml).
    let mut distinct: Vec<&String> = Vec::new();
    for u in &units {
        if !distinct
            .iter()
            .any(|d| crate::checks::units::same_unit(d, u))
        {
            distinct.push(u);
        }
    }
    if distinct.len() > 1 {
        out.push(Flag::UnitDiffers { units });
    }
    for (i, c) in cells.iter().enumerate() {
        if c.as_ref().is_some_and(|c| c.finding) {
            out.push(Flag::Finding { doc: i });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(doc: i64, pemda: &str, pagu_rp: i64, target: f64, unit: &str) -> ComparedItem {
        ComparedItem {
            code: "2.07.03.2.01.0001".into(),
            name: "Penyusunan".into(),
            level: "sub_kegiatan".into(),
            document_id: doc,
            document: format!("{doc}.pdf"),
            pemda: Some(pemda.into()),
            opd: None,
            year: Some(2022),
            doc_kind: None,
            table_kind: "plan".into(),
            stage: "rencana".into(),
            pagu_sen: pagu_rp * 100,
            page: 1,
            table_idx: 0,
            row_idx: 0,
            finding: doc == 2,
            target: Some(format!("{target} {unit}")),
            target_value: Some(target),
            unit: Some(unit.into()),
        }
    }

    #[test]
    fn an_odd_unit_cost_a_different_unit_and_a_finding_are_flagged() {
        let items = vec![
            item(1, "Kota A", 100_000_000, 10.0, "dokumen"),
            item(2, "Kota B", 120_000_000, 12.0, "dokumen"),
            item(3, "Kota C", 900_000_000, 10.0, "Dokumen"),
            item(4, "Kota D", 90_000_000, 9.0, "laporan"),
        ];
        let c = pivot(&items);
        assert_eq!(c.documents.len(), 4);
        assert_eq!(c.rows.len(), 1);
        let f = &c.rows[0].flags;
        assert!(f.contains(&Flag::UnitCost {
            doc: 2,
            ratio_x100: 900
        }));
        assert_eq!(
            f.iter()
                .filter(|x| matches!(x, Flag::UnitCost { .. }))
                .count(),
            1,
            "{f:?}"
        );
        assert!(f.contains(&Flag::UnitDiffers {
            units: vec!["dokumen".into(), "laporan".into()]
        }));
        assert!(f.contains(&Flag::Finding { doc: 1 }));
    }

    #[test]
    fn similar_costs_raise_no_flag() {
        let items = vec![
            item(1, "Kota A", 100_000_000, 10.0, "dokumen"),
            item(3, "Kota C", 150_000_000, 10.0, "dokumen"),
            item(4, "Kota D", 90_000_000, 9.0, "dokumen"),
        ];
        assert!(pivot(&items).rows[0].flags.is_empty());
    }
}
