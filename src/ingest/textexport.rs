//! Text exports of Renja documents (the seed format): table rows as TAB-separated cells, table
//! titles as `Tabel ...` / `**Tabel ...**` lines (several consecutive lines form one title),
//! `<b>` markup inside cells, prose paragraphs between tables. There is no geometry: every cell
//! and table has page 0.
//!
//! A table's header is everything up to and including its column-number row (`1 2 3 ...`), or,
//! without one, the leading rows before the first row that looks like data. Page breaks show up
//! as blank lines followed by a repeated header or column-number row; both are dropped so the
//! table comes out stitched, header kept once.

use super::IngestError;
use crate::extracted::{
    is_unit_label_row, looks_like_body_row, Cell, Document, Paragraph, Row, Table,
};
use regex::Regex;
use std::path::Path;
use std::sync::OnceLock;

/// Reads a TAB-separated text export into a [`Document`].
pub fn read_text_export(path: impl AsRef<Path>) -> Result<Document, IngestError> {
    read_text_export_limited(path, super::pdf::PdfOptions::default().max_bytes)
}

/// Reads a text export no larger than `max_bytes` (see [`super::read_input`]).
pub fn read_text_export_limited(
    path: impl AsRef<Path>,
    max_bytes: u64,
) -> Result<Document, IngestError> {
    let path = path.as_ref();
    let bytes = super::read_input(path, max_bytes)?;
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty {
            path: path.to_path_buf(),
        });
    }
    let text = decode(&bytes);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(parse_text_export(&name, &text))
}

/// Text of an export: UTF-16 (as spreadsheet programs save "Unicode text") when it starts with
/// a byte-order mark, else UTF-8 (its BOM dropped), invalid bytes replaced.
fn decode(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    let utf16 = |le: bool| {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        std::borrow::Cow::Owned(String::from_utf16_lossy(&units))
    };
    match bytes {
        [0xFF, 0xFE, ..] => utf16(true),
        [0xFE, 0xFF, ..] => utf16(false),
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest),
        _ => String::from_utf8_lossy(bytes),
    }
}

/// Parses the text of an export (see the module doc); never fails.
pub fn parse_text_export(name: &str, text: &str) -> Document {
    parse_limited(name, text, &crate::limits::limits().document)
}

/// [`parse_text_export`] under explicit limits on rows and cells.
fn parse_limited(name: &str, text: &str, limits: &crate::limits::DocumentLimits) -> Document {
    let mut rows_kept = 0usize;
    let mut rows_over = false;
    let mut cells_over = false;
    let mut doc = Document {
        name: name.to_string(),
        ..Default::default()
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    // The title waiting for the next table, and whether only blank lines separate the current
    // table from what follows (a page break keeps the table open).
    let mut pending_title: Vec<String> = Vec::new();
    let mut open: Option<Vec<Vec<Cell>>> = None;
    let mut open_title = String::new();
    let mut blank_run = false;
    while i < lines.len() {
        let line = lines[i].trim_end_matches('\r');
        if line.contains('\t') {
            if rows_kept >= limits.max_table_rows {
                if !rows_over {
                    rows_over = true;
                    doc.warnings.push(crate::extracted::row_limit_warning(
                        limits.max_table_rows,
                        &format!("line {}", i + 1),
                    ));
                }
                i += 1;
                continue;
            }
            rows_kept += 1;
            let mut cells = split_cells(line, limits.max_row_cells + 1);
            if cells.len() > limits.max_row_cells {
                cells.truncate(limits.max_row_cells);
                if !cells_over {
                    cells_over = true;
                    doc.warnings.push(format!(
                        "a table row has {} cells, over the {}-cell limit (rules/limits.toml): \
                         the cells after are dropped (line {})",
                        line.matches('\t').count() + 1,
                        limits.max_row_cells,
                        i + 1
                    ));
                }
            }
            match open.as_mut() {
                Some(rows) => rows.push(cells),
                None => {
                    open = Some(vec![cells]);
                    open_title = pending_title.join(" ");
                    pending_title.clear();
                }
            }
            blank_run = false;
            i += 1;
            continue;
        }
        let t = line.trim();
        if t.is_empty() {
            blank_run = true;
            i += 1;
            continue;
        }
        // Prose or a title ends an open table.
        if let Some(rows) = open.take() {
            doc.tables.push(build_table(&open_title, rows));
        }
        let _ = blank_run;
        if is_title_start(t) {
            if !pending_title.is_empty() {
                // A title with no table under it (e.g. narrated "tidak ada"): keep it as text.
                push_text(&mut doc, pending_title.join(" "));
            }
            pending_title = vec![clean_markup(t)];
            i += 1;
            // Following non-blank, non-table lines up to the first blank line belong to the
            // title; a run of bold lines also continues across a single blank line.
            while i < lines.len() {
                let l = lines[i].trim_end_matches('\r').trim();
                if l.is_empty() || lines[i].contains('\t') || pending_title.len() >= 5 {
                    break;
                }
                pending_title.push(clean_markup(l));
                i += 1;
            }
            continue;
        }
        if !pending_title.is_empty() && is_bold_line(t) && pending_title.len() < 5 {
            pending_title.push(clean_markup(t));
            i += 1;
            continue;
        }
        push_text(&mut doc, clean_markup(t));
        i += 1;
    }
    if let Some(rows) = open.take() {
        doc.tables.push(build_table(&open_title, rows));
    }
    if !pending_title.is_empty() {
        push_text(&mut doc, pending_title.join(" "));
    }
    // Titles are also prose for metadata purposes (year, pemda) but stay in the tables.
    doc
}

/// Adds a line of prose: to `text`, and as a paragraph placed after the tables closed so far (an
/// export writes each paragraph on one line).
fn push_text(doc: &mut Document, t: String) {
    doc.paragraphs.push(Paragraph {
        text: t.clone(),
        page: 0,
        after_table: doc.tables.len().checked_sub(1),
    });
    doc.text.push(t);
}

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).expect("static regex"))
}

fn is_title_start(t: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"(?i)^\**\s*tabel\b").is_match(t)
}

fn is_bold_line(t: &str) -> bool {
    t.starts_with("**") && t.trim_end().ends_with("**")
}

/// Drops `**` and `<b>` markup and collapses spaces.
fn clean_markup(t: &str) -> String {
    let s = t.replace("**", "").replace("<b>", "").replace("</b>", "");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first `at_most` cells of a row (cells past a limit are never built).
fn split_cells(line: &str, at_most: usize) -> Vec<Cell> {
    line.split('\t')
        .take(at_most)
        .map(|raw| {
            let bold = raw.contains("<b>");
            Cell {
                text: clean_markup(raw),
                bold,
                ..Default::default()
            }
        })
        .collect()
}

/// A column-number row: `1 2 3 ... n`, `(1) (2) ...`, or with formulas (`8=(7/6)`).
pub fn is_column_number_row(cells: &[Cell]) -> bool {
    crate::extracted::is_column_number_row(cells)
}

fn norm_row(cells: &[Cell]) -> String {
    cells
        .iter()
        .map(|c| c.text.trim().to_lowercase())
        .collect::<Vec<_>>()
        .join("|")
        .trim_end_matches('|')
        .to_string()
}

fn first_text(cells: &[Cell]) -> String {
    cells
        .iter()
        .map(|c| c.text.trim().to_lowercase())
        .find(|t| !t.is_empty())
        .unwrap_or_default()
}

fn build_table(title: &str, rows: Vec<Vec<Cell>>) -> Table {
    // Header: up to and including the first column-number row within the first rows (plus a
    // `K Rp` label row right under it).
    let limit = rows.len().min(8);
    let mut header_end = match (0..limit).find(|&k| is_column_number_row(&rows[k])) {
        Some(k) => k + 1,
        None => (0..limit.min(4))
            .find(|&k| looks_like_body_row(&rows[k]))
            .unwrap_or(limit.min(1)),
    };
    while header_end < rows.len() && header_end < 8 && is_unit_label_row(&rows[header_end]) {
        header_end += 1;
    }
    // A table whose first page came out before its header (Paser 3.4): take the header from
    // where it appears and keep the rows above it as body.
    let mut rows = rows;
    if header_end == 0 {
        let is_head = |r: &Vec<Cell>| {
            let f = first_text(r);
            !looks_like_body_row(r) && (f.starts_with("kode") || f == "no" || f.contains("program"))
        };
        if let Some(k) = (1..rows.len()).find(|&k| is_head(&rows[k])) {
            let mut end = k + 1;
            while end < rows.len() && end < k + 5 && !looks_like_body_row(&rows[end]) {
                end += 1;
            }
            let head: Vec<Vec<Cell>> = rows.drain(k..end).collect();
            let n = head.len();
            for (j, h) in head.into_iter().enumerate() {
                rows.insert(j, h);
            }
            header_end = n;
        }
    }
    let header_rows: Vec<Vec<Cell>> = rows[..header_end].to_vec();
    let header_keys: Vec<String> = header_rows.iter().map(|r| norm_row(r)).collect();
    let head0 = header_rows
        .first()
        .map(|r| first_text(r))
        .unwrap_or_default();
    let mut body = Vec::new();
    // Rows still to skip as a repeated (possibly OCR-varied) header after a page break.
    let mut skipping = 0usize;
    for cells in rows.into_iter().skip(header_end) {
        if cells.iter().all(|c| c.text.trim().is_empty()) {
            continue;
        }
        if !head0.is_empty() && first_text(&cells) == head0 && !looks_like_body_row(&cells) {
            skipping = header_keys.len().saturating_sub(1);
            continue;
        }
        if skipping > 0 && !looks_like_body_row(&cells) {
            skipping -= 1;
            continue;
        }
        skipping = 0;
        if is_column_number_row(&cells)
            || is_unit_label_row(&cells)
            || header_keys.contains(&norm_row(&cells))
        {
            continue;
        }
        body.push(Row { page: 0, cells });
    }
    Table {
        title: title.to_string(),
        page: 0,
        last_page: 0,
        header_rows,
        rows: body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_cells_past_the_limits_are_not_read_and_say_so() {
        let limits = crate::limits::DocumentLimits {
            max_pages: 10,
            max_table_rows: 5,
            max_row_cells: 4,
        };
        let mut text = String::from("Tabel 3.3\n\nKode\tNama\tPagu\n");
        for i in 0..10 {
            text.push_str(&format!("1.0{i}\tNama {i}\t{i}000\n"));
        }
        text.push_str("\nProse sesudah tabel.\n");
        let doc = parse_limited("big.txt", &text, &limits);
        let rows: usize = doc
            .tables
            .iter()
            .map(|t| t.header_rows.len() + t.rows.len())
            .sum();
        assert_eq!(rows, 5, "the header and four body rows are kept");
        assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
        assert!(
            doc.warnings[0].contains("more than 5 table rows"),
            "{}",
            doc.warnings[0]
        );
        assert!(doc.warnings[0].contains("line 8"), "{}", doc.warnings[0]);
        // Prose after the cut is still read.
        assert!(doc.text.iter().any(|t| t.contains("sesudah")));

        let wide = format!("Kode\tNama\n{}\n", ["9"; 12].join("\t"));
        let doc = parse_limited("wide.txt", &wide, &limits);
        let t = &doc.tables[0];
        assert!(t.rows.iter().all(|r| r.cells.len() <= 4));
        assert!(t.header_rows.iter().all(|r| r.len() <= 4));
        assert!(
            doc.warnings[0].contains("12 cells, over the 4-cell limit"),
            "{:?}",
            doc.warnings
        );

        let small = parse_limited("small.txt", "Kode\tNama\n1\tA\n", &limits);
        assert!(small.warnings.is_empty());
    }

    #[test]
    fn titles_headers_and_page_breaks() {
        let text = "Prose before.\n\n**Tabel 2.4**  \n**Review Terhadap Rancangan Awal RKPD Tahun 2022**  \n**Kota Serang**\n\nNO\tProgram\tPagu\n1\t2\t3\n<b>I</b>\tPROGRAM X\t<b>1,000,000</b>\n\n1\t2\t3\n(1)\tSub\t1,000,000\n\nAfter.\n";
        let d = parse_text_export("x.txt", text);
        assert_eq!(d.tables.len(), 1);
        let t = &d.tables[0];
        assert_eq!(
            t.title,
            "Tabel 2.4 Review Terhadap Rancangan Awal RKPD Tahun 2022 Kota Serang"
        );
        assert_eq!(t.header_rows.len(), 2);
        assert_eq!(t.rows.len(), 2);
        assert!(t.rows[0].cells[0].bold);
        assert_eq!(t.rows[0].cells[2].text, "1,000,000");
        assert_eq!(d.text, vec!["Prose before.", "After."]);
        let placed: Vec<(&str, Option<usize>)> = d
            .paragraphs
            .iter()
            .map(|p| (p.text.as_str(), p.after_table))
            .collect();
        assert_eq!(placed, vec![("Prose before.", None), ("After.", Some(0))]);
    }

    #[test]
    fn header_without_number_row_stops_at_data() {
        let text = "Tabel 2.1\nRealisasi\n\nKode\tNama\tRP\n\t\tK\n2.07.001\tPROGRAM\t74605602\n";
        let d = parse_text_export("x.txt", text);
        let t = &d.tables[0];
        assert_eq!(t.title, "Tabel 2.1 Realisasi");
        assert_eq!(t.header_rows.len(), 2);
        assert_eq!(t.rows.len(), 1);
    }

    #[test]
    fn prose_splits_tables() {
        let text = "A\tB\n1\t2\nprose\nC\tD\n";
        let d = parse_text_export("x.txt", text);
        assert_eq!(d.tables.len(), 2);
    }

    #[test]
    fn empty_file_is_an_error() {
        let dir = std::env::temp_dir().join("renja_textexport_empty.txt");
        std::fs::write(&dir, "  \n").unwrap();
        assert!(matches!(
            read_text_export(&dir),
            Err(IngestError::Empty { .. })
        ));
        assert!(matches!(
            read_text_export("/nonexistent/x.txt"),
            Err(IngestError::Io { .. })
        ));
    }
}
