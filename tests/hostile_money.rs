//! Issue 13 item 5: money is added with checked arithmetic; amounts whose sum does not fit
//! are a finding (RJ113), never a wrapped sum that passes RJ101.

use renja::ingest::textexport::parse_text_export;
use renja::report::check_document;

/// Rupiah with English grouping, two decimals.
fn rp(sen: i128) -> String {
    let (rupiah, cents) = (sen / 100, sen % 100);
    let s = rupiah.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out}.{cents:02}")
}

fn table(parts: &[i128], printed_total: i128) -> String {
    let mut lines = vec![
        "Renja Dinas Tenaga Kerja Kota Contoh Tahun 2022".to_string(),
        String::new(),
        "Tabel 3.3".into(),
        "Rumusan Rencana Program dan Kegiatan Kota Contoh Tahun 2022".into(),
        String::new(),
        "KODE\tPROGRAM/KEGIATAN/SUB KEGIATAN\tINDIKATOR\tLOKASI\tTARGET\tPAGU INDIKATIF (Rp)\tSUMBER DANA".into(),
        "1\t2\t3\t4\t5\t6\t7".into(),
        format!("2.07.03.2.01\tPelaksanaan Pelatihan berdasarkan Unit Kompetensi\tPersentase\t\t100\t{}\t", rp(printed_total)),
    ];
    for (i, p) in parts.iter().enumerate() {
        lines.push(format!(
            "2.07.03.2.01.000{}\tSub Kegiatan Uji {}\tJumlah dokumen\tKota Contoh\t1 dokumen\t{}\tAPBD",
            i + 1,
            i + 1,
            rp(*p)
        ));
    }
    lines.join("\n") + "\n"
}

#[test]
fn four_amounts_of_5e16_and_their_wrapped_total_do_not_pass() {
    let part: i128 = 5 * 10i128.pow(16) * 100; // 5 x 10^16 rupiah, in sen
    let parts = [part; 4];
    let true_sum: i128 = parts.iter().sum();
    // What an unchecked i64 sum of the four prints: the true sum wrapped around 2^64.
    let wrapped = (true_sum as i64 as i128).rem_euclid(1i128 << 64);
    let wrapped = if wrapped >= 1i128 << 63 {
        wrapped - (1i128 << 64)
    } else {
        wrapped
    };
    assert!(
        wrapped > 0,
        "the wrapped value is a plausible positive amount"
    );
    let doc = parse_text_export("bomb.txt", &table(&parts, wrapped));
    let f = check_document(&doc);
    let money: Vec<_> = f.iter().filter(|f| f.id.starts_with("RJ1")).collect();
    assert!(
        money.iter().any(|f| f.id == "RJ113"),
        "an overflowing sum is reported as too large to be real: {money:#?}"
    );
    let rj113 = f.iter().find(|f| f.id == "RJ113").unwrap();
    assert!(
        rj113.message_en.contains("too large to be real"),
        "{}",
        rj113.message_en
    );
    assert_eq!(rj113.code.as_deref(), Some("2.07.03.2.01"));
    // Never a wrapped figure presented as a sum.
    let shown = rp(wrapped);
    assert!(
        f.iter()
            .all(|x| x.expected.as_deref() != Some(shown.trim_end_matches(".00"))),
        "{f:#?}"
    );
}

/// The same shape with real amounts still checks as before: a correct total passes, a wrong one
/// is RJ101/RJ102, and no RJ113.
#[test]
fn ordinary_amounts_are_unaffected() {
    let parts = [200_000_000i128, 250_000_000, 50_000_000, 75_000_000].map(|rp| rp * 100);
    let sum: i128 = parts.iter().sum();
    let ok = check_document(&parse_text_export("ok.txt", &table(&parts, sum)));
    assert!(
        ok.iter()
            .all(|f| !f.id.starts_with("RJ10") && f.id != "RJ113"),
        "{ok:#?}"
    );
    let bad = check_document(&parse_text_export("bad.txt", &table(&parts, sum + 700_000)));
    assert!(
        bad.iter()
            .any(|f| matches!(f.id.as_str(), "RJ101" | "RJ102" | "RJ112")),
        "{bad:#?}"
    );
    assert!(bad.iter().all(|f| f.id != "RJ113"));
}
