//! C9 indicator/unit consistency.
//!
//! - RJ404 unit-vs-metadata: a sub kegiatan of a document on the 2023 list (Renja 2024 on)
//!   prints a satuan that is not the official satuan of its output indicator
//!   (`rules/subkegiatan_metadata_2023.csv`).
//! - RJ209 indicator-unit-across-tables: the same indicator of the same item is counted in
//!   different units in two tables of one document (T-C.29 evaluation vs T-C.33 plan).
//!
//! Units are read from the table's satuan column when it has one, else from the target cells
//! (`4 Dokumen`, `(100) 8 dokumen`, `88,88%`), and compared tolerantly: case, spacing, OCR
//! wrapping, abbreviations and the synonyms of `rules/units.toml` are not differences.

use super::{Ctx, Params};
use crate::classify::{Column, TableKind};
use crate::model::{CodeSource, Item, ItemLevel, TableModel};
use crate::normalize::code::generic_penunjang;
use crate::normalize::names::{metadata_for, NomenclatureVersion};
use crate::normalize::number::NumberStyle;
use crate::normalize::target::{parse_target, TargetKind};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
struct UnitRulesFile {
    fuzzy_min_len: usize,
    indicator_similarity: f64,
    synonyms: Vec<Vec<String>>,
    #[serde(default)]
    not_units: Vec<String>,
    #[serde(default)]
    not_year_blocks: Vec<String>,
    #[serde(default)]
    renstra_end_markers: Vec<String>,
}

/// The unit rules: synonyms keyed by their compact spelling.
struct UnitRules {
    fuzzy_min_len: usize,
    indicator_similarity: f64,
    canonical: HashMap<String, String>,
    not_units: Vec<String>,
    not_year_blocks: Vec<String>,
    renstra_end_markers: Vec<String>,
}

fn rules() -> &'static UnitRules {
    static R: OnceLock<UnitRules> = OnceLock::new();
    R.get_or_init(|| {
        let file = crate::rules::toml::<UnitRulesFile>("units.toml").unwrap_or_else(|e| {
            eprintln!("renja: {e}; using the built-in rules/units.toml");
            ::toml::from_str(include_str!("../../rules/units.toml"))
                .expect("built-in rules/units.toml parses")
        });
        let mut canonical = HashMap::new();
        for group in &file.synonyms {
            let Some(head) = group.first() else { continue };
            let head = compact(head);
            for v in group {
                canonical.insert(compact(v), head.clone());
            }
        }
        UnitRules {
            fuzzy_min_len: file.fuzzy_min_len,
            indicator_similarity: file.indicator_similarity,
            canonical,
            not_units: file.not_units.iter().map(|s| compact(s)).collect(),
            not_year_blocks: file.not_year_blocks.clone(),
            renstra_end_markers: file.renstra_end_markers.clone(),
        }
    })
}

/// Lower case, letters and digits only, plus `%`, `/` and `-` (`Do ku me n` -> `dokumen`,
/// `Dok.` -> `dok`, OCR's `‘org` -> `org`).
fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '%' | '/' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// `dokumen-dokumen` -> `dokumen` (Indonesian plural by reduplication).
fn unreduplicate(w: &str) -> &str {
    match w.split_once('-') {
        Some((a, b)) if a == b => a,
        _ => w,
    }
}

/// The canonical form of one word or phrase: the synonym table, else itself.
fn canon_word(w: &str) -> String {
    let c = compact(w);
    let c = unreduplicate(&c).to_string();
    rules().canonical.get(&c).cloned().unwrap_or(c)
}

/// The canonical head of a printed unit: the whole phrase when it is a listed unit
/// (`Kepala Keluarga`, `Do ku me n`), else the first part of a compound (`Orang/bulan` ->
/// `orang`) and the first word of a phrase (`perusahaan kecil` -> `perusahaan`).
pub(crate) fn unit_head(printed: &str) -> Option<String> {
    let s = printed
        .trim()
        .trim_matches(|c: char| c == '(' || c == ')' || c == '.' || c == ',' || c == '-')
        .trim();
    if s.is_empty() {
        return None;
    }
    let whole = compact(s);
    if let Some(c) = rules().canonical.get(&whole) {
        return Some(first_part(c));
    }
    let part = s.split('/').next().unwrap_or(s).trim();
    let pc = compact(part);
    if let Some(c) = rules().canonical.get(&pc) {
        return Some(first_part(c));
    }
    // `SM K`: fragments of one word wrapped or split by OCR.
    let toks: Vec<&str> = part.split_whitespace().collect();
    if toks.len() >= 2 && toks.iter().all(|t| t.chars().count() <= 3) {
        return Some(first_part(&canon_word(&toks.concat())));
    }
    let word = toks.first().copied().unwrap_or(part);
    let w = canon_word(word);
    (!w.is_empty()).then(|| first_part(&w))
}

fn first_part(c: &str) -> String {
    c.split('/').next().unwrap_or(c).to_string()
}

/// The shorter word is an abbreviation of the longer one: at least 3 letters, the same first
/// letter, the longer one's letters in order, and at least 2 letters shorter (`perush`,
/// `org`, `bln`).
fn abbreviates(short: &str, long: &str) -> bool {
    let (sn, ln) = (short.chars().count(), long.chars().count());
    if sn < 3 || sn + 2 > ln || short.chars().next() != long.chars().next() {
        return false;
    }
    let mut it = long.chars();
    short.chars().all(|c| it.any(|d| d == c))
}

/// Whether two canonical unit heads name the same unit.
fn same_head(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let r = rules();
    let (an, bn) = (a.chars().count(), b.chars().count());
    if an.min(bn) >= r.fuzzy_min_len && strsim::levenshtein(a, b) <= 1 {
        return true;
    }
    abbreviates(a, b) || abbreviates(b, a)
}

/// The canonical parts of a compound unit (`12 Bulan/semesteran /Tahun` lists alternatives).
fn unit_parts(printed: &str) -> Vec<String> {
    printed.split('/').filter_map(unit_head).collect::<Vec<_>>()
}

/// Whether two printed units name the same unit (spelling variants, abbreviations, synonyms;
/// a compound unit matches any of its parts' heads).
pub fn same_unit(a: &str, b: &str) -> bool {
    let (ca, cb) = (compact(a), compact(b));
    if !ca.is_empty() && ca == cb {
        return true;
    }
    let (Some(x), Some(y)) = (unit_head(a), unit_head(b)) else {
        return false;
    };
    if same_head(&x, &y) {
        return true;
    }
    unit_parts(a).iter().any(|p| same_head(p, &y)) || unit_parts(b).iter().any(|p| same_head(p, &x))
}

/// Column roles whose cells never hold a target (a numbering `(29)` reads like a percentage).
/// Capaian columns stay: T-C.29's "realisasi capaian" (5+7+9) is a count with its unit; their
/// tingkat-realisasi percentages are dropped below.
const NOT_TARGET_ROLES: &[&str] = &[
    "no",
    "code",
    "name",
    "indicator",
    "location",
    "sumber_dana",
    "catatan",
];

/// The units printed on one row, as printed, one per distinct unit: the satuan column when
/// the row fills it, else the units inside its target cells.
fn row_units(t: &TableModel, it: &Item, style: NumberStyle) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |u: String| {
        if !out.iter().any(|o| same_unit(o, &u)) {
            out.push(u);
        }
    };
    if let Some(s) = it.satuan.as_deref() {
        if s.chars().any(|c| c.is_alphabetic() || c == '%') {
            push(s.trim().to_string());
            return out;
        }
    }
    // A definitions table's other cells are formulas and notes (`3 Tahun terakhir`).
    if !matches!(
        t.class.kind,
        TableKind::Evaluation
            | TableKind::Service
            | TableKind::ReviewRkpd
            | TableKind::Proposals
            | TableKind::Plan
    ) {
        return out;
    }
    for (_, shown, u) in target_cells(t, it, style) {
        push(printed_unit(&shown, &u));
    }
    // Beside a count, a percentage is a capaian ratio (`100%` tingkat realisasi), not a unit.
    if out.iter().any(|u| u != "%") {
        out.retain(|u| u != "%");
    }
    out
}

/// The header column of each of the row's cells, and the index of the first cell after the
/// name: a code printed over more cells than the header has pushes the rest right.
fn row_columns<'a>(t: &'a TableModel, it: &Item) -> (Vec<Option<&'a Column>>, usize) {
    let name_col = t.class.first("name").map(|c| c.index);
    let name_at = (!it.name.is_empty())
        .then(|| {
            it.cells
                .iter()
                .position(|c| c.trim() == it.name || c.trim().ends_with(it.name.as_str()))
        })
        .flatten();
    let shift = match (name_col, name_at) {
        (Some(n), Some(p)) => p as isize - n as isize,
        _ => 0,
    };
    let cols = (0..it.cells.len())
        .map(|i| {
            let h = i as isize - shift;
            (h >= 0)
                .then(|| t.class.columns.iter().find(|c| c.index == h as usize))
                .flatten()
        })
        .collect();
    // Numbering and code cells (`(29)`, `2.01`) sit before the name.
    (cols, name_at.map(|p| p + 1).unwrap_or(0))
}

/// The cells of a row that read as a target with a unit (`4 Dokumen`, `(100) 8 dokumen`,
/// `88,88%`, `1 ⇥ Do ku me n`): the header column, the cell(s) as printed and the unit
/// (`%` for a percentage). Columns that never hold a target (numbering, names, money) are
/// skipped.
fn target_cells<'a>(
    t: &'a TableModel,
    it: &Item,
    style: NumberStyle,
) -> Vec<(Option<&'a Column>, String, String)> {
    let (cols, first) = row_columns(t, it);
    // `extra`: cells a split K cell (`1 ⇥ Do ku me n`) added before cell i, whose header has
    // one column for both (Paser's Tabel 2.1): the cells after it sit one column further right.
    let column_at = |i: usize, extra: usize| {
        i.checked_sub(extra)
            .and_then(|j| cols.get(j).copied().flatten())
    };
    let words_col = |i: usize, extra: usize| {
        column_at(i, extra).is_some_and(|c| NOT_TARGET_ROLES.contains(&c.role.as_str()))
    };
    let skip_col = |i: usize, extra: usize| {
        i < first || words_col(i, extra) || column_at(i, extra).is_some_and(|c| c.money)
    };
    let mut extra = 0usize;
    let own_texts: Vec<&str> = std::iter::once(it.name.as_str())
        .chain(it.indicators.iter().map(|i| i.text.as_str()))
        .filter(|s| !s.is_empty())
        .collect();
    let mut out = Vec::new();
    for (i, cell) in it.cells.iter().enumerate() {
        let c = cell.trim();
        if c.is_empty()
            || skip_col(i, extra)
            || own_texts.iter().any(|o| c.ends_with(o))
            || it.numbering.as_deref() == Some(c)
        {
            continue;
        }
        // Only a cell that starts like a target (`4 Dokumen`, `(100) 8 dokumen`, `88,88%`).
        if !c.starts_with(|ch: char| ch.is_ascii_digit() || ch == '(') {
            continue;
        }
        // `1 ⇥ Do ku me n`: the unit in the next cell (Paser's K columns).
        let next = it
            .cells
            .get(i + 1)
            .map(|n| n.trim())
            .filter(|n| is_unit_cell(n) && !is_amount(c, style) && !words_col(i + 1, extra));
        let unit = match parse_target(c, next, style).kind {
            TargetKind::Percent { .. } => Some("%".to_string()),
            TargetKind::Range { percent: true, .. } => Some("%".to_string()),
            TargetKind::Value { unit, .. }
            | TargetKind::PercentAndValue { unit, .. }
            | TargetKind::Range { unit, .. } => unit,
            _ => None,
        };
        // A long phrase after a number is text (a name with its number glued on), not a unit.
        if let Some(u) = unit.filter(|u| u.split_whitespace().count() <= 4 && u.len() <= 40) {
            let shown = match next {
                Some(n) => format!("{c} {n}"),
                None => c.to_string(),
            };
            let here = column_at(i, extra);
            // The unit came from the next cell, which the header gives no column of its own.
            let split = next.is_some()
                && !c.chars().any(char::is_alphabetic)
                && column_at(i + 1, extra).is_some_and(|n| n.role != "unit" && n.role != "satuan");
            out.push((here, shown, u));
            if split {
                extra += 1;
            }
        }
    }
    out
}

/// A cell that can be a unit beside a number: a few words, no digits, not a grade or predikat
/// (`S R`) or an indicator's sifat (`positif`).
fn is_unit_cell(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 30
        && s.split_whitespace().count() <= 4
        && s.chars().any(char::is_alphabetic)
        && !s.chars().any(|c| c.is_ascii_digit())
        && !rules().not_units.contains(&compact(s))
        && !is_sumber_dana(s)
}

/// `APBD`, `Dana Alokasi Umum`: a sumber dana (words from rules/checks.toml).
fn is_sumber_dana(s: &str) -> bool {
    let l = format!("{} ", s.to_lowercase());
    super::rules()
        .sumber_dana_words
        .iter()
        .any(|w| l.starts_with(w.as_str()) || l.contains(&format!(" {w}")))
}

/// A bare amount of rupiah (`60,000,000`), whose next cell is a sumber dana, not a unit.
fn is_amount(s: &str, style: NumberStyle) -> bool {
    crate::normalize::number::parse_money(s, style)
        .value
        .is_some_and(|m| m.0 >= 1_000_000 * 100)
}

/// The unit as printed in the cell (case kept) when it can be found, else the cleaned one.
fn printed_unit(cell: &str, cleaned: &str) -> String {
    let lower = cell.to_lowercase();
    match lower.rfind(cleaned) {
        Some(p) if cell.is_char_boundary(p) && cell.is_char_boundary(p + cleaned.len()) => {
            cell[p..p + cleaned.len()].to_string()
        }
        _ => cleaned.to_string(),
    }
}

/// Runs RJ404 and RJ209 over the document.
pub(crate) fn check(ctx: &mut Ctx) {
    unit_vs_metadata(ctx);
    across_tables(ctx);
    between_years(ctx);
}

/// RJ404. Only for documents on the 2023 list: the metadata's satuan are those of Kepmendagri
/// 900.1.15.5-1317/2023; older Renja follow the Permendagri 90/2019 line, whose indicators and
/// satuan differ for many sub kegiatan (Serang's Renja 2022 counts `bulan` where the 2023 list
/// has `Paket` or `Laporan`: 62 differences, none an error for its year).
/// Only in the tables that plan year n (T-C.31, T-C.32, T-C.33): an evaluation (T-C.29)
/// reports the past years' indicators, set under the old list.
fn unit_vs_metadata(ctx: &mut Ctx) {
    let year = ctx.doc.meta.year.unwrap_or(2022);
    if NomenclatureVersion::for_year(year) != NomenclatureVersion::Kmdn900_2023 {
        return;
    }
    let style = ctx.doc.style;
    let mut pending = Vec::new();
    for t in &ctx.doc.tables {
        if !matches!(
            t.class.kind,
            TableKind::Plan | TableKind::ReviewRkpd | TableKind::Proposals
        ) {
            continue;
        }
        for (ii, it) in t.items.iter().enumerate() {
            if it.level != ItemLevel::SubKegiatan {
                continue;
            }
            // A code inferred from the rows around (numbering, position) is too weak to hold
            // the row to another sub kegiatan's satuan.
            if !matches!(it.code_source, CodeSource::Printed | CodeSource::Name) {
                continue;
            }
            let Some(meta) = it.code.as_deref().and_then(metadata_for) else {
                continue;
            };
            if meta.satuan.is_empty() {
                continue;
            }
            // Every unit of the sub's own row (targets of year n and n+1, both review blocks)
            // must be the official one; when the own row prints none, one of its indicator
            // continuation rows must (the others may count other things).
            let own = row_units(t, it, style);
            let wrong: Vec<String> = if own.is_empty() {
                let mut more: Vec<String> = Vec::new();
                for c in t.items.iter().filter(|c| c.attached_to == Some(ii)) {
                    for u in row_units(t, c, style) {
                        if !more.iter().any(|o| same_unit(o, &u)) {
                            more.push(u);
                        }
                    }
                }
                if more.iter().any(|u| same_unit(u, &meta.satuan)) {
                    Vec::new()
                } else {
                    more
                }
            } else {
                own.into_iter()
                    .filter(|u| !same_unit(u, &meta.satuan))
                    .collect()
            };
            if wrong.is_empty() {
                continue;
            }
            pending.push((
                t.index,
                ii,
                meta.satuan.clone(),
                wrong.join(", "),
                meta.indikator.clone(),
            ));
        }
    }
    for (ti, ii, expected, found, indikator) in pending {
        let t = &ctx.doc.tables[ti];
        let it = &t.items[ii];
        let p = Params::default().set("detail", indikator);
        ctx.emit(
            "RJ404",
            t,
            Some(it),
            None,
            Some(expected),
            Some(found),
            None,
            p,
        );
    }
}

/// One indicator row of an item in one table.
struct Occurrence {
    table: usize,
    item: usize,
    kind: TableKind,
    code: String,
    indicator: String,
    units: Vec<String>,
}

/// Indicator text for matching: lower case letters and digits only (OCR splits words).
fn indicator_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The code of an item for matching across tables (`2.07.01...` and `X.XX.01...` alike).
fn match_code(code: &str) -> String {
    generic_penunjang(code).unwrap_or_else(|| code.to_string())
}

/// Preference of a table as the reference for an indicator's unit: the plan first.
fn reference_rank(k: TableKind) -> u8 {
    match k {
        TableKind::Plan => 0,
        TableKind::ReviewRkpd => 1,
        TableKind::Evaluation => 2,
        _ => 3,
    }
}

/// RJ209: every occurrence of an indicator whose units share nothing with the reference
/// occurrence (the plan's, else the review's, else the first).
fn across_tables(ctx: &mut Ctx) {
    let style = ctx.doc.style;
    let mut occ: Vec<Occurrence> = Vec::new();
    for t in &ctx.doc.tables {
        for (ii, it) in t.items.iter().enumerate() {
            let owner = match it.level {
                ItemLevel::Continuation => it.attached_to.and_then(|o| t.items.get(o)),
                ItemLevel::Program | ItemLevel::Kegiatan | ItemLevel::SubKegiatan => Some(it),
                _ => None,
            };
            let Some(code) = owner.and_then(|o| o.code.as_deref()) else {
                continue;
            };
            let Some(ind) = it.indicators.first() else {
                continue;
            };
            let units = row_units(t, it, style);
            if units.is_empty() {
                continue;
            }
            occ.push(Occurrence {
                table: t.index,
                item: ii,
                kind: t.class.kind,
                code: match_code(code),
                indicator: indicator_key(&ind.text),
                units,
            });
        }
    }
    let min_sim = rules().indicator_similarity;
    let same_indicator = |a: &Occurrence, b: &Occurrence| {
        a.code == b.code
            && (a.indicator == b.indicator
                || strsim::normalized_levenshtein(&a.indicator, &b.indicator) >= min_sim)
    };
    // Occurrences by code, so a large document compares only rows of the same item.
    let mut by_code: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, o) in occ.iter().enumerate() {
        by_code.entry(o.code.as_str()).or_default().push(i);
    }
    let mut pending = Vec::new();
    for (i, o) in occ.iter().enumerate() {
        // The reference among the occurrences of the same indicator in other tables.
        let reference = by_code[o.code.as_str()]
            .iter()
            .map(|&j| &occ[j])
            .filter(|r| r.table != o.table && same_indicator(r, o))
            .min_by_key(|r| (reference_rank(r.kind), r.table, r.item));
        let Some(r) = reference else { continue };
        // The reference itself is not reported against a lesser table.
        if (reference_rank(r.kind), r.table) > (reference_rank(o.kind), o.table) {
            continue;
        }
        let shared = o
            .units
            .iter()
            .any(|u| r.units.iter().any(|v| same_unit(u, v)));
        if !shared {
            pending.push((i, r.table, r.item));
        }
    }
    for (i, rt, ri) in pending {
        let o = &occ[i];
        let t = &ctx.doc.tables[o.table];
        let it = &t.items[o.item];
        let rtab = &ctx.doc.tables[rt];
        let ind = it
            .indicators
            .first()
            .map(|x| x.text.clone())
            .unwrap_or_default();
        let mut p = Params::default()
            .set("detail", ind)
            .set("other", rtab.title.clone());
        // An indicator continuation row is named by the item it belongs to.
        let owner = (it.level == ItemLevel::Continuation)
            .then(|| it.attached_to.and_then(|a| t.items.get(a)))
            .flatten();
        if let Some(ow) = owner {
            p = p.named_by(ow);
        }
        let owner_code = owner.and_then(|ow| ow.code.clone());
        let expected = row_units(rtab, &rtab.items[ri], ctx.doc.style).join(", ");
        let before = ctx.out.len();
        ctx.emit(
            "RJ209",
            t,
            Some(it),
            None,
            Some(expected),
            Some(o.units.join(", ")),
            None,
            p,
        );
        if let (Some(f), Some(c)) = (ctx.out.get_mut(before), owner_code) {
            f.code.get_or_insert(c);
        }
    }
}

/// Whether a target column's block is a year (`y2023`, `y2022.6` a second 2022 group, `n1` the
/// prakiraan maju, `renstra` the end of the period, none the table's year), not a block that
/// prints the same year twice (`rancangan`/`hasil` of a review, `sebelum`/`sesudah`).
fn is_year_block(c: &Column) -> bool {
    let b = c.block.as_deref().unwrap_or("");
    let base = b.split(['.', '#']).next().unwrap_or("");
    !rules().not_year_blocks.iter().any(|x| x == base)
}

/// A target column for a message: the Renstra end-of-period target by its header (Lamongan's
/// T-C.29 heads it with the period's first year, `2022-2026`), else by its key.
fn target_label(c: &Column) -> String {
    let h = c.header.to_lowercase();
    if c.block.as_deref() == Some("renstra")
        || rules()
            .renstra_end_markers
            .iter()
            .any(|m| h.contains(m.as_str()))
    {
        return "target Renstra akhir periode".to_string();
    }
    super::column_label(&c.key)
}

/// RJ213: the target cells of one row, in columns of different years, count in units that
/// share nothing (`10 orang` for 2024, `10 Perusahaan` for 2025). A percentage is left out:
/// beside counts it is usually a capaian ratio that drifted into a target column.
fn between_years(ctx: &mut Ctx) {
    let style = ctx.doc.style;
    let mut pending = Vec::new();
    for t in &ctx.doc.tables {
        if !matches!(
            t.class.kind,
            TableKind::Evaluation | TableKind::Service | TableKind::Plan | TableKind::Proposals
        ) {
            continue;
        }
        // A satuan column prints the unit once for every year.
        if t.class.first("unit").is_some() {
            continue;
        }
        for (ii, it) in t.items.iter().enumerate() {
            if it.satuan.as_deref().is_some_and(|s| !s.trim().is_empty()) {
                continue;
            }
            // (column label, column number, cell as printed, unit, column key).
            let mut seen: Vec<(String, usize, String, String, String)> = Vec::new();
            for (col, shown, unit) in target_cells(t, it, style) {
                let Some(col) = col.filter(|c| c.role == "target") else {
                    continue;
                };
                if !is_year_block(col) || unit == "%" || same_unit(&unit, "%") {
                    continue;
                }
                seen.push((
                    target_label(col),
                    col.index + 1,
                    shown,
                    unit,
                    col.key.clone(),
                ));
            }
            let Some(first) = seen.first() else { continue };
            let Some(other) = seen[1..].iter().find(|s| !same_unit(&s.3, &first.3)) else {
                continue;
            };
            pending.push((t.index, ii, first.clone(), other.clone()));
        }
    }
    for (ti, ii, a, b) in pending {
        let t = &ctx.doc.tables[ti];
        let it = &t.items[ii];
        let ind = it
            .indicators
            .first()
            .map(|x| x.text.clone())
            .unwrap_or_default();
        let mut p = Params::default()
            .set("detail", ind)
            .set("column", a.0.clone())
            .set("colno", a.1.to_string())
            .set("other", b.0.clone())
            .set("other_colno", b.1.to_string());
        // An indicator continuation row is named by the item it belongs to.
        let owner = (it.level == ItemLevel::Continuation)
            .then(|| it.attached_to.and_then(|a| t.items.get(a)))
            .flatten();
        if let Some(ow) = owner {
            p = p.named_by(ow);
        }
        let owner_code = owner.and_then(|ow| ow.code.clone());
        let before = ctx.out.len();
        ctx.emit(
            "RJ213",
            t,
            Some(it),
            Some(&b.4),
            Some(a.2.clone()),
            Some(b.2.clone()),
            None,
            p,
        );
        if let (Some(f), Some(c)) = (ctx.out.get_mut(before), owner_code) {
            f.code.get_or_insert(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_rules_parse() {
        let r: UnitRulesFile = ::toml::from_str(include_str!("../../rules/units.toml")).unwrap();
        assert!(r.synonyms.iter().any(|g| g[0] == "dokumen"));
    }

    #[test]
    fn spelling_variants_are_the_same_unit() {
        for (a, b) in [
            ("Dokumen", "dokumen"),
            ("Do ku me n", "Dokumen"),
            ("Dokum en", "Dokumen"),
            ("dok", "Dokumen"),
            ("Dok.", "Dokumen"),
            ("Dokuman", "Dokumen"),
            ("bln", "bulan"),
            ("org", "Orang"),
            ("Orang/bulan", "Orang/Bulan"),
            ("orang", "Orang/bulan"),
            ("KK", "Kepala Keluarga"),
            ("perusahaan kecil", "Perusahaan"),
            ("perush", "Perusahaan"),
            ("%", "Persentase"),
            ("persen", "%"),
            ("unit kendaraan roda 4", "Unit"),
            ("MÂ³/Hari", "m3/hari"),
            ("dokumen-dokumen", "dokumen"),
            ("\u{2018}org", "org"),
        ] {
            assert!(same_unit(a, b), "{a} ~ {b}");
        }
    }

    #[test]
    fn different_units_differ() {
        for (a, b) in [
            ("laporan", "Dokumen"),
            ("Perusahaan", "Orang"),
            ("paket", "Unit"),
            ("KK", "Orang"),
            ("bulan", "Paket"),
            ("BKK", "orang"),
            ("%", "Dokumen"),
            ("orang", "ruang"),
        ] {
            assert!(!same_unit(a, b), "{a} !~ {b}");
        }
    }
}
