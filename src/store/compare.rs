//! `renja compare` as data: one row per canonical code, one entry per document, and the flags a
//! reviewer looks for across regions (a very different unit cost, a different target unit, an
//! amount a finding touches, a mandatory penunjang sub kegiatan missing), and the region x year
//! pivot of one code with the prakiraan maju written a year earlier.

use super::{ComparedItem, Forecast};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

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
    /// A document with the penunjang program lacks this mandatory sub kegiatan (the row's code).
    PenunjangMissing {
        /// Column index.
        doc: usize,
    },
    /// The plan of a year differs from the prakiraan maju the previous year's plan wrote for it
    /// by more than the tolerance (rules/store.toml `forecast_tolerance_pct`).
    ForecastDiffers {
        /// The plan year.
        year: i64,
        /// The plan's pagu (sen).
        plan_sen: i64,
        /// The prakiraan maju written a year earlier (sen).
        forecast_sen: i64,
        /// Change from the prakiraan maju to the plan, in hundredths of a percent.
        change_x10000: i64,
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

/// The bidang prefixes (`2.07`) whose penunjang program (`2.07.01`) a document has.
fn penunjang_bidang(codes: &BTreeSet<&str>) -> BTreeSet<String> {
    codes
        .iter()
        .filter_map(|c| {
            let parts: Vec<&str> = c.split('.').collect();
            (parts.len() >= 3 && parts[2] == "01").then(|| format!("{}.{}", parts[0], parts[1]))
        })
        .collect()
}

/// Flags every mandatory penunjang sub kegiatan (rules/store.toml `[[compare.penunjang]]`) that a
/// document with the penunjang program lacks, on the row of the missing code. `codes` is every
/// coded item of the compared documents; `in_scope` says which codes the comparison asked for (a
/// row is added for a missing code only then, so `compare 2.07.03` stays about 2.07.03).
pub fn flag_missing_penunjang(
    c: &mut Comparison,
    codes: &[(i64, String)],
    in_scope: impl Fn(&str) -> bool,
) {
    let mut by_doc: BTreeMap<i64, BTreeSet<&str>> = BTreeMap::new();
    for (d, code) in codes {
        by_doc.entry(*d).or_default().insert(code.as_str());
    }
    let rules = super::flat::compare_rules();
    let ndocs = c.documents.len();
    for (col, d) in c.documents.iter().enumerate() {
        let Some(have) = by_doc.get(&d.document_id) else {
            continue;
        };
        for bidang in penunjang_bidang(have) {
            for m in &rules.penunjang {
                let code = format!("{bidang}.{}", m.code);
                if have.contains(code.as_str()) || !in_scope(&code) {
                    continue;
                }
                let at = match c.rows.iter().position(|r| r.code == code) {
                    Some(i) => i,
                    None => {
                        c.rows.push(CodeRow {
                            code: code.clone(),
                            level: "sub_kegiatan".into(),
                            name: m.name.clone(),
                            cells: vec![None; ndocs],
                            flags: vec![],
                        });
                        c.rows.len() - 1
                    }
                };
                c.rows[at].flags.push(Flag::PenunjangMissing { doc: col });
            }
        }
    }
    c.rows.sort_by(|a, b| a.code.cmp(&b.code));
}

/// One year of one pemda / OPD in the region x year pivot.
#[derive(Debug, Clone, Serialize)]
pub struct YearCell {
    /// Pagu of the plan (sen).
    pub pagu_sen: i64,
    /// Stage it was read from (`rencana`; `sesudah` after a Perubahan Renja).
    pub stage: String,
    /// Document it was read from.
    pub document: String,
    /// Target as printed.
    pub target: Option<String>,
    /// Target unit.
    pub unit: Option<String>,
    /// A finding touches an amount of this item.
    pub finding: bool,
    /// The prakiraan maju the previous year's plan wrote for this year (sen).
    pub forecast_sen: Option<i64>,
    /// The document that wrote it.
    pub forecast_document: Option<String>,
}

/// One pemda and OPD across years.
#[derive(Debug, Clone, Serialize)]
pub struct RegionRow {
    /// Pemda.
    pub pemda: Option<String>,
    /// OPD.
    pub opd: Option<String>,
    /// One entry per year column.
    pub cells: Vec<Option<YearCell>>,
    /// Year-over-year flags.
    pub flags: Vec<Flag>,
}

/// One code as a region x year table.
#[derive(Debug, Clone, Serialize)]
pub struct RegionYear {
    /// Canonical code.
    pub code: String,
    /// Level.
    pub level: String,
    /// Name as printed (first document).
    pub name: String,
    /// What the cells are.
    pub measure: String,
    /// Year columns, ascending.
    pub years: Vec<i64>,
    /// Rows, ordered by pemda and OPD.
    pub rows: Vec<RegionRow>,
    /// Documents left out because their year is unknown.
    pub without_year: Vec<String>,
}

/// Pemda and OPD (as printed, or normalised as a key).
type Region = (Option<String>, Option<String>);

fn stage_rank(s: &str) -> u8 {
    match s {
        "sesudah" => 0,
        "rencana" => 1,
        _ => 2,
    }
}

/// Pivots one code's plan pagu into rows per pemda and OPD and columns per document year, with
/// the prakiraan maju each year's plan was given a year earlier; `years` keeps only those
/// columns when given. Err when the items hold more than one code.
pub fn region_year(
    items: &[ComparedItem],
    forecasts: &[Forecast],
    years: Option<i64>,
) -> Result<RegionYear, String> {
    let codes: BTreeSet<&str> = items.iter().map(|i| i.code.as_str()).collect();
    if codes.len() != 1 {
        let shown: Vec<&str> = codes.iter().take(5).copied().collect();
        return Err(format!(
            "--pivot shows one code; {} codes match ({}{})",
            codes.len(),
            shown.join(", "),
            if codes.len() > 5 { ", ..." } else { "" }
        ));
    }
    let first = &items[0];
    let key =
        |p: &Option<String>, o: &Option<String>| (super::norm(p.clone()), super::norm(o.clone()));
    let mut shown: BTreeMap<Region, Region> = BTreeMap::new();
    let mut plans: BTreeMap<Region, BTreeMap<i64, &ComparedItem>> = BTreeMap::new();
    let mut without_year = Vec::new();
    for it in items {
        let Some(y) = it.year.filter(|y| years.is_none_or(|w| w == *y)) else {
            if it.year.is_none() {
                without_year.push(it.document.clone());
            }
            continue;
        };
        let k = key(&it.pemda, &it.opd);
        shown
            .entry(k.clone())
            .or_insert((it.pemda.clone(), it.opd.clone()));
        let slot = plans.entry(k).or_default().entry(y).or_insert(it);
        // Two plans of one year (a Renja and its Perubahan): the changed one, else the later.
        if (stage_rank(&it.stage), std::cmp::Reverse(it.document_id))
            < (stage_rank(&slot.stage), std::cmp::Reverse(slot.document_id))
        {
            *slot = it;
        }
    }
    let mut forecast_of: BTreeMap<(Option<String>, Option<String>, i64), &Forecast> =
        BTreeMap::new();
    for f in forecasts.iter().filter(|f| f.code == first.code) {
        let (p, o) = key(&f.pemda, &f.opd);
        forecast_of.entry((p, o, f.year)).or_insert(f);
    }
    let cols: Vec<i64> = plans
        .values()
        .flat_map(|m| m.keys().copied())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let tol = super::flat::compare_rules().forecast_tolerance_pct;
    let rows = plans
        .into_iter()
        .map(|(k, by_year)| {
            let mut flags = Vec::new();
            let cells = cols
                .iter()
                .map(|y| {
                    let it = by_year.get(y)?;
                    let f = forecast_of.get(&(k.0.clone(), k.1.clone(), *y));
                    if let Some(f) = f {
                        let (plan, fc) = (it.pagu_sen as i128, f.pagu_sen as i128);
                        if (plan - fc).abs() * 100 > tol * fc.abs() {
                            flags.push(Flag::ForecastDiffers {
                                year: *y,
                                plan_sen: it.pagu_sen,
                                forecast_sen: f.pagu_sen,
                                change_x10000: if fc == 0 {
                                    0
                                } else {
                                    ((plan - fc) * 10_000 / fc) as i64
                                },
                            });
                        }
                    }
                    Some(YearCell {
                        pagu_sen: it.pagu_sen,
                        stage: it.stage.clone(),
                        document: it.document.clone(),
                        target: it.target.clone(),
                        unit: it.unit.clone(),
                        finding: it.finding,
                        forecast_sen: f.map(|f| f.pagu_sen),
                        forecast_document: f.map(|f| f.document.clone()),
                    })
                })
                .collect();
            let (pemda, opd) = shown.get(&k).cloned().unwrap_or((None, None));
            RegionRow {
                pemda,
                opd,
                cells,
                flags,
            }
        })
        .collect();
    Ok(RegionYear {
        code: first.code.clone(),
        level: first.level.clone(),
        name: first.name.clone(),
        measure: "pagu of the plan table for the document's own year (stage rencana; sesudah \
                  after a Perubahan Renja), canonical copies only"
            .into(),
        years: cols,
        rows,
        without_year,
    })
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
