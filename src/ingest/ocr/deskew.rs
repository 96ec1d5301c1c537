//! Skew and orientation of a scanned page.
//!
//! Skew: the projection profile of the ink over small angles. When text lines and table rules
//! are level, the row sums of the ink are sharply peaked; the angle maximising the sum of
//! squared row sums is the page's skew. A coarse sweep then a fine one around the best keeps it
//! to ~60 profiles on a subsample of the ink pixels.
//!
//! Upside-down: Latin text has more ink above its x-height band (ascenders, capitals, digits)
//! than below it (descenders: g j p q y). On a page turned 180 degrees that reverses, which is
//! cheap to measure from the row profile of each text line, much cheaper than Tesseract's OSD
//! (about 1.8 s per page here, half the OCR time).

use super::raster::{Binary, GrayImage};

/// Estimated skew in degrees: positive when text lines descend to the right (the page was
/// turned clockwise). `GrayImage::rotate(angle)` levels it. `max_deg` bounds the search.
pub fn estimate_skew(ink: &Binary, max_deg: f32) -> f32 {
    // A subsample of ink points keeps the sweep cheap on big pages.
    let mut pts: Vec<(f32, f32)> = Vec::new();
    let total = ink.count().max(1);
    let step = (total / 150_000).max(1);
    let mut k = 0usize;
    for y in 0..ink.height {
        let row = &ink.data[y * ink.width..(y + 1) * ink.width];
        for (x, &v) in row.iter().enumerate() {
            if v != 0 {
                if k % step == 0 {
                    pts.push((x as f32, y as f32));
                }
                k += 1;
            }
        }
    }
    if pts.len() < 50 {
        return 0.0;
    }
    let cx = ink.width as f32 / 2.0;
    let bins = ink.height + ink.width; // enough for any shear within the range
    let mut hist = vec![0u32; bins * 2];
    let mut score = |deg: f32| -> f64 {
        let t = deg.to_radians().tan();
        hist.iter_mut().for_each(|v| *v = 0);
        for &(x, y) in &pts {
            let yy = y - (x - cx) * t;
            let b = (yy + bins as f32 / 2.0).round();
            if b >= 0.0 && (b as usize) < hist.len() {
                hist[b as usize] += 1;
            }
        }
        hist.iter().map(|&v| (v as f64) * (v as f64)).sum()
    };
    let mut best = (0.0f32, f64::MIN);
    let coarse = 0.2f32;
    let n = (max_deg / coarse).ceil() as i32;
    for i in -n..=n {
        let a = i as f32 * coarse;
        let s = score(a);
        if s > best.1 {
            best = (a, s);
        }
    }
    let centre = best.0;
    let fine = 0.02f32;
    for i in -10..=10 {
        let a = centre + i as f32 * fine;
        if a.abs() > max_deg {
            continue;
        }
        let s = score(a);
        if s > best.1 {
            best = (a, s);
        }
    }
    best.0
}

/// Evidence about the page's up direction from its text lines.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UpEvidence {
    /// Ink above the x-height band over ink above plus below (≈0.6-0.8 upright, ≈0.2-0.4 upside
    /// down).
    pub above_share: f32,
    /// Text lines that took part.
    pub lines: usize,
}

impl UpEvidence {
    /// True when the evidence says the page is upside down.
    pub fn upside_down(&self, min_lines: usize, max_share: f32) -> bool {
        self.lines >= min_lines && self.above_share < max_share
    }
}

/// Measures ascender/descender asymmetry over the page's text lines (rules should be erased
/// first: a ruled grid merges every band). `scale` is pixels per point.
pub fn up_evidence(ink: &Binary, scale: f32) -> UpEvidence {
    let prof: Vec<u32> = (0..ink.height)
        .map(|y| {
            ink.data[y * ink.width..(y + 1) * ink.width]
                .iter()
                .map(|&v| v as u32)
                .sum()
        })
        .collect();
    let min_h = (4.0 * scale) as usize;
    let max_h = (30.0 * scale) as usize;
    let noise = 2u32;
    let (mut above, mut below, mut lines) = (0f64, 0f64, 0usize);
    let mut y = 0;
    while y < prof.len() {
        if prof[y] <= noise {
            y += 1;
            continue;
        }
        let start = y;
        while y < prof.len() && prof[y] > noise {
            y += 1;
        }
        let band = &prof[start..y];
        if band.len() < min_h || band.len() > max_h {
            continue;
        }
        let peak = *band.iter().max().unwrap_or(&0);
        if peak < 20 {
            continue;
        }
        let core_thr = peak / 2;
        let top = band.iter().position(|&v| v >= core_thr).unwrap_or(0);
        let bot = band.len() - 1 - band.iter().rev().position(|&v| v >= core_thr).unwrap_or(0);
        let a: u32 = band[..top].iter().sum();
        let b: u32 = band[bot + 1..].iter().sum();
        if a + b == 0 {
            continue;
        }
        above += a as f64;
        below += b as f64;
        lines += 1;
    }
    UpEvidence {
        above_share: if above + below > 0.0 {
            (above / (above + below)) as f32
        } else {
            0.5
        },
        lines,
    }
}

/// Levels `img` by `angle` degrees (as returned by [`estimate_skew`]).
pub fn deskew(img: &GrayImage, angle: f32) -> GrayImage {
    img.rotate(angle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skew_of_level_stripes_is_zero() {
        let mut img = GrayImage::white(400, 300);
        for y in (20..280).step_by(20) {
            for x in 20..380 {
                img.set(x, y, 0);
                img.set(x, y + 1, 0);
            }
        }
        let ink = Binary::threshold(&img, 128);
        assert!(estimate_skew(&ink, 5.0).abs() < 0.05);
    }
}
