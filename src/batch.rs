//! Bulk digitisation: many files (or whole directories) through extraction into the store, in
//! parallel, resumable, with one bad file never stopping the batch.

use crate::pipeline::{self, ExtractOptions};
use crate::store::{content_hash, Known, Store};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

/// Options for a batch run.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// Extraction options for every file.
    pub extract: ExtractOptions,
    /// Try again files that failed in an earlier run.
    pub retry_failed: bool,
}

/// What happened to one input.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Extracted and stored.
    Stored {
        /// Pages read.
        pages: u32,
        /// Tables found.
        tables: usize,
        /// Per-page problems that did not stop the file.
        warnings: usize,
        /// Findings of the checks (`None` when the analysis itself failed; the tables are
        /// stored all the same).
        findings: Option<usize>,
    },
    /// Already in the database from an earlier run (same content); `true` when that run failed.
    Skipped(bool),
    /// Could not be read; the reason is stored too.
    Failed(String),
}

/// Totals of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files stored in this run.
    pub stored: usize,
    /// Files skipped because they were done before.
    pub skipped: usize,
    /// Files that failed.
    pub failed: usize,
    /// Pages read in this run.
    pub pages: u64,
}

/// Model and checks for a stored document; a failure here costs only the analysis, never the
/// extracted tables.
fn analyse(
    path: &Path,
    doc: &crate::extracted::Document,
) -> Option<(crate::model::DocModel, Vec<crate::checks::Finding>)> {
    pipeline::guarded(path, || {
        let mut model = crate::model::build(doc);
        let mut findings = crate::checks::run(&mut model);
        crate::checks::evidence::attach(&mut findings, doc, &model);
        Ok((model, findings))
    })
    .ok()
}

/// The input files under `paths`: files as given, directories walked for `.pdf`, `.txt` and
/// `.tsv` files (sorted, so runs are repeatable). Each folder is walked once and each file
/// listed once, however many paths reach it: a symlink loop (`self -> .`) or a link to a file
/// already listed adds nothing. Hidden files and folders (`.git`, `.~lock`) are skipped while
/// walking; a file given by name is always taken. Hand-written over `walkdir` because the
/// whole need (loop and duplicate detection by canonical path) is these few lines of std.
pub fn collect_inputs(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut seen_dirs = std::collections::HashSet::new();
    let mut seen_files = std::collections::HashSet::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out, &mut seen_dirs, &mut seen_files);
        } else if seen_files.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())) {
            out.push(p.clone());
        }
    }
    out
}

fn walk(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    seen_dirs: &mut std::collections::HashSet<PathBuf>,
    seen_files: &mut std::collections::HashSet<PathBuf>,
) {
    let Ok(canonical) = std::fs::canonicalize(dir) else {
        return;
    };
    if !seen_dirs.insert(canonical) {
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            walk(&p, out, seen_dirs, seen_files);
        } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            ["pdf", "txt", "tsv"]
                .iter()
                .any(|x| e.eq_ignore_ascii_case(x))
        }) && seen_files.insert(std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone()))
        {
            out.push(p);
        }
    }
}

/// Runs the batch: files not yet stored are extracted in parallel and written by one writer, one
/// transaction per file; `report` is called once per input, in completion order.
pub fn run(
    inputs: &[PathBuf],
    store: Store,
    opts: &BatchOptions,
    report: impl Fn(&Path, &Outcome) + Sync,
) -> Result<(Summary, Store), String> {
    type Hashed = (PathBuf, Result<(String, u64), String>);
    let hashed: Vec<Hashed> = inputs
        .par_iter()
        .map(|p| {
            let h = crate::ingest::read_input(p, opts.extract.pdf.max_bytes)
                .map(|b| (content_hash(&b), b.len() as u64))
                .map_err(|e| e.to_string());
            (p.clone(), h)
        })
        .collect();
    let mut summary = Summary::default();
    let mut todo = Vec::new();
    let mut store = store;
    for (p, h) in hashed {
        match h {
            Err(e) => {
                summary.failed += 1;
                report(&p, &Outcome::Failed(e));
            }
            Ok((hash, size)) => match store.known(&hash)? {
                Known::Done => {
                    summary.skipped += 1;
                    report(&p, &Outcome::Skipped(false));
                }
                Known::Failed if !opts.retry_failed => {
                    summary.skipped += 1;
                    report(&p, &Outcome::Skipped(true));
                }
                _ => todo.push((p, hash, size)),
            },
        }
    }
    // A bounded channel keeps at most a few extracted documents in memory while the writer works.
    type Analysis = Option<(crate::model::DocModel, Vec<crate::checks::Finding>)>;
    type Msg = (
        PathBuf,
        String,
        u64,
        Result<(crate::extracted::Document, Analysis), String>,
    );
    let (tx, rx) = mpsc::sync_channel::<Msg>(4);
    let report = &report;
    let (store, stored) = std::thread::scope(|s| {
        let writer = s.spawn(move || {
            let mut stored = Summary::default();
            for (p, hash, size, r) in rx {
                let outcome = match r {
                    Ok((doc, analysis)) => match store.put_document_and_analysis(
                        &p,
                        &hash,
                        size,
                        &doc,
                        analysis.as_ref().map(|(m, f)| (m, f.as_slice())),
                    ) {
                        Ok(_) => Outcome::Stored {
                            pages: doc.pages,
                            tables: doc.tables.len(),
                            warnings: doc.warnings.len(),
                            findings: analysis.as_ref().map(|(_, f)| f.len()),
                        },
                        Err(e) => Outcome::Failed(format!("{}: cannot store: {e}", p.display())),
                    },
                    Err(e) => {
                        let _ = store.put_failure(&p, &hash, size, &e);
                        Outcome::Failed(e)
                    }
                };
                match &outcome {
                    Outcome::Stored { pages, .. } => {
                        stored.stored += 1;
                        stored.pages += *pages as u64;
                    }
                    _ => stored.failed += 1,
                }
                report(&p, &outcome);
            }
            (store, stored)
        });
        todo.par_iter().for_each_with(tx, |tx, (p, hash, size)| {
            let r = pipeline::extract_file(p, &opts.extract)
                .map(|doc| {
                    let analysis = analyse(p, &doc);
                    (doc, analysis)
                })
                .map_err(|e| e.to_string());
            let _ = tx.send((p.clone(), hash.clone(), *size, r));
        });
        writer.join()
    })
    .map_err(|_| "the database writer stopped unexpectedly".to_string())?;
    summary.stored += stored.stored;
    summary.failed += stored.failed;
    summary.pages += stored.pages;
    Ok((summary, store))
}
