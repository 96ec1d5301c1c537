//! Numbers and money as printed in Renja tables: Indonesian (`1.234.567,50`) and English
//! (`1,234,567.50`) grouping, ungrouped, wrapped (`14980028 7`), truncated (`314,522,83`) and
//! mixed (`248,898.050`) forms. Money is exact: integer sen, never floating point.

use serde::{Deserialize, Serialize};

/// A money amount in sen (1/100 rupiah), exact.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub struct Money(pub i64);

/// The exact sum of some amounts in sen, or `None` when it does not fit an i64 (over ~9.2 x
/// 10^16 rupiah): money is never allowed to wrap around.
pub fn checked_sum(amounts: impl IntoIterator<Item = i64>) -> Option<i64> {
    amounts.into_iter().try_fold(0i64, i64::checked_add)
}

/// The grouping convention a document uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NumberStyle {
    /// `1.234.567,50`
    Indonesian,
    /// `1,234,567.50`
    English,
    /// Not enough evidence either way.
    Unknown,
}

/// Something odd about how a number was printed, worth telling a reviewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberFlag {
    /// Both `.` and `,` used as grouping in one number (`248,898.050`).
    MixedSeparators,
    /// The last group does not have 3 digits (`314,522,83`).
    TruncatedGroup,
    /// Digit groups separated by spaces were joined (`14980028 7`).
    RejoinedWrap,
    /// One separator followed by 3 digits, resolved by the document style.
    AmbiguousSeparator,
    /// The text had characters besides the number (`Rp`, parentheses) that were dropped.
    ExtraText,
    /// A group before the last one does not have 3 digits (`1.23.456`, `1234.567`).
    IrregularGroup,
    /// The amount does not fit in an `i64` of sen; the value is dropped.
    Overflow,
    /// The cell holds several complete numbers (`8.761.923.064 8.761.923.064`); no value.
    MultipleNumbers,
    /// More than two decimals that are not zero (`1234,5678`): not a money amount; no value.
    TooManyDecimals,
    /// A scanner-damaged printing (`14,757,887434`, `30,000,000 .`) read by a rule of
    /// rules/repair.toml ([`super::repair::repair_cell`]); the raw text is the printed one.
    Repaired,
}

/// A parsed money cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsedMoney {
    /// The cell text as printed.
    pub raw: String,
    /// The amount, when the text is a number.
    pub value: Option<Money>,
    /// What was odd about the printing.
    pub flags: Vec<NumberFlag>,
}

/// Reading rules from `rules/numbers.toml`.
#[derive(Debug, Deserialize)]
struct NumberRules {
    nil_words: Vec<String>,
    currency_markers: Vec<String>,
    scale: Vec<ScaleRule>,
    ocr_letters: std::collections::BTreeMap<String, String>,
    digit_confusions: Vec<[String; 2]>,
}

#[derive(Debug, Deserialize)]
struct ScaleRule {
    pattern: String,
    factor: i64,
}

fn rules() -> &'static NumberRules {
    static RULES: std::sync::OnceLock<NumberRules> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        crate::rules::toml::<NumberRules>("numbers.toml").unwrap_or_else(|e| {
            // A broken override must not stop a batch: warn and use the compiled-in copy,
            // which the tests prove parses.
            eprintln!("warning: {e}; using the built-in numbers.toml");
            ::toml::from_str(include_str!("../../rules/numbers.toml"))
                .expect("built-in rules/numbers.toml parses")
        })
    })
}

const DASHES: &[char] = &['-', '\u{2013}', '\u{2014}', '\u{2212}'];

/// `t` without the ASCII marker `m` at its start, compared case-insensitively; never slices
/// inside a multi-byte character.
fn strip_prefix_ci<'a>(t: &'a str, m: &str) -> Option<&'a str> {
    let head = t.get(..m.len())?;
    head.eq_ignore_ascii_case(m).then(|| &t[m.len()..])
}

/// `t` without the ASCII marker `m` at its end, compared case-insensitively.
fn strip_suffix_ci<'a>(t: &'a str, m: &str) -> Option<&'a str> {
    let cut = t.len().checked_sub(m.len())?;
    let tail = t.get(cut..)?;
    tail.eq_ignore_ascii_case(m).then(|| &t[..cut])
}

/// True for the texts that mean "no value": empty, dashes only, `NIHIL`.
pub fn is_nil(raw: &str) -> bool {
    let t = raw.trim();
    if t.chars().all(|c| DASHES.contains(&c) || c.is_whitespace()) {
        return true;
    }
    let up = t.to_uppercase();
    rules().nil_words.contains(&up)
}

/// Counts the grouping patterns in a document's cells to decide its dominant style.
pub fn detect_style<'a>(cells: impl IntoIterator<Item = &'a str>) -> NumberStyle {
    use regex::Regex;
    use std::sync::OnceLock;
    static RE: OnceLock<[Regex; 4]> = OnceLock::new();
    let [ind, eng, ind_dec, eng_dec] = RE.get_or_init(|| {
        [
            Regex::new(r"\d{1,3}(?:\.\d{3}){2,}").unwrap(),
            Regex::new(r"\d{1,3}(?:,\d{3}){2,}").unwrap(),
            Regex::new(r"\d\.\d{3},\d{1,2}\b").unwrap(),
            Regex::new(r"\d,\d{3}\.\d{1,2}\b").unwrap(),
        ]
    });
    static WEAK: OnceLock<Regex> = OnceLock::new();
    // A whole cell holding one decimal (`87,25`, `5.31`, `75.00%`): weaker evidence, used
    // only when the grouped amounts do not decide. `2.01` alone is a kegiatan number.
    let weak = WEAK.get_or_init(|| Regex::new(r"^\(?\d{1,3}([.,])\d{1,2}\s*%?\)?$").unwrap());
    let kegiatan = |c: &str| c.len() == 4 && c.as_bytes()[1] == b'.';
    let (mut i, mut e, mut wi, mut we) = (0usize, 0usize, 0usize, 0usize);
    for c in cells {
        i += ind.find_iter(c).count() + ind_dec.find_iter(c).count();
        e += eng.find_iter(c).count() + eng_dec.find_iter(c).count();
        let t = c.trim();
        if let Some(m) = weak.captures(t) {
            if !kegiatan(t) {
                match &m[1] {
                    "," => wi += 1,
                    _ => we += 1,
                }
            }
        }
    }
    match i.cmp(&e).then(wi.cmp(&we)) {
        std::cmp::Ordering::Greater => NumberStyle::Indonesian,
        std::cmp::Ordering::Less => NumberStyle::English,
        std::cmp::Ordering::Equal => NumberStyle::Unknown,
    }
}

/// A number read from a cell before it becomes money or f64: digits only, exact.
#[derive(Debug, Clone, PartialEq)]
struct Reading {
    negative: bool,
    int: String,
    frac: String,
    flags: Vec<NumberFlag>,
}

/// Why a cell is not a single number.
#[derive(Debug, Clone, PartialEq)]
enum NotNumber {
    Nil,
    Text,
    Multiple,
}

fn push(flags: &mut Vec<NumberFlag>, f: NumberFlag) {
    if !flags.contains(&f) {
        flags.push(f);
    }
}

/// Strips currency markers, parentheses, sign and the Indonesian `,-` ending; returns the
/// numeric body, whether it is negative, whether parentheses were seen, and the flags.
fn strip_decoration(raw: &str) -> Result<(String, bool, bool, Vec<NumberFlag>), NotNumber> {
    let mut flags = Vec::new();
    if is_nil(raw) {
        return Err(NotNumber::Nil);
    }
    let mut s = raw.trim().to_string();
    let mut negative = false;
    let mut parens = false;
    loop {
        let before = s.clone();
        let t = s.trim();
        if t.starts_with('(') && t.ends_with(')') && t.len() >= 2 {
            parens = true;
            s = t[1..t.len() - 1].to_string();
        } else if let Some(rest) = t.strip_prefix(DASHES) {
            // A sign only when a digit (or currency) follows: `- 1.000` is still negative.
            negative = !negative;
            s = rest.to_string();
        } else {
            let markers = &rules().currency_markers;
            if let Some(rest) = markers.iter().find_map(|m| strip_prefix_ci(t, m)) {
                s = rest.to_string();
                push(&mut flags, NumberFlag::ExtraText);
            } else if let Some(rest) = markers
                .iter()
                .find_map(|m| strip_suffix_ci(t, m).filter(|r| !r.is_empty()))
            {
                s = rest.to_string();
                push(&mut flags, NumberFlag::ExtraText);
            } else if let Some(rest) = t.strip_suffix('*') {
                // A footnote mark (`1.000.000*`).
                s = rest.to_string();
                push(&mut flags, NumberFlag::ExtraText);
            } else {
                s = t
                    .trim_end_matches(",-")
                    .trim_end_matches(".-")
                    .trim_end_matches(",--")
                    .to_string();
            }
        }
        if s == before {
            break;
        }
    }
    if parens {
        push(&mut flags, NumberFlag::ExtraText);
    }
    let s = s.trim().to_string();
    if s.is_empty() || !s.chars().any(|c| c.is_ascii_digit()) {
        return Err(NotNumber::Text);
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || c.is_whitespace())
    {
        return Err(NotNumber::Text);
    }
    Ok((s, negative, parens, flags))
}

/// True when `piece` is by itself a complete grouped number (`12.804.156.408`).
fn is_complete_grouped(piece: &str) -> bool {
    let groups: Vec<&str> = piece.split(['.', ',']).collect();
    groups.len() >= 3
        && (1..=3).contains(&groups[0].len())
        && groups[1..groups.len() - 1].iter().all(|g| g.len() == 3)
        && (1..=3).contains(&groups[groups.len() - 1].len())
}

/// Joins whitespace-separated fragments of one number (`14980028 7`, `33, 33 33 33`).
fn join_fragments(body: &str, flags: &mut Vec<NumberFlag>) -> Result<String, NotNumber> {
    let pieces: Vec<&str> = body.split_whitespace().collect();
    if pieces.len() <= 1 {
        return Ok(body.trim().to_string());
    }
    let all_digits = pieces.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()));
    // `1 234 567`: a space used as the thousands separator is a style, not a wrap.
    let space_grouped = all_digits
        && (1..=3).contains(&pieces[0].len())
        && pieces[1..].iter().all(|p| p.len() == 3);
    if !space_grouped {
        if pieces.iter().filter(|p| is_complete_grouped(p)).count() >= 2 {
            return Err(NotNumber::Multiple);
        }
        push(flags, NumberFlag::RejoinedWrap);
    }
    Ok(pieces.concat())
}

/// Reads the separators of a joined numeric body (digits, `.`, `,`).
/// `money` decides a lone separator followed by 3 digits towards grouping.
fn read_body(body: &str, style: NumberStyle, money: bool, percent: bool) -> Reading {
    let mut flags = Vec::new();
    let body = body.trim_matches(['.', ',']);
    let seps: Vec<(usize, char)> = body
        .char_indices()
        .filter(|(_, c)| *c == '.' || *c == ',')
        .collect();
    let digits_of = |s: &str| s.chars().filter(|c| c.is_ascii_digit()).collect::<String>();
    let grouped = |flags: &mut Vec<NumberFlag>, upto: &str| -> String {
        let groups: Vec<&str> = upto.split(['.', ',']).collect();
        let n = groups.len();
        if n >= 2 {
            if !(1..=3).contains(&groups[0].len()) || groups[1..n - 1].iter().any(|g| g.len() != 3)
            {
                push(flags, NumberFlag::IrregularGroup);
            }
            let last = groups[n - 1];
            if last.len() != 3 {
                push(flags, NumberFlag::TruncatedGroup);
                if last.len() < 3 {
                    // Read by the grouping: the groups fix the magnitude, the lost digits
                    // (clipped at the cell's right edge) are taken as zeros.
                    let mut s = groups[..n - 1].concat();
                    s.push_str(last);
                    s.push_str(&"0".repeat(3 - last.len()));
                    return s;
                }
            }
        }
        digits_of(upto)
    };
    let Some(&(last_pos, last_kind)) = seps.last() else {
        return Reading {
            negative: false,
            int: body.to_string(),
            frac: String::new(),
            flags,
        };
    };
    let head = &body[..last_pos];
    let tail = &body[last_pos + 1..];
    let t = tail.len();
    let same_kind = seps.iter().filter(|(_, k)| *k == last_kind).count();
    let two_kinds = seps.iter().any(|(_, k)| *k != last_kind);
    let decimal = |flags: Vec<NumberFlag>, head: &str| {
        let mut flags = flags;
        let int = if head.contains(['.', ',']) {
            let mixed = {
                let ks: Vec<char> = head.chars().filter(|c| *c == '.' || *c == ',').collect();
                ks.iter().any(|k| *k != ks[0])
            };
            if mixed {
                push(&mut flags, NumberFlag::MixedSeparators);
            }
            grouped(&mut flags, head)
        } else {
            head.to_string()
        };
        Reading {
            negative: false,
            int,
            frac: tail.to_string(),
            flags,
        }
    };
    let all_grouping = |mut flags: Vec<NumberFlag>| {
        let int = grouped(&mut flags, body);
        Reading {
            negative: false,
            int,
            frac: String::new(),
            flags,
        }
    };
    if two_kinds {
        if same_kind == 1 && (1..=2).contains(&t) {
            return decimal(flags, head);
        }
        if same_kind == 1 && t >= 4 && !money {
            return decimal(flags, head);
        }
        if same_kind == 1 && t == 3 && !money {
            let style_decimal = matches!(
                (style, last_kind),
                (NumberStyle::Indonesian, ',') | (NumberStyle::English, '.')
            );
            if style_decimal {
                return decimal(flags, head);
            }
        }
        // `248,898.050`: a thousands-grouped number ending in `.ddd` is grouping misprinted.
        push(&mut flags, NumberFlag::MixedSeparators);
        return all_grouping(flags);
    }
    if same_kind >= 2 {
        return all_grouping(flags);
    }
    // One separator.
    if t != 3 || head == "0" || head.is_empty() {
        return decimal(flags, head);
    }
    if percent {
        return decimal(flags, head);
    }
    let style_grouping = matches!(
        (style, last_kind),
        (NumberStyle::Indonesian, '.') | (NumberStyle::English, ',')
    );
    let style_decimal = matches!(
        (style, last_kind),
        (NumberStyle::Indonesian, ',') | (NumberStyle::English, '.')
    );
    if money {
        if !style_grouping {
            push(&mut flags, NumberFlag::AmbiguousSeparator);
        }
        return all_grouping(flags);
    }
    if style_decimal || (style == NumberStyle::Unknown && last_kind == ',') {
        // Indonesian is the default reading of these documents: `,` is the decimal comma.
        if style == NumberStyle::Unknown {
            push(&mut flags, NumberFlag::AmbiguousSeparator);
        }
        return decimal(flags, head);
    }
    if style == NumberStyle::Unknown {
        push(&mut flags, NumberFlag::AmbiguousSeparator);
    }
    all_grouping(flags)
}

fn read_number(
    raw: &str,
    style: NumberStyle,
    money: bool,
) -> Result<(Reading, bool), (NotNumber, Vec<NumberFlag>)> {
    let mut t = super::clean_cell(raw).trim().to_string();
    let percent = t.contains('%');
    if !money {
        t = strip_percent_words(&t);
    }
    let (body, negative, parens, mut flags) = strip_decoration(&t).map_err(|e| (e, vec![]))?;
    let joined = join_fragments(&body, &mut flags).map_err(|e| (e, flags.clone()))?;
    let mut r = read_body(&joined, style, money, percent);
    r.negative = negative;
    for f in std::mem::take(&mut r.flags) {
        push(&mut flags, f);
    }
    r.flags = flags;
    Ok((r, parens))
}

fn strip_percent_words(t: &str) -> String {
    use regex::Regex;
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"(?i)%|persen|percent|prosen").unwrap());
    re.replace_all(t, " ").trim().to_string()
}

fn to_money(r: &Reading) -> Result<Money, NumberFlag> {
    let mut frac = r.frac.clone();
    if frac.len() > 2 {
        if frac[2..].chars().any(|c| c != '0') {
            return Err(NumberFlag::TooManyDecimals);
        }
        frac.truncate(2);
    }
    while frac.len() < 2 {
        frac.push('0');
    }
    let int = r.int.trim_start_matches('0');
    let rupiah: i64 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| NumberFlag::Overflow)?
    };
    let sen: i64 = frac.parse().unwrap_or(0);
    let v = rupiah
        .checked_mul(100)
        .and_then(|v| v.checked_add(sen))
        .ok_or(NumberFlag::Overflow)?;
    Ok(Money(if r.negative { -v } else { v }))
}

/// Parses a money cell. `-`, empty and `NIHIL` give `value: None` with no flags.
///
/// Parentheses around an amount follow the accounting convention (negative) and are flagged
/// `ExtraText`. A truncated last group (`314,522,83`) is read by its grouping, the lost digits
/// taken as zeros (314,522,830: the magnitude is right, the error below 1000), and flagged
/// `TruncatedGroup`; [`ocr_alternatives`] lists the other readings.
pub fn parse_money(raw: &str, style: NumberStyle) -> ParsedMoney {
    let out = |value, flags| ParsedMoney {
        raw: raw.to_string(),
        value,
        flags,
    };
    match read_number(raw, style, true) {
        Err((NotNumber::Text, _)) => match leading_amount(raw) {
            // `1.136.614.550 (96,94) -`: the amount, then a note in the same cell.
            Some(head) => {
                let mut p = parse_money(head, style);
                p.raw = raw.to_string();
                if p.value.is_some() {
                    push(&mut p.flags, NumberFlag::ExtraText);
                }
                p
            }
            None => out(None, vec![]),
        },
        Err((NotNumber::Multiple, mut flags)) => {
            push(&mut flags, NumberFlag::MultipleNumbers);
            out(None, flags)
        }
        Err((_, flags)) => out(None, flags),
        Ok((mut r, parens)) => {
            if parens {
                r.negative = !r.negative;
            }
            match to_money(&r) {
                Ok(m) => out(Some(m), r.flags),
                Err(f) => {
                    let mut flags = r.flags;
                    push(&mut flags, f);
                    out(None, flags)
                }
            }
        }
    }
}

/// A grouped amount at the start of a cell followed by a note (`1.136.614.550 (96,94) -`).
fn leading_amount(raw: &str) -> Option<&str> {
    use regex::Regex;
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^\s*((?i:rp\.?\s*)?-?\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?)\s+[(\-–]").unwrap()
    });
    re.captures(raw).and_then(|c| c.get(1)).map(|m| m.as_str())
}

/// Parses a non-money number (percent, target, ratio): `87,25`, `5.31`, `1.000`, `42,978%`.
/// Parentheses are decoration here (`(75,00%)`), not a sign.
pub fn parse_decimal(raw: &str, style: NumberStyle) -> Option<f64> {
    parse_decimal_flagged(raw, style).map(|(v, _)| v)
}

/// [`parse_decimal`] with the flags saying what was odd about the printing.
pub fn parse_decimal_flagged(raw: &str, style: NumberStyle) -> Option<(f64, Vec<NumberFlag>)> {
    let (r, _) = read_number(raw, style, false).ok()?;
    let text = format!(
        "{}.{}",
        if r.int.is_empty() { "0" } else { &r.int },
        if r.frac.is_empty() { "0" } else { &r.frac }
    );
    let v: f64 = text.parse().ok()?;
    Some((if r.negative { -v } else { v }, r.flags))
}

/// The scale factor a money column header announces: `(Rp.000)`, `ribuan` -> 1000,
/// `(juta rupiah)` -> 1_000_000; `None` for plain rupiah.
pub fn scale_factor(header: &str) -> Option<i64> {
    let h: String = header
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    rules()
        .scale
        .iter()
        .find(|s| h.contains(&s.pattern))
        .map(|s| s.factor)
}

/// Applies a header scale factor exactly; `None` on overflow.
pub fn apply_scale(m: Money, factor: i64) -> Option<Money> {
    m.0.checked_mul(factor).map(Money)
}

/// Replaces letters OCR prints for digits (`1.O00` -> `1.000`) when the cell is otherwise
/// numeric; `None` when there is nothing to replace or the cell is real text.
pub fn ocr_letter_fix(raw: &str) -> Option<String> {
    let map = &rules().ocr_letters;
    let t = raw.trim();
    // Keep a currency marker as it is; only the amount is repaired.
    let marker = rules()
        .currency_markers
        .iter()
        .find(|m| strip_prefix_ci(t, m).is_some())
        .map(|m| m.len())
        .unwrap_or(0);
    let (pre, body) = t.split_at(marker);
    let mut changed = false;
    let mut out = String::with_capacity(t.len());
    for c in body.chars() {
        if c.is_ascii_digit() || ".,() ".contains(c) || DASHES.contains(&c) {
            out.push(c);
        } else if let Some(d) = map.get(&c.to_string()) {
            out.push_str(d);
            changed = true;
        } else {
            return None;
        }
    }
    let digits = out.chars().filter(|c| c.is_ascii_digit()).count();
    if !changed || digits < 2 {
        return None;
    }
    Some(format!("{pre}{out}"))
}

/// The money readings reachable from `raw` by ONE plausible OCR confusion: a letter read for a
/// digit, one digit confusion (`3`/`8`, `1`/`7`, ...), one separator misread (a `.` for a `,`,
/// or the last separator being a decimal point), a lost digit in a truncated last group, or a
/// wrap fragment that belongs to another cell. The printed reading itself is not included.
pub fn ocr_alternatives(raw: &str, style: NumberStyle) -> Vec<Money> {
    let base = parse_money(raw, style);
    let mut out: Vec<Money> = Vec::new();
    let add = |v: Option<Money>, out: &mut Vec<Money>| {
        if let Some(v) = v {
            if Some(v) != base.value && !out.contains(&v) {
                out.push(v);
            }
        }
    };
    let text = match ocr_letter_fix(raw) {
        Some(fixed) => {
            add(parse_money(&fixed, style).value, &mut out);
            fixed
        }
        None => raw.trim().to_string(),
    };
    let chars: Vec<char> = text.chars().collect();
    // One digit confusion.
    for (i, c) in chars.iter().enumerate() {
        if !c.is_ascii_digit() {
            continue;
        }
        for [a, b] in &rules().digit_confusions {
            let other = if a.starts_with(*c) {
                b
            } else if b.starts_with(*c) {
                a
            } else {
                continue;
            };
            let mut v = chars.clone();
            v[i] = other.chars().next().unwrap_or(*c);
            let s: String = v.iter().collect();
            add(parse_money(&s, style).value, &mut out);
        }
    }
    // One separator misread.
    let sep_idx: Vec<usize> = chars
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == '.' || **c == ',')
        .map(|(i, _)| i)
        .collect();
    for &i in &sep_idx {
        let mut v = chars.clone();
        v[i] = if v[i] == '.' { ',' } else { '.' };
        let s: String = v.iter().collect();
        add(parse_money(&s, style).value, &mut out);
        add(parse_money(&s, NumberStyle::Unknown).value, &mut out);
    }
    if let Some(&last) = sep_idx.last() {
        // The last separator as a decimal point: `1.234.567.800` read `1,234,567.800`.
        let head: String = chars[..last]
            .iter()
            .filter(|c| c.is_ascii_digit())
            .collect();
        let tail: String = chars[last + 1..].iter().collect();
        if !head.is_empty()
            && (1..=3).contains(&tail.len())
            && tail.chars().all(|c| c.is_ascii_digit())
        {
            let r = Reading {
                negative: base.value.is_some_and(|m| m.0 < 0),
                int: head,
                frac: tail,
                flags: vec![],
            };
            add(to_money(&r).ok(), &mut out);
        }
    }
    // A truncated last group: the digits as printed, and every lost last digit.
    if base.flags.contains(&NumberFlag::TruncatedGroup) {
        let digits: String = chars.iter().filter(|c| c.is_ascii_digit()).collect();
        add(parse_money(&digits, style).value, &mut out);
        let last_sep = sep_idx.last().copied().unwrap_or(0);
        let last_len = chars.len() - last_sep - 1;
        if last_len < 3 {
            for d in 0..10 {
                let s = format!("{text}{d}");
                add(parse_money(&s, style).value, &mut out);
            }
        }
    }
    // A wrap: the fragment may belong to the neighbouring cell.
    if base.flags.contains(&NumberFlag::RejoinedWrap) {
        let pieces: Vec<&str> = text.split_whitespace().collect();
        if let Some(first) = pieces.first() {
            add(parse_money(first, style).value, &mut out);
        }
    }
    out
}

/// The money readings reachable from `raw` by ONE typing slip in its digits: two adjacent
/// digits swapped (`145,000,000` for `415,000,000`), a digit dropped (`66,000,000` for
/// `662,000,000`: every digit re-inserted anywhere) or a digit doubled (one deleted). The
/// grouping is ignored (a slip leaves it inconsistent); decimals are kept as printed. The
/// printed reading itself is not included.
pub fn typo_alternatives(raw: &str, style: NumberStyle) -> Vec<Money> {
    let base = parse_money(raw, style);
    let Some(value) = base.value else {
        return vec![];
    };
    let Ok((r, parens)) = read_number(raw, style, true) else {
        return vec![];
    };
    let negative = r.negative != parens;
    let digits: Vec<char> = r.int.chars().collect();
    let mut out: Vec<Money> = Vec::new();
    let mut add = |ds: &[char]| {
        let int: String = ds.iter().collect();
        let reading = Reading {
            negative,
            int,
            frac: r.frac.clone(),
            flags: vec![],
        };
        if let Ok(m) = to_money(&reading) {
            if m != value && !out.contains(&m) {
                out.push(m);
            }
        }
    };
    for i in 0..digits.len().saturating_sub(1) {
        if digits[i] != digits[i + 1] {
            let mut v = digits.clone();
            v.swap(i, i + 1);
            add(&v);
        }
    }
    for i in 0..=digits.len() {
        for d in '0'..='9' {
            let mut v = digits.clone();
            v.insert(i, d);
            add(&v);
        }
    }
    for i in 0..digits.len() {
        if digits.len() > 1 {
            let mut v = digits.clone();
            v.remove(i);
            add(&v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(raw: &str, style: NumberStyle) -> Option<i64> {
        parse_money(raw, style).value.map(|m| m.0)
    }

    #[test]
    fn embedded_rules_parse() {
        let r: NumberRules = ::toml::from_str(include_str!("../../rules/numbers.toml")).unwrap();
        assert!(!r.digit_confusions.is_empty());
    }

    #[test]
    fn plain_forms() {
        use NumberStyle::*;
        assert_eq!(m("12.622.671.350", Indonesian), Some(1_262_267_135_000));
        assert_eq!(m("13,319,369,434", English), Some(1_331_936_943_400));
        assert_eq!(m("9239089578", Unknown), Some(923_908_957_800));
        assert_eq!(m("1.234.567,50", Unknown), Some(123_456_750));
        assert_eq!(m("Rp. 4.771.486.350", Unknown), Some(477_148_635_000));
        assert_eq!(m("(1.000)", Indonesian), Some(-100_000));
        assert_eq!(m("-", Indonesian), None);
        assert_eq!(m("NIHIL", Indonesian), None);
    }

    #[test]
    fn overflow_is_flagged_not_panicking() {
        let p = parse_money("99999999999999999999999", NumberStyle::Unknown);
        assert_eq!(p.value, None);
        assert!(p.flags.contains(&NumberFlag::Overflow));
    }
}
