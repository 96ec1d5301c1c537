//! Planted review-vs-plan differences in generated documents: each is reported once, at the
//! altered row, with the parents it carries to named (RJ217), and nothing else about money;
//! also at 10,000 items with totals above 10^15 rupiah.

use renja::checks::Finding;
use renja::ingest::textexport::parse_text_export;
use renja::report::check_document;
use std::collections::BTreeMap;

/// Shape of a generated document: programs, kegiatan per program, sub kegiatan per kegiatan.
#[derive(Clone, Copy)]
struct Shape {
    programs: usize,
    kegiatan: usize,
    subs: usize,
    /// Pagu of the first sub kegiatan; the others add 1,000 each.
    base: i64,
}

fn rp(v: i64) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn codes(sh: Shape) -> Vec<(String, String, String)> {
    let mut v = Vec::new();
    for p in 0..sh.programs {
        for k in 0..sh.kegiatan {
            for s in 0..sh.subs {
                let pc = format!("2.07.{:02}", p + 1);
                let kc = format!("{pc}.2.{:02}", k + 1);
                let sc = format!("{kc}.{:04}", s + 1);
                v.push((pc, kc, sc));
            }
        }
    }
    v
}

/// A review table and a plan table of the same items; the plan's sub kegiatan pagu are the
/// review's plus `delta` (by sub kegiatan code), its kegiatan, program and JUMLAH the sums.
fn document(sh: Shape, delta: &BTreeMap<String, i64>) -> String {
    let all = codes(sh);
    let review: BTreeMap<&str, i64> = all
        .iter()
        .enumerate()
        .map(|(i, (_, _, sc))| (sc.as_str(), sh.base + i as i64 * 1000))
        .collect();
    let plan = |sc: &str| review[sc] + delta.get(sc).copied().unwrap_or(0);
    let sum = |f: &dyn Fn(&(String, String, String)) -> bool, g: &dyn Fn(&str) -> i64| -> i64 {
        all.iter().filter(|c| f(c)).map(|c| g(&c.2)).sum()
    };
    let mut rev = vec![
        "Renja Dinas Tenaga Kerja Kota Contoh Tahun 2022".to_string(),
        String::new(),
        "Tabel 2.4".into(),
        "Review Terhadap Rancangan Awal RKPD Tahun 2022".into(),
        String::new(),
        "KODE\tRancangan Awal RKPD\t\tHasil Analisis Kebutuhan\t\t".into(),
        "\tProgram/Kegiatan/Sub Kegiatan\tPagu Indikatif (Rp)\tProgram/Kegiatan/Sub Kegiatan\tPagu Indikatif (Rp)\tCatatan".into(),
        "1\t2\t3\t4\t5\t6".into(),
    ];
    let total = sum(&|_| true, &plan);
    let mut pl = vec![
        String::new(),
        "Tabel 3.3".to_string(),
        "Rumusan Rencana Program dan Kegiatan Kota Contoh Tahun 2022 dan Prakiraan Maju Tahun 2023".into(),
        String::new(),
        "KODE\tPROGRAM/KEGIATAN/SUB KEGIATAN\tINDIKATOR\tLOKASI\tTARGET\tPAGU INDIKATIF (Rp)\tSUMBER DANA".into(),
        "1\t2\t3\t4\t5\t6\t7".into(),
        format!("\tJUMLAH\t\t\t\t{}\t", rp(total)),
    ];
    let (mut last_p, mut last_k) = (String::new(), String::new());
    for (pc, kc, sc) in &all {
        let rv = |c: &str| review[c];
        if *pc != last_p {
            let name = format!("PROGRAM UJI {pc}");
            let (a, b) = (sum(&|c| c.0 == *pc, &rv), sum(&|c| c.0 == *pc, &plan));
            rev.push(format!("{pc}\t{name}\t{}\t{name}\t{}\t", rp(a), rp(a)));
            pl.push(format!("{pc}\t{name}\tPersentase\t\t100\t{}\t", rp(b)));
            last_p = pc.clone();
        }
        if *kc != last_k {
            let name = format!("Kegiatan Uji {kc}");
            let (a, b) = (sum(&|c| c.1 == *kc, &rv), sum(&|c| c.1 == *kc, &plan));
            rev.push(format!("{kc}\t{name}\t{}\t{name}\t{}\t", rp(a), rp(a)));
            pl.push(format!("{kc}\t{name}\tPersentase\t\t100\t{}\t", rp(b)));
            last_k = kc.clone();
        }
        let name = format!("Sub Kegiatan Uji {sc}");
        let (a, b) = (review[sc.as_str()], plan(sc));
        rev.push(format!("{sc}\t{name}\t{}\t{name}\t{}\t", rp(a), rp(a)));
        pl.push(format!(
            "{sc}\t{name}\tJumlah dokumen\tKota Contoh\t1 dokumen\t{}\tAPBD",
            rp(b)
        ));
    }
    rev.extend(pl);
    rev.join("\n") + "\n"
}

/// The findings about money (sums, cross-table pagu).
fn money(sh: Shape, delta: &BTreeMap<String, i64>) -> Vec<Finding> {
    let doc = parse_text_export("generated.txt", &document(sh, delta));
    check_document(&doc)
        .into_iter()
        .filter(|f| {
            f.id.starts_with("RJ10") && f.id != "RJ107" && f.id != "RJ106"
                || matches!(f.id.as_str(), "RJ201" | "RJ202" | "RJ206" | "RJ217")
        })
        .collect()
}

/// A small deterministic generator, so the planted rows vary without a dependency.
fn lcg(state: &mut u64) -> usize {
    *state = state
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (*state >> 33) as usize
}

#[test]
fn one_altered_sub_kegiatan_is_one_finding_naming_its_parents() {
    let sh = Shape {
        programs: 3,
        kegiatan: 3,
        subs: 4,
        base: 150_000_000,
    };
    let all = codes(sh);
    let mut st = 11u64;
    for _ in 0..6 {
        let (pc, kc, sc) = all[lcg(&mut st) % all.len()].clone();
        let d =
            (lcg(&mut st) % 9 + 1) as i64 * 1_000_000 * if lcg(&mut st) % 2 == 0 { 1 } else { -1 };
        let f = money(sh, &BTreeMap::from([(sc.clone(), d)]));
        assert_eq!(f.len(), 1, "{sc} {d}: {f:#?}");
        assert_eq!(
            (f[0].id.as_str(), f[0].code.as_deref()),
            ("RJ217", Some(sc.as_str()))
        );
        assert!(
            f[0].message_en
                .ends_with(&format!("carries to kegiatan {kc}, program {pc}.")),
            "{}",
            f[0].message_en
        );
        let i = all.iter().position(|c| c.2 == sc).unwrap() as i64;
        let printed = sh.base + i * 1000;
        assert_eq!(f[0].expected.as_deref(), Some(rp(printed).as_str()));
        assert_eq!(f[0].found.as_deref(), Some(rp(printed + d).as_str()));
        assert_eq!(f[0].page, 0);
        assert!(f[0].row.is_some());
    }
}

/// Two sub kegiatan of one kegiatan altered: both reported, each naming the parents (whose
/// difference is their sum); altered by opposite amounts, the parents agree and each is an
/// RJ201 of its own.
#[test]
fn two_altered_children_share_or_spare_their_parents() {
    let sh = Shape {
        programs: 2,
        kegiatan: 2,
        subs: 3,
        base: 90_000_000,
    };
    let a = "2.07.02.2.01.0001".to_string();
    let b = "2.07.02.2.01.0003".to_string();
    let f = money(
        sh,
        &BTreeMap::from([(a.clone(), 5_000_000), (b.clone(), 2_000_000)]),
    );
    assert_eq!(f.len(), 2, "{f:#?}");
    assert!(f.iter().all(|x| x.id == "RJ217"
        && x.message_en
            .ends_with("carries to kegiatan 2.07.02.2.01, program 2.07.02.")));
    let f = money(sh, &BTreeMap::from([(a, 5_000_000), (b, -5_000_000)]));
    assert_eq!(f.len(), 2, "{f:#?}");
    assert!(f.iter().all(|x| x.id == "RJ201"), "{f:#?}");
}

/// 20 programs x 20 kegiatan x 24 sub kegiatan = 10,020 items per table, a JUMLAH of about
/// 1.06 x 10^15 rupiah: the planted difference is still the one finding.
#[test]
fn ten_thousand_items_and_totals_above_ten_to_the_fifteen() {
    let sh = Shape {
        programs: 20,
        kegiatan: 20,
        subs: 24,
        base: 110_000_000_000,
    };
    let sc = "2.07.17.2.09.0021".to_string();
    let f = money(sh, &BTreeMap::from([(sc.clone(), -7_000)]));
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(
        (f[0].id.as_str(), f[0].code.as_deref()),
        ("RJ217", Some(sc.as_str()))
    );
    assert_eq!(f[0].difference.as_deref(), Some("-7,000"));
}
