//! PDF text layer: words with positions and fonts, and the ruling lines of table borders, read
//! from the content streams with lopdf.
//!
//! We interpret content streams ourselves over lopdf rather than use pdf-extract: pdf-extract
//! misreads the range form of a CID font's `W` array (`c_first c_last w`), so Chromium's bold
//! glyphs get width 0 and words break apart ("Ko de", "2 .0 7"); it panics on odd input; and it
//! pulls in a second, older lopdf, which would mean parsing every file twice. The interpreter
//! here is small: a zero-copy content lexer (`pdf/lexer.rs`), fonts and CMaps (`pdf/font.rs`,
//! `pdf/cmap.rs`, `pdf/std14.rs`), the graphics/text state machine (`pdf/interp.rs`), and two
//! consumers: glyphs to words (`pdf/words.rs`) and paths to ruling lines (`pdf/paths.rs`).
//!
//! Coordinates: every box is in PDF points with the origin at the top-left of the page as
//! displayed (CropBox, after /Rotate), y growing downwards.
//!
//! Text drawn in rendering mode 3 (invisible, as OCR tools lay over a scan) is read like any
//! other text: for such files it is the only text layer there is. (The shared `Word` type has no
//! field to mark it.)
//!
//! On the samples (SIPD Chromium prints, a LibreOffice export) every word and its box match
//! `pdftotext -bbox` exactly (x within 0.01pt; y too, except where a font descriptor says
//! `/Ascent 0`, see `font.rs`), and word splitting gives the same words for any gap threshold
//! from 0.05 to 0.25 em.
//!
//! Damaged and truncated files (see `pdf/recover.rs`): when the cross-reference table or the
//! trailer is broken or missing, the objects are found by scanning the file, the pages come from
//! the surviving page tree (or the `/Type /Page` objects in file order), every intact page is
//! read, and [`PdfFile::warnings`] says the file is damaged and which pages are lost. A page
//! whose object, content or fonts were lost fails alone with [`IngestError::Page`].
//!
//! Not handled (documented so nobody relies on it): vertical writing (Identity-V is read as
//! horizontal), `/ActualText` replacements, optional-content visibility (hidden layers are
//! read), annotation appearance streams (form-field text), simple TrueType symbol fonts without
//! `/ToUnicode` (their codes are read as WinAnsi), and words are not split at ruling lines.

use super::upright::Turn;
use super::{IngestError, Page, PageSource};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

mod cmap;
mod font;
mod interp;
mod lexer;
mod paths;
mod recover;
mod std14;
mod truetype;
mod words;

use interp::{FontCache, Interp, InterpConfig, Matrix, MAX_CONTENT_BYTES};

/// Options for opening a PDF.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// Files larger than this are refused before being read (default 512 MiB).
    pub max_bytes: u64,
    /// The user (or owner) password of an encrypted PDF (`--password`).
    pub password: Option<String>,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            max_bytes: 512 << 20,
            password: None,
        }
    }
}

/// An opened PDF: the parsed document and its page list. Pages are read one at a time with
/// [`PdfFile::page`]; nothing decoded from a page is kept after it returns, except decoded
/// fonts, which pages share.
pub struct PdfFile {
    doc: Document,
    path: PathBuf,
    pages: Vec<ObjectId>,
    fonts: FontCache,
    cfg: InterpConfig,
    /// Whether the object table was rebuilt by scanning a damaged file.
    recovered: bool,
    warnings: Vec<String>,
}

impl std::fmt::Debug for PdfFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PdfFile")
            .field("path", &self.path)
            .field("pages", &self.pages.len())
            .finish()
    }
}

/// Reads the interpreter's tolerances from `rules/layout.toml` (`max_rule_thickness`, shared with
/// layout, and the `pdf_*` keys), with built-in defaults for anything missing.
fn load_config() -> InterpConfig {
    let mut cfg = InterpConfig {
        max_rule_thickness: 2.0,
        min_rule_length: 2.0,
        max_thick_rule: 6.0,
        thick_rule_min_aspect: 20.0,
        word_gap_em: 0.15,
    };
    let text = crate::rules::text("layout.toml");
    let Ok(v) = text.parse::<toml::Table>() else {
        return cfg;
    };
    let f = |t: &toml::Table, k: &str| -> Option<f32> {
        match t.get(k)? {
            toml::Value::Float(f) => Some(*f as f32),
            toml::Value::Integer(i) => Some(*i as f32),
            _ => None,
        }
    };
    if let Some(x) = f(&v, "max_rule_thickness") {
        cfg.max_rule_thickness = x;
    }
    if let Some(x) = f(&v, "pdf_word_gap_em") {
        cfg.word_gap_em = x;
    }
    if let Some(x) = f(&v, "pdf_min_rule_length") {
        cfg.min_rule_length = x;
    }
    if let Some(x) = f(&v, "pdf_max_heavy_rule") {
        cfg.max_thick_rule = x;
    }
    if let Some(x) = f(&v, "pdf_heavy_rule_min_aspect") {
        cfg.thick_rule_min_aspect = x;
    }
    cfg
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

fn is_encryption_error(e: &lopdf::Error) -> bool {
    let s = format!("{e:?}").to_ascii_lowercase();
    matches!(e, lopdf::Error::Decryption(_))
        || s.contains("decrypt")
        || s.contains("password")
        || s.contains("encrypt")
}

impl PdfFile {
    /// Opens and parses a PDF. Checks size (before reading), header, encryption and page count.
    pub fn open(path: &Path, opts: &PdfOptions) -> Result<PdfFile, IngestError> {
        let bytes = super::read_input(path, opts.max_bytes)?;
        Self::from_bytes(path, &bytes, opts.password.as_deref())
    }

    /// Parses a PDF already in memory; `path` names it in errors.
    ///
    /// (Stale offsets are checked by [`stale_offsets`].)
    fn from_bytes(
        path: &Path,
        bytes: &[u8],
        password: Option<&str>,
    ) -> Result<PdfFile, IngestError> {
        let p = || path.to_path_buf();
        if bytes.is_empty() {
            return Err(IngestError::Empty { path: p() });
        }
        let head = &bytes[..bytes.len().min(1024)];
        if !head.windows(4).any(|w| w == b"%PDF") {
            return Err(IngestError::NotPdf { path: p() });
        }
        let load_with = |bytes: &[u8], force_reconstruct: bool| {
            catch_unwind(AssertUnwindSafe(|| {
                Document::load_mem_with_options(
                    bytes,
                    lopdf::LoadOptions {
                        max_decompressed_size: Some(lopdf::DEFAULT_MAX_DECOMPRESSED_SIZE),
                        password: password.map(str::to_string),
                        force_reconstruct,
                        ..Default::default()
                    },
                )
            }))
        };
        let load = |bytes: &[u8]| load_with(bytes, false);
        let mut repaired = false;
        let mut doc = match load(bytes) {
            Err(panic) => {
                return Err(IngestError::Internal {
                    path: p(),
                    detail: panic_message(panic),
                })
            }
            Ok(Err(lopdf::Error::InvalidPassword)) if password.is_some() => {
                return Err(IngestError::WrongPassword { path: p() })
            }
            Ok(Err(e)) if is_encryption_error(&e) => {
                return Err(IngestError::Encrypted { path: p() })
            }
            Ok(Err(e)) => {
                // Truncated files lose their trailer and catalog, which lopdf's own
                // reconstruction needs; give it a trailer and find the pages ourselves.
                let rebuilt = recover::repaired_bytes(bytes).and_then(|b| match load(&b) {
                    Ok(Ok(doc)) => Some(doc),
                    _ => None,
                });
                match rebuilt {
                    Some(doc) => {
                        repaired = true;
                        doc
                    }
                    None => {
                        return Err(IngestError::Corrupt {
                            path: p(),
                            detail: format!(
                                "{e} (file is damaged/truncated: no intact objects to recover)"
                            ),
                        })
                    }
                }
            }
            Ok(Ok(doc)) => doc,
        };
        // lopdf decrypts files whose user password is empty while loading; anything still
        // encrypted needs a password we do not have.
        if doc.is_encrypted() || (repaired && recover::has_encryption_dict(&doc)) {
            return Err(IngestError::Encrypted { path: p() });
        }
        let mut warnings = Vec::new();
        if password.is_some() && !doc.was_encrypted() {
            warnings.push(format!(
                "{}: --password given but the file is not encrypted; read without it",
                path.display()
            ));
        }
        // A table that reads but points past its objects (bytes inserted or removed before
        // them: an incremental save gone wrong, a bad upload) loses every object it misplaces,
        // often all the text. Objects not where it says: rebuild it by scanning the file.
        if !repaired && doc.xref_recovery != Some(lopdf::xref::XrefRecovery::Reconstructed) {
            let (stale, total) = stale_offsets(&doc, bytes);
            if stale > 0 {
                if let Ok(Ok(rebuilt)) = load_with(bytes, true) {
                    if rebuilt.xref_recovery == Some(lopdf::xref::XrefRecovery::Reconstructed) {
                        doc = rebuilt;
                        warnings.push(format!(
                            "{}: {stale} of {total} objects are not where the cross-reference table says (stale xref): object table rebuilt by scanning the file",
                            path.display()
                        ));
                    }
                }
            }
        }
        let rebuilt_by_lopdf = doc.xref_recovery == Some(lopdf::xref::XrefRecovery::Reconstructed);
        let mut pages = if repaired {
            Vec::new()
        } else {
            catch_unwind(AssertUnwindSafe(|| doc.page_iter().collect::<Vec<_>>())).map_err(
                |panic| IngestError::Internal {
                    path: p(),
                    detail: panic_message(panic),
                },
            )?
        };
        let mut recovered = repaired;
        if pages.is_empty() || repaired || rebuilt_by_lopdf {
            let offsets = recover::object_offsets(bytes);
            let found = catch_unwind(AssertUnwindSafe(|| recover::find_pages(&mut doc, &offsets)))
                .map_err(|panic| IngestError::Internal {
                    path: p(),
                    detail: panic_message(panic),
                })?;
            // A rebuilt table always takes the pages found here (lopdf's page tree walk drops
            // lost pages and so renumbers the rest); an intact table only when lopdf found none.
            if !found.pages.is_empty() || repaired || rebuilt_by_lopdf {
                let lost: Vec<u32> = found
                    .pages
                    .iter()
                    .enumerate()
                    .filter(|(_, id)| !page_intact(&doc, **id))
                    .map(|(i, _)| i as u32 + 1)
                    .collect();
                let mut w = format!(
                    "{}: file is damaged/truncated: xref rebuilt, pages from the {}",
                    path.display(),
                    found.source
                );
                if !lost.is_empty() {
                    w.push_str(&format!(", pages {} unreadable", recover::ranges(&lost)));
                }
                warnings.push(w);
                pages = found.pages;
                recovered = true;
            }
        }
        if recovered && !pages.iter().any(|id| doc.get_dictionary(*id).is_ok()) {
            pages.clear();
        }
        if pages.is_empty() {
            // A file whose trailer or page tree could not be found at all is damaged, not empty.
            if recovered || doc.catalog().is_err() {
                return Err(IngestError::Corrupt {
                    path: p(),
                    detail: if recovered {
                        "file is damaged/truncated: no intact page object found".into()
                    } else {
                        "no document catalog (/Root) found".into()
                    },
                });
            }
            return Err(IngestError::NoPages { path: p() });
        }
        Ok(PdfFile {
            doc,
            path: p(),
            pages,
            fonts: Mutex::new(HashMap::new()),
            cfg: load_config(),
            recovered,
            warnings,
        })
    }

    /// Number of pages.
    pub fn page_count(&self) -> u32 {
        self.pages.len() as u32
    }

    /// Reads page `number` (1-based): words and ruling lines, as the page is displayed.
    pub fn page(&self, number: u32) -> Result<Page, IngestError> {
        self.page_with_dirs(number).map(|(p, _)| p)
    }

    /// Reads page `number` turned into the frame where most of its text reads left to right
    /// (see [`Turn`]), with the turn that was applied (boxes go back with [`Turn::bbox_back`]
    /// and the displayed size).
    pub fn page_upright(&self, number: u32) -> Result<(Page, Turn), IngestError> {
        let (mut page, dirs) = self.page_with_dirs(number)?;
        let texts: Vec<&str> = page.words.iter().map(|w| w.text.as_str()).collect();
        let turn = Turn::of_words(&texts, &dirs);
        turn.apply(&mut page);
        Ok((page, turn))
    }

    fn page_with_dirs(&self, number: u32) -> Result<(Page, Vec<[f32; 2]>), IngestError> {
        let fail = |detail: String| IngestError::Page {
            path: self.path.clone(),
            page: number,
            detail,
        };
        if number == 0 || number as usize > self.pages.len() {
            return Err(fail(format!(
                "no such page (the document has {})",
                self.pages.len()
            )));
        }
        let id = self.pages[number as usize - 1];
        match catch_unwind(AssertUnwindSafe(|| self.read_page(number, id))) {
            Ok(r) => r.map_err(fail),
            Err(panic) => Err(IngestError::Internal {
                path: self.path.clone(),
                detail: format!("page {number}: {}", panic_message(panic)),
            }),
        }
    }

    /// The parsed document (the OCR module extracts page images from it).
    pub fn document(&self) -> &lopdf::Document {
        &self.doc
    }

    /// Problems with the file as a whole that did not stop it being read (a damaged file whose
    /// objects were found by scanning, and which of its pages are lost).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The file this was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The object id of page `number` (1-based), numbered as [`PdfFile::page`] numbers them, for
    /// looking the page up in [`PdfFile::document`] (e.g. `get_page_images`).
    pub fn page_id(&self, number: u32) -> Option<ObjectId> {
        self.pages.get((number as usize).checked_sub(1)?).copied()
    }

    /// The displayed size of page `number` in points (CropBox, after /Rotate), the space every
    /// box is given in: an OCR of the page image scales its pixels to this.
    pub fn page_size(&self, number: u32) -> Option<(f32, f32)> {
        let page = self.doc.get_dictionary(self.page_id(number)?).ok()?;
        let g = PageGeometry::of(&self.doc, page);
        Some((g.width, g.height))
    }

    fn read_page(&self, number: u32, id: ObjectId) -> Result<(Page, Vec<[f32; 2]>), String> {
        let doc = &self.doc;
        let page = doc
            .get_dictionary(id)
            .map_err(|e| format!("page object unreadable: {e}"))?;
        let geo = PageGeometry::of(doc, page);
        let resources = page_resources(doc, id);
        if self.recovered {
            lost_fonts(doc, &resources)?;
        }
        let content = page_content(doc, id)?;
        let mut it = Interp::new(
            doc,
            &self.fonts,
            geo.base,
            resources,
            self.cfg,
            geo.width,
            geo.height,
        );
        it.run(&content).map_err(|e| e.0)?;
        let Interp { words, rules, .. } = it;
        let (words, dirs) = words.finish_with_dirs();
        let page = Page {
            number,
            width: geo.width,
            height: geo.height,
            words,
            rules: rules.finish(),
            source: PageSource::TextLayer,
        };
        Ok((page, dirs))
    }
}

/// The page's content streams decoded and joined (a token may continue from one stream into the
/// next). A stream whose filter cannot be decoded at all (lopdf keeps what a damaged Flate stream
/// yields) is left out rather than read as raw compressed bytes, which would turn into junk
/// glyphs; a page none of whose streams decode is an error for that page.
fn page_content(doc: &Document, id: ObjectId) -> Result<Vec<u8>, String> {
    let ids = doc.get_page_contents(id);
    let mut out = Vec::new();
    let mut failed = Vec::new();
    for sid in &ids {
        let Ok(stream) = doc.get_object(*sid).and_then(Object::as_stream) else {
            failed.push(format!("{} {} R is not a stream", sid.0, sid.1));
            continue;
        };
        let remaining = MAX_CONTENT_BYTES.saturating_sub(out.len());
        match stream.decompressed_content_with_limit(remaining) {
            Ok(data) => out.extend_from_slice(&data),
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                return Err(format!(
                    "content decompresses to over {MAX_CONTENT_BYTES} bytes"
                ));
            }
            Err(e) => failed.push(format!("{} {} R: {e}", sid.0, sid.1)),
        }
        out.push(b'\n');
    }
    if !failed.is_empty() && failed.len() == ids.len() {
        return Err(format!("content stream unreadable: {}", failed.join("; ")));
    }
    Ok(out)
}

/// Whether a page's object and all its content streams survived.
fn page_intact(doc: &Document, id: ObjectId) -> bool {
    let Ok(page) = doc.get_dictionary(id) else {
        return false;
    };
    let contents = doc.get_page_contents(id);
    (!contents.is_empty() || !page.has(b"Contents"))
        && contents
            .iter()
            .all(|c| doc.get_object(*c).is_ok_and(|o| o.as_stream().is_ok()))
}

/// In a damaged file, a page whose fonts were lost would come out as undecodable glyphs (or
/// none); it is unreadable rather than empty.
fn lost_fonts(doc: &Document, resources: &[&Dictionary]) -> Result<(), String> {
    let mut lost = Vec::new();
    for r in resources {
        let fonts = match r.get(b"Font") {
            Ok(Object::Reference(id)) => match doc.get_dictionary(*id) {
                Ok(d) => d,
                Err(_) => return Err("font resources lost to file damage".into()),
            },
            Ok(Object::Dictionary(d)) => d,
            _ => continue,
        };
        for (name, f) in fonts.iter() {
            if let Object::Reference(id) = f {
                if doc.get_object(*id).is_err() {
                    lost.push(String::from_utf8_lossy(name).into_owned());
                }
            }
        }
    }
    if lost.is_empty() {
        Ok(())
    } else {
        Err(format!("fonts lost to file damage: {}", lost.join(", ")))
    }
}

/// The page's resource dictionaries, nearest first (inherited ones from the page tree after).
/// Walked here rather than with lopdf's `get_page_resources`, which gives up on the whole list
/// when a parent is missing, as it is in a damaged file whose page tree was lost.
fn page_resources(doc: &Document, id: ObjectId) -> Vec<&Dictionary> {
    let mut out = Vec::new();
    let Ok(mut node) = doc.get_dictionary(id) else {
        return out;
    };
    let mut seen = vec![id];
    for _ in 0..64 {
        match node.get(b"Resources") {
            Ok(Object::Dictionary(d)) => out.push(d),
            Ok(Object::Reference(r)) => {
                if let Ok(d) = doc.get_dictionary(*r) {
                    out.push(d);
                }
            }
            _ => {}
        }
        let Ok(parent) = node.get(b"Parent").and_then(Object::as_reference) else {
            break;
        };
        if seen.contains(&parent) {
            break;
        }
        seen.push(parent);
        let Ok(p) = doc.get_dictionary(parent) else {
            break;
        };
        node = p;
    }
    out
}

/// Where the page's user space lands on the displayed page.
struct PageGeometry {
    width: f32,
    height: f32,
    /// User space to page space (top-left origin, y down, rotation applied).
    base: Matrix,
}

fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..64 {
        if let Ok(v) = node.get(key) {
            return Some(doc.dereference(v).map(|(_, o)| o).unwrap_or(v));
        }
        let parent = node.get(b"Parent").ok()?.as_reference().ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn rect_of(doc: &Document, o: Option<&Object>) -> Option<[f64; 4]> {
    let Object::Array(a) = o? else { return None };
    if a.len() != 4 {
        return None;
    }
    let mut v = [0f64; 4];
    for (i, x) in a.iter().enumerate() {
        let x = doc.dereference(x).map(|(_, o)| o).unwrap_or(x);
        v[i] = x.as_float().ok()? as f64;
        if !v[i].is_finite() {
            return None;
        }
    }
    let r = [
        v[0].min(v[2]),
        v[1].min(v[3]),
        v[0].max(v[2]),
        v[1].max(v[3]),
    ];
    (r[2] - r[0] >= 1.0 && r[3] - r[1] >= 1.0).then_some(r)
}

impl PageGeometry {
    fn of(doc: &Document, page: &Dictionary) -> PageGeometry {
        // US Letter when the MediaBox is missing, as viewers assume.
        let media =
            rect_of(doc, inherited(doc, page, b"MediaBox")).unwrap_or([0.0, 0.0, 612.0, 792.0]);
        let crop = rect_of(doc, inherited(doc, page, b"CropBox"))
            .map(|c| {
                [
                    c[0].max(media[0]),
                    c[1].max(media[1]),
                    c[2].min(media[2]),
                    c[3].min(media[3]),
                ]
            })
            .filter(|c| c[2] - c[0] >= 1.0 && c[3] - c[1] >= 1.0)
            .unwrap_or(media);
        let rotate = inherited(doc, page, b"Rotate")
            .and_then(|o| o.as_i64().ok())
            .unwrap_or(0)
            .rem_euclid(360);
        let [llx, lly, urx, ury] = crop;
        let (w, h) = (urx - llx, ury - lly);
        // Unrotated: u = x - llx, v = ury - y. Rotation turns the page clockwise for display.
        let flip = Matrix([1.0, 0.0, 0.0, -1.0, -llx, ury]);
        let (rot, width, height) = match rotate {
            90 => (Matrix([0.0, 1.0, -1.0, 0.0, h, 0.0]), h, w),
            180 => (Matrix([-1.0, 0.0, 0.0, -1.0, w, h]), w, h),
            270 => (Matrix([0.0, -1.0, 1.0, 0.0, 0.0, w]), h, w),
            _ => (Matrix::ID, w, h),
        };
        PageGeometry {
            width: width as f32,
            height: height as f32,
            base: flip.mul(&rot),
        }
    }
}

/// Whether a page carries a real text layer: enough letters and digits, and not mostly
/// undecodable characters (a font without a Unicode map gives replacement or private-use
/// characters). Used to decide whether a page needs OCR.
pub fn has_text(page: &Page) -> bool {
    let mut real = 0usize;
    let mut junk = 0usize;
    for w in &page.words {
        for c in w.text.chars() {
            if c.is_alphanumeric() {
                real += 1;
            } else if c == '\u{FFFD}'
                || ('\u{E000}'..='\u{F8FF}').contains(&c)
                || (c.is_control() && !c.is_whitespace())
            {
                junk += 1;
            }
        }
    }
    real >= 20 && real >= 3 * junk
}

/// Of the objects the cross-reference table places by offset, how many do not start there
/// with their own `N G obj` header, and how many it places.
fn stale_offsets(doc: &Document, bytes: &[u8]) -> (usize, usize) {
    let mut stale = 0;
    let mut total = 0;
    for (&num, e) in &doc.reference_table.entries {
        if let lopdf::xref::XrefEntry::Normal { offset, generation } = *e {
            total += 1;
            // Readers tolerate a little whitespace before the header.
            let at = bytes
                .get(offset as usize..)
                .map(|b| {
                    let skip = b
                        .iter()
                        .take(8)
                        .take_while(|c| c.is_ascii_whitespace())
                        .count();
                    &b[skip..]
                })
                .and_then(recover::header_at);
            if at != Some((num, generation)) {
                stale += 1;
            }
        }
    }
    (stale, total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::BBox;
    use crate::ingest::Word;

    fn page(texts: &[&str]) -> Page {
        Page {
            number: 1,
            width: 100.0,
            height: 100.0,
            words: texts
                .iter()
                .map(|t| Word {
                    text: t.to_string(),
                    bbox: BBox::new(0.0, 0.0, 10.0, 10.0),
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
    fn text_layer_detection() {
        assert!(has_text(&page(&[
            "Program",
            "Peningkatan",
            "Pelayanan",
            "2.07.01"
        ])));
        // A page number alone is not a text layer.
        assert!(!has_text(&page(&["12"])));
        // Glyphs without a Unicode mapping come out as private-use or replacement characters.
        let junk = "\u{E011}\u{E012}\u{E013}\u{FFFD}".repeat(10);
        assert!(!has_text(&page(&[
            &junk, "ab", "cd", "ef", "gh", "ij", "kl"
        ])));
        assert!(!has_text(&page(&[])));
    }

    #[test]
    fn page_geometry_rotation() {
        let doc = Document::new();
        let mut d = Dictionary::new();
        d.set("MediaBox", vec![0.into(), 0.into(), 600.into(), 800.into()]);
        for (rot, w, h, expect) in [
            (0, 600.0, 800.0, (10.0, 780.0)),
            (90, 800.0, 600.0, (20.0, 10.0)),
            (180, 600.0, 800.0, (590.0, 20.0)),
            (270, 800.0, 600.0, (780.0, 590.0)),
        ] {
            d.set("Rotate", rot);
            let g = PageGeometry::of(&doc, &d);
            assert_eq!((g.width, g.height), (w, h), "rotate {rot}");
            // The user-space point (10, 20), near the bottom-left of the MediaBox.
            let (x, y) = g.base.apply(10.0, 20.0);
            assert!(
                (x - expect.0).abs() < 1e-9 && (y - expect.1).abs() < 1e-9,
                "rotate {rot}: ({x}, {y})"
            );
        }
    }
}
