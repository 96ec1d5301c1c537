//! RJ101-RJ104: every parent amount against the sum of its parts, per money column, at every
//! level (sub -> kegiatan -> program -> bidang/urusan -> grand total), and which cell is the
//! odd one when the sum breaks.

use super::{Ctx, Params};
use crate::model::{Item, ItemLevel, MoneyCell, TableModel};
use crate::normalize::number::{self, NumberFlag};
use std::collections::BTreeMap;

/// One parent = Σ children relation in one money column.
#[derive(Debug, Clone)]
pub struct Equation {
    /// Parent item index.
    pub parent: usize,
    /// Money column key.
    pub key: String,
    /// Printed parent amount (sen).
    pub printed: i64,
    /// Sum of the children's effective amounts (sen).
    pub sum: i64,
    /// Child item indices that contributed.
    pub children: Vec<usize>,
    /// Whether it holds within tolerance.
    pub holds: bool,
    /// The parts add up past what an i64 of sen holds: no real amount, `sum` is meaningless
    /// and the relation is reported as RJ113, never compared.
    pub overflow: bool,
}

/// A sum that went past `i64` (more than ~9.2 x 10^16 rupiah in sen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Overflow;

impl Equation {
    /// A relation whose amounts add up past i64: reported, never compared.
    fn overflowed(parent: usize, key: &str, printed: i64, kids: &[usize]) -> Equation {
        Equation {
            parent,
            key: key.to_string(),
            printed,
            sum: 0,
            children: kids.to_vec(),
            holds: false,
            overflow: true,
        }
    }
}

struct Tree {
    children: Vec<Vec<usize>>,
    attached: Vec<Vec<usize>>,
    top: Vec<usize>,
}

fn tree(t: &TableModel) -> Tree {
    let n = t.items.len();
    let mut children = vec![Vec::new(); n];
    let mut attached = vec![Vec::new(); n];
    let mut top = Vec::new();
    for (i, it) in t.items.iter().enumerate() {
        if let Some(p) = it.parent {
            if it.level.rank().is_some() {
                children[p].push(i);
            }
        } else if it.level.rank().is_some() {
            top.push(i);
        }
        if let Some(a) = it.attached_to {
            attached[a].push(i);
        }
    }
    Tree {
        children,
        attached,
        top,
    }
}

/// The row's own amount: its cell plus money on its continuation rows.
fn own(t: &TableModel, tr: &Tree, i: usize, key: &str) -> Result<Option<i64>, Overflow> {
    let mut v = t.items[i].money.get(key).map(|m| m.value.0);
    for &j in &tr.attached[i] {
        if let Some(m) = t.items[j].money.get(key) {
            v = Some(v.unwrap_or(0).checked_add(m.value.0).ok_or(Overflow)?);
        }
    }
    Ok(v)
}

/// The amount an item stands for: its own when printed, else the sum of its children.
fn eff(t: &TableModel, tr: &Tree, i: usize, key: &str, depth: u8) -> Result<Option<i64>, Overflow> {
    if let Some(v) = own(t, tr, i, key)? {
        return Ok(Some(v));
    }
    if depth > 8 {
        return Ok(None);
    }
    let mut any = false;
    let mut s = 0i64;
    for &c in &tr.children[i] {
        if let Some(v) = eff(t, tr, c, key, depth + 1)? {
            any = true;
            s = s.checked_add(v).ok_or(Overflow)?;
        }
    }
    Ok(any.then_some(s))
}

/// The checked sum of some amounts.
fn total<'a>(v: impl IntoIterator<Item = &'a i64>) -> Result<i64, Overflow> {
    v.into_iter()
        .try_fold(0i64, |a, &b| a.checked_add(b))
        .ok_or(Overflow)
}

/// Every sum relation of a table.
pub fn equations(t: &TableModel, tol_sen: i64) -> Vec<Equation> {
    let tr = tree(t);
    let mut out = Vec::new();
    for key in &t.money_keys {
        // Sum of all programs: a bidang row may carry the grand total (Serang T3.3).
        // (None as well when that sum overflows: the overflow is reported where it happens.)
        let all_programs: Option<i64> = {
            let v: Vec<i64> = t
                .items
                .iter()
                .enumerate()
                .filter(|(_, it)| it.level == ItemLevel::Program)
                .filter_map(|(i, _)| eff(t, &tr, i, key, 0).ok().flatten())
                .collect();
            (!v.is_empty()).then(|| total(&v).ok()).flatten()
        };
        // A table that starts mid-hierarchy (pages missing) cannot reconcile to its total.
        let partial = t.notes.iter().any(|n| n.id == "starts_mid_hierarchy");
        for (i, it) in t.items.iter().enumerate() {
            let kids: &Vec<usize> = match it.level {
                ItemLevel::Total if partial => continue,
                ItemLevel::Total => &tr.top,
                l if l.rank().is_some() => &tr.children[i],
                _ => continue,
            };
            if kids.is_empty() {
                continue;
            }
            let p = match own(t, &tr, i, key) {
                Ok(Some(p)) => p,
                Ok(None) => continue,
                Err(Overflow) => {
                    out.push(Equation::overflowed(i, key, 0, kids));
                    continue;
                }
            };
            let vals: Result<Vec<Option<i64>>, Overflow> =
                kids.iter().map(|&c| eff(t, &tr, c, key, 0)).collect();
            let Ok(vals) = vals else {
                out.push(Equation::overflowed(i, key, p, kids));
                continue;
            };
            if vals.iter().all(|v| v.is_none()) {
                continue;
            }
            // Children that all print 0 under an amount of the parent: the column is filled at
            // the parent's level only (Tangerang's Renstra amounts on program rows).
            if p != 0 && vals.iter().all(|v| v.unwrap_or(0) == 0) {
                continue;
            }
            let Ok(s) = total(vals.iter().flatten()) else {
                out.push(Equation::overflowed(i, key, p, kids));
                continue;
            };
            // A difference past i64 is an overflow too (amounts of opposite signs).
            let Some(diff) = p.checked_sub(s) else {
                out.push(Equation::overflowed(i, key, p, kids));
                continue;
            };
            let within =
                |d: Option<i64>| d.is_some_and(|d| d.checked_abs().is_some_and(|d| d <= tol_sen));
            let mut holds = within(Some(diff));
            if !holds
                && matches!(
                    it.level,
                    ItemLevel::Bidang | ItemLevel::Urusan | ItemLevel::Total
                )
                && within(all_programs.and_then(|g| g.checked_sub(p)))
            {
                holds = true;
            }
            out.push(Equation {
                parent: i,
                key: key.clone(),
                printed: p,
                sum: s,
                children: kids
                    .iter()
                    .zip(&vals)
                    .filter(|(_, v)| v.is_some())
                    .map(|(c, _)| *c)
                    .collect(),
                holds,
                overflow: false,
            });
        }
    }
    out
}

/// Fewer broken sums first, then more sums that hold (more evidence for the placement).
/// (sums that hold, sums that break).
fn score(t: &TableModel, tol: i64) -> (usize, usize) {
    let eqs = equations(t, tol);
    let bad = eqs.iter().filter(|e| !e.holds).count();
    (eqs.len() - bad, bad)
}

/// For rows whose amounts could sit in more than one column (or, on continuation rows, belong
/// to the row above or be a stray subtotal), moves away from the positional reading only on
/// evidence: more sums hold, or as many hold, none more break, and the amounts line up with
/// the parent's columns. Fewer broken sums alone is no evidence: moving an amount out of the
/// way makes a sum vanish, not hold, and would hide a real inconsistency.
pub fn choose_placements(t: &mut TableModel, tol: i64) {
    let ambiguous: Vec<usize> = (0..t.items.len())
        .filter(|&i| t.items[i].money_options.len() > 1)
        .collect();
    if ambiguous.is_empty() {
        return;
    }
    for _pass in 0..2 {
        for &i in &ambiguous {
            let current = t.items[i].money_choice;
            let (mut holds, mut bad) = score(t, tol);
            let mut stray = stray_keys(t, i);
            let mut best = current;
            for k in 0..t.items[i].money_options.len() {
                if k == current {
                    continue;
                }
                set_choice(&mut t.items[i], k);
                let (h, b) = score(t, tol);
                let st = stray_keys(t, i);
                if h > holds || (h == holds && b <= bad && st < stray) {
                    (holds, bad, stray, best) = (h, b, st, k);
                }
            }
            set_choice(&mut t.items[i], best);
        }
    }
}

/// Amounts of an item placed in columns its parent (or, for a continuation row, its owner)
/// leaves empty: children normally fill the same columns as their parent, so this breaks ties
/// between placements the sums cannot tell apart yet.
fn stray_keys(t: &TableModel, i: usize) -> usize {
    let it = &t.items[i];
    let Some(p) = it.parent.or(it.attached_to) else {
        return 0;
    };
    let pm = &t.items[p].money;
    if pm.is_empty() {
        return 0;
    }
    it.money.keys().filter(|k| !pm.contains_key(*k)).count()
}

fn set_choice(it: &mut Item, k: usize) {
    it.money_choice = k;
    it.money = it.money_options[k].clone();
}

/// Whether two amounts differ like a typing or reading slip: one digit changed, added, dropped
/// or two neighbours swapped.
fn digit_close(a: i64, b: i64) -> bool {
    let x: Vec<char> = (a / 100).to_string().chars().collect();
    let y: Vec<char> = (b / 100).to_string().chars().collect();
    if x.len() == y.len() {
        let diff: Vec<usize> = (0..x.len()).filter(|&k| x[k] != y[k]).collect();
        return diff.len() == 1
            || (diff.len() == 2
                && diff[1] == diff[0] + 1
                && x[diff[0]] == y[diff[1]]
                && x[diff[1]] == y[diff[0]]);
    }
    let (l, s) = if x.len() > y.len() {
        (&x, &y)
    } else {
        (&y, &x)
    };
    if l.len() != s.len() + 1 {
        return false;
    }
    (0..l.len()).any(|k| {
        let mut r = l.clone();
        r.remove(k);
        &r == s
    })
}

const ODD_FLAGS: [NumberFlag; 3] = [
    NumberFlag::MixedSeparators,
    NumberFlag::TruncatedGroup,
    NumberFlag::RejoinedWrap,
];

struct Suspect<'a> {
    item: usize,
    cell: &'a MoneyCell,
    needed: i64,
}

/// Runs RJ101-RJ104 on a table.
enum Diagnosis<'a> {
    /// One OCR alternative of one cell makes the sum hold.
    Ocr(Suspect<'a>, i64),
    /// One cell is the odd one; its needed value reconciles.
    Odd(Suspect<'a>),
    /// Two cells could each be the odd one; other evidence names one of them.
    Evidence(Suspect<'a>, Witness),
    /// Two cells could each be the odd one and nothing tells them apart.
    Ambiguous(Suspect<'a>, Suspect<'a>),
    /// No single cell explains the difference.
    Unknown,
}

/// What names one of two candidate cells as the odd one.
enum Witness {
    /// The same item prints the reconciling value in another table (its title).
    Table(String),
    /// The same row prints the reconciling value in another column (its key).
    Column(String),
    /// The reconciling value is one OCR digit confusion away from the printed one; the other
    /// candidate's is not.
    Digit,
    /// The other candidate's printed amount is stated again elsewhere (what states it).
    OtherConfirmed(Box<Witness>),
}

/// Items by code (by lower-case name when they have none), over every table of the document:
/// the other places that state the same item, found without a search over all pairs.
pub(crate) type ItemIndex = std::collections::HashMap<String, Vec<(usize, usize)>>;

fn index_keys(it: &Item) -> Vec<String> {
    let mut k = Vec::new();
    if let Some(c) = it.code.as_deref().filter(|c| !c.starts_with('X')) {
        k.push(c.to_string());
    }
    if !it.name.trim().is_empty() {
        k.push(it.name.trim().to_lowercase());
    }
    k
}

fn item_index(doc: &crate::model::DocModel) -> ItemIndex {
    let mut ix = ItemIndex::new();
    for (ti, t) in doc.tables.iter().enumerate() {
        for (ii, it) in t.items.iter().enumerate() {
            for k in index_keys(it) {
                ix.entry(k).or_default().push((ti, ii));
            }
        }
    }
    ix
}

/// The role of a money column key (`pagu@sesudah` -> `pagu`).
fn role(key: &str) -> &str {
    key.split('@').next().unwrap_or(key)
}

/// Whether a column states the same year as `key` (a prakiraan maju column is another year).
fn same_year_column(t: &TableModel, other: &str) -> bool {
    !t.class
        .columns
        .iter()
        .any(|c| c.key == other && c.block.as_deref() == Some("n1"))
}

/// Where else the same item prints `value` in a money column of the same role and year as
/// `key`: another column of its row first, else another table.
fn witness(
    doc: &crate::model::DocModel,
    ix: &ItemIndex,
    t: &TableModel,
    item: usize,
    key: &str,
    value: i64,
) -> Option<Witness> {
    let it = &t.items[item];
    for (k, m) in &it.money {
        if k != key && role(k) == role(key) && same_year_column(t, k) && m.value.0 == value {
            return Some(Witness::Column(k.clone()));
        }
    }
    let places = index_keys(it)
        .into_iter()
        .filter_map(|k| ix.get(&k))
        .flatten();
    for &(ti, ii) in places {
        let o = &doc.tables[ti];
        if o.index == t.index {
            continue;
        }
        let hit = o.items[ii]
            .money
            .iter()
            .any(|(k, m)| role(k) == role(key) && same_year_column(o, k) && m.value.0 == value);
        if hit {
            return Some(Witness::Table(o.title.clone()));
        }
    }
    None
}

/// Whether `needed` is one OCR digit confusion away from the cell as printed.
fn one_confusion(c: &MoneyCell, needed: i64, style: crate::normalize::number::NumberStyle) -> bool {
    let a: Vec<char> = (c.value.0 / 100).to_string().chars().collect();
    let b: Vec<char> = (needed / 100).to_string().chars().collect();
    if a.len() != b.len() || c.value.0 % 100 != needed % 100 {
        return false;
    }
    let diff: Vec<usize> = (0..a.len()).filter(|&k| a[k] != b[k]).collect();
    diff.len() == 1
        && number::ocr_alternatives(&c.raw, style)
            .iter()
            .any(|m| m.0 == needed)
}

/// Which cell breaks a sum, if one can be named: an OCR cell with a reading that fits, else
/// the only oddly printed cell, else the only cell whose correction is a typing slip (the
/// parent is left out when the sum above confirms it, a child when its own parts confirm it).
#[allow(clippy::too_many_arguments)]
fn diagnose<'a>(
    doc: &crate::model::DocModel,
    ix: &ItemIndex,
    t: &'a TableModel,
    tr: &Tree,
    eqs: &[Equation],
    e: &Equation,
    diff: i64,
    skip_parent: bool,
    style: crate::normalize::number::NumberStyle,
) -> Diagnosis<'a> {
    let parent = &t.items[e.parent];
    let mut suspects: Vec<Suspect<'a>> = Vec::new();
    if !skip_parent {
        if let Some(c) = parent.money.get(&e.key) {
            if let Some(needed) = c.value.0.checked_sub(diff) {
                suspects.push(Suspect {
                    item: e.parent,
                    cell: c,
                    needed,
                });
            }
        }
    }
    // Children without an amount of their own stand for the sum of theirs: the cells that
    // really contribute are further down (Serang T2.4 kegiatan rows carry no pagu).
    let mut stack: Vec<usize> = e.children.clone();
    while let Some(ci) = stack.pop() {
        match t.items[ci].money.get(&e.key) {
            Some(c) => {
                if let Some(needed) = c.value.0.checked_add(diff) {
                    suspects.push(Suspect {
                        item: ci,
                        cell: c,
                        needed,
                    })
                }
            }
            None => stack.extend(tr.children[ci].iter().copied()),
        }
    }
    let ocr_hits: Vec<(usize, i64)> = suspects
        .iter()
        .enumerate()
        .filter(|(_, s)| s.cell.conf.is_some())
        .flat_map(|(k, s)| {
            number::ocr_alternatives(&s.cell.raw, style)
                .into_iter()
                .filter(move |alt| alt.0 == s.needed)
                .map(move |alt| (k, alt.0))
        })
        .collect();
    if ocr_hits.len() == 1 {
        let (k, alt) = ocr_hits[0];
        return Diagnosis::Ocr(suspects.swap_remove(k), alt);
    }
    let flagged: Vec<usize> = suspects
        .iter()
        .enumerate()
        .filter(|(_, s)| s.cell.flags.iter().any(|f| ODD_FLAGS.contains(f)) && s.needed > 0)
        .map(|(k, _)| k)
        .collect();
    if flagged.len() == 1 {
        return Diagnosis::Odd(suspects.swap_remove(flagged[0]));
    }
    // A cell whose correction mends two sums at once (the one above it and its own parts, or
    // for the parent, the sum it belongs to) is the odd one (Lamongan T-C.33 kegiatan
    // 2.07.01.2.07: 260,000,000 printed, its subs and the program both say 105,000,000).
    let double: Vec<usize> = suspects
        .iter()
        .enumerate()
        .filter(|(_, s)| s.needed > 0)
        .filter(|(_, s)| {
            if s.item == e.parent {
                eqs.iter().any(|u| {
                    u.key == e.key
                        && !u.holds
                        && u.children.contains(&e.parent)
                        && u.sum
                            .checked_sub(s.cell.value.0)
                            .and_then(|v| v.checked_add(s.needed))
                            == Some(u.printed)
                })
            } else {
                eqs.iter()
                    .any(|u| u.key == e.key && u.parent == s.item && !u.holds && u.sum == s.needed)
            }
        })
        .map(|(k, _)| k)
        .collect();
    if double.len() == 1 {
        return Diagnosis::Odd(suspects.swap_remove(double[0]));
    }
    let parent_confirmed = eqs
        .iter()
        .any(|u| u.holds && u.key == e.key && u.children.contains(&e.parent));
    let child_confirmed = |i: usize| {
        eqs.iter()
            .any(|u| u.holds && u.key == e.key && u.parent == i)
    };
    let slips: Vec<usize> = suspects
        .iter()
        .enumerate()
        .filter(|(_, s)| s.needed > 0 && digit_close(s.cell.value.0, s.needed))
        .filter(|(_, s)| !parent_confirmed || s.item != e.parent)
        .filter(|(_, s)| s.item == e.parent || !child_confirmed(s.item))
        .map(|(k, _)| k)
        .collect();
    if slips.len() == 1 {
        return Diagnosis::Odd(suspects.swap_remove(slips[0]));
    }
    // Two cells left that could each be wrong (a parent with two children, the parent
    // confirmed by the sum above): other evidence breaks the tie, else it stays ambiguous.
    let open: Vec<usize> = suspects
        .iter()
        .enumerate()
        .filter(|(_, s)| s.needed > 0)
        .filter(|(_, s)| !(parent_confirmed || skip_parent) || s.item != e.parent)
        .filter(|(_, s)| s.item == e.parent || !child_confirmed(s.item))
        .map(|(k, _)| k)
        .collect();
    // A parent against its only child stays RJ101: the sum itself is the only evidence there.
    if open.len() != 2 || open.iter().any(|&k| suspects[k].item == e.parent) {
        return Diagnosis::Unknown;
    }
    let seen: Vec<Option<Witness>> = open
        .iter()
        .map(|&k| witness(doc, ix, t, suspects[k].item, &e.key, suspects[k].needed))
        .collect();
    let pick = match (&seen[0], &seen[1]) {
        (Some(_), None) => Some(0),
        (None, Some(_)) => Some(1),
        (None, None) => {
            let kept: Vec<Option<Witness>> = open
                .iter()
                .map(|&k| {
                    let s = &suspects[k];
                    witness(doc, ix, t, s.item, &e.key, s.cell.value.0)
                })
                .collect();
            if let [Some(w), None] | [None, Some(w)] = &kept[..] {
                let p = usize::from(kept[0].is_some());
                let w = match w {
                    Witness::Table(x) => Witness::Table(x.clone()),
                    Witness::Column(x) => Witness::Column(x.clone()),
                    _ => Witness::Digit,
                };
                return Diagnosis::Evidence(
                    suspects.swap_remove(open[p]),
                    Witness::OtherConfirmed(Box::new(w)),
                );
            }
            let d: Vec<bool> = open
                .iter()
                .map(|&k| one_confusion(suspects[k].cell, suspects[k].needed, style))
                .collect();
            match (d[0], d[1]) {
                (true, false) => Some(0),
                (false, true) => Some(1),
                _ => None,
            }
        }
        _ => None,
    };
    let (a, b) = (open[0], open[1]);
    match pick {
        Some(p) => {
            let w = seen.into_iter().nth(p).flatten().unwrap_or(Witness::Digit);
            Diagnosis::Evidence(suspects.swap_remove(open[p]), w)
        }
        None => {
            // Remove the later one first so the earlier index stays valid.
            let sb = suspects.swap_remove(b);
            let sa = suspects.swap_remove(a);
            Diagnosis::Ambiguous(sa, sb)
        }
    }
}

/// The printed text of an OCR'd cell of the equation (its parent or one of its parts) whose
/// correction by the difference is a misread OCR makes (a digit or a separator), if any.
fn ocr_cell_explaining(t: &TableModel, e: &Equation, diff: i64) -> Option<String> {
    let parent = t.items[e.parent].money.get(&e.key)?;
    if parent.conf.is_some() && digit_close(e.sum, parent.value.0) {
        return Some(parent.raw.clone());
    }
    e.children.iter().find_map(|&ci| {
        let c = t.items[ci].money.get(&e.key)?;
        let needed = c.value.0.checked_add(diff)?;
        (c.conf.is_some() && digit_close(needed, c.value.0)).then(|| c.raw.clone())
    })
}

/// An RJ101/RJ102 just emitted (from `before` on) that an OCR misread explains is a warning
/// naming the cell, never an error: the reviewer checks the page image, not the author.
fn ocr_misread_warning(ctx: &mut Ctx, before: usize, raw: &str) {
    let (id, en) = super::phrase("rj10x_ocr_misread", raw);
    for f in ctx.out.iter_mut().skip(before) {
        if f.severity == super::Severity::Error {
            f.severity = super::Severity::Warning;
        }
        f.message_id.push_str(&id);
        f.message_en.push_str(&en);
    }
}

/// Runs RJ101-RJ104 on a table.
pub(crate) fn check(ctx: &mut Ctx, t: &TableModel) {
    let tol = super::rules().sum_tolerance_rupiah * 100;
    let eqs = equations(t, tol);
    let tr = tree(t);
    let style = ctx.doc.style;
    let doc = ctx.doc;
    let ix = item_index(doc);
    let first_finding = ctx.out.len();
    // A set: one lookup per money cell of the table below (a list was quadratic).
    let mut reported_cells: std::collections::HashSet<(usize, usize)> =
        std::collections::HashSet::new();
    // First pass: cells named as odd by some sum, with the value that reconciles them. A
    // parent named odd by the sum above it is then checked against its own parts with that
    // value, so two slips in one branch are both found.
    let mut corrected: BTreeMap<(usize, String), i64> = BTreeMap::new();
    for e in eqs.iter().filter(|e| !e.holds && !e.overflow) {
        let Some(diff) = e.printed.checked_sub(e.sum) else {
            continue;
        };
        match diagnose(doc, &ix, t, &tr, &eqs, e, diff, false, style) {
            Diagnosis::Odd(s) | Diagnosis::Evidence(s, _) if s.item != e.parent => {
                corrected.insert((s.item, e.key.clone()), s.needed);
            }
            Diagnosis::Ocr(s, alt) if s.item != e.parent => {
                corrected.insert((s.item, e.key.clone()), alt);
            }
            _ => {}
        }
    }
    // Forms that repeat a cumulative amount in several columns (Tangerang's triwulan IV and
    // realisasi capaian Rp copy triwulan III) break the same sum with the same figures in each;
    // the reviewer gets one finding naming all those columns.
    let mut same_break: BTreeMap<(usize, i64, i64), Vec<String>> = BTreeMap::new();
    for e in eqs.iter().filter(|e| !e.holds && !e.overflow) {
        same_break
            .entry((e.parent, e.printed, e.sum))
            .or_default()
            .push(e.key.clone());
    }
    for e in eqs.iter().filter(|e| !e.holds) {
        if e.overflow {
            let parent = &t.items[e.parent];
            let found = parent.money.get(&e.key).map(|m| m.raw.clone());
            let p = Params::default()
                .set("found", found.clone().unwrap_or_default())
                .named_by(parent);
            ctx.emit("RJ113", t, Some(parent), Some(&e.key), None, found, None, p);
            continue;
        }
        let cols = &same_break[&(e.parent, e.printed, e.sum)];
        if cols.first() != Some(&e.key) {
            continue;
        }
        let parent = &t.items[e.parent];
        let (printed, skip_parent) = match corrected.get(&(e.parent, e.key.clone())) {
            Some(&v) => (v, true),
            None => (e.printed, false),
        };
        let Some(diff) = printed
            .checked_sub(e.sum)
            .filter(|d| d.checked_abs().is_some())
        else {
            continue;
        };
        if diff.abs() <= tol {
            // Explained by the parent's own odd cell, reported by the sum above.
            continue;
        }
        let mut base = Params::default();
        if cols.len() > 1 {
            let labels: Vec<String> = cols.iter().map(|k| super::column_label(k)).collect();
            base = base.set("column", labels.join(" / "));
        }
        let expected = ctx.rp(e.sum);
        let found = ctx.rp(e.printed);
        let difference = ctx.rp(e.printed.saturating_sub(e.sum));
        match diagnose(doc, &ix, t, &tr, &eqs, e, diff, skip_parent, style) {
            Diagnosis::Ocr(s, alt) => {
                let it = &t.items[s.item];
                let p = base
                    .set("cell", it.label())
                    .set("printed", s.cell.raw.clone())
                    .set("reconciling", ctx.rp(alt));
                let p = p.named_by(parent);
                reported_cells.insert((s.item, s.cell.col));
                // The same cell repeated in the merged columns is named by this finding too.
                for k in &cols[1..] {
                    if let Some(m) = it.money.get(k) {
                        reported_cells.insert((s.item, m.col));
                    }
                }
                ctx.emit(
                    "RJ103",
                    t,
                    Some(it),
                    Some(&e.key),
                    Some(ctx.rp(alt)),
                    Some(s.cell.raw.clone()),
                    s.cell.value.0.checked_sub(alt).map(|d| ctx.rp(d)),
                    p,
                );
            }
            Diagnosis::Odd(s) => {
                let it = &t.items[s.item];
                let misread = (s.cell.conf.is_some() && digit_close(s.needed, s.cell.value.0))
                    .then(|| s.cell.raw.clone());
                let before = ctx.out.len();
                let p = base
                    .set("cell", format!("{} ({})", it.label(), it.level.label()))
                    .set("printed", s.cell.raw.clone())
                    .set("reconciling", ctx.rp(s.needed))
                    .set("expected", expected.clone())
                    .set("found", found.clone());
                let p = p.named_by(parent);
                reported_cells.insert((s.item, s.cell.col));
                // The same cell repeated in the merged columns is named by this finding too.
                for k in &cols[1..] {
                    if let Some(m) = it.money.get(k) {
                        reported_cells.insert((s.item, m.col));
                    }
                }
                ctx.emit(
                    "RJ102",
                    t,
                    Some(it),
                    Some(&e.key),
                    Some(ctx.rp(s.needed)),
                    Some(s.cell.raw.clone()),
                    s.cell.value.0.checked_sub(s.needed).map(|d| ctx.rp(d)),
                    p,
                );
                if let Some(raw) = misread {
                    ocr_misread_warning(ctx, before, &raw);
                }
            }
            Diagnosis::Evidence(s, w) => {
                let it = &t.items[s.item];
                let (ev_id, ev_en) = match &w {
                    Witness::Table(title) => super::phrase("rj111_table", title),
                    Witness::Column(k) => super::phrase("rj111_column", &super::column_label(k)),
                    Witness::Digit => super::phrase("rj111_digit", ""),
                    Witness::OtherConfirmed(w) => {
                        let (i, e) = match w.as_ref() {
                            Witness::Table(title) => super::phrase("rj111_table", title),
                            Witness::Column(k) => {
                                super::phrase("rj111_column", &super::column_label(k))
                            }
                            _ => Default::default(),
                        };
                        let (oi, _) = super::phrase("rj111_other", &i);
                        let (_, oe) = super::phrase("rj111_other", &e);
                        (oi, oe)
                    }
                };
                let p = base
                    .set("cell", format!("{} ({})", it.label(), it.level.label()))
                    .set("printed", s.cell.raw.clone())
                    .set("reconciling", ctx.rp(s.needed))
                    .set("expected", expected.clone())
                    .set("found", found.clone())
                    .set("evidence", ev_id)
                    .set("evidence_en", ev_en);
                let p = p.named_by(parent);
                reported_cells.insert((s.item, s.cell.col));
                ctx.emit(
                    "RJ111",
                    t,
                    Some(it),
                    Some(&e.key),
                    Some(ctx.rp(s.needed)),
                    Some(s.cell.raw.clone()),
                    s.cell.value.0.checked_sub(s.needed).map(|d| ctx.rp(d)),
                    p,
                );
            }
            Diagnosis::Ambiguous(a, b) => {
                let (ia, ib) = (&t.items[a.item], &t.items[b.item]);
                let p = base
                    .set("cell_a", format!("{} ({})", ia.label(), ia.level.label()))
                    .set("printed_a", ctx.rp(a.cell.value.0))
                    .set("reconciling_a", ctx.rp(a.needed))
                    .set("cell_b", format!("{} ({})", ib.label(), ib.level.label()))
                    .set("printed_b", ctx.rp(b.cell.value.0))
                    .set("reconciling_b", ctx.rp(b.needed));
                ctx.emit(
                    "RJ112",
                    t,
                    Some(parent),
                    Some(&e.key),
                    Some(expected),
                    Some(found),
                    Some(difference),
                    p,
                );
            }
            Diagnosis::Unknown => {
                let misread = ocr_cell_explaining(t, e, diff);
                let before = ctx.out.len();
                ctx.emit(
                    "RJ101",
                    t,
                    Some(parent),
                    Some(&e.key),
                    Some(expected),
                    Some(found),
                    Some(difference),
                    base,
                );
                if let Some(raw) = misread {
                    ocr_misread_warning(ctx, before, &raw);
                }
            }
        }
    }
    // Amounts read by their order in the row (header unusable) may sit in the wrong column:
    // a broken sum there is a lead for the reviewer, not a proven inconsistency.
    if t.class.soft_sums || t.notes.iter().any(|n| n.id == "money_by_order") {
        for f in ctx.out.iter_mut().skip(first_finding) {
            if f.severity == super::Severity::Error {
                f.severity = super::Severity::Warning;
            }
        }
    }
    // RJ104: odd number formats not already explained by a sum.
    // The first item on each row: cells were reported under that index.
    let mut first_on_row: std::collections::HashMap<usize, usize> = Default::default();
    for (ii, it) in t.items.iter().enumerate() {
        first_on_row.entry(it.row).or_insert(ii);
    }
    for it in &t.items {
        for (key, c) in &it.money {
            if reported_cells.contains(&(first_on_row[&it.row], c.col)) {
                continue;
            }
            let odd: Vec<(String, String)> = c
                .flags
                .iter()
                .filter_map(|f| match f {
                    NumberFlag::MixedSeparators => Some(super::phrase("rj104_mixed", "")),
                    NumberFlag::TruncatedGroup => Some(super::phrase("rj104_truncated", "")),
                    _ => None,
                })
                .collect();
            if odd.is_empty() {
                continue;
            }
            let join = |en: bool| {
                odd.iter()
                    .map(|(i, e)| if en { e.as_str() } else { i.as_str() })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            // On a scanned page the separators are what OCR misreads most; the reviewer then
            // checks the page image, not the author.
            let (ocr_id, ocr_en) = if c.conf.is_some() {
                super::phrase("rj104_ocr", "")
            } else {
                Default::default()
            };
            let p = Params::default()
                .set("printed", c.raw.clone())
                .set("detail", format!("{}{ocr_id}", join(false)))
                .set("detail_en", format!("{}{ocr_en}", join(true)));
            ctx.emit(
                "RJ104",
                t,
                Some(it),
                Some(key),
                None,
                Some(c.raw.clone()),
                None,
                p,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::digit_close;

    #[test]
    fn slips() {
        // F6: 248,898,050 printed for 24,889,850 (an extra digit).
        let sen = |rp: i64| rp * 100;
        assert!(digit_close(sen(24_889_850), sen(248_898_050)));
        assert!(digit_close(sen(1_234), sen(1_243)));
        assert!(digit_close(sen(1_234), sen(1_734)));
        assert!(!digit_close(sen(1_234), sen(9_999)));
    }
}
