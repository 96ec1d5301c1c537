//! The command line as a user meets it: outputs written, errors naming the file, exit statuses,
//! and one bad file never costing the others their results.

use std::path::{Path, PathBuf};
use std::process::Command;

fn renja() -> Command {
    Command::new(env!("CARGO_BIN_EXE_renja"))
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

fn tempdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("renja-cli-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn extract_writes_json_and_csv() {
    let out = tempdir("csv");
    let o = renja()
        .args(["extract", "--format", "csv", "--out"])
        .arg(&out)
        .arg(sample("002_banjar_word.pdf"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("002_banjar_word.json")).unwrap())
            .unwrap();
    assert_eq!(json["document"], "002_banjar_word.pdf");
    assert!(!json["tables"].as_array().unwrap().is_empty());
    assert!(out.join("002_banjar_word_t01.csv").exists());
}

#[test]
fn a_single_bad_file_fails_with_its_name() {
    let dir = tempdir("bad");
    let bad = dir.join("laporan.pdf");
    std::fs::write(&bad, b"this is not a pdf").unwrap();
    let o = renja()
        .arg("extract")
        .arg("--out")
        .arg(dir.join("out"))
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("laporan.pdf") && err.contains("not a PDF"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "one line per bad file: {err}");
}

#[test]
fn a_bad_file_in_a_batch_does_not_stop_the_others() {
    let dir = tempdir("mixed");
    let bad = dir.join("kosong.pdf");
    std::fs::write(&bad, b"").unwrap();
    let out = dir.join("out");
    let o = renja()
        .arg("extract")
        .arg("--out")
        .arg(&out)
        .arg(&bad)
        .arg(sample("002_banjar_word.pdf"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("kosong.pdf: file is empty"));
    assert!(out.join("002_banjar_word.json").exists());
}

#[test]
fn a_scan_without_ocr_is_named_as_such() {
    let dir = tempdir("scan");
    let o = renja()
        .args(["extract", "--ocr", "off", "--out"])
        .arg(&dir)
        .arg(sample("000_serang_sipd_scan.pdf"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("000_serang_sipd_scan.pdf"), "{err}");
    assert!(
        err.contains("no text layer") && err.contains("--ocr"),
        "{err}"
    );
}

#[test]
fn batch_is_resumable_and_records_failures() {
    let dir = tempdir("batch");
    let inputs = dir.join("in");
    std::fs::create_dir_all(inputs.join("2022")).unwrap();
    std::fs::copy(
        sample("002_banjar_word.pdf"),
        inputs.join("2022/banjar.pdf"),
    )
    .unwrap();
    std::fs::write(inputs.join("rusak.pdf"), b"%PDF-1.4\n garbage").unwrap();
    let db = dir.join("renja.sqlite");
    let run = || {
        let o = renja()
            .arg("batch")
            .arg(&inputs)
            .arg("--db")
            .arg(&db)
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (code1, out1, err1) = run();
    // A failed file makes the batch exit 3; the others are stored all the same.
    assert_eq!(code1, Some(3), "{out1}{err1}");
    assert!(
        out1.contains("1 stored") && out1.contains("1 failed"),
        "{out1}"
    );
    // The end-of-run summary names the failed file and why.
    let summary = err1.split("failed files (1):").nth(1).unwrap_or("");
    assert!(summary.contains("rusak.pdf"), "{err1}");
    let (code2, out2, _) = run();
    // Nothing failed in this run: the old failure is only skipped.
    assert_eq!(code2, Some(0), "{out2}");
    assert!(
        out2.contains("0 stored") && out2.contains("2 skipped"),
        "{out2}"
    );
}

#[test]
fn compare_shows_one_sub_kegiatan_across_regions() {
    let dir = tempdir("compare");
    let db = dir.join("renja.sqlite");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/seeds");
    let o = renja()
        .arg("batch")
        .arg(&seeds)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The short printed form finds the canonical code.
    let o = renja()
        .args(["compare", "2.07.03.2.01.01", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("2.07.03.2.01.0001"), "{out}");
    for pemda in ["Kota Serang", "Kabupaten Paser", "Kabupaten Lamongan"] {
        assert!(out.contains(pemda), "{pemda} missing: {out}");
    }
    // Serang's plan (Tabel 3.3) gives 2,100,000,000 for 2022 to this sub kegiatan: one row
    // for the code, Serang's column group holds it.
    let o = renja()
        .args(["compare", "2.07.03.2.01.01", "--format", "csv", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let head = rdr.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 1, "{text}");
    let col = head
        .iter()
        .position(|h| h == "Kota Serang 2022 pagu_rupiah")
        .expect("Serang column group");
    assert_eq!(&rows[0][0], "2.07.03.2.01.0001");
    assert_eq!(&rows[0][col], "2100000000", "{text}");
    let o = renja()
        .args(["compare", "9.99.99", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
}
