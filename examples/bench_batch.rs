//! Batch benchmark: at least 200 documents (the seed text exports and the born-digital samples
//! copied many times under different names, each with different bytes, plus a few corrupt
//! files) digitised into a fresh SQLite database with 1 and then 2 worker threads, and an
//! immediate re-run against the first run. Prints documents/s, pages/s and the ratios.
//!
//! `cargo run --release --example bench_batch [-- COPIES]` (`make bench-batch`).

use renja::batch::{self, BatchOptions};
use renja::store::Store;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn corpus(dir: &Path, copies: usize) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources: Vec<PathBuf> = std::fs::read_dir(root.join("tests/data/seeds"))
        .expect("tests/data/seeds")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    sources.sort();
    for pdf in [
        "000_serang_sipd.pdf",
        "002_banjar_word.pdf",
        "003_paser_sipd.pdf",
    ] {
        sources.push(root.join("samples").join(pdf));
    }
    std::fs::create_dir_all(dir).expect("bench dir");
    for k in 0..copies {
        for s in &sources {
            let mut bytes = std::fs::read(s).expect("source");
            // Bytes after the end (a PDF's trailing comment, a text export's blank lines)
            // change the content hash, not the document.
            bytes.extend(std::iter::repeat_n(b'\n', k + 1));
            let name = format!("k{k:03}_{}", s.file_name().unwrap().to_string_lossy());
            std::fs::write(dir.join(name), bytes).expect("write copy");
        }
    }
    for (i, junk) in [
        &b"%PDF-1.4\n garbage"[..],
        b"",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrailer",
        b"\x00\x01\x02 not a pdf",
    ]
    .iter()
    .enumerate()
    {
        std::fs::write(dir.join(format!("rusak{i}.pdf")), junk).expect("write corrupt");
    }
    batch::collect_inputs(&[dir.to_path_buf()])
}

struct Run {
    secs: f64,
    stored: usize,
    skipped: usize,
    failed: usize,
    pages: u64,
}

fn run(inputs: &[PathBuf], db: &Path, threads: usize) -> Run {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    let store = Store::open(db).expect("database");
    let opts = BatchOptions {
        extract: renja::pipeline::ExtractOptions {
            // No OCR: the benchmark measures the batch, not Tesseract.
            ocr: renja::pipeline::OcrMode::Off,
            ..Default::default()
        },
        ..Default::default()
    };
    let t = Instant::now();
    let (s, _) = pool
        .install(|| batch::run(inputs, store, &opts, |_, _| {}))
        .expect("batch");
    Run {
        secs: t.elapsed().as_secs_f64(),
        stored: s.stored,
        skipped: s.skipped,
        failed: s.failed,
        pages: s.pages,
    }
}

fn main() {
    let copies: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(25);
    let dir = std::env::temp_dir().join(format!("renja-bench-batch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let inputs = corpus(&dir.join("in"), copies);
    println!(
        "{} input files ({copies} copies of 5 text exports and 3 born-digital PDFs, 4 corrupt)",
        inputs.len()
    );
    let mut results = Vec::new();
    for threads in [1, 2] {
        let db = dir.join(format!("t{threads}.sqlite"));
        let r = run(&inputs, &db, threads);
        println!(
            "{threads} thread(s): {:.2} s, {} stored, {} failed, {} pages: {:.1} documents/s, {:.1} pages/s",
            r.secs,
            r.stored,
            r.failed,
            r.pages,
            (r.stored + r.failed) as f64 / r.secs,
            r.pages as f64 / r.secs
        );
        results.push((db, r));
    }
    let speedup = results[0].1.secs / results[1].1.secs;
    println!("speed-up 2 threads / 1 thread: x{speedup:.2} (goal x1.8)");
    let (db, first) = &results[1];
    let again = run(&inputs, db, 2);
    println!(
        "immediate re-run: {:.3} s, {} skipped, {} stored: {:.1}% of the first run (goal under 5%)",
        again.secs,
        again.skipped,
        again.stored,
        100.0 * again.secs / first.secs
    );
    let _ = std::fs::remove_dir_all(&dir);
}
