//! Benchmark of the OCR path on one PDF: seconds per page for renja's OCR (image extraction,
//! deskew, rule erasure, Tesseract, mapping) against the bare `tesseract` program on the same
//! page images in the same run, pages per second with 1 and 2 worker threads, and the time of a
//! second run over the same pages through the OCR cache as a share of the first (a fresh
//! temporary cache, so the first run really OCRs).
//!
//! `cargo run --release --example ocr_bench -- samples/000_serang_sipd_scan.pdf [PAGES] [LANGS]`
//! PAGES like `1-4` or `1,3,5` (default 1-4). LANGS overrides `rules/ocr.toml` (e.g. `ind+eng`).
//! Set `OCR_BENCH_DUMP=dir` to write each page's words as TSV for inspection.

use renja::ingest::ocr::{self, images, OcrOptions};
use std::process::Command;
use std::time::Instant;

fn parse_pages(s: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for part in s.split(',') {
        if let Some((a, b)) = part.split_once('-') {
            let (a, b): (u32, u32) = (a.parse().unwrap_or(1), b.parse().unwrap_or(1));
            out.extend(a..=b);
        } else if let Ok(n) = part.parse() {
            out.push(n);
        }
    }
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "samples/000_serang_sipd_scan.pdf".into());
    let pages = parse_pages(args.get(2).map(String::as_str).unwrap_or("1-4"));
    let mut opts = OcrOptions::for_file(&path);
    if let Some(l) = args.get(3) {
        opts.rules.languages = l.clone();
    }
    ocr::tesseract_available()?;
    let doc = lopdf::Document::load(&path)?;
    if let Ok(dir) = std::env::var("OCR_BENCH_QUICK") {
        // Accuracy runs: OCR the pages on all cores and dump the words, no timing comparison.
        std::fs::create_dir_all(&dir)?;
        for (n, r) in pages.iter().zip(ocr::ocr_pages_report(&doc, &pages, &opts)) {
            let o = r?;
            let s: String = o
                .page
                .words
                .iter()
                .map(|w| {
                    format!(
                        "{:.1}\t{:.1}\t{:.0}\t{}\n",
                        w.bbox.x0,
                        w.bbox.y0,
                        w.conf.unwrap_or(0.0),
                        w.text
                    )
                })
                .collect();
            std::fs::write(format!("{dir}/page{n}.tsv"), s)?;
        }
        return Ok(());
    }
    let tmp = std::env::temp_dir().join(format!("renja_ocr_bench_{}", std::process::id()));
    std::fs::create_dir_all(&tmp)?;

    // Bare tesseract, one thread, same languages and segmentation mode, on (a) the page image
    // as stored in the PDF and (b) the image renja hands it (levelled, 300 dpi, rules erased).
    let mut renja_total = 0.0;
    let (mut dec_t, mut prep_t, mut ocr_t) = (0.0, 0.0, 0.0);
    let mut bare_orig = 0.0;
    let mut bare_prep = 0.0;
    let bare = |file: &std::path::Path, dpi: f32| -> Result<f64, Box<dyn std::error::Error>> {
        let t = Instant::now();
        let st = Command::new("tesseract")
            .arg(file)
            .arg(file.with_extension(""))
            .args(["-l", &opts.rules.languages, "--psm"])
            .arg(opts.rules.psm.to_string())
            .arg("--dpi")
            .arg(format!("{}", dpi.round()))
            .arg("tsv")
            .env("OMP_THREAD_LIMIT", "1")
            .stderr(std::process::Stdio::null())
            .status()?;
        if !st.success() {
            return Err(format!("bare tesseract failed on {}", file.display()).into());
        }
        Ok(t.elapsed().as_secs_f64())
    };
    for &n in &pages {
        let id = images::page_id(&doc, n)?;
        let pl = images::page_image_placements(&doc, id)?;
        let largest = pl
            .iter()
            .max_by(|a, b| a.area().total_cmp(&b.area()))
            .ok_or("no image")?;
        let dec = images::decode_placement(&doc, largest)?;
        let file = tmp.join(format!("orig{n}.pgm"));
        std::fs::write(&file, dec.image.to_pgm())?;
        bare_orig += bare(&file, largest.pixels_per_point() * 72.0)?;
        let r = images::render_page_images(&doc, n)?;
        let prep = ocr::prepare(r.image, r.scale, &opts, false);
        let file = tmp.join(format!("prep{n}.pgm"));
        std::fs::write(&file, prep.image.to_pgm())?;
        bare_prep += bare(&file, prep.scale * 72.0)?;
        // renja's path on the same page right after, so machine load hits both alike.
        let t = Instant::now();
        let o = ocr::ocr_page_report(&doc, n, &opts)?;
        renja_total += t.elapsed().as_secs_f64();
        dec_t += o.decode_s;
        prep_t += o.prepare_s;
        ocr_t += o.ocr_s;
        eprintln!(
            "page {n}: {} words, {} rules, skew {:.2} deg, {:.0} dpi{}{}",
            o.page.words.len(),
            o.page.rules.len(),
            o.skew_deg,
            o.dpi,
            if o.turned { ", turned" } else { "" },
            o.notes
                .iter()
                .map(|s| format!("\n  note: {s}"))
                .collect::<String>()
        );
        if let Ok(dir) = std::env::var("OCR_BENCH_DUMP") {
            let mut s = String::new();
            for w in &o.page.words {
                s.push_str(&format!(
                    "{:.1}\t{:.1}\t{:.1}\t{:.1}\t{:.0}\t{}\n",
                    w.bbox.x0,
                    w.bbox.y0,
                    w.bbox.x1,
                    w.bbox.y1,
                    w.conf.unwrap_or(0.0),
                    w.text
                ));
            }
            std::fs::create_dir_all(&dir)?;
            std::fs::write(format!("{dir}/page{n}.tsv"), s)?;
        }
    }
    let np = pages.len() as f64;
    println!(
        "pages: {}  languages: {}",
        pages.len(),
        opts.rules.languages
    );
    println!(
        "bare tesseract, page image as stored : {:.2} s/page",
        bare_orig / np
    );
    println!(
        "bare tesseract, image renja feeds it : {:.2} s/page",
        bare_prep / np
    );
    println!(
        "renja OCR path                       : {:.2} s/page (decode {:.3}, prepare {:.3}, tesseract {:.2})",
        renja_total / np,
        dec_t / np,
        prep_t / np,
        ocr_t / np,
    );
    println!(
        "overhead beyond OCR: {:+.1}% vs bare tesseract on the same image; {:+.1}% of renja's own tesseract time",
        (renja_total / bare_prep - 1.0) * 100.0,
        ((renja_total - ocr_t) / ocr_t) * 100.0
    );
    for threads in [1usize, 2] {
        let mut o = opts.clone();
        o.threads = threads;
        let t = Instant::now();
        let res = ocr::ocr_pages(&doc, &pages, &o);
        let s = t.elapsed().as_secs_f64();
        let ok = res.iter().filter(|r| r.is_ok()).count();
        println!(
            "ocr_pages {threads} thread(s): {:.3} pages/s ({ok}/{} pages ok, {:.1} s)",
            np / s,
            pages.len(),
            s
        );
    }
    // Cached: the same pages twice through a fresh cache, on all cores as `extract` runs.
    let mut o = opts.clone();
    o.cache = Some(std::sync::Arc::new(ocr::cache::OcrCache::new(
        tmp.join("cache"),
    )));
    let timed = || {
        let runs = ocr::tesseract::runs();
        let t = Instant::now();
        let res = ocr::ocr_pages_report(&doc, &pages, &o);
        let s = t.elapsed().as_secs_f64();
        let hits = res
            .iter()
            .filter(|r| r.as_ref().is_ok_and(|r| r.cached))
            .count();
        (s, hits, ocr::tesseract::runs() - runs)
    };
    let (first, _, first_runs) = timed();
    let (second, hits, second_runs) = timed();
    println!(
        "cached second run: {:.3} s vs {:.1} s first = {:.2}% of the first (goal < 5%); {hits}/{} pages from the cache, tesseract runs {first_runs} then {second_runs}",
        second,
        first,
        second / first * 100.0,
        pages.len()
    );
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(())
}
