//! Orchestration: one input file through ingest and layout to an [`extracted::Document`], with a
//! last-resort guard so that a panic in any stage becomes an error for that file only.

use crate::extracted::Document;
use crate::ingest::pdf::{has_text, PdfFile, PdfOptions};
use crate::ingest::IngestError;
use crate::layout::LayoutBuilder;
use rayon::prelude::*;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// Options for extraction.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// PDF reading limits.
    pub pdf: PdfOptions,
}

/// Reads one PDF page by page into tables. Pages that fail are reported in
/// `Document::warnings`; the document fails only when no page could be read.
pub fn extract_pdf(path: &Path, opts: &ExtractOptions) -> Result<Document, IngestError> {
    let pdf = PdfFile::open(path, &opts.pdf)?;
    let n = pdf.page_count();
    if n == 0 {
        return Err(IngestError::NoPages {
            path: path.to_path_buf(),
        });
    }
    let mut layout = LayoutBuilder::new();
    let mut warnings = pdf.warnings().to_vec();
    let mut read = 0u32;
    let mut with_text = 0u32;
    for number in 1..=n {
        match pdf.page(number) {
            Ok(page) => {
                read += 1;
                if has_text(&page) {
                    with_text += 1;
                }
                layout.push_page(&page);
            }
            Err(e) => warnings.push(e.to_string()),
        }
    }
    if read == 0 {
        return Err(IngestError::Corrupt {
            path: path.to_path_buf(),
            detail: format!(
                "none of its {n} pages could be read: {}",
                warnings.join("; ")
            ),
        });
    }
    if with_text == 0 {
        return Err(IngestError::NoTextLayer {
            path: path.to_path_buf(),
        });
    }
    let result = layout.finish();
    Ok(Document {
        name: file_name(path),
        pages: n,
        tables: result.tables,
        text: result.text,
        warnings,
    })
}

/// Extracts one file (a PDF or a text export), turning a panic anywhere inside into [`IngestError::Internal`] for that
/// file, so a batch never loses the other files' results.
pub fn extract_file(path: &Path, opts: &ExtractOptions) -> Result<Document, IngestError> {
    guarded(path, || {
        if is_text_export(path) {
            crate::ingest::textexport::read_text_export(path)
        } else {
            extract_pdf(path, opts)
        }
    })
}

/// Text exports (TAB-separated tables, as many offices hold their Renja) are told by their
/// extension; everything else is read as a PDF, which names a wrong file type clearly.
pub fn is_text_export(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("tsv"))
}

/// Extracts many files in parallel (one document per worker), results in input order.
pub fn extract_many(
    paths: &[PathBuf],
    opts: &ExtractOptions,
) -> Vec<(PathBuf, Result<Document, IngestError>)> {
    paths
        .par_iter()
        .map(|p| (p.clone(), extract_file(p, opts)))
        .collect()
}

/// Runs `f`, converting a panic into an error naming `path`.
pub fn guarded<T>(
    path: &Path,
    f: impl FnOnce() -> Result<T, IngestError>,
) -> Result<T, IngestError> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let detail = if let Some(s) = payload.downcast_ref::<&str>() {
                (*s).to_string()
            } else if let Some(s) = payload.downcast_ref::<String>() {
                s.clone()
            } else {
                "unknown panic".to_string()
            };
            Err(IngestError::Internal {
                path: path.to_path_buf(),
                detail,
            })
        }
    }
}

/// The file name without directories, as documents are named in outputs.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
