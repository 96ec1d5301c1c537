//! The extracted document: tables of text cells, each cell remembering where it was found. This
//! is what layout (for PDFs) and the text-export reader hand to the later stages.

use crate::geom::BBox;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// One table cell as printed, with its place on the page when the source has geometry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Cell {
    /// The cell text, lines joined with single spaces, wrapped words and numbers rejoined.
    pub text: String,
    /// 1-based page the cell is on (0 when the source has no pages, e.g. a text export).
    pub page: u32,
    /// Bounding box in page points, when known.
    pub bbox: Option<BBox>,
    /// Printed in bold (program and total rows usually are).
    pub bold: bool,
    /// Lowest OCR word confidence in the cell (0..=100), for OCR pages.
    pub conf: Option<f32>,
}

impl Cell {
    /// A cell with text only (no page, no geometry).
    pub fn text(t: impl Into<String>) -> Self {
        Cell {
            text: t.into(),
            ..Default::default()
        }
    }
}

/// One body row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Row {
    /// 1-based page of the row (0 when unknown).
    pub page: u32,
    /// The cells, left to right, one per table column.
    pub cells: Vec<Cell>,
}

/// One table, stitched over the pages it spans, header kept once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Table {
    /// The title printed above the table (`Tabel 2.4 Review Terhadap ...`), empty when none.
    pub title: String,
    /// First page (1-based; 0 when unknown).
    pub page: u32,
    /// Last page the table continues on.
    pub last_page: u32,
    /// Header rows, top to bottom, including the column-number row (`1 2 3 ... 16`).
    pub header_rows: Vec<Vec<Cell>>,
    /// Body rows in reading order.
    pub rows: Vec<Row>,
}

/// One paragraph of running text (outside tables), with where it sits among the tables, so that
/// a figure quoted in prose can be traced to the table it talks about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Paragraph {
    /// The text, lines joined with single spaces.
    pub text: String,
    /// 1-based page the paragraph starts on (0 when the source has no pages).
    pub page: u32,
    /// Index in `Document::tables` of the last table that starts before this paragraph (`None`
    /// when no table precedes it).
    pub after_table: Option<usize>,
}

/// Everything extracted from one input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Document {
    /// The input's file name (no directory).
    pub name: String,
    /// Number of pages (0 for a text export).
    pub pages: u32,
    /// Tables in reading order.
    pub tables: Vec<Table>,
    /// Free text outside tables, in reading order, one entry per paragraph or line (used for
    /// metadata: pemda, OPD, year).
    pub text: Vec<String>,
    /// The same free text as paragraphs (wrapped lines joined), each placed among the tables.
    #[serde(default)]
    pub paragraphs: Vec<Paragraph>,
    /// The page number printed on each page that has one (`12`, `iv`), by PDF page index.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub printed_pages: std::collections::BTreeMap<u32, String>,
    /// Per-page problems that did not stop the document (`page 7: image cannot be decoded`).
    pub warnings: Vec<String>,
}

impl Document {
    /// Keeps the first `max` table rows (header and body, tables in reading order) and drops
    /// the rest, saying where it cut; `None` when the document is within the limit. A PDF's
    /// pages are bounded one by one, but what they add up to is bounded here: checking holds
    /// several KB per row (issue 13).
    pub fn keep_rows(&mut self, max: usize) -> Option<String> {
        let mut left = max;
        let mut cut: Option<u32> = None;
        for t in &mut self.tables {
            let header = t.header_rows.len().min(left);
            left -= header;
            let body = t.rows.len().min(left);
            left -= body;
            if header < t.header_rows.len() || body < t.rows.len() {
                let page = t.rows.get(body).map_or(t.page, |r| r.page.max(t.page));
                cut.get_or_insert(page);
                t.header_rows.truncate(header);
                t.rows.truncate(body);
            }
        }
        self.tables
            .retain(|t| !t.header_rows.is_empty() || !t.rows.is_empty());
        Some(row_limit_warning(max, &format!("page {}", cut?)))
    }
}

/// What a document past the row limit says (RJ006), `from` naming where the cut fell.
pub fn row_limit_warning(max: usize, from: &str) -> String {
    format!(
        "the document has more than {max} table rows (rules/limits.toml): the rows after row \
         {max} are not read (from {from})"
    )
}

/// Whether a row is the row of column numbers that ends a Renja table header (`1 2 3 ... 16`,
/// `(1) (2) ...`, `8=(7/6)`): at least three small numbers, mostly increasing.
pub fn is_column_number_row(cells: &[Cell]) -> bool {
    is_column_numbering(cells.iter().map(|c| c.text.as_str()))
}

/// [`is_column_number_row`] over the texts of a row's cells (or of a printed line's words).
pub fn is_column_numbering<'a>(texts: impl IntoIterator<Item = &'a str>) -> bool {
    let mut nums = Vec::new();
    for t in texts {
        let t = t.trim();
        if t.is_empty() {
            continue;
        }
        let head = t.split('=').next().unwrap_or("").trim();
        let inner = head.trim_start_matches('(').trim_end_matches(')');
        if inner.is_empty() || inner.len() > 2 || !inner.chars().all(|ch| ch.is_ascii_digit()) {
            return false;
        }
        nums.push(inner.parse::<u32>().unwrap_or(0));
    }
    if nums.len() < 3 {
        return false;
    }
    let increasing = nums.windows(2).filter(|w| w[1] > w[0]).count();
    nums[0] <= 5 && increasing + 1 >= nums.len() * 3 / 4
}

/// A row that can only be body data: a leading code (`2.07.01`, `2 07 03`), a money amount,
/// `NIHIL`. Shared by the text export and the PDF layout so both end a header at the same row.
pub fn looks_like_body_row(cells: &[Cell]) -> bool {
    static CODE: OnceLock<Regex> = OnceLock::new();
    static MONEY: OnceLock<Regex> = OnceLock::new();
    let code = CODE.get_or_init(|| {
        Regex::new(r"^\d{1,4}([.\s]\d{1,4})+\.?$|^\d\.\d{2}").expect("code pattern")
    });
    let money = MONEY.get_or_init(|| {
        Regex::new(r"^\d{1,3}([.,]\d{3}){2,}([.,]\d{2})?$|^\d{6,}$").expect("money pattern")
    });
    let first = cells.iter().map(|c| c.text.trim()).find(|t| !t.is_empty());
    if first.is_some_and(|f| code.is_match(f)) || split_code(cells) {
        return true;
    }
    cells.iter().any(|c| {
        let t = c.text.trim();
        money.is_match(t) || t.eq_ignore_ascii_case("nihil")
    })
}

/// A code set one segment per column (`2 | 07 | 01 | 2 | 09`, `2 | 07 03 | 2`): its leading filled cells are at
/// least three digit groups, an urusan digit then a two-digit bidang, which a column-number row
/// (`1 | 2 | 3`) never is.
fn split_code(cells: &[Cell]) -> bool {
    let groups: Vec<&str> = cells
        .iter()
        .flat_map(|c| c.text.split_whitespace())
        .take_while(|t| t.len() <= 4 && t.chars().all(|ch| ch.is_ascii_digit()))
        .collect();
    groups.len() >= 3 && groups[0].len() == 1 && groups[1].len() == 2
}

/// A row of short unit labels under grouped headers (`K  Rp  K  Rp`).
pub fn is_unit_label_row(cells: &[Cell]) -> bool {
    let ne: Vec<&str> = cells
        .iter()
        .map(|c| c.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    ne.len() >= 2
        && ne
            .iter()
            .all(|t| t.len() <= 3 && t.chars().all(|c| c.is_alphabetic() || c == '%'))
}

/// A column-number row as OCR leaves it: mostly small increasing numbers, some cells damaged
/// (`4 2 3 ... 9 | 10 Belia | ie sala`). Only trusted at the top of a continuation page.
fn looks_like_column_numbers(cells: &[Cell]) -> bool {
    if is_column_number_row(cells) {
        return true;
    }
    let texts: Vec<&str> = cells
        .iter()
        .map(|c| c.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    let nums: Vec<u32> = texts
        .iter()
        .filter(|t| t.len() <= 2 && t.chars().all(|ch| ch.is_ascii_digit()))
        .filter_map(|t| t.parse().ok())
        .collect();
    if nums.len() < 5 || nums.len() * 5 < texts.len() * 3 {
        return false;
    }
    // A body row of small values (`7`, `Indeks Kepuasan Masyarakat`, `79 80 81 82`) has a name
    // in it; a column-number row, however damaged, has no words.
    let named = texts.iter().any(|t| {
        t.split_whitespace()
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
            .count()
            >= 2
    });
    let increasing = nums.windows(2).filter(|w| w[1] > w[0]).count();
    !named && increasing + 1 >= nums.len() * 3 / 4
}

impl Table {
    /// Column `c`'s header as printed: its non-empty header cells top to bottom, joined by `sep`.
    pub fn column_header(&self, c: usize, sep: &str) -> String {
        let parts: Vec<&str> = self
            .header_rows
            .iter()
            .filter_map(|r| r.get(c).map(|x| x.text.as_str()))
            .filter(|x| !x.is_empty())
            .collect();
        parts.join(sep)
    }

    /// Drops a header repeated at the top of a continuation page that reached the body (OCR
    /// damage can make it unrecognisable as a header): the column-number row near the top of
    /// a later page, with the rows above it on that page.
    pub fn drop_repeated_headers(&mut self) {
        /// How far down a continuation page a repeated header can end.
        const MAX_HEADER_ROWS: usize = 4;
        let mut keep = vec![true; self.rows.len()];
        let mut i = 0;
        while i < self.rows.len() {
            let page = self.rows[i].page;
            let start = i;
            while i < self.rows.len() && self.rows[i].page == page {
                i += 1;
            }
            if page <= self.page {
                continue;
            }
            let top = start..i.min(start + MAX_HEADER_ROWS);
            if let Some(end) = top
                .rev()
                .find(|&k| looks_like_column_numbers(&self.rows[k].cells))
            {
                keep[start..=end].iter_mut().for_each(|k| *k = false);
            }
        }
        let mut k = keep.into_iter();
        self.rows.retain(|_| k.next().unwrap_or(true));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(page: u32, cells: &[&str]) -> Row {
        Row {
            page,
            cells: cells.iter().map(|c| Cell::text(*c)).collect(),
        }
    }

    #[test]
    fn rows_past_the_limit_are_dropped_across_tables_and_the_cut_named() {
        let table = |page: u32, n: usize| Table {
            page,
            last_page: page + 1,
            header_rows: vec![vec![Cell::text("Kode"), Cell::text("Pagu")]],
            rows: (0..n)
                .map(|i| row(page + (i as u32) / 3, &["1", "2"]))
                .collect(),
            ..Default::default()
        };
        let mut doc = Document {
            tables: vec![table(1, 4), table(3, 6), table(9, 2)],
            ..Default::default()
        };
        assert_eq!(doc.clone().keep_rows(100), None);
        // 5 rows in the first table, header and 3 body rows of the second; the third is gone.
        let w = doc.keep_rows(9).expect("a cut");
        assert_eq!(doc.tables.len(), 2);
        assert_eq!(doc.tables[0].rows.len(), 4);
        assert_eq!(doc.tables[1].rows.len(), 3);
        assert!(w.contains("more than 9 table rows"), "{w}");
        // The first dropped row, the second table's fourth, is on page 4.
        assert!(w.contains("from page 4"), "{w}");
    }

    #[test]
    fn a_code_set_one_segment_per_column_makes_a_body_row() {
        let cells = |t: &[&str]| t.iter().map(|c| Cell::text(*c)).collect::<Vec<_>>();
        assert!(looks_like_body_row(&cells(&[
            "2", "07", "01", "2", "Rapat", "-"
        ])));
        assert!(looks_like_body_row(&cells(&[
            "", "2", "07 03", "2", "05", "Uji"
        ])));
        // Column numbers, a single digit with a name, two segments only: not a code.
        assert!(!looks_like_body_row(&cells(&["1", "2", "3", "4"])));
        assert!(!looks_like_body_row(&cells(&["2", "Target", "07", "01"])));
        assert!(!looks_like_body_row(&cells(&["2", "07", "Program X"])));
    }

    #[test]
    fn a_header_repeated_into_the_body_of_a_later_page_is_dropped() {
        let mut t = Table {
            page: 1,
            last_page: 2,
            rows: vec![
                row(1, &["1", "Pelatihan", "2,100,000,000"]),
                row(2, &["N0", "Program/Kegiatan", "Pagu Indikatif (Rp)"]),
                row(2, &["1", "2", "7"]),
                row(2, &["(2)", "Pembinaan", "300,000,000"]),
            ],
            ..Default::default()
        };
        t.drop_repeated_headers();
        let first: Vec<&str> = t.rows.iter().map(|r| r.cells[0].text.as_str()).collect();
        assert_eq!(first, vec!["1", "(2)"]);
    }

    #[test]
    fn a_body_row_of_small_values_on_a_later_page_is_kept() {
        // `7 ... 79 80 81 82` counts up like column numbers, but carries a name.
        let mut t = Table {
            page: 1,
            last_page: 2,
            rows: vec![
                row(
                    1,
                    &["6", "Persentase Transmigran", "64", "65", "66", "67", "68"],
                ),
                row(
                    2,
                    &[
                        "7",
                        "Indeks Kepuasan Masyarakat",
                        "79",
                        "87",
                        "80",
                        "81",
                        "82",
                    ],
                ),
            ],
            ..Default::default()
        };
        t.drop_repeated_headers();
        assert_eq!(t.rows.len(), 2);
    }

    #[test]
    fn an_ocr_damaged_number_row_still_ends_a_repeated_header() {
        let mut t = Table {
            page: 4,
            last_page: 5,
            rows: vec![
                row(4, &["(29)", "Penyediaan Gaji", "4,296,378,934"]),
                row(5, &["5", "Rancangan Awal RKPD", ""]),
                row(
                    5,
                    &[
                        "4", "2", "3", "4", "5", "6", "7", "8", "9", "10 Belia", "ie sala",
                    ],
                ),
                row(5, &["(30)", "Koordinasi", "4,000,000"]),
            ],
            ..Default::default()
        };
        t.drop_repeated_headers();
        let first: Vec<&str> = t.rows.iter().map(|r| r.cells[0].text.as_str()).collect();
        assert_eq!(first, vec!["(29)", "(30)"]);
    }

    #[test]
    fn numbers_on_the_first_page_or_deep_in_a_page_are_data() {
        let rows = vec![
            row(1, &["1", "2", "3"]),
            row(2, &["a", "b", "c"]),
            row(2, &["a", "b", "c"]),
            row(2, &["a", "b", "c"]),
            row(2, &["a", "b", "c"]),
            row(2, &["1", "2", "3"]),
        ];
        let mut t = Table {
            page: 1,
            last_page: 2,
            rows: rows.clone(),
            ..Default::default()
        };
        t.drop_repeated_headers();
        assert_eq!(t.rows, rows);
    }
}
