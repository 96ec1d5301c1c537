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
    assert_eq!(o.status.code(), Some(3), "an unreadable input exits 3");
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
    assert_eq!(o.status.code(), Some(3));
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
    assert_eq!(o.status.code(), Some(3));
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

// ---- The conventions of Camelot, tabula and ripgrep-style tools (issue 14) ----

fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/seeds")
        .join(name)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn extract_json(args: &[&str], file: &Path) -> (std::process::Output, Option<serde_json::Value>) {
    let o = renja()
        .arg("extract")
        .args(args)
        .args(["--out", "-"])
        .arg(file)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&o.stdout).ok();
    (o, v)
}

#[test]
fn pages_select_what_is_read() {
    let doc = sample("000_serang_sipd.pdf");
    let (_, all) = extract_json(&[], &doc);
    let (o, some) = extract_json(&["--pages", "2,6-8"], &doc);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let (all, some) = (all.unwrap(), some.unwrap());
    let row_pages = |v: &serde_json::Value| -> Vec<u64> {
        v["tables"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| t["row_pages"].as_array().unwrap().clone())
            .map(|p| p.as_u64().unwrap())
            .collect()
    };
    let picked = row_pages(&some);
    assert!(!picked.is_empty());
    assert!(
        picked.iter().all(|p| [2, 6, 7, 8].contains(p)),
        "{picked:?}"
    );
    assert!(row_pages(&all).iter().any(|p| *p == 1 || *p > 8));
    // `N-end` and a selection reaching past the end: a warning, the pages that exist are read.
    let (o, tail) = extract_json(&["--pages", "19-end,25"], &doc);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(row_pages(&tail.unwrap()).iter().all(|p| *p == 19));
    let err = text(&o.stderr);
    assert!(
        err.contains("--pages") && err.contains("only 19 pages"),
        "{err}"
    );
    // Nothing of the document selected: that input is unreadable (3), named with the option.
    let (o, _) = extract_json(&["--pages", "40-50"], &doc);
    assert_eq!(o.status.code(), Some(3));
    assert!(text(&o.stderr).contains("--pages 40-50 selects none of its 19 pages"));
}

#[test]
fn bad_page_lists_are_usage_errors_on_every_command() {
    let dir = tempdir("badpages");
    for (cmd, pages, why) in [
        ("extract", "0", "numbered from 1"),
        ("check", "5-2", "backwards"),
        ("batch", "1,,3", "empty"),
        ("extract", "satu", "`satu`"),
    ] {
        let mut c = renja();
        c.arg(cmd).args(["--pages", pages]);
        if cmd == "batch" {
            c.arg("--db").arg(dir.join("x.sqlite"));
        } else {
            c.arg("--out").arg(&dir);
        }
        let o = c.arg(sample("002_banjar_word.pdf")).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{cmd} --pages {pages}");
        let err = text(&o.stderr);
        assert!(err.contains("--pages") && err.contains(why), "{err}");
    }
}

#[test]
fn pages_apply_to_ocr_too() {
    if Command::new("tesseract").arg("--version").output().is_err() {
        eprintln!("tesseract not installed (make deps installs it): OCR page selection not run");
        return;
    }
    let (o, v) = extract_json(
        &["--pages", "19", "--ocr", "force"],
        &sample("000_serang_sipd_scan.pdf"),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v = v.unwrap();
    let tables = v["tables"].as_array().unwrap();
    assert!(!tables.is_empty(), "page 19 of the scan has tables");
    assert!(tables.iter().all(|t| t["page"] == 19), "{tables:?}");
}

#[test]
fn check_reads_only_the_selected_pages() {
    let dir = tempdir("checkpages");
    let o = renja()
        // Page 5 holds a table the checks can work on (a page of unchecked tables alone exits 3).
        .args(["check", "--json", "--pages", "5", "--out"])
        .arg(&dir)
        .arg(sample("000_serang_sipd.pdf"))
        .output()
        .unwrap();
    assert!(
        o.status.code().is_some_and(|c| c < 2),
        "{}",
        text(&o.stderr)
    );
    let f: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("findings.json")).unwrap()).unwrap();
    assert!(
        f.as_array()
            .unwrap()
            .iter()
            .all(|x| x["page"] == 0 || x["page"] == 5),
        "{f}"
    );
}

#[test]
fn passwords_open_encrypted_pdfs_and_a_wrong_one_is_named() {
    let dir = tempdir("password");
    let plain = sample("002_banjar_word.pdf");
    let locked = dir.join("terkunci.pdf");
    let made = Command::new("qpdf")
        .args(["--encrypt", "rahasia", "pemilik", "256", "--"])
        .arg(&plain)
        .arg(&locked)
        .status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("qpdf not installed (make deps installs it): password test not run");
        return;
    }
    let (o, _) = extract_json(&[], &locked);
    assert_eq!(o.status.code(), Some(3));
    let err = text(&o.stderr);
    assert!(
        err.contains("terkunci.pdf") && err.contains("--password"),
        "{err}"
    );
    let (o, _) = extract_json(&["--password", "salah"], &locked);
    assert_eq!(o.status.code(), Some(3));
    let err = text(&o.stderr);
    assert!(err.contains("wrong password (--password)"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let (o, opened) = extract_json(&["--password", "rahasia"], &locked);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let (_, reference) = extract_json(&[], &plain);
    assert_eq!(opened.unwrap()["tables"], reference.unwrap()["tables"]);
    // The owner password opens it too; a password on a file without one is only a warning.
    let (o, _) = extract_json(&["--password", "pemilik"], &locked);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let (o, _) = extract_json(&["--password", "rahasia"], &plain);
    assert!(o.status.success());
    assert!(text(&o.stderr).contains("not encrypted"));
}

#[test]
fn out_dash_writes_to_stdout_and_survives_a_closed_pipe() {
    let dir = tempdir("stdout");
    // `-o -` creates no folder named `-` in the current directory.
    for format in ["json", "csv", "tsv", "md"] {
        let o = renja()
            .current_dir(&dir)
            .args(["extract", "--format", format, "-o", "-"])
            .arg(sample("002_banjar_word.pdf"))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", text(&o.stderr));
        let out = text(&o.stdout);
        let ok = match format {
            "json" => serde_json::from_str::<serde_json::Value>(&out).is_ok(),
            "csv" => out.contains("SASARAN KINERJA,"),
            "tsv" => out.contains("SASARAN KINERJA\t"),
            _ => out.starts_with("# 002_banjar_word.pdf") && out.contains("| --- |"),
        };
        assert!(ok, "{format}: {}", &out[..out.len().min(300)]);
    }
    assert!(!dir.join("-").exists());
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    // `| head`: the reader goes away after a few bytes; renja ends quietly, no panic.
    let mut child = renja()
        .args(["extract", "--cells", "-o", "-"])
        .arg(sample("003_paser_sipd.pdf"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{:?} {}", o.status, text(&o.stderr));
    assert!(!text(&o.stderr).contains("panicked"), "{}", text(&o.stderr));
    // Several inputs cannot share stdout: a usage error naming the option.
    let o = renja()
        .args(["extract", "-o", "-"])
        .arg(sample("002_banjar_word.pdf"))
        .arg(sample("003_paser_sipd.pdf"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("--out -") && err.lines().count() == 1, "{err}");
}

#[test]
fn extract_walks_folders_and_streams_its_lines() {
    let dir = tempdir("folder");
    let inputs = dir.join("kiriman");
    std::fs::create_dir_all(inputs.join("2022")).unwrap();
    std::fs::copy(
        sample("002_banjar_word.pdf"),
        inputs.join("2022/banjar.pdf"),
    )
    .unwrap();
    std::fs::copy(seed("003_f24f9052f3bac2a4.txt"), inputs.join("paser.txt")).unwrap();
    std::fs::write(inputs.join("rusak.pdf"), b"%PDF-1.4\n garbage").unwrap();
    std::fs::write(inputs.join("catatan.doc"), b"not walked").unwrap();
    let out = dir.join("out");
    let o = renja()
        .args(["extract", "--json", "--out"])
        .arg(&out)
        .arg(&inputs)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", text(&o.stderr));
    assert!(out.join("banjar.json").exists() && out.join("paser.json").exists());
    let events: Vec<serde_json::Value> = text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(events.len(), 3, "one event per document: {events:?}");
    let status = |name: &str| {
        events
            .iter()
            .find(|e| e["file"].as_str().unwrap().ends_with(name))
            .map(|e| e["status"].as_str().unwrap().to_string())
    };
    assert_eq!(status("banjar.pdf").as_deref(), Some("ok"));
    assert_eq!(status("rusak.pdf").as_deref(), Some("unreadable"));
    // --quiet: nothing on stdout, the outputs still written; --verbose: timings on each line.
    let o = renja()
        .args(["extract", "-q", "--out"])
        .arg(dir.join("q"))
        .arg(inputs.join("paser.txt"))
        .output()
        .unwrap();
    assert!(o.status.success() && o.stdout.is_empty() && o.stderr.is_empty());
    assert!(dir.join("q/paser.json").exists());
    let o = renja()
        .args(["extract", "--verbose", "--out"])
        .arg(dir.join("v"))
        .arg(inputs.join("paser.txt"))
        .output()
        .unwrap();
    assert!(text(&o.stdout).contains(" s)"), "{}", text(&o.stdout));
    assert!(text(&o.stderr).contains("1 input files"));
}

#[test]
fn an_output_error_names_the_output_path() {
    let dir = tempdir("outerr");
    let blocker = dir.join("bukan-folder");
    std::fs::write(&blocker, b"a file where the output folder should be").unwrap();
    let o = renja()
        .arg("extract")
        .arg("--out")
        .arg(&blocker)
        .arg(seed("003_f24f9052f3bac2a4.txt"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("cannot write output") && err.contains(&*blocker.to_string_lossy()),
        "{err}"
    );
}

#[test]
fn a_damaged_pdf_is_one_line_naming_the_file_once() {
    let dir = tempdir("damaged");
    // Every content stream overwritten: no page can be read, each for its own reason.
    let mut bytes = std::fs::read(sample("003_paser_sipd.pdf")).unwrap();
    let mut i = 0;
    while let Some(k) = bytes[i..].windows(7).position(|w| w == b"stream\n") {
        let start = i + k + 7;
        let end = (start + 60).min(bytes.len());
        bytes[start..end].fill(b'A');
        i = end;
    }
    let bad = dir.join("rusak-berat.pdf");
    std::fs::write(&bad, bytes).unwrap();
    let o = renja()
        .arg("extract")
        .arg("--out")
        .arg(dir.join("out"))
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3));
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(err.matches("rusak-berat.pdf").count(), 1, "{err}");
    assert!(err.len() < 600, "{} bytes: {err}", err.len());
}

#[test]
fn help_documents_exit_codes_and_environment() {
    let o = renja().arg("--help").output().unwrap();
    let help = text(&o.stdout);
    for word in [
        "RENJA_RULES",
        "RENJA_TESSERACT",
        "RENJA_OCR_DEBUG_DIR",
        "NO_COLOR",
        "Exit status",
    ] {
        assert!(help.contains(word), "{word} missing from --help");
    }
    let o = renja().args(["help", "extract"]).output().unwrap();
    let help = text(&o.stdout);
    assert!(help.contains("--pages") && help.contains("--password") && help.contains("3 some"));
}
