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

/// Findings present after a mutation and not before (same id, table, row and message).
fn surplus(before: &[Finding], after: &[Finding]) -> Vec<Finding> {
    after
        .iter()
        .filter(|a| {
            !before.iter().any(|b| {
                b.id == a.id
                    && b.table_index == a.table_index
                    && b.row == a.row
                    && b.message_en == a.message_en
            })
        })
        .cloned()
        .collect()
}

/// The body row of the item with `code` in table `ti` of a text export.
fn row_of(doc: &renja::extracted::Document, ti: usize, code: &str) -> usize {
    let m = renja::model::build(doc);
    m.tables[ti]
        .items
        .iter()
        .find(|i| i.code.as_deref() == Some(code))
        .map(|i| i.row)
        .expect("item in table")
}

/// Planted target errors in the Serang plan table (Tabel 3.3, table 4 of the text export):
/// - sub 2.07.03.2.02.0001 "Jumlah instruktur LPK yang dibina" 35 -> 36 org: the review says 35
///   org and no Renstra indicator breaks the tie, so one RJ219 on the plan row, 36 org printed,
///   35 org in the review.
/// - program 2.07.05 "Capaian Hubungan Industrial ..." 45 -> 47: review 45 and Renstra 2022 45
///   agree, so the plan is the odd table: one RJ205 on the plan row (47 printed, 45
///   expected), and no RJ219 repeating it.
///
/// Nothing else changes.
#[test]
fn planted_plan_targets_are_localised() {
    let root = env!("CARGO_MANIFEST_DIR");
    let text = std::fs::read_to_string(format!("{root}/tests/data/seeds/000_29dde3c6f226ceb9.txt"))
        .unwrap();
    let base = check_document(&parse_text_export("000_t.txt", &text));
    for (from, to, code, id, found, expected) in [
        (
            "Jumlah instruktur LPK yang dibina\torg\tKota Serang\t35\t",
            "Jumlah instruktur LPK yang dibina\torg\tKota Serang\t36\t",
            "2.07.03.2.02.0001",
            "RJ219",
            "36 org",
            "35 org",
        ),
        (
            "Capaian Hubungan Industrial yang sesuai aturan ketenagakerjaan\t%\t\t45\t",
            "Capaian Hubungan Industrial yang sesuai aturan ketenagakerjaan\t%\t\t47\t",
            "2.07.05",
            "RJ205",
            "47",
            "45",
        ),
    ] {
        assert_eq!(text.matches(from).count(), 1, "{from}");
        let doc = parse_text_export("000_t.txt", &text.replace(from, to));
        let new = surplus(&base, &check_document(&doc));
        assert_eq!(new.len(), 1, "{code}: {new:#?}");
        let f = &new[0];
        assert_eq!(f.id, id);
        assert_eq!(f.code.as_deref(), Some(code));
        assert_eq!(f.table_index, 4, "{f:#?}");
        assert_eq!(f.row, Some(row_of(&doc, 4, code)));
        assert_eq!(f.page, 0);
        assert_eq!(
            (f.found.as_deref(), f.expected.as_deref()),
            (Some(found), Some(expected))
        );
    }
}

/// A planted pagu that only the pairwise check compares: the evaluation's current-year pagu of
/// one sub kegiatan (Tabel 2.1 of a Renja 2022, which RJ201 never reads and RJ204 used to read
/// for programs only), 100,000,000 -> 100,900,000. One RJ204 at the plan's sub kegiatan row
/// with both figures; the evaluation's own sum, now broken, is the error's other consequence
/// (its kegiatan 100,000,000 against the sub 100,900,000); nothing else.
#[test]
fn planted_evaluation_pagu_is_localised() {
    let root = env!("CARGO_MANIFEST_DIR");
    let text =
        std::fs::read_to_string(format!("{root}/tests/fixtures/checks/eval_plan_ok.txt")).unwrap();
    let from = "2.07.03.2.02.0001\tPembinaan Lembaga Pelatihan Kerja Swasta\t10\t100,000,000";
    assert_eq!(text.matches(from).count(), 1);
    let base = check_document(&parse_text_export("eval.txt", &text));
    let doc = parse_text_export(
        "eval.txt",
        &text.replace(from, &from.replace("100,000,000", "100,900,000")),
    );
    let new = surplus(&base, &check_document(&doc));
    let r: Vec<&Finding> = new.iter().filter(|f| f.id == "RJ204").collect();
    assert_eq!(r.len(), 1, "{new:#?}");
    assert_eq!(r[0].code.as_deref(), Some("2.07.03.2.02.0001"));
    assert_eq!(r[0].table_index, 1);
    assert_eq!(r[0].row, Some(row_of(&doc, 1, "2.07.03.2.02.0001")));
    assert_eq!(
        (
            r[0].expected.as_deref(),
            r[0].found.as_deref(),
            r[0].difference.as_deref()
        ),
        (Some("100,900,000"), Some("100,000,000"), Some("-900,000"))
    );
    // The rest: the evaluation table's own sum, at the sub or its kegiatan.
    for f in new.iter().filter(|f| f.id != "RJ204") {
        assert!(
            f.table_index == 0
                && matches!(f.id.as_str(), "RJ101" | "RJ102" | "RJ111" | "RJ112")
                && f.code
                    .as_deref()
                    .is_some_and(|c| c.starts_with("2.07.03.2.02")),
            "surplus {f:#?}"
        );
    }
}
