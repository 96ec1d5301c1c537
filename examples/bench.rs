//! `make bench`: renja's table extraction against `pdftotext -layout` (poppler) on the same PDFs
//! in the same run, printed as pages per second and ratios, never as absolute pass/fail times.
//!
//! Usage: `cargo run --release --example bench -- FILE.pdf...`
//! Internal mode: `bench --rss FILE.pdf` extracts one file and prints its peak resident memory.

use renja::ingest::pdf::{PdfFile, PdfOptions};
use renja::pipeline::{extract_file, ExtractOptions};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Best of this many runs, to damp noise from other work on the machine.
const RUNS: usize = 5;

fn pages(path: &Path) -> u32 {
    PdfFile::open(path, &PdfOptions::default())
        .map(|p| p.page_count())
        .unwrap_or(0)
}

fn best<F: FnMut()>(mut f: F) -> Duration {
    (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap()
}

fn peak_rss_kb() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn rss_of(path: &Path) -> Option<u64> {
    let out = Command::new(std::env::current_exe().ok()?)
        .arg("--rss")
        .arg(path)
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--rss") {
        let doc = extract_file(Path::new(&args[1]), &ExtractOptions::default());
        std::hint::black_box(&doc);
        println!("{}", peak_rss_kb());
        return;
    }
    let files: Vec<PathBuf> = args.iter().map(PathBuf::from).collect();
    if files.is_empty() {
        eprintln!("usage: bench FILE.pdf...");
        std::process::exit(2);
    }
    let opts = ExtractOptions::default();
    let total_pages: u32 = files.iter().map(|f| pages(f)).sum();
    println!(
        "renja bench: {} files, {} pages, best of {RUNS} runs",
        files.len(),
        total_pages
    );

    let have_pdftotext = Command::new("pdftotext").arg("-v").output().is_ok();
    println!(
        "\n{:<28} {:>8} {:>12} {:>12} {:>8}",
        "file", "pages", "renja p/s", "pdftotext", "ratio"
    );
    let mut renja_total = Duration::ZERO;
    let mut ref_total = Duration::ZERO;
    for f in &files {
        let n = pages(f) as f64;
        let r = best(|| {
            let d = extract_file(f, &opts).expect("sample extracts");
            std::hint::black_box(d);
        });
        renja_total += r;
        let name = f.file_name().unwrap().to_string_lossy();
        if have_pdftotext {
            let p = best(|| {
                let st = Command::new("pdftotext")
                    .args(["-layout", "-q"])
                    .arg(f)
                    .arg("/dev/null")
                    .status()
                    .expect("pdftotext runs");
                assert!(st.success());
            });
            ref_total += p;
            println!(
                "{:<28} {:>8} {:>12.1} {:>12.1} {:>8.2}",
                name,
                n,
                n / r.as_secs_f64(),
                n / p.as_secs_f64(),
                r.as_secs_f64() / p.as_secs_f64()
            );
        } else {
            println!(
                "{:<28} {:>8} {:>12.1} {:>12} {:>8}",
                name,
                n,
                n / r.as_secs_f64(),
                "-",
                "-"
            );
        }
    }
    let n = total_pages as f64;
    if have_pdftotext {
        println!(
            "{:<28} {:>8} {:>12.1} {:>12.1} {:>8.2}",
            "ALL (one core)",
            n,
            n / renja_total.as_secs_f64(),
            n / ref_total.as_secs_f64(),
            renja_total.as_secs_f64() / ref_total.as_secs_f64()
        );
        println!("ratio = renja time / pdftotext -layout time on the same pages (goal <= 1.00)");
    } else {
        println!("pdftotext not found: install poppler-utils for the reference run");
    }

    // Parallel scaling: the same files, one worker vs all cores, documents spread over workers.
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let run_pool = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        best(|| {
            pool.install(|| {
                let many: Vec<PathBuf> = files
                    .iter()
                    .cycle()
                    .take(files.len() * 2)
                    .cloned()
                    .collect();
                std::hint::black_box(renja::pipeline::extract_many(&many, &opts));
            })
        })
    };
    let one = run_pool(1);
    let all = run_pool(cores);
    println!(
        "\nparallel: 1 worker {:.1} p/s, {cores} workers {:.1} p/s, speed-up x{:.2}",
        2.0 * n / one.as_secs_f64(),
        2.0 * n / all.as_secs_f64(),
        one.as_secs_f64() / all.as_secs_f64()
    );

    // Memory: a ~300-page document made by repeating the largest sample must not need much more
    // than the sample itself, because pages are processed one at a time.
    let largest = files.iter().max_by_key(|f| pages(f)).unwrap();
    let lp = pages(largest);
    let reps = 300u32.div_ceil(lp.max(1));
    // Both files go through qpdf so they share one object layout and only the page count differs.
    let make = |copies: u32, out: &Path| -> bool {
        let mut cmd = Command::new("qpdf");
        cmd.arg("--empty").arg("--pages");
        for _ in 0..copies {
            cmd.arg(largest);
        }
        cmd.arg("--").arg(out);
        cmd.status().is_ok_and(|s| s.success())
    };
    let small = std::env::temp_dir().join("renja-bench-1x.pdf");
    let big = std::env::temp_dir().join("renja-bench-300.pdf");
    if make(1, &small) && make(reps, &big) {
        {
            let (s_rss, l_rss) = (rss_of(&small), rss_of(&big));
            if let (Some(s), Some(l)) = (s_rss, l_rss) {
                println!(
                    "memory: {} pages peak {:.0} MB, {} pages peak {:.0} MB, ratio x{:.2}",
                    lp,
                    s as f64 / 1024.0,
                    pages(&big),
                    l as f64 / 1024.0,
                    l as f64 / s as f64
                );
            }
            let _ = std::fs::remove_file(&big);
            let _ = std::fs::remove_file(&small);
        }
    } else {
        println!("memory: qpdf not found, skipped (install qpdf)");
    }
}
