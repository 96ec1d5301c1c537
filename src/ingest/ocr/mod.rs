//! OCR of scanned pages into the same [`Page`] the text layer produces: words with boxes in page
//! points (top-left origin, y down), Tesseract confidences, and the table ruling lines found in
//! the image, so layout and everything after it sees one data type whatever the source.
//!
//! Per page: take the page's images straight out of the PDF ([`images`]: JPEG, Flate/LZW raw
//! samples with predictors, CCITT G3/G4; JPX and JBIG2 give a clear per-page error) and compose
//! them on a page-sized canvas through their placement and `/Rotate`; binarise (Otsu); estimate
//! the skew by projection profiles and level the page ([`deskew`]); find ruling lines as long
//! ink runs and erase them ([`lines`]), because Tesseract otherwise reads borders as `|`, `[`,
//! `]`, `!`, `l`, `_` glued to numbers; turn the page over when its text lines say it is upside
//! down; then run Tesseract and map its word boxes back to points.
//!
//! Why the `tesseract` program and not libtesseract: linking needs clang and bindgen (a long,
//! fragile build on every machine and in CI) and was measured no faster, since the OCR itself
//! dominates; the program reads a PGM on stdin and writes TSV (boxes + confidences) on stdout,
//! one process per page with `OMP_THREAD_LIMIT=1`, and pages run side by side on rayon threads.
//! Tesseract's own multi-threading scales worse than that.
//!
//! Choices measured on `samples/000_serang_sipd_scan.pdf` (200 dpi JPEG, slight skew, noise),
//! recorded with their figures in `rules/ocr.toml`: languages `ind+eng` (the `ind` model never
//! outputs `%`), page segmentation 6 (automatic layout dropped whole narrow columns), 200 dpi
//! pages scaled to 300 (decimal points survive), grey image with the paper flattened rather
//! than our own black-and-white (commas and points survive). End to end
//! (`renja extract` + `tests/data/score.py`): cell F1 0.97, numeric-cell accuracy 0.99.
//! `examples/ocr_bench.rs` times the path against the bare `tesseract` program.
//!
//! Normalisation note: `%` is often read as `96` in percent columns ("45 96", "x 10096"); that
//! fix needs the column's meaning and belongs to `normalize`, not here. Formula cells read `×`
//! as `x` ("jumlah ... x 100%"), also left to `normalize`.
//!
//! Debugging: `RENJA_OCR_DEBUG_DIR=dir` writes each page image as handed to Tesseract (PGM).

pub mod cache;
pub mod dashes;
pub mod deskew;
pub mod images;
pub mod lines;
pub mod raster;
pub mod tesseract;

use crate::geom::BBox;
use crate::ingest::{IngestError, Page, PageSource, Word};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// Tunables from `rules/ocr.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OcrRules {
    /// Tesseract languages, `+`-joined.
    pub languages: String,
    /// Tesseract page segmentation mode.
    pub psm: u32,
    /// Deskew search range in degrees.
    pub max_skew_deg: f32,
    /// Smallest skew corrected.
    pub min_skew_deg: f32,
    /// Shortest horizontal rule, points.
    pub rule_min_len_h: f32,
    /// Shortest vertical rule, points.
    pub rule_min_len_v: f32,
    /// Largest gap bridged inside a rule, points.
    pub rule_max_gap: f32,
    /// Thickest rule, points.
    pub rule_max_thickness: f32,
    /// Extra pixels erased around rule ink.
    pub erase_grow_px: usize,
    /// Warn below this resolution.
    pub low_dpi_warn: f32,
    /// Scale the image up below this resolution.
    pub upscale_below_dpi: f32,
    /// Resolution to scale up to.
    pub upscale_target_dpi: f32,
    /// Ink share under which a page is blank.
    pub blank_ink_share: f32,
    /// Otsu separability under which the image looks like a photograph.
    pub photo_separability: f32,
    /// Text lines needed before the upside-down test decides.
    pub upside_down_min_lines: usize,
    /// Above-x-height ink share under which the page is upside down.
    pub upside_down_max_share: f32,
    /// Single-symbol words under this confidence are dropped as specks.
    pub speck_max_conf: f32,
    /// Hand Tesseract our black-and-white page instead of the grey one.
    pub binarize_for_ocr: bool,
    /// Flatten the paper brightness (shaded cells, uneven light) before OCR; block size in
    /// points, 0 = off.
    pub flatten_block: f32,
    /// After flattening, samples at least this light become paper (faint rule remnants).
    pub paper_clip: u8,
    /// Samples lighter than ink with no ink within this many points become paper (scanner
    /// speckle, rule fringe); 0 = off.
    #[serde(default)]
    pub paper_noise_radius: f32,
    /// Text-layer quality thresholds for [`page_needs_ocr`].
    pub text_layer: TextLayerRules,
    /// Whole-word misreadings that are never right in these documents, and their fix.
    #[serde(default)]
    pub confusions: std::collections::BTreeMap<String, String>,
    /// A page whose images cover less than this share of its area is not a scan.
    #[serde(default = "default_scan_min_coverage")]
    pub scan_min_coverage: f32,
    /// Lone `-` marks recovered from the image ([`dashes`]).
    #[serde(default)]
    pub dashes: dashes::DashRules,
}

fn default_scan_min_coverage() -> f32 {
    0.3
}

/// Thresholds for judging a text layer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TextLayerRules {
    /// Fewer non-space characters: no usable text layer.
    pub min_chars: usize,
    /// Share of word-, number- or code-like tokens below which the layer is garbage.
    pub min_wordlike_share: f32,
    /// Share of isolated symbols above which the layer is garbage.
    pub max_symbol_share: f32,
}

impl OcrRules {
    /// Loads `rules/ocr.toml` (or `$RENJA_RULES/ocr.toml`).
    pub fn load() -> Result<Self, String> {
        crate::rules::toml("ocr.toml")
    }

    /// The rules in force, read once per process; a broken override falls back to the copy
    /// compiled in (unit-tested to parse), so OCR never panics on a bad rules directory.
    pub fn current() -> &'static OcrRules {
        static RULES: std::sync::OnceLock<OcrRules> = std::sync::OnceLock::new();
        RULES.get_or_init(|| {
            Self::load().unwrap_or_else(|_| {
                ::toml::from_str(include_str!("../../../rules/ocr.toml"))
                    .expect("embedded rules/ocr.toml parses (unit-tested)")
            })
        })
    }
}

/// How to find a page's up direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrientationMode {
    /// Trust the PDF's `/Rotate`.
    Off,
    /// Detect upside-down pages from text-line shape (cheap; 180 degrees only).
    Heuristic,
    /// Ask Tesseract's OSD (`--psm 0`, needs `osd.traineddata`; finds 90/180/270, ~1.8 s/page).
    Osd,
}

/// Options for OCR of scanned pages.
#[derive(Debug, Clone)]
pub struct OcrOptions {
    /// Tunables (languages, thresholds), from `rules/ocr.toml` by default.
    pub rules: OcrRules,
    /// Worker threads for [`ocr_pages`]; 0 = rayon's global pool (one per core).
    pub threads: usize,
    /// Up-direction detection.
    pub orientation: OrientationMode,
    /// The input file, named in error messages.
    pub path: PathBuf,
    /// Where finished pages are kept and looked up; `None` OCRs every page afresh.
    pub cache: Option<Arc<cache::OcrCache>>,
}

impl Default for OcrOptions {
    fn default() -> Self {
        OcrOptions {
            rules: OcrRules::current().clone(),
            threads: 0,
            orientation: OrientationMode::Heuristic,
            path: PathBuf::new(),
            cache: None,
        }
    }
}

impl OcrOptions {
    /// Default options naming `path` in errors.
    pub fn for_file(path: impl Into<PathBuf>) -> Self {
        OcrOptions {
            path: path.into(),
            ..Default::default()
        }
    }
}

/// Checks that the `tesseract` program and the configured languages are installed; the error
/// says how to install them.
pub fn tesseract_available() -> Result<(), IngestError> {
    tesseract::check(&OcrRules::current().languages)
        .map_err(|detail| IngestError::OcrUnavailable { detail })
}

/// What OCR of one page produced, with the notes a reviewer should see and timings.
#[derive(Debug, Clone)]
pub struct OcrOutcome {
    /// The page.
    pub page: Page,
    /// Warnings: low resolution, blank page, photograph, undecodable secondary images, turns.
    pub notes: Vec<String>,
    /// Estimated skew corrected, degrees.
    pub skew_deg: f32,
    /// Whether the page was turned 180 degrees.
    pub turned: bool,
    /// Resolution of the page image in dots per inch.
    pub dpi: f32,
    /// Seconds spent decoding and composing images.
    pub decode_s: f64,
    /// Seconds spent on deskew, binarisation and rules.
    pub prepare_s: f64,
    /// Seconds inside Tesseract.
    pub ocr_s: f64,
    /// Whether the page came from the OCR cache (then no preparation or Tesseract ran).
    pub cached: bool,
}

fn page_err(opts: &OcrOptions, page: u32, detail: impl Into<String>) -> IngestError {
    IngestError::Page {
        path: opts.path.clone(),
        page,
        detail: detail.into(),
    }
}

/// OCRs one page (1-based) of `doc`.
pub fn ocr_page(
    doc: &lopdf::Document,
    page_number: u32,
    opts: &OcrOptions,
) -> Result<Page, IngestError> {
    ocr_page_report(doc, page_number, opts).map(|o| o.page)
}

/// OCRs several pages side by side (one Tesseract process per page at a time per worker);
/// results in the order of `pages`, one failure never stopping the others.
pub fn ocr_pages(
    doc: &lopdf::Document,
    pages: &[u32],
    opts: &OcrOptions,
) -> Vec<Result<Page, IngestError>> {
    ocr_pages_report(doc, pages, opts)
        .into_iter()
        .map(|r| r.map(|o| o.page))
        .collect()
}

/// [`ocr_pages`] with notes and timings.
pub fn ocr_pages_report(
    doc: &lopdf::Document,
    pages: &[u32],
    opts: &OcrOptions,
) -> Vec<Result<OcrOutcome, IngestError>> {
    if let Err(detail) = tesseract::check(&opts.rules.languages) {
        return pages
            .iter()
            .map(|_| {
                Err(IngestError::OcrUnavailable {
                    detail: detail.clone(),
                })
            })
            .collect();
    }
    let run = || {
        pages
            .par_iter()
            // One page per task: pages take seconds each, so stealing granularity is irrelevant
            // and a 2-core machine keeps both cores busy to the last page.
            .with_max_len(1)
            .map(|&n| ocr_page_report(doc, n, opts))
            .collect()
    };
    if opts.threads == 0 {
        run()
    } else {
        match rayon::ThreadPoolBuilder::new()
            .num_threads(opts.threads)
            .build()
        {
            Ok(pool) => pool.install(run),
            Err(_) => run(),
        }
    }
}

/// Prepared page image: levelled, rules erased, ready for Tesseract.
pub struct Prepared {
    /// The image handed to Tesseract (rules erased).
    pub image: raster::GrayImage,
    /// Rules found, in page points.
    pub rules: Vec<crate::ingest::Rule>,
    /// Pixels per point of `image`.
    pub scale: f32,
    /// Skew corrected, degrees.
    pub skew_deg: f32,
    /// Turned 180 degrees.
    pub turned: bool,
    /// Nothing to read.
    pub blank: bool,
    /// Warnings.
    pub notes: Vec<String>,
}

fn line_params(r: &OcrRules, scale: f32, min_len_pt: f32) -> lines::LineParams {
    lines::LineParams {
        min_len: (min_len_pt * scale).round().max(8.0) as usize,
        max_gap: (r.rule_max_gap * scale).round().max(1.0) as usize,
        max_thickness: (r.rule_max_thickness * scale).round().max(2.0) as usize,
    }
}

/// Levels (and scales up when under `upscale_below_dpi`), binarises, finds and erases rules,
/// and turns the page upright. `scale` is pixels per point of `img`; the result's `scale` is
/// that of the prepared image.
pub fn prepare(
    img: raster::GrayImage,
    scale: f32,
    opts: &OcrOptions,
    already_turned: bool,
) -> Prepared {
    let r = &opts.rules;
    let mut notes = Vec::new();
    let (thr, sep) = raster::otsu(&img.histogram());
    let ink = raster::Binary::threshold(&img, thr);
    let ink_share = ink.count() as f32 / (ink.data.len().max(1)) as f32;
    if ink_share < r.blank_ink_share || sep < 0.05 {
        notes.push("blank page: no ink found, nothing to read".to_string());
        return Prepared {
            image: img,
            rules: Vec::new(),
            scale,
            skew_deg: 0.0,
            turned: false,
            blank: true,
            notes,
        };
    }
    if (sep as f32) < r.photo_separability {
        notes.push(format!(
            "the page image has continuous tones (separability {sep:.2}), like a photograph rather than a document scan; OCR may miss text"
        ));
    }
    // Skew from a half-size image: plenty of ink to measure, a quarter of the work.
    let factor = if img.width > 1600 { 2 } else { 1 };
    let small = img.downsample(factor);
    let small_ink = raster::Binary::threshold(&small, thr);
    let skew = deskew::estimate_skew(&small_ink, r.max_skew_deg);
    // Low-resolution pages are scaled up in the same resampling pass as the deskew.
    let dpi = scale * 72.0;
    let factor = if dpi < r.upscale_below_dpi {
        // Never past ~40 megapixels: a huge low-resolution canvas would not fit in memory.
        let room = (40.0e6 / (img.width * img.height).max(1) as f32).sqrt();
        (r.upscale_target_dpi / dpi).min(room).max(1.0)
    } else {
        1.0
    };
    let turn = if skew.abs() >= r.min_skew_deg {
        skew
    } else {
        0.0
    };
    let scale = scale * factor;
    let (mut img, mut ink) = if turn != 0.0 || factor != 1.0 {
        let warped = img.scale_rotate(factor, turn);
        let ink = raster::Binary::threshold(&warped, thr);
        (warped, ink)
    } else {
        (img, ink)
    };
    let hp = line_params(r, scale, r.rule_min_len_h);
    let vp = line_params(r, scale, r.rule_min_len_v);
    let mut found = lines::find_rules(&ink, &hp, &vp);
    let mut erased = img.clone();
    lines::erase(&mut erased, &found.mask, r.erase_grow_px);
    let mut turned = false;
    if opts.orientation == OrientationMode::Heuristic && !already_turned {
        let text_ink = raster::Binary::threshold(&erased, thr);
        let ev = deskew::up_evidence(&text_ink, scale);
        if ev.upside_down(r.upside_down_min_lines, r.upside_down_max_share) {
            notes.push(format!(
                "page image is upside down (above-x-height ink share {:.2} over {} text lines); turned 180 degrees",
                ev.above_share, ev.lines
            ));
            turned = true;
            img = img.rotate_quarters(2);
            ink = raster::Binary::threshold(&img, thr);
            found = lines::find_rules(&ink, &hp, &vp);
            erased = img.clone();
            lines::erase(&mut erased, &found.mask, r.erase_grow_px);
        }
    }
    if r.flatten_block > 0.0 {
        erased.flatten_background((r.flatten_block * scale).round() as usize);
        erased.data.iter_mut().for_each(|v| {
            if *v >= r.paper_clip {
                *v = 255
            }
        });
    }
    if r.paper_noise_radius > 0.0 {
        let (ink, _) = raster::otsu(&erased.histogram());
        erased.clear_far_from_ink(ink, (r.paper_noise_radius * scale).round() as usize);
    }
    if r.binarize_for_ocr {
        erased
            .data
            .iter_mut()
            .for_each(|v| *v = if *v <= thr { 0 } else { 255 });
    }
    Prepared {
        image: erased,
        rules: lines::to_rules(&found.segments, scale),
        scale,
        skew_deg: skew,
        turned,
        blank: false,
        notes,
    }
}

/// Tesseract OSD: clockwise quarter turns that make the page upright, if it is sure.
fn osd_quarters(img: &raster::GrayImage, dpi: u32) -> Option<u32> {
    let out = std::process::Command::new(tesseract::program())
        .args(["stdin", "stdout", "--psm", "0", "--dpi"])
        .arg(dpi.to_string())
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()
        .and_then(|mut c| {
            use std::io::Write;
            let pgm = img.to_pgm();
            let mut si = c.stdin.take()?;
            let t = std::thread::spawn(move || si.write_all(&pgm));
            let o = c.wait_with_output().ok();
            let _ = t.join();
            o
        })?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut rotate = None;
    let mut conf = 0f32;
    for l in text.lines() {
        if let Some(v) = l.strip_prefix("Rotate:") {
            rotate = v.trim().parse::<u32>().ok();
        }
        if let Some(v) = l.strip_prefix("Orientation confidence:") {
            conf = v.trim().parse().unwrap_or(0.0);
        }
    }
    // "Rotate: N": the turn, in degrees, that makes the page upright (checked in tests/ocr.rs).
    rotate.filter(|_| conf >= 2.0).map(|d| (d / 90) % 4)
}

/// [`ocr_page`] with notes and timings.
pub fn ocr_page_report(
    doc: &lopdf::Document,
    page_number: u32,
    opts: &OcrOptions,
) -> Result<OcrOutcome, IngestError> {
    let r = &opts.rules;
    let t0 = Instant::now();
    let raster =
        images::render_page_images(doc, page_number).map_err(|e| page_err(opts, page_number, e))?;
    let mut notes: Vec<String> = raster
        .failures
        .iter()
        .map(|f| format!("an image on the page could not be decoded: {f}"))
        .collect();
    let scale = raster.scale;
    let mut img = raster.image;
    let dpi = scale * 72.0;
    if dpi < r.low_dpi_warn {
        notes.push(format!(
            "page image is only {dpi:.0} dpi; OCR of small print will be poor (scan at 200-300 dpi)"
        ));
    }
    let decode_s = t0.elapsed().as_secs_f64();
    let debug_dir = std::env::var_os("RENJA_OCR_DEBUG_DIR");
    // A debugging run wants the images written, so it always does the work.
    let cache_key = match (&opts.cache, &debug_dir) {
        (Some(_), None) => cache::key(&img, scale, (raster.width_pt, raster.height_pt), opts),
        _ => None,
    };
    if let (Some(c), Some(k)) = (&opts.cache, &cache_key) {
        if let Some(e) = c.get(k) {
            notes.extend(e.notes);
            let mut page = e.page;
            page.number = page_number;
            return Ok(OcrOutcome {
                page,
                notes,
                skew_deg: e.skew_deg,
                turned: e.turned,
                dpi,
                decode_s,
                prepare_s: 0.0,
                ocr_s: 0.0,
                cached: true,
            });
        }
    }
    // Notes from here on are the OCR's own, stored with its result.
    let decode_notes = notes.len();
    let t1 = Instant::now();
    let mut quarters = 0;
    if opts.orientation == OrientationMode::Osd {
        if let Some(q) = osd_quarters(&img, dpi.round() as u32) {
            if q != 0 {
                notes.push(format!(
                    "Tesseract OSD: page image turned {} degrees clockwise",
                    q * 90
                ));
                img = img.rotate_quarters(q);
                quarters = q;
            }
        }
    }
    let prep = prepare(img, scale, opts, quarters != 0);
    // A look at what Tesseract gets is the first thing to ask for when a page reads badly.
    if let Some(dir) = debug_dir {
        let f = PathBuf::from(dir).join(format!("page{page_number:03}.pgm"));
        if let Err(e) = std::fs::write(&f, prep.image.to_pgm()) {
            notes.push(format!("cannot write debug image {}: {e}", f.display()));
        }
    }
    notes.extend(prep.notes.iter().cloned());
    let prepare_s = t1.elapsed().as_secs_f64();
    // After a quarter turn the canvas is the page turned sideways; report the page as shown.
    let (width, height) = if quarters % 2 == 1 {
        (raster.height_pt, raster.width_pt)
    } else {
        (raster.width_pt, raster.height_pt)
    };
    let mut page = Page {
        number: page_number,
        width,
        height,
        words: Vec::new(),
        rules: prep.rules.clone(),
        source: PageSource::Ocr,
    };
    let t2 = Instant::now();
    if !prep.blank {
        let words = tesseract::run(
            &prep.image,
            &tesseract::RunOptions {
                langs: r.languages.clone(),
                psm: r.psm,
                dpi: (prep.scale * 72.0).round() as u32,
            },
        )
        .map_err(|e| {
            if e.contains(tesseract::INSTALL_HINT) {
                IngestError::OcrUnavailable { detail: e }
            } else {
                page_err(opts, page_number, e)
            }
        })?;
        page.words = to_words(&words, prep.scale, r);
        drop_rule_remnants(&mut page.words, &page.rules);
        let found = dashes::find(&prep.image, prep.scale, &page.rules, &page.words, &r.dashes);
        dashes::merge(&mut page.words, found);
        if page.words.is_empty() {
            notes.push("OCR found no words on the page".to_string());
        }
    }
    let turned = prep.turned || quarters != 0;
    if let (Some(c), Some(key)) = (&opts.cache, cache_key) {
        c.put(&cache::Entry {
            format: cache::FORMAT_VERSION,
            key,
            page: page.clone(),
            notes: notes[decode_notes..].to_vec(),
            skew_deg: prep.skew_deg,
            turned,
        });
    }
    Ok(OcrOutcome {
        page,
        notes,
        skew_deg: prep.skew_deg,
        turned,
        dpi,
        decode_s,
        prepare_s,
        ocr_s: t2.elapsed().as_secs_f64(),
        cached: false,
    })
}

/// Tesseract words (pixels) to page words (points), cleaned of border debris.
pub fn to_words(words: &[tesseract::TsvWord], scale: f32, r: &OcrRules) -> Vec<Word> {
    let mut out = Vec::with_capacity(words.len());
    for w in words {
        let Some((a, b, mut text)) = tesseract::clean_token(&w.text) else {
            continue;
        };
        if let Some(fix) = r.confusions.get(&text) {
            text = fix.clone();
        }
        let n = w.text.chars().count().max(1) as f32;
        let single_symbol = text.chars().count() == 1 && !text.chars().any(char::is_alphanumeric);
        if single_symbol && w.conf < r.speck_max_conf {
            continue;
        }
        // Trim the box in proportion to the characters dropped.
        let x0 = w.left as f32 + w.width as f32 * a as f32 / n;
        let x1 = w.left as f32 + w.width as f32 * b as f32 / n;
        let bbox = BBox::new(
            x0 / scale,
            w.top as f32 / scale,
            x1 / scale,
            (w.top + w.height) as f32 / scale,
        );
        // The line's height spans ascenders to descenders, about the font's em size.
        let size_px = (w.line_height.max(w.height)) as f32;
        out.push(Word {
            text,
            bbox,
            font_size: size_px / scale,
            bold: false,
            conf: Some(w.conf.clamp(0.0, 100.0)),
        });
    }
    out
}

/// Drops dash- and bar-like words that sit on a vertical rule: what is left of an erased border
/// is read as `—`, `-`, `|` or `'` next to the cell's text ("Kota Serang —").
fn drop_rule_remnants(words: &mut Vec<Word>, rules: &[crate::ingest::Rule]) {
    let remnant =
        |t: &str| t.chars().count() <= 2 && t.chars().all(|c| "—–-_|'`‘’.,:;~".contains(c));
    words.retain(|w| {
        if !remnant(&w.text) {
            return true;
        }
        !rules.iter().any(|r| {
            r.orientation == crate::ingest::Orientation::Vertical
                && r.bbox.x0 - 3.0 <= w.bbox.x1
                && w.bbox.x0 <= r.bbox.x1 + 3.0
                && r.bbox.y0 - 2.0 <= w.bbox.y1
                && w.bbox.y0 <= r.bbox.y1 + 2.0
        })
    });
}

/// Whether a text-layer page should be OCR'd instead: no usable text (fewer than
/// `text_layer.min_chars` characters, e.g. a scan with at most a stamped header), or text that
/// is an earlier OCR's garbage: too few tokens look like words (letters with a vowel), numbers
/// or codes, or too many are isolated symbols. Thresholds in `rules/ocr.toml`.
pub fn page_needs_ocr(text_layer_page: &Page) -> bool {
    text_layer_verdict(text_layer_page, &OcrRules::current().text_layer).needs_ocr
}

/// The measurements behind [`page_needs_ocr`].
#[derive(Debug, Clone, PartialEq)]
pub struct TextLayerVerdict {
    /// Non-space characters on the page.
    pub chars: usize,
    /// Tokens considered.
    pub tokens: usize,
    /// Share of word-, number- or code-like tokens.
    pub wordlike_share: f32,
    /// Share of isolated-symbol tokens.
    pub symbol_share: f32,
    /// The decision.
    pub needs_ocr: bool,
}

/// Judges a text layer against `rules`.
pub fn text_layer_verdict(page: &Page, rules: &TextLayerRules) -> TextLayerVerdict {
    let mut chars = 0usize;
    let mut tokens = 0usize;
    let mut good = 0usize;
    let mut symbols = 0usize;
    for w in &page.words {
        for tok in w.text.split_whitespace() {
            chars += tok.chars().count();
            tokens += 1;
            match classify_token(tok) {
                Tok::Good => good += 1,
                Tok::Symbol => symbols += 1,
                Tok::Bad => {}
            }
        }
    }
    let (wordlike_share, symbol_share) = if tokens > 0 {
        (good as f32 / tokens as f32, symbols as f32 / tokens as f32)
    } else {
        (0.0, 0.0)
    };
    let needs_ocr = chars < rules.min_chars
        || wordlike_share < rules.min_wordlike_share
        || symbol_share > rules.max_symbol_share;
    TextLayerVerdict {
        chars,
        tokens,
        wordlike_share,
        symbol_share,
        needs_ocr,
    }
}

enum Tok {
    Good,
    Symbol,
    Bad,
}

fn classify_token(tok: &str) -> Tok {
    let core = tok.trim_matches(|c: char| ",.;:()\"'“”‘’?!-–—/".contains(c));
    if core.is_empty() {
        // Punctuation alone ("-", ":") is normal in tables; a lone stray mark is not.
        return if tok.chars().count() == 1 && "-–—:.,/".contains(tok) {
            Tok::Good
        } else {
            Tok::Symbol
        };
    }
    let n = core.chars().count();
    if n == 1 {
        let c = core.chars().next().unwrap_or(' ');
        return if c.is_alphanumeric() {
            Tok::Good
        } else {
            Tok::Symbol
        };
    }
    // Numbers, amounts, percentages, codes: digits with separators only.
    if core.chars().any(|c| c.is_ascii_digit())
        && core
            .chars()
            .all(|c| c.is_ascii_digit() || ".,%/-()".contains(c))
    {
        return Tok::Good;
    }
    if core
        .chars()
        .all(|c| c.is_alphabetic() || c == '-' || c == '/')
    {
        let lower = core.to_lowercase();
        let has_vowel = lower.chars().any(|c| "aeiouy".contains(c));
        // Runs of 5+ consonants do not occur in Indonesian or English words.
        let mut run = 0;
        let mut max_run = 0;
        for c in lower.chars() {
            if c.is_alphabetic() && !"aeiouy".contains(c) {
                run += 1;
                max_run = max_run.max(run);
            } else {
                run = 0;
            }
        }
        let all_caps = core.chars().all(|c| !c.is_lowercase());
        // Short all-caps tokens are abbreviations (SKPD, LPK, PPKS).
        if has_vowel && max_run < 5 || all_caps && n <= 6 {
            return Tok::Good;
        }
        return Tok::Bad;
    }
    Tok::Bad
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_of(text: &str) -> Page {
        Page {
            number: 1,
            width: 600.0,
            height: 800.0,
            words: text
                .split_whitespace()
                .map(|t| Word {
                    text: t.to_string(),
                    bbox: BBox::default(),
                    font_size: 10.0,
                    bold: false,
                    conf: None,
                })
                .collect(),
            rules: Vec::new(),
            source: PageSource::TextLayer,
        }
    }

    #[test]
    fn embedded_rules_parse() {
        let r: OcrRules = ::toml::from_str(include_str!("../../../rules/ocr.toml")).unwrap();
        assert!(!r.languages.is_empty());
        assert_eq!(r.confusions.get("yo").map(String::as_str), Some("%"));
    }

    #[test]
    fn empty_or_nearly_empty_pages_need_ocr() {
        assert!(page_needs_ocr(&page_of("")));
        assert!(page_needs_ocr(&page_of("SIPD Halaman 3")));
    }

    #[test]
    fn real_text_does_not_need_ocr() {
        assert!(!page_needs_ocr(&page_of(
            "1 2.07.01 PROGRAM PENEMPATAN TENAGA KERJA Pelaksanaan Pelatihan Berbasis Kompetensi Kota Serang 35 300.000.000 % 100 orang LPK"
        )));
    }

    #[test]
    fn old_ocr_garbage_needs_ocr() {
        assert!(page_needs_ocr(&page_of(
            "~ ' ;; l|I ,ı ^ rnrn\\ %$# ¢ ~~ | ] [ :: , ' Tqxzv Wkrtzp 1l|! ==| ~ ^ »« © ®"
        )));
    }
}
