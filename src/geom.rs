//! Page geometry shared by every stage: PDF points, origin at the top-left corner, y growing
//! downwards (the same orientation as page images, so OCR and text-layer boxes compare directly).

use serde::{Deserialize, Serialize};

/// An axis-aligned box in page points (top-left origin, y down).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct BBox {
    /// Left edge.
    pub x0: f32,
    /// Top edge.
    pub y0: f32,
    /// Right edge.
    pub x1: f32,
    /// Bottom edge.
    pub y1: f32,
}

impl BBox {
    /// Builds a box from two corners in any order.
    pub fn new(xa: f32, ya: f32, xb: f32, yb: f32) -> Self {
        BBox {
            x0: xa.min(xb),
            y0: ya.min(yb),
            x1: xa.max(xb),
            y1: ya.max(yb),
        }
    }
    /// Width of the box.
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }
    /// Height of the box.
    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }
    /// Horizontal centre.
    pub fn cx(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
    /// Vertical centre.
    pub fn cy(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
    /// The smallest box holding both.
    pub fn union(&self, o: &BBox) -> BBox {
        BBox {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }
}
