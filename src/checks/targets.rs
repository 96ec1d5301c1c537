//! RJ219: the year-n target of one indicator in the review of the RKPD (T-C.31, hasil
//! analisis), in the plan (T-C.33) and in the Renstra target table (T-C.30) must agree, for
//! programs (outcome), kegiatan and sub kegiatan alike. The plan-vs-Renstra pair of a program is
//! RJ205's; this check reports the review's target against the plan's (naming the Renstra's
//! where the table has it), and against the Renstra where the plan states none. Like RJ201 the
//! finding sits on the plan row, which must carry the review's target, unless the Renstra
//! agrees with the plan: then the review is the odd table and the finding sits on its row.

use super::cross::{
    compared_items, looks_like_amount, plan_tables, renstra_match, renstra_rows, ItemIndex,
};
use super::{Ctx, Params};
use crate::classify::TableKind;
use crate::model::{ItemLevel, TableModel};
use crate::normalize::names::similarity;
use crate::normalize::number::NumberStyle;
use crate::normalize::target::{parse_target, TargetKind};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// How two targets are compared (`[compare]` in rules/targets.toml).
#[derive(Debug, Deserialize)]
struct Compare {
    /// Two figures closer than this share of the larger are the same (`74,05` / `74.05`).
    relative_tolerance: f64,
    /// And closer than this absolutely (`0` / `0,00`).
    absolute_tolerance: f64,
    /// Smallest similarity of two indicator texts taken as the same indicator.
    indicator_similarity: f64,
}

#[derive(Debug, Deserialize)]
struct Rules {
    compare: Compare,
}

fn rules() -> &'static Compare {
    static R: OnceLock<Rules> = OnceLock::new();
    &R.get_or_init(|| {
        crate::rules::toml::<Rules>("targets.toml").unwrap_or_else(|e| {
            eprintln!("renja: {e}; using the built-in rules/targets.toml");
            toml::from_str(include_str!("../../rules/targets.toml")).expect("embedded targets.toml")
        })
    })
    .compare
}

/// One target as printed with the figure it compares by.
#[derive(Debug, Clone)]
struct Stated {
    /// Indicator text.
    text: String,
    /// The target with its unit as printed (`65 %`, `23 unit`).
    shown: String,
    value: f64,
    /// The row (item index in its table) that prints it.
    at: usize,
}

/// The figure of a target cell (a percentage, a count with a unit, a graded score); none for
/// text, ranges, `-` and empty cells, which have no single figure to compare.
fn figure(raw: &str, unit: Option<&str>, style: NumberStyle) -> Option<f64> {
    match parse_target(raw, unit, style).kind {
        TargetKind::Percent { value }
        | TargetKind::Value { value, .. }
        | TargetKind::PercentAndValue { value, .. } => Some(value),
        TargetKind::Grade {
            score: Some(value), ..
        } => Some(value),
        _ => None,
    }
}

/// `65` with the satuan `%` beside it is shown `65 %`; a cell that carries its unit is kept.
fn shown(raw: &str, unit: Option<&str>) -> String {
    let raw = raw.trim();
    match unit.map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) if !raw.chars().any(|c| c.is_alphabetic() || c == '%') => format!("{raw} {u}"),
        _ => raw.to_string(),
    }
}

fn same(a: f64, b: f64) -> bool {
    let r = rules();
    (a - b).abs() <= r.absolute_tolerance + a.abs().max(b.abs()) * r.relative_tolerance
}

/// The hasil analisis target of one review row: the row is anchored on its own indicator text
/// in the hasil block (the last cell printing it, the rancangan block printing it first), so a
/// row shifted against the header is read where it sits. None when the row's indicator is
/// printed only in the rancangan block or its hasil target is empty.
fn hasil_target(t: &TableModel, at: usize, style: NumberStyle) -> Option<Stated> {
    let it = &t.items[at];
    let col = |role: &str, block: &str| {
        t.class
            .columns
            .iter()
            .find(|c| c.role == role && c.block.as_deref() == Some(block))
            .map(|c| c.index)
    };
    let (ind_h, tgt_h) = (col("indicator", "hasil")?, col("target", "hasil")?);
    let text = it.indicators.first()?.text.trim();
    if text.is_empty() {
        return None;
    }
    let hits: Vec<usize> = (0..it.cells.len())
        .filter(|&k| it.cells[k].trim() == text)
        .collect();
    let pos = *hits.last()?;
    if hits.len() == 1 {
        if let Some(ind_r) = col("indicator", "rancangan") {
            if pos.abs_diff(ind_r) < pos.abs_diff(ind_h) {
                return None;
            }
        }
    }
    let shift = pos as isize - ind_h as isize;
    let cell = |k: usize| {
        let j = k as isize + shift;
        (j >= 0)
            .then(|| it.cells.get(j as usize))
            .flatten()
            .map(|c| c.trim().to_string())
    };
    // An amount in the target position is a pagu that drifted there, not a target.
    let raw = cell(tgt_h).filter(|c| !c.is_empty() && !looks_like_amount(c))?;
    let unit = col("unit", "hasil").and_then(cell);
    let value = figure(&raw, unit.as_deref(), style)?;
    Some(Stated {
        text: text.to_string(),
        shown: shown(&raw, unit.as_deref()),
        value,
        at,
    })
}

/// The year-n target of a plan row's own indicator (not a continuation row's, which the model
/// also lists under the item), with the row's satuan.
fn plan_target(t: &TableModel, at: usize, style: NumberStyle) -> Option<Stated> {
    let it = &t.items[at];
    let ind = it.indicators.first()?;
    let text = ind.text.trim();
    if text.is_empty() || !it.cells.iter().any(|c| c.trim() == text) {
        return None;
    }
    let raw = ind.target.as_deref()?.trim();
    // An amount where the target belongs (Serang T3.3 rows whose blank cells drifted put the
    // pagu there) is not the row's target.
    if looks_like_amount(raw) {
        return None;
    }
    let value = figure(raw, it.satuan.as_deref(), style)?;
    Some(Stated {
        text: text.to_string(),
        shown: shown(raw, it.satuan.as_deref()),
        value,
        at,
    })
}

/// One plan table, its item index, and its rows' own targets by the item they belong to.
type PlanTargets<'t> = (&'t TableModel, ItemIndex<'t>, HashMap<usize, Vec<Stated>>);

/// Runs RJ219 over the document.
pub(crate) fn check(ctx: &mut Ctx) {
    let doc = ctx.doc;
    let Some(year) = doc.meta.year else { return };
    let style = doc.style;
    let plans = plan_tables(doc);
    let renstra = renstra_rows(doc);
    let min_sim = rules().indicator_similarity;
    for r in doc
        .tables
        .iter()
        .filter(|t| t.class.kind == TableKind::ReviewRkpd)
    {
        // Each plan once: its item index, and its rows' own targets by the item they belong to.
        let plan_ix: Vec<PlanTargets> = plans
            .iter()
            .map(|p| {
                let mut by_owner: HashMap<usize, Vec<Stated>> = HashMap::new();
                for (k, it) in p.items.iter().enumerate() {
                    let owner = match it.level {
                        ItemLevel::Continuation => match it.attached_to {
                            Some(o) => o,
                            None => continue,
                        },
                        _ => k,
                    };
                    if let Some(s) = plan_target(p, k, style) {
                        by_owner.entry(owner).or_default().push(s);
                    }
                }
                (*p, ItemIndex::new(&p.items, compared_items(p)), by_owner)
            })
            .collect();
        for (ki, it) in r.items.iter().enumerate() {
            let owner = match it.level {
                ItemLevel::Program | ItemLevel::Kegiatan | ItemLevel::SubKegiatan => it,
                ItemLevel::Continuation => match it.attached_to.and_then(|o| r.items.get(o)) {
                    Some(o) => o,
                    None => continue,
                },
                _ => continue,
            };
            let Some(rv) = hasil_target(r, ki, style) else {
                continue;
            };
            // The plan's target of the same indicator of the same item.
            let planned = plan_ix.iter().find_map(|(p, ix, by_owner)| {
                let (kb, _) = ix.find(owner)?;
                let cands = by_owner.get(&kb)?;
                let best = cands
                    .iter()
                    .map(|s| (similarity(&s.text, &rv.text), s))
                    .max_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal))?;
                (best.0 >= min_sim).then(|| (*p, best.1.clone()))
            });
            let rs = renstra_match(&renstra, &rv.text, year).and_then(|row| {
                let raw = row.target(year)?;
                Some((row.table, raw.clone(), figure(raw, None, style)?))
            });
            let renstra_clause = |(t, raw, _): &(&TableModel, String, f64)| {
                super::phrase("rj219_renstra", &format!("{}: {raw}", t.title))
            };
            let clause = rs.as_ref().map(renstra_clause).unwrap_or_default();
            let prm = Params::default()
                .named_by(owner)
                .set("year", year.to_string())
                .set("detail", rv.text.clone())
                .set("renstra", clause.0)
                .set("renstra_en", clause.1);
            match (&planned, &rs) {
                (Some((p, pv)), rs) => {
                    if same(pv.value, rv.value) {
                        continue;
                    }
                    let renstra_says = |v: f64| rs.as_ref().is_some_and(|s| same(s.2, v));
                    if renstra_says(pv.value) {
                        // The plan follows the Renstra: the review is the odd table.
                        let prm = prm.set("other", p.title.clone());
                        let (e, f) = (Some(pv.shown.clone()), Some(rv.shown.clone()));
                        ctx.emit("RJ219", r, Some(it), None, e, f, None, prm);
                    } else if owner.level == ItemLevel::Program && renstra_says(rv.value) {
                        // Review and Renstra agree on a program: RJ205 reports the plan.
                        continue;
                    } else {
                        // Like RJ201, on the plan, which must carry the review's target.
                        let pit = &p.items[pv.at];
                        let prm = prm
                            .named_by(super::owner(p, pit))
                            .set("other", r.title.clone());
                        let (e, f) = (Some(rv.shown.clone()), Some(pv.shown.clone()));
                        ctx.emit("RJ219", p, Some(pit), None, e, f, None, prm);
                    }
                }
                (None, Some((t, raw, v))) => {
                    if same(*v, rv.value) {
                        continue;
                    }
                    let prm = prm
                        .set("other", t.title.clone())
                        .set("renstra", "")
                        .set("renstra_en", "");
                    let (e, f) = (Some(raw.clone()), Some(rv.shown.clone()));
                    ctx.emit("RJ219", r, Some(it), None, e, f, None, prm);
                }
                (None, None) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trivially_equal_forms_are_equal() {
        let st = NumberStyle::Indonesian;
        let f = |s: &str| figure(s, None, st).unwrap();
        assert!(same(f("100%"), f("100 %")));
        assert!(same(f("1,00"), f("1")));
        assert!(same(f("88,88%"), f("88,88 Persen")));
        assert!(!same(f("65"), f("68")));
        assert!(!same(f("23 unit"), f("21 unit")));
        assert_eq!(figure("-", None, st), None);
        assert_eq!(shown("65", Some("%")), "65 %");
        assert_eq!(shown("4 Dokumen", Some("Dokumen")), "4 Dokumen");
    }
}
