//! `renja extract --debug-dir`: one PNG per page, of the page's rendered size, with each table's
//! box drawn on the box layout found (text-layer and OCR pages), and a page that cannot be
//! rendered is a warning, never a failed extraction.

use renja::cli::PageSet;
use renja::layout::PageGeometry;
use renja::pipeline::{extract_pdf_traced, ExtractOptions};
use renja::report::debug::{page_file, DEBUG_DPI, TABLE};
use std::path::{Path, PathBuf};
use std::process::Command;

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

fn tmp(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("renja-debug-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Width, height and RGB pixels of a PNG.
fn read_png(p: &Path) -> (u32, u32, Vec<u8>) {
    let dec = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(p).unwrap()));
    let mut r = dec.read_info().unwrap();
    let mut buf = vec![0; r.output_buffer_size().unwrap()];
    let info = r.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb, "{}", p.display());
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn geometry(pdf: &Path, pages: &str) -> Vec<PageGeometry> {
    let opts = ExtractOptions {
        pages: Some(PageSet::parse(pages).unwrap()),
        ..Default::default()
    };
    extract_pdf_traced(pdf, &opts).unwrap().1
}

fn run_extract(pdf: &Path, pages: &str, out: &Path, path_env: Option<&Path>) -> (bool, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_renja"));
    cmd.arg("extract")
        .arg(pdf)
        .args(["--pages", pages, "--no-cache", "--out"])
        .arg(out.join("out"))
        .arg("--debug-dir")
        .arg(out.join("dbg"));
    if let Some(p) = path_env {
        cmd.env("PATH", p);
    }
    let o = cmd.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.success(), text)
}

/// Every page's PNG exists, has the page's size at the debug resolution, and the table colour
/// lies along all four edges of every table found, and (nearly) nowhere else.
fn check_pages(stem: &str, dir: &Path, geo: &[PageGeometry]) {
    assert!(!geo.is_empty());
    assert!(
        geo.iter().any(|g| !g.tables.is_empty()),
        "no table on the pages tested"
    );
    assert!(dir.join("legend.png").exists());
    let scale = DEBUG_DPI as f32 / 72.0;
    for g in geo {
        let p = page_file(dir, stem, g.page);
        let (w, h, rgb) = read_png(&p);
        let (ew, eh) = (g.width * scale, g.height * scale);
        assert!(
            (w as f32 - ew).abs() <= 1.5 && (h as f32 - eh).abs() <= 1.5,
            "{}: {w}x{h} px, the page is {ew:.0}x{eh:.0}",
            p.display()
        );
        let at = |x: f32, y: f32| -> [u8; 3] {
            let (x, y) = ((x as u32).min(w - 1), (y as u32).min(h - 1));
            let i = (y * w + x) as usize * 3;
            [rgb[i], rgb[i + 1], rgb[i + 2]]
        };
        let (sx, sy) = (w as f32 / g.width, h as f32 / g.height);
        let mut perimeter = 0.0;
        for t in &g.tables {
            let b = t.bbox;
            let (x0, y0, x1, y1) = (b.x0 * sx, b.y0 * sy, b.x1 * sx, b.y1 * sy);
            perimeter += 2.0 * ((x1 - x0) + (y1 - y0));
            for k in 1..10 {
                let fx = x0 + (x1 - x0) * k as f32 / 10.0;
                let fy = y0 + (y1 - y0) * k as f32 / 10.0;
                for (x, y, edge) in [
                    (fx, y0 + 1.0, "top"),
                    (fx, y1 - 2.0, "bottom"),
                    (x0 + 1.0, fy, "left"),
                    (x1 - 2.0, fy, "right"),
                ] {
                    assert_eq!(
                        at(x, y),
                        TABLE,
                        "{} page {}: the {edge} edge of the table at {b:?} is not drawn at ({x:.0}, {y:.0})",
                        p.display(),
                        g.page
                    );
                }
            }
        }
        let red = rgb.chunks(3).filter(|c| *c == TABLE).count() as f32;
        assert!(
            red <= perimeter * 3.0 + 200.0,
            "{}: {red} pixels in the table colour, the tables' outlines have about {:.0}",
            p.display(),
            perimeter * 3.0
        );
    }
}

#[test]
fn text_layer_pages_are_drawn_with_their_tables() {
    let pdf = sample("002_banjar_word.pdf");
    let dir = tmp("text");
    let (ok, out) = run_extract(&pdf, "1-3", &dir, None);
    assert!(ok, "{out}");
    assert!(!out.contains("no debug image"), "{out}");
    check_pages("002_banjar_word", &dir.join("dbg"), &geometry(&pdf, "1-3"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ocr_pages_are_drawn_over_the_scan() {
    if renja::ingest::ocr::tesseract_available().is_err() {
        eprintln!("SKIPPED: tesseract is not installed");
        return;
    }
    let pdf = sample("000_serang_sipd_scan.pdf");
    let dir = tmp("ocr");
    let (ok, out) = run_extract(&pdf, "19", &dir, None);
    assert!(ok, "{out}");
    let geo = geometry(&pdf, "19");
    assert_eq!(geo[0].source, renja::ingest::PageSource::Ocr);
    check_pages("000_serang_sipd_scan", &dir.join("dbg"), &geo);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_page_that_cannot_be_rendered_is_a_warning_not_a_failure() {
    let pdf = sample("002_banjar_word.pdf");
    let dir = tmp("norender");
    // No pdftoppm on this PATH.
    let empty = dir.join("empty-path");
    std::fs::create_dir_all(&empty).unwrap();
    let (ok, out) = run_extract(&pdf, "1", &dir, Some(&empty));
    assert!(ok, "{out}");
    assert!(out.contains("page 1: no debug image"), "{out}");
    assert!(dir.join("out/002_banjar_word.json").exists(), "{out}");
    assert!(!page_file(&dir.join("dbg"), "002_banjar_word", 1).exists());
    let _ = std::fs::remove_dir_all(&dir);
}
