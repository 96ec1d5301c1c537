//! Findings carry their evidence: the printed cell (page, box, text), the header as printed,
//! exact amounts in sen and a fingerprint that survives a resubmission of the document.

use renja::checks::Finding;
use renja::normalize::number::{self, NumberStyle};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

fn findings(name: &str) -> (renja::extracted::Document, Vec<Finding>) {
    let opts = renja::pipeline::ExtractOptions::default();
    let doc = renja::pipeline::extract_file(&sample(name), &opts).expect("sample reads");
    let f = renja::report::check(&doc).findings;
    (doc, f)
}

/// Every finding about one money cell of a born-digital sample points at a box on its page
/// holding that amount, and its integers agree with each other.
#[test]
fn money_findings_point_at_their_printed_cell() {
    for name in [
        "000_serang_sipd_mut.pdf",
        "002_banjar_word.pdf",
        "003_paser_sipd.pdf",
    ] {
        let (doc, fs) = findings(name);
        let mut with_cell = 0;
        for f in &fs {
            assert!(
                f.evidence.fingerprint.starts_with(&format!("{}|", f.id)),
                "{name}: {f:?}"
            );
            let Some(c) = &f.evidence.cell else { continue };
            with_cell += 1;
            assert!(c.page >= 1 && c.page <= doc.pages, "{name}: {f:?}");
            let b = c.bbox.expect("born-digital cells have boxes");
            assert!(b[0] < b[2] && b[1] < b[3], "{name}: box {b:?}");
            if let Some(found) = f.evidence.found_sen {
                let printed = number::parse_money(&c.text, NumberStyle::Unknown).value;
                let comma = number::parse_money(&c.text, NumberStyle::English).value;
                let dot = number::parse_money(&c.text, NumberStyle::Indonesian).value;
                assert!(
                    [printed, comma, dot]
                        .iter()
                        .flatten()
                        .any(|m| m.0 == found || m.0.checked_mul(1000) == Some(found)),
                    "{name}: cell text {:?} vs found {found}: {f:?}",
                    c.text
                );
            }
            if let (Some(e), Some(x), Some(d)) = (
                f.evidence.expected_sen,
                f.evidence.found_sen,
                f.evidence.difference_sen,
            ) {
                assert_eq!(x.checked_sub(e), Some(d), "{name}: {f:?}");
            }
            if let Some(h) = &f.evidence.header {
                assert!(!h.contains('@') && !h.contains('#'), "{name}: {h}");
            }
        }
        if name.starts_with("000") {
            assert!(with_cell >= 4, "{name}: the planted errors have cells");
        }
    }
}

/// The planted errors of the mutated Serang copy are new against the original, and the
/// original's findings are found again by fingerprint in the copy.
#[test]
fn fingerprints_survive_a_resubmission() {
    let (_, old) = findings("000_serang_sipd.pdf");
    let (_, new) = findings("000_serang_sipd_mut.pdf");
    let fp = |fs: &[Finding]| -> BTreeSet<String> {
        fs.iter().map(|f| f.evidence.fingerprint.clone()).collect()
    };
    let (o, n) = (fp(&old), fp(&new));
    assert!(o.is_subset(&n), "lost: {:?}", o.difference(&n));
    let added: Vec<_> = n.difference(&o).collect();
    assert!(!added.is_empty(), "the planted errors are new");
    assert!(
        added
            .iter()
            .all(|f| !f.starts_with("RJ0") && f.split('|').nth(2) != Some("")),
        "{added:?}"
    );
}
