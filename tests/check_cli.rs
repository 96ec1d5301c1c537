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
        stdout.contains("137.500.000"),
        "numbers in the message's language (Indonesian), whatever the document printed: {stdout}"
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

fn seed(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/seeds")
        .join(name)
}

/// Paser's Perubahan Renja 2022 (003) prints its amounts the English way (258,771,970).
const PASER: &str = "003_f24f9052f3bac2a4.txt";

fn check_stdout(args: &[&str], envs: &[(&str, &str)]) -> (Option<i32>, String) {
    let mut c = bin();
    c.arg("check")
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    for (k, v) in envs {
        c.env(k, v);
    }
    let o = c.output().unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

#[test]
fn one_number_style_per_language() {
    let out = out_dir("style");
    let out_id = out_dir("style-id");
    let p = seed(PASER);
    let (_, id) = check_stdout(
        &[p.to_str().unwrap(), "--out", out_id.to_str().unwrap()],
        &[],
    );
    let (_, en) = check_stdout(
        &[
            p.to_str().unwrap(),
            "--lang",
            "en",
            "--out",
            out.to_str().unwrap(),
        ],
        &[],
    );
    let line = |s: &str, needle: &str| {
        s.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle}: {s}"))
            .to_string()
    };
    // Computed amounts follow the language, whatever style the document printed them in; the
    // printed cell (248,898.050) is quoted as printed.
    let sum_id = line(
        &id,
        "Administrasi Umum Perangkat Daerah: pagu (hasil analisis)",
    );
    assert!(
        sum_id.contains("tercetak 258.771.970, jumlah 482.780.170"),
        "{sum_id}"
    );
    assert!(sum_id.contains("nilai 24.889.850") && sum_id.contains("248,898.050"));
    let sum_en = line(
        &en,
        "Administrasi Umum Perangkat Daerah: pagu (hasil analisis)",
    );
    assert!(
        sum_en.contains("printed 258,771,970, sum 482,780,170"),
        "{sum_en}"
    );
    // Percentages: two decimals, the language's decimal mark (the table printed 71,428571).
    let cap_id = line(&id, "RJ110");
    assert!(
        cap_id.contains("71,43%") && cap_id.contains("83,33%"),
        "{cap_id}"
    );
    let cap_en = line(&en, "RJ110");
    assert!(
        cap_en.contains("71.43%") && cap_en.contains("83.33%"),
        "{cap_en}"
    );
    assert!(!cap_en.contains("71,428571"), "{cap_en}");
    // findings.json / .csv carry the values in the language of the run.
    let expected = |dir: &PathBuf| {
        let f: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("findings.json")).unwrap())
                .unwrap();
        f.as_array()
            .unwrap()
            .iter()
            .find(|x| {
                x["id"] == "RJ102"
                    && x["message"]
                        .as_str()
                        .unwrap()
                        .contains("Administrasi Umum Perangkat Daerah: pagu (hasil analisis)")
            })
            .map(|x| x["expected"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(expected(&out_id), "24.889.850");
    assert_eq!(expected(&out), "24,889,850");
    assert!(en.contains("1 document:") || en.contains("documents:"));
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let out = out_dir("colour");
    let p = seed(PASER);
    let args = [p.to_str().unwrap(), "--out", out.to_str().unwrap()];
    let (_, piped) = check_stdout(&args, &[]);
    assert!(!piped.contains('\u{1b}'), "no colour codes into a pipe");
    let (_, forced) = check_stdout(&args, &[("CLICOLOR_FORCE", "1")]);
    assert!(forced.contains("\u{1b}[1m\u{1b}[31mGALAT"), "{forced}");
    let (_, no) = check_stdout(&args, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!no.contains('\u{1b}'));
    assert_eq!(no, piped);
}

#[test]
fn quiet_json_and_where_the_files_went() {
    let out = out_dir("quiet");
    let p = seed(PASER);
    let (code, quiet) = check_stdout(
        &["-q", p.to_str().unwrap(), "--out", out.to_str().unwrap()],
        &[],
    );
    assert_eq!(code, Some(1), "quiet keeps the exit status");
    assert!(quiet.is_empty(), "{quiet}");
    assert!(out.join("findings.json").exists());
    // --json: one object per finished document, then the summary.
    let (_, json) = check_stdout(
        &[
            "--json",
            p.to_str().unwrap(),
            seed("002_38a1594dae9657c6.txt").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        &[],
    );
    let events: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is JSON"))
        .collect();
    assert_eq!(events.len(), 3, "{json}");
    assert!(events[..2]
        .iter()
        .all(|e| e["event"] == "document" && e["status"] == "ok"));
    let paser = events.iter().find(|e| e["document"] == PASER).unwrap();
    assert!(paser["errors"].as_u64().unwrap() > 0);
    assert_eq!(paser["meta"]["pemda"], "Kabupaten Paser");
    assert_eq!(events[2]["event"], "summary");
    assert_eq!(events[2]["documents"], 2);
    // Without --out, the last line says where the files went.
    let cwd = out_dir("cwd");
    std::fs::create_dir_all(&cwd).unwrap();
    let o = bin()
        .current_dir(&cwd)
        .arg("check")
        .arg(&p)
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&o.stdout);
    let last = s.lines().last().unwrap_or_default();
    assert!(
        last.contains("renja-out/findings.json") && last.contains("--out"),
        "{last}"
    );
    assert!(cwd.join("renja-out/findings.csv").exists());
}

#[test]
fn checks_are_explained_in_both_languages() {
    let list = |lang: &str| {
        let o = bin().args(["checks", "--lang", lang]).output().unwrap();
        assert!(o.status.success());
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let (id, en) = (list("id"), list("en"));
    let (id_lines, en_lines): (Vec<&str>, Vec<&str>) = (id.lines().collect(), en.lines().collect());
    assert_eq!(id_lines.len(), en_lines.len());
    assert!(
        id_lines.len() >= 80,
        "every check listed with its rationale"
    );
    for (a, b) in id_lines.iter().zip(&en_lines) {
        if a.starts_with("    ") {
            // Every rationale has its own Indonesian text, none falls back to English.
            assert_ne!(a, b, "rationale not translated: {b}");
        } else {
            assert_eq!(a.split_whitespace().next(), b.split_whitespace().next());
        }
    }
    assert!(id.contains("RJ101 GALAT") && id.contains("jumlah pagu kegiatannya"));
    assert!(en.contains("RJ101 ERROR"));
    // The default is Indonesian, as for `check`.
    let o = bin().arg("checks").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&o.stdout), id);
}

/// A page whose tables the checks cannot work on: the summary counts them in both languages,
/// names each with its page and reason, and the run is not a clean one (exit 3).
#[test]
fn summary_counts_checked_and_unchecked_tables() {
    let pdf = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples/000_serang_sipd.pdf");
    let run = |lang: &str, pages: &str| {
        let out = out_dir(&format!("cov_{lang}_{pages}"));
        let o = bin()
            .args(["check", "--pages", pages, "--lang", lang, "--out"])
            .arg(&out)
            .arg(&pdf)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
        )
    };
    let (code, id) = run("id", "19");
    assert_eq!(code, Some(3), "{id}");
    assert!(
        id.contains("  0 tabel diperiksa, 4 tidak diperiksa"),
        "{id}"
    );
    assert!(
        id.contains("    - hlm 19: Tabel 4.3 ") && id.contains(": tidak ada baris isi"),
        "{id}"
    );
    assert!(id.contains("RJ009"), "{id}");
    let (code, en) = run("en", "19");
    assert_eq!(code, Some(3), "{en}");
    assert!(en.contains("  0 tables checked, 4 not checked"), "{en}");
    assert!(en.contains("    - p. 19: "), "{en}");
    // One checkable table: singular in English, a clean run's exit status, no RJ009.
    let (code, en) = run("en", "5");
    assert_eq!(code, Some(0), "{en}");
    assert!(en.contains("  1 table checked, 0 not checked"), "{en}");
    assert!(!en.contains("RJ009"), "{en}");
}

/// Two submissions of the same file name from different folders each keep their own report and
/// workbook (the second is `name-2`), and the index links both.
#[test]
fn same_file_name_in_two_folders_keeps_both_reports() {
    let dir = out_dir("samename");
    let (a, b) = (dir.join("opd-a"), dir.join("opd-b"));
    for d in [&a, &b] {
        std::fs::create_dir_all(d).unwrap();
    }
    std::fs::copy(fixture("rj101_sum_mismatch.txt"), a.join("renja.txt")).unwrap();
    std::fs::copy(fixture("plan_ok.txt"), b.join("renja.txt")).unwrap();
    let (report, xlsx) = (dir.join("laporan"), dir.join("buku"));
    let o = bin()
        .args(["check", "--fail-on", "never", "--out"])
        .arg(dir.join("out"))
        .arg("--report")
        .arg(&report)
        .arg("--xlsx")
        .arg(&xlsx)
        .arg(a.join("renja.txt"))
        .arg(b.join("renja.txt"))
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let first = std::fs::read_to_string(report.join("renja.txt.html")).unwrap();
    let second = std::fs::read_to_string(report.join("renja.txt-2.html")).unwrap();
    assert!(first.contains("RJ101") && !second.contains("RJ101"));
    assert!(xlsx.join("renja.txt.xlsx").is_file() && xlsx.join("renja.txt-2.xlsx").is_file());
    let index = std::fs::read_to_string(report.join("index.html")).unwrap();
    assert!(index.contains("renja.txt.html") && index.contains("renja.txt-2.html"));
}
