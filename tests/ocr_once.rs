//! OCR once (issue 9): the OCR cache shared by extract, check and batch, and lone `-` marks in
//! otherwise empty cells, on a table page rendered here, scanned by pdftoppm and degraded like a
//! scanner (grey paper, slight rotation, blur, noise) with exact ground truth. Tests that run
//! Tesseract fail (not skip) when it is missing: CI installs it.

mod common;

use lopdf::Document;
use renja::ingest::ocr::{self, cache::OcrCache, raster::GrayImage, OcrOptions};
use renja::ingest::Page;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

const SCAN: &str = "samples/000_serang_sipd_scan.pdf";

fn require_tesseract() {
    if let Err(e) = ocr::tesseract_available() {
        panic!("these tests need Tesseract: {e}");
    }
}

fn tempdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("renja_ocr_once_{tag}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

// ---------------------------------------------------------------------------------------------
// Fixture: a ruled target table with lone dashes, truly empty cells and values.

/// Page size (landscape A4) and table geometry, in points, PDF origin bottom-left.
const PW: f64 = 842.0;
const PH: f64 = 595.0;
const X0: f64 = 40.0;
const TOP: f64 = 520.0;
const LH: f64 = 18.0;
const WIDTHS: [f64; 8] = [30.0, 210.0, 60.0, 70.0, 70.0, 70.0, 70.0, 110.0];
const SIZE: f64 = 8.0;

/// Ground truth: a header row, then body rows. Columns 3..=6 are target/realisasi columns
/// where `-` marks "nothing" and an empty cell means "not filled".
fn fixture_rows() -> Vec<Vec<String>> {
    let header = [
        "No",
        "Indikator Kinerja",
        "Satuan",
        "Target 2024",
        "Realisasi",
        "Target 2025",
        "Target 2026",
        "Pagu (Rp)",
    ];
    let names = [
        "Persentase pencari kerja ditempatkan",
        "Jumlah pelatihan berbasis kompetensi",
        "Persentase perusahaan menerapkan K3",
        "Jumlah lembaga pelatihan terakreditasi",
        "Persentase kasus hubungan industrial",
        "Jumlah tenaga kerja bersertifikat",
        "Persentase LPK yang dibina",
        "Jumlah peserta magang luar negeri",
        "Persentase mediasi berhasil",
        "Jumlah pos informasi lowongan kerja",
        "Persentase pekerja migran terlindungi",
        "Jumlah pelatihan kewirausahaan",
        "Persentase pengawasan norma kerja",
        "Jumlah bursa kerja diselenggarakan",
    ];
    // Per row, the four target cells: "-" a dash, "" empty, anything else a value.
    let targets: [[&str; 4]; 14] = [
        ["-", "-", "85", "90"],
        ["12", "-", "", "15"],
        ["-", "", "-", "-"],
        ["60.5", "58", "-", "65"],
        ["", "", "", ""],
        ["-", "-", "-", "-"],
        ["100", "", "100", "-"],
        ["-", "3", "", "5"],
        ["", "-", "75", ""],
        ["4", "4", "-", "6"],
        ["-", "", "", "-"],
        ["20", "-", "25", ""],
        ["", "-", "-", "80"],
        ["-", "2", "", "3"],
    ];
    let units = ["%", "kali", "%", "lembaga", "%", "orang", "%"];
    let mut rows = vec![header.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    for (i, (name, t)) in names.iter().zip(targets).enumerate() {
        let mut r = vec![format!("{}", i + 1), name.to_string()];
        r.push(units[i % units.len()].to_string());
        r.extend(t.iter().map(|s| s.to_string()));
        r.push(if i % 3 == 0 {
            String::new()
        } else {
            format!("{},{:03},000", 100 + i * 37, i * 91 % 1000)
        });
        rows.push(r);
    }
    rows
}

/// Cell box (row, col) in page points, top-left origin (as renja's words are).
fn cell_box(row: usize, col: usize) -> (f64, f64, f64, f64) {
    let x = X0 + WIDTHS[..col].iter().sum::<f64>();
    let y_top = PH - (TOP - row as f64 * LH);
    (x, y_top, x + WIDTHS[col], y_top + LH)
}

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('(', "\\(")
        .replace(')', "\\)")
}

/// The born-digital table page: Helvetica, stroked grid, dashes centred as SIPD prints them.
fn table_pdf(rows: &[Vec<String>]) -> Vec<u8> {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "BT /F1 10 Tf {X0} {} Td (Tabel 2.3 Target Kinerja) Tj ET",
        TOP + 20.0
    );
    for (ri, r) in rows.iter().enumerate() {
        let y = TOP - ri as f64 * LH - LH * 0.65;
        let mut x = X0;
        for (c, cell) in r.iter().enumerate() {
            // Dashes and numbers centred in their cell, text left-aligned.
            let tx = if cell == "-" || (c >= 3 && ri > 0) {
                x + WIDTHS[c] / 2.0 - cell.len() as f64 * SIZE * 0.28
            } else {
                x + 3.0
            };
            if !cell.is_empty() {
                let _ = writeln!(
                    s,
                    "BT /F1 {SIZE} Tf {tx:.2} {y:.2} Td ({}) Tj ET",
                    esc(cell)
                );
            }
            x += WIDTHS[c];
        }
    }
    let right = X0 + WIDTHS.iter().sum::<f64>();
    let bottom = TOP - rows.len() as f64 * LH;
    for i in 0..=rows.len() {
        let y = TOP - i as f64 * LH;
        let _ = writeln!(s, "0.6 w {X0} {y:.2} m {right:.2} {y:.2} l S");
    }
    let mut x = X0;
    for w in std::iter::once(0.0).chain(WIDTHS) {
        x += w;
        let _ = writeln!(s, "0.6 w {x:.2} {TOP:.2} m {x:.2} {bottom:.2} l S");
    }
    one_page_pdf(&s)
}

/// A one-page PDF around a content stream, with Helvetica as /F1.
fn one_page_pdf(s: &str) -> Vec<u8> {
    let objs = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PW} {PH}] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
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

/// Renders `pdf` with pdftoppm at `dpi` as grey.
fn render(pdf: &[u8], dpi: u32, dir: &Path) -> GrayImage {
    let src = dir.join("born.pdf");
    std::fs::write(&src, pdf).unwrap();
    let out = dir.join("page");
    let st = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-gray", "-singlefile"])
        .arg(&src)
        .arg(&out)
        .status()
        .expect("pdftoppm (poppler-utils) runs");
    assert!(st.success());
    read_pgm(&std::fs::read(out.with_extension("pgm")).unwrap())
}

fn read_pgm(b: &[u8]) -> GrayImage {
    let (width, height, data) = common::read_pgm(b);
    GrayImage {
        width,
        height,
        data,
    }
}

/// What a cheap office scanner does: grey paper, a slight turn, blur, noise.
fn degrade(img: &GrayImage, seed: u32, degrees: f32) -> GrayImage {
    let turned = img.rotate(degrees);
    let (w, h) = (turned.width, turned.height);
    let mut out = GrayImage::white(w, h);
    let mut state = seed;
    let mut rnd = || {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
        ((state >> 16) % 41) as i32 - 20
    };
    for y in 0..h {
        for x in 0..w {
            // 3x3 box blur.
            let mut sum = 0u32;
            let mut n = 0u32;
            for dy in -1i64..=1 {
                for dx in -1i64..=1 {
                    let (xx, yy) = (x as i64 + dx, y as i64 + dy);
                    if xx >= 0 && yy >= 0 && (xx as usize) < w && (yy as usize) < h {
                        sum += turned.get(xx as usize, yy as usize) as u32;
                        n += 1;
                    }
                }
            }
            let v = (sum / n) as i32;
            // Paper at ~232, ink at ~40.
            let v = 40 + (v * 192) / 255 + rnd();
            out.set(x, y, v.clamp(0, 255) as u8);
        }
    }
    out
}

/// A one-page PDF showing `img` (Flate DeviceGray) over the whole landscape page.
fn scan_pdf(img: &GrayImage) -> Document {
    let stream = common::gray_image(img.width, img.height, img.data.clone());
    common::one_image_page(stream, (PW as f32, PH as f32), (PW as f32, PH as f32), 0)
}

/// The fixture scan, written to `dir/scan.pdf`.
fn fixture_scan(dir: &Path, seed: u32, degrees: f32) -> PathBuf {
    let rows = fixture_rows();
    let img = degrade(&render(&table_pdf(&rows), 200, dir), seed, degrees);
    let path = dir.join("scan.pdf");
    scan_pdf(&img).save(&path).unwrap();
    path
}

fn ocr_one(path: &Path, opts: &OcrOptions) -> ocr::OcrOutcome {
    let doc = Document::load(path).unwrap();
    let mut r = ocr::ocr_pages_report(&doc, &[1], opts);
    r.remove(0).expect("the page OCRs")
}

/// Dashes found in each kind of ground-truth cell: (dash cells with exactly one `-` word,
/// dash cells, empty cells given a `-`, empty cells).
fn dash_score(page: &Page, rows: &[Vec<String>]) -> (usize, usize, usize, usize) {
    let (mut hit, mut dashes, mut invented, mut empties) = (0, 0, 0, 0);
    for (ri, r) in rows.iter().enumerate().skip(1) {
        for (c, cell) in r.iter().enumerate() {
            let (x0, y0, x1, y1) = cell_box(ri, c);
            let n = page
                .words
                .iter()
                .filter(|w| {
                    let (cx, cy) = (
                        (w.bbox.x0 + w.bbox.x1) as f64 / 2.0,
                        (w.bbox.y0 + w.bbox.y1) as f64 / 2.0,
                    );
                    w.text == "-" && cx > x0 && cx < x1 && cy > y0 && cy < y1
                })
                .count();
            if cell == "-" {
                dashes += 1;
                hit += usize::from(n == 1);
                if n != 1 {
                    let near: Vec<String> = page
                        .words
                        .iter()
                        .filter(|w| {
                            (w.bbox.x1 as f64) > x0
                                && (w.bbox.x0 as f64) < x1
                                && (w.bbox.y1 as f64) > y0
                                && (w.bbox.y0 as f64) < y1
                        })
                        .map(|w| format!("{:?} {:?}", w.text, w.bbox))
                        .collect();
                    eprintln!(
                        "dash lost in row {ri} col {c} {:?}: {near:?}",
                        (x0, y0, x1, y1)
                    );
                }
            } else if cell.is_empty() {
                empties += 1;
                invented += usize::from(n > 0);
            }
        }
    }
    (hit, dashes, invented, empties)
}

#[test]
fn lone_dashes_come_back_and_none_is_invented() {
    require_tesseract();
    let dir = tempdir("dash");
    let rows = fixture_rows();
    for (seed, deg) in [(11u32, 0.35f32), (5, -0.6)] {
        let path = fixture_scan(&dir, seed, deg);
        let o = ocr_one(&path, &OcrOptions::for_file(&path));
        let (hit, dashes, invented, empties) = dash_score(&o.page, &rows);
        let from_image = o
            .page
            .words
            .iter()
            .filter(|w| w.text == "-" && w.conf == Some(ocr::OcrRules::current().dashes.conf))
            .count();
        eprintln!(
            "seed {seed}: {hit}/{dashes} dashes recovered ({from_image} found in the image, the rest read by Tesseract), {invented}/{empties} empty cells given a dash"
        );
        assert_eq!(invented, 0, "a dash invented in an empty cell");
        assert_eq!(hit, dashes, "lone dashes lost");

        // The image test alone, as on a scan where Tesseract keeps no dash at all: every `-`
        // word taken away, the page image must give all of them back and no other.
        let doc = Document::load(&path).unwrap();
        let r = ocr::images::render_page_images(&doc, 1).unwrap();
        let opts = OcrOptions::for_file(&path);
        let prep = ocr::prepare(r.image, r.scale, &opts, false);
        let mut page = o.page.clone();
        page.words.retain(|w| w.text != "-");
        let found = ocr::dashes::find(
            &prep.image,
            prep.scale,
            &page.rules,
            &page.words,
            &opts.rules.dashes,
        );
        let n_found = found.len();
        ocr::dashes::merge(&mut page.words, found);
        let (hit, dashes, invented, empties) = dash_score(&page, &rows);
        eprintln!(
            "seed {seed}, image test alone: {hit}/{dashes} dashes, {n_found} found, {invented}/{empties} empty cells given a dash"
        );
        assert_eq!((hit, n_found, invented), (dashes, dashes, 0));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------------
// The OCR cache.

fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for sub in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        for f in std::fs::read_dir(sub.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            if f.path().extension().is_some_and(|e| e == "json") {
                out.push(f.path());
            }
        }
    }
    out.sort();
    out
}

fn page_json(o: &ocr::OcrOutcome) -> String {
    serde_json::to_string(&o.page).unwrap()
}

#[test]
fn cache_hits_misses_on_other_settings_and_recovers_from_a_corrupt_entry() {
    require_tesseract();
    let dir = tempdir("lib");
    let scan = fixture_scan(&dir, 3, 0.2);
    let cdir = dir.join("cache");
    let opts = OcrOptions {
        cache: Some(Arc::new(OcrCache::new(&cdir))),
        ..OcrOptions::for_file(&scan)
    };
    let first = ocr_one(&scan, &opts);
    assert!(!first.cached);
    assert_eq!(entries(&cdir).len(), 1, "one entry per page");
    let second = ocr_one(&scan, &opts);
    assert!(second.cached, "second run OCR'd again");
    assert_eq!(second.ocr_s, 0.0);
    assert_eq!(page_json(&first), page_json(&second));
    assert_eq!(first.notes, second.notes);

    // Another OCR setting is another entry.
    let mut other = opts.clone();
    other.rules.psm = 4;
    assert!(
        !ocr_one(&scan, &other).cached,
        "a different psm hit the cache"
    );
    assert_eq!(entries(&cdir).len(), 2);

    // A torn or foreign entry is ignored, then rewritten.
    for p in entries(&cdir) {
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, &text[..text.len() / 2]).unwrap();
    }
    let again = ocr_one(&scan, &opts);
    assert!(!again.cached, "a corrupt entry was used");
    assert_eq!(page_json(&again), page_json(&first));
    assert!(
        ocr_one(&scan, &opts).cached,
        "the corrupt entry was not rewritten"
    );

    // A cache that cannot be written (its directory is a file) never fails the page.
    let blocked = dir.join("not_a_dir");
    std::fs::write(&blocked, b"x").unwrap();
    let opts = OcrOptions {
        cache: Some(Arc::new(OcrCache::new(&blocked))),
        ..OcrOptions::for_file(&scan)
    };
    let o = ocr_one(&scan, &opts);
    assert!(!o.cached);
    assert_eq!(page_json(&o), page_json(&first));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A `tesseract` that logs each OCR run (its first argument is `stdin` then) to `log`.
fn counting_tesseract(dir: &Path) -> (PathBuf, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let log = dir.join("ocr_runs.log");
    let real = which_tesseract();
    let script = dir.join("tesseract");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\n[ \"$1\" = stdin ] && echo run >> '{}'\nexec '{}' \"$@\"\n",
            log.display(),
            real.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    (script, log)
}

fn which_tesseract() -> PathBuf {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join("tesseract"))
        .find(|p| p.is_file())
        .expect("tesseract on PATH")
}

fn runs(log: &Path) -> usize {
    std::fs::read_to_string(log)
        .map(|s| s.lines().count())
        .unwrap_or(0)
}

fn read_dir_files(d: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(d)
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn extract_check_and_batch_share_the_cache_and_a_second_run_does_no_ocr() {
    require_tesseract();
    let dir = tempdir("cli");
    // The sample scan's last page alone, as its own file (one page keeps the test short).
    let mut doc = Document::load(SCAN).unwrap();
    doc.delete_pages(&(1..=18).collect::<Vec<u32>>());
    let pdf = dir.join("scan_p19.pdf");
    doc.save(&pdf).unwrap();
    let (tess, log) = counting_tesseract(&dir);
    let cache = dir.join("cache");
    let renja = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_renja"))
            .args(args)
            .env("RENJA_TESSERACT", &tess)
            // Whatever the flags say, never the user's own cache.
            .env("RENJA_CACHE_DIR", dir.join("default_cache"))
            .current_dir(&dir)
            .output()
            .unwrap();
        // Page 19 holds only tables the checks cannot work on, so `check` says so with exit 3.
        let ok = |c: i32| c <= 1 || (args[0] == "check" && c == 3);
        assert!(
            out.status.code().is_some_and(ok),
            "renja {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let c = cache.to_str().unwrap();
    renja(&["extract", "scan_p19.pdf", "--cache-dir", c, "--out", "o1"]);
    assert_eq!(runs(&log), 1, "first extract OCRs the page once");
    renja(&[
        "check",
        "scan_p19.pdf",
        "--cache-dir",
        c,
        "--out",
        "oc",
        "--fail-on",
        "never",
    ]);
    renja(&[
        "batch",
        "scan_p19.pdf",
        "--cache-dir",
        c,
        "--db",
        "r.sqlite",
    ]);
    renja(&["extract", "scan_p19.pdf", "--cache-dir", c, "--out", "o2"]);
    assert_eq!(
        runs(&log),
        1,
        "check, batch and a second extract OCR'd again"
    );
    assert_eq!(
        read_dir_files(&dir.join("o1")),
        read_dir_files(&dir.join("o2"))
    );
    // --no-cache reads afresh, to the same result; the default cache is RENJA_CACHE_DIR.
    renja(&["extract", "scan_p19.pdf", "--no-cache", "--out", "o3"]);
    assert_eq!(runs(&log), 2, "--no-cache used a cache");
    assert_eq!(
        read_dir_files(&dir.join("o1")),
        read_dir_files(&dir.join("o3"))
    );
    assert!(
        !dir.join("default_cache").exists(),
        "--no-cache wrote a cache"
    );
    renja(&["extract", "scan_p19.pdf", "--out", "o4"]);
    renja(&["extract", "scan_p19.pdf", "--out", "o5"]);
    assert_eq!(runs(&log), 3, "the default cache was not used");
    assert_eq!(entries(&dir.join("default_cache")).len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}
