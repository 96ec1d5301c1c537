//! RJ401 unknown-code, RJ402 code-name-mismatch against the official nomenclature of the
//! document's year; RJ403 nomenclature-versions when a document mixes names of both lists.

use super::{Ctx, Params};
use crate::model::{CodeSource, TableModel};
use crate::normalize::code::Level;
use crate::normalize::names::{similarity, NomenclatureVersion};

/// Names below this similarity to the official name are reported as a mismatch (wording drift
/// such as "Penyedia" for "Penyediaan" stays above it).
const NAME_MISMATCH_BELOW: f64 = 0.5;

pub(crate) fn check(ctx: &mut Ctx, t: &TableModel) {
    let Some(nom) = crate::model::nomenclature() else {
        return;
    };
    let version = NomenclatureVersion::for_year(ctx.doc.meta.year.unwrap_or(2022));
    let other = match version {
        NomenclatureVersion::Pmdn90_2019 => NomenclatureVersion::Kmdn900_2023,
        NomenclatureVersion::Kmdn900_2023 => NomenclatureVersion::Pmdn90_2019,
    };
    let vname = match version {
        NomenclatureVersion::Pmdn90_2019 => "Permendagri 90/2019",
        NomenclatureVersion::Kmdn900_2023 => "Kepmendagri 900.1.15.5-1317/2023",
    };
    for it in &t.items {
        let Some(code) = &it.code else { continue };
        // Printed digits naming another code than the row's name: the printed code is wrong.
        if let Some(pc) = &it.printed_code {
            if nom.get(pc, version).is_none() && nom.get(pc, other).is_none() {
                let p = Params::default()
                    .set("item", format!("{pc} {}", it.name))
                    .set("detail", vname);
                ctx.emit("RJ401", t, Some(it), None, None, Some(pc.clone()), None, p);
                continue;
            }
            if let Some(e) = nom.get(pc, version) {
                let p = Params::default().set("item", format!("{pc} \"{}\"", it.name));
                ctx.emit(
                    "RJ402",
                    t,
                    Some(it),
                    None,
                    Some(e.name.clone()),
                    Some(it.name.clone()),
                    None,
                    p,
                );
                continue;
            }
        }
        if it.code_source != CodeSource::Printed || code.starts_with('X') {
            continue;
        }
        match nom.get(code, version) {
            None => {
                // A code of the other list is drift, not an unknown code.
                if nom.get(code, other).is_some() {
                    continue;
                }
                let p = Params::default()
                    .set("item", format!("{code} {}", it.name))
                    .set("detail", vname);
                ctx.emit(
                    "RJ401",
                    t,
                    Some(it),
                    None,
                    None,
                    Some(code.clone()),
                    None,
                    p,
                );
            }
            Some(e) => {
                if it.name.is_empty() {
                    continue;
                }
                let s = similarity(&e.name, &it.name);
                if s < NAME_MISMATCH_BELOW {
                    let p = Params::default().set("item", format!("{code} \"{}\"", it.name));
                    ctx.emit(
                        "RJ402",
                        t,
                        Some(it),
                        None,
                        Some(e.name.clone()),
                        Some(it.name.clone()),
                        None,
                        p,
                    );
                }
            }
        }
    }
}

/// RJ403: a document following one list (by its year) but naming some items as the other list
/// does (Lamongan 2024 "Penyusunan Rencana Tenaga Kerja Mikro" under a 2023-list code). One
/// info finding per document, on the first item that follows the other list.
pub(crate) fn versions(ctx: &mut Ctx) {
    let Some(nom) = crate::model::nomenclature() else {
        return;
    };
    let version = NomenclatureVersion::for_year(ctx.doc.meta.year.unwrap_or(2022));
    let other = match version {
        NomenclatureVersion::Pmdn90_2019 => NomenclatureVersion::Kmdn900_2023,
        NomenclatureVersion::Kmdn900_2023 => NomenclatureVersion::Pmdn90_2019,
    };
    let vname = |v: NomenclatureVersion| match v {
        NomenclatureVersion::Pmdn90_2019 => "Permendagri 90/2019",
        NomenclatureVersion::Kmdn900_2023 => "Kepmendagri 900.1.15.5-1317/2023",
    };
    let mut first: Option<(usize, usize)> = None;
    let mut count = 0usize;
    let mut examples: Vec<String> = Vec::new();
    for (ti, t) in ctx.doc.tables.iter().enumerate() {
        for (ii, it) in t.items.iter().enumerate() {
            let Some(level) = (match it.level {
                crate::model::ItemLevel::Program => Some(Level::Program),
                crate::model::ItemLevel::Kegiatan => Some(Level::Kegiatan),
                crate::model::ItemLevel::SubKegiatan => Some(Level::SubKegiatan),
                _ => None,
            }) else {
                continue;
            };
            if it.name.len() < 12 {
                continue;
            }
            let best = |v| {
                nom.find_by_name(&it.name, Some(level), None, v)
                    .into_iter()
                    .next()
                    .map(|(e, s)| (e.code.clone(), e.name.clone(), s))
            };
            // The other list first: most names are not its wording, and then this year's
            // list need not be searched at all.
            let Some(oth) = best(other).filter(|o| o.2 >= 0.97) else {
                continue;
            };
            let Some(own) = best(version) else {
                continue;
            };
            // The name is the other list's wording, and this year's list has no such wording.
            if own.2 < oth.2 - 0.02 && (own.0 != oth.0 || own.1 != oth.1) {
                count += 1;
                first.get_or_insert((ti, ii));
                let ex = format!("\"{}\" ({} {})", it.name, oth.0, vname(other));
                if examples.len() < 3 && !examples.contains(&ex) {
                    examples.push(ex);
                }
            }
        }
    }
    let Some((ti, ii)) = first else { return };
    let t = &ctx.doc.tables[ti];
    let p = Params::default()
        .set("count", count.to_string())
        .set("other", vname(other))
        .set("version", vname(version))
        .set("detail", examples.join("; "));
    ctx.emit("RJ403", t, Some(&t.items[ii]), None, None, None, None, p);
}
