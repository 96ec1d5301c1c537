//! The answer key of the mutated Serang PDF (`tests/data/answer_key.json`) applied to the
//! Serang text export: every altered amount must be caught by a money finding pointing at the
//! altered row (same table index and body row index as the answer key), and the unaltered
//! document gives no money finding (see check_seeds.rs). When the PDF pipeline is merged the
//! same assertions run on `samples/000_serang_sipd_mut.pdf`.

use renja::checks::Finding;
use renja::ingest::textexport::parse_text_export;
use renja::report::check_document;
use serde_json::Value;

fn clean(c: &str) -> String {
    c.replace("<b>", "").replace("</b>", "")
}

/// Applies each mutation to the seed line holding the row (found by its name and original
/// amount inside the right table), in the answer key's column (the later of two equal amounts
/// for right-hand columns).
fn mutate(text: &str, muts: &[Value]) -> String {
    let mut lines: Vec<String> = text.lines().map(|s| s.to_string()).collect();
    for m in muts {
        let title: String = m["table_title"]
            .as_str()
            .unwrap()
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        let start = lines
            .iter()
            .position(|l| l.replace("**", "").contains(&title))
            .expect("table title in seed");
        let name = m["row_label"]
            .as_str()
            .unwrap()
            .split(" | ")
            .find(|p| p.len() > 12)
            .unwrap()
            .to_string();
        let orig = m["original_text"].as_str().unwrap();
        let new = m["new_text"].as_str().unwrap();
        let i = (start..lines.len())
            .find(|&i| {
                clean(&lines[i]).contains(&name) && lines[i].split('\t').any(|c| clean(c) == orig)
            })
            .expect("mutated row in seed");
        let mut cells: Vec<String> = lines[i].split('\t').map(|s| s.to_string()).collect();
        let hits: Vec<usize> = (0..cells.len())
            .filter(|&k| clean(&cells[k]) == orig)
            .collect();
        let k = if m["column_index"].as_u64().unwrap() > 8 {
            *hits.last().unwrap()
        } else {
            hits[0]
        };
        cells[k] = cells[k].replace(orig, new);
        lines[i] = cells.join("\t");
    }
    lines.join("\n")
}

fn is_money(f: &Finding) -> bool {
    matches!(
        f.id.as_str(),
        "RJ101" | "RJ102" | "RJ103" | "RJ104" | "RJ111" | "RJ112" | "RJ201" | "RJ217"
    )
}

#[test]
fn every_altered_amount_is_caught_at_its_row() {
    let root = env!("CARGO_MANIFEST_DIR");
    let key: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{root}/tests/data/answer_key.json")).unwrap(),
    )
    .unwrap();
    let muts = key["mutations"].as_array().unwrap();
    let text = std::fs::read_to_string(format!("{root}/tests/data/seeds/000_29dde3c6f226ceb9.txt"))
        .unwrap();
    let doc = parse_text_export("000_mut.txt", &mutate(&text, muts));
    let findings = check_document(&doc);
    for m in muts {
        let table = m["table_index"].as_u64().unwrap() as usize;
        let row = m["row_index"].as_u64().unwrap() as usize;
        let hit = findings
            .iter()
            .filter(|f| is_money(f))
            .find(|f| f.table_index == table && f.row == Some(row));
        assert!(
            hit.is_some(),
            "mutation {} -> {} at table {table} row {row} not caught; findings: {:#?}",
            m["original_text"],
            m["new_text"],
            findings.iter().filter(|f| is_money(f)).collect::<Vec<_>>()
        );
        // The odd cell is named with the value that reconciles it: the original amount.
        let named = findings.iter().any(|f| {
            f.id == "RJ102"
                && f.row == Some(row)
                && f.expected.as_deref() == m["original_text"].as_str()
        });
        assert!(named, "odd cell not solved for {}", m["new_text"]);
    }
}
