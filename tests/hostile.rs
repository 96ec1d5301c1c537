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
