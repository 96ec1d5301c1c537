//! Ruled tables: ruling lines to a grid of cells, spanning cells found from the borders that
//! are missing, words placed into cells by their centre.

use super::cells::{join_lines, Vocab};
use super::config::LayoutRules;
use super::text::{group_lines, Line};
use super::PageTable;
use crate::extracted::{looks_like_body_row, Cell};
use crate::geom::BBox;
use crate::ingest::{Orientation, Page, Rule, Word};

/// A merged ruling line: `pos` is its x (vertical) or y (horizontal), `a..b` its extent along
/// the other axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Seg {
    /// Position across the line.
    pub pos: f32,
    /// Start along the line.
    pub a: f32,
    /// End along the line.
    pub b: f32,
}

/// Merges rule pieces of one orientation: positions within `snap` become one position, pieces
/// along it with gaps up to `join` become one segment.
pub(crate) fn merge_segments(mut segs: Vec<Seg>, snap: f32, join: f32) -> Vec<Seg> {
    segs.sort_by(|p, q| p.pos.total_cmp(&q.pos));
    let mut out = Vec::new();
    let mut i = 0;
    while i < segs.len() {
        // One position cluster: chain while neighbours are within `snap`.
        let mut j = i + 1;
        while j < segs.len() && segs[j].pos - segs[j - 1].pos <= snap {
            j += 1;
        }
        let cluster = &mut segs[i..j];
        let pos = cluster.iter().map(|s| s.pos).sum::<f32>() / cluster.len() as f32;
        cluster.sort_by(|p, q| p.a.total_cmp(&q.a));
        let mut cur = Seg {
            pos,
            a: cluster[0].a,
            b: cluster[0].b,
        };
        for s in cluster.iter().skip(1) {
            if s.a <= cur.b + join {
                cur.b = cur.b.max(s.b);
            } else {
                out.push(cur);
                cur = Seg {
                    pos,
                    a: s.a,
                    b: s.b,
                };
            }
        }
        out.push(cur);
        i = j;
    }
    out
}

/// Splits page rules into merged horizontal and vertical lines.
pub(crate) fn page_lines(rules: &[Rule], cfg: &LayoutRules) -> (Vec<Seg>, Vec<Seg>) {
    let (mut h, mut v) = (Vec::new(), Vec::new());
    for r in rules {
        let b = &r.bbox;
        if !(b.x0.is_finite() && b.x1.is_finite() && b.y0.is_finite() && b.y1.is_finite()) {
            continue;
        }
        match r.orientation {
            Orientation::Horizontal => h.push(Seg {
                pos: b.cy(),
                a: b.x0,
                b: b.x1,
            }),
            Orientation::Vertical => v.push(Seg {
                pos: b.cx(),
                a: b.y0,
                b: b.y1,
            }),
        }
    }
    (
        merge_segments(h, cfg.snap_tolerance, cfg.join_tolerance),
        merge_segments(v, cfg.snap_tolerance, cfg.join_tolerance),
    )
}

fn find(p: &mut [usize], mut i: usize) -> usize {
    while p[i] != i {
        p[i] = p[p[i]];
        i = p[i];
    }
    i
}

fn union(p: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(p, a), find(p, b));
    if ra != rb {
        // The smaller index (top-left in row-major order) stays the root.
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        p[hi] = lo;
    }
}

/// One connected group of ruling lines.
pub(crate) struct Component {
    /// Horizontal lines.
    pub h: Vec<Seg>,
    /// Vertical lines.
    pub v: Vec<Seg>,
    /// Union of the lines.
    pub bbox: BBox,
}

/// Groups lines that touch (within `tol`) into components.
pub(crate) fn components(h: &[Seg], v: &[Seg], tol: f32) -> Vec<Component> {
    let n = h.len() + v.len();
    let mut p: Vec<usize> = (0..n).collect();
    // Vertical lines sorted by x so each horizontal line only visits those within its extent.
    let mut vi: Vec<usize> = (0..v.len()).collect();
    vi.sort_by(|&a, &b| v[a].pos.total_cmp(&v[b].pos));
    for (i, hs) in h.iter().enumerate() {
        let start = vi.partition_point(|&k| v[k].pos < hs.a - tol);
        for &k in &vi[start..] {
            let vs = &v[k];
            if vs.pos > hs.b + tol {
                break;
            }
            if hs.pos >= vs.a - tol && hs.pos <= vs.b + tol {
                union(&mut p, i, h.len() + k);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Component> = Default::default();
    for i in 0..n {
        let r = find(&mut p, i);
        let (is_h, s) = if i < h.len() {
            (true, h[i])
        } else {
            (false, v[i - h.len()])
        };
        let bb = if is_h {
            BBox::new(s.a, s.pos, s.b, s.pos)
        } else {
            BBox::new(s.pos, s.a, s.pos, s.b)
        };
        let c = groups.entry(r).or_insert_with(|| Component {
            h: vec![],
            v: vec![],
            bbox: bb,
        });
        c.bbox = c.bbox.union(&bb);
        if is_h {
            c.h.push(s);
        } else {
            c.v.push(s);
        }
    }
    groups.into_values().collect()
}

/// Cluster positions within `snap` (sorted input), keeping the mean of each cluster.
fn cluster_positions(mut xs: Vec<f32>, snap: f32) -> Vec<f32> {
    xs.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    let mut cnt: Vec<f32> = Vec::new();
    for x in xs {
        match out.last_mut() {
            Some(last) if x - *last / cnt.last().copied().unwrap_or(1.0) <= snap => {
                *last += x;
                *cnt.last_mut().unwrap() += 1.0;
            }
            _ => {
                out.push(x);
                cnt.push(1.0);
            }
        }
    }
    out.iter().zip(cnt).map(|(s, c)| s / c).collect()
}

/// How much of `lo..hi` the lines `segs` cover, as a share.
fn coverage(segs: &[Seg], lo: f32, hi: f32) -> f32 {
    let len = (hi - lo).max(1e-3);
    let covered: f32 = segs
        .iter()
        .map(|s| (s.b.min(hi) - s.a.max(lo)).max(0.0))
        .sum();
    covered / len
}

/// The lines of each edge position (`edges`, sorted): a line belongs to the nearest edge
/// within `snap`. Each border test then looks only at its own edge's lines.
fn bucket(lines: &[Seg], edges: &[f32], snap: f32) -> Vec<Vec<Seg>> {
    let mut out = vec![Vec::new(); edges.len()];
    for s in lines {
        let k = edges.partition_point(|&e| e < s.pos);
        let best = [k.wrapping_sub(1), k]
            .into_iter()
            .filter(|&i| i < edges.len())
            .min_by(|&a, &b| {
                (edges[a] - s.pos)
                    .abs()
                    .total_cmp(&(edges[b] - s.pos).abs())
            });
        if let Some(i) = best {
            if (edges[i] - s.pos).abs() <= snap {
                out[i].push(*s);
            }
        }
    }
    out
}

/// The grid of one ruled region: column edges `xs`, row edges `ys`, and for every grid cell
/// (row-major) the root cell of the span it belongs to.
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    /// Column edges, left to right.
    pub xs: Vec<f32>,
    /// Row edges, top to bottom.
    pub ys: Vec<f32>,
    /// Span root of each grid cell.
    pub root: Vec<usize>,
}

impl Grid {
    /// Number of columns.
    pub fn ncols(&self) -> usize {
        self.xs.len().saturating_sub(1)
    }
    /// Number of rows.
    pub fn nrows(&self) -> usize {
        self.ys.len().saturating_sub(1)
    }
    /// The rectangle covered by the span whose root is `root`.
    pub fn span_rect(&self, root: usize) -> BBox {
        let nc = self.ncols();
        let mut bb: Option<BBox> = None;
        // Spans are small and local: scan from the root's row down while rows still belong.
        let (r0, c0) = (root / nc, root % nc);
        for r in r0..self.nrows() {
            let mut any = false;
            for c in 0..nc {
                if self.root[r * nc + c] == root {
                    any = true;
                    let cb = BBox::new(self.xs[c], self.ys[r], self.xs[c + 1], self.ys[r + 1]);
                    bb = Some(bb.map_or(cb, |b| b.union(&cb)));
                }
            }
            if !any && r > r0 {
                break;
            }
        }
        bb.unwrap_or(BBox::new(
            self.xs[c0],
            self.ys[r0],
            self.xs[c0 + 1],
            self.ys[r0 + 1],
        ))
    }
}

/// Splits a component where two tables touch: at a full-width horizontal line (or a band of
/// two such lines at most `touching_band` apart, each table's own border) that no inner column
/// line crosses, with inner column lines ending on it from above and starting on it from below
/// (the column structure changes completely). Within one table a column edge that goes on
/// below a row boundary is one merged line crossing it, and header groups keep their outer
/// edges; a full-width row (a caption, a section heading) has no inner line on one side, so it
/// is never split off. Across a band the columns must also differ: a double rule under a header
/// whose column lines a scan broke at the gap keeps the table whole.
pub(crate) fn split_touching(comp: Component, cfg: &LayoutRules) -> Vec<Component> {
    let tol = cfg.snap_tolerance;
    let bb = comp.bbox;
    let inner: Vec<&Seg> = comp
        .v
        .iter()
        .filter(|s| s.pos > bb.x0 + tol && s.pos < bb.x1 - tol)
        .collect();
    // Full-width lines, and the long lines a band may pair: two touching tables need not be
    // equally wide, so each border spans its own table and together they span the component.
    let mut long: Vec<&Seg> = comp
        .h
        .iter()
        .filter(|s| s.b - s.a >= bb.width() / 2.0)
        .filter(|s| s.pos > bb.y0 + tol && s.pos < bb.y1 - tol)
        .collect();
    long.sort_by(|p, q| p.pos.total_cmp(&q.pos));
    let full = |a: f32, b: f32| a <= bb.x0 + tol && b >= bb.x1 - tol;
    let cut_at = |y: f32, y2: f32| -> bool {
        let crossing = inner
            .iter()
            .filter(|s| s.a < y - tol && s.b > y2 + tol)
            .count();
        let ending: Vec<f32> = inner
            .iter()
            .filter(|s| s.b >= y - tol && s.b <= y2 + tol && s.a < y - tol)
            .map(|s| s.pos)
            .collect();
        let starting: Vec<f32> = inner
            .iter()
            .filter(|s| s.a >= y - tol && s.a <= y2 + tol && s.b > y2 + tol)
            .map(|s| s.pos)
            .collect();
        if ending.is_empty() || starting.is_empty() {
            return false;
        }
        if y2 - y <= tol {
            // One line: nothing crossing it already says the columns change.
            return crossing == 0;
        }
        // A band: the lower table's column lines are mostly new ones. A column edge the two
        // tables happen to share merges into one line through the band; a few such are
        // tolerated, counted as shared.
        let kept = starting
            .iter()
            .filter(|x| ending.iter().any(|e| (*e - **x).abs() <= tol))
            .count();
        // Two such tables with similar columns share most edges, and a scan bridges the band
        // along each shared one; an edge that moves across the band (one ends above it, one
        // starts below it elsewhere) still tells them apart: in one table column edges run on
        // through the rows, and a line the scan lost shows on one side only.
        let gone = ending
            .iter()
            .filter(|e| !starting.iter().any(|x| (*e - *x).abs() <= tol))
            .count();
        let new = starting.len() - kept;
        let moved = cfg.touching_changed_edges.max(1);
        2 * (kept + crossing) < starting.len() + crossing || (gone >= moved && new >= moved)
    };
    let mut cut = None;
    'lines: for (i, l) in long.iter().enumerate() {
        if full(l.a, l.b) && cut_at(l.pos, l.pos) {
            cut = Some((l.pos, l.pos));
            break;
        }
        for m in &long[i + 1..] {
            if m.pos - l.pos > cfg.touching_band {
                break;
            }
            if m.pos - l.pos > tol && full(l.a.min(m.a), l.b.max(m.b)) && cut_at(l.pos, m.pos) {
                cut = Some((l.pos, m.pos));
                break 'lines;
            }
        }
    }
    let Some((y, y2)) = cut else {
        return vec![comp];
    };
    let part = |top: bool| -> Component {
        let h: Vec<Seg> = comp
            .h
            .iter()
            .filter(|s| {
                if top {
                    s.pos <= y + tol
                } else {
                    s.pos >= y2 - tol
                }
            })
            .copied()
            .collect();
        let v: Vec<Seg> = comp
            .v
            .iter()
            .filter_map(|s| {
                let (a, b) = if top {
                    (s.a, s.b.min(y))
                } else {
                    (s.a.max(y2), s.b)
                };
                (b - a > tol).then_some(Seg { a, b, ..*s })
            })
            .collect();
        let mut bbox = BBox::new(
            bb.x0,
            if top { bb.y0 } else { y2 },
            bb.x1,
            if top { y } else { bb.y1 },
        );
        for s in &h {
            bbox = bbox.union(&BBox::new(s.a, s.pos, s.b, s.pos));
        }
        Component { h, v, bbox }
    };
    let top = part(true);
    let mut out = vec![top];
    out.extend(split_touching(part(false), cfg));
    out
}

/// Builds the grid of a component: every distinct rule position is an edge; two neighbouring
/// grid cells are one span when the border between them is not drawn.
pub(crate) fn build_grid(comp: &Component, cfg: &LayoutRules) -> Option<Grid> {
    let snap = cfg.snap_tolerance;
    let mut xs: Vec<f32> = comp.v.iter().map(|s| s.pos).collect();
    xs.push(comp.bbox.x0);
    xs.push(comp.bbox.x1);
    let mut ys: Vec<f32> = comp.h.iter().map(|s| s.pos).collect();
    ys.push(comp.bbox.y0);
    ys.push(comp.bbox.y1);
    let xs = cluster_positions(xs, snap);
    let ys = cluster_positions(ys, snap);
    grid_on_edges(comp, cfg, xs, ys)
}

/// The grid of a component on given column and row edges (sorted): spans where the border
/// between two neighbouring cells is not drawn.
fn grid_on_edges(comp: &Component, cfg: &LayoutRules, xs: Vec<f32>, ys: Vec<f32>) -> Option<Grid> {
    let snap = cfg.snap_tolerance;
    if xs.len() < 2 || ys.len() < 2 {
        return None;
    }
    let (nc, nr) = (xs.len() - 1, ys.len() - 1);
    let mut p: Vec<usize> = (0..nc * nr).collect();
    let cov = cfg.span_coverage;
    let vb = bucket(&comp.v, &xs, snap);
    let hb = bucket(&comp.h, &ys, snap);
    for r in 0..nr {
        for c in 0..nc {
            if c + 1 < nc && coverage(&vb[c + 1], ys[r], ys[r + 1]) < cov {
                union(&mut p, r * nc + c, r * nc + c + 1);
            }
            if r + 1 < nr && coverage(&hb[r + 1], xs[c], xs[c + 1]) < cov {
                union(&mut p, r * nc + c, (r + 1) * nc + c);
            }
        }
    }
    let root = (0..nc * nr).map(|i| find(&mut p, i)).collect();
    Some(Grid { xs, ys, root })
}

/// Finds the ruled tables of a page. Returns the tables and, per word, whether a table took it.
pub(crate) fn ruled_tables(
    page: &Page,
    cfg: &LayoutRules,
    vocab: &mut Vocab,
) -> (Vec<PageTable>, Vec<bool>) {
    let (h, v) = page_lines(&page.rules, cfg);
    let mut used = vec![false; page.words.len()];
    let mut out = Vec::new();
    let comps = components(&h, &v, cfg.snap_tolerance)
        .into_iter()
        .flat_map(|c| split_touching(c, cfg));
    for comp in comps {
        if comp.h.is_empty()
            || comp.v.is_empty()
            || comp.bbox.width() < cfg.min_table_side
            || comp.bbox.height() < cfg.min_table_side
        {
            continue;
        }
        let Some(grid) = build_grid(&comp, cfg) else {
            continue;
        };
        let (comp, grid) = split_unruled_columns(comp, cfg, grid, &page.words, &used);
        let grid = drop_phantom_edges(&comp, cfg, grid, &page.words, &used);
        // A box not split into columns anywhere is a frame or a text box (perhaps with a
        // rule under a heading), not a table.
        let nc = grid.ncols();
        let split = (0..grid.nrows()).any(|r| {
            let row = &grid.root[r * nc..(r + 1) * nc];
            row.iter().any(|&x| x != row[0])
        });
        if !split {
            continue;
        }
        if let Some(t) = fill_grid(page, &grid, cfg, &mut used, vocab) {
            out.push(t);
        }
    }
    (out, used)
}

/// The words no table took yet whose centres lie strictly inside `xr` x `yr`.
fn free_words_in<'a>(
    words: &'a [Word],
    used: &[bool],
    (xa, xb): (f32, f32),
    (ya, yb): (f32, f32),
) -> Vec<&'a Word> {
    words
        .iter()
        .zip(used)
        .filter(|(w, u)| {
            let (cx, cy) = (w.bbox.cx(), w.bbox.cy());
            !**u && cx > xa && cx < xb && cy > ya && cy < yb
        })
        .map(|(w, _)| w)
        .collect()
}

/// Where rules bound only part of a table (vertical rules only between the inner columns, no
/// frame), a grid column whose side is not ruled down the table may hold several columns of
/// the body: it is cut at every whitespace gutter that runs through all its words, at least a
/// font size wide, with words on both sides on two or more lines. The body's alignment gives
/// the edge; each cut is added as a rule so the spans respect it.
fn split_unruled_columns(
    comp: Component,
    cfg: &LayoutRules,
    grid: Grid,
    words: &[Word],
    used: &[bool],
) -> (Component, Grid) {
    let nc = grid.ncols();
    let (y0, y1) = (grid.ys[0], grid.ys[grid.nrows()]);
    let vb = bucket(&comp.v, &grid.xs, cfg.snap_tolerance);
    let ruled: Vec<bool> = vb
        .iter()
        .map(|segs| coverage(segs, y0, y1) >= cfg.span_coverage)
        .collect();
    let mut cuts = Vec::new();
    for c in (0..nc).filter(|&c| !(ruled[c] && ruled[c + 1])) {
        let (a, b) = (grid.xs[c], grid.xs[c + 1]);
        let mut inside = free_words_in(words, used, (a, b), (y0, y1));
        if inside.len() < 4 {
            continue;
        }
        inside.sort_by(|p, q| p.bbox.x0.total_cmp(&q.bbox.x0));
        let mut sizes: Vec<f32> = inside.iter().map(|w| w.font_size).collect();
        sizes.sort_by(f32::total_cmp);
        let min_gap = sizes[sizes.len() / 2].max(1.0);
        let mut reach = inside[0].bbox.x1;
        for (k, w) in inside.iter().enumerate().skip(1) {
            if w.bbox.x0 - reach >= min_gap {
                let lines = |ws: &[&Word]| {
                    let mut ys: Vec<f32> = ws.iter().map(|w| w.bbox.cy()).collect();
                    ys.sort_by(f32::total_cmp);
                    ys.dedup_by(|p, q| (*p - *q).abs() < 1.0);
                    ys.len()
                };
                if lines(&inside[..k]) >= 2 && lines(&inside[k..]) >= 2 {
                    cuts.push((reach + w.bbox.x0) / 2.0);
                }
            }
            reach = reach.max(w.bbox.x1);
        }
    }
    if cuts.is_empty() {
        return (comp, grid);
    }
    let mut comp = comp;
    let mut xs = grid.xs.clone();
    for x in cuts {
        comp.v.push(Seg {
            pos: x,
            a: y0,
            b: y1,
        });
        xs.push(x);
    }
    xs.sort_by(f32::total_cmp);
    match grid_on_edges(&comp, cfg, xs, grid.ys.clone()) {
        Some(g) => (comp, g),
        None => (comp, grid),
    }
}

/// Rules that bound no column (a double border drawn as two lines a few points apart, a rule in
/// a cell's padding) cut a sliver of grid that no word reaches: it would come out as an empty
/// column and push the cells after it one place on. An empty, never spanned grid column (or
/// row) narrower than `phantom_max_width` font sizes is such a sliver when it is narrower than
/// `phantom_sliver_width` (no cell padding fits in it), or when the first row labels every
/// other column (the header says which columns exist). It is merged into its neighbour by
/// dropping its less ruled edge. An empty column the header leaves unlabelled like its
/// neighbours is the template's own (SIPD exports have them) and stays, so the cells keep the
/// places the text export gives them.
fn drop_phantom_edges(
    comp: &Component,
    cfg: &LayoutRules,
    grid: Grid,
    words: &[Word],
    used: &[bool],
) -> Grid {
    let (nc, nr) = (grid.ncols(), grid.nrows());
    let (x0, x1) = (grid.xs[0], grid.xs[nc]);
    let (y0, y1) = (grid.ys[0], grid.ys[nr]);
    let inside = free_words_in(words, used, (x0, x1), (y0, y1));
    let mut sizes: Vec<f32> = inside.iter().map(|w| w.font_size).collect();
    if sizes.is_empty() {
        return grid;
    }
    sizes.sort_by(f32::total_cmp);
    let size = sizes[sizes.len() / 2];
    // A word touches a slice when it overlaps it by more than a hair (a glyph's side bearing
    // may cross a rule).
    let touched = |lo: f32, hi: f32, along_x: bool| {
        inside.iter().any(|w| {
            let (a, z) = if along_x {
                (w.bbox.x0, w.bbox.x1)
            } else {
                (w.bbox.y0, w.bbox.y1)
            };
            z.min(hi) - a.max(lo) > 0.5
        })
    };
    let cell = |r: usize, c: usize| grid.root[r * nc + c];
    // A slice that is part of a spanning cell anywhere (a header over K / Rp) is structure
    // the template drew on purpose, not a stray rule.
    let col_spanned = |c: usize| {
        (0..nr).any(|r| {
            (c > 0 && cell(r, c) == cell(r, c - 1)) || (c + 1 < nc && cell(r, c) == cell(r, c + 1))
        })
    };
    let row_spanned = |r: usize| {
        (0..nc).any(|c| {
            (r > 0 && cell(r, c) == cell(r - 1, c)) || (r + 1 < nr && cell(r, c) == cell(r + 1, c))
        })
    };
    let limit = size * cfg.phantom_max_width;
    let sliver = size * cfg.phantom_sliver_width;
    let narrow = |edges: &[f32], k: usize| edges[k + 1] - edges[k];
    let col_cand: Vec<bool> = (0..nc)
        .map(|c| {
            narrow(&grid.xs, c) < limit
                && !touched(grid.xs[c], grid.xs[c + 1], true)
                && !col_spanned(c)
        })
        .collect();
    // Whether the first row with text is a header (no code, no amount: a continuation piece
    // opens on body rows, which say nothing of the columns) with a word in every column that
    // is no candidate.
    let first = (0..nr).find(|&r| touched(grid.ys[r], grid.ys[r + 1], false));
    let labelled = first.is_some_and(|r| {
        let texts: Vec<String> = (0..nc)
            .map(|c| {
                let rect = grid.span_rect(cell(r, c));
                let ws: Vec<&str> = inside
                    .iter()
                    .filter(|w| {
                        let (cx, cy) = (w.bbox.cx(), w.bbox.cy());
                        cx > rect.x0 && cx < rect.x1 && cy > rect.y0 && cy < rect.y1
                    })
                    .map(|w| w.text.as_str())
                    .collect();
                ws.join(" ")
            })
            .collect();
        let cells: Vec<Cell> = texts
            .iter()
            .map(|t| Cell {
                text: t.clone(),
                page: 0,
                bbox: None,
                bold: false,
                conf: None,
            })
            .collect();
        !looks_like_body_row(&cells)
            && (0..nc)
                .filter(|&c| !col_cand[c])
                .all(|c| !texts[c].is_empty())
    });
    let col_drop: Vec<bool> = (0..nc)
        .map(|c| col_cand[c] && (labelled || narrow(&grid.xs, c) < sliver))
        .collect();
    // Empty rows shift nothing, so every thin empty one goes.
    let row_drop: Vec<bool> = (0..nr)
        .map(|r| {
            narrow(&grid.ys, r) < limit
                && !touched(grid.ys[r], grid.ys[r + 1], false)
                && !row_spanned(r)
        })
        .collect();
    let thin = |edges: &[f32], lines: &[Seg], span: (f32, f32), drop: &[bool]| -> Vec<f32> {
        let buckets = bucket(lines, edges, cfg.snap_tolerance);
        let cov = |i: usize| coverage(&buckets[i], span.0, span.1);
        let inner = |i: usize| i > 0 && i + 1 < edges.len();
        let mut keep = vec![true; edges.len()];
        for k in (0..drop.len()).filter(|&k| drop[k]) {
            // Two slivers side by side share an edge: once it is gone they are one.
            if !keep[k] || !keep[k + 1] {
                continue;
            }
            let gone = match (inner(k), inner(k + 1)) {
                (true, true) if cov(k) < cov(k + 1) => k,
                (true, true) | (false, true) => k + 1,
                (true, false) => k,
                (false, false) => continue,
            };
            keep[gone] = false;
        }
        edges
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(e, _)| *e)
            .collect()
    };
    let xs = thin(&grid.xs, &comp.v, (y0, y1), &col_drop);
    let ys = thin(&grid.ys, &comp.h, (x0, x1), &row_drop);
    if xs.len() == grid.xs.len() && ys.len() == grid.ys.len() {
        return grid;
    }
    grid_on_edges(comp, cfg, xs, ys).unwrap_or(grid)
}

/// Places the page's words into the grid's spans and builds the rows of cells.
fn fill_grid(
    page: &Page,
    grid: &Grid,
    cfg: &LayoutRules,
    used: &mut [bool],
    vocab: &mut Vocab,
) -> Option<PageTable> {
    let (nc, nr) = (grid.ncols(), grid.nrows());
    let (x0, x1) = (grid.xs[0], grid.xs[nc]);
    let (y0, y1) = (grid.ys[0], grid.ys[nr]);
    let mut per_span: Vec<Vec<&Word>> = vec![Vec::new(); nc * nr];
    for (i, w) in page.words.iter().enumerate() {
        if used[i] {
            continue;
        }
        let (cx, cy) = (w.bbox.cx(), w.bbox.cy());
        if cx < x0 || cx > x1 || cy < y0 || cy > y1 {
            continue;
        }
        let c = grid.xs.partition_point(|&x| x <= cx).clamp(1, nc) - 1;
        let r = grid.ys.partition_point(|&y| y <= cy).clamp(1, nr) - 1;
        used[i] = true;
        per_span[grid.root[r * nc + c]].push(w);
    }
    // All cells' lines first, so the vocabulary knows the whole page before any join.
    let span_lines: Vec<Vec<Line>> = per_span
        .iter()
        .map(|ws| group_lines(ws.iter().copied()))
        .collect();
    for l in &span_lines {
        vocab.add_lines(l);
    }
    let mut rows: Vec<Vec<Cell>> = Vec::with_capacity(nr);
    let mut centered: Vec<Vec<bool>> = Vec::with_capacity(nr);
    for r in 0..nr {
        // Without rules between its records a grid row holds several of them: split it where
        // the key column (No, code) starts a new entry.
        let splits = record_splits(grid, cfg, &span_lines, r);
        for s in 0..=splits.len() {
            let lo = if s == 0 {
                f32::NEG_INFINITY
            } else {
                splits[s - 1]
            };
            let hi = splits.get(s).copied().unwrap_or(f32::INFINITY);
            let (ry0, ry1) = (lo.max(grid.ys[r]), hi.min(grid.ys[r + 1]));
            let mut cells = Vec::with_capacity(nc);
            let mut cent = Vec::with_capacity(nc);
            for c in 0..nc {
                let idx = r * nc + c;
                let cell_rect = BBox::new(grid.xs[c], ry0, grid.xs[c + 1], ry1);
                let picked: Vec<Line>;
                let lines: &[Line] = if splits.is_empty() {
                    &span_lines[idx]
                } else {
                    picked = span_lines[idx]
                        .iter()
                        .filter(|l| l.bbox.cy() >= lo && l.bbox.cy() < hi)
                        .cloned()
                        .collect();
                    &picked
                };
                if grid.root[idx] != idx || lines.is_empty() {
                    cells.push(Cell {
                        text: String::new(),
                        page: page.number,
                        bbox: Some(cell_rect),
                        bold: false,
                        conf: None,
                    });
                    cent.push(true);
                    continue;
                }
                let mut rect = grid.span_rect(idx);
                if !splits.is_empty() {
                    rect.y0 = ry0;
                    rect.y1 = rect.y1.min(ry1.max(rect.y0));
                }
                cent.push(is_centered(lines, &rect));
                cells.push(make_cell(lines, &rect, page.number, vocab));
            }
            rows.push(cells);
            centered.push(cent);
        }
    }
    Some(PageTable {
        bbox: BBox::new(x0, y0, x1, y1),
        xs: grid.xs.clone(),
        rows,
        centered,
        caption: String::new(),
        broken_bottom: false,
        broken_top: false,
        columns_from_text: false,
    })
}

/// Where grid row `r` holds several records (no rules between them): a one-row cell whose
/// lines are all short numbers or codes (`1` `2` `3`, `2.07.01` `2.07.02`), two or more of
/// them, none filling the cell (a wrapped number would). Returns the tops of the second and
/// later records; empty when the row is one record.
fn record_splits(grid: &Grid, cfg: &LayoutRules, span_lines: &[Vec<Line>], r: usize) -> Vec<f32> {
    let nc = grid.ncols();
    // A code wrapped in its narrow cell (`2.07.001.2` / `.08.004`) says the row is one record,
    // whatever other cells stack (the wrapped tail of an amount, `81720000` / `0`).
    let wrapped_code = (0..nc).any(|c| {
        let idx = r * nc + c;
        grid.root[idx] == idx
            && span_lines[idx].len() >= 2
            && span_lines[idx][1..].iter().any(|l| {
                let t = l.text();
                let t = t.trim_start();
                t.starts_with('.') && t[1..].starts_with(|ch: char| ch.is_ascii_digit())
            })
    });
    if wrapped_code {
        return Vec::new();
    }
    for c in 0..nc {
        let idx = r * nc + c;
        let lines = &span_lines[idx];
        if grid.root[idx] != idx || lines.len() < 2 {
            continue;
        }
        let rect = grid.span_rect(idx);
        if rect.y1 > grid.ys[r + 1] + 0.5 {
            continue;
        }
        let texts: Vec<String> = lines.iter().map(|l| l.text()).collect();
        let keys = texts.iter().all(|t| super::borderless::key_like(t))
            && !super::cells::is_wrapped_number(lines, &rect)
            && texts
                .windows(2)
                .all(|w| key_order(&w[0]) < key_order(&w[1]));
        if keys {
            return lines[1..]
                .iter()
                .map(|l| l.bbox.y0 - 0.5 * l.bbox.height().min(4.0))
                .collect();
        }
    }
    stacked_value_splits(grid, cfg, span_lines, r)
}

/// Where grid row `r` (a band between group rules) holds one record per baseline without a
/// key column that counts up: two or more one-row cells each stack the same number of whole
/// values, one per line, on the same baselines (`36,475,290` / `23,036,132` beside `36,475,290`
/// / `93,036,132`). A number wrapped because its cell is narrow (`7,470,` / `241,4`) fills
/// the cell or ends in a separator, so it never qualifies. Nor does a row whose stacks could
/// each be one number the cell's width broke (`54416194` / `5`, `10` / `0`: joined, still a
/// well-formed number, and the first line leaves no room for the second's start) while a
/// text cell beside them is one phrase broken the same way across the same line: that row
/// is one record printed in narrow cells. Returns the tops of the second and later records.
fn stacked_value_splits(
    grid: &Grid,
    cfg: &LayoutRules,
    span_lines: &[Vec<Line>],
    r: usize,
) -> Vec<f32> {
    let nc = grid.ncols();
    // Each stack with its cell, whose width says whether its line breaks were forced.
    let mut stacks: Vec<(&[Line], BBox)> = Vec::new();
    for c in 0..nc {
        let idx = r * nc + c;
        let lines = &span_lines[idx];
        if grid.root[idx] != idx || lines.len() < 2 {
            continue;
        }
        let rect = grid.span_rect(idx);
        if rect.y1 > grid.ys[r + 1] + 0.5 || super::cells::is_wrapped_number(lines, &rect) {
            continue;
        }
        if lines.iter().all(|l| whole_value(&l.text())) {
            stacks.push((lines, rect));
        }
    }
    let Some(&(first, _)) = stacks.first() else {
        return Vec::new();
    };
    let same_baselines = |a: &[Line], b: &[Line]| {
        a.len() == b.len()
            && a.iter().zip(b).all(|(p, q)| {
                (p.bbox.y1 - q.bbox.y1).abs() <= 0.3 * p.bbox.height().max(q.bbox.height())
            })
    };
    let agreeing = stacks.iter().filter(|s| same_baselines(first, s.0)).count();
    let digits = |s: &[Line]| {
        s.iter()
            .any(|l| l.text().chars().any(|c| c.is_ascii_digit()))
    };
    if agreeing < 2 || !stacks.iter().any(|s| digits(s.0)) {
        return Vec::new();
    }
    let joinable = |&(lines, rect): &(&[Line], BBox)| {
        (0..lines.len() - 1).all(|i| {
            one_number(&format!("{}{}", lines[i].text(), lines[i + 1].text()))
                && forced_break(lines, &rect, cfg, i)
        })
    };
    if stacks.iter().all(joinable) && phrase_wrapped(grid, cfg, span_lines, r, first[1].bbox.y0) {
        return Vec::new();
    }
    first[1..]
        .iter()
        .map(|l| l.bbox.y0 - 0.5 * l.bbox.height().min(4.0))
        .collect()
}

/// The break after line `i` of a cell was forced by the cell's width: that line, a space and
/// the next line's first word would not have fitted inside the cell's padding (taken as the
/// same on both sides).
fn forced_break(lines: &[Line], rect: &BBox, cfg: &LayoutRules, i: usize) -> bool {
    let Some(next) = lines.get(i + 1).and_then(|l| l.words.first()) else {
        return false;
    };
    let pad = lines
        .iter()
        .map(|l| l.bbox.x0 - rect.x0)
        .fold(f32::INFINITY, f32::min)
        .max(0.0);
    let space = cfg.wrap_space * lines[i + 1].font_size();
    lines[i].bbox.width() + space + next.bbox.width() > rect.width() - 2.0 * pad - cfg.wrap_slack
}

/// Some text cell of grid row `r` holds one phrase that its cell's width broke just above
/// `split`.
fn phrase_wrapped(
    grid: &Grid,
    cfg: &LayoutRules,
    span_lines: &[Vec<Line>],
    r: usize,
    split: f32,
) -> bool {
    let nc = grid.ncols();
    (0..nc).any(|c| {
        let idx = r * nc + c;
        let lines = &span_lines[idx];
        if grid.root[idx] != idx
            || lines.len() < 2
            || !lines
                .iter()
                .any(|l| l.text().chars().any(char::is_alphabetic))
        {
            return false;
        }
        let rect = grid.span_rect(idx);
        (0..lines.len() - 1).any(|i| {
            lines[i].bbox.y1 <= split + 0.5
                && lines[i + 1].bbox.y0 >= split - 0.5
                && forced_break(lines, &rect, cfg, i)
        })
    })
}

/// The text is one well-formed number: digits grouped by threes (`36,475,290`, perhaps with
/// a decimal part) or not grouped at all (`544161945`, `62,5`), perhaps a percentage. Layout
/// reads the shape of the text only; what the number is worth is normalize's business.
fn one_number(s: &str) -> bool {
    let t = s.trim_end_matches('%');
    if t.is_empty() || !t.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let parts: Vec<&str> = t.split(['.', ',']).collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    match parts.len() {
        1 | 2 => true,
        n => {
            parts[0].len() <= 3
                && parts[1..n - 1].iter().all(|p| p.len() == 3)
                && (1..=3).contains(&parts[n - 1].len())
        }
    }
}

/// One complete value on its own line: a number (`23,036,132`, `5.25`, `88,90%`, `(1.5)`),
/// perhaps with one unit word after it (`1 dokumen`), or a dash for none. A number starts and
/// ends with a digit, never with the separator the first part of a wrapped number ends in.
fn whole_value(s: &str) -> bool {
    let s = s.trim();
    if s == "-" {
        return true;
    }
    let s = match s.split_once(' ') {
        Some((n, unit)) if unit.chars().all(char::is_alphabetic) => n,
        Some(_) => return false,
        None => s,
    };
    let t = s.trim_end_matches('%');
    let t = t
        .strip_prefix('(')
        .and_then(|x| x.strip_suffix(')'))
        .unwrap_or(t);
    let t = t.strip_prefix('-').unwrap_or(t);
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && t.starts_with(|c: char| c.is_ascii_digit())
        && t.ends_with(|c: char| c.is_ascii_digit())
}

/// Sort key of a record number or code: integers by value, codes part by part (`2.07.10`
/// after `2.07.9`), so records count up.
pub(crate) fn key_order(s: &str) -> Vec<u64> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().unwrap_or(u64::MAX))
        .collect()
}

/// The text block sits in the middle of its cell (header labels) rather than against its left
/// edge (body text); a block filling the cell counts as both.
pub(crate) fn is_centered(lines: &[Line], rect: &BBox) -> bool {
    let x0 = lines
        .iter()
        .map(|l| l.bbox.x0)
        .fold(f32::INFINITY, f32::min);
    let x1 = lines
        .iter()
        .map(|l| l.bbox.x1)
        .fold(f32::NEG_INFINITY, f32::max);
    ((x0 - rect.x0) - (rect.x1 - x1)).abs() <= 2.5
}

/// A cell from its lines and rectangle.
pub(crate) fn make_cell(lines: &[Line], rect: &BBox, page: u32, vocab: &Vocab) -> Cell {
    cell_from_text(join_lines(lines, rect, vocab), lines, rect, page)
}

/// A cell with its text already joined; bold and confidence come from its words.
pub(crate) fn cell_from_text(text: String, lines: &[Line], rect: &BBox, page: u32) -> Cell {
    let (mut b, mut all) = (0usize, 0usize);
    let mut conf: Option<f32> = None;
    for w in lines.iter().flat_map(|l| &l.words) {
        let n = w.text.chars().count();
        all += n;
        if w.bold {
            b += n;
        }
        if let Some(c) = w.conf {
            conf = Some(conf.map_or(c, |m: f32| m.min(c)));
        }
    }
    Cell {
        text,
        page,
        bbox: Some(*rect),
        bold: all > 0 && b * 2 > all,
        conf,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_merge_into_lines() {
        let segs = vec![
            Seg {
                pos: 10.0,
                a: 0.0,
                b: 5.0,
            },
            Seg {
                pos: 10.4,
                a: 5.0,
                b: 9.0,
            },
            Seg {
                pos: 10.2,
                a: 20.0,
                b: 30.0,
            },
            Seg {
                pos: 50.0,
                a: 0.0,
                b: 30.0,
            },
        ];
        let m = merge_segments(segs, 2.0, 1.0);
        assert_eq!(m.len(), 3);
        assert!((m[0].a - 0.0).abs() < 1e-3 && (m[0].b - 9.0).abs() < 1e-3);
        assert!((m[1].a - 20.0).abs() < 1e-3);
        assert!((m[2].pos - 50.0).abs() < 1e-3);
    }

    #[test]
    fn framed_text_box_is_not_a_table() {
        use crate::ingest::{PageSource, Word};
        // A box round a heading and a paragraph, with a rule under the heading.
        let cfg = LayoutRules::default();
        let rule = |o, b| Rule {
            orientation: o,
            bbox: b,
        };
        let rules = vec![
            rule(Orientation::Horizontal, BBox::new(0.0, 0.0, 200.0, 0.5)),
            rule(Orientation::Horizontal, BBox::new(0.0, 20.0, 200.0, 20.5)),
            rule(Orientation::Horizontal, BBox::new(0.0, 100.0, 200.0, 100.5)),
            rule(Orientation::Vertical, BBox::new(0.0, 0.0, 0.5, 100.0)),
            rule(Orientation::Vertical, BBox::new(200.0, 0.0, 200.5, 100.0)),
        ];
        let word = |t: &str, x: f32, y: f32| Word {
            text: t.into(),
            bbox: BBox::new(x, y, x + 30.0, y + 8.0),
            font_size: 8.0,
            bold: false,
            conf: None,
        };
        let page = Page {
            number: 1,
            width: 300.0,
            height: 300.0,
            words: vec![word("Catatan", 10.0, 5.0), word("Paragraf", 10.0, 40.0)],
            rules,
            source: PageSource::TextLayer,
        };
        let (tables, used) = ruled_tables(&page, &cfg, &mut Vocab::default());
        assert!(tables.is_empty());
        assert!(used.iter().all(|u| !u));
    }

    #[test]
    fn dense_grid_places_a_word_in_its_cell() {
        // 200 x 200 cells drawn cell by cell: the border tests must stay local to each edge.
        let cfg = LayoutRules::default();
        let n = 200;
        let mut rules = Vec::new();
        for i in 0..n {
            for j in 0..=n {
                let (a, b, p) = (i as f32 * 4.0, (i + 1) as f32 * 4.0, j as f32 * 4.0);
                rules.push(Rule {
                    orientation: Orientation::Horizontal,
                    bbox: BBox::new(a, p - 0.2, b, p + 0.2),
                });
                rules.push(Rule {
                    orientation: Orientation::Vertical,
                    bbox: BBox::new(p - 0.2, a, p + 0.2, b),
                });
            }
        }
        let word = crate::ingest::Word {
            text: "x".into(),
            bbox: BBox::new(401.0, 201.0, 403.0, 203.0),
            font_size: 2.0,
            bold: false,
            conf: None,
        };
        let page = Page {
            number: 1,
            width: 900.0,
            height: 900.0,
            words: vec![word],
            rules,
            source: crate::ingest::PageSource::TextLayer,
        };
        let (tables, _) = ruled_tables(&page, &cfg, &mut Vocab::default());
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!((t.rows.len(), t.xs.len() - 1), (n, n));
        assert_eq!(t.rows[50][100].text, "x");
    }

    #[test]
    fn missing_border_makes_a_span() {
        // 2 x 2 grid, the vertical border in the top row missing: top row is one span.
        let cfg = LayoutRules::default();
        let comp = Component {
            h: vec![
                Seg {
                    pos: 0.0,
                    a: 0.0,
                    b: 100.0,
                },
                Seg {
                    pos: 10.0,
                    a: 0.0,
                    b: 100.0,
                },
                Seg {
                    pos: 20.0,
                    a: 0.0,
                    b: 100.0,
                },
            ],
            v: vec![
                Seg {
                    pos: 0.0,
                    a: 0.0,
                    b: 20.0,
                },
                Seg {
                    pos: 50.0,
                    a: 10.0,
                    b: 20.0,
                },
                Seg {
                    pos: 100.0,
                    a: 0.0,
                    b: 20.0,
                },
            ],
            bbox: BBox::new(0.0, 0.0, 100.0, 20.0),
        };
        let g = build_grid(&comp, &cfg).unwrap();
        assert_eq!((g.ncols(), g.nrows()), (2, 2));
        assert_eq!(g.root, vec![0, 0, 2, 3]);
        let r = g.span_rect(0);
        assert_eq!((r.x0, r.x1, r.y0, r.y1), (0.0, 100.0, 0.0, 10.0));
    }

    /// Two ruled tables stacked with `gap` points between the lower border of the first and
    /// the upper border of the second; `upper` and `lower` are their inner column edges.
    fn stacked(gap: f32, upper: &[f32], lower: &[f32]) -> Component {
        let h = |pos| Seg {
            pos,
            a: 0.0,
            b: 300.0,
        };
        let v = |pos, a, b| Seg { pos, a, b };
        let y2 = 60.0 + gap;
        let mut vs = vec![v(0.0, 0.0, y2 + 60.0), v(300.0, 0.0, y2 + 60.0)];
        vs.extend(upper.iter().map(|&x| v(x, 0.0, 60.0)));
        vs.extend(lower.iter().map(|&x| v(x, y2, y2 + 60.0)));
        Component {
            h: vec![
                h(0.0),
                h(20.0),
                h(40.0),
                h(60.0),
                h(y2),
                h(y2 + 30.0),
                h(y2 + 60.0),
            ],
            v: vs,
            bbox: BBox::new(0.0, 0.0, 300.0, y2 + 60.0),
        }
    }

    #[test]
    fn touching_tables_split_at_their_borders() {
        let cfg = LayoutRules::default();
        // One shared rule, columns changing completely.
        let parts = split_touching(stacked(0.0, &[100.0, 200.0], &[50.0, 150.0, 250.0]), &cfg);
        assert_eq!(parts.len(), 2);
        // Each table's own border 6pt apart (a scan thickens them until they touch).
        let parts = split_touching(stacked(6.0, &[100.0, 200.0], &[50.0, 150.0, 250.0]), &cfg);
        assert_eq!(parts.len(), 2);
        assert_eq!((parts[0].bbox.y1, parts[1].bbox.y0), (60.0, 66.0));
        // One column edge the two tables share still leaves the rest new.
        let parts = split_touching(
            stacked(6.0, &[100.0, 200.0], &[40.0, 100.0, 170.0, 250.0]),
            &cfg,
        );
        assert_eq!(parts.len(), 2);
    }

    #[test]
    fn stacked_tables_sharing_most_column_edges_split_at_their_band() {
        let cfg = LayoutRules::default();
        // Seven edges shared, bridged through the band as a scan does.
        let bridged = |upper: &[f32], lower: &[f32]| {
            let mut c = stacked(5.0, upper, lower);
            c.v.extend(
                [30.0, 60.0, 90.0, 120.0, 150.0, 180.0, 210.0]
                    .iter()
                    .map(|&pos| Seg {
                        pos,
                        a: 0.0,
                        b: 125.0,
                    }),
            );
            c
        };
        // Three edges moved.
        let parts = split_touching(bridged(&[40.0, 100.0, 240.0], &[50.0, 110.0, 260.0]), &cfg);
        assert_eq!(parts.len(), 2);
        assert_eq!((parts[0].bbox.y1, parts[1].bbox.y0), (60.0, 65.0));
        // One edge moved is enough: inside one table column edges run on through the rows.
        assert_eq!(split_touching(bridged(&[40.0], &[50.0]), &cfg).len(), 2);
        // A line only one side has (a scan lost the rest of it) moves no edge: one table.
        assert_eq!(
            split_touching(bridged(&[40.0, 100.0], &[100.0]), &cfg).len(),
            1
        );
    }

    #[test]
    fn double_rule_inside_one_table_keeps_it_whole() {
        let cfg = LayoutRules::default();
        // A double rule under a header whose column lines a scan broke at the gap: the same
        // columns go on below, so it is one table.
        let cols = [60.0, 120.0, 180.0, 240.0];
        assert_eq!(split_touching(stacked(4.0, &cols, &cols), &cfg).len(), 1);
        // Further apart than the band: two unrelated lines, not a border pair.
        let parts = split_touching(stacked(20.0, &[100.0, 200.0], &[50.0, 150.0, 250.0]), &cfg);
        assert_eq!(parts.len(), 1);
    }
}
