//! `make bench-scale`: how `check` grows with the size of its input (issue 13 item 3). Prints
//! the time per row (per amount for a paragraph) of each size as a ratio to the smallest size,
//! so a linear step reads ~1.0x everywhere and a quadratic one grows with the size.
//!
//! Usage: `cargo run --release --example check_scale -- [ROWS...]`
//! `check_scale --write ROWS FILE` writes the generated table export (for perf or callgrind).

use renja::ingest::textexport::parse_text_export;
use std::time::Instant;

/// A Tabel 3.3 export with about `rows` rows: 20 kegiatan per program, 20 sub kegiatan per
/// kegiatan, every parent printing the sum of its children; one sub kegiatan is off by 1,000 so
/// the sum checks do real work.
fn table(rows: usize) -> String {
    let subs_per_k = 20;
    let k_per_p = 20;
    let mut lines = vec![
        "Renja Dinas Contoh Kota Contoh Tahun 2024".to_string(),
        String::new(),
        "Tabel 3.3".into(),
        "Rumusan Rencana Program dan Kegiatan Tahun 2024".into(),
        String::new(),
        "KODE\tPROGRAM/KEGIATAN/SUB KEGIATAN\tINDIKATOR\tLOKASI\tTARGET\tPAGU INDIKATIF (Rp)\tSUMBER DANA".into(),
        "1\t2\t3\t4\t5\t6\t7".into(),
    ];
    let per_p = 1 + k_per_p * (1 + subs_per_k);
    let programs = rows.div_ceil(per_p).max(1);
    let sub = 1_000_000i64;
    let mut total = 0i64;
    let mut body = Vec::new();
    for p in 0..programs {
        let pc = format!("2.{:02}.{:02}", 7 + p / 99, p % 99 + 1);
        body.push(format!(
            "{pc}\tPROGRAM UJI {pc}\tPersentase\t\t100\t{}\t",
            sub * (k_per_p * subs_per_k) as i64
        ));
        for k in 0..k_per_p {
            let kc = format!("{pc}.2.{:02}", k + 1);
            body.push(format!(
                "{kc}\tKegiatan Uji {kc}\tPersentase\t\t100\t{}\t",
                sub * subs_per_k as i64
            ));
            for s in 0..subs_per_k {
                let sc = format!("{kc}.{:04}", s + 1);
                let v = if p == 0 && k == 0 && s == 0 {
                    sub + 1000
                } else {
                    sub
                };
                body.push(format!(
                    "{sc}\tSub Kegiatan Uji {sc}\tJumlah dokumen\tKota Contoh\t1 dokumen\t{v}\tAPBD"
                ));
                total += sub;
            }
        }
    }
    body.truncate(rows);
    lines.push(format!("\tJUMLAH\t\t\t\t{total}\t"));
    lines.extend(body);
    lines.join("\n") + "\n"
}

/// The evaluation of the current year (Tabel 2.1 with its pagu) before the plan of
/// [`table`]: every item stated twice, so the pairwise pagu check (RJ204/RJ218) matches about
/// `rows` items across the two tables; one sub kegiatan differs.
fn two_tables(rows: usize) -> String {
    let plan = table(rows);
    let mut lines = vec![
        "Renja Dinas Contoh Kota Contoh Tahun 2024".to_string(),
        String::new(),
        "Tabel 2.1".into(),
        "Realisasi Program dan Kegiatan Tahun 2024 s/d Triwulan II".into(),
        String::new(),
        "Kode\tProgram/Kegiatan\tTarget Kinerja dan Pagu 2024\t\tRealisasi 2024\t".into(),
        "\t\tK\tRP\tK\tRP".into(),
    ];
    for l in plan.lines().skip(8) {
        let c: Vec<&str> = l.split('\t').collect();
        if c.len() < 6 || c[0].is_empty() {
            continue;
        }
        let v: i64 = c[5].parse().unwrap_or(0);
        let v = if c[0] == "2.07.01.2.01.0002" {
            v + 500
        } else {
            v
        };
        lines.push(format!("{}\t{}\t1\t{v}\t1\t{}", c[0], c[1], v / 2));
    }
    lines.push(String::new());
    lines.extend(plan.lines().skip(1).map(str::to_string));
    lines.join("\n") + "\n"
}

/// A paragraph stating `n` amounts (a narrative that lists every sub kegiatan's pagu).
fn paragraph(n: usize) -> String {
    let mut s = String::from(
        "Renja Dinas Contoh Kota Contoh Tahun 2024\n\nBAB I PENDAHULUAN\n\nPagu indikatif tahun 2024 terdiri atas",
    );
    for i in 0..n {
        s.push_str(&format!(" kegiatan {i} sebesar Rp {},00,", 1_000_000 + i));
    }
    s.push_str(" dan lainnya.\n");
    s
}

/// Seconds for the whole check, and for its steps: read, model, checks, evidence.
fn time(text: &str) -> (f64, [f64; 4]) {
    let t = Instant::now();
    let doc = parse_text_export("scale.txt", text);
    let t1 = t.elapsed().as_secs_f64();
    let mut m = renja::model::build(&doc);
    let t2 = t.elapsed().as_secs_f64();
    let mut f = renja::checks::run(&mut m);
    let t3 = t.elapsed().as_secs_f64();
    renja::checks::evidence::attach(&mut f, &doc, &m);
    let t4 = t.elapsed().as_secs_f64();
    std::hint::black_box(&f);
    // The first (cold) run: a second one would find the nomenclature lookups memoised.
    (t4, [t1, t2 - t1, t3 - t2, t4 - t3])
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--write") {
        let n: usize = args[1].parse().expect("rows");
        let text = match args.get(3).map(String::as_str) {
            Some("para") => paragraph(n),
            Some("two") => two_tables(n),
            _ => table(n),
        };
        std::fs::write(&args[2], text).expect("write");
        return;
    }
    let sizes: Vec<usize> = if args.is_empty() {
        vec![1_000, 10_000, 100_000]
    } else {
        args.iter()
            .map(|a| a.parse().expect("a row count"))
            .collect()
    };
    for (what, make) in [
        ("table rows", table as fn(usize) -> String),
        ("two-table rows", two_tables),
        ("paragraph amounts", paragraph),
    ] {
        let mut base = None;
        for &n in &sizes {
            let (secs, steps) = time(&make(n));
            let per = secs / n as f64;
            let b = *base.get_or_insert(per);
            println!(
                "{what:>17} {n:>8}: {secs:8.3} s  {:7.2} us/each  {:5.2}x the smallest's cost per each",
                per * 1e6,
                per / b
            );
            println!(
                "{:>27} read {:.3} s, model {:.3} s, checks {:.3} s, evidence {:.3} s",
                "", steps[0], steps[1], steps[2], steps[3]
            );
        }
    }
}
