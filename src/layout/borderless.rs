//! Borderless tables: blocks of lines whose words line up in columns separated by wide gaps
//! common to the lines. Column edges come from the x-gaps of the block's word projection. Rows:
//! horizontal rules between the lines when they separate single rows; else wider line spacing
//! between rows than inside them; else a new row at each line with text in the key
//! (number/code) column, or at each line filling several columns when there is no key column.

use super::cells::Vocab;
use super::config::LayoutRules;
use super::grid::{make_cell, page_lines, Seg};
use super::text::{group_lines, is_numbering, split_at_numbering, Line};
use super::PageTable;
use crate::geom::BBox;
use crate::ingest::{Page, Word};

/// Segments of a line: runs of words separated by gaps of at least `gap`.
pub(crate) fn segments(l: &Line, gap: f32) -> Vec<(f32, f32)> {
    l.runs(gap)
        .into_iter()
        .map(|r| {
            let x1 = r
                .iter()
                .map(|w| w.bbox.x1)
                .fold(f32::NEG_INFINITY, f32::max);
            (r[0].bbox.x0, x1)
        })
        .collect()
}

/// The x-intervals the lines' segments cover together, left to right: intervals closer than
/// `gap` are one; the gaps between them are column gutters.
pub(crate) fn projection<'a>(
    lines: impl IntoIterator<Item = &'a Line<'a>>,
    gap: f32,
) -> Vec<(f32, f32)> {
    let mut iv: Vec<(f32, f32)> = lines.into_iter().flat_map(|l| segments(l, gap)).collect();
    iv.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut merged: Vec<(f32, f32)> = Vec::new();
    for (a, b) in iv {
        match merged.last_mut() {
            Some(m) if a < m.1 + gap => m.1 = m.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

/// The column intervals of `lines`: their projection at gutters of at least `gap`, each
/// interval then parted again at a narrower gutter (at least `narrow`, and well over the lines'
/// word space) wherever the text to its right lines up on one edge, as a column's does, on
/// most of the lines that reach it. A gutter narrower than `gap` is common in dense templates
/// (the widest cell of a column almost touching the next), and the alignment is what tells it
/// from the space between two words of one cell, which moves from line to line.
pub(crate) fn columns(lines: &[&Line], gap: f32, narrow: Option<Narrow>) -> Vec<(f32, f32)> {
    let wide = projection(lines.iter().copied(), gap);
    let Some(n) = narrow else {
        return wide;
    };
    let Some(space) = word_space(lines, gap) else {
        return wide;
    };
    let cut = n.gap.max(n.space_factor * space);
    if cut >= gap {
        return wide;
    }
    let mut out = Vec::with_capacity(wide.len());
    for &(a, b) in &wide {
        // Each line's words inside this interval, as its own lines, projected at the cut.
        let inside: Vec<Line> = lines
            .iter()
            .filter_map(|l| {
                let words: Vec<&Word> = l
                    .words
                    .iter()
                    .copied()
                    .filter(|w| w.bbox.cx() >= a && w.bbox.cx() <= b)
                    .collect();
                let first = words.first()?;
                let mut bbox = first.bbox;
                for w in &words {
                    bbox = bbox.union(&w.bbox);
                }
                Some(Line { words, bbox })
            })
            .collect();
        let sub = projection(&inside, cut);
        let mut cur = sub[0];
        for &next in &sub[1..] {
            if lines_up(&inside, next, n) && reached(&inside, cur) >= n.min_lines {
                out.push(cur);
                cur = next;
            } else {
                cur.1 = cur.1.max(next.1);
            }
        }
        out.push(cur);
    }
    out
}

/// The narrow-gutter test of [`columns`], in points for the page at hand.
#[derive(Clone, Copy)]
pub(crate) struct Narrow {
    /// Narrowest gutter.
    pub gap: f32,
    /// A gutter is at least this many times the lines' word space.
    pub space_factor: f32,
    /// Two edges this close are one.
    pub tolerance: f32,
    /// Share of the lines with text in a column whose text starts, ends or centres on one edge.
    pub share: f32,
    /// Fewest lines with text on each side of a narrow gutter.
    pub min_lines: usize,
}

impl Narrow {
    /// The test for lines set in font size `fs`.
    pub(crate) fn at(cfg: &LayoutRules, fs: f32) -> Self {
        Narrow {
            gap: cfg.borderless_narrow_gap * fs,
            space_factor: cfg.borderless_narrow_space,
            tolerance: cfg.borderless_narrow_tolerance * fs,
            share: cfg.borderless_narrow_share,
            min_lines: cfg.borderless_min_lines,
        }
    }
}

/// The lines' word space: the lower quartile of the gaps between neighbouring words narrower
/// than `gap` (most of those are spaces inside a cell; the rest narrow gutters).
fn word_space(lines: &[&Line], gap: f32) -> Option<f32> {
    let mut gaps: Vec<f32> = lines
        .iter()
        .flat_map(|l| l.words.windows(2).map(|w| w[1].bbox.x0 - w[0].bbox.x1))
        .filter(|&g| g > 0.0 && g < gap)
        .collect();
    if gaps.len() < 4 {
        return None;
    }
    gaps.sort_by(f32::total_cmp);
    Some(gaps[gaps.len() / 4])
}

/// Lines with text inside the interval `iv`.
fn reached(lines: &[Line], iv: (f32, f32)) -> usize {
    lines
        .iter()
        .filter(|l| {
            l.words
                .iter()
                .any(|w| w.bbox.x0 >= iv.0 - 0.5 && w.bbox.x1 <= iv.1 + 0.5)
        })
        .count()
}

/// The text of enough lines in the interval `iv` starts, ends or centres on one edge.
fn lines_up(lines: &[Line], iv: (f32, f32), n: Narrow) -> bool {
    let spans: Vec<(f32, f32)> = lines
        .iter()
        .filter_map(|l| {
            let mut ws = l
                .words
                .iter()
                .filter(|w| w.bbox.x0 >= iv.0 - 0.5 && w.bbox.x1 <= iv.1 + 0.5);
            let first = ws.next()?;
            let end = ws.next_back().map_or(first.bbox.x1, |w| w.bbox.x1);
            Some((first.bbox.x0, end))
        })
        .collect();
    if spans.len() < n.min_lines {
        return false;
    }
    let mid = (iv.0 + iv.1) / 2.0;
    let near = |f: &dyn Fn(&(f32, f32)) -> bool| spans.iter().filter(|s| f(s)).count();
    let best = near(&|s| (s.0 - iv.0).abs() <= n.tolerance)
        .max(near(&|s| (s.1 - iv.1).abs() <= n.tolerance))
        .max(near(&|s| ((s.0 + s.1) / 2.0 - mid).abs() <= n.tolerance));
    best as f32 >= n.share * spans.len() as f32
}

/// Column edges from `x0` to `x1`, cut midway across each gutter between projected intervals.
pub(crate) fn gutter_edges(merged: &[(f32, f32)], x0: f32, x1: f32) -> Vec<f32> {
    let mut xs = vec![x0];
    for w in merged.windows(2) {
        xs.push((w[0].1 + w[1].0) / 2.0);
    }
    xs.push(x1);
    xs
}

/// The column of the edges `xs` a header label spanning `a..b` belongs to: the first it lies
/// in by `share` or more (a label centred over two columns goes to the first, as a spanning
/// cell's text does), else the one it overlaps most (a label wider than its column).
fn label_column(xs: &[f32], a: f32, b: f32, share: f32) -> usize {
    let nc = xs.len().saturating_sub(1);
    let over = |c: usize| (b.min(xs[c + 1]) - a.max(xs[c])).max(0.0);
    (0..nc)
        .find(|&c| over(c) >= share * (b - a))
        .unwrap_or_else(|| {
            (0..nc)
                .max_by(|&p, &q| over(p).total_cmp(&over(q)))
                .unwrap_or(0)
        })
}

/// A number, code or ordinal that typically fills a key column (`1`, `2.07.01`, `(3)`).
pub(crate) fn key_like(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && t.len() <= 24
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '(' | ')' | '-'))
}

/// A line of labels: short runs of text in most of its segments (at gutters of `gap`), not
/// the numbers and codes of a body row, so it may be a header line crossing the body's
/// gutters.
pub(crate) fn header_like(l: &Line, gap: f32, max_words: usize) -> bool {
    let runs = l.runs(gap);
    if runs.iter().any(|r| r.len() > max_words) {
        return false;
    }
    let numeric = runs
        .iter()
        .filter(|r| r.iter().all(|w| !w.text.chars().any(char::is_alphabetic)))
        .count();
    3 * numeric <= runs.len() && !is_numbering(l)
}

/// Which column of the edges `xs` each header label of `lines` (a run of words closer than
/// `gap`) goes to, whole ([`label_column`]), keyed by word: a label wider than its column, or
/// one over several, crosses the edges the body rows drew and must not be parted by them.
pub(crate) fn whole_labels<'a>(
    lines: impl IntoIterator<Item = &'a Line<'a>>,
    xs: &[f32],
    gap: f32,
    share: f32,
) -> std::collections::HashMap<*const Word, usize> {
    let mut out = std::collections::HashMap::new();
    for l in lines {
        for run in l.runs(gap) {
            let x1 = run
                .iter()
                .map(|w| w.bbox.x1)
                .fold(f32::NEG_INFINITY, f32::max);
            let c = label_column(xs, run[0].bbox.x0, x1, share);
            for w in run {
                out.insert(*w as *const Word, c);
            }
        }
    }
    out
}

/// Rows under a header: most of them hold numbers or codes in a third of their cells or more
/// (labels over running text set in columns are no header: prose has none).
fn body_like(lines: &[&Line], gap: f32, max_words: usize) -> bool {
    let rows = lines
        .iter()
        .filter(|l| !header_like(l, gap, max_words))
        .count();
    2 * rows >= lines.len()
}

/// Finds borderless tables among the free lines of a page. Returns the tables and, per line,
/// whether a table took it.
pub(crate) fn tables(
    page: &Page,
    lines: &[Line],
    skip: &[bool],
    cfg: &LayoutRules,
    vocab: &Vocab,
    inherit: Option<&[f32]>,
) -> (Vec<PageTable>, Vec<bool>) {
    let mut taken = vec![false; lines.len()];
    let mut out = Vec::new();
    // Horizontal rules (tables ruled between rows only) separate rows and may space them out.
    let (hrules, _) = page_lines(&page.rules, cfg);
    let rule_between = |a: &Line, b: &Line| {
        hrules.iter().any(|h| {
            h.pos >= a.bbox.y1 - 1.0
                && h.pos <= b.bbox.y0 + 1.0
                && h.a <= a.bbox.x0.min(b.bbox.x0) + 2.0
                && h.b >= a.bbox.x1.max(b.bbox.x1) - 2.0
        })
    };
    let idx: Vec<usize> = (0..lines.len()).filter(|&i| !skip[i]).collect();
    let anchor: Vec<bool> = idx
        .iter()
        .map(|&i| {
            let g = cfg.borderless_min_gap * lines[i].font_size();
            segments(&lines[i], g).len() >= cfg.borderless_min_columns
        })
        .collect();
    let mut k = 0;
    while k < idx.len() {
        if !anchor[k] {
            k += 1;
            continue;
        }
        // Extend the block while lines stay close; it ends after its last anchor line.
        let mut end = k;
        let mut j = k + 1;
        while j < idx.len() {
            let (a, b) = (&lines[idx[j - 1]], &lines[idx[j]]);
            let max_gap = if rule_between(a, b) { 3.0 } else { 1.5 };
            if b.bbox.y0 - a.bbox.y1 > max_gap * a.font_size() {
                break;
            }
            if anchor[j] {
                end = j;
            }
            j += 1;
        }
        // Rules between the lines belong to a row-ruled table (hrule.rs reads those); the block
        // is not parted by its gaps.
        let ruled = (k + 1..=end).any(|j| rule_between(&lines[idx[j - 1]], &lines[idx[j]]));
        let parts = if ruled {
            vec![(k, end)]
        } else {
            pieces(lines, &idx, &anchor, k, end, cfg)
        };
        for (a, b) in parts {
            let n_anchor = (a..=b).filter(|&m| anchor[m]).count();
            if n_anchor < cfg.borderless_min_lines {
                continue;
            }
            // Close lines after the last full line may still be a wrapped cell's tail.
            let mut tail = Vec::new();
            let mut j = b + 1;
            while j < idx.len() && !anchor[j] && tail.len() < 8 {
                let (p, q) = (&lines[idx[j - 1]], &lines[idx[j]]);
                if q.bbox.y0 - p.bbox.y1 > 1.5 * p.font_size() || taken[idx[j]] {
                    break;
                }
                tail.push(idx[j]);
                j += 1;
            }
            let block: Vec<usize> = idx[a..=b].to_vec();
            let anchors = anchor[a..=b].to_vec();
            // Only a block that opens the page (nothing but running headers above it) may be
            // the open table run on from the page before.
            let inherit = inherit.filter(|_| a == 0 && out.is_empty());
            let want = Want {
                columns: cfg.borderless_min_columns,
                gap: cfg.borderless_min_gap,
                narrow: true,
            };
            let built = build(
                page, lines, block, anchors, &tail, &hrules, cfg, vocab, inherit, want,
            );
            if let Some((t, used)) = built {
                for i in used {
                    taken[i] = true;
                }
                out.push(t);
            }
        }
        k = end + 1;
    }
    let pairs = pair_tables(page, lines, &idx, &mut taken, &hrules, cfg, vocab);
    out.extend(pairs);
    (out, taken)
}

/// What a block must show to be a table: fewest columns, and the narrowest gutter between
/// them in font sizes.
#[derive(Clone, Copy)]
struct Want {
    columns: usize,
    gap: f32,
    /// Narrower gutters count where the text lines up ([`columns`]).
    narrow: bool,
}

/// Two-column tables (a label and its value, a table of contents) among the lines no wider
/// table took: a run of at least `pair_min_lines` lines of exactly two cells with one gutter
/// common to all, single cells between them (a label wrapped) allowed, their cells lined up
/// (`pair_aligned_share` of the lines). One gutter is weak evidence on its own, so the
/// alignment must be clear; running text set in two columns is turned down by `build`.
fn pair_tables(
    page: &Page,
    lines: &[Line],
    idx: &[usize],
    taken: &mut [bool],
    hrules: &[Seg],
    cfg: &LayoutRules,
    vocab: &Vocab,
) -> Vec<PageTable> {
    let cells = |i: usize| segments(&lines[i], cfg.pair_min_gap * lines[i].font_size());
    let pair = |taken: &[bool], i: usize| !taken[i] && cells(i).len() == 2;
    let mut out = Vec::new();
    let mut k = 0;
    while k < idx.len() {
        if !pair(taken, idx[k]) {
            k += 1;
            continue;
        }
        let mut end = k;
        let mut j = k + 1;
        while j < idx.len() && !taken[idx[j]] {
            let (a, b) = (&lines[idx[j - 1]], &lines[idx[j]]);
            if b.bbox.y0 - a.bbox.y1 > 1.5 * a.font_size() {
                break;
            }
            if pair(taken, idx[j]) {
                end = j;
            } else if cells(idx[j]).len() != 1 {
                break;
            }
            j += 1;
        }
        let run: Vec<usize> = idx[k..=end].to_vec();
        k = end + 1;
        let anchors: Vec<bool> = run.iter().map(|&i| cells(i).len() == 2).collect();
        let two: Vec<Vec<(f32, f32)>> = run
            .iter()
            .map(|&i| cells(i))
            .filter(|c| c.len() == 2)
            .collect();
        if two.len() < cfg.pair_min_lines {
            continue;
        }
        let fs = lines[run[0]].font_size();
        if projection(run.iter().map(|&i| &lines[i]), cfg.pair_min_gap * fs).len() != 2 {
            continue;
        }
        let tol = cfg.pair_align_tolerance;
        // Labels may be indented by level: a label lines up with some other label. A value
        // column lines up on one edge, left or right (amounts).
        let with_another = |v: &[f32]| {
            v.iter()
                .enumerate()
                .filter(|&(a, x)| {
                    v.iter()
                        .enumerate()
                        .any(|(b, y)| a != b && (x - y).abs() <= tol)
                })
                .count()
        };
        let on_one_edge = |v: &[f32]| {
            v.iter()
                .map(|x| v.iter().filter(|y| (x - *y).abs() <= tol).count())
                .max()
                .unwrap_or(0)
        };
        let lefts: Vec<f32> = two.iter().map(|c| c[0].0).collect();
        let starts: Vec<f32> = two.iter().map(|c| c[1].0).collect();
        let ends: Vec<f32> = two.iter().map(|c| c[1].1).collect();
        let need = cfg.pair_aligned_share * two.len() as f32;
        if (with_another(&lefts) as f32) < need
            || (on_one_edge(&starts).max(on_one_edge(&ends)) as f32) < need
        {
            continue;
        }
        let want = Want {
            columns: 2,
            gap: cfg.pair_min_gap,
            narrow: false,
        };
        if let Some((t, used)) = build(
            page,
            lines,
            run,
            anchors,
            &[],
            hrules,
            cfg,
            vocab,
            None,
            want,
        ) {
            for i in used {
                taken[i] = true;
            }
            out.push(t);
        }
    }
    out
}

/// Column gutters of a set of lines: x-intervals at least `gap` wide that no segment covers.
fn gutters(lines: &[Line], set: &[usize], gap: f32, narrow: Option<Narrow>) -> usize {
    let set: Vec<&Line> = set.iter().map(|&i| &lines[i]).collect();
    columns(&set, gap, narrow).len().saturating_sub(1)
}

/// Gaps at least `gap` wide in the x-projection of the intervals `(x0, x1)`.
pub(crate) fn projection_gaps(mut iv: Vec<(f32, f32)>, gap: f32) -> usize {
    iv.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut n = 0;
    let mut end = f32::NEG_INFINITY;
    for (a, b) in iv {
        if end.is_finite() && a >= end + gap {
            n += 1;
        }
        end = end.max(b);
    }
    n
}

/// Parts the block `idx[k..=end]` at gaps wider than `borderless_split_gap` font sizes, then
/// joins neighbouring pieces whose lines together keep the gutters of each piece alone (rows
/// spaced apart); pieces that do not agree are tables of their own. Returns index ranges into
/// `idx`.
fn pieces(
    lines: &[Line],
    idx: &[usize],
    anchor: &[bool],
    k: usize,
    end: usize,
    cfg: &LayoutRules,
) -> Vec<(usize, usize)> {
    let mut cuts = vec![k];
    for j in k + 1..=end {
        let (a, b) = (&lines[idx[j - 1]], &lines[idx[j]]);
        if b.bbox.y0 - a.bbox.y1 > cfg.borderless_split_gap * a.font_size() {
            cuts.push(j);
        }
    }
    cuts.push(end + 1);
    let fs = lines[idx[k]].font_size();
    let gap = cfg.borderless_min_gap * fs;
    // Pieces are often single rows spaced apart; two lines that line up already say a narrow
    // gutter holds across them.
    let narrow = Narrow {
        min_lines: 2,
        ..Narrow::at(cfg, fs)
    };
    let anchors_of = |a: usize, b: usize| -> Vec<usize> {
        (a..b).filter(|&m| anchor[m]).map(|m| idx[m]).collect()
    };
    let mut out: Vec<(usize, usize)> = Vec::new();
    // A piece that opens with a table title (`Tabel 3.3`) after a gap is the title of what
    // follows, not rows of the table above, and no table runs on through it.
    let titled = |a: usize| super::title::has_title_prefix(&lines[idx[a]].text(), cfg);
    let mut last_titled = false;
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        // The block's own first line may be the title too, when its words are spread wide
        // enough to look like cells (`Tabel   2.1   Capaian   Kinerja` across the table).
        let is_title = titled(a) && (a > k || anchor[a]);
        if is_title {
            // The title's lines, up to the table set right under it, stand alone.
            let first_row = (a + 1..b).find(|&m| anchor[m]).unwrap_or(b);
            out.push((a, first_row - 1));
            last_titled = first_row == b;
            if first_row < b {
                out.push((first_row, b - 1));
            }
            continue;
        }
        if last_titled {
            last_titled = false;
            out.push((a, b - 1));
            continue;
        }
        if let Some(last) = out.last_mut() {
            let cur = anchors_of(last.0, last.1 + 1);
            let next = anchors_of(a, b);
            let both: Vec<usize> = cur.iter().chain(&next).copied().collect();
            // Each piece alone at the full gutter, together also at narrow ones: a row whose
            // widest cell nears the next column keeps the gutters of the rows above only as
            // a narrow one (and a narrow gutter that two lines alone line up on by chance
            // must not keep the next row out).
            let g = gutters(lines, &both, gap, Some(narrow));
            let alone = gutters(lines, &cur, gap, None).max(gutters(lines, &next, gap, None));
            if next.is_empty() || g >= alone {
                last.1 = b - 1;
                continue;
            }
        }
        out.push((a, b - 1));
    }
    // A header set close over the first row, whose labels cross the body's gutters (a group
    // label over two columns, a label wider than its column), keeps fewer gutters than the
    // rows under it and so stands apart: it is still their header when it opens the block,
    // holds labels only, and the rows under it make a table.
    if out.len() >= 2 && out[0].0 == k && !titled(k) {
        let (h, body) = (out[0], out[1]);
        let head = anchors_of(h.0, h.1 + 1);
        let rows = anchors_of(body.0, body.1 + 1);
        let words = cfg.header_label_words;
        let body_lines: Vec<&Line> = rows.iter().map(|&i| &lines[i]).collect();
        // The header lines that cross the rows' gutters are lines of labels (the years under
        // a group label are numbers, but they keep to the columns).
        let cols = columns(&body_lines, gap, Some(narrow));
        let edges: Vec<f32> = cols.windows(2).map(|p| (p[0].1 + p[1].0) / 2.0).collect();
        let crosses = |l: &Line| {
            segments(l, gap)
                .iter()
                .any(|&(a, b)| edges.iter().any(|&e| a < e && e < b))
        };
        let labels = (h.0..=h.1).all(|m| {
            let l = &lines[idx[m]];
            !crosses(l) || header_like(l, gap, words)
        });
        let crossing = (h.0..=h.1).any(|m| crosses(&lines[idx[m]]));
        if labels
            && crossing
            && body_like(&body_lines, gap, words)
            && !head.is_empty()
            && h.1 + 1 - h.0 <= cfg.header_max_rows
            && rows.len() >= cfg.borderless_min_lines
            && cols.len().saturating_sub(1) > gutters(lines, &head, gap, None)
        {
            out[1].0 = h.0;
            out.remove(0);
        }
    }
    out
}

/// Builds the table of one block of lines (`anchor` flags its full lines); lines of `tail`
/// that sit inside one column other than the first continue the last row. Returns the table
/// and the lines it took.
#[allow(clippy::too_many_arguments)]
fn build(
    page: &Page,
    lines: &[Line],
    mut block: Vec<usize>,
    mut anchor: Vec<bool>,
    tail: &[usize],
    hrules: &[Seg],
    cfg: &LayoutRules,
    vocab: &Vocab,
    inherit: Option<&[f32]>,
    want: Want,
) -> Option<(PageTable, Vec<usize>)> {
    let fs = lines[block[0]].font_size();
    let gap = want.gap * fs;
    // Projection of the anchor lines' segments; gaps in it are column separators.
    let anchor_lines: Vec<&Line> = block
        .iter()
        .zip(&anchor)
        .filter(|(_, a)| **a)
        .map(|(&i, _)| &lines[i])
        .collect();
    let narrow = want.narrow.then(|| Narrow::at(cfg, fs));
    let mut merged = columns(&anchor_lines, gap, narrow);
    // The header's labels may cross the body's gutters (a group label over two columns, a
    // label wider than its column): the body rows give the edges when leaving out the
    // leading label lines shows more columns, as long as enough rows remain.
    let mut head = 0;
    let most = cfg
        .header_max_rows
        .min(anchor_lines.len().saturating_sub(cfg.borderless_min_lines));
    let words = cfg.header_label_words;
    for k in 1..=most {
        if !header_like(anchor_lines[k - 1], gap, words)
            || !body_like(&anchor_lines[k..], gap, words)
        {
            break;
        }
        let body = columns(&anchor_lines[k..], gap, narrow);
        if body.len() > merged.len() {
            merged = body;
            head = k;
        }
    }
    if merged.len() < want.columns {
        return None;
    }
    let x0 = block
        .iter()
        .map(|&i| lines[i].bbox.x0)
        .fold(f32::INFINITY, f32::min);
    let x1 = block
        .iter()
        .map(|&i| lines[i].bbox.x1)
        .fold(f32::NEG_INFINITY, f32::max);
    let mut xs = gutter_edges(
        &merged,
        x0.min(merged[0].0),
        x1.max(merged[merged.len() - 1].1),
    );
    let block_lines: Vec<&Line> = block.iter().map(|&i| &lines[i]).collect();
    split_at_numbering(&mut xs, &block_lines);
    // A page that opens with the rest of the open table shows only the columns its rows fill:
    // the table's columns, laid out once across the page break, hold where its text fits them
    // (a column empty on this page otherwise vanishes and the cells after it slide left).
    let tol = cfg.continuation_tolerance;
    if let Some(ix) = inherit
        .filter(|ix| ix.len() >= xs.len() && x0 >= ix[0] - tol && x1 <= ix[ix.len() - 1] + tol)
        .map(|ix| super::hrule::revise(ix, &xs, &block_lines, cfg))
        .filter(|ix| super::hrule::fits(ix, &block_lines, gap))
    {
        xs = ix;
    }
    let nc = xs.len() - 1;
    let column_at = |x: f32| xs.partition_point(|&e| e <= x).clamp(1, nc) - 1;
    // The header lines above the body, whose labels crossed its gutters, keep each label
    // whole in one column.
    let pinned = if head > 0 {
        let first_body = anchor_lines[head].bbox.y0;
        let above = block
            .iter()
            .map(|&i| &lines[i])
            .filter(|l| l.bbox.y0 < first_body);
        whole_labels(above, &xs, gap, cfg.header_label_share)
    } else {
        Default::default()
    };
    let col_of = |w: &Word| {
        pinned
            .get(&(w as *const Word))
            .copied()
            .unwrap_or_else(|| column_at(w.bbox.cx()))
    };

    // Tail lines: every word inside one column; either all in one column other than the first
    // (a wrapped cell's end) or as close to the line above as lines inside a row are.
    let min_pitch = block
        .windows(2)
        .map(|w| lines[w[1]].bbox.y0 - lines[w[0]].bbox.y0)
        .fold(f32::INFINITY, f32::min);
    for &i in tail {
        let l = &lines[i];
        let within = l.words.iter().all(|w| {
            let c = col_of(w);
            w.bbox.x0 >= xs[c] - 1.0 && w.bbox.x1 <= xs[c + 1] + 1.0
        });
        let c = col_of(l.words[0]);
        let one_column = c > 0 && l.words.iter().all(|w| col_of(w) == c);
        let above = lines[*block.last().expect("block is not empty")].bbox.y0;
        let close = l.bbox.y0 - above <= 1.15 * min_pitch;
        // Running text across several columns (a title or paragraph set close under the
        // table) is no cell's tail: a tail lies in one column, a row's cells stand apart.
        let several = l.words.iter().any(|w| col_of(w) != c);
        let prose = several && l.is_prose(cfg.prose_min_words, cfg.prose_word_gap);
        if !(within && (one_column || close)) || prose {
            break;
        }
        block.push(i);
        anchor.push(false);
    }
    // Key column: the one whose text is a number/code on most anchor lines.
    let mut key_hits = vec![0usize; nc];
    let mut n_anchor = 0;
    for (&i, &a) in block.iter().zip(&anchor) {
        if !a {
            continue;
        }
        n_anchor += 1;
        let mut first: Vec<Option<&str>> = vec![None; nc];
        for w in &lines[i].words {
            let c = col_of(w);
            if first[c].is_none() {
                first[c] = Some(&w.text);
            }
        }
        for (c, f) in first.iter().enumerate() {
            if f.is_some_and(key_like) {
                key_hits[c] += 1;
            }
        }
    }
    let key_col = (0..nc)
        .filter(|&c| key_hits[c] * 10 >= n_anchor * 6)
        .min_by_key(|&c| c);

    // Rules across the block between its lines are row borders; without them a row starts at
    // a line with text in the key column, or at a line filling several columns.
    let top = lines[block[0]].bbox.y1;
    let bottom = lines[*block.last()?].bbox.y0;
    let width = (x1 - x0).max(1.0);
    let seps: Vec<f32> = hrules
        .iter()
        .filter(|h| h.pos > top && h.pos < bottom && (h.b.min(x1) - h.a.max(x0)) >= 0.6 * width)
        .map(|h| h.pos)
        .collect();
    let band_of = |i: usize| seps.iter().filter(|&&y| y < lines[i].bbox.cy()).count();
    // Rules are row borders when no band between them (the header's aside) holds two lines
    // that each fill several columns; otherwise they only frame the header or a total.
    let mut anchors_in_band: std::collections::BTreeMap<usize, usize> = Default::default();
    for (&i, &a) in block.iter().zip(&anchor) {
        *anchors_in_band.entry(band_of(i)).or_default() += usize::from(a);
    }
    let rows_ruled =
        anchors_in_band.len() >= 3 && anchors_in_band.values().skip(1).all(|&n| n <= 1);
    // Line pitches: when rows are spaced apart more than the lines inside a row, the wider
    // pitches are the row breaks (this copes with cells centred vertically in their row).
    let tops: Vec<f32> = block.iter().map(|&i| lines[i].bbox.y0).collect();
    let mut pitches: Vec<f32> = tops.windows(2).map(|w| w[1] - w[0]).collect();
    pitches.sort_by(f32::total_cmp);
    // Two lines closer than most of a font size are one line split apart (OCR's baselines
    // jitter), not the pitch of wrapped lines.
    let line_pitch = pitches
        .iter()
        .copied()
        .find(|&p| p >= cfg.borderless_min_pitch * fs)
        .or_else(|| pitches.last().copied())
        .unwrap_or(0.0);
    let mut row_pitch_cut = line_pitch * 1.25 + 0.5;
    let mut spaced = pitches
        .iter()
        .filter(|&&p| p > line_pitch * 1.4 + 1.0)
        .count()
        >= 2;
    // Cell padding spaces rows apart by a point or two only: where no line says which column
    // keys a row, two clean populations of pitches (wrapped lines at the line pitch, row
    // breaks a little wider, nothing between) still tell the rows.
    if !spaced && key_col.is_none() {
        let tight_max = line_pitch * cfg.borderless_pitch_tight + cfg.borderless_pitch_tight_pt;
        let loose_min = line_pitch * cfg.borderless_pitch_loose + cfg.borderless_pitch_loose_pt;
        let tight = pitches.iter().filter(|&&p| p <= tight_max).count();
        let loose = pitches.iter().filter(|&&p| p >= loose_min).count();
        if tight >= 2 && loose >= 2 && tight + loose == pitches.len() {
            spaced = true;
            row_pitch_cut = (tight_max + loose_min) / 2.0;
        }
    }
    // Widest line of each column: a cell's text wraps only past it.
    let mut col_width = vec![0f32; nc];
    for &i in &block {
        for (c, w) in col_widths(&lines[i], &xs, &col_of) {
            col_width[c] = col_width[c].max(w);
        }
    }
    if key_col.is_none()
        && line_pitch <= cfg.prose_max_pitch * fs
        && prose_in_columns(&block, lines, nc, &col_of, &col_width, cfg)
    {
        return None;
    }
    // A line with text in the first column only, which would have fitted after the cell above
    // without wrapping and after which the first column's next word would have fitted too,
    // over a line that starts a row, is a section label (`Jenis kelamin` over its rows): a
    // row of its own, not the tail of the row above.
    let section: Vec<bool> = (0..block.len())
        .map(|k| {
            if anchor[k] || k == 0 || k + 1 >= block.len() || !anchor[k + 1] {
                return false;
            }
            let (l, next) = (&lines[block[k]], &lines[block[k + 1]]);
            if l.words.iter().any(|w| col_of(w) != 0) {
                return false;
            }
            let keyed = |kc: usize| kc != 0 && next.words.iter().any(|w| col_of(w) == kc);
            if key_col.is_some_and(|kc| !keyed(kc)) {
                return false;
            }
            // The first column's text on `a`, and on `b` its first word (`whole`: all of it):
            // whether that would have fitted after the text on `a` within the column's
            // widest line. The widest line only bounds the column's width from below, so the
            // line above must have had room for the whole label, not only its first word.
            let first_col = |l: &Line| {
                l.words
                    .iter()
                    .filter(|w| col_of(w) == 0)
                    .fold(None, |a: Option<(f32, f32)>, w| {
                        Some(a.map_or((w.bbox.x0, w.bbox.x1), |(x0, x1)| {
                            (x0.min(w.bbox.x0), x1.max(w.bbox.x1))
                        }))
                    })
            };
            let fits = |a: &Line, b: &Line, whole: bool| {
                let Some((b0, b1)) = first_col(b) else {
                    return false;
                };
                let first = b
                    .words
                    .iter()
                    .find(|w| col_of(w) == 0)
                    .map(|w| w.bbox.width());
                let add = if whole { b1 - b0 } else { first.unwrap_or(0.0) };
                first_col(a).is_none_or(|(x0, x1)| {
                    (x1 - x0) + cfg.wrap_space * a.font_size() + add
                        <= col_width[0] - cfg.wrap_slack
                })
            };
            let above = &lines[block[k - 1]];
            (fits(l, next, false) || face_changes(l, next, &col_of))
                && (fits(above, l, true) || face_changes(above, l, &col_of))
        })
        .collect();
    let numbered: Vec<bool> = block.iter().map(|&i| is_numbering(&lines[i])).collect();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut prev_band = usize::MAX;
    // The last line of the open row with text in each column.
    let mut last_in_col: Vec<Option<usize>> = vec![None; nc];
    for (k, (&i, &a)) in block.iter().zip(&anchor).enumerate() {
        let cols: Vec<usize> = lines[i].words.iter().map(|w| col_of(w)).collect();
        // A cell's lines run on without a blank line: a full line with text in a column whose
        // cell in the open row ended lines above is the next row, key or no key (a sub row of
        // a kegiatan that leaves the code column empty).
        let reopens = a
            && cols
                .iter()
                .any(|&c| last_in_col[c].is_some_and(|l| l + 1 < k));
        let band = band_of(i);
        let new_band = band != prev_band;
        prev_band = band;
        // A column-numbering line is a row of its own, whatever lies close above or below it.
        let numbering = numbered[k] || (k > 0 && numbered[k - 1]);
        let starts = new_band
            || numbering
            || (!rows_ruled
                && if spaced {
                    k > 0 && tops[k] - tops[k - 1] > row_pitch_cut
                } else {
                    let by_text = match key_col {
                        Some(kc) => cols.contains(&kc),
                        None => a,
                    };
                    reopens
                        || section[k]
                        || by_text
                            && !(k > 0
                                && wraps(&lines[block[k - 1]], &lines[i], &col_width, cfg, &col_of))
                });
        if starts || groups.is_empty() {
            groups.push(vec![i]);
            last_in_col.iter_mut().for_each(|l| *l = None);
        } else {
            groups.last_mut().expect("not empty").push(i);
        }
        for &c in &cols {
            last_in_col[c] = Some(k);
        }
    }
    join_header_lines(&mut groups, lines, &col_of, nc);
    let mut rows = Vec::with_capacity(groups.len());
    for g in &groups {
        let mut per_col: Vec<Vec<&Word>> = vec![Vec::new(); nc];
        for &i in g {
            for w in &lines[i].words {
                per_col[col_of(w)].push(w);
            }
        }
        let y0 = g
            .iter()
            .map(|&i| lines[i].bbox.y0)
            .fold(f32::INFINITY, f32::min);
        let y1 = g
            .iter()
            .map(|&i| lines[i].bbox.y1)
            .fold(f32::NEG_INFINITY, f32::max);
        let cells = (0..nc)
            .map(|c| {
                let rect = BBox::new(xs[c], y0, xs[c + 1], y1);
                let lines = group_lines(per_col[c].iter().copied());
                make_cell(&lines, &rect, page.number, vocab)
            })
            .collect();
        rows.push(cells);
    }
    let y0 = lines[block[0]].bbox.y0;
    let y1 = lines[*block.last()?].bbox.y1;
    // No cell geometry to tell centred labels from body text: alignment does not count.
    let centered = rows.iter().map(|r: &Vec<_>| vec![true; r.len()]).collect();
    Some((
        PageTable {
            bbox: BBox::new(xs[0], y0, xs[nc], y1),
            xs,
            rows,
            centered,
            caption: String::new(),
            broken_bottom: false,
            broken_top: false,
            columns_from_text: true,
        },
        block,
    ))
}

/// The lines above a column-numbering line are the header, however many lines its labels wrap
/// over: with no rules to bound the header's cells, each wrapped line of labels filling
/// several columns otherwise reads as a row of its own, and the header is not recognised
/// (nor its repeat on the next page). Only while none of them reads as a body row.
fn join_header_lines(
    groups: &mut Vec<Vec<usize>>,
    lines: &[Line],
    col_of: &impl Fn(&Word) -> usize,
    nc: usize,
) {
    let Some(n) = groups
        .iter()
        .take(MAX_HEADER_GROUPS)
        .position(|g| g.len() == 1 && is_numbering(&lines[g[0]]))
    else {
        return;
    };
    if n < 2 {
        return;
    }
    let body_like = groups[..n].iter().flatten().any(|&i| {
        let mut cells = vec![crate::extracted::Cell::default(); nc];
        for w in &lines[i].words {
            let c = &mut cells[col_of(w)].text;
            if !c.is_empty() {
                c.push(' ');
            }
            c.push_str(&w.text);
        }
        crate::extracted::looks_like_body_row(&cells)
    });
    if body_like {
        return;
    }
    // A line whose labels all sit in columns the header row above it fills continues that
    // row's cells; one that fills a column of its own is the next tier (`Pagu` under a
    // `Rancangan Awal` spanning it), which the columns' stages are read from.
    let cols = |g: &[usize]| -> std::collections::BTreeSet<usize> {
        g.iter()
            .flat_map(|&i| lines[i].words.iter().map(|w| col_of(w)))
            .collect()
    };
    let mut tiers: Vec<(Vec<usize>, std::collections::BTreeSet<usize>)> = Vec::new();
    for g in groups.drain(..n) {
        let c = cols(&g);
        match tiers.last_mut() {
            Some((t, tc)) if c.is_subset(tc) => t.extend(g),
            _ => tiers.push((g, c)),
        }
    }
    groups.splice(0..0, tiers.into_iter().map(|(t, _)| t));
}

/// Whether `line` is set in another face (bold or not) than the text of `above` in the columns
/// `line` fills: a cell's text keeps its face when it wraps, so such a line is not `above`'s
/// cells running on (a bold section label under a plain row).
fn face_changes(above: &Line, line: &Line, col_of: &impl Fn(&Word) -> usize) -> bool {
    let cols: Vec<usize> = line.words.iter().map(|w| col_of(w)).collect();
    let mut up = above
        .words
        .iter()
        .filter(|w| cols.contains(&col_of(w)))
        .peekable();
    if up.peek().is_none() {
        return false;
    }
    let bold_up = up.all(|w| w.bold);
    let bold_down = line.words.iter().all(|w| w.bold);
    bold_up != bold_down
}

/// Whether a block set at the leading of prose is running text in columns rather than a
/// table: no bold first line (a header), most lines fill every column, and most filled cells
/// are running text (several words, mostly letters, filling most of the column's widest line).
fn prose_in_columns(
    block: &[usize],
    lines: &[Line],
    nc: usize,
    col_of: &impl Fn(&Word) -> usize,
    col_width: &[f32],
    cfg: &LayoutRules,
) -> bool {
    if lines[block[0]].words.iter().all(|w| w.bold) {
        return false;
    }
    let (mut full, mut filled, mut prose) = (0usize, 0usize, 0usize);
    for &i in block {
        let mut cells: Vec<Vec<&Word>> = vec![Vec::new(); nc];
        for w in &lines[i].words {
            cells[col_of(w)].push(w);
        }
        full += usize::from(cells.iter().all(|c| !c.is_empty()));
        for (c, ws) in cells.iter().enumerate().filter(|(_, ws)| !ws.is_empty()) {
            filled += 1;
            let x0 = ws.iter().map(|w| w.bbox.x0).fold(f32::INFINITY, f32::min);
            let x1 = ws
                .iter()
                .map(|w| w.bbox.x1)
                .fold(f32::NEG_INFINITY, f32::max);
            let (letters, alnum) =
                ws.iter()
                    .flat_map(|w| w.text.chars())
                    .fold((0usize, 0usize), |(l, a), ch| {
                        (
                            l + usize::from(ch.is_alphabetic()),
                            a + usize::from(ch.is_alphanumeric()),
                        )
                    });
            let running = ws.len() >= cfg.prose_min_words
                && letters * 5 >= alnum * 4
                && x1 - x0 >= cfg.prose_cell_fill * col_width[c];
            prose += usize::from(running);
        }
    }
    full as f32 >= cfg.prose_full_lines * block.len() as f32
        && prose as f32 >= cfg.prose_cell_share * filled as f32
}

/// How many rows down a column-numbering row still ends a header whose lines it joins.
const MAX_HEADER_GROUPS: usize = 24;

/// Width of each column's text on one line, for the columns the line fills.
fn col_widths(l: &Line, xs: &[f32], col_of: &impl Fn(&Word) -> usize) -> Vec<(usize, f32)> {
    let mut span: std::collections::BTreeMap<usize, (f32, f32)> = Default::default();
    for w in &l.words {
        let c = col_of(w);
        // A word reaching over its column's edges (a spanning label) says nothing of the width.
        if w.bbox.x0 < xs[c] - 1.0 || w.bbox.x1 > xs[c + 1] + 1.0 {
            continue;
        }
        let e = span.entry(c).or_insert((w.bbox.x0, w.bbox.x1));
        e.0 = e.0.min(w.bbox.x0);
        e.1 = e.1.max(w.bbox.x1);
    }
    span.into_iter().map(|(c, (a, b))| (c, b - a)).collect()
}

/// Whether `line` is the wrapped tail of the cells of `above` rather than a row of its own:
/// it fills only columns `above` fills, not all of them (the short cells of the row ended on
/// its first line), and in each of them its first word could not have followed the text above
/// within the column's widest line. Cells wrap only when the next word does not fit, so a
/// true new row fails the test as soon as one of its cells would have fitted. Under a line
/// that is itself its columns' widest, that cue is gone and a short row joins it; rows of
/// a row filling as many columns as the line above never does.
fn wraps(
    above: &Line,
    line: &Line,
    col_width: &[f32],
    cfg: &LayoutRules,
    col_of: &impl Fn(&Word) -> usize,
) -> bool {
    let cols_of = |l: &Line| {
        let mut v: Vec<usize> = l.words.iter().map(|w| col_of(w)).collect();
        v.dedup();
        v
    };
    let (up, down) = (cols_of(above), cols_of(line));
    if down.is_empty() || down.len() >= up.len() || down.iter().any(|c| !up.contains(c)) {
        return false;
    }
    if face_changes(above, line, col_of) {
        return false;
    }
    let space = cfg.wrap_space * line.font_size();
    down.iter().all(|&c| {
        let x0 = above
            .words
            .iter()
            .filter(|w| col_of(w) == c)
            .map(|w| w.bbox.x0)
            .fold(f32::INFINITY, f32::min);
        let x1 = above
            .words
            .iter()
            .filter(|w| col_of(w) == c)
            .map(|w| w.bbox.x1)
            .fold(f32::NEG_INFINITY, f32::max);
        let Some(first) = line.words.iter().find(|w| col_of(w) == c) else {
            return false;
        };
        let joined = (x1 - x0) + space + first.bbox.width();
        joined > col_width[c] - cfg.wrap_slack
    })
}
