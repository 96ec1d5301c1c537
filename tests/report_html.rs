//! `renja check --report DIR`: one self-contained HTML page per document with a crop of the
//! page per finding, an index naming unreadable inputs, and no markup from the document.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tmp(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("renja_html_{tag}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn check(inputs: &[&Path], out: &Path, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_renja"))
        .arg("check")
        .args(inputs)
        .arg("--out")
        .arg(out.join("o"))
        .arg("--report")
        .arg(out.join("r"))
        .args(extra)
        .output()
        .unwrap()
}

fn findings_of(out: &Path, doc: &str) -> usize {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("o/findings.json")).unwrap())
            .unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .filter(|f| f["document"] == doc)
        .count()
}

#[test]
fn pdf_report_has_a_row_and_crop_per_cell_finding() {
    let out = tmp("pdf");
    let pdf = root().join("samples/000_serang_sipd_mut.pdf");
    let missing = out.join("missing.pdf");
    let o = check(&[&pdf, &missing], &out, &[]);
    assert!(o.status.code().is_some(), "{o:?}");
    let html = std::fs::read_to_string(out.join("r/000_serang_sipd_mut.pdf.html")).unwrap();
    let rows = html.matches("<tr class=\"finding ").count();
    assert_eq!(rows, findings_of(&out, "000_serang_sipd_mut.pdf"));
    // The planted errors are about single money cells: each gets a crop.
    assert!(html.matches("data:image/png;base64,").count() >= 4, "crops");
    assert!(html.contains("#page=2"), "link to the page");
    assert_eq!(html.matches("<script").count(), 1, "only the filter script");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no network"
    );
    let index = std::fs::read_to_string(out.join("r/index.html")).unwrap();
    assert!(index.contains("000_serang_sipd_mut.pdf.html"));
    assert!(index.contains("missing.pdf") && index.contains("tidak terbaca"));
}

#[test]
fn names_from_the_document_are_escaped_and_text_exports_say_why_no_crop() {
    let out = tmp("esc");
    let src = std::fs::read_to_string(root().join("tests/fixtures/checks/rj101_sum_mismatch.txt"))
        .unwrap();
    let evil = src.replace(
        "Pelaksanaan Pelatihan berdasarkan Unit Kompetensi",
        "Pelatihan <script>alert(1)</script><img src=x onerror=alert(2)>",
    );
    assert_ne!(evil, src, "the fixture names the kegiatan");
    let p = out.join("evil<b>.txt");
    std::fs::write(&p, evil).unwrap();
    check(&[&p], &out, &["--lang", "en"]);
    let html = std::fs::read_to_string(out.join("r/evil_b_.txt.html")).unwrap();
    assert_eq!(html.matches("<script").count(), 1, "{html}");
    assert!(!html.contains("<img src=x"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("evil&lt;b&gt;.txt"));
    assert!(html.contains("Text export: no page image."));
}

#[test]
fn a_document_without_findings_says_so() {
    let out = tmp("clean");
    let fixtures = root().join("tests/fixtures/checks");
    let clean = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with("_ok.txt"))
        .find(|p| {
            let o = tmp("probe");
            check(&[p], &o, &[]);
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            findings_of(&o, &name) == 0
        });
    let Some(clean) = clean else {
        panic!("no fixture without findings in {}", fixtures.display())
    };
    check(&[&clean], &out, &[]);
    let name = clean.file_name().unwrap().to_string_lossy().into_owned();
    let html = std::fs::read_to_string(out.join(format!("r/{name}.html"))).unwrap();
    assert!(html.contains("id=\"no-findings\""), "{html}");
}

/// The mutated Serang copy as a resubmission of the original: its planted errors are new,
/// nothing is fixed; the other way round they are fixed. Both the PDF and its findings.json
/// serve as the earlier submission.
#[test]
fn since_reports_fixed_remaining_and_new_findings() {
    let count = |html: &str, id: &str| -> usize {
        let at = html.find(&format!("id=\"{id}\">")).expect(id) + id.len() + 6;
        html[at..].split('<').next().unwrap().parse().unwrap()
    };
    let orig = root().join("samples/000_serang_sipd.pdf");
    let muta = root().join("samples/000_serang_sipd_mut.pdf");
    let out = tmp("since1");
    check(&[&muta], &out, &["--since", orig.to_str().unwrap()]);
    let html = std::fs::read_to_string(out.join("r/000_serang_sipd_mut.pdf.html")).unwrap();
    assert_eq!(count(&html, "rev-fixed"), 0);
    assert!(count(&html, "rev-new") >= 4, "the planted errors are new");
    assert!(count(&html, "rev-remain") >= 1);
    let back = tmp("since2");
    let json = out.join("o/findings.json");
    check(&[&orig], &back, &["--since", json.to_str().unwrap()]);
    let html = std::fs::read_to_string(back.join("r/000_serang_sipd.pdf.html")).unwrap();
    assert!(
        count(&html, "rev-fixed") >= 4,
        "the planted errors are fixed"
    );
    assert_eq!(count(&html, "rev-new"), 0);
}

/// The codes on the rows of the side-by-side view that are marked as differing.
fn side_differs(html: &str) -> Vec<String> {
    html.split("<tr class=\"hier flagged side-differs\"><td>")
        .skip(1)
        .map(|s| s.split('<').next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn review_and_plan_side_by_side_mark_exactly_the_rows_that_differ() {
    let out = tmp("side");
    let clean = root().join("tests/data/seeds/000_29dde3c6f226ceb9.txt");
    let mutated = root().join("samples/000_serang_sipd_mut.pdf");
    let o = check(&[&clean, &mutated], &out, &["--fail-on", "never"]);
    assert!(o.status.success(), "{o:?}");
    // Serang's review and plan agree on every amount: the view is there and marks nothing.
    let html = std::fs::read_to_string(out.join("r/000_29dde3c6f226ceb9.txt.html")).unwrap();
    assert_eq!(html.matches("<details class=\"side\"").count(), 1);
    assert!(side_differs(&html).is_empty(), "{:?}", side_differs(&html));
    // The mutated copy: the rows marked are the items the review-vs-plan findings name.
    let html = std::fs::read_to_string(out.join("r/000_serang_sipd_mut.pdf.html")).unwrap();
    let mut marked = side_differs(&html);
    marked.sort();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("o/findings.json")).unwrap())
            .unwrap();
    let mut named: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["document"] == "000_serang_sipd_mut.pdf"
                && ["RJ201", "RJ202", "RJ217"].contains(&f["id"].as_str().unwrap_or(""))
        })
        .map(|f| f["code"].as_str().unwrap_or("").to_string())
        .collect();
    named.sort();
    assert!(!marked.is_empty());
    assert_eq!(marked, named);
}
