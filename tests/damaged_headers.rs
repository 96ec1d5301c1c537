//! OCR-damaged headers must not switch checks off: each seed's tables with their titles and
//! header words damaged the way OCR damages them (a letter dropped, a letter confused, two
//! words merged) give the same findings as the clean text. Several damage seeds per document.
//!
//! `cargo test --release --test damaged_headers -- --nocapture` prints, per seed, the findings
//! with clean and with damaged headers (kept, lost, extra).

use renja::checks::Finding;
use renja::extracted::Document;
use renja::ingest::textexport::read_text_export;
use renja::report::check_document;

mod common;

const SEEDS: [&str; 5] = [
    "000_29dde3c6f226ceb9.txt",
    "001_fcc25af15757bf0d.txt",
    "002_38a1594dae9657c6.txt",
    "003_f24f9052f3bac2a4.txt",
    "004_c6dd8a7d63711087.txt",
];

/// Damage seeds tried per document.
const DAMAGE_SEEDS: u64 = 6;

fn seed_doc(name: &str) -> Document {
    let p = format!("{}/tests/data/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
    read_text_export(&p).expect("seed readable")
}

/// Letters OCR confuses on scans, each with what it is read as.
const CONFUSIONS: [(char, char); 10] = [
    ('l', '1'),
    ('i', 'l'),
    ('e', 'c'),
    ('a', 'o'),
    ('n', 'r'),
    ('u', 'v'),
    ('o', '0'),
    ('g', 'q'),
    ('t', 'f'),
    ('s', '5'),
];

/// One OCR-like edit in a word of at least `min` letters: a letter dropped, a letter confused.
fn damage_word(w: &str, rng: &mut common::Rng) -> String {
    let mut c: Vec<char> = w.chars().collect();
    let letters: Vec<usize> = (0..c.len()).filter(|&i| c[i].is_alphabetic()).collect();
    let at = letters[rng.below(letters.len())];
    if rng.below(2) == 0 {
        c.remove(at);
    } else {
        let lower = c[at].to_ascii_lowercase();
        let to = CONFUSIONS
            .iter()
            .find(|(a, _)| *a == lower)
            .map(|(_, b)| *b)
            .unwrap_or('l');
        c[at] = if c[at].is_uppercase() {
            to.to_ascii_uppercase()
        } else {
            to
        };
    }
    c.into_iter().collect()
}

/// Damages about a third of the long words of `text` (and merges a pair of words now and
/// then). Digits, punctuation and short words are left alone: the column-number row, years and
/// `(Rp)` survive, as they do on the scans we tried.
fn damage_text(text: &str, rng: &mut common::Rng) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        let long = w.chars().filter(|c| c.is_alphabetic()).count() >= 6;
        let d = if long && rng.below(3) == 0 {
            damage_word(w, rng)
        } else {
            w.to_string()
        };
        out.push_str(&d);
        if i + 1 < words.len() {
            // Merged words ("kinerjapelayanan"), once in a while.
            if !(long && rng.below(8) == 0) {
                out.push(' ');
            }
        }
    }
    out
}

fn damage(doc: &Document, seed: u64) -> Document {
    let mut rng = common::Rng(seed);
    let mut d = doc.clone();
    for t in d.tables.iter_mut() {
        t.title = damage_text(&t.title, &mut rng);
        for r in t.header_rows.iter_mut() {
            for c in r.iter_mut() {
                c.text = damage_text(&c.text, &mut rng);
            }
        }
    }
    d
}

/// What a finding says, without the printed text it quotes (a damaged title or header is
/// quoted as damaged; that is not a different finding).
fn key(f: &Finding) -> String {
    format!(
        "{} {:?} t{} r{:?} {:?} {:?} {:?} {:?}",
        f.id, f.severity, f.table_index, f.row, f.code, f.column, f.expected, f.found
    )
}

#[test]
fn damage_is_ocr_like() {
    let mut rng = common::Rng(1);
    let d = damage_text(
        "Pencapaian Kinerja Pelayanan Perangkat Daerah (Rp) 2022",
        &mut rng,
    );
    assert_ne!(d, "Pencapaian Kinerja Pelayanan Perangkat Daerah (Rp) 2022");
    assert!(d.contains("(Rp) 2022"), "{d}");
}

/// Findings (lost, extra) over all damage seeds, per seed document, as measured: the damaged
/// headers may only come closer to the clean findings. Before the word-edit pass of
/// src/classify the figures were 000: 35/7, 001: 0/0, 002: 0/0, 003: 90/70, 004: 41/77; before
/// the leaf-first role and block match and the K-half-is-never-money rule, 003: 51/29 and
/// 004: 9/3. `DAMAGED_HEADERS_DETAIL=1` prints every lost and extra finding.
const HELD: [(&str, usize, usize); 5] = [
    ("000_29dde3c6f226ceb9.txt", 4, 0),
    ("001_fcc25af15757bf0d.txt", 0, 0),
    ("002_38a1594dae9657c6.txt", 0, 0),
    ("003_f24f9052f3bac2a4.txt", 4, 0),
    ("004_c6dd8a7d63711087.txt", 8, 2),
];

#[test]
fn damaged_headers_give_the_clean_findings() {
    let mut report = Vec::new();
    let mut failures = Vec::new();
    let mut all_detail = Vec::new();
    for name in SEEDS {
        let doc = seed_doc(name);
        let clean = check_document(&doc);
        let (mut kept, mut lost, mut extra) = (0, 0, 0);
        let mut detail = Vec::new();
        for s in 0..DAMAGE_SEEDS {
            let damaged = check_document(&damage(&doc, s * 7919 + 1));
            let (k, l, e) = common::compare_by(&clean, &damaged, key);
            kept += k;
            lost += l.len();
            extra += e.len();
            if !l.is_empty() || !e.is_empty() {
                detail.push(format!("{name} damage seed {s}: lost {l:#?}\nextra {e:#?}"));
            }
        }
        let (_, max_lost, max_extra) = HELD
            .iter()
            .find(|h| h.0 == name)
            .copied()
            .unwrap_or((name, 0, 0));
        all_detail.extend(detail.iter().cloned());
        if lost > max_lost || extra > max_extra {
            failures.push(format!(
                "{name}: lost {lost} (held at {max_lost}), extra {extra} (held at {max_extra})\n{}",
                detail.join("\n")
            ));
        }
        report.push(format!(
            "{name}: clean {} findings x {DAMAGE_SEEDS} damage seeds; damaged: kept {kept}, lost {lost}, extra {extra}",
            clean.len()
        ));
    }
    println!("{}", report.join("\n"));
    if std::env::var_os("DAMAGED_HEADERS_DETAIL").is_some() {
        println!("{}", all_detail.join("\n"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
