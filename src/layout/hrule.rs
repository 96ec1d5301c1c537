//! Tables ruled between rows only (Word/LibreOffice exports: horizontal rules, no vertical
//! lines), whose cells wrap over several lines in narrow columns.
//!
//! The rules are the row boundaries: every text line between two rules belongs to one row, and
//! each column's fragments in that row join into one value. Column edges come from the text's
//! alignment over all body rows (the header's labels may cross a gutter), or, on a continuation
//! page, from the table before it. A band that holds several records (rules only round the header
//! and the total) is not such a table: it is left to the borderless reader.

use super::borderless::{
    gutter_edges, header_like, key_like, projection, projection_gaps, segments, whole_labels,
};
use super::cells::{join_value, Vocab};
use super::config::LayoutRules;
use super::grid::{cell_from_text, is_centered, key_order, page_lines, Seg};
use super::text::{group_lines, mark_slivers, split_at_numbering, Line};
use super::PageTable;
use crate::geom::BBox;
use crate::ingest::{Page, Word};

/// Runs of at least two horizontal rules of the same extent that no vertical rule touches,
/// each run top to bottom (the caller takes a run of two only where it continues a table).
fn rule_runs(h: &[Seg], v: &[Seg], cfg: &LayoutRules) -> Vec<Vec<Seg>> {
    let tol = cfg.snap_tolerance;
    let mut free: Vec<Seg> = h
        .iter()
        .filter(|s| s.b - s.a >= cfg.hrule_min_rule_len)
        .filter(|s| {
            !v.iter().any(|u| {
                u.pos >= s.a - tol && u.pos <= s.b + tol && s.pos >= u.a - tol && s.pos <= u.b + tol
            })
        })
        .copied()
        .collect();
    if free.len() > cfg.hrule_max_rules {
        return Vec::new();
    }
    free.sort_by(|p, q| p.pos.total_cmp(&q.pos));
    let mut taken = vec![false; free.len()];
    let mut out = Vec::new();
    for i in 0..free.len() {
        if taken[i] {
            continue;
        }
        let (a, b) = (free[i].a, free[i].b);
        let mut run = vec![free[i]];
        taken[i] = true;
        for j in i + 1..free.len() {
            let s = free[j];
            if taken[j]
                || (s.a - a).abs() > cfg.hrule_extent_tolerance
                || (s.b - b).abs() > cfg.hrule_extent_tolerance
            {
                continue;
            }
            if s.pos - run.last().map_or(s.pos, |r| r.pos) > cfg.hrule_max_row_height {
                break;
            }
            taken[j] = true;
            run.push(s);
        }
        if run.len() >= 2 {
            out.push(run);
        }
    }
    out
}

/// Parts a run of rules where a band lies outside any table: its text keeps off both rules
/// (a title between two stacked tables of the same width), or it is empty and lower than a
/// line (the margin between one table's bottom border and the next one's top).
fn split_outside(run: Vec<Seg>, words: &[&Word], cfg: &LayoutRules) -> Vec<Vec<Seg>> {
    let mut sizes: Vec<f32> = words.iter().map(|w| w.font_size).collect();
    sizes.sort_by(f32::total_cmp);
    let Some(&fs) = sizes.get(sizes.len() / 2) else {
        return vec![run];
    };
    let mut out = Vec::new();
    let mut cur = vec![run[0]];
    for k in 0..run.len() - 1 {
        let (top, bot) = (run[k].pos, run[k + 1].pos);
        let inside: Vec<&BBox> = words
            .iter()
            .map(|w| &w.bbox)
            .filter(|b| b.cy() > top && b.cy() < bot)
            .collect();
        let outside = if inside.is_empty() {
            bot - top < cfg.hrule_empty_gap * fs
        } else {
            let y0 = inside.iter().map(|b| b.y0).fold(f32::INFINITY, f32::min);
            let y1 = inside
                .iter()
                .map(|b| b.y1)
                .fold(f32::NEG_INFINITY, f32::max);
            let t = cfg.hrule_outside_gap * fs;
            // A title is one run of words; a row has gutters between its cells.
            let xs = inside.iter().map(|b| (b.x0, b.x1)).collect();
            let one_run = projection_gaps(xs, cfg.hrule_min_gap * fs) == 0;
            one_run && y0 - top > t && bot - y1 > t
        };
        if outside {
            out.push(std::mem::replace(&mut cur, vec![run[k + 1]]));
        } else {
            cur.push(run[k + 1]);
        }
    }
    out.push(cur);
    out.retain(|r| r.len() >= 2);
    out
}

/// A row the page breaks (Chromium prints a row's first lines under the last rule at the foot
/// of the page and its bottom rule on the next page, above the rest of it) hangs outside the
/// run with no rule to close it: the lines right under the run's last rule (`top`: right above
/// its first), set as tightly as a cell's lines, running to the page's bottom (top) margin,
/// with cells side by side in at least one line (at the top, where the caller knows the page
/// before broke a row, one cell will do). They are closed with a rule, so the row is read
/// instead of being lost between two pages. Returns the run and whether it was closed.
fn close_broken_row(
    mut run: Vec<Seg>,
    (a, b): (f32, f32),
    h: &[Seg],
    page: &Page,
    used: &[bool],
    cfg: &LayoutRules,
    top: bool,
) -> (Vec<Seg>, bool) {
    let edge = if top {
        run[0].pos
    } else {
        run[run.len() - 1].pos
    };
    let band = page.height * cfg.margin_band;
    // Outward from the run: distance from the run's edge grows.
    let out = |y: f32| if top { edge - y } else { y - edge };
    // Another rule further out across the run's width: the run does not reach the margin.
    if h.iter()
        .any(|s| out(s.pos) > 1.0 && s.b.min(b) - s.a.max(a) > 0.5 * (b - a))
    {
        return (run, false);
    }
    let ws: Vec<&Word> = page
        .words
        .iter()
        .zip(used)
        .filter(|(w, u)| {
            let cx = w.bbox.cx();
            !**u && cx >= a - 2.0 && cx <= b + 2.0 && out(w.bbox.cy()) > 0.0
        })
        .map(|(w, _)| w)
        .collect();
    let mut lines = group_lines(ws.iter().copied());
    if top {
        lines.reverse();
    }
    let Some(first) = lines.first() else {
        return (run, false);
    };
    let fs = first.font_size();
    // The near side of a line (towards the run) and its far side.
    let near = |l: &Line| if top { l.bbox.y1 } else { l.bbox.y0 };
    let far = |l: &Line| if top { l.bbox.y0 } else { l.bbox.y1 };
    if out(near(first)) > cfg.hrule_broken_row_start * fs {
        return (run, false);
    }
    // The row's lines follow each other as tightly as a cell's; the row may run into the
    // margin, a running header or footer stands apart from it.
    let n = 1 + lines
        .windows(2)
        .take_while(|p| out(near(&p[1])) - out(far(&p[0])) < cfg.hrule_broken_row_gap * fs)
        .count();
    let (row, rest) = lines.split_at(n);
    let reach = row.iter().map(|l| out(far(l))).fold(0.0, f32::max);
    // How far out the margin band begins.
    let to_margin = if top {
        edge - band
    } else {
        page.height - band - edge
    };
    let gap = cfg.hrule_min_gap * fs;
    // The rest of a broken row often fills one cell only; the page before vouches for it.
    let cells = top || row.iter().any(|l| segments(l, gap).len() > 1);
    let at_margin = reach > to_margin - cfg.hrule_broken_row_reach * fs
        && rest.iter().all(|l| out(l.bbox.cy()) > to_margin);
    if !(cells && at_margin) {
        return (run, false);
    }
    let pos = if top {
        edge - reach - 1.0
    } else {
        edge + reach + 1.0
    };
    let seg = Seg { pos, a, b };
    if top {
        run.insert(0, seg);
    } else {
        run.push(seg);
    }
    (run, true)
}

/// Adds a column for a header label that stands in a gutter of the body, clear of the text on
/// both sides: a column no body row on this page fills (`Sasaran`, empty in every row) shows
/// only by its label, and without it the label's column is merged into a neighbour, so the
/// piece has one column fewer than its header. A label with header text under it on both
/// sides (`Realisasi` over `K` and `Rp`) spans those columns and is not one of its own.
/// `merged`: the body's projection ([`projection`]).
fn label_columns(
    xs: &mut Vec<f32>,
    merged: &[(f32, f32)],
    head: &[&Line],
    next: &[&Line],
    gap: f32,
) {
    let below: Vec<(f32, f32)> = next.iter().flat_map(|l| segments(l, gap)).collect();
    let under = |iv: (f32, f32)| below.iter().any(|s| s.0 < iv.1 && s.1 > iv.0);
    for l in head {
        for s in segments(l, gap) {
            let k = merged.partition_point(|m| m.1 <= s.0);
            let (Some(&left), Some(&right)) =
                (k.checked_sub(1).and_then(|k| merged.get(k)), merged.get(k))
            else {
                continue;
            };
            let clear = s.0 - left.1 >= gap && right.0 - s.1 >= gap;
            let letters = l
                .words
                .iter()
                .filter(|w| w.bbox.x0 >= s.0 && w.bbox.x1 <= s.1)
                .any(|w| w.text.chars().any(char::is_alphabetic));
            if !clear || !letters || (under(left) && under(right)) {
                continue;
            }
            // The gutter's own edge gives way to the two round the label.
            let (e0, e1) = ((left.1 + s.0) / 2.0, (s.1 + right.0) / 2.0);
            let inner = xs.len() - 1;
            let mut kept: Vec<f32> = xs[1..inner]
                .iter()
                .copied()
                .filter(|&x| x <= left.1 || x >= right.0)
                .collect();
            kept.extend([e0, e1]);
            kept.sort_by(f32::total_cmp);
            let (x0, x1) = (xs[0], xs[inner]);
            *xs = std::iter::once(x0).chain(kept).chain([x1]).collect();
        }
    }
}

/// The edges fit the text: no run of words closer than `gap` has word centres in two columns.
pub(crate) fn fits(xs: &[f32], lines: &[&Line], gap: f32) -> bool {
    let nc = xs.len() - 1;
    let col = |w: &Word| xs.partition_point(|&x| x <= w.bbox.cx()).clamp(1, nc) - 1;
    lines.iter().all(|l| {
        l.words
            .windows(2)
            .all(|p| p[1].bbox.x0 - p[0].bbox.x1 >= gap || col(p[0]) == col(p[1]))
    })
}

/// The open table's edges `xs` as this page's text shows them: an edge through a word moves to
/// the nearest of this page's own gutters (`own`, inner edges) that lies between the centres
/// of the two columns it parts. Edges drawn from a page of centred header labels and few rows
/// sit a few points off the true cell border; the next page's fuller rows show where it is.
/// Each edge has its own span of centres, so no two edges take the same gutter. The edges stay
/// as they are (for `fits` to judge) where the page shows as many columns of its own, since
/// only columns it leaves empty need the open table's columns, or where more than
/// `cfg.revise_max_share` of the edges are off: that page is laid out in other columns.
pub(crate) fn revise(xs: &[f32], own: &[f32], lines: &[&Line], cfg: &LayoutRules) -> Vec<f32> {
    let mut out = xs.to_vec();
    if own.len() < 3 || xs.len() < 3 || own.len() >= xs.len() {
        return out;
    }
    let inner = &own[1..own.len() - 1];
    let m = cfg.revise_word_margin;
    // Only an edge through a word is off; one in a narrow gap between two words may be a
    // tight gutter the other page showed.
    let off: Vec<usize> = (1..xs.len() - 1)
        .filter(|&i| {
            let e = xs[i];
            lines.iter().any(|l| {
                l.words
                    .iter()
                    .any(|w| w.bbox.x0 + m < e && e < w.bbox.x1 - m)
            })
        })
        .collect();
    if off.len() as f32 > cfg.revise_max_share * (xs.len() - 2) as f32 {
        return out;
    }
    for i in off {
        let e = xs[i];
        let (lo, hi) = ((xs[i - 1] + e) / 2.0, (e + xs[i + 1]) / 2.0);
        if let Some(&g) = inner
            .iter()
            .filter(|&&g| g > lo && g < hi)
            .min_by(|a, b| (*a - e).abs().total_cmp(&(*b - e).abs()))
        {
            out[i] = g;
        }
    }
    out
}

/// A band holds several records: two or more of its lines start a key in the first column
/// (`1` then `2`), the later key greater and the earlier one not cut after a separator (a code
/// wrapped over lines, `2.07.1-` / `7.0.0.0.01.05.`, is one key).
fn several_records(lines: &[Line], x_edge: f32) -> bool {
    let mut prev: Option<String> = None;
    let mut starts = 0;
    for l in lines {
        let t: Vec<&str> = l
            .words
            .iter()
            .filter(|w| w.bbox.cx() < x_edge)
            .map(|w| w.text.as_str())
            .collect();
        if t.is_empty() {
            continue;
        }
        let t = t.join(" ");
        if !key_like(&t) {
            prev = None;
            continue;
        }
        let new = match &prev {
            None => true,
            Some(p) => !p.ends_with(['.', '-', '/', ',']) && key_order(p) < key_order(&t),
        };
        starts += usize::from(new);
        prev = Some(t);
    }
    starts >= 2
}

/// Whether the rules are a chart's gridlines: most of them carry a tick label (a figure) just
/// beyond one end, centred on the rule's height. A table's text lies between its rules, never
/// on them outside its edge.
fn axis_ticks(
    run: &[Seg],
    (a, b): (f32, f32),
    page: &Page,
    used: &[bool],
    cfg: &LayoutRules,
) -> bool {
    let figure = |t: &str| {
        t.chars().any(|c| c.is_ascii_digit())
            && t.chars()
                .all(|c| c.is_ascii_digit() || ".,%-+()".contains(c))
    };
    let ticked = run
        .iter()
        .filter(|s| {
            page.words.iter().zip(used).any(|(w, u)| {
                let fs = w.bbox.height().max(1.0);
                let reach = cfg.axis_tick_reach * fs;
                let beside = (w.bbox.x1 <= a + 1.0 && w.bbox.x1 >= a - reach)
                    || (w.bbox.x0 >= b - 1.0 && w.bbox.x0 <= b + reach);
                !*u && beside && (w.bbox.cy() - s.pos).abs() <= 0.5 * fs && figure(&w.text)
            })
        })
        .count();
    ticked >= 3 && ticked as f32 >= cfg.axis_tick_share * run.len() as f32
}

/// Finds the row-ruled tables among the words no grid took (`used`, updated). `inherit`: the
/// column edges of the table still open from the previous page, which the first table here
/// takes when its text fits them (a continuation holding one row cannot show its columns).
pub(crate) fn tables(
    page: &Page,
    cfg: &LayoutRules,
    used: &mut [bool],
    inherit: Option<&[f32]>,
    runs_on: bool,
    vocab: &mut Vocab,
) -> Vec<PageTable> {
    let (h, v) = page_lines(&page.rules, cfg);
    let mut out = Vec::new();
    let mut first = true;
    let runs: Vec<Vec<Seg>> = rule_runs(&h, &v, cfg)
        .into_iter()
        .flat_map(|run| {
            let (a, b) = (run[0].a, run[0].b);
            // The free words across the run, for where it parts.
            let ws: Vec<&Word> = page
                .words
                .iter()
                .zip(used.iter())
                .filter(|(w, u)| !**u && w.bbox.cx() >= a - 2.0 && w.bbox.cx() <= b + 2.0)
                .map(|(w, _)| w)
                .collect();
            split_outside(run, &ws, cfg)
        })
        .collect();
    for (ri, run) in runs.into_iter().enumerate() {
        let a = run.iter().map(|s| s.a).fold(f32::INFINITY, f32::min);
        let b = run.iter().map(|s| s.b).fold(f32::NEG_INFINITY, f32::max);
        // Two rules alone are a box round a title or an underline, unless they are the first
        // on a page that continues a table of their width: its last row, alone on the page.
        let continues = |xs: &[f32]| {
            xs.len() >= 3
                && (xs[0] - a).abs() <= cfg.continuation_tolerance
                && (xs[xs.len() - 1] - b).abs() <= cfg.continuation_tolerance
        };
        let lone_row = ri == 0 && first && inherit.is_some_and(continues);
        if run.len() < 3 && !lone_row {
            continue;
        }
        if axis_ticks(&run, (a, b), page, used, cfg) {
            continue;
        }
        let (run, broken_bottom) = close_broken_row(run, (a, b), &h, page, used, cfg, false);
        // Only the rest of a row the page before broke off opens a page above the first rule;
        // other lines there (a header over a rule under it) are not read as a row.
        let (run, broken_top) = if first && runs_on {
            close_broken_row(run, (a, b), &h, page, used, cfg, true)
        } else {
            (run, false)
        };
        let nb = run.len() - 1;
        let mut band_words: Vec<Vec<(usize, &Word)>> = vec![Vec::new(); nb];
        for (i, w) in page.words.iter().enumerate() {
            let (cx, cy) = (w.bbox.cx(), w.bbox.cy());
            if used[i] || cx < a - 2.0 || cx > b + 2.0 || cy <= run[0].pos || cy >= run[nb].pos {
                continue;
            }
            let k = run.partition_point(|s| s.pos < cy).clamp(1, nb) - 1;
            band_words[k].push((i, w));
        }
        let bands: Vec<Vec<Line>> = band_words
            .iter()
            .map(|ws| group_lines(ws.iter().map(|(_, w)| *w)))
            .collect();
        let filled: Vec<usize> = (0..nb).filter(|&k| !bands[k].is_empty()).collect();
        // A lone row is read only in the inherited columns (checked below).
        if filled.is_empty() || (filled.len() < 2 && !lone_row) {
            continue;
        }
        let mut sizes: Vec<f32> = bands.iter().flatten().map(|l| l.font_size()).collect();
        sizes.sort_by(f32::total_cmp);
        let fs = sizes[sizes.len() / 2];
        let gap = cfg.hrule_min_gap * fs;
        let all: Vec<&Line> = bands.iter().flatten().collect();
        // Body rows give the edges; a one-line label across the table (a section row) does not.
        let body: Vec<&Line> = bands[filled[0] + 1..]
            .iter()
            .flatten()
            .filter(|l| segments(l, gap).len() > 1 || l.bbox.width() < 0.5 * (b - a))
            .collect();
        let body_proj = projection(body.iter().copied(), gap);
        let own_body = gutter_edges(&body_proj, a, b);
        let own_all = gutter_edges(&projection(all.iter().copied(), gap), a, b);
        let inherited = inherit
            .filter(|xs| first && continues(xs) && xs.len() >= own_all.len())
            .map(|xs| revise(xs, &own_all, &all, cfg))
            .filter(|xs| fits(xs, &all, gap));
        let from_open = inherited.is_some();
        if filled.len() < 2 && !from_open {
            continue;
        }
        let mut xs: Vec<f32> = match inherited {
            Some(xs) => xs,
            // Sparse tables (a NIHIL row) show their columns only in the header.
            None if filled.len() >= 3 && own_body.len() >= 3 => own_body,
            None => own_all,
        };
        if !from_open && filled.len() >= 3 {
            let head: Vec<&Line> = bands[filled[0]].iter().collect();
            let next: Vec<&Line> = bands[filled[1]].iter().collect();
            label_columns(&mut xs, &body_proj, &head, &next, gap);
        }
        split_at_numbering(&mut xs, &all);
        // Inherited columns are the open table's, already cleared of slivers.
        let marks = if from_open {
            Vec::new()
        } else {
            mark_slivers(&mut xs, &bands, fs, cfg)
        };
        let nc = xs.len() - 1;
        if nc < 2 {
            continue;
        }
        if filled[1..]
            .iter()
            .any(|&k| several_records(&bands[k], xs[1]))
        {
            continue;
        }
        first = false;
        for (i, _) in band_words.iter().flatten() {
            used[*i] = true;
        }
        let col_of = |w: &Word| xs.partition_point(|&x| x <= w.bbox.cx()).clamp(1, nc) - 1;
        // A header label wider than its column crosses the edge the body rows drew: it goes
        // whole to the column it overlaps most (`Kolom 5` over a column of dashes is not
        // parted into `Kolom` and `5`).
        let pinned = if from_open {
            Default::default()
        } else {
            let labels = bands[filled[0]]
                .iter()
                .filter(|l| header_like(l, gap, cfg.header_label_words));
            whole_labels(labels, &xs, gap, cfg.header_label_share)
        };
        let per_cell: Vec<Vec<Vec<Line>>> = bands
            .iter()
            .map(|lines| {
                let mut cols: Vec<Vec<&Word>> = vec![Vec::new(); nc];
                for w in lines.iter().flat_map(|l| &l.words) {
                    if marks.iter().any(|m| std::ptr::eq(*m, *w)) {
                        continue;
                    }
                    let c = pinned
                        .get(&(*w as *const Word))
                        .copied()
                        .unwrap_or_else(|| col_of(w));
                    cols[c].push(w);
                }
                cols.into_iter().map(group_lines).collect()
            })
            .collect();
        for l in per_cell.iter().flatten() {
            vocab.add_lines(l);
        }
        let mut rows = Vec::with_capacity(nb);
        let mut centered = Vec::with_capacity(nb);
        for (k, cols) in per_cell.iter().enumerate() {
            if bands[k].is_empty() {
                continue;
            }
            let (y0, y1) = (run[k].pos, run[k + 1].pos);
            let mut cells = Vec::with_capacity(nc);
            let mut cent = Vec::with_capacity(nc);
            for (c, lines) in cols.iter().enumerate() {
                let rect = BBox::new(xs[c], y0, xs[c + 1], y1);
                cent.push(lines.is_empty() || is_centered(lines, &rect));
                let text = join_value(lines, &rect, vocab);
                cells.push(cell_from_text(text, lines, &rect, page.number));
            }
            rows.push(cells);
            centered.push(cent);
        }
        out.push(PageTable {
            bbox: BBox::new(a, run[0].pos, b, run[nb].pos),
            xs,
            rows,
            centered,
            caption: String::new(),
            broken_bottom,
            broken_top,
            columns_from_text: true,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{Orientation, PageSource, Rule};

    fn word(t: &str, x: f32, y: f32) -> Word {
        Word {
            text: t.into(),
            bbox: BBox::new(x, y, x + 5.0 * t.chars().count() as f32, y + 8.0),
            font_size: 8.0,
            bold: false,
            conf: None,
        }
    }

    fn hrule(y: f32) -> Rule {
        Rule {
            orientation: Orientation::Horizontal,
            bbox: BBox::new(10.0, y - 0.25, 300.0, y + 0.25),
        }
    }

    #[test]
    fn lines_between_rules_are_one_row_and_fragments_join() {
        // Header band, then one row whose name wraps over two lines and whose amount wraps
        // over three (`7,470,` / `241,4` / `38`), and a code stacked after its separators.
        let words = vec![
            word("No", 12.0, 2.0),
            word("Kode", 40.0, 2.0),
            word("Uraian", 110.0, 2.0),
            word("Pagu", 230.0, 2.0),
            word("1", 12.0, 22.0),
            word("2.07.1-", 40.0, 22.0),
            word("7.0.0.0.", 40.0, 32.0),
            word("Penyediaan", 110.0, 22.0),
            word("Jasa", 163.0, 22.0),
            word("Kantor", 110.0, 32.0),
            word("7,470,", 240.0, 22.0),
            word("241,4", 245.0, 32.0),
            word("38", 260.0, 42.0),
            word("2", 12.0, 62.0),
            word("2.07.2", 40.0, 62.0),
            word("Rapat", 110.0, 62.0),
            word("100", 255.0, 62.0),
        ];
        let page = Page {
            number: 1,
            width: 400.0,
            height: 400.0,
            words,
            rules: vec![hrule(0.0), hrule(15.0), hrule(55.0), hrule(75.0)],
            source: PageSource::TextLayer,
        };
        let mut used = vec![false; page.words.len()];
        let cfg = LayoutRules::default();
        let t = tables(&page, &cfg, &mut used, None, false, &mut Vocab::default());
        assert_eq!(t.len(), 1);
        let rows: Vec<Vec<&str>> = t[0]
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(
            rows,
            vec![
                vec!["No", "Kode", "Uraian", "Pagu"],
                vec![
                    "1",
                    "2.07.1-7.0.0.0.",
                    "Penyediaan Jasa Kantor",
                    "7,470,241,438"
                ],
                vec!["2", "2.07.2", "Rapat", "100"],
            ]
        );
        assert!(used.iter().all(|u| *u));
    }

    #[test]
    fn a_column_numbering_row_keeps_columns_no_body_row_fills() {
        // Columns 1 and 2 are empty in every body row (a `Tujuan`, a `Sasaran` filled only on
        // an earlier page); only the numbering row, too tight for a gutter, shows them.
        let mut words = Vec::new();
        for (k, x) in [12.0, 22.0, 32.0, 60.0, 150.0].into_iter().enumerate() {
            words.push(word(&(k + 1).to_string(), x, 2.0));
        }
        for y in [22.0, 42.0] {
            words.push(word("2.07", 32.0, y));
            words.push(word("Rapat", 60.0, y));
            words.push(word("100", 150.0, y));
        }
        let page = ruled_page(words, &[0.0, 15.0, 35.0, 55.0]);
        let mut used = vec![false; page.words.len()];
        let cfg = LayoutRules::default();
        let t = tables(&page, &cfg, &mut used, None, false, &mut Vocab::default());
        assert_eq!(t.len(), 1);
        let rows = texts(&t[0]);
        assert_eq!(rows[0], vec!["1", "2", "3", "4", "5"]);
        assert_eq!(rows[1], vec!["", "", "2.07", "Rapat", "100"]);
    }

    fn texts(t: &PageTable) -> Vec<Vec<&str>> {
        t.rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect()
    }

    fn ruled_page(words: Vec<Word>, ys: &[f32]) -> Page {
        Page {
            number: 1,
            width: 400.0,
            height: 400.0,
            words,
            rules: ys.iter().copied().map(hrule).collect(),
            source: PageSource::TextLayer,
        }
    }

    #[test]
    fn a_header_label_alone_in_a_gutter_is_a_column_of_its_own() {
        // `Sasaran` is empty in every body row: only its label, clear of the code and name
        // text on both sides, shows the column. `Realisasi`, in the gutter between the `K` and
        // `Rp` values too, spans the `K` and `Rp` labels below it: no column of its own.
        let mut words = vec![
            word("Kode", 12.0, 2.0),
            word("Sasaran", 60.0, 2.0),
            word("Uraian", 110.0, 2.0),
            word("Realisasi", 193.0, 2.0),
            word("K", 180.0, 12.0),
            word("Rp", 250.0, 12.0),
        ];
        for y in [32.0, 52.0] {
            words.push(word("2.07.01", 12.0, y));
            words.push(word("Rapat", 110.0, y));
            words.push(word("5", 180.0, y));
            words.push(word("100", 250.0, y));
        }
        let page = ruled_page(words, &[0.0, 10.0, 25.0, 45.0, 65.0]);
        let mut used = vec![false; page.words.len()];
        let cfg = LayoutRules::default();
        let t = tables(&page, &cfg, &mut used, None, false, &mut Vocab::default());
        assert_eq!(t.len(), 1);
        let rows = texts(&t[0]);
        assert_eq!(rows[0], vec!["Kode", "Sasaran", "Uraian", "Realisasi", ""]);
        assert_eq!(rows[2], vec!["2.07.01", "", "Rapat", "5", "100"]);
    }

    #[test]
    fn a_lone_row_between_two_rules_continues_the_open_table() {
        // The page before left the table open with these columns; this page holds its last
        // row alone, between two rules (a run of two, which elsewhere is a box round a title).
        let words = vec![
            word("2.07.01", 12.0, 22.0),
            word("Rapat", 110.0, 22.0),
            word("100", 250.0, 22.0),
        ];
        let page = ruled_page(words.clone(), &[15.0, 40.0]);
        let cfg = LayoutRules::default();
        let xs = [10.0, 100.0, 240.0, 300.0];
        let mut used = vec![false; page.words.len()];
        let t = tables(
            &page,
            &cfg,
            &mut used,
            Some(&xs),
            false,
            &mut Vocab::default(),
        );
        assert_eq!(t.len(), 1);
        assert_eq!(texts(&t[0]), vec![vec!["2.07.01", "Rapat", "100"]]);
        // With no table open, two rules are no table.
        let mut used = vec![false; page.words.len()];
        assert!(tables(&page, &cfg, &mut used, None, false, &mut Vocab::default()).is_empty());
    }

    #[test]
    fn band_of_several_records_is_left_to_the_borderless_reader() {
        // Rules only round the header and under the body: the body band holds records 1 and 2.
        let words = vec![
            word("No", 12.0, 2.0),
            word("Uraian", 110.0, 2.0),
            word("Pagu", 230.0, 2.0),
            word("1", 12.0, 22.0),
            word("Rapat", 110.0, 22.0),
            word("100", 255.0, 22.0),
            word("2", 12.0, 32.0),
            word("Kantor", 110.0, 32.0),
            word("200", 255.0, 32.0),
        ];
        let page = Page {
            number: 1,
            width: 400.0,
            height: 400.0,
            words,
            rules: vec![hrule(0.0), hrule(15.0), hrule(45.0)],
            source: PageSource::TextLayer,
        };
        let mut used = vec![false; page.words.len()];
        let t = tables(
            &page,
            &LayoutRules::default(),
            &mut used,
            None,
            false,
            &mut Vocab::default(),
        );
        assert!(t.is_empty());
        assert!(used.iter().all(|u| !u));
    }

    #[test]
    fn title_between_stacked_tables_parts_the_rule_run() {
        // Two tables of the same width share one run of rules; the title between them keeps
        // off both rules, as paragraph margins do, while cell text sits on its upper rule.
        let mut words = Vec::new();
        for y in [1.5, 13.5, 53.5, 65.5] {
            words.push(word("1", 12.0, y));
            words.push(word("Rapat", 110.0, y));
            words.push(word("100", 255.0, y));
        }
        words.push(word("Tabel", 12.0, 34.0));
        let page = Page {
            number: 1,
            width: 400.0,
            height: 400.0,
            words,
            rules: [0.0, 12.0, 24.0, 52.0, 64.0, 76.0].map(hrule).to_vec(),
            source: PageSource::TextLayer,
        };
        let mut used = vec![false; page.words.len()];
        let cfg = LayoutRules::default();
        let t = tables(&page, &cfg, &mut used, None, false, &mut Vocab::default());
        assert_eq!(t.len(), 2);
        assert!(t.iter().all(|t| t.rows.len() == 2));
        assert!(!used[12], "the title stays text");
    }
}
