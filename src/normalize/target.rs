//! Performance targets as printed: value + unit, percent, `(100) 8 dokumen`, grades (`62 B`),
//! `-` / `NIHIL`, composite text.

use serde::{Deserialize, Serialize};

/// A parsed target cell; the raw text always stays beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// The cell text as printed.
    pub raw: String,
    /// What the text was read as.
    pub kind: TargetKind,
}

/// The shape of a target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TargetKind {
    /// A number with an optional unit (`4 Dokumen`, `12` + unit in another cell).
    Value {
        /// The number.
        value: f64,
        /// The unit, lower-cased, when printed in the cell.
        unit: Option<String>,
    },
    /// A percentage (`88,88%`, `100 Persen`).
    Percent {
        /// The percentage (88.88 for `88,88%`).
        value: f64,
    },
    /// Percent and absolute together (`(100) 8 dokumen`).
    PercentAndValue {
        /// The percentage.
        pct: f64,
        /// The absolute value.
        value: f64,
        /// The unit.
        unit: Option<String>,
    },
    /// A score with a grade (`62 B`, `60,24 - B`).
    Grade {
        /// The score, when printed.
        score: Option<f64>,
        /// The grade letters.
        grade: String,
    },
    /// `-`, `NIHIL`, `---`: not applicable (distinct from zero).
    NotApplicable,
    /// Empty cell.
    Empty,
    /// Text with no single number to compare (`1 komputer, 1 laptop dan 1 printer`).
    Text,
    /// A range or bound (`>= 90`, `80–85`, `80 s/d 85`); bounds are inclusive as printed
    /// (`> 90` is read as min 90).
    Range {
        /// Lower bound.
        min: Option<f64>,
        /// Upper bound.
        max: Option<f64>,
        /// The bounds are percentages.
        percent: bool,
        /// The unit, lower-cased, when printed.
        unit: Option<String>,
    },
    /// A T-E.1 capaian predikat (`SR`, `R`, `S`, `T`, `ST`, split `S R`).
    Predikat {
        /// The predikat letters, joined and upper-cased.
        code: String,
    },
}

use super::number::{parse_decimal, parse_money, Money, NumberStyle};
use regex::Regex;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
struct TargetRules {
    percent_units: Vec<String>,
    grades: Vec<String>,
    predikat: Vec<String>,
}

fn rules() -> &'static TargetRules {
    static R: OnceLock<TargetRules> = OnceLock::new();
    R.get_or_init(|| {
        crate::rules::toml::<TargetRules>("targets.toml").unwrap_or_else(|e| {
            eprintln!("warning: {e}; using the built-in targets.toml");
            ::toml::from_str(include_str!("../../rules/targets.toml"))
                .expect("built-in rules/targets.toml parses")
        })
    })
}

struct Res {
    lead: Regex,
    paren: Regex,
    bound: Regex,
    range: Regex,
    grade: Regex,
    item: Regex,
    pagu: Regex,
    pagu_bare: Regex,
    paren_note: Regex,
}

fn res() -> &'static Res {
    static R: OnceLock<Res> = OnceLock::new();
    R.get_or_init(|| {
        let num = r"\d[\d.,]*(?:\s+[.,]?\d[\d.,]*)*";
        Res {
            // A leading number (maybe wrapped `10 0`), then the rest.
            lead: Regex::new(&format!(r"^([-+]?{num})\s*(.*)$")).unwrap(),
            // `(100) 8 dokumen`, `(100%) 120 perusahaan`, `(100) 7 jenis - 1.225.938.100`.
            paren: Regex::new(r"^\(\s*(\d[\d.,]*)\s*%?\s*\)\s*(.*)$").unwrap(),
            bound: Regex::new(&format!(r"^(>=|=>|≥|>|<=|=<|≤|<)\s*({num})\s*(.*)$")).unwrap(),
            range: Regex::new(r"^(\d[\d.,]*)\s*(%)?\s*(s/d|s\.d\.?|sd|sampai|hingga|-|–|—|~)\s*(\d[\d.,]*)\s*(.*)$")
                .unwrap(),
            grade: Regex::new(r"^(?:(\d[\d.,]*)\s*[-–]?\s*)?\(?([A-Z]{1,2})\)?$").unwrap(),
            // `1 komputer`, `, 1 laptop`, `dan 1 printer`: one counted item.
            item: Regex::new(r"(?:^|,|;|\+|\bdan\b|&)\s*\d[\d.,]*\s+[A-Za-z]").unwrap(),
            // The dash may touch the word before it where OCR lost a space (`9item- 11.198.000`),
            // never a digit (`10-1.000` is no merged pagu).
            pagu: Regex::new(r"(?:^|[^\d.,])([-–]\s*(\d{1,3}(?:[.,]\d{3})+(?:,\d{2})?))\s*$")
                .unwrap(),
            // ... or with the dash lost too, right after the unit word: then only a millions
            // amount (`20 item 49.675.500`), which no count of units prints.
            pagu_bare: Regex::new(r"\p{L}(\s+(\d{1,3}(?:[.,]\d{3}){2,}(?:,\d{2})?))\s*$").unwrap(),
            // `(85,00%) Formula Progresif`: a bracketed percentage and a note whose dash OCR lost.
            paren_note: Regex::new(r"^(\(\s*\d[\d.,]*\s*%?\s*\))\s+[^\d]*\p{Ll}[^\d]*$").unwrap(),
        }
    })
}

fn compact_lower(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_percent_unit(u: &str) -> bool {
    let c = compact_lower(u);
    !c.is_empty() && rules().percent_units.contains(&c)
}

/// Lower-cases a unit and rejoins one wrapped in a narrow column (`Do ku me n` -> `dokumen`).
fn clean_unit(u: &str) -> Option<String> {
    let t = u
        .trim()
        .trim_matches(|c: char| c == ',' || c == ';' || c == '-');
    let t = t.trim();
    if t.is_empty() {
        return None;
    }
    let toks: Vec<&str> = t.split_whitespace().collect();
    let fragments = toks.len() >= 2
        && toks
            .iter()
            .all(|w| w.chars().count() <= 3 && w.chars().all(char::is_alphabetic))
        && toks.iter().map(|w| w.chars().count()).sum::<usize>() >= 4;
    if fragments {
        return Some(toks.concat().to_lowercase());
    }
    // `Dokum en`, `Lapora n`: a lower-case tail of one or two letters wrapped off its word
    // (`Unit AC` keeps its upper-case abbreviation).
    let mut out: Vec<String> = Vec::new();
    for w in toks {
        let tail = w.chars().count() <= 2 && w.chars().all(|c| c.is_lowercase());
        match out.last_mut() {
            Some(prev)
                if tail && prev.chars().count() >= 3 && prev.chars().all(char::is_alphabetic) =>
            {
                prev.push_str(w)
            }
            _ => out.push(w.to_string()),
        }
    }
    Some(out.join(" ").to_lowercase())
}

fn target(raw: &str, kind: TargetKind) -> Target {
    Target {
        raw: raw.to_string(),
        kind,
    }
}

/// Parses a target cell (`unit_cell` is a separate satuan column's text, when the table has one).
pub fn parse_target(raw: &str, unit_cell: Option<&str>, style: NumberStyle) -> Target {
    let cleaned = super::clean_cell(raw);
    // `(75.00%) - Formula Progresif`, `(100) -`: a note after a dash is not part of the target.
    let t = strip_note(cleaned.trim());
    let unit_clean = unit_cell.map(super::clean_cell);
    let cell_unit = unit_clean.as_deref().and_then(clean_unit);
    let r = res();
    if t.is_empty() {
        return target(raw, TargetKind::Empty);
    }
    if super::number::is_nil(t) {
        return target(raw, TargetKind::NotApplicable);
    }
    // Percent + absolute (Tangerang).
    if let Some(c) = r.paren.captures(t) {
        let pct = parse_decimal(&c[1], style);
        let rest = strip_pagu(c[2].trim());
        if rest.is_empty() {
            if let Some(v) = pct {
                return target(raw, TargetKind::Percent { value: v });
            }
        } else if let (Some(pct), Some(lc)) = (pct, r.lead.captures(rest)) {
            if let Some(value) = parse_decimal(&lc[1], style) {
                let unit = clean_unit(&lc[2]).or(cell_unit.clone());
                if unit.as_deref().is_some_and(is_percent_unit) {
                    return target(raw, TargetKind::Percent { value });
                }
                return target(raw, TargetKind::PercentAndValue { pct, value, unit });
            }
        }
    }
    // `(75,00%)` alone.
    if t.starts_with('(') && t.ends_with(')') {
        let inner = &t[1..t.len() - 1];
        if inner.contains('%') {
            if let Some(v) = parse_decimal(inner, style) {
                return target(raw, TargetKind::Percent { value: v });
            }
        }
    }
    if let Some(c) = r.bound.captures(t) {
        if let Some(v) = parse_decimal(&c[2], style) {
            let (percent, unit) = unit_or_percent(&c[3], &cell_unit);
            let lower = matches!(&c[1], ">=" | "=>" | "≥" | ">");
            let (min, max) = if lower {
                (Some(v), None)
            } else {
                (None, Some(v))
            };
            return target(
                raw,
                TargetKind::Range {
                    min,
                    max,
                    percent,
                    unit,
                },
            );
        }
    }
    if let Some(c) = r.range.captures(t) {
        let tail = c[5].trim();
        let tail_is_money = parse_money(&c[4], style).flags.is_empty() && c[4].len() > 7;
        if !tail_is_money {
            if let (Some(a), Some(b)) = (parse_decimal(&c[1], style), parse_decimal(&c[4], style)) {
                if a <= b {
                    let (mut percent, unit) = unit_or_percent(tail, &cell_unit);
                    percent |= c.get(2).is_some();
                    return target(
                        raw,
                        TargetKind::Range {
                            min: Some(a),
                            max: Some(b),
                            percent,
                            unit,
                        },
                    );
                }
            }
        }
    }
    // Predikat (`S R`) and grades (`62 B`, `60,24 - B`).
    let compact_up: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if t.chars()
        .all(|c| c.is_ascii_uppercase() || c.is_whitespace())
        && rules().predikat.contains(&compact_up)
    {
        return target(raw, TargetKind::Predikat { code: compact_up });
    }
    if let Some(c) = r.grade.captures(t) {
        if rules().grades.iter().any(|g| g == &c[2]) {
            let score = c.get(1).and_then(|m| parse_decimal(m.as_str(), style));
            if c.get(1).is_none() || score.is_some() {
                return target(
                    raw,
                    TargetKind::Grade {
                        score,
                        grade: c[2].to_string(),
                    },
                );
            }
        }
    }
    if r.item.find_iter(t).count() >= 2 {
        return target(raw, TargetKind::Text);
    }
    if let Some(c) = r.lead.captures(strip_pagu(t)) {
        let rest = c[2].trim();
        if let Some(value) = parse_decimal(&c[1], style) {
            let (percent, unit) = unit_or_percent(rest, &cell_unit);
            if percent {
                return target(raw, TargetKind::Percent { value });
            }
            if rest.is_empty()
                || rest.starts_with(|ch: char| ch.is_alphabetic() || ch == '/' || ch == '(')
            {
                return target(raw, TargetKind::Value { value, unit });
            }
        }
    }
    // `%⇥65`-style: the value alone is read above; anything else is text.
    target(raw, TargetKind::Text)
}

/// Drops a trailing `- <words>` or lone `-` after a number (`(75.00%) - Formula Progresif`,
/// `0 -`), keeping `60,24 - B` (a grade) and `- 1.225.938.100` (a merged pagu).
fn strip_note(t: &str) -> &str {
    for sep in [" - ", " – "] {
        if let Some(i) = t.find(sep) {
            let (head, tail) = (&t[..i], t[i + sep.len()..].trim());
            let head_numeric = head
                .trim_end()
                .ends_with(|c: char| c.is_ascii_digit() || c == ')' || c == '%');
            let tail_words =
                tail.chars().any(|c| c.is_lowercase()) && !tail.chars().any(|c| c.is_ascii_digit());
            if head_numeric && tail_words {
                return head.trim_end();
            }
        }
    }
    if let Some(c) = res().paren_note.captures(t) {
        if let Some(head) = c.get(1) {
            return head.as_str();
        }
    }
    if let Some(head) = t.strip_suffix(" -").or_else(|| t.strip_suffix(" –")) {
        if head
            .trim_end()
            .ends_with(|c: char| c.is_ascii_digit() || c == ')' || c == '%')
        {
            return head.trim_end();
        }
    }
    t
}

/// The merged pagu at the end of a target cell: (where it starts, its amount's text).
fn pagu_at(t: &str) -> Option<(usize, &str)> {
    let r = res();
    let c = r.pagu.captures(t).or_else(|| r.pagu_bare.captures(t))?;
    Some((c.get(1)?.start(), c.get(2)?.as_str()))
}

fn strip_pagu(t: &str) -> &str {
    match pagu_at(t) {
        Some((start, _)) => t[..start].trim(),
        None => t,
    }
}

fn unit_or_percent(rest: &str, cell_unit: &Option<String>) -> (bool, Option<String>) {
    let rest = rest.trim();
    if rest.is_empty() {
        return match cell_unit {
            Some(u) if is_percent_unit(u) => (true, None),
            _ => (false, cell_unit.clone()),
        };
    }
    if is_percent_unit(rest) {
        return (true, None);
    }
    (false, clean_unit(rest))
}

/// The pagu merged into a target cell after a dash (`(100) 7 jenis - 1.225.938.100`), or
/// a millions amount right after the unit word where a scan lost the dash.
pub fn merged_money(raw: &str, style: NumberStyle) -> Option<Money> {
    parse_money(pagu_at(raw.trim())?.1, style).value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_rules_parse() {
        let r: TargetRules = ::toml::from_str(include_str!("../../rules/targets.toml")).unwrap();
        assert!(r.grades.contains(&"BB".to_string()));
    }

    #[test]
    fn a_note_or_a_pagu_whose_space_or_dash_ocr_lost_is_still_cut_off() {
        let id = NumberStyle::Indonesian;
        let pct = |raw: &str| parse_target(raw, None, id).kind;
        assert_eq!(
            pct("(85,00%) Formula Progressif"),
            TargetKind::Percent { value: 85.0 }
        );
        assert_eq!(
            pct("(85,00%) - Formula Progressif"),
            TargetKind::Percent { value: 85.0 }
        );
        let glued = parse_target("(100)9item- 11.198.000", None, id).kind;
        let spaced = parse_target("(100) 9 item - 11.198.000", None, id).kind;
        assert_eq!(glued, spaced);
        assert_eq!(
            merged_money("(100)9item- 11.198.000", id),
            merged_money("(100) 9 item - 11.198.000", id)
        );
        assert!(merged_money("(100) 9 item - 11.198.000", id).is_some());
        // A range between two numbers is no merged pagu, a figure in the tail no note.
        assert_eq!(merged_money("10-1.000", id), None);
        // The dash lost as well: a millions amount after the unit word is the pagu.
        assert_eq!(
            merged_money("(100)20item 49.675.500", id),
            merged_money("(100) 20 item - 49.675.500", id)
        );
        assert_eq!(
            parse_target("(100)20item 49.675.500", None, id).kind,
            parse_target("(100) 20 item", None, id).kind
        );
        // A count of units printed with grouping is no pagu.
        assert_eq!(merged_money("(100) 1.500 orang", id), None);
        assert!(!matches!(
            pct("(85,00%) 12 dokumen"),
            TargetKind::Percent { .. }
        ));
    }

    #[test]
    fn value_and_unit() {
        let t = parse_target("4 Dokumen", None, NumberStyle::Indonesian);
        assert_eq!(
            t.kind,
            TargetKind::Value {
                value: 4.0,
                unit: Some("dokumen".into())
            }
        );
    }
}
