//! Layout on synthetic pages: the hard cases of Renja tables, each built from positioned words
//! and ruling lines the way a PDF export draws them.

use renja::geom::BBox;
use renja::ingest::{Orientation, Page, PageSource, Rule, Word};
use renja::layout::{LayoutBuilder, LayoutResult};

/// Glyph width and height of the synthetic font.
const GW: f32 = 5.0;
const GH: f32 = 8.0;

fn word(text: &str, x0: f32, y0: f32, bold: bool) -> Word {
    Word {
        text: text.into(),
        bbox: BBox::new(x0, y0, x0 + GW * text.chars().count() as f32, y0 + GH),
        font_size: GH,
        bold,
        conf: None,
    }
}

/// Words of a line starting at `x0`, one space (one glyph) between words.
fn line(text: &str, x0: f32, y0: f32, bold: bool) -> Vec<Word> {
    let mut x = x0;
    text.split(' ')
        .map(|t| {
            let w = word(t, x, y0, bold);
            x = w.bbox.x1 + GW;
            w
        })
        .collect()
}

fn hrule(x0: f32, x1: f32, y: f32) -> Rule {
    Rule {
        orientation: Orientation::Horizontal,
        bbox: BBox::new(x0, y - 0.4, x1, y + 0.4),
    }
}

fn vrule(x: f32, y0: f32, y1: f32) -> Rule {
    Rule {
        orientation: Orientation::Vertical,
        bbox: BBox::new(x - 0.4, y0, x + 0.4, y1),
    }
}

/// A ruled table drawn cell by cell like Chromium does. `rows[r][c]` is the cell text (lines
/// separated by `\n`), `None` for a grid cell covered by the span to its left (colspan) and
/// `Some("^")` for one covered by the span above (rowspan). Returns words and rules.
struct Grid<'a> {
    xs: &'a [f32],
    y0: f32,
    row_h: &'a [f32],
    rows: Vec<Vec<Option<&'a str>>>,
    bold_rows: usize,
}

impl Grid<'_> {
    fn draw(&self, words: &mut Vec<Word>, rules: &mut Vec<Rule>) -> f32 {
        let mut ys = vec![self.y0];
        for h in self.row_h {
            ys.push(ys.last().unwrap() + h);
        }
        let nc = self.xs.len() - 1;
        for (r, row) in self.rows.iter().enumerate() {
            for c in 0..nc {
                let cell = row[c];
                let (x0, x1, y0, y1) = (self.xs[c], self.xs[c + 1], ys[r], ys[r + 1]);
                // Left border unless covered by a colspan.
                if cell.is_some() || c == 0 {
                    rules.push(vrule(x0, y0, y1));
                }
                if c == nc - 1 {
                    rules.push(vrule(x1, y0, y1));
                }
                // Top border unless covered by a rowspan.
                if cell != Some("^") {
                    rules.push(hrule(x0, x1, y0));
                }
                if r == self.rows.len() - 1 {
                    rules.push(hrule(x0, x1, y1));
                }
                if let Some(t) = cell {
                    if t == "^" {
                        continue;
                    }
                    for (k, l) in t.split('\n').enumerate() {
                        if l.is_empty() {
                            continue;
                        }
                        // Header labels are centred in their (possibly spanning) cell, body
                        // text starts at the left padding.
                        let header = r < self.bold_rows;
                        let mut right = x1;
                        let mut c2 = c + 1;
                        while c2 < nc && row[c2].is_none() {
                            right = self.xs[c2 + 1];
                            c2 += 1;
                        }
                        let width = GW * l.chars().count() as f32;
                        let x = if header {
                            (x0 + right - width) / 2.0
                        } else {
                            x0 + 2.0
                        };
                        words.extend(line(l, x, y0 + 2.0 + k as f32 * (GH + 1.0), header));
                    }
                }
            }
        }
        *ys.last().unwrap()
    }
}

fn page(number: u32, words: Vec<Word>, rules: Vec<Rule>) -> Page {
    Page {
        number,
        width: 600.0,
        height: 800.0,
        words,
        rules,
        source: PageSource::TextLayer,
    }
}

fn run(pages: &[Page]) -> LayoutResult {
    let mut b = LayoutBuilder::new();
    for p in pages {
        b.push_page(p);
    }
    b.finish()
}

fn texts(cells: &[renja::extracted::Cell]) -> Vec<&str> {
    cells.iter().map(|c| c.text.as_str()).collect()
}

const XS: &[f32] = &[50.0, 80.0, 250.0, 300.0, 400.0];

fn header_rows() -> Vec<Vec<Option<&'static str>>> {
    vec![
        vec![Some("No"), Some("Uraian"), Some("Target"), None],
        vec![Some("^"), Some("^"), Some("2022"), Some("2023")],
        vec![Some("1"), Some("2"), Some("3"), Some("4")],
    ]
}

#[test]
fn wrapped_number_and_broken_word_rejoin() {
    // Column 2 is 50 wide: 9 glyphs fit after the 2 pt padding on each side.
    let mut rows = header_rows();
    rows.push(vec![
        Some("1"),
        Some("Penyelenggaraan Rapat"),
        Some("31452666\n4"),
        Some("100"),
    ]);
    rows.push(vec![
        Some("2"),
        Some("Jumlah"),
        Some("Penyeleng\ngaraan"),
        Some("12 bulan"),
    ]);
    let (mut w, mut r) = (vec![], vec![]);
    Grid {
        xs: XS,
        y0: 100.0,
        row_h: &[12.0, 12.0, 12.0, 21.0, 21.0],
        rows,
        bold_rows: 3,
    }
    .draw(&mut w, &mut r);
    let res = run(&[page(1, w, r)]);
    assert_eq!(res.tables.len(), 1);
    let t = &res.tables[0];
    assert_eq!(t.rows.len(), 2);
    assert_eq!(texts(&t.rows[0].cells)[2], "314526664");
    assert_eq!(texts(&t.rows[1].cells)[2], "Penyelenggaraan");
    assert_eq!(texts(&t.rows[1].cells)[3], "12 bulan");
}

#[test]
fn spanning_header_cells_keep_text_in_first_column() {
    let mut rows = header_rows();
    rows.push(vec![Some("1"), Some("Program A"), Some("10"), Some("20")]);
    let (mut w, mut r) = (vec![], vec![]);
    Grid {
        xs: XS,
        y0: 100.0,
        row_h: &[12.0, 12.0, 12.0, 12.0],
        rows,
        bold_rows: 3,
    }
    .draw(&mut w, &mut r);
    let res = run(&[page(1, w, r)]);
    let t = &res.tables[0];
    let h: Vec<Vec<&str>> = t.header_rows.iter().map(|r| texts(r)).collect();
    assert_eq!(
        h,
        vec![
            vec!["No", "Uraian", "Target", ""],
            vec!["", "", "2022", "2023"],
            vec!["1", "2", "3", "4"],
        ]
    );
    assert_eq!(texts(&t.rows[0].cells), vec!["1", "Program A", "10", "20"]);
    // Every cell knows where it is.
    let c = &t.rows[0].cells[1];
    assert_eq!(c.page, 1);
    let bb = c.bbox.expect("cell box");
    assert!((bb.x0 - 80.0).abs() < 1.0 && (bb.x1 - 250.0).abs() < 1.0);
    // The spanning header cell covers both year columns.
    let span = t.header_rows[0][2].bbox.expect("span box");
    assert!((span.x1 - 400.0).abs() < 1.0);
}

#[test]
fn table_continues_over_pages_with_and_without_repeated_header() {
    let mut pages = Vec::new();
    for (n, repeat_header, first) in [(1u32, true, 1), (2, true, 3), (3, false, 5)] {
        let (mut w, mut r) = (vec![], vec![]);
        // Running header and page number on every page.
        w.extend(line("SIPD Rencana Kerja", 50.0, 20.0, false));
        w.extend(line(&format!("Halaman {n}"), 280.0, 780.0, false));
        let mut y0 = 100.0;
        if n == 1 {
            w.extend(line("Tabel 2.4 Review Rancangan", 100.0, 80.0, true));
        } else {
            y0 = 60.0;
        }
        let mut rows = if repeat_header { header_rows() } else { vec![] };
        let labels = [format!("{first}"), format!("{}", first + 1)];
        let labels: Vec<String> = labels.to_vec();
        for l in &labels {
            rows.push(vec![
                Some(l.as_str()),
                Some("Kegiatan"),
                Some("5"),
                Some("6"),
            ]);
        }
        let heights = vec![12.0; rows.len()];
        Grid {
            xs: XS,
            y0,
            row_h: &heights,
            rows,
            bold_rows: if repeat_header { 3 } else { 0 },
        }
        .draw(&mut w, &mut r);
        pages.push(page(n, w, r));
    }
    let res = run(&pages);
    assert_eq!(res.tables.len(), 1, "{:#?}", res.tables);
    let t = &res.tables[0];
    assert_eq!(t.title, "Tabel 2.4 Review Rancangan");
    assert_eq!((t.page, t.last_page), (1, 3));
    assert_eq!(t.header_rows.len(), 3);
    let firsts: Vec<&str> = t.rows.iter().map(|r| r.cells[0].text.as_str()).collect();
    assert_eq!(firsts, vec!["1", "2", "3", "4", "5", "6"]);
    let pages: Vec<u32> = t.rows.iter().map(|r| r.page).collect();
    assert_eq!(pages, vec![1, 1, 2, 2, 3, 3]);
    // Running header kept once (first page, when it cannot yet be known to repeat); page
    // numbers never.
    assert!(res.text.iter().all(|l| !l.starts_with("Halaman")));
    assert_eq!(res.text.iter().filter(|l| l.starts_with("SIPD")).count(), 1);
}

#[test]
fn two_tables_on_a_page_with_titles_and_text_between() {
    let (mut w, mut r) = (vec![], vec![]);
    w.extend(line("Tabel 4.2 Program Unggulan", 100.0, 60.0, true));
    let rows = vec![
        vec![Some("Program"), Some("Kegiatan"), Some("Pagu"), Some("Ket")],
        vec![
            Some("Pasar"),
            Some("Penataan"),
            Some("145,000,000"),
            Some(""),
        ],
    ];
    let bottom = Grid {
        xs: XS,
        y0: 75.0,
        row_h: &[12.0, 12.0],
        rows: rows.clone(),
        bold_rows: 1,
    }
    .draw(&mut w, &mut r);
    w.extend(line(
        "Paragraf di antara dua tabel.",
        50.0,
        bottom + 20.0,
        false,
    ));
    w.extend(line(
        "Tabel 4.2 Rumusan Rencana Indikasi",
        100.0,
        bottom + 60.0,
        true,
    ));
    w.extend(line(
        "Program Mendesak Tahun 2022",
        100.0,
        bottom + 70.0,
        true,
    ));
    Grid {
        xs: XS,
        y0: bottom + 85.0,
        row_h: &[12.0, 12.0],
        rows,
        bold_rows: 1,
    }
    .draw(&mut w, &mut r);
    let res = run(&[page(1, w, r)]);
    assert_eq!(res.tables.len(), 2);
    assert_eq!(res.tables[0].title, "Tabel 4.2 Program Unggulan");
    assert_eq!(
        res.tables[1].title,
        "Tabel 4.2 Rumusan Rencana Indikasi Program Mendesak Tahun 2022"
    );
    assert_eq!(res.text, vec!["Paragraf di antara dua tabel."]);
    for t in &res.tables {
        assert_eq!(t.header_rows.len(), 1);
        assert_eq!(texts(&t.rows[0].cells)[2], "145,000,000");
    }
}

#[test]
fn empty_table_is_still_a_table() {
    let (mut w, mut r) = (vec![], vec![]);
    w.extend(line("Tabel Rumusan Rencana Pendapatan", 100.0, 60.0, true));
    Grid {
        xs: XS,
        y0: 75.0,
        row_h: &[12.0, 12.0],
        rows: vec![
            vec![Some("Kode"), Some("Uraian"), Some("Target"), Some("Ket")],
            vec![Some(""), Some("NIHIL"), Some(""), Some("")],
        ],
        bold_rows: 1,
    }
    .draw(&mut w, &mut r);
    let res = run(&[page(1, w, r)]);
    assert_eq!(res.tables.len(), 1);
    assert_eq!(
        texts(&res.tables[0].rows[0].cells),
        vec!["", "NIHIL", "", ""]
    );
}

#[test]
fn borderless_table_from_text_alignment() {
    let mut w = Vec::new();
    w.extend(line("Daftar kegiatan tahun ini:", 50.0, 40.0, false));
    let data = [
        ("1", "Pelatihan kerja", "2,100,000,000", "APBD"),
        ("2", "Penempatan tenaga", "350,000,000", "APBD"),
        ("3", "Pengawasan", "45,000,000", "DAK"),
    ];
    let mut y = 70.0;
    for (no, name, pagu, src) in data {
        w.push(word(no, 50.0, y, false));
        w.extend(line(name, 80.0, y, false));
        w.push(word(pagu, 250.0, y, false));
        w.push(word(src, 350.0, y, false));
        y += 12.0;
        if no == "1" {
            // A wrapped second line of the name column belongs to the same row.
            w.extend(line("berbasis kompetensi", 80.0, y, false));
            y += 12.0;
        }
    }
    let res = run(&[page(1, w, vec![])]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    let t = &res.tables[0];
    let got: Vec<Vec<&str>> = t.rows.iter().map(|r| texts(&r.cells)).collect();
    assert_eq!(
        got,
        vec![
            vec![
                "1",
                "Pelatihan kerja berbasis kompetensi",
                "2,100,000,000",
                "APBD"
            ],
            vec!["2", "Penempatan tenaga", "350,000,000", "APBD"],
            vec!["3", "Pengawasan", "45,000,000", "DAK"],
        ]
    );
    assert_eq!(res.text, vec!["Daftar kegiatan tahun ini:"]);
}

/// Extracts one sample PDF of the project page by page, as the pipeline does.
fn extract_sample(name: &str) -> LayoutResult {
    extract_pdf(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(name),
    )
}

/// Extracts a PDF page by page, as the pipeline does.
fn extract_pdf(path: &std::path::Path) -> LayoutResult {
    use renja::ingest::pdf::{PdfFile, PdfOptions};
    let pdf = PdfFile::open(path, &PdfOptions::default()).expect("PDF opens");
    let mut b = LayoutBuilder::new();
    for n in 1..=pdf.page_count() {
        b.push_page(&pdf.page(n).expect("sample page reads"));
    }
    b.finish()
}

/// The first rows of a table as plain text, for a small reviewable snapshot.
fn table_head(t: &renja::extracted::Table, rows: usize) -> serde_json::Value {
    let cells = |r: &[renja::extracted::Cell]| r.iter().map(|c| c.text.clone()).collect::<Vec<_>>();
    serde_json::json!({
        "title": t.title,
        "pages": [t.page, t.last_page],
        "body_rows": t.rows.len(),
        "header_rows": t.header_rows.iter().map(|r| cells(r)).collect::<Vec<_>>(),
        "rows": t.rows.iter().take(rows).map(|r| (r.page, cells(&r.cells))).collect::<Vec<_>>(),
    })
}

#[test]
fn snapshot_sipd_review_table_over_pages() {
    let res = extract_sample("000_serang_sipd.pdf");
    let t = res
        .tables
        .iter()
        .find(|t| t.title.starts_with("Tabel 2.4"))
        .expect("Tabel 2.4 found");
    insta::assert_json_snapshot!(table_head(t, 10));
}

#[test]
fn snapshot_sipd_untitled_four_row_header() {
    let res = extract_sample("003_paser_sipd.pdf");
    let t = res.tables.last().expect("a table");
    insta::assert_json_snapshot!(table_head(t, 2));
}

#[test]
fn snapshot_word_export_table_and_footer() {
    let res = extract_sample("002_banjar_word.pdf");
    assert_eq!(res.tables.len(), 1);
    assert!(res.text.iter().all(|l| !l.starts_with("Halaman")));
    insta::assert_json_snapshot!(table_head(&res.tables[0], 3));
}

#[test]
fn title_at_page_foot_belongs_to_table_on_next_page() {
    let (mut w1, mut r1) = (vec![], vec![]);
    let bottom = Grid {
        xs: XS,
        y0: 60.0,
        row_h: &[12.0, 12.0],
        rows: vec![
            vec![Some("Kode"), Some("Uraian"), Some("Target"), Some("Ket")],
            vec![Some("1"), Some("Pendapatan"), Some("10"), Some("")],
        ],
        bold_rows: 1,
    }
    .draw(&mut w1, &mut r1);
    w1.extend(line("Paragraf penutup.", 50.0, bottom + 20.0, false));
    w1.extend(line("Tabel 3.1 Rumusan Tujuan", 100.0, 700.0, true));
    let (mut w2, mut r2) = (vec![], vec![]);
    Grid {
        xs: &[50.0, 150.0, 300.0],
        y0: 60.0,
        row_h: &[12.0, 12.0],
        rows: vec![
            vec![Some("Tujuan"), Some("Indikator")],
            vec![Some("Meningkatnya"), Some("Persentase")],
        ],
        bold_rows: 1,
    }
    .draw(&mut w2, &mut r2);
    let res = run(&[page(1, w1, r1), page(2, w2, r2)]);
    assert_eq!(res.tables.len(), 2);
    assert_eq!(res.tables[0].title, "");
    assert_eq!(res.tables[1].title, "Tabel 3.1 Rumusan Tujuan");
    assert_eq!(res.tables[1].page, 2);
    assert_eq!(res.text, vec!["Paragraf penutup."]);
}

#[test]
fn unrecognised_header_is_learnt_when_it_repeats() {
    // A plain (not bold, not centred) header row repeated at the top of page 2.
    let mut pages = Vec::new();
    for (n, first) in [(1u32, "1"), (2, "3")] {
        let (mut w, mut r) = (vec![], vec![]);
        let second = if n == 1 { "2" } else { "4" };
        Grid {
            xs: XS,
            y0: 60.0,
            row_h: &[12.0, 12.0, 12.0],
            rows: vec![
                vec![Some("No"), Some("Uraian"), Some("Target"), Some("Satuan")],
                vec![Some(first), Some("Kegiatan A"), Some("5"), Some("unit")],
                vec![Some(second), Some("Kegiatan B"), Some("6"), Some("unit")],
            ],
            bold_rows: 0,
        }
        .draw(&mut w, &mut r);
        pages.push(page(n, w, r));
    }
    let res = run(&pages);
    assert_eq!(res.tables.len(), 1);
    let t = &res.tables[0];
    assert_eq!(t.header_rows.len(), 1);
    assert_eq!(
        texts(&t.header_rows[0]),
        vec!["No", "Uraian", "Target", "Satuan"]
    );
    let firsts: Vec<&str> = t.rows.iter().map(|r| r.cells[0].text.as_str()).collect();
    assert_eq!(firsts, vec!["1", "2", "3", "4"]);
}

/// Header rows, then body rows, of a table as text.
fn header_and_body(t: &renja::extracted::Table) -> Vec<Vec<&str>> {
    t.header_rows
        .iter()
        .map(|r| texts(r))
        .chain(t.rows.iter().map(|r| texts(&r.cells)))
        .collect()
}

/// The Word-style table ruled between rows only, as read (header row first).
const WORD_STYLE_ROWS: [[&str; 4]; 4] = [
    ["Kegiatan", "Indikator", "Pagu", "Sumber"],
    [
        "Pelatihan kerja berbasis kompetensi",
        "Jumlah peserta",
        "2,100,000,000",
        "APBD",
    ],
    ["Penempatan", "Jumlah pencari kerja", "350,000,000", "APBD"],
    ["Pengawasan", "Jumlah perusahaan", "45,000,000", "DAK"],
];

#[test]
fn rows_between_horizontal_rules_only() {
    // No vertical rules; a rule under the header and between rows; a wrapped cell whose other
    // cells sit in the middle of the row (vertically centred, as browsers print them).
    let (mut w, mut r) = (vec![], vec![]);
    let rule = |y: f32, r: &mut Vec<Rule>| r.push(hrule(45.0, 440.0, y));
    rule(58.0, &mut r);
    w.extend(line("Kegiatan", 50.0, 60.0, true));
    w.extend(line("Indikator", 200.0, 60.0, true));
    w.extend(line("Pagu", 320.0, 60.0, true));
    w.extend(line("Sumber", 400.0, 60.0, true));
    rule(70.0, &mut r);
    w.extend(line("Pelatihan kerja", 50.0, 74.0, false));
    w.extend(line("berbasis", 50.0, 83.0, false));
    w.extend(line("Jumlah peserta", 200.0, 83.0, false));
    w.extend(line("2,100,000,000", 320.0, 83.0, false));
    w.extend(line("APBD", 400.0, 83.0, false));
    w.extend(line("kompetensi", 50.0, 92.0, false));
    rule(104.0, &mut r);
    w.extend(line("Penempatan", 50.0, 108.0, false));
    w.extend(line("Jumlah pencari kerja", 200.0, 108.0, false));
    w.extend(line("350,000,000", 320.0, 108.0, false));
    w.extend(line("APBD", 400.0, 108.0, false));
    rule(120.0, &mut r);
    w.extend(line("Pengawasan", 50.0, 124.0, false));
    w.extend(line("Jumlah perusahaan", 200.0, 124.0, false));
    w.extend(line("45,000,000", 320.0, 124.0, false));
    w.extend(line("DAK", 400.0, 124.0, false));
    rule(136.0, &mut r);
    let res = run(&[page(1, w, r)]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    let t = &res.tables[0];
    assert_eq!(header_and_body(t), WORD_STYLE_ROWS);
    assert_eq!(t.header_rows.len(), 1);
}

#[test]
fn changing_running_header_does_not_break_continuation() {
    let mut pages = Vec::new();
    for n in 1..=2u32 {
        let (mut w, mut r) = (vec![], vec![]);
        // A page header that differs on every page (not a repeat, not a page number).
        let head = if n == 1 {
            "BAB II EVALUASI"
        } else {
            "Renja 2024"
        };
        w.extend(line(head, 50.0, 20.0, false));
        if n == 2 {
            // A bold "continued" line above the table is not a new title.
            w.extend(line("Lanjutan Tabel 2.4", 100.0, 85.0, true));
        }
        let label = if n == 1 { "1" } else { "2" };
        let mut rows = if n == 1 { header_rows() } else { vec![] };
        rows.push(vec![Some(label), Some("Kegiatan"), Some("5"), Some("6")]);
        let heights = vec![12.0; rows.len()];
        Grid {
            xs: XS,
            y0: 100.0,
            row_h: &heights,
            rows,
            bold_rows: if n == 1 { 3 } else { 0 },
        }
        .draw(&mut w, &mut r);
        pages.push(page(n, w, r));
    }
    let res = run(&pages);
    assert_eq!(res.tables.len(), 1);
    assert_eq!(res.tables[0].rows.len(), 2);
    assert_eq!(res.tables[0].last_page, 2);
}

#[test]
fn title_printed_as_first_spanning_row_is_the_title() {
    let mut pages = Vec::new();
    for n in 1..=2u32 {
        let (mut w, mut r) = (vec![], vec![]);
        let mut rows = vec![vec![Some("Tabel 2.1 Realisasi Program"), None, None, None]];
        rows.extend(header_rows());
        let label = if n == 1 { "1" } else { "2" };
        rows.push(vec![Some(label), Some("Kegiatan"), Some("5"), Some("6")]);
        let heights = vec![12.0; rows.len()];
        Grid {
            xs: XS,
            y0: 100.0,
            row_h: &heights,
            rows,
            bold_rows: 4,
        }
        .draw(&mut w, &mut r);
        pages.push(page(n, w, r));
    }
    let res = run(&pages);
    assert_eq!(res.tables.len(), 1);
    let t = &res.tables[0];
    assert_eq!(t.title, "Tabel 2.1 Realisasi Program");
    assert_eq!(t.header_rows.len(), 3);
    assert_eq!(t.rows.len(), 2);
}

fn fixture(name: &str) -> LayoutResult {
    extract_pdf(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/layout")
            .join(name),
    )
}

fn body(t: &renja::extracted::Table) -> Vec<Vec<&str>> {
    t.rows.iter().map(|r| texts(&r.cells)).collect()
}

#[test]
fn pdf_borderless_table_framed_by_header_rules() {
    let res = fixture("borderless_hrules.pdf");
    assert_eq!(res.tables.len(), 1);
    let t = &res.tables[0];
    assert_eq!(t.title, "Tabel 3.1 Rencana Kegiatan");
    assert_eq!(
        texts(&t.header_rows[0]),
        vec!["No", "Kegiatan", "Pagu (Rp)", "Sumber"]
    );
    assert_eq!(
        body(t),
        vec![
            vec![
                "1",
                "Pelatihan kerja berbasis kompetensi",
                "2.100.000.000",
                "APBD"
            ],
            vec!["2", "Penempatan tenaga kerja", "350.000.000", "APBD"],
            vec!["3", "Pengawasan ketenagakerjaan", "45.000.000", "DAK"],
            vec!["4", "Perluasan kesempatan kerja", "125.500.000", "APBD"],
        ]
    );
    assert_eq!(
        res.text,
        vec![
            "Berikut rencana kegiatan tahun 2024 sebagaimana tabel berikut:",
            "Paragraf setelah tabel menjelaskan sumber dana kegiatan di atas.",
        ]
    );
}

#[test]
fn pdf_borderless_table_over_two_pages_with_wrapped_cells() {
    let res = fixture("borderless_two_pages.pdf");
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    let t = &res.tables[0];
    assert_eq!((t.page, t.last_page), (1, 2));
    assert_eq!(t.header_rows.len(), 1);
    let names: Vec<&str> = t.rows.iter().map(|r| r.cells[1].text.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "Penyediaan jasa surat menyurat",
            "Penyediaan jasa komunikasi, sumber daya air dan listrik kantor",
            "Penyediaan peralatan dan perlengkapan kantor",
            "Pemeliharaan kendaraan dinas",
            "Penyelenggaraan rapat koordinasi dan konsultasi ke luar daerah",
            "Penatausahaan arsip dinamis",
        ]
    );
    let pages: Vec<u32> = t.rows.iter().map(|r| r.page).collect();
    assert_eq!(pages, vec![1, 1, 1, 2, 2, 2]);
    assert_eq!(
        texts(&t.rows[5].cells),
        vec![
            "1.06",
            "Penatausahaan arsip dinamis",
            "dokumen",
            "4",
            "36.000.000"
        ]
    );
}

#[test]
fn borderless_rows_from_spacing_when_cells_are_centred() {
    // No rules, no number column; rows spaced apart; the short cells of a two-line row sit
    // between its lines' heights (vertically centred), on the second line here.
    let mut w = Vec::new();
    let mut y = 60.0;
    w.extend(line("Sasaran", 50.0, y, true));
    w.extend(line("Indikator", 200.0, y, true));
    w.extend(line("Satuan", 320.0, y, true));
    w.extend(line("Target", 400.0, y, true));
    y += 18.0;
    w.extend(line("Meningkatnya kualitas", 50.0, y, false));
    y += 10.0;
    w.extend(line("tenaga kerja", 50.0, y, false));
    w.extend(line("Persentase lulusan", 200.0, y, false));
    w.extend(line("persen", 320.0, y, false));
    w.extend(line("80", 400.0, y, false));
    y += 18.0;
    w.extend(line("Terserapnya pencari kerja", 50.0, y, false));
    w.extend(line("Jumlah penempatan", 200.0, y, false));
    w.extend(line("orang", 320.0, y, false));
    w.extend(line("250", 400.0, y, false));
    y += 18.0;
    w.extend(line("Meningkatnya perlindungan", 50.0, y, false));
    w.extend(line("Persentase kasus", 200.0, y, false));
    w.extend(line("persen", 320.0, y, false));
    w.extend(line("100", 400.0, y, false));
    y += 10.0;
    w.extend(line("pekerja", 50.0, y, false));
    w.extend(line("diselesaikan", 200.0, y, false));
    let res = run(&[page(1, w, vec![])]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    let got = body(&res.tables[0]);
    assert_eq!(
        got,
        vec![
            vec![
                "Meningkatnya kualitas tenaga kerja",
                "Persentase lulusan",
                "persen",
                "80"
            ],
            vec![
                "Terserapnya pencari kerja",
                "Jumlah penempatan",
                "orang",
                "250"
            ],
            vec![
                "Meningkatnya perlindungan pekerja",
                "Persentase kasus diselesaikan",
                "persen",
                "100"
            ],
        ]
    );
}

#[test]
fn records_without_rules_between_them_are_split_at_the_number_column() {
    // Ruled header; the body has column rules but no rules between its rows.
    let (mut w, mut r) = (vec![], vec![]);
    for x in XS {
        r.push(vrule(*x, 100.0, 160.0));
    }
    r.push(hrule(50.0, 400.0, 100.0));
    r.push(hrule(50.0, 400.0, 112.0));
    r.push(hrule(50.0, 400.0, 160.0));
    // Centred bold labels.
    for (t, c) in [("No", 0), ("Uraian", 1), ("Target", 2), ("Satuan", 3)] {
        let width = GW * t.len() as f32;
        w.extend(line(t, (XS[c] + XS[c + 1] - width) / 2.0, 102.0, true));
    }
    w.extend(line("1", 52.0, 115.0, false));
    w.extend(line("Pelatihan kerja berbasis", 82.0, 115.0, false));
    w.extend(line("kompetensi", 82.0, 124.0, false));
    w.extend(line("100", 252.0, 115.0, false));
    w.extend(line("orang", 302.0, 115.0, false));
    w.extend(line("2", 52.0, 134.0, false));
    w.extend(line("Penempatan", 82.0, 134.0, false));
    w.extend(line("25", 252.0, 134.0, false));
    w.extend(line("orang", 302.0, 134.0, false));
    w.extend(line("3", 52.0, 145.0, false));
    w.extend(line("Pengawasan", 82.0, 145.0, false));
    w.extend(line("12", 252.0, 145.0, false));
    w.extend(line("kali", 302.0, 145.0, false));
    let res = run(&[page(1, w, r)]);
    assert_eq!(res.tables.len(), 1);
    assert_eq!(
        body(&res.tables[0]),
        vec![
            vec!["1", "Pelatihan kerja berbasis kompetensi", "100", "orang"],
            vec!["2", "Penempatan", "25", "orang"],
            vec!["3", "Pengawasan", "12", "kali"],
        ]
    );
    // Each record's cells have their own boxes.
    let b = res.tables[0].rows[1].cells[1].bbox.expect("box");
    assert!(b.y0 > 125.0 && b.y1 < 145.0, "{b:?}");
}

#[test]
fn a_row_whose_code_and_amount_wrap_in_narrow_cells_stays_one_record() {
    // 003's realisation table: `2.07.001.2` / `.08.004` and `81720000` / `0` wrap in their
    // cells (and `3817200` / `00` beside it); the second lines are the same record, not a
    // record of their own.
    // Amount cells wider than their numbers, so no first line fills its cell.
    const WX: &[f32] = &[50.0, 110.0, 250.0, 350.0, 450.0];
    let (mut w, mut r) = (vec![], vec![]);
    for x in WX {
        r.push(vrule(*x, 100.0, 160.0));
    }
    r.push(hrule(50.0, 450.0, 100.0));
    r.push(hrule(50.0, 450.0, 112.0));
    r.push(hrule(50.0, 450.0, 136.0));
    r.push(hrule(50.0, 450.0, 160.0));
    for (t, c) in [("Kode", 0), ("Uraian", 1), ("Pagu", 2), ("Realisasi", 3)] {
        let width = GW * t.len() as f32;
        w.extend(line(t, (WX[c] + WX[c + 1] - width) / 2.0, 102.0, true));
    }
    w.extend(line("2.07.001.2", 52.0, 115.0, false));
    w.extend(line(".08.004", 52.0, 124.0, false));
    w.extend(line("Jasa Kantor", 112.0, 115.0, false));
    w.extend(line("81720000", 252.0, 115.0, false));
    w.extend(line("0", 252.0, 124.0, false));
    w.extend(line("3817200", 352.0, 115.0, false));
    w.extend(line("00", 352.0, 124.0, false));
    w.extend(line("2.07.002", 52.0, 139.0, false));
    w.extend(line("Program", 112.0, 139.0, false));
    w.extend(line("5000", 252.0, 139.0, false));
    w.extend(line("4000", 352.0, 139.0, false));
    let res = run(&[page(1, w, r)]);
    assert_eq!(res.tables.len(), 1);
    let rows = body(&res.tables[0]);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0][0].starts_with("2.07.001.2") && rows[0][0].ends_with(".08.004"));
    assert!(rows[0][2].starts_with("81720000"), "{rows:?}");
}

#[test]
fn a_bold_row_tail_spread_over_the_columns_is_no_title() {
    // Chromium broke a bold row over the page: its tail (`PD ... PD`) sits above the ruled
    // table on the next page, where a bold title line would.
    let table = |title: &[(&str, f32)]| {
        let (mut w, mut r) = (vec![], vec![]);
        for x in XS {
            r.push(vrule(*x, 100.0, 136.0));
        }
        for y in [100.0, 112.0, 124.0, 136.0] {
            r.push(hrule(50.0, 400.0, y));
        }
        for (t, x) in title {
            w.extend(line(t, *x, 88.0, true));
        }
        for (t, c) in [("No", 0), ("Uraian", 1), ("Target", 2), ("Satuan", 3)] {
            w.extend(line(t, XS[c] + 2.0, 102.0, true));
        }
        for (y, n) in [(114.0, "1"), (126.0, "2")] {
            w.extend(line(n, 52.0, y, false));
            w.extend(line("Pelatihan", 82.0, y, false));
            w.extend(line("100", 252.0, y, false));
            w.extend(line("orang", 302.0, y, false));
        }
        run(&[page(1, w, r)])
    };
    let fragment = table(&[("PD", 82.0), ("PD", 302.0)]);
    assert_eq!(fragment.tables.len(), 1);
    assert_eq!(fragment.tables[0].title, "");
    let titled = table(&[("Rekapitulasi Program Prioritas", 82.0)]);
    assert_eq!(titled.tables[0].title, "Rekapitulasi Program Prioritas");
}

#[test]
fn ocr_page_rules_with_jitter_still_make_one_grid() {
    let mut rows = header_rows();
    rows.push(vec![Some("1"), Some("Program A"), Some("10"), Some("20")]);
    rows.push(vec![Some("2"), Some("Program B"), Some("30"), Some("40")]);
    let (mut w, mut r) = (vec![], vec![]);
    Grid {
        xs: XS,
        y0: 100.0,
        row_h: &[12.0, 12.0, 12.0, 12.0, 12.0],
        rows,
        bold_rows: 3,
    }
    .draw(&mut w, &mut r);
    // Rules found in a scan: each piece off by up to 1.5 pt across, a little short at its ends.
    for (k, rule) in r.iter_mut().enumerate() {
        let d = [-1.5, 0.0, 1.5][k % 3];
        let b = &mut rule.bbox;
        match rule.orientation {
            Orientation::Horizontal => {
                b.y0 += d;
                b.y1 += d;
                b.x0 += 1.0;
                b.x1 -= 1.0;
            }
            Orientation::Vertical => {
                b.x0 += d;
                b.x1 += d;
                b.y0 += 1.0;
                b.y1 -= 1.0;
            }
        }
    }
    let mut p = page(1, w, r);
    p.source = PageSource::Ocr;
    let res = run(&[p]);
    assert_eq!(res.tables.len(), 1);
    let t = &res.tables[0];
    assert_eq!(t.header_rows.len(), 3);
    assert_eq!(
        body(t),
        vec![
            vec!["1", "Program A", "10", "20"],
            vec!["2", "Program B", "30", "40"]
        ]
    );
}

#[test]
fn title_with_a_plain_second_line() {
    let (mut w, mut r) = (vec![], vec![]);
    w.extend(line(
        "Paragraf pembuka yang bukan judul.",
        50.0,
        40.0,
        false,
    ));
    w.extend(line("Tabel 2.1 Realisasi Program", 100.0, 60.0, true));
    w.extend(line("Tahun Anggaran 2022", 100.0, 70.0, false));
    Grid {
        xs: XS,
        y0: 85.0,
        row_h: &[12.0, 12.0],
        rows: vec![
            vec![Some("Kode"), Some("Uraian"), Some("Target"), Some("Ket")],
            vec![Some("1"), Some("Program"), Some("10"), Some("")],
        ],
        bold_rows: 1,
    }
    .draw(&mut w, &mut r);
    let res = run(&[page(1, w, r)]);
    assert_eq!(
        res.tables[0].title,
        "Tabel 2.1 Realisasi Program Tahun Anggaran 2022"
    );
    assert_eq!(res.text, vec!["Paragraf pembuka yang bukan judul."]);
}

#[test]
fn paragraph_line_starting_with_tabel_is_not_a_title() {
    let (mut w, mut r) = (vec![], vec![]);
    w.extend(line(
        "Rencana kegiatan tahun ini ditunjukkan pada",
        50.0,
        60.0,
        false,
    ));
    w.extend(line("tabel berikut:", 50.0, 70.0, false));
    Grid {
        xs: XS,
        y0: 85.0,
        row_h: &[12.0, 12.0],
        rows: vec![
            vec![Some("Kode"), Some("Uraian"), Some("Target"), Some("Ket")],
            vec![Some("1"), Some("Program"), Some("10"), Some("")],
        ],
        bold_rows: 1,
    }
    .draw(&mut w, &mut r);
    let res = run(&[page(1, w, r)]);
    assert_eq!(res.tables[0].title, "");
    assert_eq!(res.text.len(), 2);
}

#[test]
fn touching_tables_with_different_columns_are_two_tables() {
    let (mut w, mut r) = (vec![], vec![]);
    let bottom = Grid {
        xs: XS,
        y0: 75.0,
        row_h: &[12.0, 12.0],
        rows: vec![
            vec![Some("No"), Some("Program"), Some("Pagu"), Some("Ket")],
            vec![Some("1"), Some("Pasar"), Some("145,000,000"), Some("")],
        ],
        bold_rows: 1,
    }
    .draw(&mut w, &mut r);
    // The second table starts on the first one's bottom border, with other column edges.
    Grid {
        xs: &[50.0, 150.0, 330.0, 400.0],
        y0: bottom,
        row_h: &[12.0, 12.0, 12.0],
        rows: vec![
            vec![Some("Indikator"), Some("Satuan"), Some("Target")],
            vec![Some("Jumlah pasar"), Some("unit"), Some("3")],
            vec![Some("Jumlah los"), Some("unit"), Some("40")],
        ],
        bold_rows: 1,
    }
    .draw(&mut w, &mut r);
    let res = run(&[page(1, w, r)]);
    assert_eq!(res.tables.len(), 2, "{:#?}", res.tables);
    assert_eq!(
        texts(&res.tables[0].rows[0].cells),
        ["1", "Pasar", "145,000,000", ""]
    );
    assert_eq!(res.tables[0].rows.len(), 1);
    assert_eq!(
        texts(&res.tables[1].header_rows[0]),
        ["Indikator", "Satuan", "Target"]
    );
    assert_eq!(
        texts(&res.tables[1].rows[1].cells),
        ["Jumlah los", "unit", "40"]
    );
}

#[test]
fn one_table_whose_header_groups_columns_stays_whole() {
    // Header cells span columns and a full-width section row sits in the body: one table.
    let (mut w, mut r) = (vec![], vec![]);
    let mut rows = header_rows();
    rows.push(vec![Some("URUSAN KETENAGAKERJAAN"), None, None, None]);
    rows.push(vec![Some("1"), Some("Pelatihan"), Some("10"), Some("12")]);
    Grid {
        xs: XS,
        y0: 75.0,
        row_h: &[12.0, 12.0, 12.0, 12.0, 12.0],
        rows,
        bold_rows: 3,
    }
    .draw(&mut w, &mut r);
    let res = run(&[page(1, w, r)]);
    assert_eq!(res.tables.len(), 1, "{:#?}", res.tables);
    let t = &res.tables[0];
    assert_eq!(
        texts(&t.rows.last().unwrap().cells),
        ["1", "Pelatihan", "10", "12"]
    );
}

/// A four-column ruled table (header `Kode Uraian Target Pagu`, two body rows) drawn with every
/// column edge in `xs`, extra vertical rules `extra_v` and each horizontal rule doubled `dy`
/// points below itself when `dy > 0`.
fn phantom_page(xs: &[f32], extra_v: &[f32], dy: f32, header: [&str; 4]) -> Page {
    let (mut w, mut r) = (vec![], vec![]);
    let ys = [100.0, 112.0, 124.0, 136.0];
    for x in xs.iter().chain(extra_v) {
        r.push(vrule(*x, ys[0], ys[3]));
        if dy > 0.0 && !extra_v.contains(x) {
            r.push(vrule(*x + dy, ys[0], ys[3]));
        }
    }
    for y in ys {
        r.push(hrule(xs[0], xs[4], y));
        if dy > 0.0 {
            r.push(hrule(xs[0], xs[4], y + dy));
        }
    }
    let rows = [
        header,
        ["2.07.01", "Program Pelatihan", "100", "5000000"],
        ["2.07.02", "Program Penempatan", "80", "7000000"],
    ];
    for (i, row) in rows.iter().enumerate() {
        for (c, t) in row.iter().enumerate() {
            if !t.is_empty() {
                w.extend(line(t, xs[c] + dy + 3.0, ys[i] + 2.0 + dy, false));
            }
        }
    }
    page(1, w, r)
}

#[test]
fn a_rule_in_a_cells_padding_makes_no_column() {
    // Word draws a stray rule in the right padding of the Uraian and Pagu cells: it bounds no
    // column, so the amounts stay under their own header and no empty column appears.
    const PX: &[f32] = &[50.0, 100.0, 210.0, 250.0, 310.0];
    let res = run(&[phantom_page(
        PX,
        &[206.0, 306.0],
        0.0,
        ["Kode", "Uraian", "Target", "Pagu"],
    )]);
    assert_eq!(res.tables.len(), 1);
    let rows = body(&res.tables[0]);
    assert_eq!(
        rows.last().unwrap(),
        &["2.07.02", "Program Penempatan", "80", "7000000"],
        "{rows:?}"
    );
}

#[test]
fn a_double_border_makes_no_sliver_columns_or_rows() {
    // Every border drawn twice, 3 pt apart (wider than the snap tolerance): the slivers
    // between the two lines are neither columns nor rows.
    const PX: &[f32] = &[50.0, 100.0, 210.0, 250.0, 310.0];
    let res = run(&[phantom_page(
        PX,
        &[],
        3.0,
        ["Kode", "Uraian", "Target", "Pagu"],
    )]);
    assert_eq!(res.tables.len(), 1);
    let rows = body(&res.tables[0]);
    assert!(rows.iter().all(|r| r.len() == 4), "{rows:?}");
    assert_eq!(
        rows.last().unwrap(),
        &["2.07.02", "Program Penempatan", "80", "7000000"]
    );
}

#[test]
fn an_empty_column_the_header_leaves_unlabelled_stays() {
    // SIPD exports keep empty columns of their own (the header labels neither them nor the
    // columns beside them): a narrow empty column there is the template's and keeps its place,
    // as the text export keeps the empty cell.
    const PX: &[f32] = &[50.0, 100.0, 210.0, 250.0, 310.0];
    let res = run(&[phantom_page(PX, &[205.0], 0.0, ["Kode", "Uraian", "", ""])]);
    assert_eq!(res.tables.len(), 1);
    let rows = body(&res.tables[0]);
    assert_eq!(
        rows.last().unwrap(),
        &["2.07.02", "Program Penempatan", "", "80", "7000000"],
        "{rows:?}"
    );
}

#[test]
fn a_row_the_page_breaks_under_the_last_rule_is_read() {
    // Chromium prints a row's first lines at the foot of the page under the last rule, and its
    // bottom rule on the next page: the hanging lines are a row of the table, not lost text.
    // A note under a table that ends higher up stays text.
    let build = |top: f32| {
        let (mut w, mut r) = (vec![], vec![]);
        let rule = |y: f32, r: &mut Vec<Rule>| r.push(hrule(45.0, 440.0, y));
        rule(top, &mut r);
        for (t, x) in [("Kegiatan", 50.0), ("Indikator", 200.0), ("Pagu", 320.0)] {
            w.extend(line(t, x, top + 2.0, true));
        }
        rule(top + 12.0, &mut r);
        for (k, (a, b, c)) in [
            ("Pelatihan", "Jumlah peserta", "2,100,000,000"),
            ("Penempatan", "Jumlah pencari", "350,000,000"),
        ]
        .iter()
        .enumerate()
        {
            let y = top + 14.0 + 12.0 * k as f32;
            w.extend(line(a, 50.0, y, false));
            w.extend(line(b, 200.0, y, false));
            w.extend(line(c, 320.0, y, false));
            rule(y + 10.0, &mut r);
        }
        let y = top + 40.0;
        w.extend(line("Pengawasan", 50.0, y, false));
        w.extend(line("Jumlah", 200.0, y, false));
        w.extend(line("45,000,000", 320.0, y, false));
        w.extend(line("ketenagakerjaan", 50.0, y + 9.0, false));
        w.extend(line("perusahaan", 200.0, y + 9.0, false));
        page(1, w, r)
    };
    // The hanging row reaches the page's bottom margin (page height 800).
    let res = run(&[build(690.0)]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    let rows = body(&res.tables[0]);
    assert_eq!(
        rows.last().unwrap(),
        &[
            "Pengawasan ketenagakerjaan",
            "Jumlah perusahaan",
            "45,000,000"
        ],
        "{rows:?}"
    );
    // The same lines in the middle of the page are not a broken row.
    let res = run(&[build(100.0)]);
    let rows = body(&res.tables[0]);
    assert_eq!(rows.len(), 2, "{rows:?}");
}

#[test]
fn the_rest_of_a_broken_row_on_the_next_page_joins_it() {
    // Page 1 ends inside a row (its bottom rule is on page 2); page 2 opens with the rest of
    // that row's cell above its first rule, then the table's further rows, ruled afresh.
    let rule = |y: f32, r: &mut Vec<Rule>| r.push(hrule(45.0, 440.0, y));
    let (mut w1, mut r1) = (vec![], vec![]);
    rule(690.0, &mut r1);
    for (t, x) in [("Kegiatan", 50.0), ("Indikator", 200.0), ("Pagu", 320.0)] {
        w1.extend(line(t, x, 692.0, true));
    }
    rule(702.0, &mut r1);
    w1.extend(line("Pelatihan", 50.0, 704.0, false));
    w1.extend(line("Jumlah peserta", 200.0, 704.0, false));
    w1.extend(line("2,100,000,000", 320.0, 704.0, false));
    rule(714.0, &mut r1);
    w1.extend(line("Pengawasan", 50.0, 716.0, false));
    w1.extend(line("Jumlah", 200.0, 716.0, false));
    w1.extend(line("45,000,000", 320.0, 716.0, false));
    w1.extend(line("ketenagakerjaan", 50.0, 725.0, false));
    let (mut w2, mut r2) = (vec![], vec![]);
    w2.extend(line("perusahaan", 200.0, 80.0, false));
    rule(90.0, &mut r2);
    w2.extend(line("Penempatan", 50.0, 92.0, false));
    w2.extend(line("Jumlah pencari", 200.0, 92.0, false));
    w2.extend(line("350,000,000", 320.0, 92.0, false));
    rule(102.0, &mut r2);
    w2.extend(line("Perluasan", 50.0, 104.0, false));
    w2.extend(line("Jumlah wirausaha", 200.0, 104.0, false));
    w2.extend(line("90,000,000", 320.0, 104.0, false));
    rule(114.0, &mut r2);
    let res = run(&[page(1, w1, r1), page(2, w2, r2)]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    let rows = body(&res.tables[0]);
    assert_eq!(
        rows,
        vec![
            vec!["Pelatihan", "Jumlah peserta", "2,100,000,000"],
            vec![
                "Pengawasan ketenagakerjaan",
                "Jumlah perusahaan",
                "45,000,000"
            ],
            vec!["Penempatan", "Jumlah pencari", "350,000,000"],
            vec!["Perluasan", "Jumlah wirausaha", "90,000,000"],
        ]
    );
}

/// Lines of a borderless table, one entry per line: (x, text) cells, rows 10pt apart.
fn borderless_page(lines: &[&[(f32, &str)]]) -> Page {
    let mut w = Vec::new();
    for (k, cells) in lines.iter().enumerate() {
        for (x, t) in cells.iter() {
            w.extend(line(t, *x, 60.0 + 10.0 * k as f32, k == 0));
        }
    }
    page(1, w, vec![])
}

#[test]
fn borderless_cells_wrapped_under_a_full_row_join_it() {
    // Word-style borderless export, rows as tight as their lines: the code and the name of
    // the first record wrap in their narrow cells, and the wrapped line starts in the code
    // column like a record would. Its first words could not have followed the text above
    // within the column's widest line, so it is the same record.
    let res = run(&[borderless_page(&[
        &[
            (50.0, "Kode"),
            (120.0, "Uraian"),
            (260.0, "Pagu"),
            (340.0, "Sumber"),
        ],
        &[
            (50.0, "2.07.001."),
            (120.0, "Penyediaan Jasa"),
            (260.0, "81720000"),
            (340.0, "APBD"),
        ],
        &[(50.0, "2.08.004"), (120.0, "Kantor")],
        &[
            (50.0, "2.07.002"),
            (120.0, "Pelatihan Kerja"),
            (260.0, "5000000"),
            (340.0, "DAK"),
        ],
    ])]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    assert_eq!(
        body(&res.tables[0]),
        vec![
            vec![
                "2.07.001. 2.08.004",
                "Penyediaan Jasa Kantor",
                "81720000",
                "APBD"
            ],
            vec!["2.07.002", "Pelatihan Kerja", "5000000", "DAK"],
        ]
    );
}

#[test]
fn borderless_short_row_whose_words_would_have_fitted_stays_a_row() {
    // A program row carries a code and a short name and no amount. Its code would not have
    // fitted after the code above, but its name would have fitted after the name above
    // (the name column's widest line is longer), so it cannot be those cells wrapping.
    let res = run(&[borderless_page(&[
        &[
            (50.0, "Kode"),
            (120.0, "Uraian"),
            (260.0, "Pagu"),
            (340.0, "Sumber"),
        ],
        &[
            (50.0, "2.07.001"),
            (120.0, "Penyediaan Jasa"),
            (260.0, "81720000"),
            (340.0, "APBD"),
        ],
        &[(50.0, "2.07.02"), (120.0, "Program")],
        &[
            (50.0, "2.07.002"),
            (120.0, "Pelatihan Kerja Berbasis"),
            (260.0, "5000000"),
            (340.0, "DAK"),
        ],
        &[
            (50.0, "2.07.003"),
            (120.0, "Pengawasan"),
            (260.0, "4000000"),
            (340.0, "DAK"),
        ],
        &[(50.0, "2.07.03"), (120.0, "Program")],
    ])]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    let rows = body(&res.tables[0]);
    assert_eq!(rows.len(), 5, "{rows:?}");
    assert_eq!(rows[1][..2], ["2.07.02", "Program"]);
    assert_eq!(rows[4][..2], ["2.07.03", "Program"]);
}

#[test]
fn borderless_dense_numbers_keep_one_row_per_line() {
    // A statistical table: every line fills the same columns, so no line is a wrapped tail
    // of the one above, however full its cells.
    let res = run(&[borderless_page(&[
        &[
            (50.0, "Tahun"),
            (120.0, "Laki"),
            (200.0, "Perempuan"),
            (300.0, "Jumlah"),
        ],
        &[
            (50.0, "2021"),
            (120.0, "1234567"),
            (200.0, "1234567"),
            (300.0, "2469134"),
        ],
        &[
            (50.0, "2022"),
            (120.0, "1300000"),
            (200.0, "1200000"),
            (300.0, "2500000"),
        ],
        &[
            (50.0, "2023"),
            (120.0, "1400000"),
            (200.0, "1100000"),
            (300.0, "2500000"),
        ],
    ])]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    let rows = body(&res.tables[0]);
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(rows[2], ["2023", "1400000", "1100000", "2500000"]);
}

/// A one-table page: a bold header row over `body`, in columns `xs`.
fn narrow_grid(xs: &[f32], body: Vec<Vec<Option<&'static str>>>) -> LayoutResult {
    let mut rows = vec![vec![
        Some("No"),
        Some("Uraian"),
        Some("Pagu"),
        Some("Realisasi"),
    ]];
    let n = body.len();
    rows.extend(body);
    let mut row_h = vec![12.0];
    row_h.extend(std::iter::repeat_n(21.0, n));
    let (mut w, mut r) = (vec![], vec![]);
    Grid {
        xs,
        y0: 100.0,
        row_h: &row_h,
        rows,
        bold_rows: 1,
    }
    .draw(&mut w, &mut r);
    run(&[page(1, w, r)])
}

#[test]
fn a_record_whose_narrow_cells_all_wrap_stays_one_row() {
    // Amount cells 52 wide (48 inside the padding): `4784960 000` does not fit, though its
    // first line is three glyphs short of the cell; nor does the name's `TENAGA` fit after
    // its first line. Each cell broke by its width: the row is one record.
    let res = narrow_grid(
        &[50.0, 80.0, 210.0, 262.0, 314.0],
        vec![vec![
            Some("1"),
            Some("PROGRAM PELATIHAN KERJA\nTENAGA"),
            Some("4784960\n000"),
            Some("1110260\n000"),
        ]],
    );
    assert_eq!(res.tables.len(), 1);
    let body: Vec<Vec<&str>> = res.tables[0].rows.iter().map(|r| texts(&r.cells)).collect();
    // The amount keeps the break as a space, as the text export prints such a cell; it is
    // still one amount.
    assert_eq!(
        body,
        vec![vec![
            "1",
            "PROGRAM PELATIHAN KERJA TENAGA",
            "4784960 000",
            "1110260 000"
        ]]
    );
    let amount = renja::normalize::number::parse_money(
        body[0][2],
        renja::normalize::number::NumberStyle::Unknown,
    );
    assert_eq!(amount.value.map(|m| m.0), Some(478_496_000_000));
}

#[test]
fn stacked_whole_values_beside_short_names_stay_records() {
    // The same narrow numbers, but the names beside them would have fitted on one line: two
    // records set one per line between rules, as a table ruled only between groups prints.
    let res = narrow_grid(
        &[50.0, 80.0, 210.0, 262.0, 314.0],
        vec![vec![
            Some("1"),
            Some("Gaji\nTunjangan"),
            Some("4784960\n000"),
            Some("1110260\n000"),
        ]],
    );
    assert_eq!(res.tables.len(), 1);
    assert_eq!(res.tables[0].rows.len(), 2, "{:?}", res.tables[0].rows);
}

/// One borderless row: `(x, text)` cells at `y`.
/// The words of `rows`, each cell from its column's left edge in `cols`, the first row at
/// `y`, `pitch` points apart.
fn rows_at<const N: usize>(cols: &[f32; N], rows: &[[&str; N]], y: f32, pitch: f32) -> Vec<Word> {
    rows.iter()
        .enumerate()
        .flat_map(|(k, r)| {
            let cells: Vec<(f32, &str)> = cols.iter().copied().zip(r.iter().copied()).collect();
            cells_at(y + pitch * k as f32, &cells)
        })
        .collect()
}

fn cells_at(y: f32, cells: &[(f32, &str)]) -> Vec<Word> {
    cells
        .iter()
        .flat_map(|&(x, t)| line(t, x, y, false))
        .collect()
}

#[test]
fn borderless_header_wrapped_over_lines_is_one_header_row_above_its_numbering() {
    // No rules and no key column (the rows are named, not coded): the labels wrap over three
    // lines, each filling every column, then the column numbering, then the body. Without the
    // numbering row to end the header each label line would read as a row of its own and the
    // header would not be recognised.
    let xs = [50.0, 200.0, 300.0, 420.0];
    let at = |y: f32, cells: [&str; 4]| -> Vec<Word> {
        cells
            .iter()
            .zip(xs)
            .flat_map(|(t, x)| line(t, x, y, false))
            .collect()
    };
    let mut w = Vec::new();
    w.extend(at(40.0, ["Program", "Target", "Satuan", "Pagu"]));
    w.extend(at(50.0, ["Kegiatan", "Kinerja", "Ukuran", "Indikatif"]));
    w.extend(at(60.0, ["(nama)", "Tahun", "(unit)", "(Rp)"]));
    w.extend(at(70.0, ["1", "2", "3", "4"]));
    w.extend(at(
        80.0,
        ["Program Penunjang", "100", "persen", "1,000,000"],
    ));
    w.extend(at(90.0, ["Program Pelatihan", "80", "orang", "2,000,000"]));
    w.extend(at(
        100.0,
        ["Program Penempatan", "60", "orang", "3,000,000"],
    ));
    let res = run(&[page(1, w, vec![])]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    let t = &res.tables[0];
    let head: Vec<Vec<&str>> = t.header_rows.iter().map(|r| texts(r)).collect();
    assert_eq!(
        head,
        vec![
            vec![
                "Program Kegiatan (nama)",
                "Target Kinerja Tahun",
                "Satuan Ukuran (unit)",
                "Pagu Indikatif (Rp)"
            ],
            vec!["1", "2", "3", "4"],
        ]
    );
    assert_eq!(t.rows.len(), 3);
    assert_eq!(texts(&t.rows[0].cells)[0], "Program Penunjang");
}

#[test]
fn borderless_rows_spaced_by_cell_padding_are_told_by_line_pitch() {
    // No column keys the rows (no number or code); cells wrap over two lines at a pitch of
    // 10 pt and rows stand 12 pt apart (the cells' padding). The last row's long one-line
    // cells make the columns so wide that the other rows' second lines would have fitted on
    // their first, so wrapping cannot tell; the two populations of pitches do.
    let xs = [50.0, 220.0, 340.0, 440.0];
    let rows = [
        (
            ["Pelatihan kerja", "Kota", "APBD", "2,100,000,000"],
            ["berbasis", "Serang", "murni"],
        ),
        (
            ["Penempatan tenaga", "Kota", "APBD", "350,000,000"],
            ["kerja", "Serang", "murni"],
        ),
        (
            [
                "Pengawasan norma kerja daerah",
                "Kabupaten Serang Raya",
                "DAK fisik tahap",
                "45,000,000",
            ],
            ["terpadu", "Barat", "dua"],
        ),
    ];
    let mut w = Vec::new();
    let mut y = 40.0;
    for (first, second) in rows {
        let at = |cells: &[&str]| -> Vec<(f32, String)> {
            cells
                .iter()
                .zip(xs)
                .map(|(t, x)| (x, t.to_string()))
                .collect()
        };
        for (x, t) in at(&first) {
            w.extend(line(&t, x, y, false));
        }
        for (x, t) in at(&second) {
            w.extend(line(&t, x, y + 10.0, false));
        }
        y += 22.0;
    }
    let res = run(&[page(1, w, vec![])]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    let got: Vec<Vec<&str>> = res.tables[0].rows.iter().map(|r| texts(&r.cells)).collect();
    assert_eq!(
        got,
        vec![
            vec![
                "Pelatihan kerja berbasis",
                "Kota Serang",
                "APBD murni",
                "2,100,000,000"
            ],
            vec![
                "Penempatan tenaga kerja",
                "Kota Serang",
                "APBD murni",
                "350,000,000"
            ],
            vec![
                "Pengawasan norma kerja daerah terpadu",
                "Kabupaten Serang Raya Barat",
                "DAK fisik tahap dua",
                "45,000,000"
            ],
        ]
    );
}

#[test]
fn a_title_between_two_borderless_tables_is_the_second_table_s_title() {
    // The title sits a paragraph's gap under the first table and right above the second; it
    // is neither rows of the first nor part of one block with the second.
    let head = [(50.0, "No"), (150.0, "Uraian"), (420.0, "Pagu")];
    let mut w = Vec::new();
    let mut y = 40.0;
    let table = |w: &mut Vec<Word>, y: &mut f32, rows: [(&str, &str, &str); 3]| {
        w.extend(head.iter().flat_map(|&(x, t)| line(t, x, *y, true)));
        *y += 10.0;
        for (no, name, pagu) in rows {
            w.extend(cells_at(*y, &[(50.0, no), (150.0, name), (420.0, pagu)]));
            *y += 10.0;
        }
    };
    table(
        &mut w,
        &mut y,
        [
            ("1", "Rapat", "100"),
            ("2", "Pelatihan", "200"),
            ("3", "Bimtek", "300"),
        ],
    );
    y += 8.0;
    w.extend(line("Tabel 3.3 Rumusan Rencana Program", 50.0, y, false));
    y += 10.0;
    table(
        &mut w,
        &mut y,
        [
            ("1", "Sosialisasi", "400"),
            ("2", "Pembinaan", "500"),
            ("3", "Monitoring", "600"),
        ],
    );
    let res = run(&[page(1, w, vec![])]);
    assert_eq!(res.tables.len(), 2, "{:?}", res.text);
    assert_eq!(res.tables[1].title, "Tabel 3.3 Rumusan Rencana Program");
    assert_eq!(res.tables[0].rows.len(), 3);
    assert_eq!(res.tables[1].rows.len(), 3);
}

#[test]
fn a_borderless_page_that_runs_the_table_on_keeps_its_columns() {
    // Page 2 opens with the rest of page 1's table; its `Lokasi` column is empty on every row
    // there, so page 2's own gutters show three columns. The table's four hold, and the pagu
    // stays in the pagu column.
    let xs = [50.0, 200.0, 300.0, 420.0];
    let at = |y: f32, cells: &[(usize, &str)]| -> Vec<Word> {
        cells
            .iter()
            .flat_map(|&(c, t)| line(t, xs[c], y, false))
            .collect()
    };
    let mut p1 = Vec::new();
    p1.extend(
        ["No", "Uraian", "Lokasi", "Pagu"]
            .iter()
            .enumerate()
            .flat_map(|(c, t)| line(t, [50.0, 80.0, 300.0, 420.0][c], 40.0, true)),
    );
    let mut y = 50.0;
    for (no, name, loc, pagu) in [
        ("1", "Rapat", "Serang", "100"),
        ("2", "Pelatihan", "Cilegon", "200"),
        ("3", "Bimtek", "Pandeglang", "300"),
    ] {
        p1.extend(line(no, 50.0, y, false));
        p1.extend(line(name, 80.0, y, false));
        p1.extend(at(y, &[(2, loc), (3, pagu)]));
        y += 10.0;
    }
    let mut p2 = Vec::new();
    let mut y = 40.0;
    for (no, name, pagu) in [
        ("4", "Sosialisasi", "400"),
        ("5", "Pembinaan", "500"),
        ("6", "Monitoring", "600"),
    ] {
        p2.extend(line(no, 50.0, y, false));
        p2.extend(line(name, 80.0, y, false));
        p2.extend(at(y, &[(3, pagu)]));
        y += 10.0;
    }
    let res = run(&[page(1, p1, vec![]), page(2, p2, vec![])]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    let got: Vec<Vec<&str>> = res.tables[0].rows.iter().map(|r| texts(&r.cells)).collect();
    assert_eq!(got.len(), 6, "{got:?}");
    assert_eq!(got[4], vec!["5", "Pembinaan", "", "500"]);
}

#[test]
fn a_borderless_page_whose_text_crosses_an_inherited_edge_moves_that_edge() {
    // Page 1's short names put the Uraian/Indikator edge at x 205, in the gutter its rows show.
    // Page 2's names run to x 220, through that edge, and its Lokasi column is empty: the
    // table's five columns hold, the one edge moving to page 2's own gutter, so the pagu
    // stays in the pagu column and the name stays whole.
    let mut p1 = Vec::new();
    for (t, x) in [
        ("No", 50.0),
        ("Uraian", 120.0),
        ("Indikator", 280.0),
        ("Lokasi", 410.0),
        ("Pagu", 500.0),
    ] {
        p1.extend(line(t, x, 40.0, true));
    }
    let mut y = 50.0;
    for (no, name, loc, pagu) in [
        ("1", "Rapat", "Serang", "100"),
        ("2", "Pelatihan", "Cilegon", "200"),
        ("3", "Bimtek", "Pandeglang", "300"),
    ] {
        p1.extend(line(no, 50.0, y, false));
        p1.extend(line(name, 80.0, y, false));
        p1.extend(line("Jumlah peserta", 260.0, y, false));
        p1.extend(line(loc, 400.0, y, false));
        p1.extend(line(pagu, 500.0, y, false));
        y += 10.0;
    }
    let mut p2 = Vec::new();
    let mut y = 40.0;
    for (no, name, pagu) in [
        ("4", "Sosialisasi Peraturan Daerah", "400"),
        ("5", "Pembinaan Lembaga Swasta", "500"),
        ("6", "Monitoring", "600"),
    ] {
        p2.extend(line(no, 50.0, y, false));
        p2.extend(line(name, 80.0, y, false));
        p2.extend(line("Jumlah dokumen", 260.0, y, false));
        p2.extend(line(pagu, 500.0, y, false));
        y += 10.0;
    }
    let res = run(&[page(1, p1, vec![]), page(2, p2, vec![])]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    let got: Vec<Vec<&str>> = res.tables[0].rows.iter().map(|r| texts(&r.cells)).collect();
    assert_eq!(got.len(), 6, "{got:?}");
    assert_eq!(
        got[3],
        vec![
            "4",
            "Sosialisasi Peraturan Daerah",
            "Jumlah dokumen",
            "",
            "400"
        ]
    );
}

#[test]
fn a_full_line_under_a_finished_cell_is_the_next_row_without_a_key() {
    // A kegiatan with two indicators: the second indicator's line leaves the code column empty
    // but comes after the first row's Satuan and Target cells ended: it is a row of its own.
    // A lone fragment under a gap (one column only) is still the row's tail.
    let mut w = Vec::new();
    for (t, x) in [
        ("Kode", 50.0),
        ("Kegiatan", 100.0),
        ("Indikator", 220.0),
        ("Satuan", 340.0),
        ("Target", 420.0),
    ] {
        w.extend(line(t, x, 40.0, true));
    }
    w.extend(cells_at(
        50.0,
        &[
            (50.0, "1.01"),
            (100.0, "Pelatihan"),
            (220.0, "Jumlah peserta"),
            (340.0, "org"),
            (420.0, "100"),
        ],
    ));
    w.extend(cells_at(60.0, &[(100.0, "kerja")]));
    w.extend(cells_at(70.0, &[(100.0, "berbasis")]));
    w.extend(cells_at(
        80.0,
        &[(220.0, "Jumlah lulusan"), (340.0, "org"), (420.0, "80")],
    ));
    w.extend(cells_at(
        90.0,
        &[
            (50.0, "1.02"),
            (100.0, "Bimtek"),
            (220.0, "Jumlah peserta"),
            (340.0, "org"),
            (420.0, "50"),
        ],
    ));
    w.extend(cells_at(100.0, &[(220.0, "bimtek")]));
    w.extend(cells_at(110.0, &[(100.0, "lanjutan")]));
    w.extend(cells_at(
        120.0,
        &[
            (50.0, "1.03"),
            (100.0, "Rapat"),
            (220.0, "Jumlah rapat"),
            (340.0, "kali"),
            (420.0, "4"),
        ],
    ));
    let res = run(&[page(1, w, vec![])]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    let got: Vec<Vec<&str>> = res.tables[0].rows.iter().map(|r| texts(&r.cells)).collect();
    assert_eq!(
        got,
        vec![
            vec![
                "1.01",
                "Pelatihan kerja berbasis",
                "Jumlah peserta",
                "org",
                "100"
            ],
            vec!["", "", "Jumlah lulusan", "org", "80"],
            vec![
                "1.02",
                "Bimtek lanjutan",
                "Jumlah peserta bimtek",
                "org",
                "50"
            ],
            vec!["1.03", "Rapat", "Jumlah rapat", "kali", "4"],
        ]
    );
}

#[test]
fn a_scanned_table_ruled_between_rows_only_is_read_by_its_rules() {
    // The same Word-style table as `rows_between_horizontal_rules_only`, scanned: OCR gives
    // each word its line box's height as its size (here 1.4 times the printed 8 pt), the rules
    // come out a little skewed, and the gutters are 7 pt. The rules still say where rows
    // part, and the gutters, measured against the printed size, where columns do.
    let ocr = |ws: Vec<Word>| -> Vec<Word> {
        ws.into_iter()
            .map(|mut w| {
                w.font_size = 11.2;
                w.conf = Some(90.0);
                w
            })
            .collect()
    };
    let (mut w, mut r) = (vec![], vec![]);
    let mut rule = |y: f32| {
        r.push(Rule {
            orientation: Orientation::Horizontal,
            bbox: BBox::new(45.0, y - 0.8, 380.0, y + 1.2),
        })
    };
    let (c1, c2, c3, c4) = (50.0, 132.0, 239.0, 311.0);
    rule(58.0);
    for (t, x) in [
        ("Kegiatan", c1),
        ("Indikator", c2),
        ("Pagu", c3),
        ("Sumber", c4),
    ] {
        w.extend(ocr(line(t, x, 60.0, false)));
    }
    rule(70.5);
    w.extend(ocr(line("Pelatihan kerja", c1, 74.0, false)));
    w.extend(ocr(line("berbasis", c1, 83.0, false)));
    w.extend(ocr(line("Jumlah peserta", c2, 74.0, false)));
    w.extend(ocr(line("2,100,000,000", c3, 74.0, false)));
    w.extend(ocr(line("APBD", c4, 74.0, false)));
    w.extend(ocr(line("kompetensi", c1, 92.0, false)));
    rule(103.5);
    w.extend(ocr(line("Penempatan", c1, 108.0, false)));
    w.extend(ocr(line("Jumlah pencari kerja", c2, 108.0, false)));
    w.extend(ocr(line("350,000,000", c3, 108.0, false)));
    w.extend(ocr(line("APBD", c4, 108.0, false)));
    rule(120.5);
    w.extend(ocr(line("Pengawasan", c1, 124.0, false)));
    w.extend(ocr(line("Jumlah perusahaan", c2, 124.0, false)));
    w.extend(ocr(line("45,000,000", c3, 124.0, false)));
    w.extend(ocr(line("DAK", c4, 124.0, false)));
    rule(135.5);
    let mut p = page(1, w, r);
    p.source = PageSource::Ocr;
    let res = run(&[p]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    let t = &res.tables[0];
    assert_eq!(header_and_body(t), WORD_STYLE_ROWS);
}

#[test]
fn a_word_a_scan_set_half_a_line_low_does_not_make_every_line_a_row() {
    // A target OCR placed 4.5 pt below its line comes out as a line of its own, 4.5 pt from
    // its neighbours. That is no line pitch: taken as one, every wrapped line (9 pt apart)
    // looked like a row break and the wrapped names fell apart.
    let mut w = Vec::new();
    for (t, x) in [
        ("Kode", 50.0),
        ("Kegiatan", 100.0),
        ("Indikator", 220.0),
        ("Target", 340.0),
    ] {
        w.extend(line(t, x, 40.0, true));
    }
    let full =
        |k: &'static str, n: &'static str, i: &'static str| [(50.0, k), (100.0, n), (220.0, i)];
    w.extend(cells_at(50.0, &full("1.01", "Pelatihan", "Jumlah peserta")));
    w.extend(cells_at(50.0, &[(340.0, "100")]));
    w.extend(cells_at(59.0, &[(100.0, "kerja")]));
    w.extend(cells_at(68.0, &full("1.02", "Bimtek", "Jumlah lulusan")));
    w.extend(cells_at(72.5, &[(340.0, "80")]));
    w.extend(cells_at(77.0, &[(100.0, "teknis")]));
    w.extend(cells_at(86.0, &full("1.03", "Rapat", "Jumlah rapat")));
    w.extend(cells_at(86.0, &[(340.0, "4")]));
    w.extend(cells_at(95.0, &[(100.0, "koordinasi")]));
    let res = run(&[page(1, w, vec![])]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    let got: Vec<Vec<&str>> = res.tables[0].rows.iter().map(|r| texts(&r.cells)).collect();
    assert_eq!(
        got,
        vec![
            vec!["1.01", "Pelatihan kerja", "Jumlah peserta", "100"],
            vec!["1.02", "Bimtek teknis", "Jumlah lulusan", "80"],
            vec!["1.03", "Rapat koordinasi", "Jumlah rapat", "4"],
        ]
    );
}

/// `(x, text)` cells of a value set flush right against `right`.
fn flush_right(right: f32, text: &str) -> (f32, &str) {
    (right - GW * text.chars().count() as f32, text)
}

#[test]
fn a_two_column_label_value_table_is_a_table() {
    // Issue 8 item 11: labels and their values, one gutter between them; the values are
    // amounts set flush right. Three columns were the least a borderless table could have.
    let res = run(&[borderless_page(&[
        &[(50.0, "Indikator"), flush_right(320.0, "Nilai")],
        &[(50.0, "Jumlah penduduk"), flush_right(320.0, "1.234.567")],
        &[(50.0, "Luas wilayah (km2)"), flush_right(320.0, "2.345")],
        &[(50.0, "Kepadatan penduduk"), flush_right(320.0, "526")],
        &[(50.0, "Jumlah kecamatan"), flush_right(320.0, "29")],
    ])]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    assert_eq!(
        header_and_body(&res.tables[0]),
        vec![
            vec!["Indikator", "Nilai"],
            vec!["Jumlah penduduk", "1.234.567"],
            vec!["Luas wilayah (km2)", "2.345"],
            vec!["Kepadatan penduduk", "526"],
            vec!["Jumlah kecamatan", "29"],
        ]
    );
}

#[test]
fn ragged_pairs_of_words_are_no_two_column_table() {
    // Lines of two word groups with one wide gap each, but the second groups start and end
    // anywhere: no column lines up, so it is text.
    let res = run(&[borderless_page(&[
        &[(50.0, "Catatan"), (160.0, "lihat lampiran")],
        &[(50.0, "Tanggal"), (215.0, "Maret")],
        &[(50.0, "Tempat"), (131.0, "aula kantor bupati")],
        &[(50.0, "Acara"), (250.0, "rapat")],
    ])]);
    assert!(res.tables.is_empty(), "{:?}", res.tables);
}

/// Lines of running text set in `cols` columns `width` points wide with `gutter` points
/// between, 12 points apart, every line filling its column (justified).
fn prose_page(cols: usize, width: f32, gutter: f32) -> Page {
    let words = "penyusunan rencana kerja perangkat daerah berpedoman pada rencana strategis \
                 dan mengacu pada rancangan awal rencana kerja pemerintah daerah serta hasil \
                 musyawarah perencanaan pembangunan yang dilaksanakan secara berjenjang";
    let words: Vec<&str> = words.split_whitespace().collect();
    let mut w = Vec::new();
    let mut next = 0;
    for c in 0..cols {
        let x0 = 50.0 + c as f32 * (width + gutter);
        for k in 0..10 {
            // Words up to the column's width, spread so the line ends at its right edge.
            let mut take = Vec::new();
            let mut len = 0.0;
            loop {
                let t = words[next % words.len()];
                let wl = GW * t.chars().count() as f32;
                if !take.is_empty() && len + GW + wl > width {
                    break;
                }
                len += if take.is_empty() { wl } else { GW + wl };
                take.push(t);
                next += 1;
            }
            let space = if take.len() > 1 {
                GW + (width - len) / (take.len() - 1) as f32
            } else {
                GW
            };
            let mut x = x0;
            for t in take {
                let word = word(t, x, 60.0 + 12.0 * k as f32, false);
                x = word.bbox.x1 + space;
                w.push(word);
            }
        }
    }
    page(1, w, vec![])
}

#[test]
fn prose_set_in_three_columns_is_no_table() {
    // Issue 8 item 13: justified running text in three columns lines up like a table (every
    // line has three word runs with a common gutter between); no header, no key column,
    // every line filling every column with words.
    let res = run(&[prose_page(3, 150.0, 14.0)]);
    assert!(res.tables.is_empty(), "{:?}", res.tables);
    assert!(!res.text.is_empty());
}

#[test]
fn prose_set_in_two_columns_is_no_two_column_table() {
    let res = run(&[prose_page(2, 220.0, 24.0)]);
    assert!(res.tables.is_empty(), "{:?}", res.tables);
}

#[test]
fn a_section_label_row_is_a_row_of_its_own() {
    // Issue 8 item 12: a line with text in the first column only (`Jenis kelamin`) heads the
    // rows under it. All of it would have fitted after the label above without wrapping, and
    // the next label's first word after it, so it is no cell's wrapped line: it is its own
    // row, not glued to the row above.
    let res = run(&[borderless_page(&[
        &[
            (50.0, "Karakteristik"),
            (220.0, "Jumlah"),
            (290.0, "Persen"),
        ],
        &[(50.0, "Jenis kelamin")],
        &[(50.0, "Laki-laki"), (220.0, "120"), (290.0, "60")],
        &[(50.0, "Perempuan"), (220.0, "80"), (290.0, "40")],
        &[(50.0, "Pendidikan")],
        &[
            (50.0, "Tidak tamat sekolah dasar negeri"),
            (220.0, "50"),
            (290.0, "25"),
        ],
        &[(50.0, "Sekolah menengah"), (220.0, "150"), (290.0, "75")],
    ])]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    assert_eq!(
        header_and_body(&res.tables[0]),
        vec![
            vec!["Karakteristik", "Jumlah", "Persen"],
            vec!["Jenis kelamin", "", ""],
            vec!["Laki-laki", "120", "60"],
            vec!["Perempuan", "80", "40"],
            vec!["Pendidikan", "", ""],
            vec!["Tidak tamat sekolah dasar negeri", "50", "25"],
            vec!["Sekolah menengah", "150", "75"],
        ]
    );
}

#[test]
fn a_label_wrapped_for_want_of_width_stays_with_its_row() {
    // The must-not cases of the section label: `berpenghasilan` is alone in the first column
    // over a row, but it would not have fitted after `Jumlah penduduk` within the column's
    // widest line, so it is that cell's wrapped tail. `usia produktif` could have lent its first
    // word to the line above within the widest line, but not all of it: the widest line only
    // bounds the column's width from below (a browser wraps at the cell's edge, which may lie
    // short of that), so it stays a tail too.
    let res = run(&[borderless_page(&[
        &[(50.0, "Uraian"), (180.0, "Jumlah"), (250.0, "Persen")],
        &[(50.0, "Jumlah penduduk"), (180.0, "120"), (250.0, "60")],
        &[(50.0, "berpenghasilan")],
        &[(50.0, "Luas wilayah km"), (180.0, "80"), (250.0, "40")],
        &[(50.0, "Rumah layak huni"), (180.0, "50"), (250.0, "25")],
        &[(50.0, "Jumlah penduduk"), (180.0, "70"), (250.0, "35")],
        &[(50.0, "usia produktif")],
        &[
            (50.0, "Luas wilayah daratan km"),
            (180.0, "30"),
            (250.0, "15"),
        ],
    ])]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    assert_eq!(
        body(&res.tables[0]),
        vec![
            vec!["Jumlah penduduk berpenghasilan", "120", "60"],
            vec!["Luas wilayah km", "80", "40"],
            vec!["Rumah layak huni", "50", "25"],
            vec!["Jumlah penduduk usia produktif", "70", "35"],
            vec!["Luas wilayah daratan km", "30", "15"],
        ]
    );
}

/// Words of `text` from `x0`, `space` points between words (dense templates set words closer
/// than the synthetic font's one-glyph space).
fn spaced_line(text: &str, x0: f32, y0: f32, space: f32) -> Vec<Word> {
    let mut x = x0;
    text.split(' ')
        .map(|t| {
            let w = word(t, x, y0, false);
            x = w.bbox.x1 + space;
            w
        })
        .collect()
}

/// A borderless page of `rows` (the first the header), each column as wide as its widest text
/// plus `gutter` points, words 2 points apart, lines 14 points apart.
fn dense_page(rows: &[&[&str]], gutter: f32) -> Page {
    let width = |t: &str| {
        GW * t.chars().filter(|c| *c != ' ').count() as f32 + 2.0 * t.matches(' ').count() as f32
    };
    let ncol = rows[0].len();
    let mut xs = vec![50.0f32];
    for c in 0..ncol - 1 {
        let w = rows.iter().map(|r| width(r[c])).fold(0.0, f32::max);
        xs.push(xs[c] + w + gutter);
    }
    let mut w = Vec::new();
    for (k, r) in rows.iter().enumerate() {
        for (c, t) in r.iter().enumerate() {
            w.extend(spaced_line(t, xs[c], 60.0 + 14.0 * k as f32, 2.0));
        }
    }
    page(1, w, vec![])
}

const DENSE_ROWS: &[&[&str]] = &[
    &["No", "Indikator", "Target", "Realisasi", "Satuan"],
    &[
        "1",
        "Jumlah peserta pelatihan",
        "224 orang",
        "96 orang",
        "orang",
    ],
    &["2", "Jumlah tenaga kerja", "-", "96 orang", "orang"],
    &[
        "3",
        "Jumlah lulusan pendidikan",
        "1.224 orang",
        "-",
        "orang",
    ],
    &["4", "Jumlah koperasi aktif", "12", "1.096 orang", "unit"],
];

#[test]
fn columns_a_narrow_gutter_apart_are_told_by_their_alignment() {
    // Issue 8 item 8: a dense template sets each column's widest cell 6 points (three quarters
    // of a font size) from the next column, under the borderless gutter; the columns still
    // start on one edge line after line, which two words of one cell never do.
    let res = run(&[dense_page(DENSE_ROWS, 6.0)]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    let want: Vec<Vec<&str>> = DENSE_ROWS.iter().map(|r| r.to_vec()).collect();
    assert_eq!(header_and_body(&res.tables[0]), want);
}

#[test]
fn words_a_wide_space_apart_that_do_not_line_up_stay_one_cell() {
    // The same table with the names set justified under a short label: a stretched space
    // after `Jumlah` leaves a gap no line covers, but the words after it start at four
    // different places, so it is no gutter and the names stay whole.
    let mut p = dense_page(DENSE_ROWS, 12.0);
    let (x0, x1) = (72.0, 72.0 + 119.0);
    p.words.retain(|w| w.bbox.x0 < x0 || w.bbox.x0 > x1);
    p.words.push(word("Nama", x0, 60.0, false));
    let names = [
        "Jumlah peserta",
        "Jumlah tenaga",
        "Jumlah lulusan",
        "Jumlah koperasi",
    ];
    for (k, (n, space)) in names.iter().zip([6.0, 9.0, 7.0, 8.5]).enumerate() {
        let y = 60.0 + 14.0 * (k + 1) as f32;
        let mut ws = spaced_line(n, x0, y, space);
        p.words.append(&mut ws);
    }
    p.words.sort_by(|a, b| {
        (a.bbox.y0, a.bbox.x0)
            .partial_cmp(&(b.bbox.y0, b.bbox.x0))
            .unwrap()
    });
    let res = run(&[p]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    let body = header_and_body(&res.tables[0]);
    assert_eq!(body[0].len(), 5, "{body:?}");
    assert_eq!(body[0][1], "Nama", "{body:?}");
    for (k, n) in names.iter().enumerate() {
        assert_eq!(body[k + 1][1], *n, "{body:?}");
    }
}

#[test]
fn a_group_label_over_two_columns_does_not_merge_them() {
    // Issue 8 item 8: a statistical table groups its year columns under a label centred over
    // each pair, set close over the column labels and apart from the rows. The label crosses
    // the gutter between the pair; the rows' alignment gives the columns, and the label goes
    // whole to the first of the two, as a spanning cell's text does.
    let mut w = Vec::new();
    w.extend(cells_at(
        60.0,
        &[
            (50.0, "Uraian"),
            (167.0, "Penduduk (jiwa)"),
            (290.0, "Rumah tangga"),
        ],
    ));
    let cols = [50.0, 160.0, 220.0, 280.0, 340.0];
    let rows: [[&str; 5]; 4] = [
        ["Kecamatan", "2021", "2022", "2021", "2022"],
        ["Martapura", "12.345", "12.501", "3.210", "3.301"],
        ["Astambul", "8.120", "8.244", "2.015", "2.090"],
        ["Karang Intan", "6.733", "6.802", "1.877", "1.902"],
    ];
    w.extend(rows_at(&cols, &rows, 70.0, 16.0));
    let res = run(&[page(1, w, vec![])]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    let all = header_and_body(&res.tables[0]);
    let n = all.len();
    let body: Vec<Vec<&str>> = rows[1..].iter().map(|r| r.to_vec()).collect();
    assert_eq!(all[n - 3..].to_vec(), body, "{all:?}");
    let head = all[..n - 3].to_vec();
    let at = |s: &str| {
        head.iter()
            .find_map(|r| r.iter().position(|c| c.contains(s)))
    };
    assert_eq!(at("Penduduk (jiwa)"), Some(1), "{head:?}");
    assert_eq!(at("Rumah tangga"), Some(3), "{head:?}");
    assert_eq!(at("Kecamatan"), Some(0), "{head:?}");
}

#[test]
fn a_header_label_wider_than_its_column_stays_whole() {
    // Rules between rows only: `Target Kinerja` is wider than its column of dashes and runs
    // past the edge the rows draw in the gutter; it is one label of the column it overlaps
    // most, not `Target` here and `Kinerja` over the next column.
    let (mut w, mut r) = (vec![], vec![]);
    let rule = |y: f32, r: &mut Vec<Rule>| r.push(hrule(45.0, 440.0, y));
    let rows: [[&str; 4]; 4] = [
        ["No", "Uraian", "Target Kinerja", "Satuan"],
        ["1", "Pelatihan kerja", "-", "unit"],
        ["2", "Penempatan tenaga kerja", "5", "orang"],
        ["3", "Pengawasan", "-", "unit"],
    ];
    let xs = [50.0, 80.0, 300.0, 380.0];
    for (k, row) in rows.iter().enumerate() {
        let y = 60.0 + 14.0 * k as f32;
        rule(y - 2.0, &mut r);
        for (x, t) in xs.iter().zip(row) {
            w.extend(line(t, *x, y, k == 0));
        }
    }
    rule(60.0 + 14.0 * 4.0 - 2.0, &mut r);
    let res = run(&[page(1, w, r)]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    let want: Vec<Vec<&str>> = rows.iter().map(|r| r.to_vec()).collect();
    assert_eq!(header_and_body(&res.tables[0]), want);
}

/// Words of `text` set justified from `x0` to `x1` on the line at `y`.
fn justified(text: &str, x0: f32, x1: f32, y: f32) -> Vec<Word> {
    let words: Vec<&str> = text.split(' ').collect();
    let ink: f32 = words.iter().map(|w| GW * w.chars().count() as f32).sum();
    let gap = (x1 - x0 - ink) / (words.len().max(2) - 1) as f32;
    let mut x = x0;
    words
        .iter()
        .map(|t| {
            let w = word(t, x, y, false);
            x = w.bbox.x1 + gap;
            w
        })
        .collect()
}

const PROSE: &str = "rencana kerja perangkat daerah disusun dengan berpedoman pada rencana \
    strategis perangkat daerah dan mengacu pada rancangan awal rencana kerja pemerintah daerah \
    serta memuat program kegiatan dan sub kegiatan beserta indikator kinerja dan pagu indikatif \
    yang dilaksanakan langsung oleh perangkat daerah maupun yang ditempuh dengan mendorong \
    partisipasi masyarakat dalam pembangunan daerah";

/// Lines of [`PROSE`] set justified in a column from `x0` to `x1`, `pitch` apart from `y`.
fn prose_column(x0: f32, x1: f32, y: f32, pitch: f32) -> Vec<Word> {
    let mut out = Vec::new();
    let (mut line, mut k) = (String::new(), 0);
    let width = |s: &str| GW * s.chars().count() as f32;
    for w in PROSE.split_whitespace() {
        let next = if line.is_empty() {
            w.to_string()
        } else {
            format!("{line} {w}")
        };
        if width(&next) > x1 - x0 && !line.is_empty() {
            out.extend(justified(&line, x0, x1, y + pitch * k as f32));
            k += 1;
            line = w.to_string();
        } else {
            line = next;
        }
    }
    out.extend(line_at(&line, x0, y + pitch * k as f32));
    out
}

fn line_at(text: &str, x0: f32, y: f32) -> Vec<Word> {
    line(text, x0, y, false)
}

#[test]
fn a_table_beside_a_column_of_running_text_is_read_apart_from_it() {
    // Issue 8 item 9: a page in two columns, running text on the left, a borderless table on
    // the right whose rows share baselines with the text's lines. The text column (justified
    // lines at a text line's pitch, all from one edge, a clean channel beside them) is read
    // apart, and the table keeps its own three columns.
    let mut w = prose_column(50.0, 250.0, 60.0, 10.0);
    let rows: [[&str; 3]; 5] = [
        ["Kode", "Program", "Pagu"],
        ["2.07.01", "Penunjang urusan", "1.250.000"],
        ["2.07.02", "Perencanaan tenaga kerja", "350.000"],
        ["2.07.03", "Pelatihan kerja", "2.100.000"],
        ["2.07.04", "Penempatan tenaga kerja", "475.000"],
    ];
    for (k, r) in rows.iter().enumerate() {
        let y = 60.0 + 20.0 * k as f32;
        w.extend(cells_at(y, &[(280.0, r[0]), (330.0, r[1]), (460.0, r[2])]));
    }
    let res = run(&[page(1, w, vec![])]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    let want: Vec<Vec<&str>> = rows.iter().map(|r| r.to_vec()).collect();
    assert_eq!(header_and_body(&res.tables[0]), want);
    assert!(
        res.text
            .iter()
            .any(|l| l.starts_with("rencana kerja perangkat")),
        "{:?}",
        res.text
    );
}

#[test]
fn a_table_whose_wrapped_names_fill_their_column_stays_whole() {
    // The names wrap at their column's width, their first lines ending on one edge like a
    // text column's, but each row pads its lines apart from the next: no stretch of lines at
    // a text line's pitch, so no text column, and the names stay the table's.
    let mut w = Vec::new();
    let names = [
        ("pelatihan dan produktivitas kerja", "berbasis kompetensi"),
        ("penempatan tenaga kerja di dalam", "dan luar negeri"),
        ("pengawasan norma ketenagakerjaan", "di perusahaan"),
        ("pembinaan hubungan industrial dan", "jaminan sosial"),
    ];
    w.extend(cells_at(
        60.0,
        &[
            (50.0, "Kode"),
            (100.0, "Uraian"),
            (310.0, "Target"),
            (380.0, "Pagu"),
        ],
    ));
    for (k, (a, b)) in names.iter().enumerate() {
        let y = 76.0 + 26.0 * k as f32;
        w.extend(cells_at(y, &[(50.0, &format!("2.07.0{}", k + 1))]));
        w.extend(line_at(a, 100.0, y));
        w.extend(line_at(b, 100.0, y + 10.0));
        w.extend(cells_at(y, &[(310.0, "100"), (380.0, "1.000.000")]));
    }
    let res = run(&[page(1, w, vec![])]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    let all = header_and_body(&res.tables[0]);
    assert_eq!(all.len(), 5, "{all:?}");
    for (k, (a, b)) in names.iter().enumerate() {
        assert_eq!(all[k + 1][1], format!("{a} {b}"), "{all:?}");
    }
}

#[test]
fn a_title_spread_over_the_table_width_is_its_title() {
    // Issue 8 item 9: the title's words spread across the table's width and set close over
    // the header look like a row of cells; taken as one, its words crossed the gutters and
    // merged the columns under them. A block that opens with a table title is the title's.
    let mut w = Vec::new();
    w.extend(cells_at(
        60.0,
        &[
            (50.0, "Tabel"),
            (150.0, "3.1"),
            (250.0, "Rumusan"),
            (380.0, "Program"),
        ],
    ));
    let cols = [50.0, 110.0, 200.0, 300.0, 390.0];
    let rows: [[&str; 5]; 4] = [
        ["Kode", "Program", "Target", "Satuan", "Pagu"],
        ["2.07.01", "Penunjang", "100", "persen", "1.250.000"],
        ["2.07.02", "Perencanaan", "12", "dokumen", "350.000"],
        ["2.07.03", "Pelatihan", "240", "orang", "2.100.000"],
    ];
    w.extend(rows_at(&cols, &rows, 72.0, 16.0));
    let res = run(&[page(1, w, vec![])]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    let t = &res.tables[0];
    assert_eq!(t.title, "Tabel 3.1 Rumusan Program");
    let want: Vec<Vec<&str>> = rows.iter().map(|r| r.to_vec()).collect();
    assert_eq!(header_and_body(t), want);
}

/// A row-ruled table of `rows` (header first) in columns starting at `xs`, one row per band,
/// its rules running to `right`.
fn row_ruled(xs: &[f32], right: f32, rows: &[Vec<&str>], extra: Vec<Word>) -> Page {
    let (mut w, mut r) = (extra, vec![]);
    let mut y = 60.0;
    r.push(hrule(45.0, right, y - 2.0));
    for (k, row) in rows.iter().enumerate() {
        for (t, &x) in row.iter().zip(xs) {
            if !t.is_empty() {
                w.extend(line(t, x, y, k == 0));
            }
        }
        y += 14.0;
        r.push(hrule(45.0, right, y - 2.0));
    }
    page(1, w, r)
}

#[test]
fn a_stray_mark_in_a_gutter_opens_no_column() {
    // A scan reads a speck in the gutter between two columns of one row as a dash. Alone in
    // its own narrow gutter band it would be a column of its own, and every row of the next
    // page, laid out without it, would slide one place.
    let xs = [50.0, 95.0, 223.0, 345.0];
    let rows = vec![
        vec!["Kode", "Kegiatan", "Indikator", "Pagu"],
        vec![
            "2.07.01",
            "Pengawasan norma kerja",
            "Jumlah perusahaan",
            "45,000,000",
        ],
        vec![
            "2.07.02",
            "Penempatan",
            "Jumlah pencari kerja",
            "350,000,000",
        ],
        vec!["2.07.03", "Pelatihan", "Jumlah peserta", "2,100,000,000"],
        vec![
            "2.07.04",
            "Perluasan kerja",
            "Jumlah wirausaha",
            "90,000,000",
        ],
    ];
    // Right of the longest name (95 + 22 glyphs = 205), clear of the indicators at 223.
    let speck = word("\u{2014}", 211.0, 60.0 + 14.0, false);
    let res = run(&[row_ruled(&xs, 420.0, &rows, vec![speck])]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    assert_eq!(header_and_body(&res.tables[0]), rows);
}

#[test]
fn a_narrow_column_of_nil_dashes_stays_a_column() {
    // A narrow last column with no label of its own (its header is a spanning cell's part)
    // holding the nil mark `-` in one row: a dash is a value, not a speck. The rules end
    // close to it, so the column is as narrow as a sliver.
    let xs = [50.0, 95.0, 223.0, 345.0, 420.0];
    let rows = vec![
        vec!["Kode", "Kegiatan", "Indikator", "Pagu", ""],
        vec![
            "2.07.01",
            "Pengawasan norma kerja",
            "Jumlah perusahaan",
            "45,000,000",
            "-",
        ],
        vec![
            "2.07.02",
            "Penempatan",
            "Jumlah pencari kerja",
            "350,000,000",
            "",
        ],
        vec![
            "2.07.03",
            "Pelatihan",
            "Jumlah peserta",
            "2,100,000,000",
            "",
        ],
        vec![
            "2.07.04",
            "Perluasan kerja",
            "Jumlah wirausaha",
            "90,000,000",
            "",
        ],
    ];
    let res = run(&[row_ruled(&xs, 428.0, &rows, vec![])]);
    assert_eq!(res.tables.len(), 1, "{:?}", res.text);
    assert_eq!(header_and_body(&res.tables[0]), rows);
}
