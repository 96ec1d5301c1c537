//! An 8-bit greyscale raster and the few pixel operations OCR preparation needs (resampling,
//! rotation, thresholds). Kept in-house: the `image` crate would bring codecs and a dependency
//! tree we do not need for one channel of bytes.

/// A greyscale image, row-major, 0 = black, 255 = white.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrayImage {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// `width * height` samples.
    pub data: Vec<u8>,
}

impl GrayImage {
    /// A white image of the given size.
    pub fn white(width: usize, height: usize) -> Self {
        GrayImage {
            width,
            height,
            data: vec![255; width * height],
        }
    }

    /// The sample at (x, y); no bounds check beyond the slice's.
    #[inline]
    pub fn get(&self, x: usize, y: usize) -> u8 {
        self.data[y * self.width + x]
    }

    /// Sets the sample at (x, y).
    #[inline]
    pub fn set(&mut self, x: usize, y: usize, v: u8) {
        self.data[y * self.width + x] = v;
    }

    /// Bilinear sample at a real position; outside the image is white (paper).
    #[inline]
    pub fn sample_bilinear(&self, x: f32, y: f32) -> u8 {
        let (w, h) = (self.width as isize, self.height as isize);
        let x0 = x.floor();
        let y0 = y.floor();
        let fx = x - x0;
        let fy = y - y0;
        let (xi, yi) = (x0 as isize, y0 as isize);
        let px = |xx: isize, yy: isize| -> f32 {
            if xx < 0 || yy < 0 || xx >= w || yy >= h {
                255.0
            } else {
                self.data[yy as usize * self.width + xx as usize] as f32
            }
        };
        let top = px(xi, yi) * (1.0 - fx) + px(xi + 1, yi) * fx;
        let bot = px(xi, yi + 1) * (1.0 - fx) + px(xi + 1, yi + 1) * fx;
        (top * (1.0 - fy) + bot * fy).round().clamp(0.0, 255.0) as u8
    }

    /// Rotates by `degrees` (positive = counter-clockwise as seen on screen, y down) about the
    /// centre, keeping the size; uncovered corners become white.
    pub fn rotate(&self, degrees: f32) -> GrayImage {
        if degrees.abs() < 1e-4 {
            return self.clone();
        }
        self.scale_rotate(1.0, degrees)
    }

    /// Scales by `factor` and rotates by `degrees` (as [`GrayImage::rotate`]) in one bilinear
    /// pass: one resampling softens the page once, and costs one pass instead of two.
    pub fn scale_rotate(&self, factor: f32, degrees: f32) -> GrayImage {
        let ow = ((self.width as f32) * factor).round().max(1.0) as usize;
        let oh = ((self.height as f32) * factor).round().max(1.0) as usize;
        let (s, c) = degrees.to_radians().sin_cos();
        let (icx, icy) = (self.width as f32 / 2.0, self.height as f32 / 2.0);
        let (ocx, ocy) = (ow as f32 / 2.0, oh as f32 / 2.0);
        let inv = 1.0 / factor;
        let mut out = GrayImage::white(ow, oh);
        let (w, h) = (self.width as i32, self.height as i32);
        // Source position per output pixel is affine: start of row plus a fixed step per x.
        // 16.16 fixed point keeps the inner loop in integers.
        let step_x = ((c * inv) * 65536.0) as i64;
        let step_y = ((s * inv) * 65536.0) as i64;
        for y in 0..oh {
            let dy = (y as f32 + 0.5 - ocy) * inv;
            let dx0 = (0.5 - ocx) * inv;
            let sx0 = c * dx0 - s * dy + icx - 0.5;
            let sy0 = s * dx0 + c * dy + icy - 0.5;
            let mut fx = (sx0 * 65536.0) as i64;
            let mut fy = (sy0 * 65536.0) as i64;
            let row = &mut out.data[y * ow..(y + 1) * ow];
            for px in row.iter_mut() {
                let xi = (fx >> 16) as i32;
                let yi = (fy >> 16) as i32;
                let tx = (fx & 0xffff) as u32 >> 8;
                let ty = (fy & 0xffff) as u32 >> 8;
                fx += step_x;
                fy += step_y;
                if xi >= 0 && yi >= 0 && xi + 1 < w && yi + 1 < h {
                    let i = yi as usize * self.width + xi as usize;
                    let a = self.data[i] as u32;
                    let b = self.data[i + 1] as u32;
                    let cc = self.data[i + self.width] as u32;
                    let d = self.data[i + self.width + 1] as u32;
                    let top = a * (256 - tx) + b * tx;
                    let bot = cc * (256 - tx) + d * tx;
                    *px = ((top * (256 - ty) + bot * ty + 32768) >> 16) as u8;
                } else if xi >= -1 && yi >= -1 && xi < w && yi < h {
                    // Edge pixels: the slow path with white outside.
                    *px = self.sample_bilinear(
                        xi as f32 + tx as f32 / 256.0,
                        yi as f32 + ty as f32 / 256.0,
                    );
                }
            }
        }
        out
    }

    /// Rotates by a multiple of 90 degrees clockwise (quarter turns), exactly.
    pub fn rotate_quarters(&self, quarters: u32) -> GrayImage {
        let (w, h) = (self.width, self.height);
        match quarters % 4 {
            0 => self.clone(),
            2 => {
                let mut data = self.data.clone();
                data.reverse();
                GrayImage {
                    width: w,
                    height: h,
                    data,
                }
            }
            1 => {
                // Clockwise: new (x', y') = (h-1-y, x).
                let mut out = GrayImage::white(h, w);
                for y in 0..h {
                    for x in 0..w {
                        out.data[x * h + (h - 1 - y)] = self.data[y * w + x];
                    }
                }
                out
            }
            _ => {
                let mut out = GrayImage::white(h, w);
                for y in 0..h {
                    for x in 0..w {
                        out.data[(w - 1 - x) * h + y] = self.data[y * w + x];
                    }
                }
                out
            }
        }
    }

    /// Scales by an integer factor down (box average), for cheap estimates on big pages.
    pub fn downsample(&self, factor: usize) -> GrayImage {
        if factor <= 1 {
            return self.clone();
        }
        let w = self.width / factor;
        let h = self.height / factor;
        let mut out = GrayImage::white(w.max(1), h.max(1));
        let n = (factor * factor) as u32;
        for y in 0..h {
            for x in 0..w {
                let mut sum = 0u32;
                for yy in 0..factor {
                    let row = (y * factor + yy) * self.width + x * factor;
                    for v in &self.data[row..row + factor] {
                        sum += *v as u32;
                    }
                }
                out.data[y * out.width + x] = (sum / n) as u8;
            }
        }
        out
    }

    /// Scales up by a real factor with bilinear interpolation (low-resolution scans).
    pub fn upscale(&self, factor: f32) -> GrayImage {
        self.scale_rotate(factor, 0.0)
    }

    /// Divides out the paper's local brightness (page shading, grey table-cell fills, uneven
    /// lighting): the background is the median sample of each `block`-pixel square (ink and
    /// the white gaps between shaded cells are each a minority of a block), interpolated
    /// between blocks; each sample is scaled so the background becomes white.
    pub fn flatten_background(&mut self, block: usize) {
        let block = block.max(4);
        let bw = self.width.div_ceil(block);
        let bh = self.height.div_ceil(block);
        let mut sm = vec![0f32; bw * bh];
        let mut hist = [0u32; 256];
        for by in 0..bh {
            for bx in 0..bw {
                hist.iter_mut().for_each(|v| *v = 0);
                let mut n = 0u32;
                for y in by * block..((by + 1) * block).min(self.height) {
                    let row = &self.data[y * self.width..(y + 1) * self.width];
                    for &v in &row[bx * block..((bx + 1) * block).min(self.width)] {
                        hist[v as usize] += 1;
                        n += 1;
                    }
                }
                let mut acc = 0u32;
                let mut med = 255usize;
                for (i, &c) in hist.iter().enumerate() {
                    acc += c;
                    if acc * 2 >= n {
                        med = i;
                        break;
                    }
                }
                // A block mostly of ink (a bar, a big bold glyph) must not turn ink into paper.
                sm[by * bw + bx] = (med as f32).max(128.0);
            }
        }
        let b = block as f32;
        for y in 0..self.height {
            let fy = ((y as f32 + 0.5) / b - 0.5).clamp(0.0, (bh - 1) as f32);
            let y0 = fy.floor() as usize;
            let y1 = (y0 + 1).min(bh - 1);
            let ty = fy - y0 as f32;
            for x in 0..self.width {
                let fx = ((x as f32 + 0.5) / b - 0.5).clamp(0.0, (bw - 1) as f32);
                let x0 = fx.floor() as usize;
                let x1 = (x0 + 1).min(bw - 1);
                let tx = fx - x0 as f32;
                let top = sm[y0 * bw + x0] * (1.0 - tx) + sm[y0 * bw + x1] * tx;
                let bot = sm[y1 * bw + x0] * (1.0 - tx) + sm[y1 * bw + x1] * tx;
                let paper = top * (1.0 - ty) + bot * ty;
                let v = &mut self.data[y * self.width + x];
                *v = ((*v as f32) * 255.0 / paper).min(255.0) as u8;
            }
        }
    }

    /// Turns every sample lighter than `ink` into paper (255) unless a sample at most `ink`
    /// lies within `radius` pixels (a square neighbourhood): scanner noise and the grey
    /// fringe left where rules were erased sit far from any stroke, and Tesseract reads such
    /// speckle as words (`Mee`, `ae`), while a glyph's anti-aliased edge and a comma's tail
    /// stay, being next to the glyph's dark core.
    pub fn clear_far_from_ink(&mut self, ink: u8, radius: usize) {
        let (w, h) = (self.width, self.height);
        if w == 0 || h == 0 {
            return;
        }
        // Separable box dilation by running counts: O(pixels) whatever the radius.
        let mut near = vec![0u8; w * h];
        for y in 0..h {
            let row = &self.data[y * w..(y + 1) * w];
            let mut count = row
                .iter()
                .take(radius.min(w - 1) + 1)
                .filter(|&&v| v <= ink)
                .count();
            for x in 0..w {
                near[y * w + x] = u8::from(count > 0);
                if x + radius + 1 < w {
                    count += usize::from(row[x + radius + 1] <= ink);
                }
                if x >= radius {
                    count -= usize::from(row[x - radius] <= ink);
                }
            }
        }
        let mut counts = vec![0usize; w];
        let add = |counts: &mut [usize], row: &[u8]| {
            counts
                .iter_mut()
                .zip(row)
                .for_each(|(c, &n)| *c += usize::from(n));
        };
        for y in 0..(radius.min(h - 1) + 1) {
            add(&mut counts, &near[y * w..(y + 1) * w]);
        }
        for y in 0..h {
            let row = &mut self.data[y * w..(y + 1) * w];
            for (v, &c) in row.iter_mut().zip(&counts) {
                if c == 0 && *v > ink {
                    *v = 255;
                }
            }
            if y + radius + 1 < h {
                add(
                    &mut counts,
                    &near[(y + radius + 1) * w..(y + radius + 2) * w],
                );
            }
            if y >= radius {
                let gone = &near[(y - radius) * w..(y - radius + 1) * w];
                counts
                    .iter_mut()
                    .zip(gone)
                    .for_each(|(c, &n)| *c -= usize::from(n));
            }
        }
    }

    /// 256-bin histogram of the samples.
    pub fn histogram(&self) -> [u64; 256] {
        let mut h = [0u64; 256];
        for &v in &self.data {
            h[v as usize] += 1;
        }
        h
    }

    /// A binary PGM (P5) file of the image, the cheapest format Tesseract (Leptonica) reads.
    pub fn to_pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.data);
        out
    }
}

/// Otsu's threshold of a histogram, and its separability (between-class variance over total
/// variance, 0..1): near 1 for ink on paper, low for a photograph's continuous tones.
pub fn otsu(hist: &[u64; 256]) -> (u8, f64) {
    let total: u64 = hist.iter().sum();
    if total == 0 {
        return (128, 0.0);
    }
    let sum_all: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &n)| i as f64 * n as f64)
        .sum();
    let mean = sum_all / total as f64;
    let var_total: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &n)| (i as f64 - mean).powi(2) * n as f64)
        .sum::<f64>()
        / total as f64;
    let mut w0 = 0f64;
    let mut sum0 = 0f64;
    let mut best = (128u8, -1f64);
    for (t, &n) in hist.iter().enumerate() {
        w0 += n as f64;
        if w0 == 0.0 {
            continue;
        }
        let w1 = total as f64 - w0;
        if w1 == 0.0 {
            break;
        }
        sum0 += t as f64 * n as f64;
        let m0 = sum0 / w0;
        let m1 = (sum_all - sum0) / w1;
        let between = w0 * w1 * (m0 - m1).powi(2) / (total as f64 * total as f64);
        if between > best.1 {
            best = (t as u8, between);
        }
    }
    let sep = if var_total > 0.0 {
        (best.1 / var_total).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (best.0, sep)
}

/// A bit-per-pixel-as-byte mask: `true` where the pixel is ink.
#[derive(Debug, Clone)]
pub struct Binary {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// `width * height` flags, 1 = ink.
    pub data: Vec<u8>,
}

impl Binary {
    /// Ink where the sample is at or below `threshold`.
    pub fn threshold(img: &GrayImage, threshold: u8) -> Binary {
        Binary {
            width: img.width,
            height: img.height,
            data: img.data.iter().map(|&v| u8::from(v <= threshold)).collect(),
        }
    }

    /// Ink at (x, y)?
    #[inline]
    pub fn ink(&self, x: usize, y: usize) -> bool {
        self.data[y * self.width + x] != 0
    }

    /// The mask transposed (columns become rows), so vertical scans reuse the row code.
    pub fn transpose(&self) -> Binary {
        let mut data = vec![0u8; self.data.len()];
        for y in 0..self.height {
            for x in 0..self.width {
                data[x * self.height + y] = self.data[y * self.width + x];
            }
        }
        Binary {
            width: self.height,
            height: self.width,
            data,
        }
    }

    /// Number of ink pixels.
    pub fn count(&self) -> usize {
        self.data.iter().filter(|&&v| v != 0).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarter_turns_compose_to_identity() {
        let img = GrayImage {
            width: 3,
            height: 2,
            data: vec![1, 2, 3, 4, 5, 6],
        };
        let r1 = img.rotate_quarters(1);
        assert_eq!((r1.width, r1.height), (2, 3));
        // Clockwise: the bottom-left pixel (4) lands top-left.
        assert_eq!(r1.data, vec![4, 1, 5, 2, 6, 3]);
        assert_eq!(r1.rotate_quarters(3), img);
        assert_eq!(img.rotate_quarters(2).rotate_quarters(2), img);
    }

    #[test]
    fn scale_rotate_matches_plain_rotation_and_scaling() {
        let mut img = GrayImage::white(60, 40);
        for y in 10..20 {
            for x in 5..50 {
                img.set(x, y, 0);
            }
        }
        // No turn, factor 1: the same image.
        assert_eq!(img.scale_rotate(1.0, 0.0), img);
        // Twice the size: the bar doubles, at the doubled place.
        let big = img.scale_rotate(2.0, 0.0);
        assert_eq!((big.width, big.height), (120, 80));
        assert!(big.get(30, 30) < 10 && big.get(30, 50) > 245 && big.get(5, 30) > 245);
        // A quarter turn counter-clockwise on a square image moves a left-edge pixel to the bottom.
        let mut sq = GrayImage::white(41, 41);
        sq.set(2, 20, 0);
        let r = sq.rotate(90.0);
        assert!(r.get(20, 38) < 20, "{}", r.get(20, 38));
    }

    #[test]
    fn otsu_splits_two_tones_and_rates_them_separable() {
        let mut h = [0u64; 256];
        h[20] = 100;
        h[230] = 900;
        let (t, sep) = otsu(&h);
        assert!((20..230).contains(&t), "{t}");
        assert!(sep > 0.95, "{sep}");
        let mut flat = [0u64; 256];
        flat.iter_mut().for_each(|v| *v = 10);
        assert!(otsu(&flat).1 < 0.8);
    }

    #[test]
    fn grey_far_from_ink_becomes_paper_and_an_edge_stays() {
        let mut img = GrayImage::white(60, 40);
        // A dark stroke with a grey fringe beside it.
        for y in 10..30 {
            img.set(20, y, 10);
            img.set(21, y, 150);
        }
        // A lone grey speck far from any stroke.
        img.set(45, 20, 150);
        img.clear_far_from_ink(100, 2);
        assert_eq!(img.get(45, 20), 255);
        assert_eq!(img.get(21, 20), 150);
        assert_eq!(img.get(20, 20), 10);
        // Radius 0 keeps only ink itself.
        img.set(21, 15, 150);
        img.clear_far_from_ink(100, 0);
        assert_eq!(img.get(21, 15), 255);
        assert_eq!(img.get(20, 15), 10);
    }
}
