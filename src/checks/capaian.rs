//! RJ110 capaian-kinerja-ratio: the printed tingkat capaian (or tingkat realisasi) of an
//! indicator must be realisasi / target x 100.
//!
//! The evaluation tables print this ratio in three shapes, and their cells drift against the
//! header (wrapped numbers, a satuan split into its own cell, code segments in several cells),
//! so each shape is located by content around an anchor rather than by column index:
//!
//! - **K/Rp pairs** (Paser Tabel 2.1, the T-E.1 form): target K + pagu per year, realisasi K + Rp,
//!   then capaian K and Rp and the predikat. Anchored on the row's pagu and cumulative realisasi
//!   amounts, which the model has already placed.
//! - **Adjacent triple** (T-C.29 of Permendagri 86/2017, Lamongan): target, realisasi and
//!   `8=(7/6)` in three consecutive columns, then `11=10/4`. Anchored on the first percentage
//!   preceded by two values of the same unit.
//! - **Progressive note** (Tangerang's triwulan form): `(75.00%) - Formula Progresif` after the
//!   triwulan K/Rp pairs, against the percent target `(100) 8 dokumen`.

use super::{Ctx, Params};
use crate::classify::TableKind;
use crate::model::{Item, TableModel};
use crate::normalize::number::{ocr_alternatives, parse_decimal, Money, NumberStyle};
use crate::normalize::target::{parse_target, TargetKind};
use regex::Regex;
use std::sync::OnceLock;

/// One printed ratio and the values it must be made of.
struct Ratio {
    /// The percentage as printed.
    printed_raw: String,
    /// Readings of the printed percentage (either decimal mark).
    printed: Vec<f64>,
    /// Digits after the decimal mark as printed (the rounding the printer used).
    decimals: u32,
    /// Realisasi (numerator), as printed and read.
    num: (String, f64),
    /// Target (denominator), as printed and read.
    den: (String, f64),
}

pub(crate) fn check(ctx: &mut Ctx, t: &TableModel) {
    if t.class.kind != TableKind::Evaluation {
        return;
    }
    let pairs = paired_layout(t);
    let triple = adjacent_triple_layout(t);
    for it in &t.items {
        if is_negative(t, it) {
            // A negative indicator (lower is better) uses an inverse formula that local rules
            // choose; nothing can be asserted without knowing which.
            continue;
        }
        let mut ratios = progressive_note(ctx, it);
        if ratios.is_empty() {
            if let Some(p) = &pairs {
                ratios.extend(paired(ctx, it, p));
            }
        }
        if ratios.is_empty() && triple {
            ratios.extend(adjacent_triple(ctx, it));
        }
        for r in ratios {
            compare(ctx, t, it, &r);
        }
    }
}

fn compare(ctx: &mut Ctx, t: &TableModel, it: &Item, r: &Ratio) {
    if r.den.1 <= 0.0 {
        return;
    }
    let want = r.num.1 / r.den.1 * 100.0;
    // Printers round or truncate to their last digit: one unit of it is within tolerance.
    let tol = 10f64.powi(-(r.decimals as i32)) + 1e-9;
    let fits = |p: f64, want: f64| (p - want).abs() <= tol;
    if r.printed.iter().any(|p| fits(*p, want)) {
        return;
    }
    let style = ctx.doc.style;
    let owner = super::owner(t, it);
    let indicator = it
        .indicators
        .first()
        .map(|i| i.text.clone())
        .unwrap_or_default();
    // The value fields keep the decimal mark the table prints its percentages with; the
    // messages write computed figures in their own language, two decimals at most.
    let comma = r.printed_raw.contains(',');
    let show = |v: f64| {
        let s = format!("{v:.2}");
        let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
        if comma {
            s.replace('.', ",")
        } else {
            s
        }
    };
    let two = super::num::two;
    // One misread or mistyped digit (65 for 85) is the commonest cause; name it when a single
    // confusion of the printed ratio or of the realisasi makes the ratio hold.
    let as_pct = |m: Money| m.0 as f64 / 100.0;
    let printed_fix = ocr_alternatives(&r.printed_raw, style)
        .into_iter()
        .map(as_pct)
        .find(|p| fits(*p, want));
    let num_fix = ocr_alternatives(&r.num.0, style)
        .into_iter()
        .map(as_pct)
        .find(|n| fits(r.printed[0], n / r.den.1 * 100.0));
    let (note_id, note_en) = match (printed_fix, num_fix) {
        (Some(p), _) => super::phrase("rj110_digit_capaian", &two(p)),
        (None, Some(n)) => super::phrase("rj110_digit_realisasi", &two(n)),
        _ => (String::new(), String::new()),
    };
    let p = Params::default()
        .named_by(owner)
        .set("expected", format!("{}%", two(want)))
        // The printed ratio as printed, unless it has more decimals than a reader can use
        // (`71,428571` becomes 71,43 / 71.43; the exact text stays in the `found` field).
        .set(
            "found",
            if r.decimals > 2 {
                format!("{}%", two(r.printed[0]))
            } else {
                printed_pct(&r.printed_raw)
            },
        )
        .set("diff", two(r.printed[0] - want))
        .set("indicator", indicator)
        .set("num", r.num.0.clone())
        .set("den", r.den.0.clone())
        .set("note_id", note_id)
        .set("note_en", note_en);
    ctx.emit(
        "RJ110",
        t,
        Some(it),
        None,
        Some(format!("{}%", show(want))),
        Some(printed_pct(&r.printed_raw)),
        Some(show(r.printed[0] - want)),
        p,
    );
}

/// A printed percentage cell as `85,00%` (brackets and a trailing `%` dropped first).
fn printed_pct(raw: &str) -> String {
    format!(
        "{}%",
        unwrap_number(raw)
            .trim_start_matches('(')
            .trim_end_matches(')')
            .trim_end_matches('%')
    )
}

fn is_negative(t: &TableModel, it: &Item) -> bool {
    t.class
        .first("sifat")
        .and_then(|_| {
            it.cells.iter().find(|c| {
                super::rules()
                    .negative_sifat_words
                    .iter()
                    .any(|w| c.trim().eq_ignore_ascii_case(w))
            })
        })
        .is_some()
}

/// Numbers wrapped inside a narrow cell keep the spaces of the wrap (`10 0`, `62 ,5`,
/// `71,42 85 71`): joined when the cell holds nothing but digits, separators and spaces.
fn unwrap_number(raw: &str) -> String {
    let t = raw.trim();
    if t.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '%'))
    {
        t.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        t.to_string()
    }
}

/// A printed percentage: its readings (either decimal mark) and its printed decimals.
pub(super) fn percent(raw: &str) -> Option<(Vec<f64>, u32)> {
    let s = unwrap_number(raw);
    let s = s
        .trim_start_matches('(')
        .trim_end_matches(')')
        .trim_end_matches('%')
        .trim();
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let mut vs: Vec<f64> = Vec::new();
    for st in [NumberStyle::Indonesian, NumberStyle::English] {
        if let Some(v) = parse_decimal(s, st) {
            if v < 10_000.0 && !vs.contains(&v) {
                vs.push(v);
            }
        }
    }
    let decimals = s
        .rfind([',', '.'])
        .map(|i| (s.len() - i - 1) as u32)
        .filter(|d| *d != 3 || vs.len() == 1)
        .unwrap_or(0);
    (!vs.is_empty()).then_some((vs, decimals))
}

/// A target or realisasi K value: a number with or without unit, or a percentage.
fn value(raw: &str, style: NumberStyle) -> Option<(f64, Option<String>)> {
    let s = unwrap_number(raw);
    match parse_target(&s, None, style).kind {
        TargetKind::Value { value, unit } => Some((value, unit)),
        TargetKind::Percent { value } => Some((value, Some("%".into()))),
        TargetKind::PercentAndValue { pct, .. } => Some((pct, Some("%".into()))),
        _ => None,
    }
}

fn is_unit_text(c: &str) -> bool {
    let t = c.trim();
    !t.is_empty()
        && t.chars().any(|ch| ch.is_alphabetic())
        && !t.chars().any(|ch| ch.is_ascii_digit())
        && t.split_whitespace().count() <= 4
        && t.len() <= 30
}

/// The K/Rp pair layout: the keys of the pagu and cumulative realisasi amounts of one year.
struct Pairs {
    pagu: String,
    real: String,
}

fn paired_layout(t: &TableModel) -> Option<Pairs> {
    let cols = &t.class.columns;
    if !cols.iter().any(|c| c.role == "capaian") || !cols.iter().any(|c| c.role == "capaian_rp") {
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
    Some(Pairs {
        pagu: pagu.key.clone(),
        real: real.key.clone(),
    })
}

fn paired(ctx: &Ctx, it: &Item, p: &Pairs) -> Option<Ratio> {
    let style = ctx.doc.style;
    let (pagu, real) = (it.money.get(&p.pagu)?, it.money.get(&p.real)?);
    let money_cols: Vec<usize> = it.money.values().map(|m| m.col).collect();
    // Target K: just before the pagu, past a satuan printed in its own cell.
    let mut den = None;
    for c in (0..pagu.col).rev().take(3) {
        let cell = it.cells.get(c)?;
        if cell.trim().is_empty() || is_unit_text(cell) {
            continue;
        }
        if money_cols.contains(&c) {
            break;
        }
        den = value(cell, style).map(|(v, _)| (unwrap_number(cell), v));
        break;
    }
    let den = den?;
    // Realisasi K: the cell just before the cumulative realisasi amount.
    let nc = (pagu.col + 1..real.col)
        .rev()
        .find(|c| it.cells.get(*c).is_some_and(|s| !s.trim().is_empty()))?;
    if money_cols.contains(&nc) {
        return None;
    }
    let ncell = it.cells.get(nc)?;
    let num = (unwrap_number(ncell), value(ncell, style)?.0);
    // Capaian K then Rp after the realisasi, before the predikat letters.
    let after: Vec<(usize, &String)> = it
        .cells
        .iter()
        .enumerate()
        .skip(real.col + 1)
        .filter(|(_, c)| !c.trim().is_empty())
        .take_while(|(_, c)| !c.chars().any(|ch| ch.is_alphabetic()))
        .collect();
    if after.len() < 2 {
        return None;
    }
    let (_, raw) = after[after.len() - 2];
    let (printed, decimals) = percent(raw)?;
    Some(Ratio {
        printed_raw: raw.clone(),
        printed,
        decimals,
        num,
        den,
    })
}

/// Whether the header has target, realisasi and tingkat realisasi in consecutive columns.
fn adjacent_triple_layout(t: &TableModel) -> bool {
    let cols = &t.class.columns;
    cols.windows(3).any(|w| {
        w[0].role == "target"
            && w[1].role == "realisasi"
            && w[2].role == "capaian"
            && w[1].index == w[0].index + 1
            && w[2].index == w[1].index + 1
    })
}

fn same_unit(a: &Option<String>, b: &Option<String>) -> bool {
    let norm = |u: &Option<String>| {
        u.as_deref()
            .map(|s| s.trim().to_lowercase())
            .unwrap_or_default()
    };
    norm(a) == norm(b)
}

fn adjacent_triple(ctx: &Ctx, it: &Item) -> Vec<Ratio> {
    let style = ctx.doc.style;
    let cells: Vec<(usize, &String)> = it
        .cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.trim().is_empty())
        .collect();
    let mut out = Vec::new();
    for k in 2..cells.len() {
        let praw = cells[k].1;
        if !praw.contains('%') {
            continue;
        }
        let (Some(t), Some(r)) = (value(cells[k - 2].1, style), value(cells[k - 1].1, style))
        else {
            continue;
        };
        if !same_unit(&t.1, &r.1) {
            continue;
        }
        let Some((printed, decimals)) = percent(praw) else {
            continue;
        };
        out.push(Ratio {
            printed_raw: praw.clone(),
            printed,
            decimals,
            num: (cells[k - 1].1.trim().to_string(), r.0),
            den: (cells[k - 2].1.trim().to_string(), t.0),
        });
        // `11 = 10/4`: the Renstra achievement, four columns before and three after the `8`
        // ratio, when all of them are printed (a `-` for level indicators is skipped).
        if k >= 4 && k + 3 < cells.len() {
            let (c4, c10, c11) = (cells[k - 4].1, cells[k + 2].1, cells[k + 3].1);
            if let (Some(a), Some(b), Some((printed, decimals))) =
                (value(c4, style), value(c10, style), percent(c11))
            {
                if c11.contains('%') && same_unit(&a.1, &b.1) {
                    out.push(Ratio {
                        printed_raw: c11.clone(),
                        printed,
                        decimals,
                        num: (c10.trim().to_string(), b.0),
                        den: (c4.trim().to_string(), a.0),
                    });
                }
            }
        }
        break;
    }
    out
}

fn note_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&super::rules().capaian_note_pattern).unwrap_or_else(|_| {
            // A broken pattern in rules/ disables this shape rather than the whole run.
            Regex::new("$^").expect("empty pattern")
        })
    })
}

fn progressive_note(ctx: &Ctx, it: &Item) -> Vec<Ratio> {
    let style = ctx.doc.style;
    let Some((cap, caps)) = it
        .cells
        .iter()
        .enumerate()
        .find_map(|(i, c)| note_re().captures(c.trim()).map(|m| (i, m)))
    else {
        return Vec::new();
    };
    // The second group is the reading whose `%` OCR took for a `5`.
    let value = caps.get(1).or_else(|| caps.get(2));
    let Some((printed, decimals)) = value.and_then(|m| percent(m.as_str())) else {
        return Vec::new();
    };
    let printed_raw = value.map(|m| m.as_str()).unwrap_or("").to_string();
    let pct = |v: f64| format!("{}%", super::num::two(v));
    // The percent target `(100) ...` is the last cell before the note opening with `(`.
    let Some(den) = (0..cap).rev().find_map(|i| {
        let c = it.cells[i].trim();
        if !c.starts_with('(') {
            return None;
        }
        match parse_target(c, None, style).kind {
            TargetKind::Percent { value } => Some((pct(value), value)),
            TargetKind::PercentAndValue { pct: v, .. } => Some((pct(v), v)),
            _ => None,
        }
    }) else {
        return Vec::new();
    };
    // The form evaluates at triwulan III: its K, its Rp and the triwulan IV Rp (K left empty)
    // precede the note, so the realisasi K is the third printed cell before it.
    let Some(ncell) = it.cells[..cap]
        .iter()
        .rev()
        .filter(|c| !c.trim().is_empty())
        .nth(2)
    else {
        return Vec::new();
    };
    let Some((num, _)) = percent(ncell).map(|(v, _)| (v[0], ())) else {
        return Vec::new();
    };
    vec![Ratio {
        printed_raw,
        printed,
        decimals,
        num: (
            format!("{}%", unwrap_number(ncell).trim_end_matches('%')),
            num,
        ),
        den,
    }]
}

#[cfg(test)]
mod tests {
    use super::note_re;

    fn value(cell: &str) -> Option<String> {
        let c = note_re().captures(cell)?;
        c.get(1)
            .or_else(|| c.get(2))
            .map(|m| m.as_str().to_string())
    }

    #[test]
    fn a_capaian_note_whose_percent_ocr_read_as_5_is_still_read() {
        let cases: &[(&str, Option<&str>)] = &[
            ("(85,00%) - Formula Progresif", Some("85,00")),
            ("(85,00%) Formula Progresif", Some("85,00")),
            // The sign read as a 5 after the form's two decimals.
            ("(80,005) Formula Progresif", Some("80,00")),
            ("(100.005) - Formula Progresif", Some("100.00")),
            // A printed sign keeps every digit; no sign and no third digit 5 is no note.
            ("(80,005%) - x", Some("80,005")),
            ("(80,05) Formula Progresif", None),
            ("(80,007) Formula Progresif", None),
            ("(100) 9 item", None),
        ];
        for (cell, want) in cases {
            assert_eq!(value(cell).as_deref(), *want, "{cell}");
        }
    }
}
