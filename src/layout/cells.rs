//! Cell text: the lines of one cell joined into one value, with numbers and words that only
//! wrapped because the cell is narrow put back together.

use super::text::{group_lines, Line};
use crate::geom::BBox;
use crate::ingest::Word;

/// A character that can be part of a number or code wrapped over lines (`13,319,3` / `69,434`,
/// `(4` / `4)`, `2.07.3.32.0` / `0.02.00.00`).
fn numeric_char(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '.' | ',' | '(' | ')' | '%' | '-' | '+')
}

/// A line that is one token made only of number characters, with at least one digit.
fn numeric_fragment(s: &str) -> bool {
    !s.contains(' ') && s.chars().all(numeric_char) && s.chars().any(|c| c.is_ascii_digit())
}

/// Average glyph width of a word (its width over its characters).
fn glyph_width(w: &Word) -> f32 {
    let n = w.text.chars().count().max(1) as f32;
    (w.bbox.width() / n).max(0.5)
}

/// The text of a cell whose words are `words`, inside the cell rectangle `rect`.
pub(crate) fn cell_text(words: &[&Word], rect: &BBox) -> String {
    let lines = group_lines(words.iter().copied());
    join_lines(&lines, rect)
}

/// Joins the lines of one cell. A line "fills" the cell when it spans the cell's inner width
/// (the rectangle less the padding seen on the left of the lines) to within about one glyph:
/// only then can the break be a forced break inside a word or number rather than a wrap at a
/// space.
pub(crate) fn join_lines(lines: &[Line], rect: &BBox) -> String {
    let texts: Vec<String> = lines.iter().map(|l| l.text()).collect();
    if texts.len() <= 1 {
        return texts.into_iter().next().unwrap_or_default();
    }
    let pad = lines
        .iter()
        .map(|l| l.bbox.x0 - rect.x0)
        .fold(f32::INFINITY, f32::min)
        .clamp(0.0, 8.0);
    let inner = (rect.width() - 2.0 * pad).max(1.0);
    let fills = |i: usize, slack_glyphs: f32| -> bool {
        let next = lines.get(i + 1).and_then(|l| l.words.first());
        let gw = next.map(|w| glyph_width(w)).unwrap_or(3.0);
        lines[i].bbox.width() + slack_glyphs * gw + 0.5 >= inner
    };
    let all_numeric = texts.iter().all(|t| numeric_fragment(t));
    let mut out = texts[0].clone();
    for i in 0..texts.len() - 1 {
        let (a, b) = (&texts[i], &texts[i + 1]);
        let glue = if all_numeric {
            !fills(i, 2.0)
        } else {
            let single = lines[i].words.len() == 1;
            let a_last = a.chars().last().unwrap_or(' ');
            let b_first = b.chars().next().unwrap_or(' ');
            let hyphen = a_last == '-'
                && a.chars().rev().nth(1).is_some_and(|c| c.is_alphabetic())
                && b_first.is_alphabetic();
            let broken = single
                && fills(i, 1.0)
                && (a_last.is_alphanumeric() || a_last == '/')
                && b_first.is_alphanumeric();
            !(hyphen || broken)
        };
        if glue {
            out.push(' ');
        }
        out.push_str(b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(t: &str, x0: f32, y0: f32) -> Word {
        // 5 pt per glyph, 8 pt high.
        Word {
            text: t.into(),
            bbox: BBox::new(x0, y0, x0 + 5.0 * t.chars().count() as f32, y0 + 8.0),
            font_size: 8.0,
            bold: false,
            conf: None,
        }
    }

    #[test]
    fn wrapped_number_joins_without_space() {
        let rect = BBox::new(100.0, 0.0, 144.0, 40.0); // inner 40 = 8 glyphs at pad 2
        let a = w("31452666", 102.0, 2.0);
        let b = w("4", 137.0, 11.0);
        assert_eq!(cell_text(&[&a, &b], &rect), "314526664");
    }

    #[test]
    fn short_numbers_on_two_lines_stay_apart() {
        let rect = BBox::new(100.0, 0.0, 144.0, 40.0);
        let a = w("12", 102.0, 2.0);
        let b = w("30", 102.0, 11.0);
        assert_eq!(cell_text(&[&a, &b], &rect), "12 30");
    }

    #[test]
    fn broken_word_joins_and_normal_wrap_keeps_space() {
        let rect = BBox::new(0.0, 0.0, 56.0, 40.0); // inner 52
        let a = w("Indeks", 2.0, 2.0);
        let b = w("Kepuasan", 2.0, 11.0); // 40 wide: wrapped at a space
        let c1 = w("Penyelengg", 2.0, 20.0); // 50 wide: the word did not fit, broken
        let c2 = w("araan", 2.0, 29.0);
        assert_eq!(
            cell_text(&[&a, &b, &c1, &c2], &rect),
            "Indeks Kepuasan Penyelenggaraan"
        );
    }

    #[test]
    fn hyphen_at_line_end_joins() {
        let rect = BBox::new(0.0, 0.0, 100.0, 40.0);
        let a = w("Perundang-", 2.0, 2.0);
        let b = w("Undangan", 2.0, 11.0);
        assert_eq!(cell_text(&[&a, &b], &rect), "Perundang-Undangan");
    }
}
