//! `renja check new.pdf --since old.pdf`: the amounts changed between the two submissions for
//! the same code, in revision.json, the HTML report's first section and the workbook's
//! Perubahan sheet, checked against the answer key of the mutated Serang sample.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tmp(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("renja_revision_{tag}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn check_since(out: &Path, since: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_renja"))
        .arg("check")
        .arg(root().join("samples/000_serang_sipd_mut.pdf"))
        .arg("--since")
        .arg(since)
        .arg("--out")
        .arg(out.join("o"))
        .arg("--report")
        .arg(out.join("r"))
        .arg("--xlsx")
        .arg(out.join("w.xlsx"))
        .arg("-q")
        .output()
        .unwrap()
}

/// `145,000,000` (the sample prints whole rupiah with comma groups) in sen.
fn sen(printed: &str) -> i64 {
    printed.replace(',', "").parse::<i64>().unwrap() * 100
}

#[test]
fn changed_amounts_are_exactly_the_planted_mutations() {
    let out = tmp("pdf");
    let o = check_since(&out, &root().join("samples/000_serang_sipd.pdf"));
    assert!(o.status.code().is_some_and(|c| c < 2), "{o:?}");
    let key: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/data/answer_key.json")).unwrap(),
    )
    .unwrap();
    let want: BTreeSet<(u64, i64, i64)> = key["mutations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["page"].as_u64().unwrap(),
                sen(m["original_text"].as_str().unwrap()),
                sen(m["new_text"].as_str().unwrap()),
            )
        })
        .collect();
    let rev: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("o/revision.json")).unwrap())
            .unwrap();
    let d = &rev.as_array().unwrap()[0];
    assert_eq!(d["since"], "000_serang_sipd.pdf");
    assert_eq!(d["amounts_compared"], true);
    let changes = d["amount_changes"].as_array().unwrap();
    let got: BTreeSet<(u64, i64, i64)> = changes
        .iter()
        .map(|c| {
            let (old, new) = (
                c["old_sen"].as_i64().unwrap(),
                c["new_sen"].as_i64().unwrap(),
            );
            assert_eq!(c["difference_sen"].as_i64(), Some(new - old), "{c}");
            assert!(
                c["code"].as_str().is_some_and(|s| s.starts_with("2.07.")),
                "{c}"
            );
            (c["page"].as_u64().unwrap(), old, new)
        })
        .collect();
    assert_eq!(got, want, "{changes:#?}");
    assert_eq!(changes.len(), want.len(), "one change per mutation");
    // The same document in both submissions has the same rows.
    assert_eq!(
        (d["only_now"].as_u64(), d["only_earlier"].as_u64()),
        (Some(0), Some(0))
    );

    // The HTML report shows it first, before the summary.
    let html = std::fs::read_to_string(out.join("r/000_serang_sipd_mut.pdf.html")).unwrap();
    let at = |s: &str| html.find(s).unwrap_or_else(|| panic!("{s} missing"));
    assert!(at("id=\"revision\"") < at("id=\"summary\""));
    assert_eq!(html.matches("<tr class=\"change\"").count(), want.len());
    // 145,000,000 -> 415,000,000 printed in the report's Indonesian grouping.
    assert!(html.contains("<td class=\"num\">145.000.000</td><td class=\"num\">415.000.000</td><td class=\"num\">+270.000.000</td>"), "the swapped digits");

    // The workbook's Perubahan sheet holds the amounts as numbers (rupiah).
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(out.join("w.xlsx")).unwrap();
    assert!(wb.sheet_names().iter().any(|n| n == "Perubahan"));
    let sheet = wb.worksheet_range("Perubahan").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows[0][5].to_string(), "Sebelumnya");
    let pairs: BTreeSet<(i64, i64)> = rows[1..=want.len()]
        .iter()
        .map(|r| match (&r[5], &r[6]) {
            (Data::Float(a), Data::Float(b)) => ((a * 100.0) as i64, (b * 100.0) as i64),
            other => panic!("not numbers: {other:?}"),
        })
        .collect();
    let want_pairs: BTreeSet<(i64, i64)> = want.iter().map(|w| (w.1, w.2)).collect();
    assert_eq!(pairs, want_pairs);
}

#[test]
fn since_a_findings_json_says_amounts_were_not_compared() {
    let out = tmp("json");
    let first = Command::new(env!("CARGO_BIN_EXE_renja"))
        .arg("check")
        .arg(root().join("samples/000_serang_sipd.pdf"))
        .arg("--out")
        .arg(out.join("old"))
        .arg("-q")
        .output()
        .unwrap();
    assert!(first.status.code().is_some_and(|c| c < 2), "{first:?}");
    let o = check_since(&out, &out.join("old/findings.json"));
    assert!(o.status.code().is_some_and(|c| c < 2), "{o:?}");
    let rev: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("o/revision.json")).unwrap())
            .unwrap();
    let d = &rev[0];
    assert_eq!(d["amounts_compared"], false);
    assert!(d["amount_changes"].as_array().unwrap().is_empty());
    // The planted errors are new findings; the original's own findings remain.
    assert!(d["new"].as_array().unwrap().len() >= 4, "{d}");
    assert!(!d["remain"].as_array().unwrap().is_empty(), "{d}");
    let html = std::fs::read_to_string(out.join("r/000_serang_sipd_mut.pdf.html")).unwrap();
    assert!(html.contains("id=\"amounts-not-compared\""));
}
