//! The extracted document: tables of text cells, each cell remembering where it was found. This
//! is what layout (for PDFs) and the text-export reader hand to the later stages.

use crate::geom::BBox;
use serde::{Deserialize, Serialize};

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
    /// Per-page problems that did not stop the document (`page 7: image cannot be decoded`).
    pub warnings: Vec<String>,
}
