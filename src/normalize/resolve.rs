//! Step 5 of the code normalisation: decide a row's code from its printed digits, the codes of
//! the rows above it and its name, against the official list of the document's version.

use super::code::{complete_reading, instantiate, level_of, parent_of, CodeReading, Level};
use super::names::{similarity, Entry, Nomenclature, NomenclatureVersion};
use serde::{Deserialize, Serialize};

/// Name similarity at which a code and a name are taken to agree.
pub const ACCEPT: f64 = 0.85;
/// Below this a printed code that exists is still kept, but reported as a code/name mismatch.
pub const MISMATCH: f64 = 0.6;

/// Where the resolved code came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeSource {
    /// The printed digits, confirmed by the list (and by the name when there is one).
    Printed,
    /// The printed digits completed from the rows above (`01` under `2.07`).
    Context,
    /// Damaged digits whose best repair the name confirms (`2027⇥0019⇥06`).
    Repaired,
    /// The name, searched under the context: the digits were useless or disagreed.
    Name,
}

/// The code decided for a row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resolved {
    /// Canonical code, penunjang instantiated with the document's bidang.
    pub code: String,
    /// Its level.
    pub level: Level,
    /// The official name of the code.
    pub official_name: String,
    /// Similarity of the printed name to the official one (1.0 when no name was printed).
    pub similarity: f64,
    /// How the code was decided.
    pub source: CodeSource,
    /// The printed digits named another existing code (duplicate or wrong code).
    pub printed_code: Option<String>,
}

fn scored(name: &str, e: &Entry) -> f64 {
    if name.trim().is_empty() {
        1.0
    } else {
        similarity(name, &e.name)
    }
}

/// Decides the code of a row. `context` is the code of the nearest enclosing row already
/// resolved (kegiatan, program or bidang); `bidang` the OPD's bidang for the penunjang
/// program (taken from the context or the printed code when `None`).
pub fn resolve(
    nom: &Nomenclature,
    reading: &CodeReading,
    name: &str,
    context: Option<&str>,
    bidang: Option<&str>,
    version: NomenclatureVersion,
) -> Option<Resolved> {
    let completed = complete_reading(reading, context);
    let was_completed = completed.parsed.candidates != reading.parsed.candidates;
    let damaged = completed.parsed.damaged;
    let bidang = bidang
        .map(str::to_string)
        .or_else(|| context.and_then(super::code::bidang_of_code))
        .or_else(|| {
            completed
                .parsed
                .candidates
                .first()
                .and_then(|c| super::code::bidang_of_code(c))
        });
    let inst = |code: &str| match &bidang {
        Some(b) => instantiate(code, b),
        None => code.to_string(),
    };

    // The printed candidates that exist in the list, with their name similarity.
    let mut printed: Vec<(String, &Entry, f64)> = completed
        .parsed
        .candidates
        .iter()
        .filter_map(|c| nom.get(c, version).map(|e| (inst(c), e, scored(name, e))))
        .collect();
    // A lone `1` beside a name that is not urusan 1 is a list number: only the name counts.
    printed.retain(|(_, e, s)| !(e.level == Level::Urusan && *s < MISMATCH));
    let several = completed.parsed.candidates.len() > 1;
    if several {
        // Collapsed digits: the name chooses among the partitions that exist.
        printed.sort_by(|a, b| b.2.total_cmp(&a.2));
    }
    let source_of_printed = if damaged {
        CodeSource::Repaired
    } else if was_completed {
        CodeSource::Context
    } else {
        CodeSource::Printed
    };
    if let Some((code, e, sim)) = printed.first() {
        // A near-certain agreement ends here; a mere acceptable one is compared below with
        // what the name finds (a duplicated code, `Mikro` printed under `Makro`'s number).
        if *sim >= 0.95 || name.trim().is_empty() {
            return Some(Resolved {
                code: code.clone(),
                level: e.level,
                official_name: e.name.clone(),
                similarity: *sim,
                source: source_of_printed,
                printed_code: None,
            });
        }
    }

    // The name under the context.
    // Damaged digits may stop short of the row's level; the row's shape knows better.
    let level = if damaged || several {
        completed
            .level_hint
            .or(printed.first().map(|(_, e, _)| e.level))
    } else {
        printed
            .first()
            .map(|(_, e, _)| e.level)
            .or(completed.level_hint)
    };
    let mut parents: Vec<String> = Vec::new();
    let push_chain = |start: &str, parents: &mut Vec<String>| {
        let mut cur = Some(start.to_string());
        while let Some(c) = cur {
            if !parents.contains(&c) {
                parents.push(c.clone());
            }
            cur = parent_of(&c);
        }
    };
    if let Some((code, _, _)) = printed.first() {
        if let Some(p) = parent_of(code) {
            push_chain(&p, &mut parents);
        }
    }
    if let Some(p) = &completed.known_prefix {
        push_chain(p, &mut parents);
    }
    if let Some(c) = context {
        push_chain(c, &mut parents);
    }
    // Most specific parents first.
    parents.sort_by_key(|p| std::cmp::Reverse(p.split('.').count()));
    let mut best: Option<(&Entry, f64)> = None;
    if let Some((code, _, sim)) = printed.first() {
        // `2⇥07⇥01⇥Penyusunan Dokumen…`: a sub row printing only its program's code.
        if *sim < ACCEPT && !name.trim().is_empty() {
            if let Some(&(e, s)) = nom.find_by_name(name, None, Some(code), version).first() {
                if s >= ACCEPT {
                    best = Some((e, s));
                }
            }
        }
    }
    // The level to search: an upper-case `PROGRAM …` name is a program; damaged digits (or
    // none at all) give only a hint, so a search at any level follows.
    let is_program_name = name.trim_start().to_lowercase().starts_with("program ");
    let levels: Vec<Option<Level>> = if is_program_name {
        vec![Some(Level::Program)]
    } else if damaged || several || printed.is_empty() {
        vec![level, None]
    } else {
        vec![level]
    };
    let under = |lv: Option<Level>, p: &str| match (level_of(p), lv) {
        (Some(pl), Some(l)) => pl < l,
        _ => true,
    };
    if best.is_none() && !name.trim().is_empty() {
        // 1. A strong match under the context, most specific parent first.
        'strict: for lv in &levels {
            for p in parents.iter().filter(|p| under(*lv, p)) {
                if let Some(&(e, s)) = nom.find_by_name(name, *lv, Some(p), version).first() {
                    if s >= ACCEPT {
                        best = Some((e, s));
                        break 'strict;
                    }
                }
            }
        }
        // 2. A very strong match anywhere (a transmigrasi row after the tenaga kerja rows).
        if best.is_none() {
            for lv in &levels {
                if let Some(&(e, s)) = nom.find_by_name(name, *lv, None, version).first() {
                    if s >= 0.9 {
                        best = Some((e, s));
                        break;
                    }
                }
            }
        }
        // 3. In the small set under a known parent a clear winner is enough
        //    (`PROGRAM PERLUANG URUSAN` = penunjang).
        if best.is_none() {
            // Only at a known level: at any level a weak winner is too often an indicator
            // or a narrative line that merely shares words.
            'clear: for lv in levels.iter().filter(|l| l.is_some()) {
                for p in parents.iter().filter(|p| under(*lv, p)) {
                    let found = nom.find_by_name(name, *lv, Some(p), version);
                    let Some(&(e, s)) = found.first() else {
                        continue;
                    };
                    let second = found.get(1).map(|x| x.1).unwrap_or(0.0);
                    if s >= 0.5 && s - second >= 0.15 {
                        best = Some((e, s));
                        break 'clear;
                    }
                }
            }
        }
    }
    let printed_best = printed.first();
    let from_printed = |(code, e, s): &(String, &Entry, f64)| Resolved {
        code: code.clone(),
        level: e.level,
        official_name: e.name.clone(),
        similarity: *s,
        source: source_of_printed,
        printed_code: None,
    };
    let from_name = |e: &Entry, s: f64, printed: Option<&String>| Resolved {
        code: inst(&e.code),
        level: e.level,
        official_name: e.name.clone(),
        similarity: s,
        source: CodeSource::Name,
        printed_code: printed.cloned(),
    };
    match (best, printed_best) {
        (Some((e, s)), Some(p)) => {
            let name_wins = inst(&e.code) != p.0
                && ((s >= ACCEPT && s > p.2 + 0.05) || (p.2 < MISMATCH && s > p.2 + 0.1));
            Some(if name_wins {
                from_name(e, s, Some(&p.0))
            } else {
                from_printed(p)
            })
        }
        (Some((e, s)), None) => Some(from_name(e, s, None)),
        (None, Some(p)) => Some(from_printed(p)),
        (None, None) => None,
    }
}
