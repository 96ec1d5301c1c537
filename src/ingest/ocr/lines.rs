//! Table ruling lines in a binarised page: long runs of ink along rows (horizontal rules) or
//! columns (vertical rules), a one-dimensional morphological opening with a line element. Runs
//! in neighbouring rows that overlap are joined into one segment, so a rule a few pixels thick
//! (or one left slightly slanted by the deskew) comes out once. Segments thicker than a border
//! (filled blocks, bold titles) are not rules.

use super::raster::{Binary, GrayImage};
use crate::geom::BBox;
use crate::ingest::{Orientation, Rule};

/// Rule-finding parameters, in pixels.
#[derive(Debug, Clone, Copy)]
pub struct LineParams {
    /// Shortest run counted as a rule.
    pub min_len: usize,
    /// Gaps of at most this many pixels inside a run are bridged (noise, JPEG damage).
    pub max_gap: usize,
    /// Thickest segment counted as a rule.
    pub max_thickness: usize,
}

/// A rule in pixels, in the frame of the scan (rows for horizontal, columns for vertical).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    /// Horizontal or vertical.
    pub orientation: Orientation,
    /// Left/top end along the rule.
    pub start: usize,
    /// Right/bottom end along the rule (exclusive).
    pub end: usize,
    /// First row (horizontal) or column (vertical) covered across the rule.
    pub across0: usize,
    /// Last covered row/column (inclusive).
    pub across1: usize,
}

#[derive(Debug, Clone)]
struct Open {
    start: usize,
    end: usize,
    first: usize,
    last: usize,
    /// Runs making up the segment, to erase exactly those pixels later.
    runs: Vec<(usize, usize, usize)>,
}

/// Finds long runs along the rows of `ink` and joins them into segments.
fn find_along_rows(ink: &Binary, p: &LineParams) -> Vec<(Open, bool)> {
    let mut open: Vec<Open> = Vec::new();
    let mut done: Vec<Open> = Vec::new();
    for y in 0..ink.height {
        let row = &ink.data[y * ink.width..(y + 1) * ink.width];
        let mut runs: Vec<(usize, usize)> = Vec::new();
        let mut x = 0;
        while x < row.len() {
            if row[x] == 0 {
                x += 1;
                continue;
            }
            let s = x;
            let mut last_ink = x;
            while x < row.len() {
                if row[x] != 0 {
                    last_ink = x;
                } else if x - last_ink > p.max_gap {
                    break;
                }
                x += 1;
            }
            if last_ink + 1 - s >= p.min_len {
                runs.push((s, last_ink + 1));
            }
        }
        // Close segments not continued on this row or the one before.
        let mut still: Vec<Open> = Vec::new();
        for o in open.drain(..) {
            if o.last + 2 < y {
                done.push(o);
            } else {
                still.push(o);
            }
        }
        open = still;
        for (s, e) in runs {
            let hit = open.iter_mut().find(|o| {
                let ov = e.min(o.end).saturating_sub(s.max(o.start));
                ov * 2 >= (e - s).min(o.end - o.start)
            });
            match hit {
                Some(o) => {
                    o.start = o.start.min(s);
                    o.end = o.end.max(e);
                    o.last = y;
                    o.runs.push((y, s, e));
                }
                None => open.push(Open {
                    start: s,
                    end: e,
                    first: y,
                    last: y,
                    runs: vec![(y, s, e)],
                }),
            }
        }
    }
    done.extend(open);
    done.into_iter()
        .map(|o| {
            let thick = o.last + 1 - o.first;
            let ok = thick <= p.max_thickness && clear_sides(ink, &o);
            (o, ok)
        })
        .collect()
}

/// A border has paper on at least most of both sides; a run along the baseline or x-height of
/// bold text (letters touching) has letter bodies beside it. Looks two pixels beyond the
/// segment on each side and wants at most 35% ink on either.
fn clear_sides(ink: &Binary, o: &Open) -> bool {
    let len = o.end - o.start;
    let share = |y: Option<usize>| -> f32 {
        match y {
            Some(y) if y < ink.height => {
                let row = &ink.data[y * ink.width + o.start..y * ink.width + o.end];
                row.iter().filter(|&&v| v != 0).count() as f32 / len as f32
            }
            _ => 0.0,
        }
    };
    let above = share(o.first.checked_sub(3));
    let below = share(Some(o.last + 3));
    above <= 0.35 && below <= 0.35
}

/// Rules found in the page and a mask of their pixels (1 = rule ink, to erase before OCR).
pub struct Found {
    /// The rule segments, in pixels.
    pub segments: Vec<Segment>,
    /// Rule pixels, same size as the input.
    pub mask: Binary,
}

/// Finds horizontal and vertical rules in `ink`.
pub fn find_rules(ink: &Binary, horiz: &LineParams, vert: &LineParams) -> Found {
    let mut mask = Binary {
        width: ink.width,
        height: ink.height,
        data: vec![0; ink.data.len()],
    };
    let mut segments = Vec::new();
    for (o, ok) in find_along_rows(ink, horiz) {
        if !ok {
            continue;
        }
        for &(y, s, e) in &o.runs {
            mask.data[y * ink.width + s..y * ink.width + e].fill(1);
        }
        segments.push(Segment {
            orientation: Orientation::Horizontal,
            start: o.start,
            end: o.end,
            across0: o.first,
            across1: o.last,
        });
    }
    let t = ink.transpose();
    for (o, ok) in find_along_rows(&t, vert) {
        if !ok {
            continue;
        }
        for &(x, s, e) in &o.runs {
            for y in s..e {
                mask.data[y * ink.width + x] = 1;
            }
        }
        segments.push(Segment {
            orientation: Orientation::Vertical,
            start: o.start,
            end: o.end,
            across0: o.first,
            across1: o.last,
        });
    }
    Found {
        segments: merge_collinear(segments, horiz.max_gap.max(2) * 3),
        mask,
    }
}

/// Joins segments on the same line separated by short gaps (a rule broken by noise or by the
/// erasure of a crossing rule's run).
fn merge_collinear(mut segs: Vec<Segment>, gap: usize) -> Vec<Segment> {
    segs.sort_by_key(|s| (s.orientation as u8, s.across0, s.start));
    let mut out: Vec<Segment> = Vec::new();
    for s in segs {
        let mid = (s.across0 + s.across1) / 2;
        if let Some(prev) = out.iter_mut().rev().take(8).find(|p| {
            p.orientation == s.orientation
                && mid + 2 >= p.across0
                && mid <= p.across1 + 2
                && s.start <= p.end + gap
                && s.end + gap >= p.start
        }) {
            prev.start = prev.start.min(s.start);
            prev.end = prev.end.max(s.end);
            prev.across0 = prev.across0.min(s.across0);
            prev.across1 = prev.across1.max(s.across1);
        } else {
            out.push(s);
        }
    }
    out
}

/// Whitens the rule pixels of `img` (grown by `grow` pixels each way, to take the grey fringe
/// of a scanned line too).
pub fn erase(img: &mut GrayImage, mask: &Binary, grow: usize) {
    let (w, h) = (img.width, img.height);
    // Grow the mask along rows, then whiten every row within `grow` of a grown row (row-major
    // passes: a column-wise pass over a 9-megapixel page thrashes the cache).
    let mut tmp = vec![0u8; w * h];
    for y in 0..h {
        let row = &mask.data[y * w..(y + 1) * w];
        let out = &mut tmp[y * w..(y + 1) * w];
        let mut x = 0;
        while x < w {
            if row[x] != 0 {
                let a = x.saturating_sub(grow);
                let mut e = x;
                while e < w && row[e] != 0 {
                    e += 1;
                }
                out[a..(e + grow).min(w)].fill(1);
                x = e;
            } else {
                x += 1;
            }
        }
    }
    for y in 0..h {
        let src = &tmp[y * w..(y + 1) * w];
        if !src.contains(&1) {
            continue;
        }
        for yy in y.saturating_sub(grow)..(y + grow + 1).min(h) {
            let dst = &mut img.data[yy * w..(yy + 1) * w];
            for (d, &m) in dst.iter_mut().zip(src) {
                if m != 0 {
                    *d = 255;
                }
            }
        }
    }
}

/// Converts pixel segments to page rules; `scale` is pixels per point.
pub fn to_rules(segs: &[Segment], scale: f32) -> Vec<Rule> {
    segs.iter()
        .map(|s| {
            let (a0, a1) = (s.start as f32 / scale, s.end as f32 / scale);
            let (b0, b1) = (s.across0 as f32 / scale, (s.across1 + 1) as f32 / scale);
            let bbox = match s.orientation {
                Orientation::Horizontal => BBox::new(a0, b0, a1, b1),
                Orientation::Vertical => BBox::new(b0, a0, b1, a1),
            };
            Rule {
                orientation: s.orientation,
                bbox,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_strokes_are_not_rules() {
        let mut img = GrayImage::white(200, 100);
        for x in 10..30 {
            img.set(x, 50, 0);
        }
        let ink = Binary::threshold(&img, 128);
        let p = LineParams {
            min_len: 50,
            max_gap: 2,
            max_thickness: 6,
        };
        assert!(find_rules(&ink, &p, &p).segments.is_empty());
    }
}
