//! Checks between tables of one document: RJ201/RJ202 review (T-C.31 hasil analisis) vs plan
//! (T-C.33), RJ203 sebelum/sesudah totals, RJ204 evaluation vs plan pagu, RJ301 table year.

use super::{Ctx, Params};
use crate::classify::TableKind;
use crate::model::{CodeSource, Item, ItemLevel, TableModel};
use crate::normalize::names::similarity;

fn key_of(it: &Item) -> Option<String> {
    it.code.clone().filter(|c| !c.starts_with('X'))
}

fn same_item(a: &Item, b: &Item) -> bool {
    if a.level != b.level && a.level != ItemLevel::Unknown && b.level != ItemLevel::Unknown {
        return false;
    }
    let by_name = || {
        if a.name.is_empty() || b.name.is_empty() {
            return false;
        }
        let (x, y) = (a.name.to_lowercase(), b.name.to_lowercase());
        similarity(&a.name, &b.name) >= 0.9 || x.contains(&y) || y.contains(&x)
    };
    match (key_of(a), key_of(b)) {
        (Some(x), Some(y)) if x == y => true,
        // A code found from the name may come from the other nomenclature version
        // (".0001 Penyusunan ..." vs ".0003 Fasilitasi Penyusunan ..."): names decide.
        (Some(_), Some(_)) => {
            (a.code_source == CodeSource::Name || b.code_source == CodeSource::Name) && by_name()
        }
        _ => by_name(),
    }
}

fn partial(t: &TableModel) -> bool {
    t.notes.iter().any(|n| n.id == "starts_mid_hierarchy")
}

/// The item of `others` that is `a`: same code first, else the most similar name.
fn best_match<'a>(a: &Item, others: impl Iterator<Item = &'a Item>) -> Option<&'a Item> {
    let mut best: Option<(f64, &'a Item)> = None;
    for b in others.filter(|b| same_item(a, b)) {
        let score = if key_of(a).is_some() && key_of(a) == key_of(b) {
            2.0
        } else {
            similarity(&a.name, &b.name)
        };
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, b));
        }
    }
    best.map(|(_, b)| b)
}

/// The pagu column of the plan for year n (sesudah in a Perubahan).
fn plan_key(t: &TableModel) -> Option<String> {
    t.money_key("pagu", Some("sesudah")).or_else(|| {
        t.class
            .columns
            .iter()
            .find(|c| {
                c.money
                    && c.role == "pagu"
                    && !matches!(c.block.as_deref(), Some("n1") | Some("sebelum"))
            })
            .map(|c| c.key.clone())
    })
}

pub(crate) fn check(ctx: &mut Ctx) {
    let doc = ctx.doc;
    let reviews: Vec<&TableModel> = doc
        .tables
        .iter()
        .filter(|t| t.class.kind == TableKind::ReviewRkpd)
        .collect();
    let plans: Vec<&TableModel> = doc
        .tables
        .iter()
        .filter(|t| {
            t.class.kind == TableKind::Plan
                && plan_key(t).is_some()
                && t.items.iter().any(|i| i.level == ItemLevel::SubKegiatan)
        })
        .collect();
    for r in &reviews {
        let Some(rk) = r
            .money_key("pagu", Some("hasil"))
            .or_else(|| r.money_keys.last().cloned())
        else {
            continue;
        };
        for p in &plans {
            let Some(pk) = plan_key(p) else { continue };
            let items = |t: &'_ TableModel| -> Vec<usize> {
                t.items
                    .iter()
                    .enumerate()
                    .filter(|(_, i)| {
                        matches!(
                            i.level,
                            ItemLevel::Program
                                | ItemLevel::Kegiatan
                                | ItemLevel::SubKegiatan
                                | ItemLevel::Unknown
                        ) && (i.level != ItemLevel::Unknown || !i.money.is_empty())
                    })
                    .map(|(k, _)| k)
                    .collect()
            };
            let (ri, pi) = (items(r), items(p));
            // For the RJ206 summary: items compared, items that differ, and the difference of
            // the program totals (plan minus review).
            let (mut compared, mut differ, mut program_diff) = (0usize, 0usize, 0i64);
            for &a in &ri {
                let ia = &r.items[a];
                match best_match(ia, pi.iter().map(|&b| &p.items[b])) {
                    Some(ib) => {
                        if let (Some(x), Some(y)) = (ia.money.get(&rk), ib.money.get(&pk)) {
                            compared += 1;
                            if x.value != y.value {
                                differ += 1;
                                if ib.level == ItemLevel::Program {
                                    program_diff += y.value.0 - x.value.0;
                                }
                                let prm = Params::default().set("other", r.title.clone());
                                ctx.emit_money_diff("RJ201", p, ib, &pk, (x.value, y.value), prm);
                            }
                        }
                    }
                    // A plan that starts mid-hierarchy (pages missing) cannot prove absence.
                    None if partial(p) => {}
                    None => {
                        if ia.money.contains_key(&rk) {
                            let prm = Params::default().set("other", p.title.clone());
                            ctx.emit("RJ202", r, Some(ia), None, None, None, None, prm);
                        }
                    }
                }
            }
            for &b in &pi {
                let ib = &p.items[b];
                if ib.money.contains_key(&pk)
                    && !partial(r)
                    && best_match(ib, ri.iter().map(|&a| &r.items[a])).is_none()
                {
                    let prm = Params::default().set("other", r.title.clone());
                    ctx.emit("RJ202", p, Some(ib), None, None, None, None, prm);
                }
            }
            // RJ206: when the two tables part on many items (a stale copy of last year's
            // review), one summary first, so the reviewer sees the pattern before the items.
            let th = super::rules();
            if differ >= th.review_plan_summary_min_items
                && differ * 100 >= compared * th.review_plan_summary_min_percent
            {
                let prm = Params::default()
                    .set("other", r.title.clone())
                    .set("detail", format!("{differ}/{compared}"));
                ctx.emit(
                    "RJ206",
                    p,
                    None,
                    Some(&pk),
                    Some(compared.to_string()),
                    Some(differ.to_string()),
                    Some(ctx.rp(program_diff)),
                    prm,
                );
            }
        }
    }
    // RJ204: the evaluation table's pagu for the plan's year against the plan.
    if let Some(year) = doc.meta.year {
        let yblock = format!("y{year}");
        for ev in doc
            .tables
            .iter()
            .filter(|t| t.class.kind == TableKind::Evaluation)
        {
            let Some(ek) = ev
                .class
                .columns
                .iter()
                .find(|c| {
                    c.money
                        && c.role == "pagu"
                        && c.block.as_deref().and_then(|b| b.split('.').next())
                            == Some(yblock.as_str())
                })
                .map(|c| c.key.clone())
            else {
                continue;
            };
            for p in &plans {
                if p.class.title_years.first().is_some_and(|&y| y != year) {
                    continue;
                }
                // The evaluated Renja is the plan before any change: in a Perubahan, the
                // sebelum column.
                let Some(pk) = p.money_key("pagu", Some("sebelum")).or_else(|| plan_key(p)) else {
                    continue;
                };
                // Program level only: the evaluation's pagu is often the DPA of the year, which
                // legitimately moves away from the plan item by item; per program is enough to
                // show the reviewer where the two tables part.
                for ia in ev.items.iter().filter(|i| i.level == ItemLevel::Program) {
                    let Some(x) = ia.money.get(&ek) else { continue };
                    let Some(ib) = best_match(ia, p.items.iter()) else {
                        continue;
                    };
                    let Some(y) = ib.money.get(&pk) else { continue };
                    if x.value != y.value {
                        let prm = Params::default()
                            .set("other", ev.title.clone())
                            .set("year", year.to_string());
                        ctx.emit_money_diff("RJ204", p, ib, &pk, (x.value, y.value), prm);
                    }
                }
            }
        }
    }
    renstra_targets(ctx, &plans);
    // RJ203: sebelum -> sesudah totals of a Perubahan plan.
    for t in &doc.tables {
        let (Some(sb), Some(ss)) = (
            t.money_key("pagu", Some("sebelum")),
            t.money_key("pagu", Some("sesudah")),
        ) else {
            continue;
        };
        let total = |k: &str| -> Option<i64> {
            t.items
                .iter()
                .find(|i| i.level == ItemLevel::Total)
                .and_then(|i| i.money.get(k))
                .map(|m| m.value.0)
        };
        if let (Some(a), Some(b)) = (total(&sb), total(&ss)) {
            let prm = Params::default().set("column", "pagu");
            let (e, f, d) = (ctx.rp(a), ctx.rp(b), ctx.rp(b - a));
            ctx.emit("RJ203", t, None, None, Some(e), Some(f), Some(d), prm);
        }
    }
    // RJ301: review, plan and proposal tables titled with another year than the document's.
    if let Some(y) = doc.meta.year {
        for t in &doc.tables {
            if !matches!(
                t.class.kind,
                TableKind::ReviewRkpd | TableKind::Plan | TableKind::Proposals
            ) {
                continue;
            }
            if let Some(&ty) = t.class.title_years.first() {
                if ty != y {
                    let prm = Params::default()
                        .set("year", ty.to_string())
                        .set("doc_year", y.to_string());
                    ctx.emit(
                        "RJ301",
                        t,
                        None,
                        None,
                        Some(y.to_string()),
                        Some(ty.to_string()),
                        None,
                        prm,
                    );
                }
            }
        }
    }
}

/// The first number of a target cell (`74,05 %`, `7.65`, `100 Persen`), either decimal mark
/// tried in the document's style first.
fn target_number(raw: &str, style: crate::normalize::number::NumberStyle) -> Option<f64> {
    let tok = raw
        .split_whitespace()
        .next()?
        .trim_end_matches('%')
        .to_string();
    if !tok.chars().next()?.is_ascii_digit() {
        return None;
    }
    crate::normalize::number::parse_decimal(&tok, style)
}

/// Whether a cell reads as a grouped rupiah amount (`783,890,500`, `2.730.000.000`).
fn looks_like_amount(raw: &str) -> bool {
    let t = raw.trim();
    let groups = t.split(['.', ',']).collect::<Vec<_>>();
    groups.len() >= 3
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
}

/// RJ205: a plan (T-C.33) indicator's target for year n against the Renstra target for year n
/// in the service-performance table (T-C.30), where the indicator texts match.
fn renstra_targets(ctx: &mut Ctx, plans: &[&TableModel]) {
    let doc = ctx.doc;
    let Some(year) = doc.meta.year else { return };
    let yblock = format!("y{year}");
    // (indicator, year-n target, the targets of the other years, table)
    let mut renstra: Vec<(String, String, Vec<String>, &TableModel)> = Vec::new();
    for svc in doc
        .tables
        .iter()
        .filter(|t| t.class.kind == TableKind::Service)
    {
        let Some(ind) = svc.class.first("indicator").map(|c| c.index) else {
            continue;
        };
        let Some(tgt) = svc
            .class
            .columns
            .iter()
            .find(|c| c.role == "target" && c.block.as_deref() == Some(yblock.as_str()))
            .map(|c| c.index)
        else {
            continue;
        };
        let others: Vec<usize> = svc
            .class
            .columns
            .iter()
            .filter(|c| c.role == "target" && c.index != tgt)
            .map(|c| c.index)
            .collect();
        for it in &svc.items {
            if let (Some(i), Some(v)) = (it.cells.get(ind), it.cells.get(tgt)) {
                if i.len() > 8 && !v.is_empty() {
                    let o = others
                        .iter()
                        .filter_map(|c| it.cells.get(*c).cloned())
                        .collect();
                    renstra.push((i.clone(), v.clone(), o, svc));
                }
            }
        }
    }
    if renstra.is_empty() {
        return;
    }
    for p in plans {
        for it in p.items.iter().filter(|i| i.level == ItemLevel::Program) {
            for ind in &it.indicators {
                let Some(traw) = &ind.target else { continue };
                let Some(v) = target_number(traw, doc.style) else {
                    continue;
                };
                let best = renstra
                    .iter()
                    .map(|(i, t, o, svc)| (similarity(i, &ind.text), t, o, svc))
                    .filter(|(s, _, _, _)| *s >= 0.9)
                    .max_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
                let Some((_, rt, other_years, svc)) = best else {
                    continue;
                };
                let Some(r) = target_number(rt, doc.style) else {
                    continue;
                };
                let same = |a: f64, b: f64| (a - b).abs() <= 1e-6 + a.abs() * 1e-4;
                // An amount where a target belongs (783,890,500 against a Renstra 45) is a
                // cell that drifted from the pagu column, not a target.
                if looks_like_amount(traw) && v >= 1000.0 * r.abs().max(1.0) {
                    continue;
                }
                // On a scanned row a lost cell shifts the next year's target into year n: a
                // value equal to another year's Renstra target there is that drift.
                let ocr_row = it.money.values().any(|m| m.conf.is_some());
                if ocr_row
                    && other_years
                        .iter()
                        .filter_map(|o| target_number(o, doc.style))
                        .any(|o| same(o, v))
                {
                    continue;
                }
                if !same(r, v) {
                    let prm = Params::default()
                        .set("other", svc.title.clone())
                        .set("year", year.to_string())
                        .set("detail", ind.text.clone());
                    ctx.emit(
                        "RJ205",
                        p,
                        Some(it),
                        None,
                        Some(rt.clone()),
                        Some(traw.clone()),
                        None,
                        prm,
                    );
                }
            }
        }
    }
}
