//! Fonts as the interpreter needs them: how a string splits into character codes, each code's
//! Unicode text and advance width, and whether the face is bold.
//!
//! Simple fonts (Type1, TrueType, Type3) use one byte per code; Type0 fonts use their encoding
//! CMap (Identity-H: two bytes, code = CID). Unicode comes from `/ToUnicode` first, then from the
//! font's encoding (base encoding plus `/Differences` glyph names). The encoding tables and the
//! Adobe glyph list come from lopdf, which does not export them directly: we read them through
//! its public `Dictionary::get_font_encoding` on tiny synthetic font dictionaries (once per
//! table, once per glyph name), rather than carry a second copy of the glyph list.

use super::cmap::CMap;
use super::std14;
use lopdf::{Dictionary, Document, Encoding, Object};
use std::sync::OnceLock;

/// Largest decoded size accepted for a font's CMap stream.
const MAX_CMAP_BYTES: usize = 8 << 20;
/// Highest CID given a width; larger ones in a `/W` array are ignored (CIDs are 16-bit).
const MAX_CID: u32 = 0xFFFF;

/// How a Type0 font maps codes to CIDs.
#[derive(Debug)]
enum CidEncoding {
    /// Identity-H / Identity-V: two-byte codes, CID = code.
    Identity,
    /// A predefined Unicode CMap (UCS-2 / UTF-16): two-byte codes that are UTF-16 units; the CID is
    /// unknown, so widths fall back to the default width.
    Ucs2,
    /// An embedded CMap stream.
    Embedded(Box<CMap>),
}

#[derive(Debug)]
enum Kind {
    Simple {
        /// Unicode text per code: `(start, len)` in `pool`; len 0 when unknown.
        text: Box<[(u32, u8); 256]>,
        /// Advance widths in text-space units per unit of font size.
        widths: Box<[f32; 256]>,
        pool: String,
    },
    Cid {
        enc: CidEncoding,
        /// ToUnicode expanded for two-byte codes up to the highest mapped one, so a glyph's
        /// text is one index instead of a range search.
        fast: Option<FastText>,
        /// Without a ToUnicode map: CID -> glyph id -> character from the embedded TrueType
        /// program's own cmap.
        glyphs: Option<Box<GlyphText>>,
        /// Widths per CID, in text-space units per unit of font size; `NaN` = use `dw`.
        widths: Vec<f32>,
        dw: f32,
    },
}

/// Characters of a CID TrueType font's glyphs, for fonts without `/ToUnicode`.
#[derive(Debug)]
struct GlyphText {
    /// `/CIDToGIDMap` as a stream; `None` = Identity.
    cid_to_gid: Option<Vec<u16>>,
    chars: Vec<Option<char>>,
}

impl GlyphText {
    fn load(doc: &Document, cid_font: &Dictionary, descriptor: &Dictionary) -> Option<GlyphText> {
        let program = get(doc, descriptor, b"FontFile2").and_then(|o| stream_bytes(doc, o))?;
        let chars = super::truetype::glyph_chars(&program)?;
        let cid_to_gid = match get(doc, cid_font, b"CIDToGIDMap") {
            Some(o @ Object::Stream(_)) => stream_bytes(doc, o).map(|b| {
                b.chunks_exact(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect()
            }),
            _ => None,
        };
        Some(GlyphText { cid_to_gid, chars })
    }

    fn char_of(&self, cid: u32) -> Option<char> {
        let gid = match &self.cid_to_gid {
            Some(m) => *m.get(cid as usize)? as usize,
            None => cid as usize,
        };
        *self.chars.get(gid)?
    }
}

/// Unicode text per two-byte code: `(start, len)` in `pool`; len 0 when unmapped.
#[derive(Debug)]
struct FastText {
    idx: Vec<(u32, u8)>,
    pool: String,
}

/// The byte length of the text appended to `pool` since `start`, dropped when it does not fit
/// in a `u8` (a single glyph never maps to that much text in a sane font).
fn fit_u8(pool: &mut String, start: usize) -> u8 {
    match u8::try_from(pool.len() - start) {
        Ok(n) => n,
        Err(_) => {
            pool.truncate(start);
            0
        }
    }
}

/// Codes above this are looked up in the CMap itself rather than in a dense table.
const MAX_FAST_CODE: u32 = 0x4000;

impl FastText {
    fn build(tu: &CMap) -> Option<FastText> {
        let max = tu.max_unicode_code(2)?;
        if max > MAX_FAST_CODE {
            return None;
        }
        let mut idx = Vec::with_capacity(max as usize + 1);
        let mut pool = String::new();
        for code in 0..=max {
            let start = pool.len();
            tu.unicode(2, code, &mut pool);
            let n = fit_u8(&mut pool, start);
            idx.push((start as u32, n));
        }
        Some(FastText { idx, pool })
    }
}

/// A decoded font.
#[derive(Debug)]
pub struct Font {
    kind: Kind,
    to_unicode: Option<CMap>,
    /// Bold face.
    pub bold: bool,
    /// Ascent above the baseline, in text-space units per unit of font size.
    pub ascent: f32,
    /// Descent below the baseline (negative), in text-space units per unit of font size.
    pub descent: f32,
}

/// The base font name without a subset tag ("AAAAAA+LiberationSans-Bold" -> "LiberationSans-Bold").
fn strip_subset(name: &[u8]) -> &[u8] {
    if name.len() > 7 && name[6] == b'+' && name[..6].iter().all(|b| b.is_ascii_uppercase()) {
        &name[7..]
    } else {
        name
    }
}

/// Bold from a font name's style part ("Arial,Bold", "Roboto-SemiBold", "Arial-BoldMT",
/// "TimesNewRomanPS-BoldItalicMT", "ArialBd"); the family part is ignored so that a family
/// called e.g. "Blackadder" is not taken for bold.
pub fn name_is_bold(name: &[u8]) -> bool {
    let lower: Vec<u8> = strip_subset(name)
        .iter()
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let sep = lower
        .iter()
        .position(|&b| matches!(b, b'-' | b',' | b' ' | b'_'));
    let Some(sep) = sep else {
        return lower.ends_with(b"bold")
            || lower.ends_with(b"bd")
            || lower.ends_with(b"black")
            || lower.ends_with(b"heavy");
    };
    let style = &lower[sep + 1..];
    let has = |w: &[u8]| style.windows(w.len()).any(|x| x == w);
    has(b"bold")
        || has(b"black")
        || has(b"heavy")
        || has(b"semibd")
        || has(b"demi")
        || has(b"bdit")
        || style.ends_with(b"bd")
}

fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}

fn get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key).ok().map(|o| deref(doc, o))
}

fn get_dict<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    get(doc, d, key).and_then(|o| o.as_dict().ok())
}

fn stream_bytes(doc: &Document, o: &Object) -> Option<Vec<u8>> {
    let s = deref(doc, o).as_stream().ok()?;
    s.decompressed_content_with_limit(MAX_CMAP_BYTES)
        .ok()
        .or_else(|| (s.content.len() <= MAX_CMAP_BYTES).then(|| s.content.clone()))
}

/// Unicode for a glyph name: the Adobe glyph list, `uniXXXX`, `uXXXX[XX]`, and the suffixed and
/// ligature forms ("a.sc", "f_i").
pub fn glyph_name_to_unicode(name: &[u8], out: &mut String) -> bool {
    if let Some(c) = agl(name) {
        out.push(c);
        return true;
    }
    let base = match name.iter().position(|&b| b == b'.') {
        Some(0) | None => name,
        Some(i) => &name[..i],
    };
    if base.len() != name.len() {
        return glyph_name_to_unicode(base, out);
    }
    if base.contains(&b'_') {
        let before = out.len();
        for part in base.split(|&b| b == b'_') {
            if !glyph_name_to_unicode(part, out) {
                out.truncate(before);
                return false;
            }
        }
        return true;
    }
    let hex = |s: &[u8]| {
        std::str::from_utf8(s)
            .ok()
            .and_then(|s| u32::from_str_radix(s, 16).ok())
    };
    if let Some(rest) = base.strip_prefix(b"uni") {
        if rest.len() >= 4 && rest.len() % 4 == 0 {
            let before = out.len();
            for chunk in rest.chunks(4) {
                match hex(chunk).and_then(char::from_u32) {
                    Some(c) => out.push(c),
                    None => {
                        out.truncate(before);
                        return false;
                    }
                }
            }
            return true;
        }
    }
    if let Some(rest) = base.strip_prefix(b"u") {
        if (4..=6).contains(&rest.len()) {
            if let Some(c) = hex(rest).and_then(char::from_u32) {
                out.push(c);
                return true;
            }
        }
    }
    false
}

/// The built-in encoding of an embedded Type1 font program (`/FontFile`): the
/// `dup <code> /<name> put` entries of its clear-text part. `None` when the program is absent,
/// unreadable, or uses StandardEncoding.
fn type1_builtin_encoding(doc: &Document, descriptor: &Dictionary) -> Option<Vec<(u8, Vec<u8>)>> {
    let stream = get(doc, descriptor, b"FontFile")?.as_stream().ok()?;
    let data = stream
        .decompressed_content_with_limit(MAX_CMAP_BYTES)
        .ok()
        .or_else(|| (!stream.dict.has(b"Filter")).then(|| stream.content.clone()))?;
    let clear_len = get(doc, &stream.dict, b"Length1")
        .and_then(num)
        .map(|l| l as usize)
        .unwrap_or(data.len())
        .min(data.len());
    let clear = &data[..clear_len];
    let clear = match clear.windows(5).position(|w| w == b"eexec") {
        Some(i) => &clear[..i],
        None => clear,
    };
    let enc_at = clear.windows(9).position(|w| w == b"/Encoding")?;
    let rest = &clear[enc_at + 9..];
    if rest.trim_ascii_start().starts_with(b"StandardEncoding") {
        return None;
    }
    let mut out = Vec::new();
    let mut toks = rest
        .split(|b| b.is_ascii_whitespace())
        .filter(|t| !t.is_empty());
    while let Some(t) = toks.next() {
        if t == b"readonly" || t == b"def" {
            break;
        }
        if t != b"dup" {
            continue;
        }
        let (Some(code), Some(name)) = (toks.next(), toks.next()) else {
            break;
        };
        let code = std::str::from_utf8(code)
            .ok()
            .and_then(|c| c.parse::<u8>().ok());
        if let (Some(code), Some(name)) = (code, name.strip_prefix(b"/")) {
            out.push((code, name.to_vec()));
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The Adobe glyph list entry for a glyph name, via lopdf.
pub fn agl(name: &[u8]) -> Option<char> {
    const CODE: u8 = 65;
    let mut enc = Dictionary::new();
    enc.set(
        "Differences",
        Object::Array(vec![
            Object::Integer(CODE as i64),
            Object::Name(name.to_vec()),
        ]),
    );
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Encoding", Object::Dictionary(enc));
    let doc = empty_doc();
    match font.get_font_encoding(doc).ok()? {
        Encoding::Differences(d) => d
            .map
            .get(&CODE)
            .and_then(|g| char::from_u32(g.utf16_code_unit() as u32)),
        _ => None,
    }
}

fn empty_doc() -> &'static Document {
    static DOC: OnceLock<Document> = OnceLock::new();
    DOC.get_or_init(Document::new)
}

/// A one-byte encoding as Unicode characters per code.
pub type CharTable = [Option<char>; 256];

fn build_table(name: &str) -> CharTable {
    let mut t = [None; 256];
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Encoding", Object::Name(name.as_bytes().to_vec()));
    if let Ok(Encoding::OneByteEncoding(map)) = font.get_font_encoding(empty_doc()) {
        for (i, g) in map.iter().enumerate() {
            t[i] = g.and_then(|g| char::from_u32(g.utf16_code_unit() as u32));
        }
    }
    t
}

/// The named base encodings.
fn named_encoding(name: &[u8]) -> Option<&'static CharTable> {
    static TABLES: OnceLock<[CharTable; 4]> = OnceLock::new();
    let t = TABLES.get_or_init(|| {
        [
            build_table("WinAnsiEncoding"),
            build_table("MacRomanEncoding"),
            build_table("StandardEncoding"),
            build_table("PDFDocEncoding"),
        ]
    });
    Some(match name {
        b"WinAnsiEncoding" => &t[0],
        b"MacRomanEncoding" => &t[1],
        b"StandardEncoding" => &t[2],
        b"PDFDocEncoding" => &t[3],
        _ => return None,
    })
}

impl Font {
    /// Decodes a font dictionary. Never fails: missing parts fall back to defaults, so a broken
    /// font costs accuracy on its own glyphs, not the page.
    pub fn load(doc: &Document, dict: &Dictionary) -> Font {
        let subtype = get(doc, dict, b"Subtype")
            .and_then(|o| o.as_name().ok())
            .unwrap_or(b"");
        let base_font = get(doc, dict, b"BaseFont")
            .and_then(|o| o.as_name().ok())
            .unwrap_or(b"");
        let to_unicode = get(doc, dict, b"ToUnicode")
            .and_then(|o| stream_bytes(doc, o))
            .map(|b| CMap::parse(&b))
            .filter(|m| m.has_unicode());

        if subtype == b"Type0" {
            return Self::load_type0(doc, dict, base_font, to_unicode);
        }

        let descriptor = get_dict(doc, dict, b"FontDescriptor");
        let std = std14::lookup(strip_subset(base_font));

        // Encoding table: base encoding, then /Differences.
        let mut table: [Option<&'static CharTable>; 1] = [None];
        let mut diffs: Vec<(u8, &[u8])> = Vec::new();
        let builtin: Vec<(u8, Vec<u8>)>;
        match get(doc, dict, b"Encoding") {
            Some(Object::Name(n)) => table[0] = named_encoding(n),
            Some(Object::Dictionary(d)) => {
                table[0] = get(doc, d, b"BaseEncoding")
                    .and_then(|o| o.as_name().ok())
                    .and_then(named_encoding);
                if let Some(Object::Array(arr)) = get(doc, d, b"Differences") {
                    let mut code: i64 = 0;
                    for o in arr {
                        match deref(doc, o) {
                            Object::Integer(i) => code = *i,
                            Object::Name(n) => {
                                if (0..=255).contains(&code) {
                                    diffs.push((code as u8, n));
                                }
                                code += 1;
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
        if table[0].is_none() && diffs.is_empty() {
            // No encoding in the PDF: an embedded Type1 program carries its own (TeX's math and
            // symbol fonts rely on it).
            if let Some(b) = descriptor.and_then(|d| type1_builtin_encoding(doc, d)) {
                builtin = b;
                diffs = builtin.iter().map(|(c, n)| (*c, n.as_slice())).collect();
            }
        }
        let fallback: &[u8] = if subtype == b"TrueType" {
            // A TrueType font without /Encoding uses its built-in cmap; for the
            // non-symbolic fonts office tools produce that is WinAnsi in practice.
            b"WinAnsiEncoding"
        } else {
            b"StandardEncoding"
        };
        static NONE: CharTable = [None; 256];
        let base = table[0]
            .or_else(|| named_encoding(fallback))
            .unwrap_or(&NONE);

        let mut pool = String::new();
        let mut text = Box::new([(0u32, 0u8); 256]);
        for code in 0..256usize {
            let start = pool.len();
            let mut done = false;
            if let Some(tu) = &to_unicode {
                // Some producers write a simple font's codes as two-byte source codes.
                done =
                    tu.unicode(1, code as u32, &mut pool) || tu.unicode(2, code as u32, &mut pool);
            }
            if !done {
                if let Some((_, name)) = diffs.iter().rev().find(|(c, _)| *c as usize == code) {
                    done = glyph_name_to_unicode(name, &mut pool);
                }
            }
            if !done {
                if let Some(c) = base[code] {
                    pool.push(c);
                }
            }
            let n = fit_u8(&mut pool, start);
            text[code] = (start as u32, n);
        }

        // Widths. Type3 glyph widths are in glyph space, scaled by /FontMatrix.
        let scale = if subtype == b"Type3" {
            match get(doc, dict, b"FontMatrix") {
                Some(Object::Array(m)) if m.len() == 6 => {
                    num(deref(doc, &m[0])).map(|a| a.abs()).unwrap_or(0.001)
                }
                _ => 0.001,
            }
        } else {
            0.001
        };
        let missing = descriptor
            .and_then(|d| get(doc, d, b"MissingWidth"))
            .and_then(num);
        let mut widths = Box::new([f32::NAN; 256]);
        let first = get(doc, dict, b"FirstChar").and_then(num).unwrap_or(0.0) as i64;
        let mut have_widths = false;
        if let Some(Object::Array(ws)) = get(doc, dict, b"Widths") {
            for (i, w) in ws.iter().enumerate() {
                let code = first + i as i64;
                if (0..256).contains(&code) {
                    if let Some(w) = num(deref(doc, w)) {
                        widths[code as usize] = w * scale;
                        have_widths = true;
                    }
                }
            }
        }
        for code in 0..256usize {
            if widths[code].is_nan() {
                let std_w = if have_widths {
                    None
                } else {
                    std.and_then(|s| {
                        let (start, n) = text[code];
                        let t = &pool[start as usize..start as usize + n as usize];
                        s.width_of(t)
                    })
                };
                widths[code] = match (std_w, missing) {
                    (Some(w), _) => w * 0.001,
                    (None, Some(m)) if m > 0.0 => m * scale,
                    // Neither widths nor metrics: an average Latin advance keeps word boxes
                    // roughly right; gaps come from the positions the producer wrote anyway.
                    _ => std.map(|s| s.default_width()).unwrap_or(500.0) * 0.001,
                };
            }
        }

        let (mut ascent, mut descent) = Self::vertical_metrics(doc, descriptor, std);
        if subtype == b"Type3" {
            // Type3 glyph space is whatever the font says: its bounding box through its matrix
            // gives the vertical extent in text space.
            if let Some((a, d)) = Self::type3_extent(doc, dict) {
                ascent = a;
                descent = d;
            }
        }
        let bold = Self::bold(doc, base_font, descriptor) || std.is_some_and(|s| s.bold);
        Font {
            kind: Kind::Simple { text, widths, pool },
            to_unicode: None,
            bold,
            ascent,
            descent,
        }
    }

    fn type3_extent(doc: &Document, dict: &Dictionary) -> Option<(f32, f32)> {
        let nums = |key: &[u8]| -> Option<Vec<f32>> {
            match get(doc, dict, key)? {
                Object::Array(a) => a.iter().map(|o| num(deref(doc, o))).collect(),
                _ => None,
            }
        };
        let m = nums(b"FontMatrix")?;
        let b = nums(b"FontBBox")?;
        if m.len() != 6 || b.len() != 4 {
            return None;
        }
        let (y0, y1) = (b[1] * m[3], b[3] * m[3]);
        let (asc, desc) = (y0.max(y1), y0.min(y1));
        ((0.3..=2.0).contains(&asc) && (-1.0..=0.0).contains(&desc)).then_some((asc, desc))
    }

    fn load_type0(
        doc: &Document,
        dict: &Dictionary,
        base_font: &[u8],
        to_unicode: Option<CMap>,
    ) -> Font {
        let enc = match get(doc, dict, b"Encoding") {
            Some(Object::Name(n)) => {
                let n = n.as_slice();
                let is_ucs2 =
                    n.windows(4).any(|w| w == b"UCS2") || n.windows(5).any(|w| w == b"UTF16");
                if is_ucs2 {
                    CidEncoding::Ucs2
                } else {
                    CidEncoding::Identity
                }
            }
            Some(o @ Object::Stream(_)) => match stream_bytes(doc, o) {
                Some(b) => {
                    let m = CMap::parse(&b);
                    if m.has_codespace() {
                        CidEncoding::Embedded(Box::new(m))
                    } else {
                        CidEncoding::Identity
                    }
                }
                None => CidEncoding::Identity,
            },
            _ => CidEncoding::Identity,
        };
        let descendant = match get(doc, dict, b"DescendantFonts") {
            Some(Object::Array(a)) => a.first().and_then(|o| deref(doc, o).as_dict().ok()),
            _ => None,
        };
        let mut dw = 1.0f32;
        let mut widths: Vec<f32> = Vec::new();
        let mut descriptor = None;
        let mut bold = name_is_bold(base_font);
        if let Some(cid) = descendant {
            descriptor = get_dict(doc, cid, b"FontDescriptor");
            if let Some(d) = get(doc, cid, b"DW").and_then(num) {
                dw = d * 0.001;
            }
            if let Some(Object::Array(w)) = get(doc, cid, b"W") {
                Self::read_cid_widths(doc, w, &mut widths);
            }
            if let Some(n) = get(doc, cid, b"BaseFont").and_then(|o| o.as_name().ok()) {
                bold |= name_is_bold(n);
            }
        }
        let (ascent, descent) = Self::vertical_metrics(doc, descriptor, None);
        bold |= Self::bold(doc, base_font, descriptor);
        let fast = to_unicode.as_ref().and_then(FastText::build);
        let glyphs = match (&to_unicode, descendant, descriptor) {
            (None, Some(cid), Some(d)) => GlyphText::load(doc, cid, d).map(Box::new),
            _ => None,
        };
        Font {
            kind: Kind::Cid {
                enc,
                fast,
                glyphs,
                widths,
                dw,
            },
            to_unicode,
            bold,
            ascent,
            descent,
        }
    }

    /// Reads a CID font's `/W` array: `c [w1 w2 ...]` gives widths to CIDs c, c+1, ...;
    /// `c_first c_last w` gives w to every CID from c_first to c_last inclusive.
    fn read_cid_widths(doc: &Document, w: &[Object], widths: &mut Vec<f32>) {
        let mut set = |cid: u32, v: f32| {
            if cid > MAX_CID {
                return;
            }
            let i = cid as usize;
            if widths.len() <= i {
                widths.resize(i + 1, f32::NAN);
            }
            widths[i] = v * 0.001;
        };
        let mut i = 0;
        while i < w.len() {
            let Some(first) = num(deref(doc, &w[i])) else {
                i += 1;
                continue;
            };
            let first = first.max(0.0) as u32;
            match w.get(i + 1).map(|o| deref(doc, o)) {
                Some(Object::Array(list)) => {
                    for (k, o) in list.iter().enumerate() {
                        if let Some(v) = num(deref(doc, o)) {
                            set(first.saturating_add(k as u32), v);
                        }
                    }
                    i += 2;
                }
                Some(o) => {
                    let last = num(o).map(|l| l.max(0.0) as u32);
                    let v = w.get(i + 2).and_then(|o| num(deref(doc, o)));
                    if let (Some(last), Some(v)) = (last, v) {
                        for cid in first..=last.min(MAX_CID) {
                            set(cid, v);
                        }
                    }
                    i += 3;
                }
                None => break,
            }
        }
    }

    fn vertical_metrics(
        doc: &Document,
        descriptor: Option<&Dictionary>,
        std: Option<&std14::Metrics>,
    ) -> (f32, f32) {
        let mut ascent = descriptor
            .and_then(|d| get(doc, d, b"Ascent"))
            .and_then(num)
            .or(std.map(|s| s.ascent))
            .unwrap_or(0.0);
        let mut descent = descriptor
            .and_then(|d| get(doc, d, b"Descent"))
            .and_then(num)
            .or(std.map(|s| s.descent))
            .unwrap_or(0.0);
        // Some producers write 0 (LibreOffice) or nonsense. The font bounding box would be the
        // next source, but it is taller than any real glyph and makes the boxes of tightly set
        // lines overlap; 0.8/-0.2 em is what Latin text occupies.
        if !(400.0..=1300.0).contains(&ascent) {
            ascent = 800.0;
        }
        if descent > 0.0 {
            descent = -descent;
        }
        if !(-500.0..=-50.0).contains(&descent) {
            descent = -200.0;
        }
        (ascent * 0.001, descent * 0.001)
    }

    fn bold(doc: &Document, base_font: &[u8], descriptor: Option<&Dictionary>) -> bool {
        if name_is_bold(base_font) {
            return true;
        }
        let Some(d) = descriptor else {
            return false;
        };
        if let Some(w) = get(doc, d, b"FontWeight").and_then(num) {
            if w >= 600.0 {
                return true;
            }
        }
        if let Some(n) = get(doc, d, b"FontName").and_then(|o| o.as_name().ok()) {
            if name_is_bold(n) {
                return true;
            }
        }
        // Flag bit 19 is ForceBold.
        let flags = get(doc, d, b"Flags").and_then(num).unwrap_or(0.0) as u32;
        flags & (1 << 18) != 0
    }

    /// Whether codes are one byte (simple fonts).
    pub fn is_simple(&self) -> bool {
        matches!(self.kind, Kind::Simple { .. })
    }

    /// The code starting at `bytes[0]`: `(byte length, code value)`. `bytes` must be non-empty.
    #[inline]
    pub fn next_code(&self, bytes: &[u8]) -> (usize, u32) {
        match &self.kind {
            Kind::Simple { .. } => (1, bytes[0] as u32),
            Kind::Cid { enc, .. } => {
                let n = match enc {
                    CidEncoding::Embedded(m) => m.code_len(bytes).unwrap_or(1),
                    _ => 2,
                }
                .min(bytes.len());
                let mut v = 0u32;
                for &b in &bytes[..n] {
                    v = v << 8 | b as u32;
                }
                (n, v)
            }
        }
    }

    /// Advance width of a code, in text-space units per unit of font size.
    #[inline]
    pub fn width(&self, len: usize, code: u32) -> f32 {
        match &self.kind {
            Kind::Simple { widths, .. } => widths[(code & 0xFF) as usize],
            Kind::Cid {
                enc, widths, dw, ..
            } => {
                let cid = match enc {
                    CidEncoding::Identity => Some(code),
                    CidEncoding::Ucs2 => None,
                    CidEncoding::Embedded(m) => m.cid(len as u8, code),
                };
                match cid.and_then(|c| widths.get(c as usize)) {
                    Some(w) if !w.is_nan() => *w,
                    _ => *dw,
                }
            }
        }
    }

    /// Appends the Unicode text of a code to `out`; returns false when it has none.
    #[inline]
    pub fn text(&self, len: usize, code: u32, out: &mut String) -> bool {
        match &self.kind {
            Kind::Simple { text, pool, .. } => {
                let (s, n) = text[(code & 0xFF) as usize];
                out.push_str(&pool[s as usize..s as usize + n as usize]);
                n > 0
            }
            Kind::Cid {
                enc, fast, glyphs, ..
            } => {
                if let (2, Some(f)) = (len, fast) {
                    if let Some(&(s, n)) = f.idx.get(code as usize) {
                        if n > 0 {
                            out.push_str(&f.pool[s as usize..s as usize + n as usize]);
                            return true;
                        }
                    }
                }
                if let Some(tu) = &self.to_unicode {
                    if tu.unicode(len as u8, code, out) {
                        return true;
                    }
                }
                match enc {
                    CidEncoding::Ucs2 => match char::from_u32(code) {
                        Some(c) if !c.is_control() => {
                            out.push(c);
                            true
                        }
                        _ => false,
                    },
                    // Without a ToUnicode map only the font program can tell the character.
                    CidEncoding::Identity => match glyphs.as_ref().and_then(|g| g.char_of(code)) {
                        Some(c) if !c.is_control() => {
                            out.push(c);
                            true
                        }
                        _ => false,
                    },
                    CidEncoding::Embedded(m) => {
                        let c = m
                            .cid(len as u8, code)
                            .and_then(|cid| glyphs.as_ref()?.char_of(cid));
                        match c {
                            Some(c) if !c.is_control() => {
                                out.push(c);
                                true
                            }
                            _ => false,
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_names() {
        for n in [
            "AAAAAA+LiberationSans-Bold",
            "Arial,Bold",
            "Arial-BoldMT",
            "TimesNewRomanPS-BoldItalicMT",
            "Roboto-SemiBold",
            "Montserrat-Black",
            "Helvetica-Bold",
            "ArialBd",
            "DejaVuSans-Bold",
        ] {
            assert!(name_is_bold(n.as_bytes()), "{n}");
        }
        for n in [
            "BAAAAA+LiberationSans",
            "Blackadder",
            "Arial-ItalicMT",
            "TimesNewRomanPSMT",
            "Calibri",
        ] {
            assert!(!name_is_bold(n.as_bytes()), "{n}");
        }
    }

    #[test]
    fn glyph_names() {
        let t = |n: &str| {
            let mut s = String::new();
            glyph_name_to_unicode(n.as_bytes(), &mut s);
            s
        };
        assert_eq!(t("A"), "A");
        assert_eq!(t("eacute"), "é");
        assert_eq!(t("uni0041"), "A");
        assert_eq!(t("uni00410042"), "AB");
        assert_eq!(t("u1F600"), "\u{1F600}");
        assert_eq!(t("a.sc"), "a");
        assert_eq!(t("f_i"), "\u{FB01}");
        assert_eq!(t("T_h"), "Th");
        assert_eq!(t("zero"), "0");
        assert_eq!(t("g123"), "");
    }

    fn font_dict(entries: Vec<(&str, Object)>) -> Dictionary {
        let mut d = Dictionary::new();
        for (k, v) in entries {
            d.set(k, v);
        }
        d
    }

    #[test]
    fn cid_widths_both_forms_inclusive() {
        let doc = Document::new();
        let mut w = Vec::new();
        let arr = vec![
            Object::Integer(3),
            Object::Array(vec![Object::Integer(278), Object::Integer(556)]),
            Object::Integer(10),
            Object::Integer(12),
            Object::Integer(611),
        ];
        Font::read_cid_widths(&doc, &arr, &mut w);
        let near = |a: f32, b: f32| (a - b).abs() < 1e-6;
        assert!(near(w[3], 0.278));
        assert!(near(w[4], 0.556));
        assert!(w[5].is_nan());
        assert!(near(w[10], 0.611));
        assert!(near(w[12], 0.611), "range end is inclusive");
        assert_eq!(w.len(), 13);
    }

    #[test]
    fn simple_font_differences_and_widths() {
        let doc = Document::new();
        let enc = font_dict(vec![
            ("BaseEncoding", Object::Name(b"WinAnsiEncoding".to_vec())),
            (
                "Differences",
                Object::Array(vec![
                    Object::Integer(1),
                    Object::Name(b"Aring".to_vec()),
                    Object::Name(b"uni0107".to_vec()),
                ]),
            ),
        ]);
        let d = font_dict(vec![
            ("Type", Object::Name(b"Font".to_vec())),
            ("Subtype", Object::Name(b"TrueType".to_vec())),
            ("BaseFont", Object::Name(b"ABCDEF+Arial-BoldMT".to_vec())),
            ("Encoding", Object::Dictionary(enc)),
            ("FirstChar", Object::Integer(65)),
            ("Widths", Object::Array(vec![Object::Integer(722)])),
        ]);
        let f = Font::load(&doc, &d);
        assert!(f.bold);
        let mut s = String::new();
        for c in [1u32, 2, 65, 0xE9] {
            f.text(1, c, &mut s);
        }
        assert_eq!(s, "ÅćAé");
        assert!((f.width(1, 65) - 0.722).abs() < 1e-6);
    }

    #[test]
    fn type0_without_tounicode_reads_the_truetype_cmap() {
        let mut doc = Document::with_version("1.5");
        let program = doc.add_object(lopdf::Stream::new(
            Dictionary::new(),
            super::super::truetype::tests::tiny_font(),
        ));
        let descriptor = doc.add_object(font_dict(vec![
            ("Type", Object::Name(b"FontDescriptor".to_vec())),
            ("FontFile2", Object::Reference(program)),
            ("FontWeight", Object::Integer(700)),
        ]));
        let cid = font_dict(vec![
            ("Type", Object::Name(b"Font".to_vec())),
            ("Subtype", Object::Name(b"CIDFontType2".to_vec())),
            ("FontDescriptor", Object::Reference(descriptor)),
            ("DW", Object::Integer(600)),
            (
                "W",
                Object::Array(vec![
                    Object::Integer(1),
                    Object::Integer(3),
                    Object::Integer(700),
                ]),
            ),
        ]);
        let d = font_dict(vec![
            ("Type", Object::Name(b"Font".to_vec())),
            ("Subtype", Object::Name(b"Type0".to_vec())),
            ("BaseFont", Object::Name(b"ABCDEF+Tahoma".to_vec())),
            ("Encoding", Object::Name(b"Identity-H".to_vec())),
            (
                "DescendantFonts",
                Object::Array(vec![Object::Dictionary(cid)]),
            ),
        ]);
        let f = Font::load(&doc, &d);
        assert!(f.bold, "FontWeight 700");
        let mut s = String::new();
        let bytes = [0u8, 1, 0, 3, 0, 7, 0, 9];
        let mut i = 0;
        let mut widths = Vec::new();
        while i < bytes.len() {
            let (n, code) = f.next_code(&bytes[i..]);
            assert_eq!(n, 2);
            f.text(n, code, &mut s);
            widths.push(f.width(n, code));
            i += n;
        }
        assert_eq!(s, "AC0");
        assert!((widths[0] - 0.7).abs() < 1e-6 && (widths[1] - 0.7).abs() < 1e-6);
        assert!((widths[2] - 0.6).abs() < 1e-6, "DW for CIDs outside /W");
    }

    #[test]
    fn standard14_font_without_widths() {
        let doc = Document::new();
        let d = font_dict(vec![
            ("Type", Object::Name(b"Font".to_vec())),
            ("Subtype", Object::Name(b"Type1".to_vec())),
            ("BaseFont", Object::Name(b"Helvetica".to_vec())),
        ]);
        let f = Font::load(&doc, &d);
        assert!(!f.bold);
        assert!((f.width(1, b'i' as u32) - 0.222).abs() < 1e-6);
        assert!((f.width(1, b'W' as u32) - 0.944).abs() < 1e-6);
    }
}
