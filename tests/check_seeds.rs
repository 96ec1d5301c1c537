//! Findings on the five seed documents, verified by hand against the seed text (arithmetic in
//! the comments), plus insta snapshots of every seed's findings so any change is a reviewed
//! diff.

use renja::checks::{Finding, Severity};
use renja::ingest::textexport::read_text_export;
use renja::report::check_document;

fn findings(seed: &str) -> Vec<Finding> {
    let p = format!("{}/tests/data/seeds/{seed}", env!("CARGO_MANIFEST_DIR"));
    let doc = read_text_export(&p).expect("seed readable");
    check_document(&doc)
}

fn money_findings(f: &[Finding]) -> Vec<&Finding> {
    f.iter()
        .filter(|f| {
            matches!(
                f.id.as_str(),
                "RJ101" | "RJ102" | "RJ103" | "RJ104" | "RJ201"
            )
        })
        .collect()
}

/// DOMAIN F15, the positive control: Serang T2.4 and T3.3 reconcile everywhere.
/// T2.4 grand total 13,319,369,434 = Σ programs; Hubungan Industrial 783,890,500 =
/// 60,500,000 + 363,690,500 + 100,000,000 + 175,000,000 + 84,700,000; T3.3 Penunjang 2023
/// 8,038,288,934 = Σ kegiatan with kegiatan 2.09 (printed 708,500,000 in the 2023 position)
/// read as 2022 (531,000,000 + 150,000,000 + 27,500,000 = 708,500,000) and its 2023 value
/// taken from its subs (584,100,000 + 155,000,000 + 30,250,000 = 769,350,000); the stray
/// "Tingkat Pengangguran Terbuka" row carrying 661,000,000 is the Transmigrasi subtotal, not
/// money of sub 2.02.04; "Jumlah Dokumen Evaluasi Kinerja OPD" 60,000,000 belongs to sub
/// 2.01.06 (kegiatan 2.01: 200+200+150+60+52 = 662 million). T2.4 = T3.3 for all 2022 pagu.
#[test]
fn serang_reconciles_without_money_findings() {
    let f = findings("000_29dde3c6f226ceb9.txt");
    let m = money_findings(&f);
    assert!(m.is_empty(), "false alarms: {m:#?}");
    assert!(
        !f.iter().any(|x| x.id == "RJ202"),
        "review vs plan items should all match"
    );
}

/// DOMAIN F6: Paser Tabel 3.2, Administrasi Umum Perangkat Daerah, hasil analisis: printed
/// 258,771,970; subs 1,696,890 + 248,898.050 + 46,981,020 + 11,364,210 + 173,840,000 =
/// 482,780,170; 258,771,970 - (482,780,170 - 248,898,050) = 24,889,850 reconciles the
/// mixed-separator cell.
#[test]
fn paser_f6_odd_cell() {
    let f = findings("003_f24f9052f3bac2a4.txt");
    let hit = f
        .iter()
        .find(|x| x.id == "RJ102" && x.found.as_deref() == Some("248,898.050"))
        .expect("F6 odd cell found");
    assert_eq!(hit.expected.as_deref(), Some("24,889,850"));
    assert_eq!(hit.severity, Severity::Error);
    assert!(hit.message_id.contains("24,889,850"));
    assert!(hit.table.contains("Tabel 3.2"));
}

/// Lamongan T-C.33 (004):
/// - kegiatan 2.07.01.2.01 printed 110.000.000; subs 40 + 10 + 10 + 70 million = 130.000.000.
/// - kegiatan 2.07.01.2.07 printed 260.000.000; subs 30.000.000 + 75.000.000 = 105.000.000.
/// - program 2.07.01 printed 5.845.946.790; kegiatan 110.000.000 + 4.127.249.000 +
///   103.220.000 + 130.000.000 + 260.000.000 + 1.150.477.790 + 120.000.000 = 6.000.946.790
///   (difference -155.000.000 = 105 - 260 million): with 105.000.000 for kegiatan 2.07 both the
///   program and the kegiatan's own sum hold, and JUMLAH 8.255.946.790 = 5.845.946.790 +
///   25.000.000 + 1.550.000.000 + 545.000.000 + 230.000.000 + 60.000.000 holds with the
///   printed program. So kegiatan 2.07's 260.000.000 is the odd cell.
/// - T-C.31 is titled "Tahun 2023" in the Renja 2024; its "(Rp.000)" header conflicts with
///   full-rupiah values (10.067.962.000 total vs 8.255.946.790 in T-C.33). T-C.31 itself
///   reconciles (Penunjang 6.517.962.000 = 170 + 4.127,249 + 103,22 + 432 + 260 + 1.160,493 +
///   265 million; JUMLAH = 6.517.962.000 + 25 + 2.150 + 865 + 450 + 60 million).
#[test]
fn lamongan_sums_year_and_unit() {
    let f = findings("004_c6dd8a7d63711087.txt");
    let k1 = f
        .iter()
        .find(|x| x.id == "RJ101" && x.code.as_deref() == Some("2.07.01.2.01"))
        .expect("RJ101 kegiatan 2.01");
    assert_eq!(
        (k1.found.as_deref(), k1.expected.as_deref()),
        (Some("110.000.000"), Some("130.000.000"))
    );
    let k7 = f
        .iter()
        .find(|x| x.id == "RJ102" && x.code.as_deref() == Some("2.07.01.2.07"))
        .expect("RJ102 kegiatan 2.07");
    assert_eq!(
        (k7.found.as_deref(), k7.expected.as_deref()),
        (Some("260.000.000"), Some("105.000.000"))
    );
    // The program's mismatch is explained by that cell, not reported again.
    assert!(!f
        .iter()
        .any(|x| x.id == "RJ101" && x.code.as_deref() == Some("2.07.01")));
    assert!(f.iter().any(|x| x.id == "RJ301"
        && x.table.contains("T-C.31")
        && x.found.as_deref() == Some("2023")));
    assert!(f
        .iter()
        .any(|x| x.id == "RJ302" && x.table.contains("T-C.31")));
    // No sum finding in T-C.31, which reconciles.
    assert!(!f
        .iter()
        .any(|x| x.id.starts_with("RJ10") && x.table.contains("T-C.31")));
    // T-C.33 kegiatan 2.07.01.2.06 reconciles: 10 + 25 + 10 + 15 + 70 = 130 million.
    assert!(!f.iter().any(|x| x.id.starts_with("RJ10")
        && x.code.as_deref() == Some("2.07.01.2.06")
        && x.table.contains("T-C. 33")));
}

/// C10 narrative vs table (RJ208), Paser (003): after Tabel 2.1 the text says "Total
/// realisasi kinerja hingga triwulan II ... realisasi keuangan sebesar Rp. 4.771.486.350 ...
/// dari total pagu Renja sebesar Rp. 9.239.089.578". The table's total row (the OPD row,
/// printed twice) has pagu 2022 9,239,089,578 (= Σ programs 7,599,735,517 + 21,002,000 +
/// 544,161,945 + 271,105,732 + 218,252,384 + 144,832,000 + 140,000,000 + 300,000,000): the
/// pagu quote matches. Its realisasi columns are 1,425,657,845 (TW I) and 3,882,291,290 (s/d
/// TW II; = Σ programs 3,530,768,998 + 0 + 111,026,000 + 76,330,236 + 58,898,136 +
/// 24,241,272 + 46,370,000 + 34,656,648); together 5,307,949,135. None is 4,771,486,350: the text
/// overstates the realisation by 4,771,486,350 - 3,882,291,290 = 889,195,060. The other seeds
/// quote no table total (Lamongan's 2022 budget paragraph names no table and sits before a
/// table without money), so RJ208 raises nothing there; Lamongan's percentage is right
/// (8,535,509,727 / 9,054,343,734 = 94.27 %) and not in the `X dari Y atau P %` form anyway.
#[test]
fn paser_narrative_realisasi_differs_from_tabel_2_1() {
    let f = findings("003_f24f9052f3bac2a4.txt");
    let n: Vec<&Finding> = f.iter().filter(|x| x.id == "RJ208").collect();
    assert_eq!(n.len(), 1, "{n:#?}");
    let x = n[0];
    assert_eq!(x.severity, Severity::Warning);
    assert!(
        x.table.starts_with("Tabel 2.1 Realisasi Program"),
        "{}",
        x.table
    );
    assert_eq!(x.found.as_deref(), Some("4,771,486,350"));
    assert_eq!(x.expected.as_deref(), Some("3,882,291,290"));
    assert_eq!(x.difference.as_deref(), Some("889,195,060"));
    assert_eq!(x.column.as_deref(), Some("realisasi_rp@y2022#2"));
    assert!(x.message_id.contains("Rp. 4.771.486.350"));
    // The pagu quote matches the table: no RJ208 mentions it.
    assert!(!f.iter().any(|x| x.id == "RJ208"
        && (x.message_id.contains("9.239.089.578")
            || x.found.as_deref() == Some("9,239,089,578"))));
    // RJ210: the same sentence ends "atau sebesar 57,14 %" (the kinerja figure), while
    // 4,771,486,350 / 9,239,089,578 = 51.644...%.
    let r: Vec<&Finding> = f.iter().filter(|x| x.id == "RJ210").collect();
    assert_eq!(r.len(), 1, "{r:#?}");
    assert_eq!(r[0].found.as_deref(), Some("57,14"));
    assert_eq!(r[0].expected.as_deref(), Some("51,64"));
    for seed in [
        "000_29dde3c6f226ceb9.txt",
        "001_fcc25af15757bf0d.txt",
        "002_38a1594dae9657c6.txt",
        "004_c6dd8a7d63711087.txt",
    ] {
        let f = findings(seed);
        assert!(
            !f.iter().any(|x| x.id == "RJ208" || x.id == "RJ210"),
            "{seed}"
        );
    }
}

/// Banjar IKU decree (002): definitions only, no money: nothing to report.
#[test]
fn banjar_iku_has_no_money_findings() {
    let f = findings("002_38a1594dae9657c6.txt");
    assert!(money_findings(&f).is_empty());
}

#[test]
fn snapshots() {
    for seed in [
        "000_29dde3c6f226ceb9.txt",
        "001_fcc25af15757bf0d.txt",
        "002_38a1594dae9657c6.txt",
        "003_f24f9052f3bac2a4.txt",
        "004_c6dd8a7d63711087.txt",
    ] {
        let f = findings(seed);
        insta::assert_json_snapshot!(seed, f);
    }
}

/// DOMAIN §5.2: plan program targets equal the Renstra targets of the year (Serang T3.3 vs
/// Tabel 2.2: 68, 7.65, 45, 30, 75; Lamongan T-C.33 vs T-C.30: 88,88 %, 1,37 %, 74,05 %,
/// 60,09 %, 64,74 %). No RJ205 on the seeds; changing one plan target is caught.
#[test]
fn plan_targets_follow_renstra() {
    for seed in ["000_29dde3c6f226ceb9.txt", "004_c6dd8a7d63711087.txt"] {
        assert!(!findings(seed).iter().any(|f| f.id == "RJ205"), "{seed}");
    }
    let p = format!(
        "{}/tests/data/seeds/000_29dde3c6f226ceb9.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(p).unwrap().replace(
        "Capaian Kualitas dan Produktivitas Tenaga Kerja\t%\t\t68\t",
        "Capaian Kualitas dan Produktivitas Tenaga Kerja\t%\t\t70\t",
    );
    let doc = renja::ingest::textexport::parse_text_export("000_target.txt", &text);
    let f = check_document(&doc);
    let hit = f.iter().find(|x| x.id == "RJ205").expect("RJ205");
    assert_eq!(hit.code.as_deref(), Some("2.07.03"));
    assert_eq!(
        (hit.found.as_deref(), hit.expected.as_deref()),
        (Some("70"), Some("68"))
    );
}

/// Tangerang (001, OCR of a scan): `2.07.2-7.0-0.0-0.01.03.201.01` is printed twice; the
/// second row is "Pengadaan Sarana Pelatihan Kerja Kabupaten/Kota", which the nomenclature
/// numbers 2.07.03.2.01.0003 (DOMAIN §3.2): the printed code is reported, the row keeps the
/// code of its name. Its sums are read by order (damaged header), so they are warnings only.
#[test]
fn tangerang_wrong_printed_code_and_soft_sums() {
    let f = findings("001_fcc25af15757bf0d.txt");
    let x = f
        .iter()
        .find(|x| {
            x.id == "RJ402"
                && x.name.as_deref() == Some("Pengadaan Sarana Pelatihan Kerja Kabupaten/Kota")
        })
        .expect("RJ402 on Pengadaan Sarana");
    assert!(x.message_id.contains("2.07.03.2.01.0001"));
    assert_eq!(x.code.as_deref(), Some("2.07.03.2.01.0003"));
    // The form is read as an evaluation with named K / Rp columns (no by-order reading):
    // kegiatan 2.07.05.2.02 pagu 2022 printed 332.627.750, subs 45.709.500 + 6.298.250 +
    // 280.420.000 = 332.427.750; its triwulan II 120.572.000 vs 9.804.500 + 1.562.500 +
    // 109.155.000 = 120.522.000.
    assert!(!f.iter().any(|x| x.id == "RJ005"));
    let k = |col: &str| {
        f.iter()
            .find(|x| {
                x.id == "RJ101"
                    && x.code.as_deref() == Some("2.07.05.2.02")
                    && x.column.as_deref() == Some(col)
            })
            .map(|x| (x.found.clone().unwrap(), x.expected.clone().unwrap()))
    };
    assert_eq!(
        k("pagu@y2022"),
        Some(("332.627.750".into(), "332.427.750".into()))
    );
    assert_eq!(
        k("realisasi_rp@tw2"),
        Some(("120.572.000".into(), "120.522.000".into()))
    );
    // No sum against the Renstra columns, which sub rows leave at 0.
    assert!(!f
        .iter()
        .any(|x| x.column.as_deref().is_some_and(|c| c.ends_with("@renstra"))));
    assert!(
        !f.iter().any(|x| x.severity == Severity::Error),
        "sums over the scanned form are warnings"
    );
}

/// Paser Perubahan (003): Tabel 3.4 has Pagu Sebelum / Sesudah; its TOTAL row prints
/// 7,918,770,032 before and 10,996,370,339 after (RJ203: +3,077,600,307). The review table 3.2
/// "hasil analisis" must equal the plan's Sesudah: kegiatan 2.07.03.2.05 Pengukuran
/// Produktivitas is 23,036,132 in 3.2 but 93,036,132 in 3.4 (whose program 2.07.03 Sesudah
/// 527,247,023 = 314,522,837 + 44,660,974 + 38,551,790 + 36,475,290 + 93,036,132 holds).
#[test]
fn paser_perubahan_review_vs_plan() {
    let f = findings("003_f24f9052f3bac2a4.txt");
    let t = f.iter().find(|x| x.id == "RJ203").expect("RJ203");
    assert_eq!(
        (
            t.expected.as_deref(),
            t.found.as_deref(),
            t.difference.as_deref()
        ),
        (
            Some("7,918,770,032"),
            Some("10,996,370,339"),
            Some("3,077,600,307")
        )
    );
    let r = f
        .iter()
        .find(|x| x.id == "RJ201" && x.code.as_deref() == Some("2.07.03.2.05"))
        .expect("RJ201 kegiatan 2.07.03.2.05");
    assert_eq!(
        (r.expected.as_deref(), r.found.as_deref()),
        (Some("23,036,132"), Some("93,036,132"))
    );
    // No sum finding inside 3.4 itself: it reconciles where it is complete.
    assert!(!f
        .iter()
        .any(|x| x.table_index == 5 && matches!(x.id.as_str(), "RJ101" | "RJ102")));
}

/// Serang T3.3 completeness (RJ107), read off the seed rows: no pagu on 2.07.01.2.01.0003/4/5
/// (Perubahan RKA, DPA, Perubahan DPA print no amount), no sumber dana on 2.07.01.2.05.0002,
/// 2.07.01.2.06.0002, 2.07.01.2.06.0010, 2.07.01.2.08.0004 (no "APBD" in the row), no lokasi on
/// 2.07.05.2.02.0001, 2.07.05.2.02.0004, 3.32.03.2.01.0001 (the lokasi cell is empty), no satuan
/// on 2.07.01.2.05.0010 ("Jumlah peserta sosialisasi | (empty) | Kota Serang | 28"). Every
/// other sub has a target: where the target column drifted ("Kota Serang | | | 1") the number
/// just before the pagu is found by content.
#[test]
fn serang_sub_completeness() {
    let f = findings("000_29dde3c6f226ceb9.txt");
    let mut got: Vec<(String, String)> = f
        .iter()
        .filter(|x| x.id == "RJ107")
        .map(|x| {
            let what = x
                .message_en
                .rsplit(": ")
                .next()
                .unwrap()
                .replace(" is empty.", "");
            (x.code.clone().unwrap(), what)
        })
        .collect();
    got.sort();
    let want = [
        ("2.07.01.2.01.0003", "pagu"),
        ("2.07.01.2.01.0004", "pagu"),
        ("2.07.01.2.01.0005", "pagu"),
        ("2.07.01.2.05.0002", "sumber dana"),
        ("2.07.01.2.05.0010", "satuan"),
        ("2.07.01.2.06.0002", "sumber dana"),
        ("2.07.01.2.06.0010", "sumber dana"),
        ("2.07.01.2.08.0004", "sumber dana"),
        ("2.07.05.2.02.0001", "lokasi"),
        ("2.07.05.2.02.0004", "lokasi"),
        ("3.32.03.2.01.0001", "lokasi"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want);
}

/// DOMAIN §5.2: Serang Tabel 2.2 (Renja 2022, written in 2021) prints its 2021 column (headed
/// Proyeksi; 2019-2020 are the realisasi) equal to the Renstra 2021 target on all 18 indicators
/// (row 1: 5.3 = 5.3; row 18: 66.30 = 66.30); Lamongan T-C.30 (Renja 2024) prints "Realisasi
/// capaian 2023" equal to the Renstra 2023 target on all 7 indicators (88,87 %, 1,36 %,
/// 44,267 %, 73,21 %, 60,08 %, 64,73 %, 80). Proyeksi for n and n+1 equal to the targets is
/// what the template asks for and is not reported; Paser 2.2 gets nothing.
#[test]
fn service_realisasi_copies_targets() {
    for (seed, years) in [
        ("000_29dde3c6f226ceb9.txt", "2021"),
        ("004_c6dd8a7d63711087.txt", "2023"),
    ] {
        let f = findings(seed);
        let x: Vec<_> = f.iter().filter(|x| x.id == "RJ207").collect();
        assert_eq!(x.len(), 1, "{seed}");
        assert_eq!(x[0].found.as_deref(), Some(years), "{seed}");
        assert_eq!(x[0].severity, Severity::Info);
    }
    assert!(!findings("003_f24f9052f3bac2a4.txt")
        .iter()
        .any(|x| x.id == "RJ207"));
}

/// Lamongan: T-C.31 (titled 2023) against T-C.33 (2024) differ on 41 of the 72 items compared;
/// program totals 8.255.946.790 (T-C.33 JUMLAH) - 10.067.962.000 (T-C.31 JUMLAH) =
/// -1.812.015.210. One RJ206 summary, the 41 RJ201 kept. Paser (17 of more than twice as many)
/// and Serang (none) get no summary.
#[test]
fn lamongan_review_plan_summary() {
    let f = findings("004_c6dd8a7d63711087.txt");
    let s: Vec<_> = f.iter().filter(|x| x.id == "RJ206").collect();
    assert_eq!(s.len(), 1);
    assert_eq!(
        (
            s[0].found.as_deref(),
            s[0].expected.as_deref(),
            s[0].difference.as_deref()
        ),
        (Some("41"), Some("72"), Some("-1.812.015.210"))
    );
    assert_eq!(f.iter().filter(|x| x.id == "RJ201").count(), 41);
    for seed in ["000_29dde3c6f226ceb9.txt", "003_f24f9052f3bac2a4.txt"] {
        assert!(!findings(seed).iter().any(|x| x.id == "RJ206"), "{seed}");
    }
}
