//! `make bench`: what the reviewer's outputs cost beyond the check itself. Per PDF: the check
//! (extraction + model + checks, as `renja check` without outputs), the HTML report (each page
//! with a finding rendered once, crops cut in Rust), and the workbook, printed as seconds and
//! as ratios to the check, with the report's size. As a reference in the same run, the same
//! crops made the way earlier versions did: one `pdftoppm` call per crop.
//!
//! Usage: `cargo run --release --example report_bench -- FILE.pdf...`

use renja::pipeline::{extract_file, ExtractOptions};
use renja::report::{self, html, xlsx, Lang};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Best of this many runs, to damp noise from other work on the machine.
const RUNS: usize = 3;

fn best<T, F: FnMut() -> T>(mut f: F) -> (Duration, T) {
    let mut out = None;
    let mut min = Duration::MAX;
    for _ in 0..RUNS {
        let t = Instant::now();
        let v = f();
        min = min.min(t.elapsed());
        out = Some(v);
    }
    (min, out.unwrap())
}

#[derive(serde::Deserialize)]
struct CropRules {
    crop_dpi: u32,
    crop_margin_x: f32,
    crop_margin_y: f32,
}

/// One `pdftoppm` call per crop, as before crops were cut from one render per page.
fn per_crop_reference(pdf: &Path, cells: &[(u32, [f32; 4])], r: &CropRules) {
    let scale = r.crop_dpi as f32 / 72.0;
    let px = |v: f32| ((v * scale).round().max(1.0)) as u32;
    use rayon::prelude::*;
    cells.par_iter().for_each(|(page, b)| {
        let x0 = (b[0] - r.crop_margin_x).max(0.0);
        let y0 = (b[1] - r.crop_margin_y).max(0.0);
        let out = Command::new("pdftoppm")
            .args(["-png", "-singlefile", "-r", &r.crop_dpi.to_string()])
            .args(["-f", &page.to_string(), "-l", &page.to_string()])
            .args(["-x", &px(x0).to_string(), "-y", &px(y0).to_string()])
            .args(["-W", &px(b[2] - b[0] + 2.0 * r.crop_margin_x).to_string()])
            .args(["-H", &px(b[3] - b[1] + 2.0 * r.crop_margin_y).to_string()])
            .arg(pdf)
            .output()
            .expect("pdftoppm");
        std::hint::black_box(out.stdout.len());
    });
}

fn main() {
    let files: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if files.is_empty() {
        eprintln!("usage: report_bench FILE.pdf...");
        std::process::exit(2);
    }
    let rules: CropRules = toml::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/report.toml"))
            .expect("rules/report.toml"),
    )
    .expect("rules/report.toml");
    let dir = std::env::temp_dir().join(format!("renja_report_bench_{}", std::process::id()));
    println!(
        "{:<28} {:>5} {:>8} {:>6} {:>8} {:>8} {:>8} {:>7} {:>7} {:>9} {:>8}",
        "file",
        "pages",
        "findings",
        "crops",
        "check s",
        "html s",
        "xlsx s",
        "html/ck",
        "MB",
        "ref crop s",
        "speed-up"
    );
    for f in &files {
        let opts = ExtractOptions::default();
        let (t_check, (doc, checked)) = best(|| {
            let doc = extract_file(f, &opts).expect("readable sample");
            let c = report::check(&doc);
            (doc, c)
        });
        let (t_html, path) = best(|| {
            html::write_document(
                &dir,
                &html::file_stem(&checked.document),
                f,
                &doc,
                &checked,
                None,
                Lang::Id,
            )
            .expect("report written")
        });
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let crops = std::fs::read_to_string(&path)
            .unwrap_or_default()
            .matches("data:image/png;base64,")
            .count();
        let book = dir.join("bench.xlsx");
        let (t_xlsx, _) = best(|| {
            xlsx::write_workbook(&book, &doc, &checked, None, Lang::Id).expect("workbook written")
        });
        let cells: Vec<(u32, [f32; 4])> = checked
            .findings
            .iter()
            .filter_map(|x| x.evidence.cell.as_ref())
            .filter_map(|c| c.bbox.map(|b| (c.page, b)))
            .collect();
        let (t_ref, _) = best(|| per_crop_reference(f, &cells, &rules));
        let name = f.file_name().unwrap().to_string_lossy();
        println!(
            "{:<28} {:>5} {:>8} {:>6} {:>8.3} {:>8.3} {:>8.3} {:>7.2} {:>7.2} {:>9.3} {:>7.1}x",
            name,
            doc.pages,
            checked.findings.len(),
            crops,
            t_check.as_secs_f64(),
            t_html.as_secs_f64(),
            t_xlsx.as_secs_f64(),
            t_html.as_secs_f64() / t_check.as_secs_f64(),
            size as f64 / 1e6,
            t_ref.as_secs_f64(),
            t_ref.as_secs_f64() / t_html.as_secs_f64(),
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "(best of {RUNS}; html s = the report beyond the check, crops included; ref crop s = the \
         same crops by one pdftoppm call each, without the rest of the report)"
    );
}
