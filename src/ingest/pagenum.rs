//! The page number as printed on a page (`- 12 -`, `Halaman 12`, `12` alone at the foot, `iv`
//! in the front matter), read from the page's words before the layout: a reviewer cites the
//! number on paper, which is rarely the PDF's page index (a cover, a daftar isi in roman
//! numerals, a chapter printed from its own file). Bands and patterns are in
//! rules/pagenum.toml.

use super::Page;
use regex::Regex;
use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
struct PatternRule {
    name: String,
    regex: String,
}

#[derive(Debug, Deserialize)]
struct Rules {
    header_band: f32,
    footer_band: f32,
    line_tolerance: f32,
    max_number: u32,
    max_roman: u32,
    pattern: Vec<PatternRule>,
}

struct Compiled {
    rules: Rules,
    patterns: Vec<Regex>,
}

fn compiled() -> &'static Compiled {
    static C: OnceLock<Compiled> = OnceLock::new();
    C.get_or_init(|| {
        let parse = |text: &str| -> Result<Compiled, String> {
            let rules: Rules = ::toml::from_str(text).map_err(|e| e.to_string())?;
            let patterns = rules
                .pattern
                .iter()
                .map(|p| Regex::new(&p.regex).map_err(|e| format!("pattern {}: {e}", p.name)))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Compiled { rules, patterns })
        };
        parse(&crate::rules::text("pagenum.toml")).unwrap_or_else(|e| {
            eprintln!("renja: rules/pagenum.toml: {e}; using the built-in one");
            parse(include_str!("../../rules/pagenum.toml")).expect("embedded pagenum.toml")
        })
    })
}

/// The value of a well-formed roman numeral (`iv` = 4), `None` for anything else (`iiii`,
/// `vx`, a word that merely uses the letters).
pub fn roman_value(s: &str) -> Option<u32> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new("^(?i)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$").expect("roman")
    });
    if s.is_empty() || !re.is_match(s) {
        return None;
    }
    let digit = |c: char| match c.to_ascii_lowercase() {
        'i' => 1,
        'v' => 5,
        'x' => 10,
        'l' => 50,
        'c' => 100,
        'd' => 500,
        _ => 1000,
    };
    let v: Vec<u32> = s.chars().map(digit).collect();
    let mut total = 0;
    for (i, &d) in v.iter().enumerate() {
        if v.get(i + 1).is_some_and(|&next| next > d) {
            total -= d as i64;
        } else {
            total += d as i64;
        }
    }
    u32::try_from(total).ok().filter(|&t| t > 0)
}

/// The page number printed on `page`, as printed (`12`, `iv`), when its header or footer has
/// one.
pub fn detect(page: &Page) -> Option<String> {
    let c = compiled();
    let r = &c.rules;
    if page.height <= 0.0 {
        return None;
    }
    let foot = page.height * (1.0 - r.footer_band);
    let head = page.height * r.header_band;
    let centre = |w: &super::Word| (w.bbox.y0 + w.bbox.y1) / 2.0;
    // Lines of the two bands, edge first: the footer's lowest line, then the header's top one.
    let mut footer: Vec<&super::Word> = page.words.iter().filter(|w| centre(w) >= foot).collect();
    let mut header: Vec<&super::Word> = page.words.iter().filter(|w| centre(w) <= head).collect();
    footer.sort_by(|a, b| centre(b).total_cmp(&centre(a)));
    header.sort_by(|a, b| centre(a).total_cmp(&centre(b)));
    for band in [footer, header] {
        for line in lines(&band, r.line_tolerance) {
            if let Some(n) = number_of(&line, c) {
                return Some(n);
            }
        }
    }
    None
}

/// Words grouped into lines (in the band's order), each line's text left to right.
fn lines(words: &[&super::Word], tol: f32) -> Vec<String> {
    let mut out: Vec<(f32, Vec<&super::Word>)> = Vec::new();
    for w in words {
        let y = (w.bbox.y0 + w.bbox.y1) / 2.0;
        match out.iter_mut().find(|(ly, _)| (ly - y).abs() <= tol) {
            Some((_, ws)) => ws.push(w),
            None => out.push((y, vec![w])),
        }
    }
    out.into_iter()
        .map(|(_, mut ws)| {
            ws.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
            ws.iter()
                .map(|w| w.text.trim())
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn number_of(line: &str, c: &Compiled) -> Option<String> {
    for re in &c.patterns {
        let Some(n) = re.captures(line).and_then(|m| m.name("n")) else {
            continue;
        };
        let n = n.as_str();
        let ok = if n.chars().all(|ch| ch.is_ascii_digit()) {
            // `0`, `007` and years are not page numbers.
            !n.starts_with('0') && n.parse::<u32>().is_ok_and(|v| v <= c.rules.max_number)
        } else {
            roman_value(n).is_some_and(|v| v <= c.rules.max_roman)
        };
        if ok {
            return Some(n.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::BBox;
    use crate::ingest::{PageSource, Word};

    fn word(text: &str, x: f32, y: f32) -> Word {
        Word {
            text: text.into(),
            bbox: BBox {
                x0: x,
                y0: y,
                x1: x + 6.0 * text.len() as f32,
                y1: y + 10.0,
            },
            font_size: 10.0,
            bold: false,
            conf: None,
        }
    }

    fn page(words: Vec<Word>) -> Page {
        Page {
            number: 1,
            width: 842.0,
            height: 595.0,
            words,
            rules: Vec::new(),
            source: PageSource::TextLayer,
        }
    }

    #[test]
    fn roman_numerals_are_checked() {
        assert_eq!(roman_value("iv"), Some(4));
        assert_eq!(roman_value("XIV"), Some(14));
        assert_eq!(roman_value("mcmxc"), Some(1990));
        assert_eq!(roman_value("iiii"), None);
        assert_eq!(roman_value("vx"), None);
        assert_eq!(roman_value("dim"), None);
    }

    #[test]
    fn reads_footers_and_headers_in_the_printed_styles() {
        let body = || word("Program", 50.0, 300.0);
        let cases = [
            (
                vec![
                    body(),
                    word("-", 400.0, 570.0),
                    word("12", 410.0, 570.0),
                    word("-", 430.0, 570.0),
                ],
                Some("12"),
            ),
            (
                vec![
                    body(),
                    word("Halaman", 400.0, 575.0),
                    word("7", 460.0, 575.0),
                ],
                Some("7"),
            ),
            (
                vec![
                    body(),
                    word("Hal.", 400.0, 575.0),
                    word("3", 430.0, 575.0),
                    word("dari", 440.0, 575.0),
                    word("40", 470.0, 575.0),
                ],
                Some("3"),
            ),
            (vec![body(), word("iv", 420.0, 578.0)], Some("iv")),
            (vec![word("25", 800.0, 15.0), body()], Some("25")),
            // A year, a zero, a table row at the foot and a word of roman letters are not.
            (vec![body(), word("2024", 420.0, 578.0)], None),
            (vec![body(), word("000", 420.0, 578.0)], None),
            (
                vec![
                    body(),
                    word("Jumlah", 50.0, 575.0),
                    word("12", 400.0, 575.0),
                ],
                None,
            ),
            (vec![body(), word("dim", 420.0, 578.0)], None),
            // The same number in the body is not the page's.
            (vec![word("12", 420.0, 300.0)], None),
        ];
        for (words, want) in cases {
            let texts: Vec<String> = words.iter().map(|w| w.text.clone()).collect();
            assert_eq!(detect(&page(words)).as_deref(), want, "{texts:?}");
        }
    }

    #[test]
    fn the_footer_wins_over_the_header() {
        let p = page(vec![word("3", 800.0, 15.0), word("- 5 -", 400.0, 575.0)]);
        assert_eq!(detect(&p).as_deref(), Some("5"));
    }
}
