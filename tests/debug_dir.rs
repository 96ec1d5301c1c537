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

/// A one-page portrait PDF (`/Rotate 0`) holding a ruled 4 × 6 table drawn sideways: its text
/// runs up the page as displayed.
fn sideways_pdf() -> Vec<u8> {
    use std::fmt::Write as _;
    let mut s = String::from("q 0 1 -1 0 595 0 cm\n");
    let (x0, top, cw, lh) = (60.0, 500.0, 120.0, 20.0);
    for r in 0..6 {
        for c in 0..4 {
            let text = match (r, c) {
                (0, c) => format!("Kolom {}", c + 1),
                (r, 0) => format!("Program {r}"),
                (r, c) => format!("{}", (r * 1000 + c * 37) * 1000),
            };
            let _ = writeln!(
                s,
                "BT /F1 9 Tf {:.1} {:.1} Td ({text}) Tj ET",
                x0 + c as f64 * cw + 3.0,
                top - r as f64 * lh - 13.0
            );
        }
    }
    for r in 0..=6 {
        let y = top - r as f64 * lh;
        let _ = writeln!(s, "0.5 w {x0} {y} m {} {y} l S", x0 + 4.0 * cw);
    }
    for c in 0..=4 {
        let x = x0 + c as f64 * cw;
        let _ = writeln!(s, "0.5 w {x} {top} m {x} {} l S", top - 6.0 * lh);
    }
    s.push_str("Q\n");
    let objs = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>".to_string(),
        format!("<< /Length {} >>\nstream\n{s}endstream", s.len()),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offs = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offs.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    let mut x = format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1);
    for o in offs {
        let _ = writeln!(x, "{o:010} 00000 n ");
    }
    let _ = write!(
        x,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objs.len() + 1
    );
    pdf.extend_from_slice(x.as_bytes());
    pdf
}

/// A page read turned (its text runs sideways) is drawn turned the same way: the PNG is the
/// page in its reading direction (landscape here) with the table's box on the table; the cells'
/// boxes in the output are back on the page as displayed (portrait).
#[test]
fn sideways_pages_are_drawn_in_their_reading_direction() {
    let dir = tmp("sideways");
    let pdf = dir.join("sideways.pdf");
    std::fs::write(&pdf, sideways_pdf()).unwrap();
    let (ok, out) = run_extract(&pdf, "1", &dir, None);
    assert!(ok, "{out}");
    let geo = geometry(&pdf, "1");
    assert_eq!(geo[0].turn, renja::ingest::upright::Turn::Cw);
    assert!(geo[0].width > geo[0].height, "{:?}", geo[0]);
    assert_eq!(geo[0].tables.len(), 1, "{geo:?}");
    assert_eq!(geo[0].tables[0].columns.len(), 5, "{geo:?}");
    check_pages("sideways", &dir.join("dbg"), &geo);
    let doc = renja::pipeline::extract_file(&pdf, &ExtractOptions::default()).unwrap();
    let t = &doc.tables[0];
    // Read row by row (not transposed): one row per program, its amounts beside it.
    let row = t
        .rows
        .iter()
        .find(|r| r.cells[0].text == "Program 1")
        .unwrap_or_else(|| panic!("no row for Program 1: {t:?}"));
    let texts: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, ["Program 1", "1037000", "1074000", "1111000"]);
    // Portrait as displayed: the first column's cell lies low on the page, right of the page's
    // left edge by the table's top margin, and is taller than it is wide.
    let b = row.cells[0].bbox.unwrap();
    assert!(
        b.y0 > 600.0 && b.x1 < 595.0 && b.height() > b.width(),
        "{b:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
