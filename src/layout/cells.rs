//! Cell text: the lines of one cell joined into one value, with numbers and words that only
//! wrapped because the cell is narrow put back together.

use super::text::Line;
use crate::geom::BBox;
use crate::ingest::Word;
use std::collections::HashSet;

/// Words seen whole in the document so far (not at a line end that could be a forced break,
/// not at the start of a continuation line). Tells a line that ends mid-word (`Kepuas` / `an`)
/// from one that wrapped at a space after a word that happens to fill the cell (`Persentase` /
/// `besaran`): auto-sized columns are exactly as wide as their longest word, so geometry alone
/// cannot.
#[derive(Debug, Default, Clone)]
pub(crate) struct Vocab(HashSet<String>);

/// A word as compared in the vocabulary: lower case, punctuation trimmed from both ends.
fn vkey(s: &str) -> String {
    s.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

impl Vocab {
    /// Records the whole words of the lines of one cell (or one text block).
    pub fn add_lines(&mut self, lines: &[Line]) {
        let n = lines.len();
        for (i, l) in lines.iter().enumerate() {
            let m = l.words.len();
            for (k, w) in l.words.iter().enumerate() {
                if (i > 0 && k == 0) || (i + 1 < n && k + 1 == m) {
                    continue;
                }
                // `triwulan/semesteran` teaches both words and the pair.
                if w.text.contains(['/', '-']) {
                    let key = vkey(&w.text);
                    if !self.0.contains(&key) {
                        self.0.insert(key);
                    }
                }
                for part in w.text.split(['/', '-']) {
                    let key = vkey(part);
                    if key.chars().count() >= 2 && !self.0.contains(&key) {
                        self.0.insert(key);
                    }
                }
            }
        }
    }

    /// The word has been seen whole.
    pub fn known(&self, s: &str) -> bool {
        self.0.contains(&vkey(s))
    }
}

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

/// A line break after the single-word line ending in the word `a` (the whole word, with any
/// fragments already joined onto it), before the line starting with `b`, where the line fills
/// the cell: is it a break inside a word? Yes when the joined form is a known word; no when
/// `b` starts a capitalised word after a lower-case letter, when letters meet digits, or when
/// `a` or `b` is itself a known word; otherwise (unknown fragments such as `Kepuas` / `an`,
/// `PROGRA` / `M`) yes.
fn broken_inside_word(a: &str, b: &str, vocab: &Vocab) -> bool {
    let b_first = b.split(' ').next().unwrap_or("");
    let a_last = a.chars().last().unwrap_or(' ');
    let c0 = b_first.chars().next().unwrap_or(' ');
    if matches!(c0, ',' | '.' | ';' | ':' | ')') {
        return true;
    }
    if !(a_last.is_alphanumeric() || a_last == '/') || !c0.is_alphanumeric() {
        return false;
    }
    if a_last.is_ascii_digit() != c0.is_ascii_digit() {
        return false;
    }
    // Only the last part of `bulanan/triwulan/se` can be a word fragment, only the first part
    // of `DANA/PAGU` its continuation.
    let a_tail = a.rsplit(['/', '-']).next().unwrap_or(a);
    let b_head = b_first.split(['/', '-']).next().unwrap_or(b_first);
    // After a slash: `Kabupaten/` `Kota` runs on when `Kabupaten/Kota` is seen whole
    // elsewhere, `Urusan/` `Bidang` does not; a lower-case word (`kurikulum/` `silabus`) does.
    if a_tail.is_empty() {
        return c0.is_lowercase() || vocab.known(&format!("{a}{b_first}"));
    }
    if vocab.known(&format!("{a_tail}{b_head}")) {
        return true;
    }
    if a_last.is_lowercase() && c0.is_uppercase() {
        return false;
    }
    let b_word = b_head.chars().filter(|c| c.is_alphanumeric()).count() >= 3 && vocab.known(b_head);
    !(vocab.known(a_tail) || b_word)
}

/// `filler(lines, rect)(i, slack)`: line `i` spans the cell's inner width (the rectangle less
/// the padding seen on the left of the lines) to within `slack` glyphs of the next line.
fn filler<'a>(lines: &'a [Line], rect: &BBox) -> impl Fn(usize, f32) -> bool + 'a {
    let pad = lines
        .iter()
        .map(|l| l.bbox.x0 - rect.x0)
        .fold(f32::INFINITY, f32::min)
        // Centred text (header labels) leaves wide gaps that are not padding.
        .clamp(0.0, 0.6 * lines.first().map_or(1.0, |l| l.font_size()));
    let inner = (rect.width() - 2.0 * pad).max(1.0);
    move |i: usize, slack_glyphs: f32| -> bool {
        let next = lines.get(i + 1).and_then(|l| l.words.first());
        // A narrow glyph (`)`, `1`) next must not make the line look short.
        let gw = next
            .map(|w| glyph_width(w).max(0.55 * w.font_size))
            .unwrap_or(3.0);
        lines[i].bbox.width() + slack_glyphs * gw + 0.5 >= inner
    }
}

/// The lines of a cell are one number or code wrapped because the cell is narrow (as
/// opposed to several short numbers, one per line).
pub(crate) fn is_wrapped_number(lines: &[Line], rect: &BBox) -> bool {
    lines.len() >= 2
        && lines.iter().all(|l| numeric_fragment(&l.text()))
        && filler(lines, rect)(0, 2.0)
}

/// Joins the lines of a cell known to hold one value (a row bounded by rules): fragments of a
/// number or code (`7,470,` / `241,4` / `38`) join without spaces whatever their width, since
/// a right-aligned or centred fragment need not fill the cell; other text joins as
/// [`join_lines`] does.
pub(crate) fn join_value(lines: &[Line], rect: &BBox, vocab: &Vocab) -> String {
    let texts: Vec<String> = lines.iter().map(|l| l.text()).collect();
    // `88,86` / `%`: a unit wrapped alone is still part of the number.
    let numeric = texts
        .iter()
        .all(|t| !t.contains(' ') && t.chars().all(numeric_char))
        && texts.iter().any(|t| t.chars().any(|c| c.is_ascii_digit()));
    if texts.len() >= 2 && numeric {
        return texts.concat();
    }
    join_lines(lines, rect, vocab)
}

/// Joins the lines of one cell. A line "fills" the cell when it spans the cell's inner width
/// to within about one glyph: only then can the break be a forced break inside a word or
/// number rather than a wrap at a space.
pub(crate) fn join_lines(lines: &[Line], rect: &BBox, vocab: &Vocab) -> String {
    let texts: Vec<String> = lines.iter().map(|l| l.text()).collect();
    if texts.len() <= 1 {
        return texts.into_iter().next().unwrap_or_default();
    }
    let fills = filler(lines, rect);
    let all_numeric = texts.iter().all(|t| numeric_fragment(t));
    let mut out = texts[0].clone();
    for i in 0..texts.len() - 1 {
        let (a, b) = (&texts[i], &texts[i + 1]);
        let glue = if all_numeric {
            !fills(i, 2.0)
        } else {
            let single = lines[i].words.len() == 1;
            // The word being built: this line's text with earlier fragments already joined.
            let cur = out.rsplit(' ').next().unwrap_or(a);
            let a_last = a.chars().last().unwrap_or(' ');
            let b_first = b.chars().next().unwrap_or(' ');
            let hyphen = a_last == '-'
                && a.chars().rev().nth(1).is_some_and(|c| c.is_alphabetic())
                && b_first.is_alphabetic();
            let broken = single && fills(i, 1.3) && broken_inside_word(cur, b, vocab);
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
    use crate::layout::text::group_lines;

    fn cell_text(words: &[&Word], rect: &BBox) -> String {
        let lines = group_lines(words.iter().copied());
        let mut v = Vocab::default();
        v.add_lines(&lines);
        join_lines(&lines, rect, &v)
    }

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
    fn one_value_cell_joins_number_fragments_whatever_their_width() {
        // Right-aligned fragments of one amount in a rule-bounded row, and a unit on its own.
        let rect = BBox::new(100.0, 0.0, 144.0, 40.0);
        let a = w("7,470,", 110.0, 2.0);
        let b = w("241,4", 115.0, 11.0);
        let c = w("38", 130.0, 20.0);
        let lines = group_lines([&a, &b, &c]);
        let v = Vocab::default();
        assert_eq!(join_value(&lines, &rect, &v), "7,470,241,438");
        let d = w("88,86", 110.0, 2.0);
        let e = w("%", 135.0, 11.0);
        assert_eq!(join_value(&group_lines([&d, &e]), &rect, &v), "88,86%");
        // Words still join with a space.
        let f = w("Rapat", 102.0, 2.0);
        let g = w("Kerja", 102.0, 11.0);
        assert_eq!(join_value(&group_lines([&f, &g]), &rect, &v), "Rapat Kerja");
    }

    #[test]
    fn hyphen_at_line_end_joins() {
        let rect = BBox::new(0.0, 0.0, 100.0, 40.0);
        let a = w("Perundang-", 2.0, 2.0);
        let b = w("Undangan", 2.0, 11.0);
        assert_eq!(cell_text(&[&a, &b], &rect), "Perundang-Undangan");
    }

    #[test]
    fn full_line_of_known_words_keeps_space() {
        let rect = BBox::new(0.0, 0.0, 54.0, 40.0); // inner 50
        let mut v = Vocab::default();
        let seen = [
            w("Persentase", 0.0, 100.0),
            w("besaran", 55.0, 100.0),
            w("x", 95.0, 100.0),
        ];
        v.add_lines(&group_lines(seen.iter()));
        let a = w("Persentase", 2.0, 2.0); // 50 wide: fills the cell
        let b = w("besaran", 2.0, 11.0);
        let lines = group_lines([&a, &b]);
        assert_eq!(join_lines(&lines, &rect, &v), "Persentase besaran");
        // Unknown halves of a word are rejoined.
        let c = w("Kepuasanny", 2.0, 2.0);
        let d = w("a", 2.0, 11.0);
        let lines = group_lines([&c, &d]);
        assert_eq!(join_lines(&lines, &rect, &v), "Kepuasannya");
    }
}
