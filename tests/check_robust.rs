//! Bad and odd input never crashes the checks (an internal error would surface as RJ000) and
//! what cannot be checked is said, not dropped.

use renja::extracted::{Cell, Document, Row, Table};
use renja::ingest::textexport::parse_text_export;
use renja::report::check_document;

fn no_crash(name: &str, text: &str) -> Vec<renja::checks::Finding> {
    let doc = parse_text_export(name, text);
    let f = check_document(&doc);
    assert!(!f.iter().any(|x| x.id == "RJ000"), "{name}: {f:#?}");
    f
}

#[test]
fn odd_text_exports_do_not_crash() {
    let cases = [
        ("empty", ""),
        ("prose", "Hanya teks tanpa tabel.\n\nTahun 2022"),
        ("header only", "Tabel 3.3\nRencana Tahun 2022\n\nKODE\tPROGRAM\tPAGU\n1\t2\t3\n"),
        ("nihil", "Tabel T-C. 32\n\nNo\tProgram/Kegiatan\tLokasi\n(1)\t(2)\t(3)\n\tNIHIL\t\n"),
        ("one column", "A\n1,000,000\n\tX\n"),
        ("ragged", "KODE\tPROGRAM\tPAGU INDIKATIF\tPRAKIRAAN MAJU\n2.07\n2.07.01\tProgram X\t1,000,000\t2,000,000\t3,000,000\t4,000,000\t5,000,000\n\t\t\t\n"),
        ("unicode", "Tabel 1\n\nKODE\tPROGRAM\tPAGU INDIKATIF\tPRAKIRAAN MAJU\n2.07.01\tProgram Ünïcödé – “quoted”\t1.000.000\t\n€\t✓\t—\t\n"),
        ("huge numbers", "KODE\tPROGRAM\tPAGU INDIKATIF\tPRAKIRAAN MAJU\n2.07.01\tProgram\t999,999,999,999,999,999\t1\n2.07.01.2.01\tKegiatan\t999,999,999,999,999,998\t\n"),
        ("codes only", "KODE\tPROGRAM\tPAGU INDIKATIF\tPRAKIRAAN MAJU\n2.07.01\t\t1,000,000\t\n2.07.01.2.01\t\t\t\n9.99.99.9.99.9999\t\t5,000,000\t\n"),
        ("negative", "KODE\tPROGRAM\tPAGU INDIKATIF\tPRAKIRAAN MAJU\n2.07.01\tProgram\t(1,000,000)\t-\n2.07.01.2.01\tKeg\t-1,000,000\t\n"),
    ];
    for (name, text) in cases {
        no_crash(name, text);
    }
}

#[test]
fn table_without_money_columns_is_reported() {
    let f = no_crash(
        "nomoney",
        "Tabel 9\nDaftar Sesuatu\n\nNO\tNAMA\tKETERANGAN\n1\tBaris\t1,500,000,000\n",
    );
    assert!(f.iter().any(|x| x.id == "RJ002"), "{f:#?}");
}

#[test]
fn positioned_cells_without_text_do_not_crash() {
    let cell = |t: &str| Cell {
        text: t.into(),
        page: 2,
        conf: Some(10.0),
        ..Default::default()
    };
    let doc = Document {
        name: "x.pdf".into(),
        pages: 2,
        tables: vec![Table {
            title: String::new(),
            page: 2,
            last_page: 2,
            header_rows: vec![],
            rows: vec![
                Row {
                    page: 2,
                    cells: vec![],
                },
                Row {
                    page: 2,
                    cells: vec![cell(""), cell("1O,OOO,OOO")],
                },
            ],
        }],
        text: vec![],
        warnings: vec![],
        ..Default::default()
    };
    let f = check_document(&doc);
    assert!(!f.iter().any(|x| x.id == "RJ000"), "{f:#?}");
}
