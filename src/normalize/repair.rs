//! Repairs of scanned (OCR) cells whose printed reading is damaged in a way the column type
//! proves: separators of an amount whose digits are all there, stray marks, letters for
//! digits, a `%` read as `96`, a lost decimal point. Every repair keeps the printed text and
//! names its rule, so the reviewer is told (RJ010); the rules and their switches are in
//! rules/repair.toml, and tests/repair_sim.rs counts how often each is right.
//!
//! Only OCR'd cells are repaired (the model calls [`repair_cell`] for cells with an OCR
//! confidence): on a born-digital page the printed text is what the author wrote, and an odd
//! printing there is a finding (RJ104), not a misread.

use super::number::{parse_decimal_flagged, parse_money, Money, NumberStyle};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A repaired reading of one cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Repair {
    /// Rule id: `separators`, `stray`, `letters`, `percent_sign`, `percent_decimal`.
    pub rule: String,
    /// The cell text as printed.
    pub printed: String,
    /// The text as repaired (what the reading is taken from).
    pub text: String,
}

/// The type of a column, which decides the repairs its cells may get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    /// Rupiah amounts.
    Money,
    /// Percentages (capaian, realisasi %).
    Percent,
    /// Program/kegiatan/sub kegiatan codes.
    Code,
    /// Targets and realisasi as printed (`100%`, `4 Dokumen`).
    Target,
}

/// What every rule says about itself: its switch, the column types it may touch and why it
/// exists (kept in the data so the reason travels with the rule).
#[derive(Debug, Deserialize)]
struct Common {
    enabled: bool,
    applies_to: Vec<ColumnType>,
    #[allow(dead_code)]
    why: String,
}

#[derive(Debug, Deserialize)]
struct Separators {
    #[serde(flatten)]
    common: Common,
    misreads: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Stray {
    #[serde(flatten)]
    common: Common,
    marks: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Letters {
    #[serde(flatten)]
    common: Common,
    extra: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
struct PercentSign {
    #[serde(flatten)]
    common: Common,
    misreads: Vec<String>,
    impossible_above: u32,
    repaired_at_most: u32,
}

/// Column roles (rules/tables.toml) per column type; money comes from the role's own flag.
#[derive(Debug, Deserialize)]
struct Columns {
    percent: Vec<String>,
    code: Vec<String>,
    target: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct RepairRules {
    columns: Columns,
    separators: Separators,
    stray: Stray,
    letters: Letters,
    percent_sign: PercentSign,
    percent_decimal: Common,
}

fn rules() -> &'static RepairRules {
    static R: std::sync::OnceLock<RepairRules> = std::sync::OnceLock::new();
    R.get_or_init(|| {
        crate::rules::toml::<RepairRules>("repair.toml").unwrap_or_else(|e| {
            // A broken override must not stop a batch: warn and use the compiled-in copy.
            eprintln!("warning: {e}; using the built-in repair.toml");
            ::toml::from_str(include_str!("../../rules/repair.toml"))
                .expect("built-in rules/repair.toml parses")
        })
    })
}

impl Common {
    fn on(&self, ty: ColumnType) -> bool {
        self.enabled && self.applies_to.contains(&ty)
    }
}

/// The column type of a column role, `None` for a role no repair applies to (names, lokasi).
pub fn column_type(role: &str, money: bool) -> Option<ColumnType> {
    let c = &rules().columns;
    let has = |l: &[String]| l.iter().any(|r| r == role);
    if money {
        Some(ColumnType::Money)
    } else if has(&c.percent) {
        Some(ColumnType::Percent)
    } else if has(&c.code) {
        Some(ColumnType::Code)
    } else if has(&c.target) {
        Some(ColumnType::Target)
    } else {
        None
    }
}

/// The repaired reading of an OCR'd cell of a column of type `ty`, `None` when the printed
/// text reads cleanly or no rule proves another reading.
pub fn repair_cell(raw: &str, ty: ColumnType, style: NumberStyle) -> Option<Repair> {
    match ty {
        ColumnType::Money => repair_money(raw, style),
        ColumnType::Percent => repair_percent(raw, style),
        ColumnType::Code => repair_code(raw),
        ColumnType::Target => repair_target(raw),
    }
}

/// A target cell keeps its words and units; only stray marks at its ends go (`4 Dokumen =`).
fn repair_target(raw: &str) -> Option<Repair> {
    let r = rules();
    if !r.stray.common.on(ColumnType::Target) {
        return None;
    }
    let t = raw.trim();
    let s = strip_stray(t);
    // A lone `-` is the nil mark; a target of marks only is left to the checks.
    (s != t && !s.is_empty() && s.chars().any(|c| c.is_alphanumeric()))
        .then(|| repair("stray", raw, s.to_string()))
}

fn repair(rule: &str, printed: &str, text: String) -> Repair {
    Repair {
        rule: rule.to_string(),
        printed: printed.to_string(),
        text,
    }
}

/// `t` without stray marks at either end; a `)` is kept when a `(` opens the cell (the
/// accounting negative) and a `-` alone is the nil mark, never stray.
fn strip_stray(t: &str) -> &str {
    let marks = &rules().stray.marks;
    let is_mark = |c: char| marks.iter().any(|m| m.chars().eq(std::iter::once(c)));
    let mut s = t.trim();
    loop {
        let before = s;
        if let Some(c) = s.chars().next_back() {
            let keep_paren = c == ')' && s.starts_with('(');
            if is_mark(c) && !keep_paren {
                s = s[..s.len() - c.len_utf8()].trim_end();
            }
        }
        if let Some(c) = s.chars().next() {
            if is_mark(c) && c != '(' {
                s = s[c.len_utf8()..].trim_start();
            }
        }
        if s == before {
            return s;
        }
    }
}

/// Digits for letters OCR prints in a numeric cell (rules/numbers.toml [ocr_letters] plus
/// rules/repair.toml [letters]); `None` when nothing changed or a letter is not in the maps.
fn letters_to_digits(t: &str) -> Option<String> {
    let extra = &rules().letters.extra;
    let mut changed = false;
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        if let Some(d) = extra.get(&c.to_string()) {
            out.push_str(d);
            changed = true;
        } else {
            out.push(c);
        }
    }
    match super::number::ocr_letter_fix(&out) {
        Some(fixed) => Some(fixed),
        None if changed && out.chars().all(|c| !c.is_alphabetic()) => Some(out),
        None => None,
    }
}

/// The amount read by its digits when only its separators are damaged: every separator-like
/// mark splits a group, every group after the first has a multiple of three digits, and at
/// least one separator is not the document's grouping mark or a group is too long.
fn by_digit_grouping(t: &str, style: NumberStyle) -> Option<String> {
    let seps = &rules().separators.misreads;
    let is_sep = |c: char| c == '.' || c == ',' || seps.iter().any(|m| m.chars().eq([c]));
    if !t.chars().all(|c| c.is_ascii_digit() || is_sep(c)) {
        return None;
    }
    let groups: Vec<&str> = t.split(is_sep).collect();
    if groups.len() < 2 || groups.iter().any(|g| g.is_empty()) {
        return None;
    }
    // One decimal mark alone (`33,121429` in an Indonesian document) is a decimal number, not
    // a damaged amount; with no known style a single separator proves nothing either.
    let decimal_mark = match style {
        NumberStyle::English => Some('.'),
        NumberStyle::Indonesian => Some(','),
        NumberStyle::Unknown => None,
    };
    let marks: Vec<char> = t.chars().filter(|c| !c.is_ascii_digit()).collect();
    if marks.len() == 1 && (decimal_mark.is_none() || decimal_mark == Some(marks[0])) {
        return None;
    }
    let digits: String = groups.concat();
    if digits.len() < 4 || groups[1..].iter().any(|g| g.len() % 3 != 0) {
        return None;
    }
    let mark = match style {
        NumberStyle::English => ',',
        _ => '.',
    };
    // Grouped again from the right in the document's style.
    let mut out: Vec<char> = Vec::new();
    for (i, c) in digits.chars().rev().enumerate() {
        if i > 0 && i % 3 == 0 {
            out.push(mark);
        }
        out.push(c);
    }
    Some(out.into_iter().rev().collect())
}

/// Whether `t` is digits split by the document's grouping mark only, with a group after the
/// first longer than three digits (and a multiple of three): a grouping mark OCR dropped.
fn dropped_grouping(t: &str, style: NumberStyle) -> bool {
    let mark = match style {
        NumberStyle::English => ',',
        NumberStyle::Indonesian => '.',
        NumberStyle::Unknown => return false,
    };
    let groups: Vec<&str> = t.split(mark).collect();
    groups.len() >= 2
        && groups
            .iter()
            .all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()))
        && groups[1..].iter().all(|g| g.len() % 3 == 0)
        && groups[1..].iter().any(|g| g.len() > 3)
}

/// A clean money reading of `t`: a value and no flag saying the printing was odd.
fn clean_money(t: &str, style: NumberStyle) -> Option<Money> {
    let p = parse_money(t, style);
    p.value.filter(|_| p.flags.is_empty())
}

/// The repaired reading of a money cell, when the printed one is unreadable or doubtful and a
/// rule of rules/repair.toml reads it cleanly. `None` for a cell that reads cleanly as printed.
pub fn repair_money(raw: &str, style: NumberStyle) -> Option<Repair> {
    let t = super::clean_cell(raw);
    let t = t.trim();
    if !t.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let r = rules();
    // `130,000000` in an English document reads cleanly as 130 with six zero decimals: a
    // grouping mark before six (nine) digits is a dropped separator, not a decimal point.
    let long_group = r.separators.common.on(ColumnType::Money) && dropped_grouping(t, style);
    if clean_money(t, style).is_some() && !long_group {
        return None;
    }
    let printed = parse_money(t, style).value;
    let accept = |rule: &str, text: String| -> Option<Repair> {
        let v = clean_money(&text, style)?;
        // A repair that reads the value the printed text already gave is no repair.
        (Some(v) != printed || printed.is_none()).then(|| repair(rule, raw, text))
    };
    let stripped = strip_stray(t);
    if r.stray.common.on(ColumnType::Money) && stripped != t && !stripped.is_empty() {
        if let Some(rep) = accept("stray", stripped.to_string()) {
            return Some(rep);
        }
    }
    let base = if r.stray.common.on(ColumnType::Money) {
        stripped
    } else {
        t
    };
    if r.letters.common.on(ColumnType::Money) {
        if let Some(fixed) = letters_to_digits(base) {
            if let Some(rep) = accept("letters", fixed) {
                return Some(rep);
            }
        }
    }
    if r.separators.common.on(ColumnType::Money) {
        if let Some(g) = by_digit_grouping(base, style) {
            return accept("separators", g);
        }
    }
    None
}

/// The repaired reading of a cell of a percentage column (capaian, realisasi %), when the
/// printed value is impossible: `%` read as `96`/`9`/`4` (`10096` -> `100`), a lost decimal
/// point (`9105` -> `91,05`), letters for digits, stray marks.
pub fn repair_percent(raw: &str, style: NumberStyle) -> Option<Repair> {
    let r = rules();
    let t = super::clean_cell(raw);
    let t = t.trim();
    if !t.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut body = t.to_string();
    let mut rule = None;
    if r.stray.common.on(ColumnType::Percent) && strip_stray(&body) != body {
        body = strip_stray(&body).to_string();
        rule = Some("stray");
    }
    if body.contains('%') {
        // A printed sign: only the marks stuck to it are repaired (`30% =`).
        return rule
            .filter(|_| parse_decimal_flagged(&body, style).is_some())
            .map(|id| repair(id, raw, body));
    }
    if r.letters.common.on(ColumnType::Percent) {
        if let Some(f) = letters_to_digits(&body) {
            body = f;
            rule = Some("letters");
        }
    }
    let (v, _) = parse_decimal_flagged(&body, style)?;
    let impossible = v > r.percent_sign.impossible_above as f64;
    let dec = if style == NumberStyle::English {
        '.'
    } else {
        ','
    };
    if r.percent_sign.common.on(ColumnType::Percent) {
        let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
        for m in &r.percent_sign.misreads {
            let Some(head) = compact.strip_suffix(m.as_str()) else {
                continue;
            };
            if head.is_empty() || head.ends_with([',', '.']) {
                continue;
            }
            // A decimal percentage followed by `96` (`85,2596`): two decimals then the sign.
            let frac = head.rsplit_once([',', '.']).map(|(_, f)| f.len());
            // No percentage is printed with four or five decimals: the last two are the sign.
            let sign_after_decimals = m == "96" && matches!(frac, Some(2 | 3));
            if !(sign_after_decimals || (impossible && frac.is_none())) {
                continue;
            }
            let Some((hv, _)) = parse_decimal_flagged(head, style) else {
                continue;
            };
            if sign_after_decimals || hv <= r.percent_sign.repaired_at_most as f64 {
                return Some(repair("percent_sign", raw, format!("{head}%")));
            }
        }
    }
    if r.percent_decimal.on(ColumnType::Percent)
        && impossible
        && body.len() == 4
        && body.chars().all(|c| c.is_ascii_digit())
    {
        return Some(repair(
            "percent_decimal",
            raw,
            format!("{}{dec}{}%", &body[..2], &body[2..]),
        ));
    }
    rule.map(|id| repair(id, raw, body))
}

/// The repaired reading of a code cell: letters for digits (`2.07.o1` -> `2.07.01`) and stray
/// marks; `None` when the cell already is digits and dots only.
pub fn repair_code(raw: &str) -> Option<Repair> {
    let r = rules();
    let t = raw.trim();
    let ok = |s: &str| {
        !s.is_empty()
            && s.chars().any(|c| c.is_ascii_digit())
            && s.chars().all(|c| c.is_ascii_digit() || c == '.')
    };
    if ok(t) {
        return None;
    }
    let mut body = t.to_string();
    let mut rule = None;
    if r.stray.common.on(ColumnType::Code) {
        let s = strip_stray(&body);
        if s != body {
            body = s.to_string();
            rule = Some("stray");
        }
    }
    if r.letters.common.on(ColumnType::Code) && !ok(&body) {
        // Codes take the digit map only; a code is short, so one segment may be all letters
        // (`i` for `1`).
        let extra = &r.letters.extra;
        let map = |c: char| -> Option<String> {
            extra.get(&c.to_string()).cloned().or_else(|| {
                super::number::ocr_letter_fix(&format!("1{c}")).map(|s| s[1..].to_string())
            })
        };
        let mut out = String::new();
        for c in body.chars() {
            if c.is_ascii_digit() || c == '.' {
                out.push(c);
            } else {
                out.push_str(&map(c)?);
            }
        }
        body = out;
        rule = Some("letters");
    }
    (ok(&body) && rule.is_some()).then(|| repair(rule.unwrap_or("letters"), raw, body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use NumberStyle::*;

    fn money(raw: &str, style: NumberStyle) -> Option<(String, i64)> {
        let r = repair_money(raw, style)?;
        Some((r.rule, parse_money(&r.text, style).value?.0 / 100))
    }

    #[test]
    fn embedded_rules_parse() {
        let r: RepairRules = ::toml::from_str(include_str!("../../rules/repair.toml")).unwrap();
        assert!(!r.stray.marks.is_empty());
    }

    /// The amount as the model reads it: repaired when a rule applies, else as printed.
    fn read(raw: &str, style: NumberStyle) -> Option<i64> {
        let t = repair_money(raw, style).map(|r| r.text);
        parse_money(t.as_deref().unwrap_or(raw), style)
            .value
            .map(|m| m.0 / 100)
    }

    #[test]
    fn damaged_separators_read_by_digits() {
        // A dropped separator the parser already reads by its digits (flagged) needs no repair.
        assert_eq!(read("14,757,887434", English), Some(14_757_887_434));
        assert_eq!(read("424,190.500", English), Some(424_190_500));
        assert_eq!(
            money("371.583-100", Indonesian),
            Some(("separators".into(), 371_583_100))
        );
        assert_eq!(read("30,000,000 .", English), Some(30_000_000));
        assert_eq!(
            money("30,000,000\u{2014}", English),
            Some(("stray".into(), 30_000_000))
        );
        // A lost digit is not a separator repair: the grouping does not add up.
        assert_eq!(money("14,757,88434", English), None);
        // Clean and decimal readings stay as printed.
        assert_eq!(money("14,757,887,434", English), None);
        assert_eq!(money("1.234.567,50", Indonesian), None);
    }

    #[test]
    fn letters_and_marks() {
        assert_eq!(
            money("1.5OO.000", Indonesian),
            Some(("letters".into(), 1_500_000))
        );
        assert_eq!(
            money("=2.000.000", Indonesian),
            Some(("stray".into(), 2_000_000))
        );
        assert_eq!(
            repair_code("2.07.o1").map(|r| r.text),
            Some("2.07.01".into())
        );
        assert_eq!(repair_code("2.07.01"), None);
        assert_eq!(repair_code("Program"), None);
    }

    #[test]
    fn column_types_and_targets() {
        assert_eq!(column_type("pagu", true), Some(ColumnType::Money));
        assert_eq!(column_type("capaian", false), Some(ColumnType::Percent));
        assert_eq!(column_type("code", false), Some(ColumnType::Code));
        assert_eq!(column_type("name", false), None);
        let t = |s| repair_cell(s, ColumnType::Target, Indonesian).map(|r| r.text);
        assert_eq!(t("4 Dokumen ="), Some("4 Dokumen".into()));
        assert_eq!(t("100%"), None);
        assert_eq!(t("-"), None);
    }

    #[test]
    fn percent_sign_and_decimal() {
        let p = |s| repair_percent(s, Indonesian).map(|r| (r.rule, r.text));
        assert_eq!(p("10096"), Some(("percent_sign".into(), "100%".into())));
        assert_eq!(p("85,2596"), Some(("percent_sign".into(), "85,25%".into())));
        assert_eq!(p("1009"), Some(("percent_sign".into(), "100%".into())));
        assert_eq!(p("9105"), Some(("percent_decimal".into(), "91,05%".into())));
        assert_eq!(p("100"), None);
        assert_eq!(p("120,5"), None);
        assert_eq!(p("100%"), None);
    }
}
