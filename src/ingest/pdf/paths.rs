//! Vector paths to ruling lines.
//!
//! Table borders come in two shapes: Chromium fills thin rectangles (`re f`, one per cell edge),
//! LibreOffice strokes lines (`m l S`). A thin filled axis-aligned rectangle and an axis-aligned
//! stroked segment both become a [`Rule`]; pieces on the same line that touch or overlap are then
//! merged, so a border drawn cell by cell comes out as one line.
//!
//! Large filled rectangles (cell shading, header backgrounds) are not turned into rules: on the
//! samples every shaded cell also has drawn borders, and shading edges would add near-duplicate
//! lines offset by the border width. White fills and strokes are skipped: they paint background
//! or erase, they do not draw a border.

use crate::geom::BBox;
use crate::ingest::{Orientation, Rule};

/// Points closer than this (in points) count as the same coordinate when testing for
/// axis-aligned edges.
const AXIS_EPS: f32 = 0.3;
/// Upper bound on rule candidates per page, against hostile content.
const MAX_CANDIDATES: usize = 500_000;

#[derive(Debug, Clone, Copy)]
struct Pt {
    x: f32,
    y: f32,
}

#[derive(Debug, Default)]
struct SubPath {
    pts: Vec<Pt>,
    /// `curved[i]`: the segment ending at `pts[i]` is a curve (ignored for rules).
    curved: Vec<bool>,
    closed: bool,
}

/// The current path, in page space.
#[derive(Debug, Default)]
pub struct PathBuilder {
    subs: Vec<SubPath>,
}

/// What counts as a rule.
#[derive(Debug, Clone, Copy)]
pub struct RuleLimits {
    /// A filled rectangle this thin or thinner is a rule.
    pub max_thickness: f32,
    /// Thicker lines (a heavy border, stroked or filled) up to this thickness are rules when they
    /// are at least `thick_min_aspect` times longer than thick, unlike a shaded cell.
    pub max_thick_line: f32,
    /// See `max_thick_line`.
    pub thick_min_aspect: f32,
    /// Pieces shorter than this are dropped.
    pub min_length: f32,
}

/// Rule candidates of one page, before merging.
#[derive(Debug)]
pub struct RuleCollector {
    cands: Vec<Rule>,
    lim: RuleLimits,
    width: f32,
    height: f32,
}

impl PathBuilder {
    /// `m`.
    pub fn move_to(&mut self, x: f32, y: f32) {
        if self.subs.len() > 100_000 {
            return;
        }
        self.subs.push(SubPath {
            pts: vec![Pt { x, y }],
            curved: vec![false],
            closed: false,
        });
    }

    /// `l`, or the end point of a curve with `curved`.
    pub fn line_to(&mut self, x: f32, y: f32, curved: bool) {
        match self.subs.last_mut() {
            Some(s) if !s.closed => {
                if s.pts.len() < 10_000 {
                    s.pts.push(Pt { x, y });
                    s.curved.push(curved);
                }
            }
            _ => {
                // A segment without a current point starts a new subpath at its end
                // (lenient, as viewers are).
                self.move_to(x, y);
            }
        }
    }

    /// `h`.
    pub fn close(&mut self) {
        if let Some(s) = self.subs.last_mut() {
            s.closed = true;
        }
    }

    /// `re`, with the four corners already in page space.
    pub fn rect(&mut self, corners: [(f32, f32); 4]) {
        if self.subs.len() > 100_000 {
            return;
        }
        self.subs.push(SubPath {
            pts: corners.iter().map(|&(x, y)| Pt { x, y }).collect(),
            curved: vec![false; 4],
            closed: true,
        });
    }

    /// `n` and every painting operator end the path.
    pub fn clear(&mut self) {
        self.subs.clear();
    }
}

/// The axis-aligned box of a subpath that is a rectangle (4 corners, or 5 with the first
/// repeated), else `None`.
fn as_rect(s: &SubPath) -> Option<BBox> {
    let mut pts: &[Pt] = &s.pts;
    if pts.len() == 5 {
        let (a, b) = (pts[0], pts[4]);
        if (a.x - b.x).abs() > AXIS_EPS || (a.y - b.y).abs() > AXIS_EPS {
            return None;
        }
        pts = &pts[..4];
    }
    if pts.len() != 4 || s.curved.iter().any(|&c| c) {
        return None;
    }
    for i in 0..4 {
        let a = pts[i];
        let b = pts[(i + 1) % 4];
        if (a.x - b.x).abs() > AXIS_EPS && (a.y - b.y).abs() > AXIS_EPS {
            return None;
        }
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for p in pts {
        x0 = x0.min(p.x);
        y0 = y0.min(p.y);
        x1 = x1.max(p.x);
        y1 = y1.max(p.y);
    }
    Some(BBox { x0, y0, x1, y1 })
}

impl RuleCollector {
    /// A collector for a page of the given size.
    pub fn new(lim: RuleLimits, width: f32, height: f32) -> Self {
        RuleCollector {
            cands: Vec::new(),
            lim,
            width,
            height,
        }
    }

    fn is_line(&self, thickness: f32, length: f32) -> bool {
        thickness <= self.lim.max_thickness
            || thickness <= self.lim.max_thick_line
                && length >= self.lim.thick_min_aspect * thickness
    }

    fn push(&mut self, b: BBox) {
        if self.cands.len() >= MAX_CANDIDATES
            || ![b.x0, b.y0, b.x1, b.y1].iter().all(|v| v.is_finite())
        {
            return;
        }
        // Clip to the page; drop what lies outside.
        let b = BBox {
            x0: b.x0.max(0.0),
            y0: b.y0.max(0.0),
            x1: b.x1.min(self.width),
            y1: b.y1.min(self.height),
        };
        if b.x1 < b.x0 || b.y1 < b.y0 {
            return;
        }
        let (w, h) = (b.width(), b.height());
        let orientation = if w >= h {
            Orientation::Horizontal
        } else {
            Orientation::Vertical
        };
        if w.max(h) < self.lim.min_length {
            return;
        }
        self.cands.push(Rule {
            orientation,
            bbox: b,
        });
    }

    /// A fill of `path`: thin rectangles become rules.
    pub fn fill(&mut self, path: &PathBuilder) {
        for s in &path.subs {
            if let Some(r) = as_rect(s) {
                let (w, h) = (r.width(), r.height());
                if self.is_line(w.min(h), w.max(h)) {
                    self.push(r);
                }
            }
        }
    }

    /// A stroke of `path` with line width `lw` (in points): axis-aligned straight segments become
    /// rules as thick as the line.
    pub fn stroke(&mut self, path: &PathBuilder, lw: f32) {
        if lw > self.lim.max_thick_line {
            return;
        }
        let half = lw / 2.0;
        for s in &path.subs {
            let n = s.pts.len();
            let segs = if s.closed && n > 2 { n } else { n - 1 };
            for i in 0..segs {
                let j = (i + 1) % n;
                if s.curved[j] && j != 0 {
                    continue;
                }
                let (a, b) = (s.pts[i], s.pts[j]);
                if (a.y - b.y).abs() <= AXIS_EPS {
                    if self.is_line(lw, (a.x - b.x).abs()) {
                        let y = (a.y + b.y) / 2.0;
                        self.push(BBox::new(a.x, y - half, b.x, y + half));
                    }
                } else if (a.x - b.x).abs() <= AXIS_EPS && self.is_line(lw, (a.y - b.y).abs()) {
                    let x = (a.x + b.x) / 2.0;
                    self.push(BBox::new(x - half, a.y, x + half, b.y));
                }
            }
        }
    }

    /// Merges touching and overlapping collinear pieces and returns the rules, horizontal ones
    /// first, each group sorted by position.
    pub fn finish(self) -> Vec<Rule> {
        let mut h: Vec<BBox> = Vec::new();
        let mut v: Vec<BBox> = Vec::new();
        for r in self.cands {
            match r.orientation {
                Orientation::Horizontal => h.push(r.bbox),
                Orientation::Vertical => v.push(r.bbox),
            }
        }
        let mut out = Vec::with_capacity(h.len() / 4 + v.len() / 4);
        for b in merge(h) {
            out.push(Rule {
                orientation: Orientation::Horizontal,
                bbox: b,
            });
        }
        // Vertical rules: the same merge with x and y swapped.
        let vt: Vec<BBox> = v.iter().map(transpose).collect();
        for b in merge(vt) {
            out.push(Rule {
                orientation: Orientation::Vertical,
                bbox: transpose(&b),
            });
        }
        out
    }
}

fn transpose(b: &BBox) -> BBox {
    BBox {
        x0: b.y0,
        y0: b.x0,
        x1: b.y1,
        y1: b.x1,
    }
}

/// Merges horizontal pieces: same line (centres within tolerance) and touching along x.
fn merge(mut pieces: Vec<BBox>) -> Vec<BBox> {
    // Sort by line position, then by start along the line.
    pieces.sort_by(|a, b| a.cy().total_cmp(&b.cy()).then(a.x0.total_cmp(&b.x0)));
    // Group into lines: consecutive pieces whose centres are within `line_tol` of the group's
    // first piece.
    let mut out = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let base = pieces[i].cy();
        let thick = pieces[i].height().max(0.5);
        let line_tol = thick.max(1.0);
        let mut j = i;
        while j < pieces.len() && pieces[j].cy() - base <= line_tol {
            j += 1;
        }
        let group = &mut pieces[i..j];
        group.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let mut cur = group[0];
        for p in group.iter().skip(1) {
            // Touching: a gap no wider than a border's thickness (cells drawn edge to edge, with
            // rounding) joins; a real gap between two tables does not.
            let join_gap = (p.height().max(cur.height())).max(1.0);
            if p.x0 <= cur.x1 + join_gap {
                cur = cur.union(p);
            } else {
                out.push(cur);
                cur = *p;
            }
        }
        out.push(cur);
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIM: RuleLimits = RuleLimits {
        max_thickness: 2.0,
        max_thick_line: 6.0,
        thick_min_aspect: 20.0,
        min_length: 1.0,
    };

    #[test]
    fn heavy_borders_are_rules_but_shading_is_not() {
        let mut p = PathBuilder::default();
        let mut rc = RuleCollector::new(LIM, 600.0, 800.0);
        // A 3pt bar 300pt long: a heavy border.
        p.rect(rect(10.0, 100.0, 300.0, 3.0));
        // A 5pt-tall shaded strip only 40pt long: not a line.
        p.rect(rect(10.0, 200.0, 40.0, 5.0));
        rc.fill(&p);
        let mut s = PathBuilder::default();
        // A 4pt stroked line is a rule; a 10pt one is a bar.
        s.move_to(10.0, 300.0);
        s.line_to(400.0, 300.0, false);
        rc.stroke(&s, 4.0);
        rc.stroke(&s, 10.0);
        let r = rc.finish();
        assert_eq!(r.len(), 2, "{r:?}");
        assert!((r[0].bbox.height() - 3.0).abs() < 1e-6);
        assert!((r[1].bbox.height() - 4.0).abs() < 1e-6);
    }

    fn rect(x: f32, y: f32, w: f32, h: f32) -> [(f32, f32); 4] {
        [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
    }

    #[test]
    fn thin_fills_merge_and_shading_is_ignored() {
        let mut p = PathBuilder::default();
        let mut rc = RuleCollector::new(LIM, 600.0, 800.0);
        // A horizontal border drawn per cell, touching.
        p.rect(rect(10.0, 100.0, 50.0, 0.75));
        p.rect(rect(60.0, 100.0, 40.0, 0.75));
        // A vertical border drawn per row, touching.
        p.rect(rect(10.0, 100.0, 0.75, 20.0));
        p.rect(rect(10.0, 120.0, 0.75, 30.0));
        // Shading: not a rule.
        p.rect(rect(10.0, 100.0, 90.0, 20.0));
        rc.fill(&p);
        let rules = rc.finish();
        assert_eq!(rules.len(), 2, "{rules:?}");
        let h = rules[0];
        assert_eq!(h.orientation, Orientation::Horizontal);
        assert_eq!((h.bbox.x0, h.bbox.x1), (10.0, 100.0));
        let v = rules[1];
        assert_eq!(v.orientation, Orientation::Vertical);
        assert_eq!((v.bbox.y0, v.bbox.y1), (100.0, 150.0));
    }

    #[test]
    fn strokes_and_gaps() {
        let mut p = PathBuilder::default();
        let mut rc = RuleCollector::new(LIM, 600.0, 800.0);
        p.move_to(85.0, 100.0);
        p.line_to(300.0, 100.0, false);
        p.move_to(310.0, 100.0);
        p.line_to(500.0, 100.0, false);
        // A diagonal: ignored.
        p.move_to(0.0, 0.0);
        p.line_to(50.0, 50.0, false);
        rc.stroke(&p, 0.5);
        let rules = rc.finish();
        assert_eq!(rules.len(), 2, "a 10pt gap separates two rules: {rules:?}");
        assert!((rules[0].bbox.height() - 0.5).abs() < 1e-6);
    }
}
