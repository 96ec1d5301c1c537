//! Bulk digitisation: many files (or whole directories) through extraction into the store, in
//! parallel, resumable, with one bad file never stopping the batch.

use crate::pipeline::{self, ExtractOptions};
use crate::store::{content_hash, Backend, FileInfo, Known, Lease};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};

/// Options for a batch run.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// Extraction options for every file.
    pub extract: ExtractOptions,
    /// Try again files that failed in an earlier run.
    pub retry_failed: bool,
    /// Redo documents stored by another renja version or with other rules.
    pub reprocess_older: bool,
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
    /// Already in the database from an earlier run (same content).
    Skipped(Skip),
    /// Extraction of the file began (for progress displays; followed by another outcome).
    Started,
    /// Could not be read; the reason is stored too.
    Failed(String),
}

/// Why a file was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// Stored by this renja with these rules.
    Done,
    /// Failed in an earlier run (`--retry-failed` tries again).
    Failed,
    /// Stored by another renja version or rules (`--reprocess-older` redoes it).
    Older,
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
    /// Files that failed, with the reason, in completion order.
    pub failures: Vec<(PathBuf, String)>,
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

/// Runs the batch: every input is hashed (in parallel) and looked up; files not yet stored are
/// extracted in parallel and written by one writer, one transaction per file. `report` is called
/// for every input (`Started` when its extraction begins, then its outcome). A database error
/// (locked, read-only, disk full) stops the run: nothing is half-written, and the next run
/// resumes.
///
/// With a shared work queue (PostgreSQL, [`Backend::leases`]) each file is leased before it is
/// extracted; a file another worker holds is asked for again after the others (its lease
/// expires when that worker died), until every file is stored by this worker or another.
pub fn run<S: Backend>(
    inputs: &[PathBuf],
    store: S,
    opts: &BatchOptions,
    report: impl Fn(&Path, &Outcome) + Sync,
) -> Result<(Summary, S), String> {
    type Hashed = (PathBuf, Result<(String, u64), String>);
    // Only hashes are kept: a file's bytes are dropped as soon as it is hashed.
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
    let mut todo: Vec<FileInfo> = Vec::new();
    let mut store = store;
    let mut queued = std::collections::HashSet::new();
    for (p, h) in hashed {
        match h {
            Err(e) => {
                summary.failed += 1;
                summary.failures.push((p.clone(), e.clone()));
                report(&p, &Outcome::Failed(e));
            }
            Ok((hash, size)) => {
                let known = store.known(&hash)?;
                let skip = match known {
                    Known::Done => Some(Skip::Done),
                    Known::Failed if !opts.retry_failed => Some(Skip::Failed),
                    Known::Older if !opts.reprocess_older => Some(Skip::Older),
                    _ => None,
                };
                // The same content twice in one run (a copy under another name) is extracted
                // once; the other name is remembered after it is stored.
                if skip.is_none() && !queued.insert(hash.clone()) {
                    summary.skipped += 1;
                    todo.push(FileInfo::new(&p, &hash, size));
                    continue;
                }
                match skip {
                    Some(s) => {
                        if s != Skip::Failed {
                            store.remember_path(&hash, &p)?;
                        }
                        summary.skipped += 1;
                        report(&p, &Outcome::Skipped(s));
                    }
                    None => todo.push(FileInfo::new(&p, &hash, size)),
                }
            }
        }
    }
    // Copies of a file queued in this run wait until the first copy is stored.
    let mut first = std::collections::HashSet::new();
    let (todo, copies): (Vec<FileInfo>, Vec<FileInfo>) =
        todo.into_iter().partition(|f| first.insert(f.hash.clone()));
    // A bounded channel keeps at most a few extracted documents in memory while the writer works.
    type Analysis = Option<(crate::model::DocModel, Vec<crate::checks::Finding>)>;
    type Msg = (
        usize,
        Option<Result<(crate::extracted::Document, Analysis), String>>,
    );
    let (tx, rx) = mpsc::sync_channel::<Msg>(4);
    let report = &report;
    let stop = AtomicBool::new(false);
    let stop = &stop;
    let todo = &todo;
    let leases = store.leases();
    let leases = &leases;
    // Files another worker holds right now, and the first error of the queue itself.
    let busy = Mutex::new(Vec::new());
    let queue_error = Mutex::new(None);
    let (busy, queue_error) = (&busy, &queue_error);
    let (store, stored) = std::thread::scope(|s| {
        let writer = s.spawn(move || {
            let mut stored = Summary::default();
            let mut fatal = None;
            for (i, r) in rx {
                let file = &todo[i];
                let p = &file.path;
                let outcome = match r {
                    // Another worker stored it (or its failure) during this run.
                    None => {
                        stored.skipped += 1;
                        let skip = match store.known(&file.hash) {
                            Ok(Known::Done) => match store.remember_path(&file.hash, p) {
                                Ok(()) => Skip::Done,
                                Err(e) => {
                                    stop.store(true, Ordering::Relaxed);
                                    fatal = Some(e);
                                    break;
                                }
                            },
                            Ok(_) => Skip::Failed,
                            Err(e) => {
                                stop.store(true, Ordering::Relaxed);
                                fatal = Some(e);
                                break;
                            }
                        };
                        Outcome::Skipped(skip)
                    }
                    Some(Ok((doc, analysis))) => match store.put_document_and_analysis(
                        file,
                        &doc,
                        analysis.as_ref().map(|(m, f)| (m, f.as_slice())),
                    ) {
                        Ok(_) => Outcome::Stored {
                            pages: doc.pages,
                            tables: doc.tables.len(),
                            warnings: doc.warnings.len(),
                            findings: analysis.as_ref().map(|(_, f)| f.len()),
                        },
                        Err(e) => {
                            stop.store(true, Ordering::Relaxed);
                            fatal = Some(format!("cannot store {}: {e}", p.display()));
                            break;
                        }
                    },
                    Some(Err(e)) => match store.put_failure(file, &e) {
                        Ok(()) => Outcome::Failed(e),
                        Err(se) => {
                            stop.store(true, Ordering::Relaxed);
                            fatal = Some(format!(
                                "cannot record the failure of {}: {se}",
                                p.display()
                            ));
                            break;
                        }
                    },
                };
                match &outcome {
                    Outcome::Stored { pages, .. } => {
                        stored.stored += 1;
                        stored.pages += *pages as u64;
                    }
                    Outcome::Failed(e) => {
                        stored.failed += 1;
                        stored.failures.push((p.clone(), e.clone()));
                    }
                    _ => {}
                }
                report(p, &outcome);
            }
            (store, stored, fatal)
        });
        let work = |tx: &mut mpsc::SyncSender<Msg>, &i: &usize| {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            if let Some(q) = leases {
                match q.try_lease(&todo[i]) {
                    Ok(Lease::Granted) => {}
                    Ok(Lease::Busy) => {
                        busy.lock().unwrap_or_else(|e| e.into_inner()).push(i);
                        return;
                    }
                    Ok(Lease::Finished) => {
                        let _ = tx.send((i, None));
                        return;
                    }
                    Err(e) => {
                        stop.store(true, Ordering::Relaxed);
                        let mut q = queue_error.lock().unwrap_or_else(|e| e.into_inner());
                        q.get_or_insert(e);
                        return;
                    }
                }
            }
            let p = &todo[i].path;
            report(p, &Outcome::Started);
            let r = pipeline::extract_file(p, &opts.extract)
                .map(|doc| {
                    let analysis = analyse(p, &doc);
                    (doc, analysis)
                })
                .map_err(|e| e.to_string());
            let _ = tx.send((i, Some(r)));
        };
        let mut pending: Vec<usize> = (0..todo.len()).collect();
        loop {
            // Largest first, handed out one at a time from a shared counter: rayon's split of
            // a name-sorted list in halves left the biggest scans to finish last on one thread
            // while the other idled, which capped two threads well below x1.8.
            pending.sort_by_key(|&i| (std::cmp::Reverse(todo[i].size), i));
            let next = AtomicUsize::new(0);
            let (pending_ref, next, work) = (&pending, &next, &work);
            rayon::scope(|sc| {
                for _ in 0..rayon::current_num_threads().min(pending_ref.len()) {
                    let mut tx = tx.clone();
                    sc.spawn(move |_| loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        let Some(i) = pending_ref.get(k) else {
                            break;
                        };
                        work(&mut tx, i);
                    });
                }
            });
            pending = std::mem::take(&mut *busy.lock().unwrap_or_else(|e| e.into_inner()));
            match leases {
                Some(q) if !pending.is_empty() && !stop.load(Ordering::Relaxed) => {
                    std::thread::sleep(q.poll_interval())
                }
                _ => break,
            }
        }
        drop(tx);
        writer.join()
    })
    .map_err(|_| "the database writer stopped unexpectedly".to_string())
    .and_then(|(store, stored, fatal)| match fatal {
        Some(e) => Err(e),
        None => Ok((store, stored)),
    })?;
    if let Some(e) = queue_error.lock().unwrap_or_else(|e| e.into_inner()).take() {
        return Err(e);
    }
    let mut store = store;
    for c in &copies {
        match store.known(&c.hash)? {
            Known::Done => {
                store.remember_path(&c.hash, &c.path)?;
                report(&c.path, &Outcome::Skipped(Skip::Done));
            }
            _ => report(&c.path, &Outcome::Skipped(Skip::Failed)),
        }
    }
    summary.stored += stored.stored;
    summary.skipped += stored.skipped;
    summary.failed += stored.failed;
    summary.pages += stored.pages;
    summary.failures.extend(stored.failures);
    Ok((summary, store))
}
