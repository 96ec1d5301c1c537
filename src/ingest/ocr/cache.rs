//! A disk cache of OCR results, so a scan read by `extract` is not OCR'd again by `check` or
//! `batch` (or by the next run): one file per page, holding what the OCR stage returns before
//! layout (words with boxes, rules found, notes, skew).
//!
//! The key is a SHA-256 over the page image as composed from the PDF (pixels, size, scale),
//! every OCR setting, the orientation mode, Tesseract's `--version` line, a format version and
//! the source text of the OCR stage itself. The source is in the key because the stage's output
//! depends on renja's own image preparation as much as on Tesseract: without it a developer who
//! changes the deskew would be served the old result and measure nothing.
//!
//! Entries are written to a temporary file in the cache directory and renamed into place, so
//! parallel processes and a `kill -9` never leave a torn entry; an entry that does not parse,
//! names another key, or is larger than [`MAX_ENTRY_BYTES`] is ignored (and rewritten after the
//! page is OCR'd again). A cache that cannot be read or written never fails the page: it warns
//! once per process run and the page is read without it.

use super::raster::GrayImage;
use super::{OcrOptions, OrientationMode};
use crate::ingest::Page;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

/// Bumped whenever [`Entry`] changes shape or meaning.
pub const FORMAT_VERSION: u32 = 1;

/// Largest entry read or written: a dense page has ~5,000 words (~1 MB of JSON); anything far
/// bigger is not ours, and reading it whole would cost memory for nothing.
pub const MAX_ENTRY_BYTES: u64 = 16 * 1024 * 1024;

/// The OCR stage's source, part of every key (see the module note).
const STAGE_SOURCE: &[&str] = &[
    include_str!("mod.rs"),
    include_str!("cache.rs"),
    include_str!("deskew.rs"),
    include_str!("lines.rs"),
    include_str!("raster.rs"),
    include_str!("tesseract.rs"),
    include_str!("dashes.rs"),
];

/// What one page's OCR left, as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// [`FORMAT_VERSION`] when written.
    pub format: u32,
    /// The key it was written under (guards against a file renamed or copied by hand).
    pub key: String,
    /// The page (its number is that of the page first OCR'd; the reader sets its own).
    pub page: Page,
    /// Notes of the preparation and OCR (not those of image decoding, which is redone).
    pub notes: Vec<String>,
    /// Skew corrected, degrees.
    pub skew_deg: f32,
    /// Whether the page was turned.
    pub turned: bool,
}

/// An OCR cache directory.
#[derive(Debug)]
pub struct OcrCache {
    dir: PathBuf,
    warned: AtomicBool,
}

impl OcrCache {
    /// A cache in `dir` (created on the first write).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        OcrCache {
            dir: dir.into(),
            warned: AtomicBool::new(false),
        }
    }

    /// The default place: `$RENJA_CACHE_DIR`, else `$XDG_CACHE_HOME/renja/ocr`, else
    /// `~/.cache/renja/ocr`; `None` when none of these is known.
    pub fn default_dir() -> Option<PathBuf> {
        let env = |k: &str| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        if let Some(d) = env("RENJA_CACHE_DIR") {
            return Some(d);
        }
        // The XDG spec says a relative XDG_CACHE_HOME is invalid and to be ignored.
        if let Some(d) = env("XDG_CACHE_HOME").filter(|d| d.is_absolute()) {
            return Some(d.join("renja").join("ocr"));
        }
        env("HOME").map(|h| h.join(".cache").join("renja").join("ocr"))
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn entry_path(&self, key: &str) -> PathBuf {
        // Two-character fan-out keeps directories small on a 300-page archive run.
        self.dir.join(&key[..2]).join(format!("{key}.json"))
    }

    /// The entry for `key`, if a sound one is stored.
    pub fn get(&self, key: &str) -> Option<Entry> {
        let path = self.entry_path(key);
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => {
                self.warn(&format!("cannot read {}: {e}", path.display()));
                return None;
            }
        };
        if meta.len() > MAX_ENTRY_BYTES {
            return None;
        }
        let bytes = std::fs::read(&path).ok()?;
        let entry: Entry = serde_json::from_slice(&bytes).ok()?;
        (entry.format == FORMAT_VERSION && entry.key == key).then_some(entry)
    }

    /// Stores `entry` under its key; failures warn once and are otherwise ignored.
    pub fn put(&self, entry: &Entry) {
        if let Err(e) = self.try_put(entry) {
            self.warn(&e);
        }
    }

    fn try_put(&self, entry: &Entry) -> Result<(), String> {
        let json = serde_json::to_vec(entry).map_err(|e| e.to_string())?;
        if json.len() as u64 > MAX_ENTRY_BYTES {
            return Ok(());
        }
        let path = self.entry_path(&entry.key);
        let parent = path.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".tmp-")
            .tempfile_in(parent)
            .map_err(|e| format!("cannot write in {}: {e}", parent.display()))?;
        tmp.write_all(&json)
            .map_err(|e| format!("cannot write in {}: {e}", parent.display()))?;
        tmp.persist(&path)
            .map_err(|e| format!("cannot write {}: {}", path.display(), e.error))?;
        Ok(())
    }

    fn warn(&self, detail: &str) {
        if !self.warned.swap(true, Ordering::Relaxed) {
            eprintln!(
                "renja: warning: OCR cache {} not usable ({detail}); scanned pages are read without it",
                self.dir.display()
            );
        }
    }
}

/// Tesseract's `--version` first line for `prog`, asked once per process; `None` when it does
/// not answer (then nothing is cached: a result could not be tied to the engine that made it).
pub fn tesseract_version(prog: &str) -> Option<String> {
    static SEEN: OnceLock<Mutex<HashMap<String, Option<String>>>> = OnceLock::new();
    let seen = SEEN.get_or_init(Default::default);
    if let Some(v) = seen.lock().ok()?.get(prog) {
        return v.clone();
    }
    let v = std::process::Command::new(prog)
        .arg("--version")
        .stdin(std::process::Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| {
            // Tesseract 4 prints it on stderr, 5 on stdout.
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            text.lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .map(str::to_string)
        });
    if let Ok(mut m) = seen.lock() {
        m.insert(prog.to_string(), v.clone());
    }
    v
}

/// The key of a page image (`scale` pixels per point, page `size_pt`) under `opts`, or `None`
/// when Tesseract's version is unknown.
pub fn key(img: &GrayImage, scale: f32, size_pt: (f32, f32), opts: &OcrOptions) -> Option<String> {
    let version = tesseract_version(&super::tesseract::program())?;
    let mut h = Sha256::new();
    h.update(FORMAT_VERSION.to_le_bytes());
    for s in STAGE_SOURCE {
        h.update((s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    }
    h.update(version.as_bytes());
    h.update([0]);
    // Field order is the struct's and the confusions are a BTreeMap: the JSON is canonical.
    h.update(serde_json::to_vec(&opts.rules).ok()?);
    h.update([match opts.orientation {
        OrientationMode::Off => 0u8,
        OrientationMode::Heuristic => 1,
        OrientationMode::Osd => 2,
    }]);
    h.update((img.width as u64).to_le_bytes());
    h.update((img.height as u64).to_le_bytes());
    h.update(scale.to_le_bytes());
    h.update(size_pt.0.to_le_bytes());
    h.update(size_pt.1.to_le_bytes());
    h.update(&img.data);
    Some(
        h.finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>(),
    )
}
