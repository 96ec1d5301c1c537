//! Words to text lines: the one place that decides which words share a baseline.

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
