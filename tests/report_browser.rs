//! The HTML report in a real browser: Debian's chromium, headless, loads the report of the
//! mutated Serang sample (planted sum errors) and a probe injected into a test copy of the
//! page reads the rendered DOM: the findings rows, every crop image decoded, the filters
//! hiding and showing rows, and no error on the console. A screenshot of the unmodified report
//! is left under target/tmp/report_browser/ for a person to look at.
//!
//! Chromium is driven by its own `--dump-dom` rather than a DevTools client crate: one process
//! per page, no websocket, nothing that could fetch a browser build of its own.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

mod common;
use common::{chromium, run_chromium};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The probe: records errors from the first moment (it runs before the page's own script),
/// then after load exercises the page and writes what it saw as JSON into `#renja-probe`.
const PROBE: &str = r#"<script>
window.__errs = [];
window.addEventListener('error', function (e) { window.__errs.push('error: ' + e.message); }, true);
(function () { var o = console.error; console.error = function () {
  window.__errs.push('console.error: ' + Array.prototype.join.call(arguments, ' '));
  return o.apply(console, arguments); }; })();
window.addEventListener('load', function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.finding'));
  var shown = function () {
    return rows.filter(function (r) { return getComputedStyle(r).display !== 'none'; }).length; };
  var pick = function (id, v) { var s = document.getElementById(id); s.value = v;
    s.dispatchEvent(new Event('change')); };
  var imgs = Array.prototype.slice.call(document.querySelectorAll('.crop img'));
  var res = {
    rows: rows.map(function (r) { return {fp: r.dataset.fingerprint, sev: r.dataset.sev,
      check: r.dataset.check, text: r.innerText}; }),
    images: imgs.length,
    widths: imgs.map(function (i) { return i.complete ? i.naturalWidth : -1; }),
    shown_all: shown()
  };
  pick('f-sev', 'error'); res.shown_error = shown();
  pick('f-sev', ''); res.shown_reset = shown();
  var first = rows.length ? rows[rows.length - 1].dataset.check : '';
  pick('f-check', first); res.check = first; res.shown_check = shown();
  pick('f-check', ''); res.shown_back = shown();
  res.hier_tables = document.querySelectorAll('details.hierarchy').length;
  res.hier_rows = document.querySelectorAll('details.hierarchy tr.hier').length;
  res.hier_flagged = Array.prototype.map.call(document.querySelectorAll('tr.hier.flagged'),
    function (r) { return r.closest('details').dataset.table + ':' + r.dataset.row; });
  res.errors = window.__errs;
  var pre = document.createElement('pre'); pre.id = 'renja-probe';
  pre.textContent = JSON.stringify(res); document.body.appendChild(pre);
});
</script>"#;

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn the_report_renders_in_chromium_with_its_rows_crops_and_filters() {
    let Some(bin) = chromium() else {
        eprintln!(
            "\n!!! SKIPPED: chromium is not installed; `make test` installs it. The HTML report \
             was not opened in a browser.\n"
        );
        return;
    };
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report_browser");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let pdf = root().join("samples/000_serang_sipd_mut.pdf");
    let o = Command::new(env!("CARGO_BIN_EXE_renja"))
        .arg("check")
        .arg(&pdf)
        .arg("--out")
        .arg(out.join("o"))
        .arg("--report")
        .arg(out.join("r"))
        .args(["--fail-on", "never"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let report = out.join("r/000_serang_sipd_mut.pdf.html");
    let html = std::fs::read_to_string(&report).unwrap();
    let probed = html.replacen("<head>", &format!("<head>{PROBE}"), 1);
    assert_ne!(probed, html, "the report has a <head>");
    let copy = out.join("probe.html");
    std::fs::write(&copy, probed).unwrap();

    let (dom, log) = run_chromium(
        &bin,
        &out.join("profile"),
        &["--dump-dom".into(), format!("file://{}", copy.display())],
        Duration::from_secs(40),
    );
    let start = dom
        .find("<pre id=\"renja-probe\">")
        .unwrap_or_else(|| panic!("the probe did not run; chromium said:\n{log}"))
        + "<pre id=\"renja-probe\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let res: serde_json::Value = serde_json::from_str(&unescape(&dom[start..end])).unwrap();

    // The rows are the findings of findings.json, one each.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("o/findings.json")).unwrap())
            .unwrap();
    let count = |it: &mut dyn Iterator<Item = String>| {
        let mut m: BTreeMap<String, usize> = BTreeMap::new();
        it.for_each(|k| *m.entry(k).or_default() += 1);
        m
    };
    let rows = res["rows"].as_array().unwrap();
    let want = count(
        &mut json
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["fingerprint"].as_str().unwrap().to_string()),
    );
    let got = count(&mut rows.iter().map(|r| r["fp"].as_str().unwrap().to_string()));
    assert_eq!(got, want);
    // The planted sum errors (RJ101/RJ102) show with their amounts.
    let planted: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|r| r["sev"] == "error" && r["check"].as_str().unwrap().starts_with("RJ10"))
        .collect();
    assert!(planted.len() >= 4, "{rows:?}");
    for r in &planted {
        assert!(
            r["text"]
                .as_str()
                .unwrap()
                .chars()
                .any(|c| c.is_ascii_digit()),
            "{r}"
        );
    }
    // Every crop decoded.
    let widths: Vec<i64> = res["widths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_i64().unwrap())
        .collect();
    assert!(widths.len() >= 4, "crops: {widths:?}");
    assert!(
        widths.iter().all(|&w| w > 0),
        "an image did not load: {widths:?}"
    );
    // The filters hide and show rows.
    let n = rows.len() as u64;
    let errors = rows.iter().filter(|r| r["sev"] == "error").count() as u64;
    assert_eq!(res["shown_all"], n);
    assert_eq!(res["shown_error"], errors);
    assert!(errors < n, "the sample has findings that are not errors");
    assert_eq!(res["shown_reset"], n);
    let check = res["check"].as_str().unwrap();
    let of_check = rows.iter().filter(|r| r["check"] == check).count() as u64;
    assert_eq!(res["shown_check"], of_check);
    assert!(of_check < n);
    assert_eq!(res["shown_back"], n);
    // The hierarchy of the money tables marks the rows the findings are about.
    assert!(res["hier_tables"].as_u64().unwrap() >= 1, "{res}");
    assert!(res["hier_rows"].as_u64().unwrap() > 50, "{res}");
    let flagged: Vec<&str> = res["hier_flagged"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(flagged.len() >= 4, "{flagged:?}");
    // The planted odd cells are among them: their (table, row) from findings.json.
    let odd: Vec<String> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "RJ102")
        .map(|f| format!("{}", f["row"]))
        .collect();
    for row in &odd {
        assert!(
            flagged.iter().any(|x| x.ends_with(&format!(":{row}"))),
            "row {row} not marked: {flagged:?}"
        );
    }
    // Nothing went wrong on the page.
    assert_eq!(res["errors"], serde_json::json!([]), "{log}");
    let console: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
        .collect();
    assert!(console.is_empty(), "{console:?}");

    // The picture of the real report (not the probed copy), for a person.
    let shot = out.join("000_serang_sipd_mut.png");
    let (_, log) = run_chromium(
        &bin,
        &out.join("profile"),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1400,2200".into(),
            "--hide-scrollbars".into(),
            format!("file://{}", report.display()),
        ],
        Duration::from_secs(40),
    );
    let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("{e}: {log}"));
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000);
    eprintln!("screenshot of the report: {}", shot.display());
}
