//! Hostile and broken input (issue 13): each test builds its hostile input itself, small, and
//! failed before the fix it guards.

use renja::classify::classify;
use renja::ingest::textexport::parse_text_export;
use std::collections::HashSet;
use std::time::Instant;

fn wide_export(cols: usize) -> String {
    let row = |f: &dyn Fn(usize) -> String| (0..cols).map(f).collect::<Vec<_>>().join("\t");
    format!(
        "Tabel 1.1 Uji\n{}\n{}\n{}\n",
        row(&|_| "Target".to_string()),
        row(&|i| (i + 1).to_string()),
        row(&|_| "1".to_string())
    )
}

/// Item 2: naming identical columns searched `key#2, key#3, ...` afresh for every column
/// (cubic: 10,000 cells took more than 150 s); now every key is still unique and the whole
/// table is read in well under a second.
#[test]
fn ten_thousand_identical_columns_get_unique_keys_quickly() {
    for cols in [3, 50, 10_000] {
        let started = Instant::now();
        let doc = parse_text_export("wide.txt", &wide_export(cols));
        let table = doc.tables.first().expect("one table");
        let c = classify(table);
        let keys: HashSet<&str> = c.columns.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(
            keys.len(),
            c.columns.len(),
            "column keys unique ({cols} cols)"
        );
        eprintln!("{cols} identical columns: {:?}", started.elapsed());
    }
}

fn tmpdir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("renja-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Item 10: a database renja did not create is refused and left byte for byte as it was (it
/// used to get renja's tables and WAL mode, or half a migration of its own `documents`).
#[test]
fn a_foreign_sqlite_file_is_refused_untouched() {
    use renja::store::Store;
    let d = tmpdir("foreign");
    let schemas = [
        "CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('a');",
        "CREATE TABLE documents (id INTEGER PRIMARY KEY, title TEXT);",
        "CREATE TABLE meta (key TEXT, value TEXT); PRAGMA application_id = 7;",
    ];
    for (i, schema) in schemas.iter().enumerate() {
        let p = d.join(format!("foreign{i}.sqlite"));
        rusqlite::Connection::open(&p)
            .unwrap()
            .execute_batch(schema)
            .unwrap();
        let before = std::fs::read(&p).unwrap();
        let err = Store::open(&p).err().expect("foreign database refused");
        assert!(err.contains("not a renja database"), "{err}");
        assert!(
            err.contains(&p.display().to_string()),
            "names the file: {err}"
        );
        assert_eq!(
            std::fs::read(&p).unwrap(),
            before,
            "{schema}: file unchanged"
        );
        assert!(!d.join(format!("foreign{i}.sqlite-wal")).exists());
    }
    // Not SQLite at all: refused, unchanged.
    let junk = d.join("junk.sqlite");
    std::fs::write(&junk, b"this is not a database, just text").unwrap();
    assert!(Store::open(&junk).is_err());
    assert_eq!(
        std::fs::read(&junk).unwrap(),
        b"this is not a database, just text"
    );
    // An empty file or a new path is ours; reopening what renja created works.
    let fresh = d.join("new.sqlite");
    drop(Store::open(&fresh).expect("new database"));
    drop(Store::open(&fresh).expect("renja's own database reopens"));
    let empty = d.join("empty.sqlite");
    std::fs::write(&empty, b"").unwrap();
    drop(Store::open(&empty).expect("empty file"));
    let _ = std::fs::remove_dir_all(&d);
}

/// Item 11: `extract a/x b/x --out o` wrote both to `o/x.json`, losing one; now the second gets
/// `x-2.json` (also when a real `x-2` is among the inputs) and every output survives.
#[test]
fn extract_gives_same_named_inputs_their_own_outputs() {
    let d = tmpdir("samename");
    let fixtures = format!("{}/tests/fixtures/checks", env!("CARGO_MANIFEST_DIR"));
    let mut inputs = Vec::new();
    for (dir, src) in [
        ("a", "rj101_sum_mismatch.txt"),
        ("b", "rj106_duplicate.txt"),
        ("c", "rj107_missing.txt"),
    ] {
        std::fs::create_dir_all(d.join(dir)).unwrap();
        let p = d.join(dir).join("x.txt");
        std::fs::copy(format!("{fixtures}/{src}"), &p).unwrap();
        inputs.push(p);
    }
    let own = d.join("x-2.txt");
    std::fs::copy(format!("{fixtures}/rj108_capaian.txt"), &own).unwrap();
    inputs.insert(1, own);
    let out = d.join("o");
    let st = std::process::Command::new(env!("CARGO_BIN_EXE_renja"))
        .arg("extract")
        .args(&inputs)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["x-2.json", "x-3.json", "x-4.json", "x.json"]);
    // Each output holds its own input: four different documents, four different files.
    let bodies: HashSet<String> = names
        .iter()
        .map(|n| std::fs::read_to_string(out.join(n)).unwrap())
        .collect();
    assert_eq!(bodies.len(), 4);
    let _ = std::fs::remove_dir_all(&d);
}

/// Item 4: `extract /dev/zero` grew to gigabytes and a FIFO hung; special files are refused with
/// a message naming them, and `--max-size-mb` applies to text exports too.
#[cfg(unix)]
#[test]
fn special_files_and_oversized_exports_are_refused() {
    use renja::ingest::{read_input, IngestError};
    let d = tmpdir("special");
    let fifo = d.join("pipe.pdf");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    for p in [
        std::path::Path::new("/dev/zero"),
        fifo.as_path(),
        d.as_path(),
    ] {
        match read_input(p, 1 << 20) {
            Err(e @ IngestError::NotRegularFile { .. }) => {
                assert!(e.to_string().contains(&p.display().to_string()), "{e}")
            }
            other => panic!("{}: {other:?}", p.display()),
        }
    }
    let big = d.join("big.txt");
    std::fs::write(&big, "Tabel 1\ta\tb\n".repeat(200_000)).unwrap();
    let st = std::process::Command::new(env!("CARGO_BIN_EXE_renja"))
        .args(["extract", "--max-size-mb", "1", "--out"])
        .arg(d.join("o"))
        .arg(&big)
        .arg(&fifo)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&st.stderr);
    assert!(err.contains("over the 1048576-byte limit"), "{err}");
    assert!(err.contains("not a regular file (a FIFO)"), "{err}");
    let _ = std::fs::remove_dir_all(&d);
}

/// Item 6 (part): a text export saved as UTF-16 with a byte-order mark (spreadsheet "Unicode
/// text") was read as garbage, one NUL between letters, and gave no table; now it reads the same
/// as its UTF-8 original, in either byte order.
#[test]
fn utf16_exports_with_a_bom_read_like_their_utf8_original() {
    use renja::ingest::textexport::read_text_export;
    let d = tmpdir("utf16");
    let fixtures = format!("{}/tests/fixtures/checks", env!("CARGO_MANIFEST_DIR"));
    for name in ["rj101_sum_mismatch.txt", "rj106_duplicate.txt"] {
        let utf8 = std::fs::read_to_string(format!("{fixtures}/{name}")).unwrap();
        let want = read_text_export(format!("{fixtures}/{name}")).unwrap();
        assert!(!want.tables.is_empty());
        for le in [true, false] {
            let mut bytes = if le {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for u in utf8.encode_utf16() {
                bytes.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            let p = d.join(name);
            std::fs::write(&p, bytes).unwrap();
            let got = read_text_export(&p).unwrap();
            assert_eq!(
                serde_json::to_string(&got.tables).unwrap(),
                serde_json::to_string(&want.tables).unwrap(),
                "{name} le={le}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&d);
}

/// Item 3 (limits): a document past the row limit of rules/limits.toml keeps the first rows
/// and says where it stopped, instead of growing without bound (a million rows held about
/// 7 GB); the prose after the table is still read.
#[test]
fn rows_past_the_document_limit_are_not_read_and_the_cut_is_stated() {
    let limit = renja::limits::limits().document.max_table_rows;
    let mut text = String::from("Tabel 3.3\n\nKode\tNama\tPagu\n");
    for i in 0..limit + 10 {
        text.push_str(&format!("{i}\tNama\t1\n"));
    }
    text.push_str("\nPagu indikatif seluruhnya Rp 1.000.000.\n");
    let doc = parse_text_export("besar.txt", &text);
    let kept: usize = doc
        .tables
        .iter()
        .map(|t| t.header_rows.len() + t.rows.len())
        .sum();
    assert_eq!(kept, limit);
    assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
    assert!(
        doc.warnings[0].contains(&format!("more than {limit} table rows")),
        "{}",
        doc.warnings[0]
    );
    assert!(doc.text.iter().any(|t| t.contains("seluruhnya")));
}

/// Item 3 (limits): pages past the page limit are not read, and the reason reaches the
/// findings as RJ006, so a clean result does not pretend to cover them. The limit is lowered
/// through `RENJA_RULES`, as a user would set it.
#[test]
fn pages_past_the_page_limit_are_not_read_and_rj006_says_so() {
    let d = tmpdir("pagelimit");
    std::fs::write(
        d.join("limits.toml"),
        include_str!("../rules/limits.toml").replace("max_pages = 10_000", "max_pages = 2"),
    )
    .unwrap();
    let pdf = format!("{}/samples/002_banjar_word.pdf", env!("CARGO_MANIFEST_DIR"));
    let out = d.join("o");
    let st = std::process::Command::new(env!("CARGO_BIN_EXE_renja"))
        .env("RENJA_RULES", &d)
        .args(["check", &pdf, "--fail-on", "never", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let findings = std::fs::read_to_string(out.join("findings.json")).unwrap_or_default();
    assert!(
        findings.contains("over the 2-page limit"),
        "{}\n{findings}",
        String::from_utf8_lossy(&st.stderr)
    );
    assert!(findings.contains("\"RJ006\""));
    let _ = std::fs::remove_dir_all(&d);
}
