//! PDF text layer: words and boxes on real samples (expected values checked by hand against
//! `pdftotext -bbox`, which the tests do not need), bold, ruling lines, and every kind of bad
//! input giving its own error instead of a panic.

use lopdf::{dictionary, Document, Object, Stream};
use renja::ingest::pdf::{has_text, PdfFile, PdfOptions};
use renja::ingest::{IngestError, Orientation, Page, PageSource, Word};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn open(p: &Path) -> PdfFile {
    PdfFile::open(p, &PdfOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// A scratch directory for files a test writes, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Scratch {
        let d =
            std::env::temp_dir().join(format!("renja-ingest-pdf-{}-{test}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        Scratch(d)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Words on the line whose top is `y` (within 0.5 pt), left to right.
fn line_at(page: &Page, y: f32) -> Vec<&Word> {
    let mut v: Vec<&Word> = page
        .words
        .iter()
        .filter(|w| (w.bbox.y0 - y).abs() < 0.5)
        .collect();
    v.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    v
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.05
}

#[test]
fn serang_page1_known_line_words_and_boxes() {
    let pdf = open(&sample("000_serang_sipd.pdf"));
    assert_eq!(pdf.page_count(), 19);
    let page = pdf.page(1).unwrap();
    assert_eq!(page.number, 1);
    assert_eq!(page.source, PageSource::TextLayer);
    // A4 landscape, as printed by Chromium.
    assert!(close(page.width, 841.92) && close(page.height, 594.96));
    let line = line_at(&page, 205.92);
    let texts: Vec<&str> = line.iter().map(|w| w.text.as_str()).collect();
    let mut expected = vec![
        "9",
        "Persentase",
        "Pencari",
        "Kerja",
        "yang",
        "Telah",
        "Berdaya",
    ];
    expected.extend(std::iter::repeat_n("100", 10));
    assert_eq!(texts, expected);
    // Boxes as pdftotext -bbox gives them: "Persentase" 55.30 205.92 90.69 213.73.
    let w = line[1];
    assert!(
        close(w.bbox.x0, 55.30)
            && close(w.bbox.y0, 205.92)
            && close(w.bbox.x1, 90.69)
            && close(w.bbox.y1, 213.73),
        "{w:?}"
    );
    assert!(close(w.font_size, 7.0));
    assert!(!w.bold);
    assert!(w.conf.is_none());
    // Every word of a line shares the baseline band.
    assert!(line.iter().all(|w| close(w.bbox.y1, 213.73)));
}

#[test]
fn serang_bold_total_row() {
    let pdf = open(&sample("000_serang_sipd.pdf"));
    let page = pdf.page(1).unwrap();
    // The bold total 13,319,369,434 wraps in its narrow column; pdftotext: 379.38 442.92
    // 406.62 450.73 "13,319,3" then "69,434" below.
    let w = page
        .words
        .iter()
        .find(|w| w.text == "13,319,3")
        .expect("bold total present");
    assert!(w.bold, "{w:?}");
    assert!(
        close(w.bbox.x0, 379.38) && close(w.bbox.x1, 406.62),
        "{w:?}"
    );
    let rest = page.words.iter().find(|w| w.text == "69,434").unwrap();
    assert!(rest.bold);
    // Bold glyph widths come from the range form of /W: a word of bold digits has its full
    // width (pdf-extract gave these glyphs width 0).
    assert!(w.bbox.width() > 25.0);
    // The table title and header rows are bold, the banner above them and the body are not.
    let header = page
        .words
        .iter()
        .filter(|w| w.bbox.y0 > 55.0 && w.bbox.y0 < 100.0);
    let banner = page
        .words
        .iter()
        .filter(|w| w.bbox.y0 > 38.0 && w.bbox.y0 < 40.0);
    assert!(banner.clone().count() > 10);
    assert!(banner.clone().all(|w| !w.bold));
    assert!(header.clone().count() > 10);
    assert!(header.clone().all(|w| w.bold));
    let body_regular = page.words.iter().filter(|w| !w.bold).count();
    assert!(body_regular > page.words.len() / 2);
}

#[test]
fn paser_codes_keep_their_dots() {
    let pdf = open(&sample("003_paser_sipd.pdf"));
    let page = pdf.page(4).unwrap();
    let line = line_at(&page, 129.42);
    let texts: Vec<&str> = line.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(
        &texts[..4],
        &["2.07.001.2", "Koordinasi", "dan", "Penyusunan"],
        "{texts:?}"
    );
    assert!(texts.contains(&"86,363636"));
}

#[test]
fn banjar_libreoffice_truetype() {
    let pdf = open(&sample("002_banjar_word.pdf"));
    assert_eq!(pdf.page_count(), 21);
    let page = pdf.page(3).unwrap();
    assert!(close(page.width, 609.99) && close(page.height, 936.0));
    let title: Vec<&str> = line_at(&page, 72.2)
        .iter()
        .map(|w| w.text.as_str())
        .collect();
    assert_eq!(&title[..3], &["INDIKATOR", "KINERJA", "UTAMA"]);
    assert!(line_at(&page, 72.2).iter().all(|w| w.bold));
    assert!(has_text(&page));
}

#[test]
fn rules_of_a_chromium_grid() {
    let pdf = open(&sample("000_serang_sipd.pdf"));
    let page = pdf.page(2).unwrap();
    let h: Vec<_> = page
        .rules
        .iter()
        .filter(|r| r.orientation == Orientation::Horizontal)
        .collect();
    let v: Vec<_> = page
        .rules
        .iter()
        .filter(|r| r.orientation == Orientation::Vertical)
        .collect();
    // Borders are drawn cell by cell as 0.75pt filled rectangles; merged, each row border
    // spans the table and each column border its height.
    assert!((15..=40).contains(&h.len()), "{} horizontal", h.len());
    assert!((10..=25).contains(&v.len()), "{} vertical", v.len());
    let top = h
        .iter()
        .find(|r| close(r.bbox.y0, 31.5))
        .expect("top border");
    assert!(close(top.bbox.x0, 31.5) && close(top.bbox.x1, 810.75));
    assert!(close(top.bbox.height(), 0.75));
    let left = v
        .iter()
        .find(|r| close(r.bbox.x0, 31.5))
        .expect("left border");
    assert!(close(left.bbox.y0, 31.5) && close(left.bbox.y1, 542.25));
    // Grey header shading is not a rule: every rule is thin.
    assert!(page
        .rules
        .iter()
        .all(|r| r.bbox.width().min(r.bbox.height()) <= 2.0));
}

#[test]
fn rules_of_libreoffice_strokes() {
    let pdf = open(&sample("002_banjar_word.pdf"));
    let page = pdf.page(3).unwrap();
    // Four horizontal and seven vertical stroked borders, as drawn (m l S).
    let h = page
        .rules
        .iter()
        .filter(|r| r.orientation == Orientation::Horizontal)
        .count();
    let v = page.rules.len() - h;
    assert_eq!((h, v), (4, 7), "{:?}", page.rules);
    let first_col = page
        .rules
        .iter()
        .find(|r| r.orientation == Orientation::Vertical && close(r.bbox.x0, 176.45))
        .expect("column border at x=176.7");
    assert!(close(first_col.bbox.y0, 102.4) && close(first_col.bbox.y1, 721.0));
}

#[test]
fn every_sample_page_reads() {
    for f in [
        "000_serang_sipd.pdf",
        "002_banjar_word.pdf",
        "003_paser_sipd.pdf",
    ] {
        let pdf = open(&sample(f));
        for n in 1..=pdf.page_count() {
            let p = pdf.page(n).unwrap_or_else(|e| panic!("{e}"));
            assert!(has_text(&p), "{f} page {n}");
            for w in &p.words {
                assert!(!w.text.is_empty() && !w.text.contains(' '), "{w:?}");
                assert!(w.bbox.x0 <= w.bbox.x1 && w.bbox.y0 < w.bbox.y1, "{w:?}");
                assert!(w.bbox.x0 >= -1.0 && w.bbox.x1 <= p.width + 1.0, "{w:?}");
            }
        }
    }
}

#[test]
fn scanned_pdf_has_no_text_layer() {
    let pdf = open(&sample("000_serang_sipd_scan.pdf"));
    let page = pdf.page(1).unwrap();
    assert!(page.words.is_empty());
    assert!(!has_text(&page));
    // The OCR module gets the images from the same parsed document.
    let id = pdf.document().page_iter().next().unwrap();
    assert!(!pdf.document().get_page_images(id).unwrap().is_empty());
}

#[test]
fn page_numbers_out_of_range() {
    let pdf = open(&sample("002_banjar_word.pdf"));
    assert!(matches!(
        pdf.page(0),
        Err(IngestError::Page { page: 0, .. })
    ));
    assert!(matches!(
        pdf.page(22),
        Err(IngestError::Page { page: 22, .. })
    ));
    assert_eq!(pdf.path(), sample("002_banjar_word.pdf"));
}

// ---- bad input -------------------------------------------------------------------------------

fn open_err(p: &Path) -> IngestError {
    match PdfFile::open(p, &PdfOptions::default()) {
        Ok(_) => panic!("{} opened", p.display()),
        Err(e) => {
            // Every error names the file.
            assert!(e.to_string().contains(&p.display().to_string()), "{e}");
            e
        }
    }
}

#[test]
fn bad_empty_file() {
    let dir = Scratch::new("empty");
    let p = dir.write("empty.pdf", b"");
    assert!(matches!(open_err(&p), IngestError::Empty { .. }));
}

#[test]
fn bad_not_a_pdf() {
    let dir = Scratch::new("notpdf");
    let p = dir.write("table.pdf", b"No\tKode\tProgram\n1\t2.07\tPelatihan\n");
    assert!(matches!(open_err(&p), IngestError::NotPdf { .. }));
}

#[test]
fn bad_missing_file() {
    let dir = Scratch::new("missing");
    let p = dir.0.join("nope.pdf");
    assert!(matches!(open_err(&p), IngestError::Io { .. }));
}

#[test]
fn bad_garbage_after_header() {
    let mut b = b"%PDF-1.7\n".to_vec();
    let mut x: u32 = 12345;
    for _ in 0..20_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        b.push((x >> 16) as u8);
    }
    let dir = Scratch::new("garbage");
    let p = dir.write("garbage.pdf", &b);
    assert!(matches!(open_err(&p), IngestError::Corrupt { .. }));
}

#[test]
fn bad_truncated() {
    let bytes = std::fs::read(sample("002_banjar_word.pdf")).unwrap();
    // Cut in the middle: the cross-reference table is gone and the page tree cannot be found.
    let dir = Scratch::new("trunc");
    let p = dir.write("half.pdf", &bytes[..bytes.len() / 2]);
    assert!(matches!(open_err(&p), IngestError::Corrupt { .. }));
    // Cut just before the end: lopdf recovers; every page either reads or fails alone.
    let p = dir.write("most.pdf", &bytes[..bytes.len() - 200]);
    if let Ok(pdf) = PdfFile::open(&p, &PdfOptions::default()) {
        for n in 1..=pdf.page_count() {
            if let Err(e) = pdf.page(n) {
                assert!(matches!(e, IngestError::Page { .. }), "{e}");
            }
        }
    }
}

#[test]
fn bad_encrypted_with_password() {
    let e = open_err(&fixture("encrypted.pdf"));
    assert!(matches!(e, IngestError::Encrypted { .. }), "{e}");
}

#[test]
fn encrypted_with_empty_user_password_reads() {
    // Made with `qpdf --encrypt "" ownerpw 256`: viewers open it without asking, so do we.
    let pdf = open(&fixture("encrypted_empty_userpw.pdf"));
    let page = pdf.page(1).unwrap();
    let texts: Vec<&str> = page.words.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(texts, vec!["Rahasia", "2.07.03", "Rp", "1.250.000"]);
    // Helvetica without /Widths: standard-14 metrics (pdftotext: 20.00 .. 64.02).
    assert!(close(page.words[0].bbox.x1, 64.02), "{:?}", page.words[0]);
    assert_eq!(page.rules.len(), 1);
}

#[test]
fn bad_too_large() {
    let opts = PdfOptions {
        max_bytes: 1000,
        ..Default::default()
    };
    match PdfFile::open(&sample("002_banjar_word.pdf"), &opts) {
        Err(IngestError::TooLarge { size, limit, .. }) => {
            assert_eq!(limit, 1000);
            assert!(size > 1000);
        }
        other => panic!("{other:?}"),
    }
}

/// Serialises a document built in a test.
fn save(mut doc: Document) -> Vec<u8> {
    let mut v = Vec::new();
    doc.save_to(&mut v).unwrap();
    v
}

/// A one-page document whose page draws `content` with `resources`.
fn one_page(doc: &mut Document, content: Vec<u8>, resources: lopdf::Dictionary) {
    let pages_id = doc.new_object_id();
    let content_id = doc.add_object(Stream::new(dictionary! {}, content));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 300.into(), 200.into()],
        "Contents" => content_id,
        "Resources" => resources,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
}

#[test]
fn bad_zero_pages() {
    // Hand-written: a catalog and an empty page tree.
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let o1 = pdf.len();
    pdf.extend_from_slice(b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    let o2 = pdf.len();
    pdf.extend_from_slice(b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n");
    let x = pdf.len();
    pdf.extend_from_slice(
        format!(
            "xref\n0 3\n0000000000 65535 f \n{o1:010} 00000 n \n{o2:010} 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n{x}\n%%EOF\n"
        )
        .as_bytes(),
    );
    let dir = Scratch::new("zero");
    let p = dir.write("zero.pdf", &pdf);
    let e = open_err(&p);
    assert!(matches!(e, IngestError::NoPages { .. }), "{e}");
}

#[test]
fn hostile_cyclic_page_tree() {
    let mut doc = Document::with_version("1.5");
    one_page(&mut doc, b"BT ET".to_vec(), dictionary! {});
    // Make the page tree contain itself.
    let pages_id = doc
        .catalog()
        .unwrap()
        .get(b"Pages")
        .unwrap()
        .as_reference()
        .unwrap();
    if let Ok(Object::Dictionary(d)) = doc.get_object_mut(pages_id) {
        d.set(
            "Kids",
            vec![Object::Reference(pages_id), Object::Reference(pages_id)],
        );
    }
    let dir = Scratch::new("cycle");
    let p = dir.write("cycle.pdf", &save(doc));
    let t = Instant::now();
    let r = PdfFile::open(&p, &PdfOptions::default());
    assert!(t.elapsed() < Duration::from_secs(5));
    // No page can be reached through the tree: never a hang or a panic. Recovery finds the
    // orphaned page object by its type and says the file is damaged.
    match r {
        Err(IngestError::NoPages { .. }) | Err(IngestError::Corrupt { .. }) => {}
        Ok(pdf) => {
            assert_eq!(pdf.page_count(), 1);
            assert!(pdf.warnings()[0].contains("page objects in file order"));
        }
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn hostile_xobject_recursion() {
    // Form A draws itself and form B; B draws A. Text in A must still come out, once per level
    // of the (bounded) nesting, and the page must finish quickly.
    let mut doc = Document::with_version("1.5");
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let a_id = doc.new_object_id();
    let b_id = doc.new_object_id();
    let form = |content: &[u8]| {
        Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 300.into(), 200.into()],
                "Resources" => dictionary! {
                    "XObject" => dictionary! { "A" => a_id, "B" => b_id },
                    "Font" => dictionary! { "F1" => font },
                },
            },
            content.to_vec(),
        )
    };
    doc.objects.insert(
        a_id,
        Object::Stream(form(
            b"BT /F1 10 Tf 10 100 Td (Loop) Tj ET /A Do /B Do /B Do",
        )),
    );
    doc.objects
        .insert(b_id, Object::Stream(form(b"/A Do /A Do /B Do")));
    one_page(
        &mut doc,
        b"/A Do".to_vec(),
        dictionary! { "XObject" => dictionary! { "A" => a_id } },
    );
    let dir = Scratch::new("xobj");
    let p = dir.write("xobj.pdf", &save(doc));
    let pdf = open(&p);
    let t = Instant::now();
    let r = pdf.page(1);
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    match r {
        Ok(page) => assert!(page.words.iter().any(|w| w.text == "Loop")),
        Err(e) => assert!(matches!(e, IngestError::Page { page: 1, .. }), "{e}"),
    }
}

#[test]
fn hostile_decompression_bomb_fails_only_that_page() {
    let mut doc = Document::with_version("1.5");
    // 80 MB of spaces in a Flate stream of well under 1 MB.
    let mut bomb = Stream::new(dictionary! {}, vec![b' '; 80 << 20]);
    bomb.compress().unwrap();
    assert!(bomb.content.len() < 1 << 20);
    let bomb_id = doc.add_object(bomb);
    let good_id = doc.add_object(Stream::new(
        dictionary! {},
        b"BT /F1 10 Tf 10 100 Td (Baik) Tj ET".to_vec(),
    ));
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let pages_id = doc.new_object_id();
    let mut kids = Vec::new();
    for c in [bomb_id, good_id] {
        kids.push(Object::Reference(doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 300.into(), 200.into()],
            "Contents" => c,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        })));
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => 2 }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let dir = Scratch::new("bomb");
    let p = dir.write("bomb.pdf", &save(doc));
    let pdf = open(&p);
    let e = pdf.page(1).unwrap_err();
    assert!(matches!(e, IngestError::Page { page: 1, .. }), "{e}");
    assert!(e.to_string().contains("bomb.pdf"));
    let good = pdf.page(2).unwrap();
    assert_eq!(good.words.len(), 1);
    assert_eq!(good.words[0].text, "Baik");
}

#[test]
fn rotated_page_coordinates() {
    // A portrait page shown in landscape (/Rotate 90): text near the bottom-left of the MediaBox
    // lands near the top-left of the displayed page.
    let mut doc = Document::with_version("1.5");
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    one_page(
        &mut doc,
        b"BT /F1 10 Tf 20 30 Td (Putar) Tj ET".to_vec(),
        dictionary! { "Font" => dictionary! { "F1" => font } },
    );
    let page_id = doc.page_iter().next().unwrap();
    if let Ok(Object::Dictionary(d)) = doc.get_object_mut(page_id) {
        d.set("Rotate", 90);
    }
    let dir = Scratch::new("rot");
    let p = dir.write("rot.pdf", &save(doc));
    let page = open(&p).page(1).unwrap();
    assert!(close(page.width, 200.0) && close(page.height, 300.0));
    let w = &page.words[0];
    assert_eq!(w.text, "Putar");
    // The baseline y=30 becomes x=30, the glyphs' ascent extends to the right of it, and the
    // text runs down the page from y=20.
    assert!(w.bbox.x0 > 27.0 && w.bbox.x0 < 30.0, "{w:?}");
    assert!(w.bbox.x1 > 36.0 && w.bbox.x1 < 38.0, "{w:?}");
    assert!(close(w.bbox.y0, 20.0) && w.bbox.y1 > 40.0, "{w:?}");
}

/// Reads page 1 of a one-page document drawing `content` with Helvetica as /F1 (and `extra`
/// resources merged in).
fn read_content(test: &str, content: &[u8], extra: Vec<(&str, Object)>) -> Page {
    let mut doc = Document::with_version("1.5");
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let bold = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica-Bold",
    });
    let mut res = dictionary! { "Font" => dictionary! { "F1" => font, "F2" => bold } };
    for (k, v) in extra {
        res.set(k, v);
    }
    one_page(&mut doc, content.to_vec(), res);
    let dir = Scratch::new(test);
    let p = dir.write("t.pdf", &save(doc));
    open(&p).page(1).unwrap()
}

fn texts(p: &Page) -> Vec<&str> {
    p.words.iter().map(|w| w.text.as_str()).collect()
}

#[test]
fn text_operators_spacing_and_kerning() {
    // TJ: small kerning keeps a word, a large displacement separates two; Tw widens real spaces;
    // T* and ' move to the next line; Tz squeezes glyphs horizontally.
    let page = read_content(
        "textops",
        b"BT /F1 10 Tf 12 TL 20 150 Td [(Ko) 30 (de) -600 (Rp)] TJ T* (2.07 01) Tj \
          5 Tw (a b) ' 50 Tz (squeezed) ' ET \
          BT /F2 10 Tf 20 80 Td (Tebal) Tj ET",
        vec![],
    );
    assert_eq!(
        texts(&page),
        vec!["Kode", "Rp", "2.07", "01", "a", "b", "squeezed", "Tebal"]
    );
    let w = |t: &str| page.words.iter().find(|w| w.text == t).unwrap();
    // "a" then a space of 2.78 + Tw 5 before "b".
    assert!((w("b").bbox.x0 - w("a").bbox.x1 - 7.78).abs() < 0.05);
    // Lines 12pt apart (T*, ').
    assert!((w("2.07").bbox.y0 - w("Kode").bbox.y0 - 12.0).abs() < 0.05);
    assert!((w("a").bbox.y0 - w("2.07").bbox.y0 - 12.0).abs() < 0.05);
    // Tz 50: half the unscaled width (Helvetica "squeezed" = 4336/1000 em = 43.36pt at 10pt).
    let sq = w("squeezed").bbox.width();
    assert!((sq - 21.68).abs() < 0.05, "{sq}");
    assert!(w("Tebal").bold && !w("Kode").bold);
}

#[test]
fn form_xobject_matrix_and_invisible_text() {
    // A form scaled by 2 and moved by its /Matrix, drawn through a cm; text in render mode 3
    // (invisible, as OCR layers are) is read.
    let mut doc = Document::with_version("1.5");
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let form = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
            "Matrix" => vec![2.into(), 0.into(), 0.into(), 2.into(), 10.into(), 0.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "FX" => font } },
        },
        b"BT 3 Tr /FX 5 Tf 0 10 Td (Skala) Tj ET 0 0 m 40 0 l S".to_vec(),
    ));
    one_page(
        &mut doc,
        b"q 1 0 0 1 0 50 cm /Fm Do Q".to_vec(),
        dictionary! { "XObject" => dictionary! { "Fm" => form } },
    );
    let dir = Scratch::new("form");
    let p = dir.write("form.pdf", &save(doc));
    let page = open(&p).page(1).unwrap();
    assert_eq!(texts(&page), vec!["Skala"]);
    let w = &page.words[0];
    // Origin (0,10) in the form -> (10, 20) -> cm (10, 70) -> top-left y 200-70 = 130.
    assert!(close(w.bbox.x0, 10.0), "{w:?}");
    assert!(close(w.font_size, 10.0), "{w:?}");
    assert!(
        w.bbox.y1 > 130.0 && w.bbox.y0 < 130.0 && w.bbox.y0 > 120.0,
        "{w:?}"
    );
    // The stroke is scaled too: 80pt long at y = 200 - 50 = 150, line width 1 * 2.
    assert_eq!(page.rules.len(), 1);
    let r = page.rules[0];
    assert!(close(r.bbox.x0, 10.0) && close(r.bbox.x1, 90.0), "{r:?}");
    assert!(
        close(r.bbox.cy(), 150.0) && close(r.bbox.height(), 2.0),
        "{r:?}"
    );
}

#[test]
fn white_fills_and_thick_fills_are_not_rules() {
    let page = read_content(
        "fills",
        b"1 g 10 10 200 0.5 re f \
          0.9 g 10 20 200 30 re f \
          0 g 10 100 200 0.5 re f 10 100 0.5 60 re f \
          1 1 1 RG 10 180 m 200 180 l S \
          0 0 0 RG 0.3 w 10 170 m 200 170 l 200 120 l S",
        vec![],
    );
    let mut got: Vec<(Orientation, f32, f32)> = page
        .rules
        .iter()
        .map(|r| {
            (
                r.orientation,
                (r.bbox.cx() * 10.0).round() / 10.0,
                (r.bbox.cy() * 10.0).round() / 10.0,
            )
        })
        .collect();
    got.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.2.total_cmp(&b.2)));
    // The black thin rectangles (y=100 horizontal, x=10 vertical) and the black polyline's two
    // segments; not the white ones nor the grey shading.
    assert_eq!(page.rules.len(), 4, "{:?}", page.rules);
    assert!(
        got.contains(&(Orientation::Horizontal, 110.0, 99.8)),
        "{got:?}"
    );
    assert!(
        got.contains(&(Orientation::Vertical, 10.3, 70.0)),
        "{got:?}"
    );
    assert!(
        got.contains(&(Orientation::Horizontal, 105.0, 30.0)),
        "{got:?}"
    );
    assert!(
        got.contains(&(Orientation::Vertical, 200.0, 55.0)),
        "{got:?}"
    );
}

#[test]
fn pdf_file_can_be_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<PdfFile>();
    let pdf = open(&sample("002_banjar_word.pdf"));
    let counts: Vec<usize> = std::thread::scope(|s| {
        let hs: Vec<_> = (1..=4u32)
            .map(|n| {
                let pdf = &pdf;
                s.spawn(move || pdf.page(n).unwrap().words.len())
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (i, c) in counts.iter().enumerate() {
        assert_eq!(*c, pdf.page(i as u32 + 1).unwrap().words.len());
    }
}

/// A tiny deterministic generator, so a failure reproduces.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn mutated_files_never_panic_or_hang() {
    // The Word sample (or $RENJA_FUZZ_SAMPLE) with every stream decompressed, so mutations hit content streams, fonts
    // and CMaps as plain text rather than only breaking Flate data.
    let name = std::env::var("RENJA_FUZZ_SAMPLE").unwrap_or_else(|_| "002_banjar_word.pdf".into());
    let mut doc = Document::load(sample(&name)).unwrap();
    doc.decompress();
    let base = save(doc);
    let iters: usize = std::env::var("RENJA_FUZZ_ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let dir = Scratch::new("fuzz");
    let mut rng = Lcg(0x5eed);
    let mut internal = Vec::new();
    for i in 0..iters {
        let mut b = base.clone();
        match i % 3 {
            0 => {
                for _ in 0..1 + rng.below(20) {
                    let at = rng.below(b.len());
                    b[at] = rng.next() as u8;
                }
            }
            1 => {
                // Overwrite a run with bytes that are PDF syntax.
                const TOKENS: &[&[u8]] = &[
                    b"[",
                    b"]",
                    b"<<",
                    b">>",
                    b"(",
                    b")",
                    b"<",
                    b"/",
                    b"Tf",
                    b"TJ",
                    b"Do",
                    b"q",
                    b"Q",
                    b"cm",
                    b"BT",
                    b"ET",
                    b"-1e9",
                    b"99999999",
                    b"0",
                    b"R",
                    b"obj",
                    b"stream",
                    b"beginbfrange",
                    b"endbfrange",
                    b"BI",
                    b"ID",
                ];
                let at = rng.below(b.len());
                let mut pos = at;
                for _ in 0..1 + rng.below(30) {
                    for &c in TOKENS[rng.below(TOKENS.len())] {
                        if pos < b.len() {
                            b[pos] = c;
                            pos += 1;
                        }
                    }
                    if pos < b.len() {
                        b[pos] = b' ';
                        pos += 1;
                    }
                }
            }
            _ => {
                let cut = rng.below(b.len());
                b.truncate(cut.max(16));
            }
        }
        let p = dir.write(&format!("m{i}.pdf"), &b);
        let t = Instant::now();
        if let Ok(pdf) = PdfFile::open(&p, &PdfOptions::default()) {
            for n in 1..=pdf.page_count().min(30) {
                match pdf.page(n) {
                    Ok(page) => {
                        for w in &page.words {
                            assert!(w.bbox.x0.is_finite() && w.bbox.y1.is_finite());
                        }
                    }
                    Err(IngestError::Internal { detail, .. }) => internal.push((i, detail)),
                    Err(_) => {}
                }
            }
        }
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "mutation {i} took {:?}",
            t.elapsed()
        );
    }
    assert!(internal.is_empty(), "caught panics: {internal:?}");
}

#[test]
fn undecodable_content_fails_only_that_page() {
    let mut doc = Document::with_version("1.5");
    let bad = doc.add_object(Stream::new(
        dictionary! { "Filter" => "JBIG2Decode" },
        b"\x97\x4a\x42\x32garbage".to_vec(),
    ));
    let pages_id = doc.new_object_id();
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 300.into(), 200.into()],
        "Contents" => bad,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let dir = Scratch::new("undecodable");
    let p = dir.write("u.pdf", &save(doc));
    let e = open(&p).page(1).unwrap_err();
    assert!(matches!(e, IngestError::Page { page: 1, .. }), "{e}");
    assert!(e.to_string().contains("content stream unreadable"), "{e}");
}

#[test]
fn synthetic_bold_by_fill_and_stroke() {
    // Word and Skia embolden a face without a bold variant by filling and stroking the glyphs.
    let page = read_content(
        "fakebold",
        b"BT /F1 10 Tf 20 150 Td (Biasa) Tj 2 Tr 0.3 w 40 0 Td (Tebal) Tj 0 Tr 40 0 Td (Lagi) Tj ET",
        vec![],
    );
    let bold: Vec<bool> = page.words.iter().map(|w| w.bold).collect();
    assert_eq!(texts(&page), vec!["Biasa", "Tebal", "Lagi"]);
    assert_eq!(bold, vec![false, true, false]);
}

#[test]
fn type3_font_widths_and_extent_follow_its_matrix() {
    let mut doc = Document::with_version("1.5");
    let empty = doc.add_object(Stream::new(dictionary! {}, b"60 0 0 0 50 70 d1".to_vec()));
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type3",
        "FontMatrix" => vec![0.01.into(), 0.into(), 0.into(), 0.01.into(), 0.into(), 0.into()],
        "FontBBox" => vec![0.into(), (-20).into(), 80.into(), 90.into()],
        "FirstChar" => 1, "LastChar" => 2,
        "Widths" => vec![60.into(), 40.into()],
        "Encoding" => dictionary! {
            "Type" => "Encoding",
            "Differences" => vec![1.into(), Object::Name(b"A".to_vec()), Object::Name(b"B".to_vec())],
        },
        "CharProcs" => dictionary! { "A" => empty, "B" => empty },
        "Resources" => dictionary! {},
    });
    one_page(
        &mut doc,
        b"BT /T3 10 Tf 20 100 Td <0102> Tj ET".to_vec(),
        dictionary! { "Font" => dictionary! { "T3" => font } },
    );
    let dir = Scratch::new("type3");
    let p = dir.write("t3.pdf", &save(doc));
    let page = open(&p).page(1).unwrap();
    assert_eq!(texts(&page), vec!["AB"]);
    let b = page.words[0].bbox;
    // Widths 60 + 40 glyph units * 0.01 * 10pt = 10pt; extent -20..90 units = -2..9pt around
    // the baseline at y = 200 - 100 = 100.
    assert!(close(b.x0, 20.0) && close(b.x1, 30.0), "{b:?}");
    assert!(close(b.y0, 91.0) && close(b.y1, 102.0), "{b:?}");
}

#[test]
fn hostile_heavy_form_drawn_many_times() {
    // A 4 MB (mostly blank) form drawn 500 times: 2 GB to interpret. The page must give up
    // after the per-page budget instead of churning (the time bound is for unoptimised builds
    // on a busy machine; release takes a fraction of a second).
    let mut doc = Document::with_version("1.5");
    let mut body = vec![b' '; 4 << 20];
    body.extend_from_slice(b"0 0 m 10 0 l S");
    let mut form = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 300.into(), 200.into()],
        },
        body,
    );
    form.compress().unwrap();
    let form = doc.add_object(form);
    one_page(
        &mut doc,
        b"/A Do ".repeat(500),
        dictionary! { "XObject" => dictionary! { "A" => form } },
    );
    let dir = Scratch::new("heavyform");
    let p = dir.write("h.pdf", &save(doc));
    let pdf = open(&p);
    let t = Instant::now();
    let e = pdf.page(1).unwrap_err();
    assert!(t.elapsed() < Duration::from_secs(30), "{:?}", t.elapsed());
    assert!(e.to_string().contains("too complex"), "{e}");
}

#[test]
fn crop_box_sets_origin_and_hides_outside_text() {
    let mut doc = Document::with_version("1.5");
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    one_page(
        &mut doc,
        b"BT /F1 10 Tf 60 100 Td (Dalam) Tj ET BT /F1 10 Tf 5 5 Td (Luar) Tj ET \
          50 40 200 0.5 re f"
            .to_vec(),
        dictionary! { "Font" => dictionary! { "F1" => font } },
    );
    let page_id = doc.page_iter().next().unwrap();
    if let Ok(Object::Dictionary(d)) = doc.get_object_mut(page_id) {
        d.set(
            "CropBox",
            vec![50.into(), 20.into(), 250.into(), 180.into()],
        );
    }
    let dir = Scratch::new("crop");
    let p = dir.write("c.pdf", &save(doc));
    let page = open(&p).page(1).unwrap();
    assert!(close(page.width, 200.0) && close(page.height, 160.0));
    assert_eq!(texts(&page), vec!["Dalam"]);
    // x 60 -> 10; baseline y 100 -> 180 - 100 = 80.
    assert!(close(page.words[0].bbox.x0, 10.0));
    assert!(page.words[0].bbox.y1 > 80.0 && page.words[0].bbox.y0 < 80.0);
    assert_eq!(page.rules.len(), 1);
    assert!(close(page.rules[0].bbox.y1, 140.0) && close(page.rules[0].bbox.x0, 0.0));
}

/// One line per word and rule, rounded, for snapshots.
fn page_listing(p: &Page) -> String {
    let mut s = format!("page {} {:.2}x{:.2}\n", p.number, p.width, p.height);
    for w in &p.words {
        s += &format!(
            "W {:7.2} {:7.2} {:7.2} {:7.2} {:5.2} {} {}\n",
            w.bbox.x0,
            w.bbox.y0,
            w.bbox.x1,
            w.bbox.y1,
            w.font_size,
            if w.bold { "B" } else { "-" },
            w.text
        );
    }
    for r in &p.rules {
        s += &format!(
            "R {:?} {:7.2} {:7.2} {:7.2} {:7.2}\n",
            r.orientation, r.bbox.x0, r.bbox.y0, r.bbox.x1, r.bbox.y1
        );
    }
    s
}

#[test]
fn snapshot_word_export_page() {
    // The whole of one LibreOffice page: every word with its box, size and weight, and the
    // rules. Reviewed against pdftotext -bbox: words and x positions identical; LibreOffice
    // writes /Ascent 0 /Descent 0, so our boxes use the 0.8/-0.2 em default where poppler falls
    // back to the font's bounding box (its tops are 1.4-1.7pt higher).
    let pdf = open(&sample("002_banjar_word.pdf"));
    insta::assert_snapshot!(page_listing(&pdf.page(3).unwrap()));
}

#[test]
fn snapshot_sipd_page() {
    let pdf = open(&sample("003_paser_sipd.pdf"));
    insta::assert_snapshot!(page_listing(&pdf.page(4).unwrap()));
}

#[test]
fn absurd_numbers_do_not_poison_the_page() {
    let huge = "9".repeat(400);
    let content = format!(
        "BT /F1 10 Tf {huge} 0 Td (Hilang) Tj ET BT /F1 10 Tf 1e5 0 0 1 0 0 Tm (X) Tj ET \
         {huge} 0 0 {huge} 0 0 cm 0 0 m 10 0 l S \
         BT /F1 10 Tf 20 100 Td (Tetap) Tj ET 20 90 m 120 90 l S"
    );
    let page = read_content("absurd", content.as_bytes(), vec![]);
    assert!(texts(&page).contains(&"Tetap"), "{:?}", texts(&page));
    assert!(page
        .words
        .iter()
        .all(|w| w.bbox.x0.is_finite() && w.bbox.y1.is_finite()));
    assert!(page.rules.iter().all(|r| r.bbox.x1.is_finite()));
    // A number too long to be one is not an operand, so the cm above it is dropped and the
    // stroke lands untransformed; the later rule is unaffected.
    assert!(page
        .rules
        .iter()
        .any(|r| close(r.bbox.x0, 20.0) && close(r.bbox.x1, 120.0)));
}

#[test]
fn indexed_colour_one_is_not_white() {
    // In an Indexed space "1 sc" picks palette entry 1 (black here), not white; in DeviceRGB
    // via cs, "1 1 1 sc" is white.
    let page = read_content(
        "indexed",
        b"/Pal cs 1 sc 10 100 200 0.5 re f /DeviceRGB cs 1 1 1 sc 10 50 200 0.5 re f",
        vec![(
            "ColorSpace",
            Object::Dictionary(dictionary! {
                "Pal" => vec![
                    Object::Name(b"Indexed".to_vec()),
                    Object::Name(b"DeviceRGB".to_vec()),
                    1.into(),
                    Object::String(vec![255, 255, 255, 0, 0, 0], lopdf::StringFormat::Hexadecimal),
                ],
            }),
        )],
    );
    assert_eq!(page.rules.len(), 1, "{:?}", page.rules);
    assert!(close(page.rules[0].bbox.y0, 99.5));
}

#[test]
fn ocr_text_layer_is_read() {
    // Page 3 of the Word sample rendered at 150 dpi and read by Tesseract 5 (`-l ind -c
    // textonly_pdf=1 pdf`): invisible text (mode 3) in Tesseract's GlyphLessFont, stretched
    // with Tz. Its words land where the born-digital page has them.
    let pdf = open(&fixture("ocr_textonly.pdf"));
    let page = pdf.page(1).unwrap();
    assert!(has_text(&page));
    assert!(page.words.len() > 150);
    let ocr = page.words.iter().find(|w| w.text == "INDIKATOR").unwrap();
    let born = open(&sample("002_banjar_word.pdf")).page(3).unwrap();
    let orig = born.words.iter().find(|w| w.text == "INDIKATOR").unwrap();
    assert!((ocr.bbox.x0 - orig.bbox.x0).abs() < 1.5, "{ocr:?} {orig:?}");
    assert!((ocr.bbox.x1 - orig.bbox.x1).abs() < 8.0, "{ocr:?} {orig:?}");
    assert!(
        (ocr.bbox.cy() - orig.bbox.cy()).abs() < 4.0,
        "{ocr:?} {orig:?}"
    );
}

#[test]
fn random_operator_soup_never_panics() {
    // Operators with wrong, missing or extra operands in random order, over real fonts.
    const TOKENS: &[&str] = &[
        "q", "Q", "cm", "BT", "ET", "Tf", "/F1", "/F2", "/Nope", "Td", "TD", "Tm", "T*", "Tj",
        "TJ", "'", "\"", "Tc", "Tw", "Tz", "TL", "Ts", "Tr", "m", "l", "c", "v", "y", "h", "re",
        "f", "f*", "S", "s", "B", "b*", "n", "W", "W*", "g", "rg", "k", "G", "RG", "sc", "scn",
        "cs", "/Pattern", "gs", "Do", "BI", "ID", "EI", "BDC", "EMC", "[", "]", "<<", ">>",
        "(x y)", "<0041>", "<>", "()", "0", "1", "-1", "0.5", "1000", "-1000", "1e3", "true",
        "null", "%c\n",
    ];
    let mut rng = Lcg(42);
    for i in 0..150 {
        let mut content = String::new();
        for _ in 0..rng.below(300) {
            content += TOKENS[rng.below(TOKENS.len())];
            content.push(' ');
        }
        let page = read_content(&format!("soup{i}"), content.as_bytes(), vec![]);
        for w in &page.words {
            assert!(!w.text.is_empty() && w.bbox.x0.is_finite(), "{w:?}");
        }
    }
}
