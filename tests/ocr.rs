//! OCR path: image extraction from PDFs, deskew, rule finding, and Tesseract on the scanned
//! sample. Tests that run Tesseract fail (not skip) when it is missing: CI installs it.

mod common;

use lopdf::{dictionary, Document};
use renja::ingest::ocr::{
    self, deskew, images,
    lines::{self, LineParams},
    raster::{Binary, GrayImage},
    OcrOptions,
};
use renja::ingest::{IngestError, Orientation, PageSource};

const SCAN: &str = "samples/000_serang_sipd_scan.pdf";

fn require_tesseract() {
    if let Err(e) = ocr::tesseract_available() {
        panic!("these tests need Tesseract: {e}");
    }
}

#[test]
fn scanned_sample_page_images_decode_at_200_dpi() {
    let doc = Document::load(SCAN).expect("sample loads");
    let id = images::page_id(&doc, 1).unwrap();
    let placements = images::page_image_placements(&doc, id).unwrap();
    assert_eq!(placements.len(), 1, "img2pdf puts one image per page");
    let p = &placements[0];
    assert_eq!((p.width, p.height), (2361, 1683));
    let dec = images::decode_placement(&doc, p).expect("JPEG decodes");
    assert!(!dec.stencil);
    assert_eq!((dec.image.width, dec.image.height), (2361, 1683));
    // A scanned page is mostly paper: the median sample is light.
    let mut v = dec.image.data.clone();
    v.sort_unstable();
    assert!(v[v.len() / 2] > 150, "median {}", v[v.len() / 2]);

    let r = images::render_page_images(&doc, 1).unwrap();
    assert!(
        (r.scale * 72.0 - 200.0).abs() < 1.0,
        "dpi {}",
        r.scale * 72.0
    );
    assert!((r.width_pt - 849.96).abs() < 0.5 && (r.height_pt - 605.88).abs() < 0.5);
    assert_eq!(r.image.width, (r.width_pt * r.scale).round() as usize);
    assert!(r.coverage > 0.99);
    // One image at the canvas resolution is copied exactly.
    assert_eq!(&r.image.data[..2361], &dec.image.data[..2361]);
    for n in [2, 10, 19] {
        let r = images::render_page_images(&doc, n).unwrap();
        assert!(r.image.width > 2000 && r.failures.is_empty(), "page {n}");
    }
}

/// A one-page PDF whose page shows `img` (a Flate-compressed DeviceGray image) scaled to
/// `place` = (w, h) points at the origin, with the given `/Rotate`.
fn pdf_with_image(img: &GrayImage, place: (f32, f32), media: (f32, f32), rotate: i64) -> Document {
    let stream = common::gray_image(img.width, img.height, img.data.clone());
    assert!(
        stream.dict.get(b"Filter").is_ok(),
        "image is Flate-compressed"
    );
    common::one_image_page(stream, place, media, rotate)
}

#[test]
fn flate_image_on_a_rotated_page_lands_where_it_is_shown() {
    // 400x200 image, black square in its top-left corner, drawn over a 200x100 pt page.
    let mut img = GrayImage::white(400, 200);
    for y in 0..20 {
        for x in 0..20 {
            img.set(x, y, 0);
        }
    }
    let doc = pdf_with_image(&img, (200.0, 100.0), (200.0, 100.0), 90);
    let r = images::render_page_images(&doc, 1).unwrap();
    assert!((r.scale - 2.0).abs() < 1e-3);
    // Turned clockwise: the page shows 100 pt wide, 200 pt tall; the image's top-left corner
    // is now top-right.
    assert_eq!((r.width_pt, r.height_pt), (100.0, 200.0));
    assert_eq!((r.image.width, r.image.height), (200, 400));
    assert_eq!(r.image.get(195, 5), 0, "square at top-right");
    assert_eq!(r.image.get(5, 5), 255);
    assert_eq!(r.image.get(195, 395), 255);
}

#[test]
fn undecodable_image_is_a_page_error_naming_file_and_page() {
    let img = GrayImage::white(40, 20);
    let mut doc = pdf_with_image(&img, (40.0, 20.0), (40.0, 20.0), 0);
    // Replace the image by a "JPEG" that is not one.
    let id = doc
        .objects
        .iter()
        .find(|(_, o)| {
            o.as_stream()
                .map(|s| s.dict.get(b"Subtype").and_then(|v| v.as_name()).ok() == Some(b"Image"))
                .unwrap_or(false)
        })
        .map(|(id, _)| *id)
        .unwrap();
    let s = doc.get_object_mut(id).unwrap().as_stream_mut().unwrap();
    s.dict.set("Filter", "DCTDecode");
    s.set_content(b"not a jpeg at all".to_vec());
    let opts = OcrOptions::for_file("broken.pdf");
    let err = ocr::ocr_page(&doc, 1, &opts).unwrap_err();
    match &err {
        IngestError::Page { page, .. } => assert_eq!(*page, 1),
        other => panic!("expected a page error, got {other:?}"),
    }
    let msg = err.to_string();
    assert!(
        msg.contains("broken.pdf") && msg.contains("page 1") && msg.contains("JPEG"),
        "{msg}"
    );
    // A page number past the end is an error too, not a panic.
    assert!(ocr::ocr_page(&doc, 7, &opts).is_err());
}

#[test]
fn blank_page_gives_an_empty_ocr_page_with_a_note() {
    let img = GrayImage::white(600, 400);
    let doc = pdf_with_image(&img, (216.0, 144.0), (216.0, 144.0), 0);
    let o = ocr::ocr_page_report(&doc, 1, &OcrOptions::for_file("blank.pdf")).unwrap();
    assert!(o.page.words.is_empty());
    assert_eq!(o.page.source, PageSource::Ocr);
    assert!(o.notes.iter().any(|n| n.contains("blank")), "{:?}", o.notes);
}

/// A synthetic page: rows of word-like blocks (text lines) inside a ruled grid.
fn synthetic_page(w: usize, h: usize) -> GrayImage {
    let mut img = GrayImage::white(w, h);
    let mut seed = 7u32;
    let mut rnd = |m: u32| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        (seed >> 16) % m
    };
    for line in 0..30 {
        let y = 60 + line * 30;
        if y + 12 >= h - 40 {
            break;
        }
        let mut x = 60;
        while x < w - 120 {
            let len = 20 + rnd(60) as usize;
            for yy in y..y + 12 {
                for xx in x..(x + len).min(w - 60) {
                    img.set(xx, yy, 20);
                }
            }
            x += len + 10 + rnd(20) as usize;
        }
    }
    img
}

#[test]
fn skew_estimate_recovers_a_synthetic_rotation() {
    let page = synthetic_page(1200, 900);
    for angle in [1.3f32, -0.7, 2.5] {
        // rotate() turns counter-clockwise; turning clockwise by `angle` makes lines descend
        // to the right, which estimate_skew reports as +angle.
        let skewed = page.rotate(-angle);
        let ink = Binary::threshold(&skewed, 128);
        let est = deskew::estimate_skew(&ink, 5.0);
        assert!(
            (est - angle).abs() <= 0.1,
            "rotated {angle}, estimated {est}"
        );
        // Levelling with the estimate brings back a near-zero skew.
        let level = deskew::deskew(&skewed, est);
        let again = deskew::estimate_skew(&Binary::threshold(&level, 128), 5.0);
        assert!(again.abs() <= 0.1, "after deskew {again}");
    }
}

#[test]
fn upside_down_scan_is_turned_and_upright_one_is_not() {
    let doc = Document::load(SCAN).unwrap();
    let r = images::render_page_images(&doc, 6).unwrap();
    let opts = OcrOptions::for_file(SCAN);
    let upright = ocr::prepare(r.image.clone(), r.scale, &opts, false);
    assert!(!upright.turned, "{:?}", upright.notes);
    let flipped = ocr::prepare(r.image.rotate_quarters(2), r.scale, &opts, false);
    assert!(flipped.turned, "upside-down page not detected");
    assert!(flipped.notes.iter().any(|n| n.contains("upside down")));
    // Turned back, its rules are where the upright page has them.
    let key = |p: &ocr::Prepared| {
        let mut v: Vec<i32> = p
            .rules
            .iter()
            .filter(|r| r.orientation == Orientation::Horizontal && r.bbox.width() > 300.0)
            .map(|r| r.bbox.y0.round() as i32)
            .collect();
        v.sort_unstable();
        v
    };
    let (a, b) = (key(&upright), key(&flipped));
    assert!(!a.is_empty() && a.len() == b.len(), "{a:?} vs {b:?}");
    assert!(
        a.iter().zip(&b).all(|(x, y)| (x - y).abs() <= 3),
        "{a:?} vs {b:?}"
    );
}

#[test]
fn grid_lines_are_found_and_erased() {
    let mut img = synthetic_page(1000, 700);
    // Rules fall in the gaps between text lines, and cells keep a padding by their borders.
    let hs = [50usize, 200, 440, 650];
    let vs = [40usize, 300, 960];
    for &x in &vs {
        for y in 0..700 {
            for xx in x.saturating_sub(8)..(x + 11).min(1000) {
                img.set(xx, y, 255);
            }
        }
    }
    for &y in &hs {
        for x in 40..=962 {
            for t in 0..3 {
                img.set(x, y + t, 0);
            }
        }
    }
    for &x in &vs {
        for y in 50..=652 {
            for t in 0..3 {
                img.set(x + t, y, 0);
            }
        }
    }
    let ink = Binary::threshold(&img, 128);
    let p = LineParams {
        min_len: 60,
        max_gap: 2,
        max_thickness: 8,
    };
    let found = lines::find_rules(&ink, &p, &p);
    let h: Vec<_> = found
        .segments
        .iter()
        .filter(|s| s.orientation == Orientation::Horizontal)
        .collect();
    let v: Vec<_> = found
        .segments
        .iter()
        .filter(|s| s.orientation == Orientation::Vertical)
        .collect();
    assert_eq!(h.len(), hs.len(), "horizontal: {h:?}");
    assert_eq!(v.len(), vs.len(), "vertical: {v:?}");
    for (s, &y) in h.iter().zip(&hs) {
        assert!(
            s.across0.abs_diff(y) <= 1 && s.start <= 42 && s.end >= 960,
            "{s:?}"
        );
    }
    for (s, &x) in v.iter().zip(&vs) {
        assert!(
            s.across0.abs_diff(x) <= 1 && s.start <= 52 && s.end >= 650,
            "{s:?}"
        );
    }
    // The word blocks are not rules, and survive the erasure; the grid does not.
    let mut erased = img.clone();
    lines::erase(&mut erased, &found.mask, 1);
    assert_eq!(erased.get(500, 201), 255, "rule gone");
    assert_eq!(erased.get(301, 300), 255, "rule gone");
    assert_eq!(erased.get(75, 65), 20, "text kept");
    // In points at 2 px/pt.
    let rules = lines::to_rules(&found.segments, 2.0);
    let top = rules
        .iter()
        .find(|r| r.orientation == Orientation::Horizontal)
        .unwrap();
    assert!((top.bbox.y0 - 25.0).abs() < 1.0 && top.bbox.height() < 2.5);
}

#[test]
fn scanned_pages_read_codes_and_amounts_from_ground_truth() {
    require_tesseract();
    let doc = Document::load(SCAN).unwrap();
    let opts = OcrOptions::for_file(SCAN);
    let pages = ocr::ocr_pages(&doc, &[1, 9], &opts);
    let p1 = pages[0].as_ref().expect("page 1 OCRs");
    let p9 = pages[1].as_ref().expect("page 9 OCRs");
    for p in [p1, p9] {
        assert_eq!(p.source, PageSource::Ocr);
        assert!((840.0..860.0).contains(&p.width), "{}", p.width);
        assert!(p.words.iter().all(|w| w.conf.is_some()
            && w.bbox.x0 >= 0.0
            && w.bbox.x1 <= p.width + 1.0
            && w.bbox.y1 <= p.height + 1.0
            && w.font_size > 3.0
            && w.font_size < 30.0));
        // Ruled tables: many rules, both ways.
        let hz = p
            .rules
            .iter()
            .filter(|r| r.orientation == Orientation::Horizontal)
            .count();
        let vt = p.rules.len() - hz;
        assert!(
            hz >= 6 && vt >= 10,
            "page {}: {hz} horizontal, {vt} vertical",
            p.number
        );
        // No border debris glued to numbers.
        assert!(
            !p.words
                .iter()
                .any(|w| w.text.chars().any(|c| c.is_ascii_digit())
                    && (w.text.starts_with('|') || w.text.ends_with('|'))),
            "debris left on page {}",
            p.number
        );
    }
    let text1: Vec<&str> = p1.words.iter().map(|w| w.text.as_str()).collect();
    // Ground truth, table 2.2 and 2.4 on page 1.
    for must in [
        "Angka", "sengketa", "66.26", "91.92", "17.24", "8.82", "PROGRAM", "Kota",
    ] {
        assert!(text1.contains(&must), "page 1 lacks {must:?}: {text1:?}");
    }
    let numbers = [
        "2.8", "6.45", "100", "60.5", "83.33", "24.24", "5.25", "8.82", "33.61", "86.55", "8.08",
        "9.06", "8.96", "91.92", "90.75", "61.45", "66.26", "66.28", "17.24", "57", "43",
    ];
    let read = numbers.iter().filter(|n| text1.contains(n)).count();
    assert!(
        read * 10 >= numbers.len() * 8,
        "page 1 read {read}/{} numbers",
        numbers.len()
    );
    // Page 9: program codes and amounts (spaces inside codes may be lost by OCR).
    let text9: String = p9
        .words
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let squeezed = text9.replace(' ', "");
    for must in [
        "20703",
        "2,730,000,000",
        // Wrapped in its narrow cell: the first line of "3,320,000,000".
        "3,320,000,",
        "2,100,000,000",
        "300,000,000",
        "Kota",
    ] {
        assert!(squeezed.contains(must), "page 9 lacks {must:?}: {text9}");
    }
    let hi = p9
        .words
        .iter()
        .filter(|w| w.conf.unwrap_or(0.0) > 80.0)
        .count();
    assert!(hi * 10 >= p9.words.len() * 7, "most words read confidently");
}

#[test]
fn ccitt_g4_image_decodes() {
    use fax::{encoder::Encoder, Color, VecWriter};
    let (w, h) = (64u32, 32u32);
    let black = |x: u32, y: u32| (8..24).contains(&x) && (4..12).contains(&y);
    let mut enc = Encoder::new(VecWriter::new());
    for y in 0..h {
        let line = (0..w).map(|x| {
            if black(x, y) {
                Color::Black
            } else {
                Color::White
            }
        });
        enc.encode_line(line, w).unwrap();
    }
    let data = enc.finish().unwrap().finish();
    let mut doc = pdf_with_image(
        &GrayImage::white(w as usize, h as usize),
        (64.0, 32.0),
        (64.0, 32.0),
        0,
    );
    let id = doc
        .objects
        .iter()
        .find(|(_, o)| {
            o.as_stream()
                .map(|s| s.dict.get(b"Subtype").and_then(|v| v.as_name()).ok() == Some(b"Image"))
                .unwrap_or(false)
        })
        .map(|(id, _)| *id)
        .unwrap();
    let s = doc.get_object_mut(id).unwrap().as_stream_mut().unwrap();
    s.dict.set("Filter", "CCITTFaxDecode");
    s.dict.set("BitsPerComponent", 1);
    s.dict.set(
        "DecodeParms",
        dictionary! { "K" => -1, "Columns" => w as i64, "Rows" => h as i64 },
    );
    s.set_content(data);
    let r = images::render_page_images(&doc, 1).expect("G4 decodes");
    assert_eq!((r.image.width, r.image.height), (64, 32));
    for (x, y) in [(10u32, 5u32), (23, 11), (0, 0), (40, 20), (8, 12)] {
        let want = if black(x, y) { 0 } else { 255 };
        assert_eq!(r.image.get(x as usize, y as usize), want, "({x},{y})");
    }
}

#[test]
fn pipeline_ocrs_a_scanned_page_into_tables() {
    require_tesseract();
    // The scan's last page alone, as its own file.
    let mut doc = Document::load(SCAN).unwrap();
    doc.delete_pages(&(1..=18).collect::<Vec<u32>>());
    let dir = std::env::temp_dir().join(format!("renja_ocr_test_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("scan_p19.pdf");
    doc.save(&path).unwrap();
    let out = renja::pipeline::extract_pdf(&path, &renja::pipeline::ExtractOptions::default());
    let _ = std::fs::remove_dir_all(&dir);
    let out = out.expect("a scanned page is read by OCR");
    let cells: Vec<String> = out
        .tables
        .iter()
        .flat_map(|t| t.rows.iter())
        .flat_map(|r| r.cells.iter().map(|c| c.text.to_lowercase()))
        .collect();
    assert!(!out.tables.is_empty(), "no table from the OCR'd page");
    for must in [
        "pengembangan serang smart city",
        "145,000,000",
        "pembangunan kampung tematik",
    ] {
        assert!(
            cells.iter().any(|c| c.contains(must)),
            "no cell with {must:?} in {cells:?}"
        );
    }
}

#[test]
fn born_digital_pages_keep_their_text_layer_and_scans_need_ocr() {
    use renja::ingest::pdf::{PdfFile, PdfOptions};
    for name in [
        "000_serang_sipd.pdf",
        "002_banjar_word.pdf",
        "003_paser_sipd.pdf",
    ] {
        let pdf =
            PdfFile::open(format!("samples/{name}").as_ref(), &PdfOptions::default()).unwrap();
        for n in 1..=pdf.page_count() {
            let page = pdf.page(n).unwrap();
            if page.words.is_empty() {
                continue;
            }
            assert!(
                !ocr::page_needs_ocr(&page),
                "{name} page {n} judged unusable"
            );
        }
    }
    let scan = PdfFile::open(SCAN.as_ref(), &PdfOptions::default()).unwrap();
    for n in [1, 10, 19] {
        assert!(ocr::page_needs_ocr(&scan.page(n).unwrap()), "scan page {n}");
    }
}
