//! The `renja check` command: summary, findings.json / findings.csv, languages, exit codes,
//! unreadable inputs.

use std::path::PathBuf;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_renja"))
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/checks")
        .join(name)
}

fn out_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("renja_cli_{tag}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn writes_json_and_csv_and_fails_on_error() {
    let out = out_dir("err");
    let o = bin()
        .args([
            "check",
            fixture("rj101_sum_mismatch.txt").to_str().unwrap(),
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("RJ101"), "{stdout}");
    assert!(
        stdout.contains("137,500,000"),
        "numbers in the document's style: {stdout}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("findings.json")).unwrap()).unwrap();
    let f = &json.as_array().unwrap()[0];
    assert_eq!(f["id"], "RJ101");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["code"], "2.07.03.2.02");
    assert!(f["message"].as_str().unwrap().contains("jumlah rinciannya"));
    let csv = std::fs::read_to_string(out.join("findings.csv")).unwrap();
    // Excel needs the byte-order mark to read UTF-8.
    let csv = csv.strip_prefix('\u{feff}').expect("CSV starts with a BOM");
    assert!(csv
        .lines()
        .next()
        .unwrap()
        .starts_with("id,check,severity,document,page,table,row"));
    assert!(csv.contains("RJ101"));
}

#[test]
fn english_messages_and_fail_on_never() {
    let out = out_dir("en");
    let o = bin()
        .args([
            "check",
            fixture("rj101_sum_mismatch.txt").to_str().unwrap(),
            "--lang",
            "en",
            "--fail-on",
            "never",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("its parts add up to"));
}

#[test]
fn clean_input_exits_zero_and_warning_policy() {
    let out = out_dir("ok");
    let o = bin()
        .args(["check", fixture("plan_ok.txt").to_str().unwrap(), "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let o = bin()
        .args([
            "check",
            fixture("rj107_missing.txt").to_str().unwrap(),
            "--fail-on",
            "warning",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "a warning fails with --fail-on warning"
    );
}

#[test]
fn unreadable_file_is_named_and_others_still_checked() {
    let out = out_dir("bad");
    let missing = "/nonexistent/renja-input.txt";
    let o = bin()
        .args([
            "check",
            missing,
            fixture("rj101_sum_mismatch.txt").to_str().unwrap(),
            "--fail-on",
            "never",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains(missing), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line per bad file: {stderr}");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("RJ101"));
    // Listed in the summary too, and never a clean exit even with --fail-on never.
    assert!(
        stdout.contains("1 berkas tidak terbaca") && stdout.contains(missing),
        "{stdout}"
    );
    assert_eq!(o.status.code(), Some(3));
    // The only input unreadable: the same status.
    let o = bin()
        .args(["check", missing, "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3));
}

/// A finding about the running text is listed under its own heading, not under the table
/// printed before it, in both languages.
#[test]
fn text_findings_have_their_own_heading() {
    for (lang, heading) in [
        ("id", "-- Uraian dan bagian lain dokumen"),
        ("en", "-- Running text and other parts of the document"),
    ] {
        let out = out_dir(&format!("prose_{lang}"));
        let o = bin()
            .args([
                "check",
                fixture("rj216_prose_over.txt").to_str().unwrap(),
                "--lang",
                lang,
                "--out",
            ])
            .arg(&out)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&o.stdout);
        let at = text.find(heading).expect(&text);
        assert!(text[at..].contains("RJ216"), "{text}");
    }
}

/// A folder of submissions is checked like the list of its .pdf and .txt files (walked, sorted);
/// a folder with none of them is an error, not an empty clean report.
#[test]
fn folders_are_walked() {
    let dir = out_dir("folder_in");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::copy(fixture("rj101_sum_mismatch.txt"), dir.join("a.txt")).unwrap();
    std::fs::copy(fixture("plan_ok.txt"), dir.join("sub/b.txt")).unwrap();
    std::fs::write(dir.join("notes.md"), "not a Renja").unwrap();
    let out = out_dir("folder_out");
    let o = bin()
        .args(["check", dir.to_str().unwrap(), "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("== a.txt") && text.contains("== b.txt"),
        "{text}"
    );
    assert!(text.contains("2 dokumen"), "{text}");
    assert_eq!(o.status.code(), Some(1), "the sum mismatch is an error");
    let empty = out_dir("folder_empty");
    std::fs::create_dir_all(&empty).unwrap();
    let o = bin()
        .args(["check", empty.to_str().unwrap(), "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no .pdf, .txt or .tsv"));
}
