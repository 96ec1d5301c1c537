//! Dumps the words and rules of PDF pages, or times reading them.
//!
//! `cargo run --release --example pdf_words -- FILE [PAGE]` prints one word per line
//! (x0 y0 x1 y1 size bold text) and the rules; `--time FILE...` reads every page of each file
//! and prints pages per second.

use renja::ingest::pdf::{PdfFile, PdfOptions};
use std::path::Path;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--time") {
        let mut pages = 0u32;
        let t = Instant::now();
        for f in &args[1..] {
            let pdf = match PdfFile::open(Path::new(f), &PdfOptions::default()) {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("{e}");
                    continue;
                }
            };
            for n in 1..=pdf.page_count() {
                match pdf.page(n) {
                    Ok(p) => {
                        std::hint::black_box(&p);
                    }
                    Err(e) => eprintln!("{e}"),
                }
                pages += 1;
            }
        }
        let s = t.elapsed().as_secs_f64();
        println!(
            "{pages} pages in {s:.3} s = {:.0} pages/s",
            pages as f64 / s
        );
        return;
    }
    let Some(file) = args.first() else {
        eprintln!("usage: pdf_words FILE [PAGE] | --time FILE...");
        std::process::exit(2);
    };
    let pdf = match PdfFile::open(Path::new(file), &PdfOptions::default()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let only: Option<u32> = args.get(1).and_then(|s| s.parse().ok());
    for n in 1..=pdf.page_count() {
        if only.is_some_and(|o| o != n) {
            continue;
        }
        match pdf.page(n) {
            Ok(p) => {
                println!(
                    "# page {} {}x{} words={} rules={}",
                    n,
                    p.width,
                    p.height,
                    p.words.len(),
                    p.rules.len()
                );
                for w in &p.words {
                    println!(
                        "W {:.2} {:.2} {:.2} {:.2} {:.2} {} {}",
                        w.bbox.x0,
                        w.bbox.y0,
                        w.bbox.x1,
                        w.bbox.y1,
                        w.font_size,
                        if w.bold { "B" } else { "-" },
                        w.text
                    );
                }
                for r in &p.rules {
                    println!(
                        "R {:?} {:.2} {:.2} {:.2} {:.2}",
                        r.orientation, r.bbox.x0, r.bbox.y0, r.bbox.x1, r.bbox.y1
                    );
                }
            }
            Err(e) => eprintln!("{e}"),
        }
    }
}
