//! RJ215 prose-breakdown-sum and RJ216 prose-realisasi-over-pagu: the figures a paragraph
//! gives among themselves, with no table needed.
//!
//! Renja chapters summarise last year's budget in one paragraph: "total anggaran ... sebesar
//! Rp X dengan rincian belanja langsung sebesar Rp A dan belanja tidak langsung sebesar Rp B
//! ... terealisasi sebesar Rp Y dengan rincian belanja langsung Rp C dan belanja tidak langsung
//! Rp D". The parts must add up to their total, and no part can be realised beyond its own
//! budget. Lamongan 2024 (seed 004) realises its belanja tidak langsung at Rp 4.615.604.260
//! against a budget of Rp 4.223.685.327, while both totals hold: two components were likely
//! swapped.

use super::narrative::{quoted_amounts, QuotedAmount};
use super::{Ctx, Params};

/// What a quoted amount is, by the words before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Pagu,
    Realisasi,
}

/// A total and its parts, as one paragraph breaks it down.
#[derive(Debug)]
struct Breakdown<'a> {
    phase: Phase,
    total: &'a QuotedAmount,
    /// The parts with their labels (`belanja tidak langsung`).
    parts: Vec<(String, &'a QuotedAmount)>,
}

fn has_any(context: &str, words: &[String]) -> bool {
    words.iter().any(|w| context.contains(w.as_str()))
}

/// The label of a part: the words before its amount, without the linking words.
fn label(context: &str, stop: &[String]) -> String {
    context
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !stop.iter().any(|s| s == w))
        .collect::<Vec<_>>()
        .join(" ")
}

fn breakdowns<'a>(amounts: &'a [QuotedAmount]) -> Vec<Breakdown<'a>> {
    let rules = &super::rules();
    let (nr, pr) = (&rules.narrative, &rules.prose);
    // Realisation first: `realisasi anggaran` is a realisation.
    let words_of = |col: &str| {
        nr.role
            .iter()
            .find(|r| r.columns.iter().any(|c| c == col))
            .map(|r| r.words.as_slice())
            .unwrap_or_default()
    };
    let (real, pagu) = (words_of("realisasi_rp"), words_of("pagu"));
    let role_of = |c: &str| -> Option<Phase> {
        if has_any(c, real) {
            Some(Phase::Realisasi)
        } else if has_any(c, pagu) {
            Some(Phase::Pagu)
        } else {
            None
        }
    };
    let mut out: Vec<Breakdown> = Vec::new();
    let mut phase: Option<Phase> = None;
    let mut open = false;
    for (i, a) in amounts.iter().enumerate() {
        let starts = has_any(&a.context, &pr.breakdown_words);
        let role = role_of(&a.context);
        if starts && i > 0 {
            let Some(ph) = phase else {
                open = false;
                continue;
            };
            out.push(Breakdown {
                phase: ph,
                total: &amounts[i - 1],
                parts: vec![(label(&a.context, &pr.label_stopwords), a)],
            });
            open = true;
            continue;
        }
        // A part continues the breakdown when it only links on (`dan belanja tidak langsung
        // sebesar`): a new role word or a long stretch of prose ends it.
        let short = a.context.split_whitespace().count() <= pr.max_part_words;
        if open && role.is_none() && short {
            if let Some(b) = out.last_mut() {
                b.parts.push((label(&a.context, &pr.label_stopwords), a));
            }
            continue;
        }
        open = false;
        if let Some(r) = role {
            phase = Some(r);
        }
    }
    // A breakdown needs two parts with distinct names to be one.
    out.retain(|b| {
        b.parts.len() >= 2
            && b.parts.iter().all(|(l, _)| !l.is_empty())
            && b.parts
                .iter()
                .enumerate()
                .all(|(i, (l, _))| b.parts[..i].iter().all(|(m, _)| m != l))
    });
    out
}

pub(crate) fn check(ctx: &mut Ctx) {
    let nr = &super::rules().narrative;
    if nr.role.is_empty() || super::rules().prose.breakdown_words.is_empty() {
        return;
    }
    for (k, p) in ctx.doc.paragraphs.iter().enumerate() {
        let amounts = quoted_amounts(&p.text, nr);
        if amounts.len() < 3 {
            continue;
        }
        let bds = breakdowns(&amounts);
        for b in &bds {
            use crate::normalize::number::checked_sum;
            let sum = checked_sum(b.parts.iter().map(|(_, a)| a.value.0));
            let tol = checked_sum(b.parts.iter().map(|(_, a)| a.tolerance))
                .and_then(|t| t.checked_add(b.total.tolerance));
            let diff = sum.and_then(|s| s.checked_sub(b.total.value.0)?.checked_abs());
            let (Some(sum), Some(tol), Some(diff)) = (sum, tol, diff) else {
                // Parts adding up past i64: not real amounts, reported rather than compared.
                let prm = Params::default()
                    .set("level", "Paragraf")
                    .set("level_en", "Paragraph")
                    .set("item", (k + 1).to_string())
                    .set("column", "rincian")
                    .set("column_en", "breakdown")
                    .set("found", b.total.raw.clone());
                ctx.emit_doc(
                    "RJ113",
                    p.page,
                    (None, Some(b.total.raw.clone()), None),
                    prm,
                );
                continue;
            };
            if diff > tol {
                let parts: Vec<String> = b.parts.iter().map(|(_, a)| ctx.rp(a.value.0)).collect();
                let prm = Params::default()
                    .set("para", (k + 1).to_string())
                    .set("printed", b.total.raw.clone())
                    .set("detail", parts.join(" + "));
                let v = (
                    Some(ctx.rp(sum)),
                    Some(ctx.rp(b.total.value.0)),
                    b.total.value.0.checked_sub(sum).map(|d| ctx.rp(d)),
                );
                ctx.emit_doc("RJ215", p.page, v, prm);
            }
        }
        // The same part in the budget and the realisation breakdowns of this paragraph.
        for rb in bds.iter().filter(|b| b.phase == Phase::Realisasi) {
            let Some(pb) = bds.iter().find(|b| b.phase == Phase::Pagu) else {
                continue;
            };
            for (l, r) in &rb.parts {
                let Some((_, pg)) = pb.parts.iter().find(|(m, _)| m == l) else {
                    continue;
                };
                let limit = pg
                    .value
                    .0
                    .checked_add(r.tolerance)
                    .and_then(|v| v.checked_add(pg.tolerance));
                if limit.is_some_and(|l| r.value.0 > l) {
                    let prm = Params::default()
                        .set("para", (k + 1).to_string())
                        .set("detail", l.clone())
                        .set("printed", r.raw.clone())
                        .set("other", pg.raw.clone());
                    let v = (
                        Some(ctx.rp(pg.value.0)),
                        Some(ctx.rp(r.value.0)),
                        r.value.0.checked_sub(pg.value.0).map(|d| ctx.rp(d)),
                    );
                    ctx.emit_doc("RJ216", p.page, v, prm);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amounts(text: &str) -> Vec<QuotedAmount> {
        quoted_amounts(text, &super::super::rules().narrative)
    }

    #[test]
    fn a_budget_and_its_realisation_broken_down() {
        let t = "Pada Tahun 2022 total anggaran Dinas sebesar Rp. 9.054.343.734 dengan rincian \
                 belanja langsung sebesar Rp. 4.830.658.407 dan belanja tidak langsung sebesar \
                 Rp. 4.223.685.327 yang di alokasikan untuk 6 program. Dari jumlah dana tersebut \
                 terealisasi sebesar Rp. 8.535.509.727 dengan rincian belanja langsung Rp \
                 3.919.905.467 dan belanja tidak langsung sebesar Rp 4.615.604.260 dengan capaian \
                 kinerja keuangan sebesar 94,27%.";
        let a = amounts(t);
        let b = breakdowns(&a);
        assert_eq!(b.len(), 2, "{b:#?}");
        assert_eq!(b[0].phase, Phase::Pagu);
        assert_eq!(b[1].phase, Phase::Realisasi);
        let labels: Vec<&str> = b[1].parts.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, vec!["belanja langsung", "belanja tidak langsung"]);
    }

    #[test]
    fn amounts_without_a_breakdown_word_are_not_parts() {
        let t = "Realisasi keuangan sebesar Rp. 4.771.486.350 dari total pagu Renja sebesar \
                 Rp. 9.239.089.578 dan sisa Rp. 1.000.000.";
        assert!(breakdowns(&amounts(t)).is_empty());
    }
}
