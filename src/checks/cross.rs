//! Checks between tables of one document: RJ201/RJ202 review (T-C.31 hasil analisis) vs plan
//! (T-C.33), RJ203 sebelum/sesudah totals, RJ204 evaluation vs plan pagu, RJ205/RJ211 plan
//! targets of n and n+1 vs the Renstra targets (T-C.30), RJ212 service realisasi vs
//! evaluation realisasi, RJ301 table year.

use super::{Ctx, Params};
use crate::classify::TableKind;
use crate::model::{CodeSource, Item, ItemLevel, TableModel};
use crate::normalize::names::similarity;
use crate::normalize::number::Money;
use std::collections::{BTreeMap, BTreeSet, HashMap};

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

pub(super) fn partial(t: &TableModel) -> bool {
    t.notes.iter().any(|n| n.id == "starts_mid_hierarchy")
}

/// The item of `others` that is `a` (same code first, else the most similar name), with its
/// index.
fn best_match_at<'a>(
    a: &Item,
    others: impl Iterator<Item = (usize, &'a Item)>,
) -> Option<(usize, &'a Item)> {
    let mut best: Option<(f64, usize, &'a Item)> = None;
    for (k, b) in others.filter(|(_, b)| same_item(a, b)) {
        let score = if key_of(a).is_some() && key_of(a) == key_of(b) {
            2.0
        } else {
            similarity(&a.name, &b.name)
        };
        if best.is_none_or(|(s, _, _)| score > s) {
            best = Some((score, k, b));
        }
    }
    best.map(|(_, k, b)| (k, b))
}

/// Items of one table indexed for [`best_match_at`]: a coded item is looked up by its code,
/// so matching two 10,000-item tables is not a scan of every pair.
pub(super) struct ItemIndex<'t> {
    items: &'t [Item],
    /// Candidate item indices by code.
    by_code: HashMap<&'t str, Vec<usize>>,
    /// Candidates that may match an item of another code by name: no code, or a code found
    /// from the name.
    loose: Vec<usize>,
    /// Every candidate, in table order.
    all: Vec<usize>,
}

impl<'t> ItemIndex<'t> {
    pub(super) fn new(items: &'t [Item], candidates: impl IntoIterator<Item = usize>) -> Self {
        let mut ix = ItemIndex {
            items,
            by_code: HashMap::new(),
            loose: Vec::new(),
            all: Vec::new(),
        };
        for k in candidates {
            let it = &items[k];
            match it.code.as_deref().filter(|c| !c.starts_with('X')) {
                Some(c) => {
                    ix.by_code.entry(c).or_default().push(k);
                    if it.code_source == CodeSource::Name {
                        ix.loose.push(k);
                    }
                }
                None => ix.loose.push(k),
            }
            ix.all.push(k);
        }
        ix
    }

    /// The same answer as [`best_match_at`] over every candidate: a same-code item scores
    /// above any name similarity, so the first one that is the same item wins outright.
    pub(super) fn find(&self, a: &Item) -> Option<(usize, &'t Item)> {
        let at = |ks: &[usize]| best_match_at(a, ks.iter().map(|&k| (k, &self.items[k])));
        match key_of(a) {
            Some(c) if a.code_source != CodeSource::Name => self
                .by_code
                .get(c.as_str())
                .and_then(|ks| {
                    ks.iter()
                        .map(|&k| (k, &self.items[k]))
                        .find(|(_, b)| same_item(a, b))
                })
                .or_else(|| at(&self.loose)),
            _ => at(&self.all),
        }
    }
}

/// The differing items whose difference is exactly the sum of their differing children's
/// (`diffs`: item index -> difference): those parents only carry a child's error upwards.
pub(super) fn carried(t: &TableModel, diffs: &BTreeMap<usize, i64>) -> BTreeSet<usize> {
    // None once a sum overflows: such a parent is reported on its own rather than guessed.
    let mut child_sum: BTreeMap<usize, Option<i64>> = BTreeMap::new();
    for (&k, &d) in diffs {
        if let Some(par) = t.items[k].parent {
            let e = child_sum.entry(par).or_insert(Some(0));
            *e = e.and_then(|s| s.checked_add(d));
        }
    }
    diffs
        .iter()
        .filter(|(k, d)| child_sum.get(k) == Some(&Some(**d)))
        .map(|(&k, _)| k)
        .collect()
}

/// The carried ancestors of item `k`, nearest first, named by level and code for the message
/// (Indonesian, English).
pub(super) fn carried_parents(
    t: &TableModel,
    k: usize,
    carried: &BTreeSet<usize>,
) -> (String, String) {
    let (mut id, mut en) = (Vec::new(), Vec::new());
    let mut at = t.items[k].parent;
    while let Some(a) = at.filter(|a| carried.contains(a)) {
        let it = &t.items[a];
        let name = it.code.clone().unwrap_or_else(|| it.label());
        id.push(format!("{} {name}", it.level.label()));
        en.push(format!("{} {name}", it.level.label_en()));
        at = it.parent;
    }
    (id.join(", "), en.join(", "))
}

/// The pagu column of the plan for year n (sesudah in a Perubahan).
pub(super) fn plan_key(t: &TableModel) -> Option<String> {
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

/// The plan tables (T-C.33) compared with other tables: a year-n pagu column and sub kegiatan
/// rows (the program unggulan and APBN lists of BAB IV are not the plan).
pub(super) fn plan_tables(doc: &crate::model::DocModel) -> Vec<&TableModel> {
    doc.tables
        .iter()
        .filter(|t| {
            t.class.kind == TableKind::Plan
                && plan_key(t).is_some()
                && t.items.iter().any(|i| i.level == ItemLevel::SubKegiatan)
        })
        .collect()
}

/// The review table's hasil analisis pagu column (the last money column when unlabelled).
pub(super) fn review_key(r: &TableModel) -> Option<String> {
    r.money_key("pagu", Some("hasil"))
        .or_else(|| r.money_keys.last().cloned())
}

/// Items a cross-table comparison looks at: program, kegiatan, sub kegiatan, and unplaced rows
/// with money.
pub(super) fn compared_items(t: &TableModel) -> Vec<usize> {
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
}

pub(crate) fn check(ctx: &mut Ctx) {
    let doc = ctx.doc;
    let reviews: Vec<&TableModel> = doc
        .tables
        .iter()
        .filter(|t| t.class.kind == TableKind::ReviewRkpd)
        .collect();
    let plans = plan_tables(doc);
    for r in &reviews {
        let Some(rk) = review_key(r) else {
            continue;
        };
        for p in &plans {
            let Some(pk) = plan_key(p) else { continue };
            let (ri, pi) = (compared_items(r), compared_items(p));
            let (r_ix, p_ix) = (
                ItemIndex::new(&r.items, ri.iter().copied()),
                ItemIndex::new(&p.items, pi.iter().copied()),
            );
            // For the RJ206 summary: items compared, items that differ, and the difference of
            // the program totals (plan minus review).
            // (None once it overflows: no real amount; the summary then prints no figure.)
            let (mut compared, mut differ, mut program_diff) = (0usize, 0usize, Some(0i64));
            // Differences in plan order of discovery: (plan item index, review, plan).
            let mut found: Vec<(
                usize,
                crate::normalize::number::Money,
                crate::normalize::number::Money,
            )> = Vec::new();
            for &a in &ri {
                let ia = &r.items[a];
                match p_ix.find(ia) {
                    Some((kb, ib)) => {
                        if let (Some(x), Some(y)) = (ia.money.get(&rk), ib.money.get(&pk)) {
                            compared += 1;
                            if x.value != y.value {
                                differ += 1;
                                if ib.level == ItemLevel::Program {
                                    program_diff = program_diff.and_then(|s| {
                                        y.value.0.checked_sub(x.value.0)?.checked_add(s)
                                    });
                                }
                                found.push((kb, x.value, y.value));
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
                if ib.money.contains_key(&pk) && !partial(r) && r_ix.find(ib).is_none() {
                    let prm = Params::default().set("other", r.title.clone());
                    ctx.emit("RJ202", p, Some(ib), None, None, None, None, prm);
                }
            }
            // One error shows at every level above it: a parent whose difference is its
            // children's is named in their finding (RJ217) instead of reported again.
            let mut diffs: BTreeMap<usize, i64> = BTreeMap::new();
            for &(kb, x, y) in &found {
                if let Some(d) = y.0.checked_sub(x.0) {
                    diffs.entry(kb).or_insert(d);
                }
            }
            let up = carried(p, &diffs);
            for &(kb, x, y) in &found {
                if up.contains(&kb) {
                    continue;
                }
                let (par_id, par_en) = carried_parents(p, kb, &up);
                let prm = Params::default().set("other", r.title.clone());
                let before = ctx.out.len();
                if par_id.is_empty() {
                    ctx.emit_money_diff("RJ201", p, &p.items[kb], &pk, (x, y), prm);
                } else {
                    let prm = prm.set("parents", par_id).set("parents_en", par_en);
                    ctx.emit_money_diff("RJ217", p, &p.items[kb], &pk, (x, y), prm);
                }
                ctx.other_table_since(before, r.index);
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
                    program_diff.map(|d| ctx.rp(d)),
                    prm,
                );
            }
        }
    }
    // RJ204/RJ218: every other pair of tables stating the same item's pagu for one year.
    pagu_pairs(ctx, &plans);
    renstra_targets(ctx, &plans);
    service_vs_evaluation(ctx);
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

/// Which side of a Perubahan a pagu column states: the plan before the change (sebelum, and
/// the evaluation of the current year, which evaluates that plan) or after it (sesudah, and the
/// review and the plan of a document without the split). In a document without a Perubahan
/// every column is `Only` and any two agree in kind.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Version {
    Only,
    Before,
    After,
}

/// One table column stating the pagu of its items for one year.
struct PaguSource<'t> {
    t: &'t TableModel,
    key: String,
    year: u16,
    version: Version,
    /// Which finding a pair reports on: the plan (2) over the review (1) over the evaluation (0).
    rank: u8,
}

/// Every column of the document that states a year's pagu per item.
fn pagu_sources<'t>(
    doc: &'t crate::model::DocModel,
    plans: &[&'t TableModel],
    year: u16,
) -> Vec<PaguSource<'t>> {
    let perubahan = doc.tables.iter().any(|t| {
        t.money_key("pagu", Some("sebelum")).is_some()
            && t.money_key("pagu", Some("sesudah")).is_some()
    });
    let ver = |before: bool| match (perubahan, before) {
        (false, _) => Version::Only,
        (true, true) => Version::Before,
        (true, false) => Version::After,
    };
    let mut out = Vec::new();
    let mut push = |t: &'t TableModel, key: String, year: u16, version: Version, rank: u8| {
        out.push(PaguSource {
            t,
            key,
            year,
            version,
            rank,
        })
    };
    for r in doc
        .tables
        .iter()
        .filter(|t| t.class.kind == TableKind::ReviewRkpd)
    {
        if let Some(k) = review_key(r) {
            push(r, k, year, ver(false), 1);
        }
    }
    for p in plans {
        if p.class.title_years.first().is_some_and(|&y| y != year) {
            continue;
        }
        match (
            p.money_key("pagu", Some("sebelum")),
            p.money_key("pagu", Some("sesudah")),
        ) {
            (Some(b), Some(a)) => {
                push(p, b, year, ver(true), 2);
                push(p, a, year, ver(false), 2);
            }
            _ => {
                if let Some(k) = plan_key(p) {
                    push(p, k, year, ver(false), 2);
                }
            }
        }
        if let Some(k) = p.money_key("pagu", Some("n1")) {
            push(p, k, year + 1, Version::Only, 2);
        }
    }
    for ev in doc
        .tables
        .iter()
        .filter(|t| t.class.kind == TableKind::Evaluation)
    {
        let mut years = BTreeSet::new();
        for c in ev
            .class
            .columns
            .iter()
            .filter(|c| c.money && c.role == "pagu")
        {
            let Some(y) = block_year(c) else { continue };
            // The evaluation's first pagu column of a year (a second one is another reading).
            if !years.insert(y) {
                continue;
            }
            let v = if y == year { ver(true) } else { Version::Only };
            push(ev, c.key.clone(), y, v, 0);
        }
    }
    out
}

/// RJ204 and RJ218: for one code and one year, every pair of tables that states the item's pagu
/// (the evaluation's current-year pagu, the review's hasil analisis, the plan, its sebelum and
/// sesudah) must agree. The review-vs-plan pair is RJ201/RJ217's and is skipped here. A
/// disagreement is reported once, at the lowest level, naming the parents whose difference it
/// fully explains. The evaluation-vs-plan pair stays RJ204 (information: the evaluation may
/// carry the DPA, which legitimately moves away from the plan), now at every level; the other
/// pairs are RJ218. Items are looked up through a code index, so two 10,000-item tables cost a
/// pass each, not every pair.
fn pagu_pairs(ctx: &mut Ctx, plans: &[&TableModel]) {
    let doc = ctx.doc;
    let Some(year) = doc.meta.year else { return };
    let sources = pagu_sources(doc, plans, year);
    for (i, sa) in sources.iter().enumerate() {
        for sb in &sources[i + 1..] {
            if std::ptr::eq(sa.t, sb.t)
                || sa.year != sb.year
                || (sa.version != sb.version
                    && sa.version != Version::Only
                    && sb.version != Version::Only)
            {
                continue;
            }
            // The reported side is the higher-ranked table; the other is the reference.
            let (a, b) = if sb.rank >= sa.rank {
                (sa, sb)
            } else {
                (sb, sa)
            };
            if a.rank == 1 && b.rank == 2 {
                continue;
            }
            let eval_plan = a.rank == 0 && b.rank == 2;
            let b_ix = ItemIndex::new(&b.t.items, compared_items(b.t));
            let mut found: Vec<(usize, Money, Money)> = Vec::new();
            let mut seen: BTreeSet<usize> = BTreeSet::new();
            for ka in compared_items(a.t) {
                let ia = &a.t.items[ka];
                let Some(x) = ia.money.get(&a.key) else {
                    continue;
                };
                let Some((kb, ib)) = b_ix.find(ia) else {
                    continue;
                };
                let Some(y) = ib.money.get(&b.key) else {
                    continue;
                };
                if x.value != y.value && seen.insert(kb) {
                    found.push((kb, x.value, y.value));
                }
            }
            let mut diffs: BTreeMap<usize, i64> = BTreeMap::new();
            for &(kb, x, y) in &found {
                if let Some(d) = y.0.checked_sub(x.0) {
                    diffs.insert(kb, d);
                }
            }
            let up = carried(b.t, &diffs);
            for &(kb, x, y) in &found {
                if up.contains(&kb) {
                    continue;
                }
                let ib = &b.t.items[kb];
                let (par_id, par_en) = carried_parents(b.t, kb, &up);
                let (cid, cen) = if par_id.is_empty() {
                    (String::new(), String::new())
                } else {
                    let (i, _) = super::phrase("rj218_carried", &par_id);
                    let (_, e) = super::phrase("rj218_carried", &par_en);
                    (i, e)
                };
                let prm = Params::default()
                    .set("other", a.t.title.clone())
                    .set("year", a.year.to_string())
                    .set("carried", cid)
                    .set("carried_en", cen)
                    .set("other_column", super::column_label(&a.key));
                let id = if eval_plan { "RJ204" } else { "RJ218" };
                let before = ctx.out.len();
                ctx.emit_money_diff(id, b.t, ib, &b.key, (x, y), prm);
                ctx.other_table_since(before, a.t.index);
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
pub(super) fn looks_like_amount(raw: &str) -> bool {
    let t = raw.trim();
    let groups = t.split(['.', ',']).collect::<Vec<_>>();
    groups.len() >= 3
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
}

/// The year of a column's block (`y2022`, `y2022.13` -> 2022).
fn block_year(c: &crate::classify::Column) -> Option<u16> {
    c.block
        .as_deref()?
        .split('.')
        .next()?
        .strip_prefix('y')?
        .parse()
        .ok()
}

/// One indicator of a service-performance table (T-C.30) with its Renstra targets.
pub(super) struct RenstraRow<'a> {
    /// Indicator text.
    pub(super) text: String,
    /// The Renstra target cell of each year (columns headed by the year alone, not proyeksi),
    /// with the column index.
    by_year: Vec<(u16, usize, String)>,
    /// Every target-role cell of the row with its column's year (Renstra and proyeksi).
    all: Vec<(Option<u16>, usize, String)>,
    pub(super) table: &'a TableModel,
}

impl RenstraRow<'_> {
    pub(super) fn target(&self, year: u16) -> Option<&String> {
        self.column(year).map(|(_, v)| v)
    }

    fn column(&self, year: u16) -> Option<(usize, &String)> {
        self.by_year
            .iter()
            .find(|(y, _, v)| *y == year && !v.is_empty())
            .map(|(_, k, v)| (*k, v))
    }
}

/// The indicators of every service-performance table whose header names Renstra years.
pub(super) fn renstra_rows(doc: &crate::model::DocModel) -> Vec<RenstraRow<'_>> {
    let mut out = Vec::new();
    for svc in doc
        .tables
        .iter()
        .filter(|t| t.class.kind == TableKind::Service)
    {
        let Some(ind) = svc.class.first("indicator").map(|c| c.index) else {
            continue;
        };
        let year_cols: Vec<(u16, usize)> = svc
            .class
            .columns
            .iter()
            .filter(|c| c.role == "target")
            .filter_map(|c| {
                let y = block_year(c)?;
                (c.block.as_deref() == Some(format!("y{y}").as_str())).then_some((y, c.index))
            })
            .collect();
        if year_cols.is_empty() {
            continue;
        }
        let targets: Vec<(Option<u16>, usize)> = svc
            .class
            .columns
            .iter()
            .filter(|c| c.role == "target")
            .map(|c| (block_year(c), c.index))
            .collect();
        for it in &svc.items {
            let Some(i) = it.cells.get(ind) else { continue };
            if i.len() <= 8 {
                continue;
            }
            let cell = |k: usize| it.cells.get(k).map(|v| v.trim().to_string());
            out.push(RenstraRow {
                text: i.clone(),
                by_year: year_cols
                    .iter()
                    .filter_map(|&(y, k)| Some((y, k, cell(k)?)))
                    .collect(),
                all: targets
                    .iter()
                    .filter_map(|&(y, k)| Some((y, k, cell(k)?)))
                    .collect(),
                table: svc,
            });
        }
    }
    out
}

/// The Renstra row whose indicator is `text` (similarity >= 0.9) and that has a target for
/// `year`.
pub(super) fn renstra_match<'r, 'a>(
    rows: &'r [RenstraRow<'a>],
    text: &str,
    year: u16,
) -> Option<&'r RenstraRow<'a>> {
    rows.iter()
        .filter(|r| r.target(year).is_some())
        .map(|r| (similarity(&r.text, text), r))
        .filter(|(s, _)| *s >= 0.9)
        .max_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal))
        .map(|(_, r)| r)
}

/// Two targets are the same figure (relative 1e-4: `74,05` and `74.05`, `100` and `100,00`).
fn same_target(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 + a.abs() * 1e-4
}

/// RJ205: a plan (T-C.33) indicator's target for year n against the Renstra target for year n
/// in the service-performance table (T-C.30), where the indicator texts match. RJ211: the
/// prakiraan maju target (n+1) against the Renstra target for n+1.
fn renstra_targets(ctx: &mut Ctx, plans: &[&TableModel]) {
    let doc = ctx.doc;
    let Some(year) = doc.meta.year else { return };
    let renstra = renstra_rows(doc);
    if renstra.is_empty() {
        return;
    }
    for p in plans {
        for (pi, it) in p
            .items
            .iter()
            .enumerate()
            .filter(|(_, i)| i.level == ItemLevel::Program)
        {
            let ocr_row = it.money.values().any(|m| m.conf.is_some());
            for ind in &it.indicators {
                let Some(traw) = &ind.target else { continue };
                let Some(v) = target_number(traw, doc.style) else {
                    continue;
                };
                let Some(row) = renstra_match(&renstra, &ind.text, year) else {
                    continue;
                };
                let Some((tgt, rt)) = row.column(year) else {
                    continue;
                };
                let Some(r) = target_number(rt, doc.style) else {
                    continue;
                };
                // An amount where a target belongs (783,890,500 against a Renstra 45) is a
                // cell that drifted from the pagu column, not a target.
                if looks_like_amount(traw) && v >= 1000.0 * r.abs().max(1.0) {
                    continue;
                }
                // On a scanned row a lost cell shifts the next year's target into year n: a
                // value equal to another year's Renstra target there is that drift.
                if ocr_row
                    && row
                        .all
                        .iter()
                        .filter(|(_, k, _)| *k != tgt)
                        .filter_map(|(_, _, o)| target_number(o, doc.style))
                        .any(|o| same_target(o, v))
                {
                    continue;
                }
                if !same_target(r, v) {
                    let prm = Params::default()
                        .set("other", row.table.title.clone())
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
            prakiraan_maju(ctx, p, pi, &renstra, year + 1, ocr_row);
        }
    }
}

/// Whether a cell reads as a target figure (`7.75`, `88,89%`, `4 Dokumen`), not an amount.
fn target_like(raw: &str, style: crate::normalize::number::NumberStyle) -> bool {
    target_number(raw, style).is_some() && !looks_like_amount(raw)
}

/// The prakiraan maju (n+1) target of one plan row, read relative to the row's year-n target
/// cell: at the header's distance between the two target columns, or, when that cell holds an
/// amount or nothing (Serang T3.3 rows whose blank cells drifted and put the pagu there), the
/// only target figure printed after the year-n target. A row whose year-n target was not read
/// (an indicator continuation row shifted against the header, Lamongan T-C.33 "Persentase
/// tingkat produktifitas": 45,595 % and 46,963 %) gives the second of exactly two target
/// figures after its indicator.
fn n1_target(
    cells: &[String],
    ind: &crate::model::Indicator,
    gap: usize,
    style: crate::normalize::number::NumberStyle,
) -> Option<String> {
    let at = cells.iter().position(|c| c.trim() == ind.text.trim());
    let traw = ind.target.as_deref().unwrap_or("").trim();
    if target_number(traw, style).is_none() {
        let after: Vec<&str> = cells[at? + 1..]
            .iter()
            .map(|c| c.trim())
            .filter(|c| target_like(c, style))
            .collect();
        return (after.len() == 2).then(|| after[1].to_string());
    }
    let from = at.unwrap_or(0);
    let pn = from + cells[from..].iter().position(|c| c.trim() == traw)?;
    if let Some(c) = cells.get(pn + gap).map(|c| c.trim()) {
        if target_like(c, style) {
            return Some(c.to_string());
        }
    }
    let after: Vec<&str> = cells[pn + 1..]
        .iter()
        .map(|c| c.trim())
        .filter(|c| target_like(c, style))
        .collect();
    (after.len() == 1).then(|| after[0].to_string())
}

/// RJ211: the n+1 targets of program `pi` (its own row and its indicator continuation rows).
fn prakiraan_maju(
    ctx: &mut Ctx,
    p: &TableModel,
    pi: usize,
    renstra: &[RenstraRow<'_>],
    year: u16,
    ocr_program: bool,
) {
    let style = ctx.doc.style;
    let tcol = p.class.first("target").map(|c| c.index);
    // The prakiraan maju block, or a target column headed by the year n+1 itself (a PDF
    // whose header words ran together, "prakiraanmajurencana tahun 2023", is not recognised as
    // the prakiraan maju block but still names its year).
    let by_block = |b: &str| {
        p.class
            .columns
            .iter()
            .find(|c| c.role == "target" && c.block.as_deref() == Some(b))
            .map(|c| c.index)
    };
    let n1col = by_block("n1").or_else(|| by_block(&format!("y{year}")));
    let (Some(tcol), Some(n1col)) = (tcol, n1col) else {
        return;
    };
    if n1col <= tcol {
        return;
    }
    let program = &p.items[pi];
    let rows = std::iter::once(program).chain(
        p.items
            .iter()
            .filter(|i| i.attached_to == Some(pi) && i.level == ItemLevel::Continuation),
    );
    for row in rows {
        let Some(ind) = row.indicators.first() else {
            continue;
        };
        let Some(vraw) = n1_target(&row.cells, ind, n1col - tcol, style) else {
            continue;
        };
        let Some(v) = target_number(&vraw, style) else {
            continue;
        };
        let Some(rr) = renstra_match(renstra, &ind.text, year) else {
            continue;
        };
        let Some(rt) = rr.target(year) else { continue };
        let Some(r) = target_number(rt, style) else {
            continue;
        };
        // On a scanned row a lost or doubled cell moves another year's figure into the
        // prakiraan maju position: a value equal to another year's Renstra target is that drift.
        let ocr_row = ocr_program || row.money.values().any(|m| m.conf.is_some());
        if ocr_row
            && rr
                .all
                .iter()
                .filter(|(y, _, _)| *y != Some(year))
                .filter_map(|(_, _, o)| target_number(o, style))
                .any(|o| same_target(o, v))
        {
            continue;
        }
        if !same_target(r, v) {
            let prm = Params::default()
                .set("other", rr.table.title.clone())
                .set("year", year.to_string())
                .set("detail", ind.text.clone());
            ctx.emit(
                "RJ211",
                p,
                Some(program),
                None,
                Some(rt.clone()),
                Some(vraw),
                None,
                prm,
            );
        }
    }
}

/// The number a realisasi/target cell compares by, and whether it is a percentage (`2,29%`,
/// `87,25`, `62 B` -> 62); none for text, `-` and empty cells.
fn measure(raw: &str, style: crate::normalize::number::NumberStyle) -> Option<(f64, bool)> {
    use crate::normalize::target::{parse_target, TargetKind};
    match parse_target(raw, None, style).kind {
        TargetKind::Percent { value } => Some((value, true)),
        TargetKind::Value { value, unit } => Some((value, unit.is_some_and(|u| u == "%"))),
        TargetKind::Grade {
            score: Some(value), ..
        } => Some((value, false)),
        _ => None,
    }
}

/// Decimals a figure was printed with (`44,17` -> 2, `87` -> 0), trailing zeros aside.
fn precision(v: f64) -> i32 {
    (0..6)
        .find(|&d| {
            let x = v * 10f64.powi(d);
            (x - x.round()).abs() < 1e-6
        })
        .unwrap_or(6)
}

/// Whether two printed figures agree up to the rounding of the less precise one (one unit of
/// its last decimal, so both rounding and truncation pass: 44,168 = 44,17 = 44,16).
fn same_figure(a: f64, b: f64) -> bool {
    let d = precision(a).min(precision(b));
    (a - b).abs() <= 10f64.powi(-d) + 1e-9
}

/// One realisasi of an evaluation table (T-C.29), confirmed by its printed ratio.
struct Evaluated<'a> {
    year: u16,
    /// Indicator text.
    text: String,
    /// The realisasi as printed.
    raw: String,
    /// The printed tingkat realisasi (realisasi / target, %) of the same row.
    ratio: f64,
    table: &'a TableModel,
}

/// RJ212: the realisasi of year y in the service-performance table (T-C.30) against the
/// realisasi of the same year and indicator in the evaluation table (T-C.29). Years whose
/// service realisasi repeat the targets on every row are RJ207's (copied targets) and are left
/// out; so are evaluation columns that accumulate several years (`s/d 2021`) and evaluation
/// tables of part of a year (`s/d Triwulan II`).
fn service_vs_evaluation(ctx: &mut Ctx) {
    let doc = ctx.doc;
    let style = doc.style;
    let th = super::rules();
    let has_word = |text: &str, words: &[String]| {
        let t = text.to_lowercase();
        words.iter().any(|w| t.contains(&w.to_lowercase()))
    };
    let blank = |v: &str| {
        let v = v.trim();
        v.is_empty() || crate::normalize::number::is_nil(v)
    };
    // One entry per evaluation row whose realisasi the printed ratio confirms.
    let mut evaluated: Vec<Evaluated> = Vec::new();
    for ev in doc
        .tables
        .iter()
        .filter(|t| t.class.kind == TableKind::Evaluation)
        .filter(|t| !has_word(&t.title, &th.partial_year_words))
    {
        let Some(icol) = ev.class.first("indicator").map(|c| c.index) else {
            continue;
        };
        for c in ev.class.columns.iter().filter(|c| {
            c.role == "realisasi"
                && !c.money
                && !has_word(&c.header, &th.cumulative_realisasi_words)
        }) {
            let Some(y) = block_year(c) else { continue };
            if c.block.as_deref() != Some(format!("y{y}").as_str()) {
                continue;
            }
            // Only the T-C.29 triple (target, realisasi, tingkat realisasi of the year side by
            // side): the printed ratio confirms which cell is the realisasi.
            let cols = &ev.class.columns;
            let at = |k: usize, role: &str| {
                cols.iter()
                    .any(|x| x.index == k && x.role == role && block_year(x) == Some(y) && !x.money)
            };
            if c.index == 0 || !at(c.index - 1, "target") || !at(c.index + 1, "capaian") {
                continue;
            }
            for it in &ev.items {
                let Some(ind) = it.indicators.first() else {
                    continue;
                };
                if let Some((v, ratio)) =
                    confirmed_realisasi(&it.cells, &ind.text, c.index, icol, style)
                {
                    evaluated.push(Evaluated {
                        year: y,
                        text: ind.text.clone(),
                        raw: v,
                        ratio,
                        table: ev,
                    });
                }
            }
        }
    }
    if evaluated.is_empty() {
        return;
    }
    for svc in doc
        .tables
        .iter()
        .filter(|t| t.class.kind == TableKind::Service)
    {
        let Some(icol) = svc.class.first("indicator").map(|c| c.index) else {
            continue;
        };
        let cols = &svc.class.columns;
        for rc in cols
            .iter()
            .filter(|c| c.role != "target" && c.header.contains("realisasi"))
        {
            let Some(y) = block_year(rc) else { continue };
            let tcol = cols
                .iter()
                .find(|c| {
                    c.role == "target" && c.block.as_deref() == Some(format!("y{y}").as_str())
                })
                .map(|c| c.index);
            let cell = |it: &Item, k: usize| -> Option<String> {
                let v = it.cells.get(k)?.trim();
                (!blank(v)).then(|| v.to_string())
            };
            // A realisasi column that repeats the year's targets on every row is a copy
            // (RJ207), not a measurement to reconcile.
            if let Some(tc) = tcol {
                let pairs: Vec<(String, String)> = svc
                    .items
                    .iter()
                    .filter_map(|it| Some((cell(it, tc)?, cell(it, rc.index)?)))
                    .collect();
                if !pairs.is_empty() && pairs.iter().all(|(a, b)| a == b) {
                    continue;
                }
            }
            for it in &svc.items {
                let (Some(text), Some(sraw)) = (cell(it, icol), cell(it, rc.index)) else {
                    continue;
                };
                if text.len() <= 8 {
                    continue;
                }
                let Some((s, s_pct)) = measure(&sraw, style) else {
                    continue;
                };
                let scored: Vec<(f64, &Evaluated)> = evaluated
                    .iter()
                    .filter(|e| e.year == y)
                    .map(|e| (similarity(&e.text, &text), e))
                    .filter(|(sc, _)| *sc >= 0.9)
                    .collect();
                let Some(top) = scored.iter().map(|(sc, _)| *sc).reduce(f64::max) else {
                    continue;
                };
                let best: Vec<&Evaluated> = scored
                    .iter()
                    .filter(|(sc, _)| (*sc - top).abs() < 1e-9)
                    .map(|(_, e)| *e)
                    .collect();
                // The same indicator printed twice with different realisations in the
                // evaluation table: which one T-C.30 should follow is not decidable.
                if best.iter().any(|e| e.raw != best[0].raw) {
                    continue;
                }
                let (eraw, ev) = (&best[0].raw, best[0].table);
                let Some((e, e_pct)) = measure(eraw, style) else {
                    continue;
                };
                // A percentage against a count with a unit measures something else.
                if s_pct != e_pct && (unit_of(&sraw, style) || unit_of(eraw, style)) {
                    continue;
                }
                // "Realisasi capaian (%)" in some T-C.30 holds the achievement ratio, not the
                // realisation: a figure equal to T-C.29's tingkat realisasi is that, not a
                // different realisation.
                if !same_figure(s, e) && !same_figure(s, best[0].ratio) {
                    let prm = Params::default()
                        .set("other", ev.title.clone())
                        .set("year", y.to_string())
                        .set("detail", text.clone());
                    ctx.emit(
                        "RJ212",
                        svc,
                        Some(it),
                        None,
                        Some(eraw.clone()),
                        Some(sraw.clone()),
                        None,
                        prm,
                    );
                }
            }
        }
    }
}

/// Whether a figure is printed with a unit other than percent (`5 KK`, `2 dokumen`).
fn unit_of(raw: &str, style: crate::normalize::number::NumberStyle) -> bool {
    use crate::normalize::target::{parse_target, TargetKind};
    matches!(
        parse_target(raw, None, style).kind,
        TargetKind::Value { unit: Some(u), .. } if u != "%"
    )
}

/// The realisasi of an evaluation row: a cell between the target and the tingkat realisasi
/// such that target x ratio / 100 = realisasi as printed (up to the ratio's rounding). Rows
/// drift against the header (code segments in one or several cells, an indicator printed in
/// the name column), so among the positions where the ratio holds, the one nearest the
/// header's (offset by where the indicator text sits) is taken; none when the ratio holds
/// nowhere. Returns the realisasi as printed and the ratio.
fn confirmed_realisasi(
    cells: &[String],
    indicator: &str,
    col: usize,
    icol: usize,
    style: crate::normalize::number::NumberStyle,
) -> Option<(String, f64)> {
    let anchor = cells
        .iter()
        .position(|x| x.trim() == indicator.trim())
        .unwrap_or(icol);
    let expected = col as isize + anchor as isize - icol as isize;
    let fits = |k: usize| -> bool {
        let (Some(t), Some(r), Some(q)) = (
            measure(&cells[k - 1], style),
            measure(&cells[k], style),
            measure(&cells[k + 1], style),
        ) else {
            return false;
        };
        t.0 > 0.0 && (r.0 / t.0 * 100.0 - q.0).abs() <= 10f64.powi(-precision(q.0)) + 1e-9
    };
    (anchor + 2..cells.len().saturating_sub(1))
        .filter(|&k| fits(k))
        .min_by_key(|&k| (k as isize - expected).abs())
        .map(|k| {
            let q = measure(&cells[k + 1], style).map_or(0.0, |q| q.0);
            (cells[k].trim().to_string(), q)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Indicator;
    use crate::normalize::number::NumberStyle;

    fn cells(row: &str) -> Vec<String> {
        row.split('\t').map(|c| c.to_string()).collect()
    }

    fn ind(text: &str, target: &str) -> Indicator {
        Indicator {
            text: text.into(),
            target: Some(target.into()),
        }
    }

    #[test]
    fn figures_agree_up_to_rounding() {
        assert_eq!(precision(44.17), 2);
        assert_eq!(precision(87.0), 0);
        assert!(same_figure(44.17, 44.168));
        assert!(same_figure(44.16, 44.168));
        assert!(same_figure(87.0, 87.25));
        assert!(!same_figure(2.29, 2.92));
        assert!(!same_figure(42.98, 44.17));
    }

    /// Serang T3.3 "PROGRAM PENEMPATAN TENAGA KERJA": the blank cells drifted, so the
    /// prakiraan maju position (4 after the 2022 target 7.65) holds the 2022 pagu; the only
    /// target figure after 7.65 is the 2023 target 7.75.
    #[test]
    fn n1_target_survives_drifted_blanks() {
        let row = cells(
            "\t\t\t\t2\t07\t04\t\tPROGRAM PENEMPATAN TENAGA KERJA\tCapaian Pencari kerja yang ditempatkan\t%\t\t7.65\t\t\t7.75\t1,527,000,000\t1,787,000,000\tKABID Penempatan",
        );
        let i = ind("Capaian Pencari kerja yang ditempatkan", "7.65");
        let st = NumberStyle::English;
        assert_eq!(n1_target(&row, &i, 4, st).as_deref(), Some("7.75"));
        // In place (Lamongan T-C.33): read at the header's distance.
        let row = cells("2\t07\t02\t\t\tPROGRAM PERENCANAAN TENAGA KERJA\tPersentase akurasi\tKab. Lamongan\t88,88%\t25.000.000\t\t\t88,89%\t27.500.000");
        let i = ind("Persentase akurasi", "88,88%");
        let id = NumberStyle::Indonesian;
        assert_eq!(n1_target(&row, &i, 4, id).as_deref(), Some("88,89%"));
        // Two target figures after year n and an amount in place: which one is n+1 is not
        // decidable.
        let row = cells("X\tInd\t5\t1,000,000\t6\t7\t2,000,000");
        assert_eq!(n1_target(&row, &ind("Ind", "5"), 4, st), None);
        // A continuation row shifted right by two, its year-n target read as the indicator
        // text (Lamongan T-C.33): the second of the two target figures.
        let text = "Persentase tingkat produktifitas tenaga kerja";
        let row = cells(&format!(
            "\t\t\t\t\t\t{text}\tKab. Lamongan\t45,595%\t\t\t\t46,963%\t"
        ));
        assert_eq!(
            n1_target(&row, &ind(text, text), 4, id).as_deref(),
            Some("46,963%")
        );
    }

    /// Lamongan T-C.29 "Tingkat Produktifitas Tenaga Kerja": the indicator is printed one cell
    /// left of its column, so the header position holds the target 42,98 %; the printed ratio
    /// 102,77 = 44,17 / 42,98 marks 44,17 % as the realisasi.
    #[test]
    fn evaluation_realisasi_is_confirmed_by_the_ratio() {
        let row = cells(
            "\t\t\t\t\t\tTingkat Produktifitas Tenaga Kerja\t\t48,372%\t-\t42,98%\t44,17%\t102,77%\t44,267%\t44,267%\t-",
        );
        let st = NumberStyle::Indonesian;
        let r = confirmed_realisasi(&row, "Tingkat Produktifitas Tenaga Kerja", 8, 4, st);
        assert_eq!(r.map(|r| r.0).as_deref(), Some("44,17%"));
        // No printed ratio holds: nothing is read.
        let row = cells("2\t07\t03\tProgram\tInd\t1,39%\t-\t1,35%\t2,29%\t150,00%");
        assert_eq!(confirmed_realisasi(&row, "Ind", 8, 4, st), None);
    }
}
