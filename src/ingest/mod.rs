//! Ingest: turn an input file into positioned words and ruling lines per page (PDF text layer,
//! OCR of page images), or straight into tables (text exports, which carry no geometry).

use crate::geom::BBox;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub mod ocr;
pub mod pagenum;
pub mod pdf;
pub mod textexport;
pub mod upright;

/// Where the words of a page came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageSource {
    /// The PDF's own text layer.
    TextLayer,
    /// OCR of the page image.
    Ocr,
}

/// One word (a run of glyphs without a gap) with its position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Word {
    /// The word's text, Unicode.
    pub text: String,
    /// Bounding box in page points.
    pub bbox: BBox,
    /// Font size in points (the glyph height for OCR words).
    pub font_size: f32,
    /// Set when the font is a bold face.
    pub bold: bool,
    /// OCR confidence 0..=100; `None` for text-layer words.
    pub conf: Option<f32>,
}

/// Orientation of a ruling line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Orientation {
    /// Runs left to right.
    Horizontal,
    /// Runs top to bottom.
    Vertical,
}

/// A table border segment: a stroked line or a thin filled rectangle, or a line found in a scan.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// Horizontal or vertical.
    pub orientation: Orientation,
    /// The segment's extent in page points (a horizontal rule has y0 ~= y1).
    pub bbox: BBox,
}

/// One page's content, whatever its source.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    /// Page width in points (after rotation).
    pub width: f32,
    /// Page height in points (after rotation).
    pub height: f32,
    /// Words in content order.
    pub words: Vec<Word>,
    /// Ruling lines.
    pub rules: Vec<Rule>,
    /// Text layer or OCR.
    pub source: PageSource,
}

/// Why an input could not be read, or why one page of it could not.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file could not be opened or read.
    #[error("{path}: cannot read file: {source}")]
    Io {
        /// The input file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is empty.
    #[error("{path}: file is empty")]
    Empty {
        /// The input file.
        path: PathBuf,
    },
    /// The file is not a PDF (and not a supported text export).
    #[error("{path}: not a PDF file (no %PDF header)")]
    NotPdf {
        /// The input file.
        path: PathBuf,
    },
    /// The PDF is damaged beyond reading.
    #[error("{path}: damaged PDF: {detail}")]
    Corrupt {
        /// The input file.
        path: PathBuf,
        /// What the parser said.
        detail: String,
    },
    /// The PDF is encrypted with a user password.
    #[error("{path}: PDF is encrypted with a password; give it with --password PW (or decrypt it first: `qpdf --password=PW --decrypt in.pdf out.pdf`)")]
    Encrypted {
        /// The input file.
        path: PathBuf,
    },
    /// The password given with `--password` opens neither the user nor the owner lock.
    #[error("{path}: wrong password (--password) for this encrypted PDF")]
    WrongPassword {
        /// The input file.
        path: PathBuf,
    },
    /// `--pages` selects none of the document's pages.
    #[error("{path}: --pages {pages} selects none of its {count} pages")]
    NoSelectedPage {
        /// The input file.
        path: PathBuf,
        /// The selection as written.
        pages: String,
        /// The document's page count.
        count: u32,
    },
    /// The PDF has no pages.
    #[error("{path}: PDF has no pages")]
    NoPages {
        /// The input file.
        path: PathBuf,
    },
    /// The file is larger than the configured limit.
    #[error(
        "{path}: file is {size} bytes, over the {limit}-byte limit (raise it with --max-size-mb)"
    )]
    TooLarge {
        /// The input file.
        path: PathBuf,
        /// The file size.
        size: u64,
        /// The limit in force.
        limit: u64,
    },
    /// The input is a FIFO, device, socket or folder: reading it could hang or never end.
    #[error("{path}: not a regular file ({kind}); give a PDF or text export file")]
    NotRegularFile {
        /// The input.
        path: PathBuf,
        /// What it is instead.
        kind: &'static str,
    },
    /// No page has a usable text layer, and OCR was not asked for or read nothing.
    #[error("{path}: no text layer on any page (a scan?); {why}")]
    NoTextLayer {
        /// The input file.
        path: PathBuf,
        /// What to do, or why OCR read nothing: the per-page reasons (issue 13 item 8).
        why: String,
    },
    /// One page failed; the others may still be fine.
    #[error("{path}: page {page}: {detail}")]
    Page {
        /// The input file.
        path: PathBuf,
        /// 1-based page number.
        page: u32,
        /// What went wrong.
        detail: String,
    },
    /// OCR is needed but the Tesseract program or its language data is missing.
    #[error("OCR is not available: {detail}")]
    OcrUnavailable {
        /// What is missing and how to install it.
        detail: String,
    },
    /// A last-resort guard caught a panic while reading this file.
    #[error("{path}: internal error while reading: {detail}")]
    Internal {
        /// The input file.
        path: PathBuf,
        /// The panic message.
        detail: String,
    },
}

/// Reads a whole input file, refusing special files (a FIFO would block, `/dev/zero` never
/// ends) and anything over `max_bytes`, also a file that grows while it is read.
pub fn read_input(path: &Path, max_bytes: u64) -> Result<Vec<u8>, IngestError> {
    use std::io::Read;
    let p = || path.to_path_buf();
    let meta = std::fs::metadata(path).map_err(|source| IngestError::Io { path: p(), source })?;
    if !meta.is_file() {
        return Err(IngestError::NotRegularFile {
            path: p(),
            kind: file_kind(&meta),
        });
    }
    let too_large = |size| IngestError::TooLarge {
        path: p(),
        size,
        limit: max_bytes,
    };
    if meta.len() > max_bytes {
        return Err(too_large(meta.len()));
    }
    let f = std::fs::File::open(path).map_err(|source| IngestError::Io { path: p(), source })?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    f.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| IngestError::Io { path: p(), source })?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a plain file"
    }
}
