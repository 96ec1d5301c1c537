//! `renja extract --debug-dir DIR`: per page a PNG of the page as rendered for the report's crops
//! (pdftoppm, so a scan shows its page image) with what layout found drawn over it: ruling
//! lines, each table's box, its row edges and its column edges (the gutters or rules the columns
//! were cut at), so a new template is diagnosed by looking. `legend.png` says which colour is
//! which.
//!
//! Drawn by hand onto the RGB buffer rather than with imageproc: every mark is an axis-aligned
//! line, and imageproc would bring nalgebra and rand into the build for two loops; the png
//! crate the report already uses encodes the result. The legend's letters come from font8x8's
//! public-domain 8x8 bitmaps, so no font file has to be installed.

use super::html::{render_region, PageImage};
use crate::ingest::upright::Turn;
use crate::layout::PageGeometry;
use std::path::{Path, PathBuf};

/// Resolution of the debug pages: enough to read 7pt table text, small enough that a
/// 400-page document stays a few MB per page set.
pub const DEBUG_DPI: u32 = 100;

/// Colour of a ruling line found on the page.
pub const RULE: [u8; 3] = [255, 0, 255];
/// Colour of a row edge inside a table.
pub const ROW: [u8; 3] = [0, 170, 0];
/// Colour of a column edge (a gutter or vertical rule the columns were cut at).
pub const COLUMN: [u8; 3] = [0, 80, 255];
/// Colour of a table's box (drawn last, over rows and columns).
pub const TABLE: [u8; 3] = [230, 0, 0];

/// What writing the debug pages of one document gave.
#[derive(Debug, Default)]
pub struct DebugOutput {
    /// The PNGs written.
    pub written: Vec<PathBuf>,
    /// Pages that have no PNG, and why (`page 3: pdftoppm: ...`).
    pub notes: Vec<String>,
}

/// The name of page `page`'s debug PNG for the document whose output stem is `stem`.
pub fn page_file(dir: &Path, stem: &str, page: u32) -> PathBuf {
    dir.join(format!("{stem}-p{page}.png"))
}

/// Writes `<stem>-p<N>.png` into `dir` for every page in `geometry` (and `legend.png`). A page
/// that cannot be rendered or written gets a note; nothing here fails the extraction.
pub fn write_pages(
    pdf: &Path,
    stem: &str,
    geometry: &[PageGeometry],
    dir: &Path,
    password: Option<&str>,
) -> DebugOutput {
    let mut out = DebugOutput::default();
    if let Err(e) = std::fs::create_dir_all(dir) {
        out.notes
            .push(format!("--debug-dir {}: cannot create: {e}", dir.display()));
        return out;
    }
    let legend = dir.join("legend.png");
    if !legend.exists() {
        if let Err(e) = write_png(&legend, &legend_image()) {
            out.notes.push(format!("{}: {e}", legend.display()));
        }
    }
    for g in geometry {
        let path = page_file(dir, stem, g.page);
        let done = render_region(pdf, g.page, DEBUG_DPI, None, password).and_then(|img| {
            let mut img = turned(img, g.turn);
            draw(&mut img, g);
            write_png(&path, &img)
        });
        match done {
            Ok(()) => out.written.push(path),
            Err(e) => out.notes.push(format!(
                "page {}: no debug image ({}): {e}",
                g.page,
                path.display()
            )),
        }
    }
    out
}

/// The page image turned into the frame layout read the page in (sideways text), so the
/// geometry lands on the text it was found from.
fn turned(img: PageImage, turn: Turn) -> PageImage {
    if turn == Turn::None {
        return img;
    }
    let (w, h) = (img.width as f32, img.height as f32);
    let (tw, th) = turn.size(w, h);
    let (tw, th) = (tw as u32, th as u32);
    let mut rgb = vec![255; tw as usize * th as usize * 3];
    for v in 0..th {
        for u in 0..tw {
            let (x, y) = turn.back(u as f32 + 0.5, v as f32 + 0.5, w, h);
            let (x, y) = (
                (x as u32).min(img.width - 1),
                (y as u32).min(img.height - 1),
            );
            let from = (y as usize * img.width as usize + x as usize) * 3;
            let to = (v as usize * tw as usize + u as usize) * 3;
            rgb[to..to + 3].copy_from_slice(&img.rgb[from..from + 3]);
        }
    }
    PageImage {
        x0: 0,
        y0: 0,
        width: tw,
        height: th,
        rgb,
    }
}

/// Draws the page's geometry over its rendered image, scaled from points to its pixels.
fn draw(img: &mut PageImage, g: &PageGeometry) {
    if g.width <= 0.0 || g.height <= 0.0 {
        return;
    }
    let sx = img.width as f32 / g.width;
    let sy = img.height as f32 / g.height;
    let px = |v: f32| (v * sx).round() as i64;
    let py = |v: f32| (v * sy).round() as i64;
    for r in &g.rules {
        fill(
            img,
            px(r.x0),
            py(r.y0),
            px(r.x1).max(px(r.x0) + 1),
            py(r.y1).max(py(r.y0) + 1),
            RULE,
        );
    }
    for t in &g.tables {
        let (x0, y0, x1, y1) = (px(t.bbox.x0), py(t.bbox.y0), px(t.bbox.x1), py(t.bbox.y1));
        for &y in t.rows.iter().skip(1).take(t.rows.len().saturating_sub(2)) {
            fill(img, x0, py(y), x1, py(y) + 1, ROW);
        }
        for &x in t
            .columns
            .iter()
            .skip(1)
            .take(t.columns.len().saturating_sub(2))
        {
            fill(img, px(x) - 1, y0, px(x) + 1, y1, COLUMN);
        }
        // Three pixels wide, inside the box, so the outline stays on the table's own edges.
        fill(img, x0, y0, x1, y0 + 3, TABLE);
        fill(img, x0, y1 - 3, x1, y1, TABLE);
        fill(img, x0, y0, x0 + 3, y1, TABLE);
        fill(img, x1 - 3, y0, x1, y1, TABLE);
    }
}

/// Paints the pixels `x0..x1` × `y0..y1`, clipped to the image.
fn fill(img: &mut PageImage, x0: i64, y0: i64, x1: i64, y1: i64, c: [u8; 3]) {
    let (w, h) = (img.width as i64, img.height as i64);
    let (x0, x1) = (x0.clamp(0, w), x1.clamp(0, w));
    let (y0, y1) = (y0.clamp(0, h), y1.clamp(0, h));
    for y in y0..y1 {
        let row = (y * w) as usize * 3;
        for x in x0..x1 {
            let at = row + x as usize * 3;
            img.rgb[at..at + 3].copy_from_slice(&c);
        }
    }
}

/// The legend: a swatch and a label per colour, letters from font8x8 drawn at twice their size.
fn legend_image() -> PageImage {
    let entries: [([u8; 3], &str); 4] = [
        (TABLE, "table box"),
        (ROW, "row edge"),
        (COLUMN, "column edge (gutter / vertical rule)"),
        (RULE, "ruling line in the PDF or scan"),
    ];
    let (scale, line) = (2i64, 28i64);
    let width = 40 + 16 * 40;
    let height = 8 + line * entries.len() as i64;
    let mut img = PageImage {
        x0: 0,
        y0: 0,
        width: width as u32,
        height: height as u32,
        rgb: vec![255; (width * height * 3) as usize],
    };
    for (i, (c, label)) in entries.iter().enumerate() {
        let top = 6 + line * i as i64;
        fill(&mut img, 6, top, 30, top + 16, *c);
        for (k, ch) in label.chars().enumerate() {
            let glyph = font8x8::legacy::BASIC_LEGACY
                .get(ch as usize)
                .copied()
                .unwrap_or([0; 8]);
            let gx = 40 + k as i64 * 8 * scale;
            for (row, bits) in glyph.iter().enumerate() {
                for col in 0..8 {
                    if bits >> col & 1 == 1 {
                        let x = gx + col * scale;
                        let y = top + row as i64 * scale;
                        fill(&mut img, x, y, x + scale, y + scale, [0, 0, 0]);
                    }
                }
            }
        }
    }
    img
}

/// Encodes an RGB image as PNG at `path`.
fn write_png(path: &Path, img: &PageImage) -> Result<(), String> {
    let f = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut enc = png::Encoder::new(std::io::BufWriter::new(f), img.width, img.height);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    let mut wr = enc
        .write_header()
        .map_err(|e| format!("{}: png: {e}", path.display()))?;
    wr.write_image_data(&img.rgb)
        .map_err(|e| format!("{}: png: {e}", path.display()))
}
