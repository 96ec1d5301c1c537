//! A quick, deterministic mutation run (issue 13, "make it a habit"): a handful of seeds (a
//! shipped PDF, a text export, a small generated PDF) mutated ~300 times by byte flips,
//! truncations, chunk duplication and deletion, hostile dictionary values and deep nesting;
//! each mutant goes through extraction and the checks under a wall-clock guard. No mutant may
//! panic or run past the guard. `make fuzz` runs the coverage-guided long version (fuzz/).

mod common;

use common::Rng;
use lopdf::dictionary;
use renja::ingest::IngestError;
use renja::pipeline::{extract_file, ExtractOptions, OcrMode};
use renja::report::check_document;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Mutants per seed.
const PER_SEED: usize = 100;
/// One mutant's time on an idle core is well under a second; the guard is generous for a
/// loaded machine but still catches a hang or a superlinear blow-up.
const GUARD: Duration = Duration::from_secs(20);

/// Values that have broken readers: sizes that overflow, negatives, zero, huge counts.
const HOSTILE: &[&[u8]] = &[
    b"2147483647",
    b"-1",
    b"0",
    b"99999999999999999999",
    b"-2147483648",
    b"4294967296",
    b"1e308",
    b"65000",
    b"null",
    b"<<>>",
    b"[]",
];
/// Keys whose values are swapped for hostile ones.
const KEYS: &[&[u8]] = &[
    b"/Width",
    b"/Height",
    b"/Length",
    b"/BitsPerComponent",
    b"/Count",
    b"/Columns",
    b"/Rows",
    b"/Size",
    b"/W ",
    b"/Index",
    b"/First",
    b"/N ",
    b"/Predictor",
    b"/K ",
];

fn find_all(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return Vec::new();
    }
    hay.windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

/// One mutant of `seed`; the kind is drawn from `rng`, and so is everything it touches.
fn mutate(seed: &[u8], rng: &mut Rng) -> (Vec<u8>, &'static str) {
    let mut b = seed.to_vec();
    let n = b.len().max(1);
    match rng.below(7) {
        0 => {
            for _ in 0..1 + rng.below(16) {
                let i = rng.below(n);
                if i < b.len() {
                    b[i] ^= 1 << rng.below(8);
                }
            }
            (b, "flip")
        }
        1 => {
            b.truncate(rng.below(n));
            (b, "truncate")
        }
        2 => {
            let i = rng.below(n);
            let len = 1 + rng.below((n - i).clamp(1, 4096));
            let chunk = b[i.min(b.len())..(i + len).min(b.len())].to_vec();
            let at = rng.below(n);
            for _ in 0..1 + rng.below(8) {
                b.splice(at..at, chunk.iter().copied());
            }
            (b, "duplicate")
        }
        3 => {
            let i = rng.below(n);
            let len = 1 + rng.below((n - i).clamp(1, 8192));
            b.drain(i..(i + len).min(b.len()));
            (b, "delete")
        }
        4 => {
            let key = KEYS[rng.below(KEYS.len())];
            let hits = find_all(&b, key);
            if hits.is_empty() {
                let i = rng.below(n);
                b.splice(i..i, HOSTILE[rng.below(HOSTILE.len())].iter().copied());
                return (b, "insert value");
            }
            let at = hits[rng.below(hits.len())] + key.len();
            let start = (at..b.len()).find(|&j| b[j] != b' ').unwrap_or(b.len());
            let end = (start..b.len())
                .find(|&j| matches!(b[j], b' ' | b'/' | b'>' | b'\n' | b'\r' | b']'))
                .unwrap_or(b.len());
            b.splice(
                start..end,
                HOSTILE[rng.below(HOSTILE.len())].iter().copied(),
            );
            (b, "value swap")
        }
        5 => {
            let depth = 1000 + rng.below(50_000);
            let (open, close): (&[u8], &[u8]) = if rng.below(2) == 0 {
                (b"[", b"]")
            } else {
                (b"<</A ", b">>")
            };
            let mut nest = open.repeat(depth);
            nest.extend(close.repeat(depth / 2 * rng.below(2)));
            let i = rng.below(n);
            b.splice(i..i, nest);
            (b, "deep nesting")
        }
        _ => {
            // Random bytes over a stretch: a damaged stream or a binary in a text export.
            let i = rng.below(n);
            let len = 1 + rng.below(2048);
            for j in i..(i + len).min(b.len()) {
                b[j] = rng.next() as u8;
            }
            (b, "garble")
        }
    }
}

/// A small PDF made here: one page of text over an image.
fn generated_pdf() -> Vec<u8> {
    let pixels: Vec<u8> = (0..64 * 48).map(|i| (i * 7 % 251) as u8).collect();
    let mut doc = common::one_image_page(
        common::gray_image(64, 48, pixels),
        (200.0, 150.0),
        (595.0, 842.0),
        0,
    );
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let page = *doc.get_pages().values().next().unwrap();
    let text = b"BT /F1 10 Tf 50 700 Td (Tabel 3.3 Program 2.07.01 Pagu 1.000.000) Tj ET\n\
q 50 650 m 500 650 l S Q";
    let content = doc.add_object(lopdf::Stream::new(dictionary! {}, text.to_vec()));
    if let Ok(lopdf::Object::Dictionary(d)) = doc.get_object_mut(page) {
        let old = d.get(b"Contents").unwrap().clone();
        d.set("Contents", vec![old, content.into()]);
        d.set(
            "Resources",
            dictionary! {
                "XObject" => d.get(b"Resources").ok()
                    .and_then(|r| r.as_dict().ok())
                    .and_then(|r| r.get(b"XObject").ok()).cloned().unwrap(),
                "Font" => dictionary! { "F1" => font },
            },
        );
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

enum Outcome {
    Ok,
    Error,
    Panic(String),
    Timeout,
}

/// Extracts and checks one mutant file on its own thread, waiting at most [`GUARD`].
fn run_one(path: &Path) -> (Outcome, Duration) {
    let (tx, rx) = mpsc::channel();
    let p = path.to_path_buf();
    let t0 = Instant::now();
    std::thread::spawn(move || {
        let r = catch_unwind(AssertUnwindSafe(|| {
            let opts = ExtractOptions {
                ocr: OcrMode::Off,
                ..Default::default()
            };
            match extract_file(&p, &opts) {
                Ok(doc) => {
                    check_document(&doc);
                    Ok(())
                }
                // extract_file turns its own panics into this error: still a panic here.
                Err(e @ IngestError::Internal { .. }) => Err(e.to_string()),
                Err(_) => Ok(()).and(Err(String::new())),
            }
        }));
        let _ = tx.send(match r {
            Ok(Ok(())) => Outcome::Ok,
            Ok(Err(m)) if m.is_empty() => Outcome::Error,
            Ok(Err(m)) => Outcome::Panic(m),
            Err(e) => Outcome::Panic(
                e.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default(),
            ),
        });
    });
    match rx.recv_timeout(GUARD) {
        Ok(o) => (o, t0.elapsed()),
        // The thread is left to finish on its own; the test fails on the timeout anyway.
        Err(_) => (Outcome::Timeout, t0.elapsed()),
    }
}

#[test]
fn three_hundred_mutants_neither_panic_nor_hang() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds: Vec<(&str, Vec<u8>)> = vec![
        (
            "pdf",
            std::fs::read(root.join("samples/002_banjar_word.pdf")).unwrap(),
        ),
        (
            "txt",
            std::fs::read(root.join("tests/data/seeds/001_fcc25af15757bf0d.txt")).unwrap(),
        ),
        ("pdf", generated_pdf()),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x5EED_F022);
    let (mut ok, mut errors, mut max) = (0, 0, Duration::ZERO);
    let mut bad = Vec::new();
    let mut kept = 0;
    let t0 = Instant::now();
    for (si, (ext, seed)) in seeds.iter().enumerate() {
        for m in 0..PER_SEED {
            let (bytes, kind) = mutate(seed, &mut rng);
            let path = dir.path().join(format!("m{si}_{m}.{ext}"));
            std::fs::write(&path, &bytes).unwrap();
            let (out, took) = run_one(&path);
            max = max.max(took);
            match out {
                Outcome::Ok => ok += 1,
                Outcome::Error => errors += 1,
                Outcome::Panic(msg) => {
                    bad.push(format!("seed {si} mutant {m} ({kind}): panic {msg}"))
                }
                Outcome::Timeout => {
                    bad.push(format!("seed {si} mutant {m} ({kind}): over {GUARD:?}"))
                }
            }
            if bad.len() > kept {
                kept = bad.len();
                // Keep the failing input for a reproduction outside the test.
                let _ = std::fs::copy(
                    &path,
                    std::env::temp_dir().join(format!("renja_fuzz_m{si}_{m}.{ext}")),
                );
            }
            let _ = std::fs::remove_file(&path);
        }
    }
    let total = seeds.len() * PER_SEED;
    eprintln!(
        "fuzz_quick: {total} mutants, {ok} ok, {errors} errors, {} panics/timeouts, max {:.2} s, all {:.1} s",
        bad.len(),
        max.as_secs_f64(),
        t0.elapsed().as_secs_f64()
    );
    assert!(bad.is_empty(), "{bad:#?}");
    assert_eq!(ok + errors, total);
}
