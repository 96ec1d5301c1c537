//! Checks on the PDF samples through the extract pipeline: the mutated Serang PDF's answer key
//! is caught row by row, and the clean PDF gives no finding the mutated one does not.

use renja::checks::Finding;
use renja::pipeline::{extract_file, ExtractOptions};
use renja::report::check_document;
use serde_json::Value;
use std::path::PathBuf;

fn findings(name: &str) -> Vec<Finding> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    let doc = extract_file(&p, &ExtractOptions::default()).expect("sample extracts");
    check_document(&doc)
}

fn is_money(f: &Finding) -> bool {
    matches!(
        f.id.as_str(),
        "RJ101" | "RJ102" | "RJ103" | "RJ104" | "RJ201"
    )
}

#[test]
fn mutated_pdf_every_alteration_caught_at_its_row() {
    let key: Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/tests/data/answer_key.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap();
    let mutated = findings("000_serang_sipd_mut.pdf");
    for m in key["mutations"].as_array().unwrap() {
        let table = m["table_index"].as_u64().unwrap() as usize;
        let row = m["row_index"].as_u64().unwrap() as usize;
        let page = m["page"].as_u64().unwrap() as u32;
        let hit = mutated
            .iter()
            .filter(|f| is_money(f))
            .find(|f| f.table_index == table && f.row == Some(row));
        let hit = hit.unwrap_or_else(|| {
            panic!(
                "{} -> {} (table {table}, row {row}) not caught: {:#?}",
                m["original_text"],
                m["new_text"],
                mutated.iter().filter(|f| is_money(f)).collect::<Vec<_>>()
            )
        });
        assert_eq!(hit.page, page, "finding points at the page of the row");
        assert_eq!(hit.found.as_deref(), m["new_text"].as_str());
        assert_eq!(hit.expected.as_deref(), m["original_text"].as_str());
    }
}

#[test]
fn clean_pdf_adds_nothing_the_mutated_lacks() {
    let clean = findings("000_serang_sipd.pdf");
    assert!(!clean.iter().any(is_money), "false alarms: {clean:#?}");
    let mutated = findings("000_serang_sipd_mut.pdf");
    let key = |f: &Finding| (f.id.clone(), f.table_index, f.row, f.column.clone());
    for f in &clean {
        assert!(
            mutated.iter().any(|g| key(g) == key(f)),
            "only in the clean document: {f:#?}"
        );
    }
}
