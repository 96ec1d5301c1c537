//! Budget percentages above the sub kegiatan level and in footer rows of evaluation forms:
//!
//! - RJ120 parent-capaian-formula (info): a kegiatan, program or total row prints a capaian
//!   anggaran that is not its own realisasi / pagu but fits another formula of
//!   `[parent_capaian]` in rules/checks.toml (the mean of its children's percentages, a weighted
//!   mean, the ratio of another column pair). One finding per table and formula, naming the rows.
//! - RJ121 parent-capaian-mismatch (warning): the same, but no formula fits.
//! - RJ122 capaian-proves-digit (error): a percentage that holds only with one digit of the pagu
//!   or the realisasi changed names that cell and the value that makes it hold.
//! - RJ123 footer-average (warning): a `Rata-rata capaian kinerja` row whose averages are the
//!   mean of no level of the table's rows.
//!
//! Parents are only judged where the sub kegiatan rows show that the column holds
//! realisasi / pagu: otherwise the column means something else and RJ108 speaks for the subs.

use super::{Ctx, Params};
use crate::classify::TableKind;
use crate::model::{Item, ItemLevel, TableModel};
use crate::normalize::number::{parse_money, Money, NumberStyle};
use serde::Deserialize;

/// How RJ120-RJ123 read parent and footer percentages (`[parent_capaian]`).
#[derive(Debug, Clone, Deserialize, Default)]
pub struct PctRules {
    /// Share of sub kegiatan rows whose printed capaian must be realisasi / pagu x 100.
    #[serde(default)]
    pub sub_fit_share: f64,
    /// Fewest sub kegiatan rows with a printed capaian before parents are judged.
    #[serde(default)]
    pub min_subs: usize,
    /// Relative tolerance added to one unit of the last printed decimal.
    #[serde(default)]
    pub relative_tolerance: f64,
    /// At most this many rows are named in one RJ120 message.
    #[serde(default)]
    pub max_named: usize,
    /// The other formulas a parent's percentage may follow, tried in order.
    #[serde(default)]
    pub formula: Vec<Formula>,
    /// First-cell labels of an average footer row (`rata-rata capaian kinerja`), lower case.
    #[serde(default)]
    pub average_labels: Vec<String>,
    /// Levels an average footer may be taken over (`program`, `kegiatan`, `sub_kegiatan`,
    /// `all`), tried in order.
    #[serde(default)]
    pub average_levels: Vec<String>,
}

/// One formula: Σ weight x percentage over a set of rows, divided by Σ weight or by the
/// parent's pagu; or (`over = "columns"`) the ratio of another pair of the row's amounts.
#[derive(Debug, Clone, Deserialize)]
pub struct Formula {
    /// Short key (`mean_children`).
    pub key: String,
    /// `children` (the rows directly below), `subs` (every sub kegiatan below) or `columns`.
    pub over: String,
    /// `one`, `pagu` or `realisasi`.
    #[serde(default)]
    pub weight: String,
    /// `weights` (a weighted mean) or `pagu` (the parent's own pagu).
    #[serde(default)]
    pub divide: String,
    /// What the formula is, Bahasa Indonesia.
    pub label_id: String,
    /// What the formula is, English.
    pub label_en: String,
}

fn rules() -> &'static PctRules {
    &super::rules().parent_capaian
}

/// A printed percentage: its readings (either decimal mark) and its printed decimals.
#[derive(Debug, Clone)]
struct Pct {
    raw: String,
    vals: Vec<f64>,
    decimals: u32,
}

impl Pct {
    fn fits(&self, want: f64) -> bool {
        let tol = 10f64.powi(-(self.decimals as i32))
            + want.abs() * rules().relative_tolerance.max(0.0)
            + 1e-9;
        want.is_finite() && self.vals.iter().any(|v| (v - want).abs() <= tol)
    }
}

/// One row's figures: pagu and realisasi (readings, sen) and the printed K and Rp capaian.
#[derive(Debug, Clone, Default)]
struct Row {
    pagu: Option<Money>,
    /// The realisasi as read, then a wrapped cell's first part (`15666798 8`).
    real: Vec<Money>,
    rp: Option<Pct>,
    k: Option<Pct>,
}

impl Row {
    fn ratio(&self, real: Money) -> Option<f64> {
        let p = self.pagu?.0;
        (p > 0).then(|| real.0 as f64 / p as f64 * 100.0)
    }

    /// The realisasi reading the row's own percentage confirms, if any.
    fn fitting_real(&self) -> Option<Money> {
        let pct = self.rp.as_ref()?;
        self.real
            .iter()
            .copied()
            .find(|r| self.ratio(*r).is_some_and(|v| pct.fits(v)))
    }
}

/// The pagu and cumulative realisasi keys of the year the capaian is computed for.
fn layout(t: &TableModel) -> Option<(String, String)> {
    let cols = &t.class.columns;
    if !cols.iter().any(|c| c.role == "capaian_rp") {
        return None;
    }
    let real = cols
        .iter()
        .rev()
        .find(|c| c.money && c.role == "realisasi_rp")?;
    let pagu = cols.iter().find(|c| {
        c.money
            && c.role == "pagu"
            && c.year_block().is_some()
            && c.year_block() == real.year_block()
    })?;
    Some((pagu.key.clone(), real.key.clone()))
}

fn row(it: &Item, pagu: &str, real: &str, style: NumberStyle) -> Row {
    let mut r = Row {
        pagu: it.money.get(pagu).map(|m| m.value),
        ..Row::default()
    };
    // An empty (or `0`, below the money minimum) realisasi cell is nothing realised yet; the
    // percentages are then found after the pagu.
    let from = match it.money.get(real) {
        Some(rc) => {
            r.real.push(rc.value);
            if let Some(v) = rc
                .raw
                .trim()
                .rsplit_once(' ')
                .and_then(|(h, _)| parse_money(h, style).value)
            {
                if !r.real.contains(&v) {
                    r.real.push(v);
                }
            }
            rc.col
        }
        None => match it.money.get(pagu) {
            Some(pc) => {
                r.real.push(Money(0));
                pc.col
            }
            None => return r,
        },
    };
    // K then Rp capaian after the realisasi, before the predikat letters. A `0` realisasi may
    // have been placed on the last `0` of the row: the percentages are then after the pagu.
    let pcts_after = |from: usize| -> Vec<Pct> {
        it.cells
            .iter()
            .skip(from + 1)
            .filter(|c| !c.trim().is_empty())
            .take_while(|c| !c.chars().any(|ch| ch.is_alphabetic()))
            .filter_map(|c| {
                super::capaian::percent(c).map(|(vals, decimals)| Pct {
                    raw: c.trim().to_string(),
                    vals,
                    decimals,
                })
            })
            .collect()
    };
    let mut after = pcts_after(from);
    if after.is_empty() && r.real.first() == Some(&Money(0)) {
        if let Some(pc) = it.money.get(pagu) {
            after = pcts_after(pc.col);
        }
    }
    let n = after.len();
    if n >= 1 {
        r.rp = Some(after[n - 1].clone());
    }
    if n >= 2 {
        r.k = Some(after[n - 2].clone());
    }
    r
}

/// Percentage points as a message token (two decimals at most).
fn pct_text(v: f64) -> String {
    format!("{}%", super::num::two(v))
}

pub(crate) fn check(ctx: &mut Ctx, t: &TableModel) {
    if t.class.kind != TableKind::Evaluation {
        return;
    }
    let Some((pagu, real)) = layout(t) else {
        return;
    };
    let style = ctx.doc.style;
    let rows: Vec<Row> = t
        .items
        .iter()
        .map(|it| row(it, &pagu, &real, style))
        .collect();
    average_rows(ctx, t, &rows);
    let subs: Vec<usize> = (0..t.items.len())
        .filter(|&i| t.items[i].level == ItemLevel::SubKegiatan)
        .filter(|&i| rows[i].rp.is_some() && rows[i].pagu.is_some_and(|p| p.0 > 0))
        .filter(|&i| !rows[i].real.is_empty())
        .collect();
    let fit = subs
        .iter()
        .filter(|&&i| rows[i].fitting_real().is_some())
        .count();
    let kids = children(t);
    // Sub kegiatan rows whose own ratio fails: a single digit of the pagu or realisasi may
    // prove the cell, whatever the parents print.
    for &i in &subs {
        if rows[i].fitting_real().is_none() {
            proven_digit(ctx, t, i, &rows[i], &pagu, &real, &kids[i]);
        }
    }
    let r = rules();
    if subs.len() < r.min_subs.max(1) || (fit as f64) < r.sub_fit_share * subs.len() as f64 {
        return;
    }
    let leaves = sub_descendants(t);
    // Every formula that fits each parent whose own ratio fails; each parent is then given the
    // formula that explains the most parents of the table, so one convention is named once.
    let mut open: Vec<(usize, Vec<(usize, String)>)> = Vec::new();
    for (i, it) in t.items.iter().enumerate() {
        let parent = it.level == ItemLevel::Total
            || it
                .level
                .rank()
                .is_some_and(|r| r < ItemLevel::SubKegiatan.rank().unwrap_or(5));
        let row = &rows[i];
        let (Some(pct), Some(p)) = (&row.rp, row.pagu) else {
            continue;
        };
        if !parent || p.0 <= 0 || row.real.is_empty() || row.fitting_real().is_some() {
            continue;
        }
        let fits: Vec<(usize, String)> = r
            .formula
            .iter()
            .enumerate()
            .filter_map(|(fi, f)| {
                let v = formula_value(f, t, &rows, i, &kids[i], &leaves[i], &pagu, &real)?;
                pct.fits(v.0).then_some((fi, v.1))
            })
            .collect();
        open.push((i, fits));
    }
    // (formula index, item, printed, ratio, column pair) of the parents a formula explains.
    let mut explained: Vec<(usize, usize, f64, f64, String)> = Vec::new();
    loop {
        let best = (0..r.formula.len())
            .map(|fi| {
                let n = open
                    .iter()
                    .filter(|(_, f)| f.iter().any(|x| x.0 == fi))
                    .count();
                (n, std::cmp::Reverse(fi))
            })
            .max();
        let Some((n, std::cmp::Reverse(fi))) = best else {
            break;
        };
        if n == 0 {
            break;
        }
        open.retain(|(i, f)| {
            let Some((_, cols)) = f.iter().find(|x| x.0 == fi) else {
                return true;
            };
            let row = &rows[*i];
            let printed = row.rp.as_ref().map(|p| p.vals[0]).unwrap_or(f64::NAN);
            let ratio = row.ratio(row.real[0]).unwrap_or(f64::NAN);
            explained.push((fi, *i, printed, ratio, cols.clone()));
            false
        });
    }
    explained.sort_by_key(|e| e.1);
    for (i, _) in open {
        let row = &rows[i];
        let ratio = row.ratio(row.real[0]).unwrap_or(f64::NAN);
        if !proven_digit(ctx, t, i, row, &pagu, &real, &kids[i]) {
            mismatch(ctx, t, i, row, ratio);
        }
    }
    for (fi, f) in r.formula.iter().enumerate() {
        let group: Vec<&(usize, usize, f64, f64, String)> =
            explained.iter().filter(|e| e.0 == fi).collect();
        let Some(first) = group.first() else {
            continue;
        };
        let named: Vec<String> = group
            .iter()
            .take(r.max_named.max(1))
            .map(|(_, i, printed, ratio, _)| {
                let it = &t.items[*i];
                format!(
                    "{} {} {} ({})",
                    super::capitalise(it.level.label()),
                    it.code.clone().unwrap_or_else(|| it.name.clone()),
                    pct_text(*printed),
                    pct_text(*ratio)
                )
            })
            .collect();
        let named_en: Vec<String> = group
            .iter()
            .take(r.max_named.max(1))
            .map(|(_, i, printed, ratio, _)| {
                let it = &t.items[*i];
                format!(
                    "{} {} {} ({})",
                    super::capitalise(it.level.label_en()),
                    it.code.clone().unwrap_or_else(|| it.name.clone()),
                    pct_text(*printed),
                    pct_text(*ratio)
                )
            })
            .collect();
        let more = group.len().saturating_sub(named.len());
        let (more_id, more_en) = if more > 0 {
            (
                format!("; dan {more} baris lainnya"),
                format!("; and {more} more rows"),
            )
        } else {
            (String::new(), String::new())
        };
        let it = &t.items[first.1];
        // The column-pair formula names the pair it found (`realisasi_rp@tw2/pagu@y2022`).
        let pair = |l: &str| {
            if first.4.is_empty() {
                l.to_string()
            } else {
                let (a, b) = first.4.split_once('/').unwrap_or((&first.4, ""));
                format!(
                    "{l} ({} / {})",
                    super::column_label(a),
                    super::column_label(b)
                )
            }
        };
        let p = Params::default()
            .set("count", group.len().to_string())
            .set("formula_id", pair(&f.label_id))
            .set("formula_en", pair(&f.label_en))
            .set("detail", format!("{}{more_id}", named.join("; ")))
            .set("detail_en", format!("{}{more_en}", named_en.join("; ")));
        ctx.emit(
            "RJ120",
            t,
            Some(it),
            Some(&real),
            Some(pct_text(first.3)),
            Some(pct_text(first.2)),
            Some(super::num::two(first.2 - first.3)),
            p,
        );
    }
}

/// Each item's children in the hierarchy (a total row: the rows with no parent).
fn children(t: &TableModel) -> Vec<Vec<usize>> {
    let mut kids = vec![Vec::new(); t.items.len()];
    let total: Vec<usize> = (0..t.items.len())
        .filter(|&i| t.items[i].level == ItemLevel::Total)
        .collect();
    for (i, it) in t.items.iter().enumerate() {
        if it.level.rank().is_none() {
            continue;
        }
        match it.parent {
            Some(p) if p < kids.len() => kids[p].push(i),
            Some(_) => {}
            None => total.iter().for_each(|&tt| kids[tt].push(i)),
        }
    }
    kids
}

/// Each item's sub kegiatan descendants (a total row: every sub kegiatan of the table).
fn sub_descendants(t: &TableModel) -> Vec<Vec<usize>> {
    let n = t.items.len();
    let mut out = vec![Vec::new(); n];
    let total: Vec<usize> = (0..n)
        .filter(|&i| t.items[i].level == ItemLevel::Total)
        .collect();
    for (i, it) in t.items.iter().enumerate() {
        if it.level != ItemLevel::SubKegiatan {
            continue;
        }
        let mut p = it.parent;
        // The depth of a Renja hierarchy is bounded; the guard keeps a broken parent chain
        // (a loop) from running forever.
        let mut guard = 0;
        while let Some(x) = p.filter(|x| *x < n) {
            out[x].push(i);
            p = t.items[x].parent;
            guard += 1;
            if guard > 8 {
                break;
            }
        }
        total.iter().for_each(|&tt| out[tt].push(i));
    }
    out
}

/// The value formula `f` gives for parent `i`, with a label of the column pair it used.
#[allow(clippy::too_many_arguments)]
fn formula_value(
    f: &Formula,
    t: &TableModel,
    rows: &[Row],
    i: usize,
    kids: &[usize],
    leaves: &[usize],
    pagu: &str,
    real: &str,
) -> Option<(f64, String)> {
    if f.over == "columns" {
        return other_ratio(t, rows, i, pagu, real);
    }
    let set = match f.over.as_str() {
        "children" => kids,
        "subs" => leaves,
        _ => return None,
    };
    if set.is_empty() {
        return None;
    }
    let (mut num, mut den) = (0f64, 0f64);
    for &c in set {
        let r = &rows[c];
        let p = r.rp.as_ref()?.vals[0];
        let w = match f.weight.as_str() {
            "pagu" => r.pagu?.0 as f64,
            "realisasi" => r.fitting_real().or_else(|| r.real.first().copied())?.0 as f64,
            _ => 1.0,
        };
        num += w * p;
        den += w;
    }
    let den = match f.divide.as_str() {
        "pagu" => rows[i].pagu?.0 as f64,
        _ => den,
    };
    (den > 0.0).then(|| (num / den, String::new()))
}

/// Realisasi / pagu of another pair of the row's money columns (an earlier triwulan, the
/// previous year's pagu) that the printed percentage fits.
fn other_ratio(
    t: &TableModel,
    rows: &[Row],
    i: usize,
    pagu: &str,
    real: &str,
) -> Option<(f64, String)> {
    let it = &t.items[i];
    let pct = rows[i].rp.as_ref()?;
    for (nk, n) in &it.money {
        for (dk, d) in &it.money {
            if nk == dk || (nk == real && dk == pagu) || d.value.0 <= 0 {
                continue;
            }
            let v = n.value.0 as f64 / d.value.0 as f64 * 100.0;
            if pct.fits(v) {
                return Some((v, format!("{nk}/{dk}")));
            }
        }
    }
    None
}

/// RJ121: a parent's percentage fits neither its ratio nor any formula.
fn mismatch(ctx: &mut Ctx, t: &TableModel, i: usize, row: &Row, ratio: f64) {
    let it = &t.items[i];
    let Some(pct) = &row.rp else { return };
    let p = Params::default()
        .set("expected", pct_text(ratio))
        .set("found", format!("{}%", pct.raw.trim_end_matches('%')))
        .set(
            "detail",
            format!(
                "{} / {}",
                ctx.rp(row.real[0].0),
                ctx.rp(row.pagu.map(|m| m.0).unwrap_or(0))
            ),
        );
    ctx.emit(
        "RJ121",
        t,
        Some(it),
        None,
        Some(pct_text(ratio)),
        Some(format!("{}%", pct.raw.trim_end_matches('%'))),
        Some(super::num::two(pct.vals[0] - ratio)),
        p,
    );
}

/// The single-digit changes of `raw` (each digit to each other digit) as amounts.
fn one_digit_changes(raw: &str, style: NumberStyle) -> Vec<Money> {
    let chars: Vec<char> = raw.trim().chars().collect();
    let first_digit = chars.iter().position(|c| c.is_ascii_digit());
    let mut out = Vec::new();
    for (k, c) in chars.iter().enumerate() {
        if !c.is_ascii_digit() {
            continue;
        }
        for d in '0'..='9' {
            if d == *c || (Some(k) == first_digit && d == '0') {
                continue;
            }
            let mut s = chars.clone();
            s[k] = d;
            let s: String = s.into_iter().collect();
            if let Some(v) = parse_money(&s, style).value {
                if !out.contains(&v) {
                    out.push(v);
                }
            }
        }
    }
    out
}

/// RJ122: the row's printed percentage holds with exactly one single-digit change of its pagu
/// or its realisasi; that cell is named with the value that makes it hold. Returns whether a
/// finding was made.
fn proven_digit(
    ctx: &mut Ctx,
    t: &TableModel,
    i: usize,
    row: &Row,
    pagu: &str,
    real: &str,
    kids: &[usize],
) -> bool {
    let it = &t.items[i];
    let style = ctx.doc.style;
    let (Some(pct), Some(p), Some(r)) = (&row.rp, it.money.get(pagu), it.money.get(real)) else {
        return false;
    };
    if p.value.0 <= 0 {
        return false;
    }
    let mut found: Vec<(&str, Money, Money)> = Vec::new();
    for v in one_digit_changes(&r.raw, style) {
        if pct.fits(v.0 as f64 / p.value.0 as f64 * 100.0) {
            found.push((real, r.value, v));
        }
    }
    for v in one_digit_changes(&p.raw, style) {
        if v.0 > 0 && pct.fits(r.value.0 as f64 / v.0 as f64 * 100.0) {
            found.push((pagu, p.value, v));
        }
    }
    let [(key, printed, fixed)] = found[..] else {
        return false;
    };
    // The sum of the row's parts, when it agrees with the corrected value, is a second proof.
    let parts: Option<i64> = (!kids.is_empty())
        .then(|| {
            kids.iter().try_fold(0i64, |acc, &c| {
                acc.checked_add(t.items[c].money.get(key).map(|m| m.value.0)?)
            })
        })
        .flatten();
    let (note_id, note_en) = if parts == Some(fixed.0) {
        super::phrase("rj122_sum_agrees", &ctx.rp(fixed.0))
    } else {
        (String::new(), String::new())
    };
    let params = Params::default()
        .set("cell", super::column_label(key))
        .set("printed", ctx.rp(printed.0))
        .set("reconciling", ctx.rp(fixed.0))
        .set("pct", format!("{}%", pct.raw.trim_end_matches('%')))
        .set("note_id", note_id)
        .set("note_en", note_en);
    ctx.emit_money_diff("RJ122", t, it, key, (fixed, printed), params);
    true
}

/// Whether RJ122 names a digit of this sub kegiatan row (RJ108 then says nothing more).
pub(crate) fn digit_explains(ctx: &Ctx, t: &TableModel, it: &Item) -> bool {
    let Some((pagu, real)) = layout(t) else {
        return false;
    };
    let style = ctx.doc.style;
    let row = row(it, &pagu, &real, style);
    let (Some(pct), Some(p), Some(r)) = (&row.rp, it.money.get(&pagu), it.money.get(&real)) else {
        return false;
    };
    if p.value.0 <= 0 {
        return false;
    }
    let a = one_digit_changes(&r.raw, style)
        .into_iter()
        .filter(|v| pct.fits(v.0 as f64 / p.value.0 as f64 * 100.0))
        .count();
    let b = one_digit_changes(&p.raw, style)
        .into_iter()
        .filter(|v| v.0 > 0 && pct.fits(r.value.0 as f64 / v.0 as f64 * 100.0))
        .count();
    a + b == 1
}

/// RJ123: an average footer row (`Rata-rata capaian kinerja`) must be the mean of the K and Rp
/// capaian of some level of the table's rows.
fn average_rows(ctx: &mut Ctx, t: &TableModel, rows: &[Row]) {
    let r = rules();
    if r.average_labels.is_empty() {
        return;
    }
    for it in &t.items {
        let Some(label_at) = it.cells.iter().position(|c| !c.trim().is_empty()) else {
            continue;
        };
        let label = it.cells[label_at].trim().to_lowercase();
        if !r
            .average_labels
            .iter()
            .any(|l| label.starts_with(l.as_str()))
        {
            continue;
        }
        let nums: Vec<Pct> = it.cells[label_at + 1..]
            .iter()
            .filter(|c| !c.trim().is_empty() && !c.chars().any(|ch| ch.is_alphabetic()))
            .filter_map(|c| {
                super::capaian::percent(c).map(|(vals, decimals)| Pct {
                    raw: c.trim().to_string(),
                    vals,
                    decimals,
                })
            })
            .collect();
        let n = nums.len();
        let printed: Vec<(&str, &Pct)> = match n {
            0 => continue,
            1 => vec![("rp", &nums[0])],
            _ => vec![("k", &nums[n - 2]), ("rp", &nums[n - 1])],
        };
        for (which, pct) in printed {
            let mut means: Vec<(String, String, f64)> = Vec::new();
            for lv in &r.average_levels {
                let vals: Vec<f64> = t
                    .items
                    .iter()
                    .zip(rows)
                    .filter(|(x, _)| level_matches(x.level, lv))
                    .filter_map(|(_, row)| {
                        let p = if which == "k" { &row.k } else { &row.rp };
                        p.as_ref().map(|p| p.vals[0])
                    })
                    .collect();
                if vals.is_empty() {
                    continue;
                }
                let m = vals.iter().sum::<f64>() / vals.len() as f64;
                let (lid, len) = level_words(lv);
                means.push((lid, len, m));
            }
            if means.is_empty() || means.iter().any(|(_, _, m)| pct.fits(*m)) {
                continue;
            }
            let list = |en: bool| {
                means
                    .iter()
                    .map(|(lid, len, m)| format!("{} {}", if en { len } else { lid }, pct_text(*m)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let what = if which == "k" { "K" } else { "Rp" };
            let p = Params::default()
                .set("what", what)
                .set("detail", list(false))
                .set("detail_en", list(true));
            ctx.emit(
                "RJ123",
                t,
                Some(it),
                None,
                Some(pct_text(means[0].2)),
                Some(format!("{}%", pct.raw.trim_end_matches('%'))),
                Some(super::num::two(pct.vals[0] - means[0].2)),
                p,
            );
        }
    }
}

fn level_matches(l: ItemLevel, key: &str) -> bool {
    match key {
        "program" => l == ItemLevel::Program,
        "kegiatan" => l == ItemLevel::Kegiatan,
        "sub_kegiatan" => l == ItemLevel::SubKegiatan,
        "all" => l.rank().is_some(),
        _ => false,
    }
}

fn level_words(key: &str) -> (String, String) {
    match key {
        "program" => ("rata-rata program".into(), "mean of programs".into()),
        "kegiatan" => ("rata-rata kegiatan".into(), "mean of kegiatan".into()),
        "sub_kegiatan" => (
            "rata-rata sub kegiatan".into(),
            "mean of sub kegiatan".into(),
        ),
        _ => ("rata-rata semua baris".into(), "mean of all rows".into()),
    }
}
