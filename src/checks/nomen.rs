//! RJ401 unknown-code, RJ402 code-name-mismatch against the official nomenclature of the
//! document's year.

use super::{Ctx, Params};
use crate::model::{CodeSource, TableModel};
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
