//! Numbers in findings are written the way the reader's language writes them, not the way the
//! document printed them: Indonesian `1.234.567.890` and `83,33%`, English `1,234,567,890` and
//! `83.33%`. Checks put a language-neutral token in a value (`money`, `decimal`, `two`); a
//! finding's Indonesian and English texts are made from it by [`localise`], so one value can
//! never come out in the other language's style. Text quoted from the document is left as
//! printed.

use crate::normalize::number::NumberStyle;

// Private-use characters: they never occur in a document's text, so a token cannot be forged
// by a printed name.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// An amount in sen, shown as rupiah (cents only when there are any).
pub(crate) fn money(sen: i64) -> String {
    format!("{OPEN}R{sen}{CLOSE}")
}

/// `units` of `10^-decimals` (`5164, 2` is 51.64), shown with exactly that many decimals.
pub(crate) fn decimal(units: i128, decimals: u32) -> String {
    format!("{OPEN}N{units}:{decimals}{CLOSE}")
}

/// A computed ratio or percentage, rounded to two decimals, trailing zeros dropped (`83.33`,
/// `25`, `11.9`).
pub(crate) fn two(v: f64) -> String {
    if !v.is_finite() {
        return "?".into();
    }
    let mut units = (v * 100.0).round() as i128;
    let mut decimals = 2;
    while decimals > 0 && units % 10 == 0 {
        units /= 10;
        decimals -= 1;
    }
    decimal(units, decimals)
}

/// The amount in sen when `s` is exactly one [`money`] token.
pub(crate) fn single_money(s: &str) -> Option<i64> {
    s.strip_prefix(OPEN)?
        .strip_suffix(CLOSE)?
        .strip_prefix('R')?
        .parse()
        .ok()
}

fn group(digits: &str, sep: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

fn token(body: &str, style: NumberStyle) -> Option<String> {
    let (g, d) = match style {
        NumberStyle::English => (',', '.'),
        _ => ('.', ','),
    };
    if let Some(sen) = body.strip_prefix('R') {
        return Some(super::format_rupiah(sen.parse().ok()?, style));
    }
    let (units, decimals) = body.strip_prefix('N')?.split_once(':')?;
    let units: i128 = units.parse().ok()?;
    let decimals: u32 = decimals.parse().ok()?;
    let unit = 10i128.checked_pow(decimals)?;
    let sign = if units < 0 { "-" } else { "" };
    let int = group(&(units.abs() / unit).to_string(), g);
    Some(if decimals == 0 {
        format!("{sign}{int}")
    } else {
        format!(
            "{sign}{int}{d}{:0w$}",
            units.abs() % unit,
            w = decimals as usize
        )
    })
}

/// `s` with every token written in `style` (Indonesian or English).
pub(crate) fn localise(s: &str, style: NumberStyle) -> String {
    if !s.contains(OPEN) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(OPEN) {
        out.push_str(&rest[..i]);
        let after = &rest[i + OPEN.len_utf8()..];
        match after.find(CLOSE) {
            Some(j) => {
                match token(&after[..j], style) {
                    Some(t) => out.push_str(&t),
                    None => out.push_str(&after[..j]),
                }
                rest = &after[j + CLOSE.len_utf8()..];
            }
            None => rest = after,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use NumberStyle::{English, Indonesian};

    #[test]
    fn one_style_per_language() {
        let s = format!(
            "printed {}, ratio {}%",
            money(123_456_789_000),
            two(83.3333)
        );
        assert_eq!(
            localise(&s, Indonesian),
            "printed 1.234.567.890, ratio 83,33%"
        );
        assert_eq!(localise(&s, English), "printed 1,234,567,890, ratio 83.33%");
        assert_eq!(localise(&two(71.428571), English), "71.43");
        assert_eq!(localise(&two(25.0), Indonesian), "25");
        assert_eq!(localise(&two(-11.9), Indonesian), "-11,9");
        assert_eq!(localise(&decimal(7, 2), Indonesian), "0,07");
        assert_eq!(localise(&decimal(1_234_567, 1), English), "123,456.7");
        assert_eq!(single_money(&money(-150)), Some(-150));
        assert_eq!(single_money("1.000"), None);
        assert_eq!(localise("no tokens {diff}", English), "no tokens {diff}");
    }
}
