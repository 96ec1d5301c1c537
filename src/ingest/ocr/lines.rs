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
    let segments = merge_collinear(segments, horiz.max_gap.max(2) * 3);
    for seg in &segments {
        let p = match seg.orientation {
            Orientation::Horizontal => horiz,
            Orientation::Vertical => vert,
        };
        sweep_band(ink, &mut mask, seg, p);
    }
    Found { segments, mask }
}

/// Marks the rule's leftovers in the band around a found rule: a rule scanned slightly
/// rotated and levelled again is a sawtooth whose joints are runs too short to be found as
/// rule, and Tesseract read those stubs as words (`oe`, `ee`, `a`) at every cell's edge.
/// Within the band (the rule's rows and `max_gap + 1` either side, its length and
/// `min_len` beyond each end), ink whose run across the rule stays inside the band is rule;
/// a glyph touching the rule runs on out of the band and is kept.
fn sweep_band(ink: &Binary, mask: &mut Binary, seg: &Segment, p: &LineParams) {
    let horizontal = seg.orientation == Orientation::Horizontal;
    let (along_len, across_len) = if horizontal {
        (ink.width, ink.height)
    } else {
        (ink.height, ink.width)
    };
    let idx = |along: usize, across: usize| {
        if horizontal {
            across * ink.width + along
        } else {
            along * ink.width + across
        }
    };
    let pad = p.max_gap + 1;
    let b0 = seg.across0.saturating_sub(pad);
    let b1 = (seg.across1 + pad).min(across_len - 1);
    let a0 = seg.start.saturating_sub(p.min_len);
    let a1 = (seg.end + p.min_len).min(along_len);
    let inked = |along: usize, across: usize| ink.data[idx(along, across)] != 0;
    for a in a0..a1 {
        let mut c = b0;
        while c <= b1 {
            if !inked(a, c) {
                c += 1;
                continue;
            }
            let s = c;
            while c <= b1 && inked(a, c) {
                c += 1;
            }
            let open_before = s == b0 && b0 > 0 && inked(a, b0 - 1);
            let open_after = c > b1 && b1 + 1 < across_len && inked(a, b1 + 1);
            if !open_before && !open_after {
                for k in s..c {
                    mask.data[idx(a, k)] = 1;
                }
            }
        }
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

    fn params() -> LineParams {
        LineParams {
            min_len: 50,
            max_gap: 2,
            max_thickness: 6,
        }
    }

    #[test]
    fn a_sawtooth_rule_is_erased_whole_and_a_glyph_on_it_kept() {
        // A rule scanned a little askew and levelled again: 80-pixel runs one row apart,
        // joined by 3-pixel stubs that are too short to be rule on their own.
        let mut img = GrayImage::white(400, 100);
        for x in 20..380 {
            let y = 50 + ((x - 20) / 80) % 2;
            img.set(x, y, 0);
            if (x - 20) % 80 >= 77 {
                img.set(x, 50 + (1 - ((x - 20) / 80) % 2), 0);
            }
        }
        // A stroke standing on the rule (the stem of a digit touching its cell's floor).
        for y in 30..52 {
            img.set(200, y, 0);
        }
        let ink = Binary::threshold(&img, 128);
        let found = find_rules(&ink, &params(), &params());
        assert!(!found.segments.is_empty());
        let left: Vec<(usize, usize)> = (0..100)
            .flat_map(|y| (0..400).map(move |x| (x, y)))
            .filter(|&(x, y)| ink.data[y * 400 + x] != 0 && found.mask.data[y * 400 + x] == 0)
            .collect();
        // Only the stroke's part above the band survives, every stub of the rule is gone.
        assert!(left.iter().all(|&(x, _)| x == 200), "{left:?}");
        assert!(left.iter().any(|&(_, y)| y < 40));
    }

    #[test]
    fn ink_off_the_rule_band_is_not_swept() {
        let mut img = GrayImage::white(400, 100);
        for x in 20..380 {
            img.set(x, 50, 0);
        }
        // A short dash ten rows above the rule: text, not a rule remnant.
        for x in 100..104 {
            img.set(x, 40, 0);
        }
        let ink = Binary::threshold(&img, 128);
        let found = find_rules(&ink, &params(), &params());
        assert!((100..104).all(|x| found.mask.data[40 * 400 + x] == 0));
    }
}
