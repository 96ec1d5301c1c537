//! RJ105 realisasi-over-pagu, RJ106 duplicate-code, RJ107 sub-missing-field, RJ108
//! capaian-ratio.

use super::{Ctx, Params};
use crate::model::{CodeSource, ItemLevel, TableModel};

pub(crate) fn check(ctx: &mut Ctx, t: &TableModel) {
    // RJ105: realisasi Rp above the pagu of the same block (same year).
    let pagu_keys: Vec<&crate::classify::Column> = t
        .class
        .columns
        .iter()
        .filter(|c| c.money && c.role == "pagu")
        .collect();
    // Only the last realisasi column of a year (the cumulative one) is compared.
    let real_cols: Vec<&crate::classify::Column> = t
        .class
        .columns
        .iter()
        .filter(|c| c.money && c.role == "realisasi_rp")
        .collect();
    let year_of = crate::classify::Column::year_block;
    for (ri, rc) in real_cols.iter().enumerate() {
        if real_cols[ri + 1..]
            .iter()
            .any(|o| year_of(o) == year_of(rc))
        {
            continue;
        }
        // The pagu of the same year; without years only an unambiguous single pagu column.
        let year = year_of(rc);
        let pc = match &year {
            Some(y) => pagu_keys.iter().find(|p| year_of(p) == Some(y)),
            None if pagu_keys.len() == 1 => pagu_keys.first(),
            None => None,
        };
        let Some(pc) = pc else {
            continue;
        };
        for it in &t.items {
            if let (Some(r), Some(p)) = (it.money.get(&rc.key), it.money.get(&pc.key)) {
                // A wrapped amount rejoined into a realisation above the pagu is more likely
                // a wrong rejoin ("15666798 8") than an overspend.
                let unjoined = r.raw.rsplit_once(' ').and_then(|(head, _)| {
                    crate::normalize::number::parse_money(head, ctx.doc.style).value
                });
                let wrapped = r
                    .flags
                    .contains(&crate::normalize::number::NumberFlag::RejoinedWrap);
                if wrapped && unjoined.is_some_and(|u| u.0 <= p.value.0) {
                    continue;
                }
                if p.value.0 > 0 && r.value.0 > p.value.0 {
                    let (e, f, d) = (
                        ctx.rp(p.value.0),
                        ctx.rp(r.value.0),
                        ctx.rp(r.value.0 - p.value.0),
                    );
                    ctx.emit(
                        "RJ105",
                        t,
                        Some(it),
                        Some(&rc.key),
                        Some(e),
                        Some(f),
                        Some(d),
                        Params::default(),
                    );
                }
            }
        }
    }
    capaian_ratio(ctx, t);
    predikat_band(ctx, t);
    realisasi_copies_target(ctx, t);
    // RJ106: the same printed code twice in one table, on rows carrying money (a plan or
    // review row listed twice is counted twice; an evaluation table that lists its subs again
    // for next year's targets is not). The printed digits count, even where the name then
    // gave the row another code (Tangerang prints 2.07.03.2.01.0001 for .0003).
    let printed = |o: &crate::model::Item| -> Option<String> {
        o.printed_code.clone().or_else(|| {
            (o.code_source == CodeSource::Printed)
                .then(|| o.code.clone())
                .flatten()
        })
    };
    // The first row with money printing each code: one map, not a search over the rows
    // above each row (quadratic in large tables).
    let mut first_by_code: std::collections::HashMap<String, &crate::model::Item> =
        Default::default();
    for it in &t.items {
        let Some(code) = printed(it) else { continue };
        if it.money.is_empty() {
            continue;
        }
        let first = match first_by_code.entry(code.clone()) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(it);
                None
            }
            std::collections::hash_map::Entry::Occupied(o) => Some(*o.get()),
        };
        if let Some(first) = first {
            let p = Params::default()
                .set("item", code.clone())
                .set("other", (first.row + 1).to_string());
            ctx.emit("RJ106", t, Some(it), None, None, None, None, p);
        }
    }
    // RJ107: sub kegiatan without pagu / sumber dana, only in plan tables that have the
    // column and use it on other sub rows.
    if t.class.kind != crate::classify::TableKind::Plan {
        return;
    }
    let subs: Vec<&crate::model::Item> = t
        .items
        .iter()
        .filter(|i| i.level == ItemLevel::SubKegiatan)
        .collect();
    if subs.len() < 3 {
        return;
    }
    let has_sumber = t.class.first("sumber_dana").is_some()
        && subs.iter().filter(|s| s.sumber_dana.is_some()).count() * 2 > subs.len();
    // Lokasi: the printed lokasi values of the table; a row holding one of them anywhere has a
    // lokasi even when its cells drifted.
    let known_lokasi: std::collections::BTreeSet<String> = subs
        .iter()
        .filter_map(|s| s.lokasi.clone())
        .filter(|l| l.chars().any(|c| c.is_alphabetic()) && l.len() < 60)
        .collect();
    let has_lokasi = t.class.first("location").is_some()
        && subs.iter().filter(|s| s.lokasi.is_some()).count() * 2 > subs.len();
    // Target and satuan: only where the table has the column and most sub rows fill it. A
    // target is the row's own or one of its continuation rows' (a sub with several
    // indicators); a composite target ("4 Dokumen", "100 %") carries its satuan itself.
    let filled = |v: &Option<String>| v.as_deref().is_some_and(|x| !is_blank(x));
    let target_of = |s: &crate::model::Item| -> Option<String> {
        s.indicators
            .iter()
            .filter_map(|i| i.target.clone())
            .find(|x| !is_blank(x))
    };
    let has_target = t.class.first("target").is_some()
        && subs.iter().filter(|s| target_of(s).is_some()).count() * 2 > subs.len();
    let has_unit = t.class.first("unit").is_some()
        && subs.iter().filter(|s| filled(&s.satuan)).count() * 2 > subs.len();
    let first_key = t.money_keys.first().cloned();
    // Rows whose continuation rows carry money in the first money column, found once.
    let money_attached: std::collections::HashSet<usize> = match &first_key {
        Some(k) => t
            .items
            .iter()
            .filter(|o| o.money.contains_key(k))
            .filter_map(|o| o.attached_to.map(|a| t.items[a].row))
            .collect(),
        None => Default::default(),
    };
    for s in &subs {
        let mut missing = Vec::new();
        if has_lokasi && !s.cells.iter().any(|c| known_lokasi.contains(c.trim())) {
            missing.push("lokasi");
        }
        let target = target_of(s).or_else(|| target_before_money(s));
        if has_target && target.is_none() {
            missing.push("target");
        }
        let unit_in_target = target
            .as_deref()
            .is_some_and(|x| x.chars().any(|c| c.is_alphabetic() || c == '%'));
        if has_unit && !filled(&s.satuan) && !unit_in_target {
            missing.push("satuan");
        }
        if let Some(k) = &first_key {
            let attached_money = money_attached.contains(&s.row);
            if !s.money.contains_key(k) && !attached_money {
                missing.push("pagu");
            }
        }
        // No sumber dana is expected where there is no pagu this year (a sub planned only for
        // the prakiraan maju year).
        let funded = first_key
            .as_ref()
            .and_then(|k| s.money.get(k))
            .is_some_and(|m| m.value.0 > 0);
        if has_sumber
            && funded
            && s.sumber_dana.is_none()
            && !s.cells.iter().any(|c| looks_like_sumber(c))
        {
            missing.push("sumber dana");
        }
        if !missing.is_empty() {
            let p = Params::default().set("detail", missing.join(", "));
            ctx.emit("RJ107", t, Some(s), None, None, None, None, p);
        }
    }
}

/// The target cell found by content where the target column drifted: walking left from the
/// row's first amount over empty cells, a cell with a digit is the target ("1", "4 Dokumen");
/// a cell of words first (lokasi, satuan, indicator) means there is none.
fn target_before_money(s: &crate::model::Item) -> Option<String> {
    let first = s.money.values().map(|m| m.col).min()?;
    for c in s.cells[..first.min(s.cells.len())].iter().rev() {
        let c = c.trim();
        if is_blank(c) {
            continue;
        }
        if c.chars().any(|ch| ch.is_ascii_digit()) {
            return Some(c.to_string());
        }
        return None;
    }
    None
}

/// An empty cell or a placeholder ("-", "--").
fn is_blank(c: &str) -> bool {
    let t = c.trim();
    t.is_empty() || t.chars().all(|ch| matches!(ch, '-' | '–' | '.' | '_'))
}

fn looks_like_sumber(c: &str) -> bool {
    let l = c.to_lowercase();
    super::rules()
        .sumber_dana_words
        .iter()
        .any(|k| l.split_whitespace().any(|w| w == k.trim()) || l.starts_with(k.as_str()))
}

/// RJ108: a printed "tingkat capaian" of the budget must be realisasi / pagu x 100. The capaian
/// cell is found by content among the numbers printed after the realisasi amount (its column
/// drifts like the money columns); the row is only reported when none of them fits and the
/// last one (the Rp capaian comes after the K capaian) is off by more than rounding.
fn capaian_ratio(ctx: &mut Ctx, t: &TableModel) {
    use crate::normalize::number::parse_decimal;
    if t.class.kind != crate::classify::TableKind::Evaluation
        || !t.class.columns.iter().any(|c| c.role == "capaian_rp")
    {
        return;
    }
    let year_of = crate::classify::Column::year_block;
    let money: Vec<&crate::classify::Column> = t.class.columns.iter().filter(|c| c.money).collect();
    let Some(real) = money.iter().rev().find(|c| c.role == "realisasi_rp") else {
        return;
    };
    let Some(pagu) = money
        .iter()
        .find(|c| c.role == "pagu" && year_of(c).is_some() && year_of(c) == year_of(real))
    else {
        return;
    };
    use crate::normalize::number::NumberStyle;
    // Only sub kegiatan rows: aggregate rows are often averaged over their subs by local rule.
    for it in t.items.iter().filter(|i| i.level == ItemLevel::SubKegiatan) {
        let (Some(r), Some(p)) = (it.money.get(&real.key), it.money.get(&pagu.key)) else {
            continue;
        };
        if p.value.0 <= 0 {
            continue;
        }
        // RJ122 names the digit that makes this ratio hold; saying it again here is noise.
        if super::pct::digit_explains(ctx, t, it) {
            continue;
        }
        let ratio = r.value.0 as f64 / p.value.0 as f64 * 100.0;
        // A wrapped realisasi ("15666798 8") may be read either way.
        let unjoined = r
            .raw
            .rsplit_once(' ')
            .and_then(|(h, _)| crate::normalize::number::parse_money(h, ctx.doc.style).value)
            .map(|u| u.0 as f64 / p.value.0 as f64 * 100.0);
        // Percentages print with either decimal mark ("27,475" is 27.475 %).
        let printed: Vec<(&String, Vec<f64>)> = it
            .cells
            .iter()
            .skip(r.col + 1)
            .filter(|c| !c.chars().any(|ch| ch.is_alphabetic()))
            .map(|c| {
                let vs: Vec<f64> = [NumberStyle::Indonesian, NumberStyle::English]
                    .iter()
                    .filter_map(|st| parse_decimal(c, *st))
                    .filter(|v| *v < 10_000.0)
                    .collect();
                (c, vs)
            })
            .filter(|(_, vs)| !vs.is_empty())
            .collect();
        let Some((raw, lasts)) = printed.last() else {
            continue;
        };
        let (raw, last) = (*raw, lasts[0]);
        let fits = |v: f64, want: f64| (v - want).abs() <= 0.01 + want.abs() * 1e-4;
        if printed.iter().any(|(_, vs)| {
            vs.iter()
                .any(|v| fits(*v, ratio) || unjoined.is_some_and(|u| fits(*v, u)))
        }) {
            continue;
        }
        let p2 = Params::default()
            .set("expected", format!("{}%", super::num::two(ratio)))
            .set("diff", super::num::two(last - ratio))
            .set("found", raw.clone())
            .set(
                "detail",
                format!("{} / {}", ctx.rp(r.value.0), ctx.rp(p.value.0)),
            );
        ctx.emit(
            "RJ108",
            t,
            Some(it),
            Some(&real.key),
            Some(format!("{ratio:.2}")),
            Some(raw.clone()),
            Some(format!("{:.2}", last - ratio)),
            p2,
        );
    }
}

/// RJ109: a printed predikat must be the band of its capaian. The predikat cells close the row
/// (K then Rp); the capaian figures are the percentages just before them, paired from the right
/// (a row without a K capaian grades the Rp only). OCR splits "SR" into "S R"; spaces are ignored.
fn predikat_band(ctx: &mut Ctx, t: &TableModel) {
    use crate::normalize::number::{parse_decimal, NumberStyle};
    let rules = super::rules();
    if t.class.kind != crate::classify::TableKind::Evaluation
        || t.class.first("predikat").is_none()
        || rules.predikat_bands.is_empty()
    {
        return;
    }
    let labels: Vec<&str> = rules
        .predikat_bands
        .iter()
        .map(|b| b.label.as_str())
        .collect();
    let as_label = |c: &str| -> Option<String> {
        let l: String = c.chars().filter(|ch| !ch.is_whitespace()).collect();
        labels.contains(&l.as_str()).then_some(l)
    };
    for it in &t.items {
        let cells: Vec<&str> = it
            .cells
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect();
        let Some(first) = cells.iter().position(|c| as_label(c).is_some()) else {
            continue;
        };
        let grades: Vec<String> = cells[first..].iter().filter_map(|c| as_label(c)).collect();
        // Percentages: decimals below 10 000 that are not money of the row.
        let pcts: Vec<(&str, f64)> = cells[..first]
            .iter()
            .rev()
            .map_while(|c| {
                let v = parse_decimal(c, NumberStyle::Indonesian)?;
                (v < 10_000.0 && !it.money.values().any(|m| m.raw.trim() == *c)).then_some((*c, v))
            })
            .collect();
        for (g, (raw, v)) in grades.iter().rev().zip(pcts.iter()) {
            let Some(want) = rules.predikat(*v) else {
                continue;
            };
            // The T-E.1 bands are printed in whole percent (<=50 SR, 51-65 R): a capaian between
            // two of them (50,52) may take either grade.
            let floor_grade = rules.predikat(v.floor());
            if want != g && floor_grade != Some(g.as_str()) {
                let p = Params::default().set("detail", g.clone());
                ctx.emit(
                    "RJ109",
                    t,
                    Some(it),
                    None,
                    Some(want.to_string()),
                    Some(raw.to_string()),
                    None,
                    p,
                );
            }
        }
    }
}

/// RJ207: in a service-performance table (T-C.30), realisasi (or proyeksi) columns of years whose
/// realisation cannot be measured yet (n-1 and later, see below), equal to the Renstra target of
/// the same year for every indicator, are copied targets, not achievements (Serang Tabel 2.2
/// 2021, Lamongan T-C.30 2023). One info finding per table, naming the years.
fn realisasi_copies_target(ctx: &mut Ctx, t: &TableModel) {
    if t.class.kind != crate::classify::TableKind::Service {
        return;
    }
    let Some(doc_year) = ctx.doc.meta.year else {
        return;
    };
    let year_of = |c: &crate::classify::Column| -> Option<u16> {
        c.block
            .as_deref()?
            .split('.')
            .next()?
            .strip_prefix('y')?
            .parse()
            .ok()
    };
    let cols = &t.class.columns;
    let is_renstra =
        |c: &crate::classify::Column| c.role == "target" && c.header.contains("renstra");
    // A Renja for year n is written during n-1: no realisation of n-1 or later is measured
    // yet. A column headed realisasi for those years that repeats the target is a copy; a
    // proyeksi column is meant to repeat the target for n and later (the template), so only its
    // n-1 (a year that should show an estimated realisation) counts.
    let is_outcome = |c: &crate::classify::Column, y: u16| {
        let realisasi = c.header.contains("realisasi") && y + 1 >= doc_year;
        let proyeksi = c.header.contains("proyeksi") && y + 1 == doc_year;
        c.role != "target" && realisasi || c.role == "target" && proyeksi
    };
    let cell = |it: &crate::model::Item, i: usize| -> Option<String> {
        let v = it.cells.get(i)?.trim();
        (!is_blank(v)).then(|| v.to_string())
    };
    let mut years: Vec<u16> = Vec::new();
    for oc in cols {
        let Some(y) = year_of(oc) else { continue };
        if !is_outcome(oc, y) || years.contains(&y) {
            continue;
        }
        let Some(tc) = cols.iter().find(|c| is_renstra(c) && year_of(c) == Some(y)) else {
            continue;
        };
        let pairs: Vec<(String, String)> = t
            .items
            .iter()
            .filter_map(|it| Some((cell(it, tc.index)?, cell(it, oc.index)?)))
            .collect();
        if pairs.len() >= 3 && pairs.iter().all(|(a, b)| a == b) {
            years.push(y);
        }
    }
    if years.is_empty() {
        return;
    }
    years.sort_unstable();
    let list = years
        .iter()
        .map(|y| y.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let p = Params::default()
        .set("detail", list.clone())
        .set("doc_year", doc_year.to_string());
    ctx.emit("RJ207", t, None, None, None, Some(list), None, p);
}
