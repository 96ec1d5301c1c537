//! `renja check --xlsx`: the workbook read back with calamine (sheet names, amounts as numbers,
//! one findings row per finding with its evidence and a link to its table row), and opened by
//! LibreOffice Calc headless, which must convert every sheet without complaint.

use calamine::{open_workbook, Data, Reader, Xlsx};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tmp(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("renja_xlsx_{tag}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn check(inputs: &[&Path], out: &Path, xlsx: &Path, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_renja"))
        .arg("check")
        .args(inputs)
        .arg("--out")
        .arg(out.join("o"))
        .arg("--xlsx")
        .arg(xlsx)
        .args(["--fail-on", "never"])
        .args(extra)
        .output()
        .unwrap()
}

fn findings_json(out: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(out.join("o/findings.json")).unwrap();
    serde_json::from_str::<serde_json::Value>(&text)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// The sheet as rows of cells, and its header's column positions by label.
fn sheet(wb: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Vec<Vec<Data>> {
    let range = wb.worksheet_range(name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn col(rows: &[Vec<Data>], label: &str) -> usize {
    rows[0]
        .iter()
        .position(|c| *c == label)
        .unwrap_or_else(|| panic!("no column {label:?} in {:?}", rows[0]))
}

/// Amount in sen from a findings.json field, as rupiah.
fn rupiah(v: &serde_json::Value) -> Option<f64> {
    v.as_i64().map(|s| s as f64 / 100.0)
}

#[test]
fn the_workbook_holds_every_finding_and_every_table_as_numbers() {
    let out = tmp("serang");
    let pdf = root().join("samples/000_serang_sipd_mut.pdf");
    let x = out.join("serang.xlsx");
    let o = check(&[&pdf], &out, &x, &[]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let mut wb: Xlsx<_> = open_workbook(&x).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names[0], "Temuan");
    assert_eq!(names[1], "Dokumen");
    assert!(names.len() > 3, "a sheet per table: {names:?}");
    let mut seen = std::collections::HashSet::new();
    for n in &names {
        assert!(n.chars().count() <= 31, "{n}");
        assert!(!n.contains(['[', ']', ':', '*', '?', '/', '\\']), "{n}");
        assert!(seen.insert(n.to_lowercase()), "duplicate sheet name {n}");
    }
    for n in &names[2..] {
        assert!(n.starts_with('T'), "table sheets are numbered: {n}");
    }

    let json = findings_json(&out);
    let rows = sheet(&mut wb, "Temuan");
    assert_eq!(rows.len() - 1, json.len(), "one row per finding");
    let fp = col(&rows, "Sidik temuan");
    let (ce, cf, cd) = (
        col(&rows, "Seharusnya"),
        col(&rows, "Tercetak"),
        col(&rows, "Selisih"),
    );
    let link = col(&rows, "Baris di lembar tabel");
    let code_col = col(&rows, "Kode");
    let by_fp: HashMap<String, &serde_json::Value> = json
        .iter()
        .map(|f| (f["fingerprint"].as_str().unwrap().to_string(), f))
        .collect();
    let mut money_rows = 0;
    let mut linked = 0;
    for r in &rows[1..] {
        let f = by_fp
            .get(&r[fp].to_string())
            .unwrap_or_else(|| panic!("unknown fingerprint {:?}", r[fp]));
        for (c, key) in [
            (ce, "expected_sen"),
            (cf, "found_sen"),
            (cd, "difference_sen"),
        ] {
            if let Some(v) = rupiah(&f[key]) {
                assert_eq!(r[c], Data::Float(v), "{key} of {}", f["fingerprint"]);
            }
        }
        if let (Data::Float(e), Data::Float(fo), Data::Float(d)) = (&r[ce], &r[cf], &r[cd]) {
            assert_eq!(fo - e, *d, "difference = found - expected");
            money_rows += 1;
        }
        // The link names the table sheet and row of the finding's item.
        let target = r[link].to_string();
        if let Some((sheet_name, row)) = target.rsplit_once(" : ") {
            let t = sheet(&mut wb, sheet_name);
            let row: usize = row.parse().unwrap();
            if let (Some(code), Some(_)) = (f["code"].as_str(), f["row"].as_u64()) {
                let kc = col(&t, "Kode");
                assert_eq!(t[row - 1][kc].to_string(), code, "{target}");
                assert_eq!(r[code_col].to_string(), code);
                linked += 1;
            }
        }
    }
    assert!(money_rows >= 4, "the planted sum errors are numbers");
    assert!(linked >= 4, "findings link to their rows");

    // Table sheets: amounts are numbers, rows with error findings name them.
    let mut amounts = 0;
    let mut flagged = 0;
    for n in &names[2..] {
        let t = sheet(&mut wb, n);
        let sev = t[0].len() - 1;
        let ids = t[0].len() - 2;
        let name = col(&t, "Nama");
        for r in &t[1..] {
            amounts += r[name + 1..ids]
                .iter()
                .filter(|c| matches!(c, Data::Float(_)))
                .count();
            if r[sev] == "Kesalahan" {
                assert!(!r[ids].to_string().is_empty());
                flagged += 1;
            }
        }
    }
    assert!(amounts > 100, "amounts as numbers: {amounts}");
    let errors = json.iter().filter(|f| f["severity"] == "error").count();
    assert!(flagged >= 1 && flagged <= errors, "{flagged} of {errors}");
}

#[test]
fn several_documents_get_a_workbook_each_and_one_file_name_is_refused() {
    let out = tmp("many");
    let fx = root().join("tests/fixtures/checks");
    let a = fx.join("rj101_sum_mismatch.txt");
    let b = fx.join("plan_ok.txt");
    let dir = out.join("books");
    let o = check(&[&a, &b], &out, &dir, &["--lang", "en"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    for n in ["rj101_sum_mismatch.txt.xlsx", "plan_ok.txt.xlsx"] {
        let mut wb: Xlsx<_> = open_workbook(dir.join(n)).unwrap();
        assert_eq!(wb.sheet_names()[0], "Findings", "{n}");
        let doc = sheet(&mut wb, "Document");
        let kv: BTreeMap<String, String> = doc
            .iter()
            .filter(|r| r.len() > 1)
            .map(|r| (r[0].to_string(), r[1].to_string()))
            .collect();
        assert_eq!(kv["Document"], n.trim_end_matches(".xlsx"));
    }
    let o = check(&[&a, &b], &out, &out.join("one.xlsx"), &[]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("one.xlsx"));
}

/// LibreOffice Calc opens the workbook headless and converts every sheet to CSV: a workbook
/// Calc must repair does not convert cleanly. Skipped, loudly, where `make test` could not
/// install LibreOffice.
#[test]
fn libreoffice_opens_and_converts_the_workbook() {
    let Some(soffice) = ["/usr/bin/soffice", "/usr/bin/libreoffice"]
        .iter()
        .map(Path::new)
        .find(|p| p.exists())
    else {
        eprintln!(
            "\n!!! SKIPPED: LibreOffice (soffice) is not installed; `make test` installs \
             libreoffice-calc. The workbook was not opened by a spreadsheet program.\n"
        );
        return;
    };
    let out = tmp("lo");
    let pdf = root().join("samples/000_serang_sipd_mut.pdf");
    let x = out.join("serang.xlsx");
    assert_eq!(check(&[&pdf], &out, &x, &[]).status.code(), Some(0));
    let n_sheets = {
        let wb: Xlsx<_> = open_workbook(&x).unwrap();
        wb.sheet_names().len()
    };
    let home = out.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let conv = out.join("csv");
    // Filter options: comma, quote, UTF-8, from line 1, ..., sheet -1 = every sheet to its own
    // file (LibreOffice 7.2 and later).
    let o = Command::new(soffice)
        .env("HOME", &home)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            home.join("profile").display()
        ))
        .args(["--headless", "--norestore", "--nolockcheck", "--convert-to"])
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1")
        .arg("--outdir")
        .arg(&conv)
        .arg(&x)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "soffice failed: {o:?}");
    assert!(!stderr.to_lowercase().contains("error"), "{stderr}");
    let mut csvs: Vec<PathBuf> = std::fs::read_dir(&conv)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    csvs.sort();
    assert_eq!(csvs.len(), n_sheets, "a CSV per sheet: {csvs:?}");
    let findings = csvs
        .iter()
        .find(|p| p.to_string_lossy().contains("Temuan"))
        .expect("the findings sheet");
    let text = std::fs::read_to_string(findings).unwrap();
    let json = findings_json(&out);
    assert_eq!(text.lines().count(), json.len() + 1, "{text}");
    for f in &json {
        assert!(text.contains(f["fingerprint"].as_str().unwrap()));
    }
}
