//! Lone dashes in otherwise empty ruled cells (issue 9 item 1).
//!
//! `-` is the commonest mark in target and realisasi columns, and it means "nothing" where an
//! empty cell means "not filled". On a whole page Tesseract often drops it (too small to be a
//! text line of its own, or kept at a confidence the speck filter throws away). Re-running
//! Tesseract per cell costs a process per cell; instead the page image is asked directly: a
//! cell closed by rules on all four sides, holding no word, whose only ink is one short, thin,
//! solid horizontal bar away from the cell's borders, holds a `-`. The test is one pass of
//! connected-component labelling over the page (linear in its pixels) plus a look at each bar,
//! so its time is bounded whatever the page holds. Tables without vertical rules are left alone:
//! there an "empty cell" has no edges to look inside.

use super::raster::{Binary, GrayImage};
use crate::geom::BBox;
use crate::ingest::{Orientation, Rule, Word};
use serde::{Deserialize, Serialize};

/// Shape of a dash, in points (`rules/ocr.toml`, `[dashes]`; a missing field takes its default).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct DashRules {
    /// Off switch.
    pub enabled: bool,
    /// Shortest bar.
    pub min_len: f32,
    /// Longest bar (an em dash at 10 pt is 10 pt).
    pub max_len: f32,
    /// Thinnest bar.
    pub min_thickness: f32,
    /// Thickest bar.
    pub max_thickness: f32,
    /// Length over thickness at least this.
    pub min_aspect: f32,
    /// Ink share of the bar's box at least this (a bar is solid; a letter is not).
    pub min_fill: f32,
    /// Distance the bar keeps from every cell border (erased-rule debris hugs them).
    pub border_margin: f32,
    /// Other ink in the cell allowed, as a share of the bar's own ink (scanner specks).
    pub max_other_ink: f32,
    /// Confidence given to a recovered dash.
    pub conf: f32,
}

impl Default for DashRules {
    fn default() -> Self {
        DashRules {
            enabled: true,
            min_len: 1.5,
            max_len: 12.0,
            min_thickness: 0.25,
            max_thickness: 2.2,
            min_aspect: 1.15,
            min_fill: 0.55,
            border_margin: 1.2,
            max_other_ink: 0.35,
            conf: 60.0,
        }
    }
}

/// One connected blob of ink, in pixels (half-open box).
#[derive(Debug, Clone, Copy)]
struct Blob {
    x0: usize,
    y0: usize,
    x1: usize,
    y1: usize,
    pixels: usize,
    /// Darkest sample.
    darkest: u8,
}

/// 8-connected components of `img` at or below `lo`, by an explicit stack (no recursion, no
/// per-pixel allocation); only those with a sample at or below `hi` are kept. The two
/// thresholds (hysteresis) give a faint, blurred dash its full size while paper noise, which
/// never gets dark, is no blob at all.
fn blobs(img: &GrayImage, lo: u8, hi: u8) -> Vec<Blob> {
    let ink = Binary::threshold(img, lo);
    let (w, h) = (ink.width, ink.height);
    let mut seen = vec![false; w * h];
    let mut out = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for start in 0..w * h {
        if seen[start] || ink.data[start] == 0 {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let mut b = Blob {
            x0: usize::MAX,
            y0: usize::MAX,
            x1: 0,
            y1: 0,
            pixels: 0,
            darkest: 255,
        };
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            b.x0 = b.x0.min(x);
            b.y0 = b.y0.min(y);
            b.x1 = b.x1.max(x + 1);
            b.y1 = b.y1.max(y + 1);
            b.pixels += 1;
            b.darkest = b.darkest.min(img.data[i]);
            for ny in y.saturating_sub(1)..(y + 2).min(h) {
                for nx in x.saturating_sub(1)..(x + 2).min(w) {
                    let j = ny * w + nx;
                    if !seen[j] && ink.data[j] != 0 {
                        seen[j] = true;
                        stack.push(j);
                    }
                }
            }
        }
        if b.darkest <= hi {
            out.push(b);
        }
    }
    out
}

/// The cell around `b` (points): the nearest rules left, right, above and below that span it.
fn enclosing_cell(b: &BBox, rules: &[Rule]) -> Option<BBox> {
    let (cx, cy) = (b.cx(), b.cy());
    let mut left: Option<f32> = None;
    let mut right: Option<f32> = None;
    let mut top: Option<f32> = None;
    let mut bottom: Option<f32> = None;
    for r in rules {
        let rb = &r.bbox;
        match r.orientation {
            Orientation::Vertical if rb.y0 <= cy && cy <= rb.y1 => {
                if rb.x1 <= b.x0 {
                    left = Some(left.map_or(rb.x1, |v| v.max(rb.x1)));
                } else if rb.x0 >= b.x1 {
                    right = Some(right.map_or(rb.x0, |v| v.min(rb.x0)));
                }
            }
            Orientation::Horizontal if rb.x0 <= cx && cx <= rb.x1 => {
                if rb.y1 <= b.y0 {
                    top = Some(top.map_or(rb.y1, |v| v.max(rb.y1)));
                } else if rb.y0 >= b.y1 {
                    bottom = Some(bottom.map_or(rb.y0, |v| v.min(rb.y0)));
                }
            }
            _ => {}
        }
    }
    Some(BBox::new(left?, top?, right?, bottom?))
}

/// A word Tesseract made of a dash it could not read: no letter or digit, not a `-` already,
/// and lying on the bar.
fn misread_bar(w: &Word, bar: &BBox) -> bool {
    w.text != "-" && !w.text.chars().any(char::is_alphanumeric) && overlaps(&w.bbox, bar)
}

/// Adds the dashes `found` to `words`, dropping the bare marks each one stands for.
pub fn merge(words: &mut Vec<Word>, found: Vec<Word>) {
    words.retain(|w| !found.iter().any(|d| misread_bar(w, &d.bbox)));
    words.extend(found);
}

fn overlaps(a: &BBox, b: &BBox) -> bool {
    a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
}

/// `-` words for the lone dashes on a prepared page image (`scale` pixels per point, rules
/// erased) whose `rules` and OCR `words` are known, in page points.
pub fn find(
    img: &GrayImage,
    scale: f32,
    rules: &[Rule],
    words: &[Word],
    r: &DashRules,
) -> Vec<Word> {
    let has = |o: Orientation| rules.iter().any(|x| x.orientation == o);
    if !r.enabled || !has(Orientation::Vertical) || !has(Orientation::Horizontal) {
        return Vec::new();
    }
    let (thr, _) = super::raster::otsu(&img.histogram());
    let lo = thr.saturating_add((255 - thr) / 3);
    let all = blobs(img, lo, thr);
    let pt = |b: &Blob| {
        BBox::new(
            b.x0 as f32 / scale,
            b.y0 as f32 / scale,
            b.x1 as f32 / scale,
            b.y1 as f32 / scale,
        )
    };
    let size = {
        let mut s: Vec<f32> = words.iter().map(|w| w.font_size).collect();
        s.sort_by(f32::total_cmp);
        s.get(s.len() / 2).copied().unwrap_or(8.0)
    };
    let mut out: Vec<Word> = Vec::new();
    for (i, b) in all.iter().enumerate() {
        let bw = (b.x1 - b.x0) as f32 / scale;
        let bh = (b.y1 - b.y0) as f32 / scale;
        let fill = b.pixels as f32 / ((b.x1 - b.x0) * (b.y1 - b.y0)) as f32;
        if !(r.min_len..=r.max_len).contains(&bw)
            || !(r.min_thickness..=r.max_thickness).contains(&bh)
            || bw < r.min_aspect * bh
            || fill < r.min_fill
        {
            continue;
        }
        let bb = pt(b);
        let Some(cell) = enclosing_cell(&bb, rules) else {
            continue;
        };
        let m = r.border_margin;
        let inner = BBox::new(cell.x0 + m, cell.y0 + m, cell.x1 - m, cell.y1 - m);
        if inner.width() <= 0.0
            || inner.height() <= 0.0
            || bb.x0 < inner.x0
            || bb.x1 > inner.x1
            || bb.y0 < inner.y0
            || bb.y1 > inner.y1
        {
            continue;
        }
        // A word anywhere in the cell (Tesseract read the dash, or the cell holds text) keeps
        // the cell as read, unless every such word is a bare mark on the bar itself: with the
        // bar the cell's only ink, a `:` or `.` there is Tesseract's reading of a worn dash.
        if words
            .iter()
            .any(|w| overlaps(&w.bbox, &inner) && !misread_bar(w, &bb))
        {
            continue;
        }
        let other: usize = all
            .iter()
            .enumerate()
            .filter(|&(j, o)| j != i && overlaps(&pt(o), &inner))
            .map(|(_, o)| o.pixels)
            .sum();
        if other as f32 > r.max_other_ink * b.pixels as f32 {
            continue;
        }
        // Two bars in one cell are not a lone dash (the second one vetoes via `other` too,
        // unless both are tiny; this keeps one word per cell whatever the tolerances).
        if out.iter().any(|w| overlaps(&w.bbox, &inner)) {
            continue;
        }
        out.push(Word {
            text: "-".to_string(),
            bbox: bb,
            font_size: size,
            bold: false,
            conf: Some(r.conf),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(o: Orientation, x0: f32, y0: f32, x1: f32, y1: f32) -> Rule {
        Rule {
            orientation: o,
            bbox: BBox::new(x0, y0, x1, y1),
        }
    }

    /// A 2x2 grid of 60x20 pt cells at 4 px/pt, rules already erased (as `prepare` leaves
    /// them), with `marks` painted: (x0, y0, x1, y1) in points.
    fn grid(marks: &[(f32, f32, f32, f32)]) -> (GrayImage, Vec<Rule>) {
        let s = 4.0;
        let mut img = GrayImage::white((140.0 * s) as usize, (60.0 * s) as usize);
        for &(x0, y0, x1, y1) in marks {
            for y in (y0 * s) as usize..(y1 * s) as usize {
                for x in (x0 * s) as usize..(x1 * s) as usize {
                    img.set(x, y, 20);
                }
            }
        }
        let mut rules = Vec::new();
        for x in [10.0, 70.0, 130.0] {
            rules.push(rule(Orientation::Vertical, x - 0.3, 10.0, x + 0.3, 50.0));
        }
        for y in [10.0, 30.0, 50.0] {
            rules.push(rule(Orientation::Horizontal, 10.0, y - 0.3, 130.0, y + 0.3));
        }
        (img, rules)
    }

    #[test]
    fn a_bar_alone_in_a_cell_is_a_dash() {
        // Cell (0,0): a dash; (0,1): a dash next to a letter-sized blob; (1,0): a long bar
        // (an underline, not a dash); (1,1): empty.
        let (img, rules) = grid(&[
            (38.0, 19.5, 41.0, 20.3),
            (98.0, 19.5, 101.0, 20.3),
            (104.0, 16.0, 108.0, 22.0),
            (20.0, 39.5, 60.0, 40.3),
        ]);
        let d = find(&img, 4.0, &rules, &[], &DashRules::default());
        assert_eq!(d.len(), 1, "{d:?}");
        assert!((d[0].bbox.cx() - 39.5).abs() < 0.5 && (d[0].bbox.cy() - 19.9).abs() < 0.5);
    }

    #[test]
    fn a_cell_with_a_word_gets_no_dash() {
        let (img, rules) = grid(&[(38.0, 19.5, 41.0, 20.3)]);
        let word = Word {
            text: "12".into(),
            bbox: BBox::new(20.0, 15.0, 30.0, 24.0),
            font_size: 8.0,
            bold: false,
            conf: Some(90.0),
        };
        assert!(find(&img, 4.0, &rules, &[word], &DashRules::default()).is_empty());
    }

    #[test]
    fn a_worn_dash_read_as_a_colon_becomes_a_dash_and_a_real_colon_stays() {
        let word = |text: &str, x0: f32, x1: f32| Word {
            text: text.into(),
            bbox: BBox::new(x0, 19.0, x1, 21.0),
            font_size: 8.0,
            bold: false,
            conf: Some(40.0),
        };
        let (img, rules) = grid(&[(38.0, 19.5, 41.0, 20.3)]);
        let mut words = vec![word(":", 38.5, 40.5)];
        let found = find(&img, 4.0, &rules, &words, &DashRules::default());
        merge(&mut words, found);
        assert_eq!(words.len(), 1, "{words:?}");
        assert_eq!(words[0].text, "-");
        // Two dots stacked (a printed colon) are no bar: the word stays as read.
        let (img, rules) = grid(&[(39.0, 17.0, 40.0, 18.0), (39.0, 21.0, 40.0, 22.0)]);
        let mut words = vec![word(":", 38.5, 40.5)];
        let found = find(&img, 4.0, &rules, &words, &DashRules::default());
        merge(&mut words, found);
        assert_eq!(words[0].text, ":");
        // A figure beside the bar keeps the cell as read.
        let (img, rules) = grid(&[(38.0, 19.5, 41.0, 20.3)]);
        let mut words = vec![word(":", 38.5, 40.5), word("12", 20.0, 30.0)];
        let found = find(&img, 4.0, &rules, &words, &DashRules::default());
        assert!(found.is_empty(), "{found:?}");
        merge(&mut words, found);
        assert_eq!(words.len(), 2);
    }

    #[test]
    fn debris_on_a_border_and_unruled_pages_get_none() {
        // A short bar touching the top border of cell (0,0).
        let (img, rules) = grid(&[(38.0, 10.4, 41.0, 11.0)]);
        assert!(find(&img, 4.0, &rules, &[], &DashRules::default()).is_empty());
        let (img, rules) = grid(&[(38.0, 19.5, 41.0, 20.3)]);
        let hz: Vec<Rule> = rules
            .into_iter()
            .filter(|r| r.orientation == Orientation::Horizontal)
            .collect();
        assert!(find(&img, 4.0, &hz, &[], &DashRules::default()).is_empty());
    }
}
