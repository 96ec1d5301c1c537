//! RJ105 realisasi-over-pagu, RJ106 duplicate-code, RJ107 sub-missing-field.

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
    let year_of = |c: &crate::classify::Column| {
        c.block
            .as_deref()
            .and_then(|b| b.split('.').next())
            .filter(|s| s.starts_with('y'))
            .map(|s| s.to_string())
    };
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
            Some(y) => pagu_keys.iter().find(|p| year_of(p).as_ref() == Some(y)),
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
    // RJ106: the same printed code twice in one table (name-derived codes are not compared:
    // two rows may share a name legitimately in review tables).
    for (i, it) in t.items.iter().enumerate() {
        let Some(code) = &it.code else { continue };
        // Only rows carrying money: a plan or review row listed twice is counted twice; an
        // evaluation table that lists its subs again for next year's targets is not.
        if it.code_source != CodeSource::Printed || it.money.is_empty() {
            continue;
        }
        if let Some(first) = t.items[..i].iter().find(|o| {
            o.code.as_ref() == Some(code)
                && o.code_source == CodeSource::Printed
                && !o.money.is_empty()
        }) {
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
    let first_key = t.money_keys.first().cloned();
    for s in &subs {
        let mut missing = Vec::new();
        if let Some(k) = &first_key {
            let attached_money = t.items.iter().any(|o| {
                o.attached_to.is_some_and(|a| t.items[a].row == s.row) && o.money.contains_key(k)
            });
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

fn looks_like_sumber(c: &str) -> bool {
    let l = c.to_lowercase();
    ["apbd", "apbn", "dana ", "dau", "dak", "pad", "dbh", "did"]
        .iter()
        .any(|k| l.split_whitespace().any(|w| w == k.trim()) || l.starts_with(k))
}
