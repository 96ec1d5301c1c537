//! Damaged and truncated PDFs: the object table is rebuilt by scanning, intact pages are read,
//! lost ones are named in a warning, and nothing panics.

use renja::eval::{pred_tables, score_document, GtDoc};
use renja::ingest::pdf::{PdfFile, PdfOptions};
use renja::ingest::IngestError;
use renja::pipeline::{extract_file, ExtractOptions};
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch directory for files a test writes, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Scratch {
        let d = std::env::temp_dir().join(format!("renja-damaged-{}-{test}", std::process::id()));
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

fn gt(name: &str) -> GtDoc {
    serde_json::from_str(
        &std::fs::read_to_string(root().join(format!("tests/data/gt/{name}.json"))).unwrap(),
    )
    .unwrap()
}

const SAMPLES: [&str; 3] = ["000_serang_sipd", "002_banjar_word", "003_paser_sipd"];

#[test]
fn truncations_never_panic_and_keep_intact_pages() {
    let dir = Scratch::new("trunc");
    for name in SAMPLES {
        let bytes = std::fs::read(root().join(format!("samples/{name}.pdf"))).unwrap();
        for pct in [25, 50, 75, 90, 95] {
            let cut = &bytes[..bytes.len() * pct / 100];
            let p = dir.write(&format!("{name}_{pct}.pdf"), cut);
            match extract_file(&p, &ExtractOptions::default()) {
                Ok(doc) => {
                    assert!(
                        doc.warnings
                            .iter()
                            .any(|w| w.contains("file is damaged/truncated: xref rebuilt")),
                        "{name} {pct}%: {:?}",
                        doc.warnings
                    );
                    // What is read is right: the tables of the intact pages score as well as
                    // those of the whole file.
                    let m = score_document(&gt(name), &pred_tables(&doc)).metrics();
                    assert!(m.cell_precision >= 0.97, "{name} {pct}%: {m:?}");
                }
                // Too little survives (Chromium writes its fonts, Word its page objects, near
                // the end): a clear error, not a panic.
                Err(IngestError::Corrupt { detail, .. }) => {
                    assert!(
                        detail.contains("damaged/truncated"),
                        "{name} {pct}%: {detail}"
                    )
                }
                Err(e) => panic!("{name} {pct}%: {e}"),
            }
        }
    }
    // SIPD prints keep pages, contents and fonts in the first ~90%: a 95% cut loses only the
    // document outline and the cross-reference table, and every page is read.
    for name in ["000_serang_sipd", "003_paser_sipd"] {
        let bytes = std::fs::read(root().join(format!("samples/{name}.pdf"))).unwrap();
        let p = dir.write(&format!("{name}_95b.pdf"), &bytes[..bytes.len() * 95 / 100]);
        let doc = extract_file(&p, &ExtractOptions::default()).unwrap();
        let c = score_document(&gt(name), &pred_tables(&doc));
        assert_eq!(c.found, c.gt_tables, "{name}");
        assert!(c.metrics().cell_f1 >= 0.97, "{name}: {c:?}");
    }
}

#[test]
fn garbage_over_the_xref_still_reads_every_page() {
    let dir = Scratch::new("garbage");
    for name in SAMPLES {
        let orig = root().join(format!("samples/{name}.pdf"));
        let mut bytes = std::fs::read(&orig).unwrap();
        let n = PdfFile::open(&orig, &PdfOptions::default())
            .unwrap()
            .page_count();
        let at = bytes.windows(9).rposition(|w| w == b"startxref").unwrap();
        // The xref table, the trailer and startxref all overwritten.
        let from = at.saturating_sub(600);
        for b in &mut bytes[from..] {
            *b = b'#';
        }
        let p = dir.write(&format!("{name}.pdf"), &bytes);
        let pdf = PdfFile::open(&p, &PdfOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(pdf.page_count(), n, "{name}");
        for i in 1..=n {
            pdf.page(i).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        assert!(
            pdf.warnings().iter().any(|w| w.contains("xref rebuilt")),
            "{name}: {:?}",
            pdf.warnings()
        );
    }
}

/// A hand-written three-page PDF without xref; `catalog_first` puts the catalog and page tree
/// before the pages (else after them, as Word does). Each page says "Rencana Kerja Dinas Halaman N".
fn three_pages(catalog_first: bool) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let tree = b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [4 0 R 6 0 R 8 0 R] /Count 3 >>\nendobj\n";
    if catalog_first {
        out.extend_from_slice(tree);
    }
    out.extend_from_slice(
        b"3 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n",
    );
    for (i, page) in [4, 6, 8].into_iter().enumerate() {
        let content = format!(
            "BT /F1 12 Tf 72 700 Td (Rencana Kerja Dinas Halaman {}) Tj ET 50 690 m 300 690 l S",
            i + 1
        );
        out.extend_from_slice(
            format!(
                "{page} 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 800] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>\nendobj\n{} 0 obj\n<< /Length {} >>\nstream\n{content}\nendstream\nendobj\n",
                page + 1,
                page + 1,
                content.len()
            )
            .as_bytes(),
        );
    }
    if !catalog_first {
        out.extend_from_slice(tree);
    }
    out
}

fn words(pdf: &PdfFile, n: u32) -> Vec<String> {
    pdf.page(n)
        .unwrap()
        .words
        .iter()
        .map(|w| w.text.clone())
        .collect()
}

#[test]
fn truncated_in_the_last_page_reads_the_others() {
    let dir = Scratch::new("synthetic");
    let full = three_pages(true);
    // Cut inside page 3's content stream.
    let cut = full.windows(9).rposition(|w| w == b"Halaman 3").unwrap();
    let p = dir.write("cut.pdf", &full[..cut]);
    let pdf = PdfFile::open(&p, &PdfOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pdf.page_count(), 3);
    assert_eq!(
        words(&pdf, 1),
        ["Rencana", "Kerja", "Dinas", "Halaman", "1"]
    );
    assert_eq!(
        words(&pdf, 2),
        ["Rencana", "Kerja", "Dinas", "Halaman", "2"]
    );
    assert_eq!(pdf.page(1).unwrap().rules.len(), 1);
    assert!(matches!(
        pdf.page(3),
        Err(IngestError::Page { page: 3, .. })
    ));
    let w = pdf.warnings().join("; ");
    assert!(
        w.contains("file is damaged/truncated: xref rebuilt") && w.ends_with("pages 3 unreadable"),
        "{w}"
    );
    // Through the pipeline the lost page is a warning, not a failure.
    let doc = extract_file(&p, &ExtractOptions::default()).unwrap();
    assert!(
        doc.warnings.iter().any(|w| w.contains("page 3")),
        "{:?}",
        doc.warnings
    );
}

#[test]
fn page_tree_lost_pages_in_file_order() {
    let dir = Scratch::new("notree");
    let full = three_pages(false);
    // Cut before the catalog and the page tree: the pages are found by their type, in file
    // order.
    let cut = full.windows(7).rposition(|w| w == b"1 0 obj").unwrap();
    let p = dir.write("notree.pdf", &full[..cut]);
    let pdf = PdfFile::open(&p, &PdfOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pdf.page_count(), 3);
    for n in 1..=3 {
        assert_eq!(
            words(&pdf, n).join(" "),
            format!("Rencana Kerja Dinas Halaman {n}")
        );
    }
    assert!(
        pdf.warnings()[0].contains("page objects in file order"),
        "{:?}",
        pdf.warnings()
    );
    // Cut inside the font, before any page: an error naming the damage.
    let full = three_pages(true);
    let font_at = full.windows(9).position(|w| w == b"Helvetica").unwrap();
    let p = dir.write("nofont.pdf", &full[..font_at]);
    match extract_file(&p, &ExtractOptions::default()) {
        Err(IngestError::Corrupt { detail, .. }) => {
            assert!(detail.contains("damaged/truncated"), "{detail}")
        }
        other => panic!("{other:?}"),
    }
}
