//! Words to text lines: the one place that decides which words share a baseline.

use super::config::LayoutRules;
use crate::geom::BBox;
use crate::ingest::Word;

/// One line of words, left to right.
#[derive(Debug, Clone)]
pub(crate) struct Line<'a> {
    /// The words, sorted by x.
    pub words: Vec<&'a Word>,
    /// Union of the word boxes.
    pub bbox: BBox,
}

impl Line<'_> {
    /// The words joined by single spaces.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for w in &self.words {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(w.text.trim());
        }
        s
    }

    /// Most of the line's characters are in a bold face.
    pub fn bold(&self) -> bool {
        let (mut b, mut all) = (0usize, 0usize);
        for w in &self.words {
            let n = w.text.chars().count();
            all += n;
            if w.bold {
                b += n;
            }
        }
        all > 0 && b * 5 >= all * 4
    }

    /// A line of running text: at least `min_words` words, none further than `max_gap` font
    /// sizes from the next (wider gaps part the cells of a row).
    pub fn is_prose(&self, min_words: usize, max_gap: f32) -> bool {
        let gap = max_gap * self.font_size();
        self.words.len() >= min_words
            && self
                .words
                .windows(2)
                .all(|w| w[1].bbox.x0 - w[0].bbox.x1 <= gap)
    }

    /// Runs of words closer than `gap` to the run before them (a borderless row's cells, a
    /// text column's line), left to right.
    pub fn runs(&self, gap: f32) -> Vec<&[&Word]> {
        let mut out = Vec::new();
        let (mut start, mut end) = (0, f32::NEG_INFINITY);
        for (i, w) in self.words.iter().enumerate() {
            if i > start && w.bbox.x0 - end >= gap {
                out.push(&self.words[start..i]);
                start = i;
            }
            end = if i == start {
                w.bbox.x1
            } else {
                end.max(w.bbox.x1)
            };
        }
        if start < self.words.len() {
            out.push(&self.words[start..]);
        }
        out
    }

    /// Median font size of the words (the line height when fonts are unknown).
    pub fn font_size(&self) -> f32 {
        let mut v: Vec<f32> = self
            .words
            .iter()
            .map(|w| {
                if w.font_size > 0.0 {
                    w.font_size
                } else {
                    w.bbox.height()
                }
            })
            .collect();
        v.sort_by(f32::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(0.0).max(1.0)
    }
}

/// Groups words into lines: sorted once by vertical centre, a word joins the current line when
/// its box overlaps the line's vertical extent by at least half the smaller height.
pub(crate) fn group_lines<'a>(words: impl IntoIterator<Item = &'a Word>) -> Vec<Line<'a>> {
    let mut ws: Vec<&Word> = words
        .into_iter()
        .filter(|w| !w.text.trim().is_empty())
        .collect();
    ws.sort_by(|a, b| a.bbox.cy().total_cmp(&b.bbox.cy()));
    let mut lines: Vec<Line> = Vec::new();
    for w in ws {
        if let Some(l) = lines.last_mut() {
            let ov = l.bbox.y1.min(w.bbox.y1) - l.bbox.y0.max(w.bbox.y0);
            let h = l.bbox.height().min(w.bbox.height()).max(0.1);
            if ov >= 0.5 * h {
                l.bbox = l.bbox.union(&w.bbox);
                l.words.push(w);
                continue;
            }
        }
        lines.push(Line {
            words: vec![w],
            bbox: w.bbox,
        });
    }
    for l in &mut lines {
        l.words.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    }
    lines
}

/// A column of running text on a page set in two columns: the words from `y0` to `y1` on
/// one side of `x` (left when `left`), read as lines of their own, apart from what stands
/// beside them (a table in the other column).
#[derive(Debug, Clone, Copy)]
pub(crate) struct TextColumn {
    /// Where the page's two columns part.
    pub x: f32,
    /// Top of the text column.
    pub y0: f32,
    /// Bottom of the text column.
    pub y1: f32,
    /// The text column is the left one.
    pub left: bool,
}

impl TextColumn {
    /// The word lies in the text column.
    pub fn holds(&self, w: &Word) -> bool {
        let cy = w.bbox.cy();
        cy >= self.y0 && cy <= self.y1 && (w.bbox.cx() < self.x) == self.left
    }
}

/// Finds a column of running text beside other text: at least `text_column_min_lines`
/// lines in a row whose first (or last) run of words (no gap over `text_column_word_gap` font
/// sizes: justified lines space their words out), at least `text_column_min_words` long,
/// starts on one edge, follows the line above at a text line's pitch (no cell padding), and
/// mostly fills the column's measure (`text_column_filled` of them end at its edge); no word
/// crosses the channel beside it, and text stands on the other side. A table's wrapped names
/// rarely do all of that: its rows pad their lines apart and its names end ragged.
pub(crate) fn text_column(lines: &[Line], cfg: &LayoutRules) -> Option<TextColumn> {
    [true, false]
        .into_iter()
        .find_map(|left| text_column_on(lines, cfg, left))
}

/// A line's first (or last) run of words, as [`text_column_on`] weighs it.
struct Run {
    /// Index of the line.
    line: usize,
    x0: f32,
    x1: f32,
    /// Top of the run's words (a line grouped with a word beside it may be taller).
    top: f32,
}

fn text_column_on(lines: &[Line], cfg: &LayoutRules, left: bool) -> Option<TextColumn> {
    let mut runs: Vec<Run> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let parts = l.runs(cfg.text_column_word_gap * l.font_size());
        let part = if left { parts.first() } else { parts.last() };
        let Some(part) = part.filter(|p| p.len() >= cfg.text_column_min_words) else {
            continue;
        };
        let letters = part
            .iter()
            .filter(|w| w.text.chars().any(char::is_alphabetic))
            .count();
        if 2 * letters < part.len() {
            continue;
        }
        runs.push(Run {
            line: i,
            x0: part[0].bbox.x0,
            x1: part[part.len() - 1].bbox.x1,
            top: part.iter().map(|w| w.bbox.y0).fold(f32::INFINITY, f32::min),
        });
    }
    // The column's start edge: the x0 most runs share.
    let tol = cfg.text_column_edge_tolerance;
    let edge = runs
        .iter()
        .map(|r| r.x0)
        .max_by_key(|&x| runs.iter().filter(|r| (r.x0 - x).abs() <= tol).count())?;
    // Stretches of consecutive lines at a text line's pitch.
    let mut stretches: Vec<Vec<&Run>> = Vec::new();
    for r in runs.iter().filter(|r| (r.x0 - edge).abs() <= tol) {
        let fs = lines[r.line].font_size();
        let joins = stretches
            .last()
            .and_then(|s| s.last())
            .is_some_and(|p| r.top > p.top && r.top - p.top <= cfg.prose_max_pitch * fs);
        match stretches.last_mut() {
            Some(s) if joins => s.push(r),
            _ => stretches.push(vec![r]),
        }
    }
    let kept: Vec<&Run> = stretches
        .into_iter()
        .filter(|s| s.len() >= cfg.text_column_min_lines)
        .flatten()
        .collect();
    let fs = lines[kept.first()?.line].font_size();
    let (x0, x1) = (
        kept.iter().map(|r| r.x0).fold(f32::INFINITY, f32::min),
        kept.iter().map(|r| r.x1).fold(f32::NEG_INFINITY, f32::max),
    );
    let band = cfg.text_column_fill_band * fs;
    let filled = kept.iter().filter(|r| (r.x1 - x1).abs() <= band).count();
    if (filled as f32) < cfg.text_column_filled * kept.len() as f32 {
        return None;
    }
    // The channel beside the column holds no word, and text stands beyond it on a few lines.
    let channel = cfg.text_column_channel * fs;
    let (c0, c1) = if left {
        (x1, x1 + channel)
    } else {
        (x0 - channel, x0)
    };
    let mut y0 = kept
        .iter()
        .map(|r| lines[r.line].bbox.y0)
        .fold(f32::INFINITY, f32::min);
    let mut y1 = kept
        .iter()
        .map(|r| lines[r.line].bbox.y1)
        .fold(f32::NEG_INFINITY, f32::max);
    // Lines of the column that the stretches left out (one spaced wide, a paragraph's short
    // last line, a heading) continue it: text on the column's side that starts at its edge, a
    // line's pitch from the column's line above or below.
    let side_top = |l: &Line| {
        let mut ws = l.words.iter().filter(|w| {
            if left {
                w.bbox.x1 <= c0 + 0.5
            } else {
                w.bbox.x0 >= c1 - 0.5
            }
        });
        let first = ws.next()?;
        ((first.bbox.x0 - edge).abs() <= tol).then_some(first.bbox.y0)
    };
    let pitch = cfg.prose_max_pitch * fs;
    let first = lines.iter().position(|l| l.bbox.y0 >= y0).unwrap_or(0);
    let mut top = y0;
    for l in lines[..first].iter().rev() {
        match side_top(l) {
            Some(t) if top - t > 0.0 && top - t <= pitch => {
                top = t;
                y0 = y0.min(l.bbox.y0);
            }
            _ if l.bbox.y0 >= top - pitch => continue,
            _ => break,
        }
    }
    let last = lines.iter().rposition(|l| l.bbox.y1 <= y1).unwrap_or(0);
    let mut top = lines[last].bbox.y0;
    for l in &lines[last + 1..] {
        match side_top(l) {
            Some(t) if t - top > 0.0 && t - top <= pitch => {
                top = t;
                y1 = y1.max(l.bbox.y1);
            }
            _ if l.bbox.y0 <= top + pitch => continue,
            _ => break,
        }
    }
    let mut beyond = 0;
    for l in lines.iter().filter(|l| l.bbox.y1 > y0 && l.bbox.y0 < y1) {
        if l.words
            .iter()
            .any(|w| w.bbox.x0 < c1 - 0.5 && w.bbox.x1 > c0 + 0.5)
        {
            return None;
        }
        let other = |w: &&Word| {
            if left {
                w.bbox.x0 >= c1
            } else {
                w.bbox.x1 <= c0
            }
        };
        beyond += usize::from(l.words.iter().any(other));
    }
    if beyond < cfg.text_column_beside_lines {
        return None;
    }
    Some(TextColumn {
        x: (c0 + c1) / 2.0,
        y0,
        y1,
        left,
    })
}

/// A line that numbers the columns (`1 2 3 ... 16`, `(5) (6) (7)`), as whole words.
pub(crate) fn is_numbering(l: &Line) -> bool {
    crate::extracted::is_column_numbering(l.words.iter().map(|w| w.text.as_str()))
}

/// Adds a column edge between two neighbouring words of a column-numbering line that fell into
/// one column. Every number of such a line heads a column of its own: a column no body row
/// fills (an empty `Tujuan` column under its `2`) has no text to show its gutter but the
/// number, and without it the cells after it slide one place left.
pub(crate) fn split_at_numbering(xs: &mut Vec<f32>, lines: &[&Line]) {
    for l in lines.iter().filter(|l| is_numbering(l)) {
        for p in l.words.windows(2) {
            let (a, b) = (p[0].bbox, p[1].bbox);
            if b.x0 <= a.x1 {
                continue;
            }
            let ca = xs.partition_point(|&x| x <= a.cx());
            let cb = xs.partition_point(|&x| x <= b.cx());
            if ca == cb && ca > 0 && ca < xs.len() {
                xs.insert(ca, (a.x1 + b.x0) / 2.0);
            }
        }
    }
}

/// Whether a word carries no letter or digit and is none of `values` (the nil dash `-` is a
/// cell's value): a mark (`—`, `=`, a quote, an OCR speck).
fn is_mark(w: &Word, values: &[String]) -> bool {
    !w.text.chars().any(char::is_alphanumeric) && !values.contains(&w.text)
}

/// Merges away a column narrower than `max_width` that holds nothing but marks, in at most
/// `max_fill` of the bands (`bands`: each row's lines): an OCR speck or a dash left in a gutter
/// otherwise opens a phantom column of its own, and the rows the next page lays out without it
/// slide one place. A column with no word at all is left (its header may be on the page
/// before). Its edges become one, midway; an outer column gives up its inner edge.
/// Returns the marks that stood in such columns, which belong to no cell.
pub(crate) fn mark_slivers<'a>(
    xs: &mut Vec<f32>,
    bands: &[Vec<Line<'a>>],
    fs: f32,
    cfg: &LayoutRules,
) -> Vec<&'a Word> {
    let (max_width, max_fill) = (cfg.sliver_max_width * fs, cfg.sliver_max_fill);
    let filled = bands.iter().filter(|b| !b.is_empty()).count().max(1) as f32;
    let mut dropped = Vec::new();
    let mut c = 0;
    while xs.len() > 3 && c + 1 < xs.len() {
        let (x0, x1) = (xs[c], xs[c + 1]);
        let inside = |w: &&Word| w.bbox.cx() >= x0 && w.bbox.cx() < x1;
        let words: Vec<&'a Word> = bands
            .iter()
            .flatten()
            .flat_map(|l| l.words.iter().copied())
            .filter(inside)
            .collect();
        let rows = bands
            .iter()
            .filter(|b| b.iter().flat_map(|l| &l.words).any(inside))
            .count() as f32;
        // An empty column keeps its place: its header may be on the page before.
        let marks_only = !words.is_empty() && words.iter().all(|w| is_mark(w, &cfg.sliver_values));
        if x1 - x0 >= max_width || rows > max_fill * filled || !marks_only {
            c += 1;
            continue;
        }
        dropped.extend(words);
        if c == 0 {
            xs.remove(1);
        } else if c + 2 == xs.len() {
            xs.remove(c);
        } else {
            xs[c] = (x0 + x1) / 2.0;
            xs.remove(c + 1);
        }
    }
    dropped
}
