//! Pages whose text runs sideways or upside down on the page as displayed: a landscape table
//! placed on a portrait page with its text matrix turned by 90 degrees, or a `/Rotate` page
//! whose content was not turned to match. Layout reads lines left to right, so such a table came
//! out transposed; the page is turned by quarter turns into the frame where most of its text
//! reads left to right, before layout.

use super::{Orientation, Page};
use crate::geom::BBox;
use serde::{Deserialize, Serialize};

/// A quarter-turn from the page as displayed to the frame its text is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Turn {
    /// The page is read as displayed.
    #[default]
    None,
    /// Turned a quarter clockwise (text that runs bottom to top as displayed).
    Cw,
    /// Turned a quarter counter-clockwise (text that runs top to bottom as displayed).
    Ccw,
    /// Turned upside down (text that runs right to left, upside down).
    Half,
}

/// Share of a page's characters that must run in one non-upright direction before the page is
/// turned: a page of upright text with a sideways axis label or stamp stays as it is.
const TURN_SHARE: f32 = 0.6;
/// Fewer characters than this say too little about a page's direction.
const MIN_CHARS: usize = 20;

impl Turn {
    /// The turn that makes most of the characters read left to right, from each word's text
    /// and writing direction (`dirs[i]` a unit vector on the displayed page, y down).
    pub fn of_words(texts: &[&str], dirs: &[[f32; 2]]) -> Turn {
        let mut count = [0usize; 4];
        for (t, d) in texts.iter().zip(dirs) {
            let n = t.chars().filter(|c| !c.is_whitespace()).count();
            let k = match *d {
                [x, _] if x >= 0.9 => 0,
                [_, y] if y <= -0.9 => 1,
                [_, y] if y >= 0.9 => 2,
                [x, _] if x <= -0.9 => 3,
                // Slanted text (a stamp, a chart label) says nothing about the page.
                _ => continue,
            };
            count[k] += n;
        }
        let total: usize = count.iter().sum();
        let (best, n) = count
            .iter()
            .enumerate()
            .skip(1)
            .max_by_key(|(_, n)| **n)
            .map(|(k, n)| (k, *n))
            .unwrap_or((0, 0));
        if total < MIN_CHARS || (n as f32) < TURN_SHARE * total as f32 {
            return Turn::None;
        }
        match best {
            1 => Turn::Cw,
            2 => Turn::Ccw,
            _ => Turn::Half,
        }
    }

    /// The turned frame's (width, height) for a displayed page of `w` × `h`.
    pub fn size(self, w: f32, h: f32) -> (f32, f32) {
        match self {
            Turn::Cw | Turn::Ccw => (h, w),
            _ => (w, h),
        }
    }

    /// A point of the displayed page (`w` × `h`) in the turned frame.
    pub fn point(self, x: f32, y: f32, w: f32, h: f32) -> (f32, f32) {
        match self {
            Turn::None => (x, y),
            Turn::Cw => (h - y, x),
            Turn::Ccw => (y, w - x),
            Turn::Half => (w - x, h - y),
        }
    }

    /// A point of the turned frame back on the displayed page (`w` × `h`, as displayed).
    pub fn back(self, u: f32, v: f32, w: f32, h: f32) -> (f32, f32) {
        match self {
            Turn::None => (u, v),
            Turn::Cw => (v, h - u),
            Turn::Ccw => (w - v, u),
            Turn::Half => (w - u, h - v),
        }
    }

    /// A box of the displayed page (`w` × `h`) in the turned frame.
    pub fn bbox(self, b: BBox, w: f32, h: f32) -> BBox {
        let (xa, ya) = self.point(b.x0, b.y0, w, h);
        let (xb, yb) = self.point(b.x1, b.y1, w, h);
        BBox::new(xa, ya, xb, yb)
    }

    /// A box of the turned frame back on the displayed page (`w` × `h`).
    pub fn bbox_back(self, b: BBox, w: f32, h: f32) -> BBox {
        let (xa, ya) = self.back(b.x0, b.y0, w, h);
        let (xb, yb) = self.back(b.x1, b.y1, w, h);
        BBox::new(xa, ya, xb, yb)
    }

    /// Turns a page's words and rules into the turned frame.
    pub fn apply(self, page: &mut Page) {
        if self == Turn::None {
            return;
        }
        let (w, h) = (page.width, page.height);
        for word in &mut page.words {
            word.bbox = self.bbox(word.bbox, w, h);
        }
        let quarter = matches!(self, Turn::Cw | Turn::Ccw);
        for r in &mut page.rules {
            r.bbox = self.bbox(r.bbox, w, h);
            if quarter {
                r.orientation = match r.orientation {
                    Orientation::Horizontal => Orientation::Vertical,
                    Orientation::Vertical => Orientation::Horizontal,
                };
            }
        }
        (page.width, page.height) = self.size(w, h);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turns_follow_the_text_and_round_trip() {
        let t = ["Program Kegiatan Sub"; 3];
        assert_eq!(Turn::of_words(&t, &[[0.0, -1.0]; 3]), Turn::Cw);
        assert_eq!(Turn::of_words(&t, &[[0.0, 1.0]; 3]), Turn::Ccw);
        assert_eq!(Turn::of_words(&t, &[[-1.0, 0.0]; 3]), Turn::Half);
        assert_eq!(Turn::of_words(&t, &[[1.0, 0.0]; 3]), Turn::None);
        // One sideways label on an upright page.
        let d = [[1.0, 0.0], [1.0, 0.0], [0.0, -1.0]];
        assert_eq!(Turn::of_words(&t, &d), Turn::None);
        assert_eq!(Turn::of_words(&["ab"], &[[0.0, -1.0]]), Turn::None);
        let b = BBox::new(10.0, 20.0, 30.0, 25.0);
        for turn in [Turn::None, Turn::Cw, Turn::Ccw, Turn::Half] {
            let (w, h) = (595.0, 842.0);
            let (tw, th) = turn.size(w, h);
            let u = turn.bbox(b, w, h);
            assert!(
                u.x0 >= 0.0 && u.x1 <= tw && u.y0 >= 0.0 && u.y1 <= th,
                "{turn:?}"
            );
            assert_eq!(turn.bbox_back(u, w, h), b, "{turn:?}");
        }
        // Text running up the displayed page reads left to right once turned clockwise: its
        // start (bottom) comes out left of its end (top).
        let (start, end) = (
            Turn::Cw.point(100.0, 500.0, 595.0, 842.0),
            Turn::Cw.point(100.0, 300.0, 595.0, 842.0),
        );
        assert!(start.0 < end.0 && start.1 == end.1);
    }
}
