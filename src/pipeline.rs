//! Orchestration: one input file through ingest and layout to an [`extracted::Document`], with a
//! last-resort guard so that a panic in any stage becomes an error for that file only.

use crate::cli::PageSet;
use crate::extracted::Document;
use crate::ingest::ocr::{self, cache::OcrCache, OcrOptions};
use crate::ingest::pdf::{has_text, PdfFile, PdfOptions};
use crate::ingest::upright::Turn;
use crate::ingest::{IngestError, Page, PageSource};
use crate::layout::{LayoutBuilder, PageGeometry};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// When pages are read by OCR instead of their text layer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OcrMode {
    /// Pages without a usable text layer (none, or an earlier OCR's garbage) that show an image.
    #[default]
    Auto,
    /// Never; scanned pages stay empty.
    Off,
    /// Every page that shows an image, whatever its text layer.
    Force,
}

/// Options for extraction.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// PDF reading limits.
    pub pdf: PdfOptions,
    /// OCR of scanned pages.
    pub ocr: OcrMode,
    /// Where OCR results are kept between runs; `None` (the default, so tests and library
    /// callers never touch a user's cache) OCRs every scanned page afresh.
    pub ocr_cache: Option<Arc<OcrCache>>,
    /// Only these pages are read (text layer and OCR alike); `None` reads every page.
    pub pages: Option<PageSet>,
}

/// How many scanned pages are OCR'd together: enough to keep every core busy, few enough that
/// a long document never holds more than a handful of pages in memory.
const OCR_BATCH: usize = 16;

/// Whether Tesseract was looked for yet, and what was found (asked once per document, and only
/// when a page needs it).
enum Tesseract {
    Unknown,
    Available,
    Missing(IngestError),
}

/// Replaces the text-layer pages that need it by their OCR, in parallel; notes and per-page
/// failures (a missing Tesseract included) go to `warnings`.
fn ocr_where_needed(
    pdf: &PdfFile,
    path: &Path,
    pages: &mut [(u32, Page)],
    opts: &ExtractOptions,
    tesseract: &mut Tesseract,
    warnings: &mut Vec<String>,
) {
    let doc = pdf.document();
    let wanted: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, (n, p))| {
            may_need_ocr(p, opts.ocr)
                && ocr::images::page_image_coverage(doc, *n)
                    >= ocr::OcrRules::current().scan_min_coverage
        })
        .map(|(i, _)| i)
        .collect();
    if wanted.is_empty() {
        return;
    }
    if let Tesseract::Unknown = tesseract {
        *tesseract = match ocr::tesseract_available() {
            Ok(()) => Tesseract::Available,
            Err(e) => Tesseract::Missing(e),
        };
    }
    if let Tesseract::Missing(e) = tesseract {
        warnings.push(format!("{} scanned page(s) not read: {e}", wanted.len()));
        return;
    }
    let numbers: Vec<u32> = wanted.iter().map(|&i| pages[i].0).collect();
    let ocr_opts = OcrOptions {
        cache: opts.ocr_cache.clone(),
        ..OcrOptions::for_file(path)
    };
    for (&i, res) in wanted
        .iter()
        .zip(ocr::ocr_pages_report(doc, &numbers, &ocr_opts))
    {
        match res {
            Ok(o) => {
                for note in o.notes {
                    warnings.push(format!("page {}: {note}", pages[i].0));
                }
                pages[i].1 = o.page;
            }
            Err(e) => warnings.push(e.to_string()),
        }
    }
}

/// A cheap first look: could this text-layer page be a scan that OCR should read?
fn may_need_ocr(page: &Page, mode: OcrMode) -> bool {
    match mode {
        OcrMode::Off => false,
        OcrMode::Force => true,
        OcrMode::Auto => ocr::page_needs_ocr(page),
    }
}

/// Reads one PDF page by page into tables. Pages that fail are reported in
/// `Document::warnings`; the document fails only when no page could be read. Pages that need
/// OCR are held back in small batches (so they are read in parallel) together with the pages
/// after them, which keeps the layout in page order and memory bounded.
pub fn extract_pdf(path: &Path, opts: &ExtractOptions) -> Result<Document, IngestError> {
    extract_pdf_as(path, opts, false).map(|(d, _)| d)
}

/// [`extract_pdf`], also returning per page what layout found there (tables' boxes, rows,
/// columns, rules), for drawing it over the page (`extract --debug-dir`).
pub fn extract_pdf_traced(
    path: &Path,
    opts: &ExtractOptions,
) -> Result<(Document, Vec<PageGeometry>), IngestError> {
    guarded(path, || extract_pdf_as(path, opts, true))
}

fn extract_pdf_as(
    path: &Path,
    opts: &ExtractOptions,
    trace: bool,
) -> Result<(Document, Vec<PageGeometry>), IngestError> {
    let pdf = PdfFile::open(path, &opts.pdf)?;
    let n = pdf.page_count();
    if n == 0 {
        return Err(IngestError::NoPages {
            path: path.to_path_buf(),
        });
    }
    let mut layout = LayoutBuilder::new();
    if trace {
        layout = layout.traced();
    }
    let mut warnings = pdf.warnings().to_vec();
    let selected = |number: u32| opts.pages.as_ref().is_none_or(|p| p.contains(number));
    if let Some(sel) = &opts.pages {
        if !(1..=n).any(selected) {
            return Err(IngestError::NoSelectedPage {
                path: path.to_path_buf(),
                pages: sel.spec().to_string(),
                count: n,
            });
        }
        if sel.highest() > n {
            warnings.push(format!(
                "--pages {}: the document has only {n} pages; the pages beyond are ignored",
                sel.spec()
            ));
        }
    }
    let mut read = 0u32;
    let mut with_text = 0u32;
    let mut tesseract = Tesseract::Unknown;
    let mut pending: Vec<(u32, Page)> = Vec::new();
    let mut pending_scans = 0usize;
    // Pages read in a turned frame (sideways text), with their displayed size: their boxes go
    // back onto the page as displayed once layout is done.
    let mut turns: BTreeMap<u32, (Turn, f32, f32)> = BTreeMap::new();
    let mut printed_pages = std::collections::BTreeMap::new();
    let mut flush = |pending: &mut Vec<(u32, Page)>,
                     tesseract: &mut Tesseract,
                     warnings: &mut Vec<String>,
                     layout: &mut LayoutBuilder,
                     turns: &mut BTreeMap<u32, (Turn, f32, f32)>| {
        ocr_where_needed(&pdf, path, pending, opts, tesseract, warnings);
        for (number, page) in pending.drain(..) {
            // OCR reads the page image as displayed.
            if page.source == PageSource::Ocr {
                turns.remove(&number);
            }
            if has_text(&page) {
                with_text += 1;
            }
            if let Some(n) = crate::ingest::pagenum::detect(&page) {
                printed_pages.insert(page.number, n);
            }
            layout.push_page(&page);
        }
    };
    let max_pages = crate::limits::limits().document.max_pages;
    let wanted = (1..=n).filter(|&k| selected(k)).count() as u32;
    if wanted > max_pages {
        warnings.push(format!(
            "the document has {wanted} pages, over the {max_pages}-page limit (rules/limits.toml): \
             the pages after the first {max_pages} are not read"
        ));
    }
    for number in (1..=n).filter(|&k| selected(k)).take(max_pages as usize) {
        match pdf.page_upright(number) {
            Ok((page, turn)) => {
                read += 1;
                if turn != Turn::None {
                    let (w, h) = turn.size(page.width, page.height);
                    turns.insert(number, (turn, w, h));
                }
                let scan = may_need_ocr(&page, opts.ocr);
                if !scan && pending.is_empty() {
                    pending.push((number, page));
                    flush(
                        &mut pending,
                        &mut tesseract,
                        &mut warnings,
                        &mut layout,
                        &mut turns,
                    );
                    continue;
                }
                pending_scans += usize::from(scan);
                pending.push((number, page));
                if pending_scans >= OCR_BATCH || pending.len() >= 4 * OCR_BATCH {
                    flush(
                        &mut pending,
                        &mut tesseract,
                        &mut warnings,
                        &mut layout,
                        &mut turns,
                    );
                    pending_scans = 0;
                }
            }
            Err(e) => warnings.push(e.to_string()),
        }
    }
    flush(
        &mut pending,
        &mut tesseract,
        &mut warnings,
        &mut layout,
        &mut turns,
    );
    if read == 0 {
        return Err(IngestError::Corrupt {
            path: path.to_path_buf(),
            detail: unreadable_pages(path, n, &warnings),
        });
    }
    if with_text == 0 {
        return Err(match tesseract {
            Tesseract::Missing(e) => e,
            _ => IngestError::NoTextLayer {
                path: path.to_path_buf(),
                // Under OCR the pages' own reasons (image too large, JPX not decoded, broken
                // JPEG) say more than a hint to use OCR.
                why: if opts.ocr == OcrMode::Off || warnings.is_empty() {
                    "run with --ocr to read it with Tesseract".to_string()
                } else {
                    format!("pages not read: {}", warnings.join("; "))
                },
            },
        });
    }
    let mut result = layout.finish();
    for t in &mut result.tables {
        for c in t
            .header_rows
            .iter_mut()
            .flatten()
            .chain(t.rows.iter_mut().flat_map(|r| r.cells.iter_mut()))
        {
            if let (Some(b), Some((turn, w, h))) = (c.bbox, turns.get(&c.page)) {
                c.bbox = Some(turn.bbox_back(b, *w, *h));
            }
        }
    }
    for g in &mut result.geometry {
        if let Some((turn, _, _)) = turns.get(&g.page) {
            g.turn = *turn;
        }
    }
    let mut doc = Document {
        name: file_name(path),
        pages: n,
        tables: result.tables,
        text: result.text,
        paragraphs: result.paragraphs,
        printed_pages,
        warnings,
    };
    if let Some(w) = doc.keep_rows(crate::limits::limits().document.max_table_rows) {
        doc.warnings.push(w);
    }
    Ok((doc, result.geometry))
}

/// Why no page could be read, naming the file once: the per-page reasons lose their path
/// prefix, identical reasons are told once with their pages, and only the first few are listed
/// (a 400-page file whose pages all fail the same way would otherwise give a line of kilobytes).
fn unreadable_pages(path: &Path, n: u32, warnings: &[String]) -> String {
    let prefix = format!("{}: ", path.display());
    let mut reasons: Vec<(String, u32)> = Vec::new();
    for w in warnings {
        let w = w.strip_prefix(&prefix).unwrap_or(w);
        // `page N: reason` -> group by reason.
        let reason = w
            .strip_prefix("page ")
            .and_then(|r| r.split_once(": "))
            .map(|(_, r)| r)
            .unwrap_or(w);
        let reason = reason.strip_prefix(&prefix).unwrap_or(reason);
        match reasons.iter_mut().find(|(r, _)| r == reason) {
            Some((_, k)) => *k += 1,
            None => reasons.push((reason.to_string(), 1)),
        }
    }
    const SHOWN: usize = 3;
    let mut parts: Vec<String> = reasons
        .iter()
        .take(SHOWN)
        .map(|(r, k)| {
            let r: String = r.chars().take(200).collect();
            if *k > 1 {
                format!("{r} ({k} pages)")
            } else {
                r
            }
        })
        .collect();
    if reasons.len() > SHOWN {
        parts.push(format!("and {} other reasons", reasons.len() - SHOWN));
    }
    format!("none of its {n} pages could be read: {}", parts.join("; "))
}

/// Extracts one file (a PDF or a text export), turning a panic anywhere inside into [`IngestError::Internal`] for that
/// file, so a batch never loses the other files' results.
pub fn extract_file(path: &Path, opts: &ExtractOptions) -> Result<Document, IngestError> {
    guarded(path, || {
        if is_text_export(path) {
            let mut doc =
                crate::ingest::textexport::read_text_export_limited(path, opts.pdf.max_bytes)?;
            if let Some(p) = &opts.pages {
                doc.warnings.push(format!(
                    "--pages {} ignored: a text export has no pages",
                    p.spec()
                ));
            }
            Ok(doc)
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
