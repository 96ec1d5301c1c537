//! The content-stream interpreter: graphics and text state, text showing, paths, Form XObjects.

use super::font::Font;
use super::lexer::{Lexer, Operand};
use super::paths::{PathBuilder, RuleCollector, RuleLimits};
use super::words::{GlyphBox, WordBuilder};
use crate::geom::BBox;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

/// Largest decoded size of one content stream (page contents or one form).
pub const MAX_CONTENT_BYTES: usize = 64 << 20;
/// Operators executed per page, forms included, before the page is given up as hostile.
const MAX_OPS: u64 = 20_000_000;
/// Glyphs per page before the page is given up as hostile.
const MAX_GLYPHS: u64 = 2_000_000;
/// Content bytes interpreted per page, forms counted each time they are drawn: a small form
/// drawn many times must not turn one page into gigabytes of lexing.
const MAX_BYTES_RUN: u64 = 128 << 20;
/// Form XObject nesting depth.
const MAX_FORM_DEPTH: usize = 16;

/// An affine matrix `[a b c d e f]`, row-vector convention as in the PDF spec.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Matrix(pub [f64; 6]);

impl Matrix {
    /// The identity.
    pub const ID: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self × o`: apply `self`, then `o`.
    #[inline]
    pub fn mul(&self, o: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = o.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    /// Maps a point.
    #[inline]
    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    fn translate(tx: f64, ty: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }

    fn is_finite(&self) -> bool {
        self.0.iter().all(|v| v.is_finite())
    }
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    line_width: f64,
    fill_white: bool,
    stroke_white: bool,
    /// Whether `sc`/`scn` operands are plain colour components (device, calibrated or ICC
    /// spaces), so "all ones" means white; in Indexed, Separation or Pattern spaces it does not.
    fill_plain: bool,
    stroke_plain: bool,
    font: Option<Arc<Font>>,
    font_size: f64,
    char_spacing: f64,
    word_spacing: f64,
    hscale: f64,
    leading: f64,
    rise: f64,
    /// Text rendering mode (`Tr`).
    render: u8,
}

/// Why a page could not be read.
#[derive(Debug)]
pub struct PageFail(pub String);

/// Font cache shared by every page of a file, keyed by the font dictionary's object id.
pub type FontCache = Mutex<HashMap<ObjectId, Arc<Font>>>;

/// Settings of the interpreter.
#[derive(Debug, Clone, Copy)]
pub struct InterpConfig {
    /// Thickest filled rectangle or stroke that counts as a rule.
    pub max_rule_thickness: f32,
    /// Shortest rule kept.
    pub min_rule_length: f32,
    /// Heaviest line (stroke width or bar thickness) that can still be a rule.
    pub max_thick_rule: f32,
    /// How many times longer than thick a heavy line must be.
    pub thick_rule_min_aspect: f32,
    /// Word gap in font sizes.
    pub word_gap_em: f32,
}

/// Interprets one page.
pub struct Interp<'a> {
    doc: &'a Document,
    fonts: &'a FontCache,
    gs: GState,
    stack: Vec<GState>,
    tm: Matrix,
    tlm: Matrix,
    path: PathBuilder,
    clip_pending: bool,
    /// Resource dictionaries in lookup order (innermost form first is handled by `res_stack`).
    res_stack: Vec<Vec<&'a Dictionary>>,
    form_stack: Vec<ObjectId>,
    local_fonts: HashMap<Vec<u8>, Arc<Font>>,
    /// Decoded form contents, so a form drawn many times is inflated once per page.
    forms: HashMap<ObjectId, Rc<Vec<u8>>>,
    bytes_run: u64,
    /// Words being built.
    pub words: WordBuilder,
    /// Rule candidates.
    pub rules: RuleCollector,
    scratch: String,
    ops: u64,
    glyphs: u64,
    page_w: f32,
    page_h: f32,
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}

fn is_white(vals: &[f64]) -> bool {
    match vals.len() {
        1 | 3 => vals.iter().all(|&v| v >= 0.99),
        4 => vals.iter().all(|&v| v <= 0.01),
        _ => false,
    }
}

impl<'a> Interp<'a> {
    /// An interpreter for a page whose user space maps to page space by `base` (page box and
    /// rotation folded in), with the page's resource dictionaries.
    pub fn new(
        doc: &'a Document,
        fonts: &'a FontCache,
        base: Matrix,
        resources: Vec<&'a Dictionary>,
        cfg: InterpConfig,
        page_w: f32,
        page_h: f32,
    ) -> Self {
        Interp {
            doc,
            fonts,
            gs: GState {
                ctm: base,
                line_width: 1.0,
                fill_white: false,
                stroke_white: false,
                fill_plain: true,
                stroke_plain: true,
                font: None,
                font_size: 0.0,
                char_spacing: 0.0,
                word_spacing: 0.0,
                hscale: 1.0,
                leading: 0.0,
                rise: 0.0,
                render: 0,
            },
            stack: Vec::new(),
            tm: Matrix::ID,
            tlm: Matrix::ID,
            path: PathBuilder::default(),
            clip_pending: false,
            res_stack: vec![resources],
            form_stack: Vec::new(),
            local_fonts: HashMap::new(),
            forms: HashMap::new(),
            bytes_run: 0,
            words: WordBuilder::new(cfg.word_gap_em),
            rules: RuleCollector::new(
                RuleLimits {
                    max_thickness: cfg.max_rule_thickness,
                    max_thick_line: cfg.max_thick_rule.max(cfg.max_rule_thickness),
                    thick_min_aspect: cfg.thick_rule_min_aspect,
                    min_length: cfg.min_rule_length,
                },
                page_w,
                page_h,
            ),
            scratch: String::with_capacity(16),
            ops: 0,
            glyphs: 0,
            page_w,
            page_h,
        }
    }

    /// Looks up `name` in resource category `cat` ("Font", "XObject", "ExtGState").
    fn resource(&self, cat: &[u8], name: &[u8]) -> Option<(&'a Object, Option<ObjectId>)> {
        let doc = self.doc;
        let dicts = self.res_stack.last()?;
        for d in dicts {
            let Ok(c) = d.get(cat) else { continue };
            let Ok(cd) = deref(doc, c).as_dict() else {
                continue;
            };
            if let Ok(o) = cd.get(name) {
                let id = o.as_reference().ok();
                return Some((deref(doc, o), id));
            }
        }
        None
    }

    fn set_font(&mut self, name: &[u8]) {
        let Some((obj, id)) = self.resource(b"Font", name) else {
            self.gs.font = None;
            return;
        };
        let Ok(dict) = obj.as_dict() else {
            self.gs.font = None;
            return;
        };
        let font = match id {
            Some(id) => {
                let cached = self.fonts.lock().ok().and_then(|m| m.get(&id).cloned());
                match cached {
                    Some(f) => f,
                    None => {
                        let f = Arc::new(Font::load(self.doc, dict));
                        if let Ok(mut m) = self.fonts.lock() {
                            m.insert(id, f.clone());
                        }
                        f
                    }
                }
            }
            None => {
                // A font dictionary written inline in the resources: cache per page by name.
                if let Some(f) = self.local_fonts.get(name) {
                    f.clone()
                } else {
                    let f = Arc::new(Font::load(self.doc, dict));
                    self.local_fonts.insert(name.to_vec(), f.clone());
                    f
                }
            }
        };
        self.gs.font = Some(font);
    }

    /// Runs a content stream.
    pub fn run(&mut self, content: &[u8]) -> Result<(), PageFail> {
        self.bytes_run += content.len() as u64;
        if self.bytes_run > MAX_BYTES_RUN {
            return Err(PageFail(format!(
                "content too complex (over {MAX_BYTES_RUN} bytes with forms expanded)"
            )));
        }
        let mut lx = Lexer::new(content);
        let mut nums = [0f64; 6];
        while let Some(op) = lx.next_op() {
            self.ops += 1;
            if self.ops > MAX_OPS {
                return Err(PageFail(format!(
                    "content too complex (over {MAX_OPS} operators)"
                )));
            }
            if self.glyphs > MAX_GLYPHS {
                return Err(PageFail(format!(
                    "content too complex (over {MAX_GLYPHS} glyphs)"
                )));
            }
            // Trailing numeric operands, right-aligned into `nums` (most operators take numbers).
            let n = {
                let ops = &lx.operands;
                let mut k = 0;
                for o in ops.iter().rev() {
                    if k == 6 {
                        break;
                    }
                    if let Operand::Num(v) = o {
                        nums[5 - k] = *v;
                        k += 1;
                    } else {
                        break;
                    }
                }
                k
            };
            let a = &nums[6 - n..];
            match op {
                // Graphics state.
                // Deeper nesting than any real producer uses is ignored rather than grown.
                b"q" if self.stack.len() < 1000 => self.stack.push(self.gs.clone()),
                b"Q" => {
                    if let Some(g) = self.stack.pop() {
                        self.gs = g;
                    }
                }
                b"cm" if n == 6 => {
                    let m = Matrix([a[0], a[1], a[2], a[3], a[4], a[5]]);
                    let c = m.mul(&self.gs.ctm);
                    if c.is_finite() {
                        self.gs.ctm = c;
                    }
                }
                b"w" if n == 1 => self.gs.line_width = a[0].abs(),
                b"g" | b"rg" | b"k" => {
                    self.gs.fill_white = is_white(a);
                    self.gs.fill_plain = true;
                }
                b"G" | b"RG" | b"K" => {
                    self.gs.stroke_white = is_white(a);
                    self.gs.stroke_plain = true;
                }
                b"sc" | b"scn" => {
                    let pattern = lx.operands.iter().any(|o| matches!(o, Operand::Name(_)));
                    self.gs.fill_white = self.gs.fill_plain && !pattern && is_white(a);
                }
                b"SC" | b"SCN" => {
                    let pattern = lx.operands.iter().any(|o| matches!(o, Operand::Name(_)));
                    self.gs.stroke_white = self.gs.stroke_plain && !pattern && is_white(a);
                }
                // Setting a colour space resets the colour to its initial value (black, or no
                // ink, in every space we judge).
                b"cs" | b"CS" => {
                    let plain = match lx.operands.first() {
                        Some(Operand::Name(n)) => self.colour_space_is_plain(n),
                        _ => false,
                    };
                    if op == b"cs" {
                        self.gs.fill_white = false;
                        self.gs.fill_plain = plain;
                    } else {
                        self.gs.stroke_white = false;
                        self.gs.stroke_plain = plain;
                    }
                }
                b"gs" => {
                    if let Some(Operand::Name(name)) = lx.operands.first() {
                        self.ext_gstate(name);
                    }
                }
                // Paths.
                b"m" if n == 2 => {
                    let (x, y) = self.to_page(a[0], a[1]);
                    self.path.move_to(x, y);
                }
                b"l" if n == 2 => {
                    let (x, y) = self.to_page(a[0], a[1]);
                    self.path.line_to(x, y, false);
                }
                b"c" if n == 6 => {
                    let (x, y) = self.to_page(a[4], a[5]);
                    self.path.line_to(x, y, true);
                }
                b"v" | b"y" if n == 4 => {
                    let (x, y) = self.to_page(a[2], a[3]);
                    self.path.line_to(x, y, true);
                }
                b"h" => self.path.close(),
                b"re" if n == 4 => {
                    let (x, y, w, h) = (a[0], a[1], a[2], a[3]);
                    let c = [
                        self.to_page(x, y),
                        self.to_page(x + w, y),
                        self.to_page(x + w, y + h),
                        self.to_page(x, y + h),
                    ];
                    self.path.rect(c);
                }
                b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" => {
                    if matches!(op, b"s" | b"b" | b"b*") {
                        self.path.close();
                    }
                    let fills = !matches!(op, b"S" | b"s");
                    let strokes = matches!(op, b"S" | b"s" | b"B" | b"B*" | b"b" | b"b*");
                    if fills && !self.gs.fill_white {
                        self.rules.fill(&self.path);
                    }
                    if strokes && !self.gs.stroke_white {
                        let lw = self.line_width_on_page();
                        self.rules.stroke(&self.path, lw);
                    }
                    self.path.clear();
                    self.clip_pending = false;
                }
                b"n" => {
                    self.path.clear();
                    self.clip_pending = false;
                }
                b"W" | b"W*" => self.clip_pending = true,
                // Text objects and state.
                b"BT" => {
                    self.tm = Matrix::ID;
                    self.tlm = Matrix::ID;
                }
                b"ET" => {}
                b"Tf" => {
                    if let Some(Operand::Name(name)) = lx.operands.first() {
                        self.set_font(name);
                    }
                    if n >= 1 {
                        self.gs.font_size = a[n - 1];
                    }
                }
                b"Tc" if n == 1 => self.gs.char_spacing = a[0],
                b"Tw" if n == 1 => self.gs.word_spacing = a[0],
                b"Tz" if n == 1 => self.gs.hscale = a[0] / 100.0,
                b"TL" if n == 1 => self.gs.leading = a[0],
                b"Ts" if n == 1 => self.gs.rise = a[0],
                b"Tr" if n == 1 => self.gs.render = a[0].clamp(0.0, 7.0) as u8,
                b"Td" if n == 2 => self.next_line(a[0], a[1]),
                b"TD" if n == 2 => {
                    self.gs.leading = -a[1];
                    self.next_line(a[0], a[1]);
                }
                b"Tm" if n == 6 => {
                    let m = Matrix([a[0], a[1], a[2], a[3], a[4], a[5]]);
                    if m.is_finite() {
                        self.tm = m;
                        self.tlm = m;
                    }
                }
                b"T*" => self.next_line(0.0, -self.gs.leading),
                b"Tj" | b"'" | b"\"" => {
                    if op == b"\"" && n >= 2 {
                        // `aw ac string "`: the numbers precede the string.
                        let nums_before: Vec<f64> = lx
                            .operands
                            .iter()
                            .filter_map(|o| match o {
                                Operand::Num(v) => Some(*v),
                                _ => None,
                            })
                            .collect();
                        if nums_before.len() >= 2 {
                            self.gs.word_spacing = nums_before[0];
                            self.gs.char_spacing = nums_before[1];
                        }
                    }
                    if op != b"Tj" {
                        self.next_line(0.0, -self.gs.leading);
                    }
                    if let Some(Operand::Str(s, e)) = lx
                        .operands
                        .iter()
                        .rev()
                        .find(|o| matches!(o, Operand::Str(..)))
                    {
                        let (s, e) = (*s, *e);
                        self.show(lx.str_bytes(s, e));
                    }
                }
                b"TJ" => {
                    for i in 0..lx.operands.len() {
                        match lx.operands[i] {
                            Operand::Str(s, e) => self.show(lx.str_bytes(s, e)),
                            Operand::Num(v) => {
                                let tx = -v / 1000.0 * self.gs.font_size * self.gs.hscale;
                                self.tm = Matrix::translate(tx, 0.0).mul(&self.tm);
                            }
                            _ => {}
                        }
                    }
                }
                // XObjects.
                b"Do" => {
                    if let Some(Operand::Name(name)) = lx.operands.first() {
                        self.do_xobject(name)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Whether a colour space (by name or resource) takes plain colour components.
    fn colour_space_is_plain(&self, name: &[u8]) -> bool {
        match name {
            b"DeviceGray" | b"DeviceRGB" | b"DeviceCMYK" | b"CalGray" | b"CalRGB" | b"G"
            | b"RGB" | b"CMYK" => true,
            b"Pattern" => false,
            _ => match self.resource(b"ColorSpace", name) {
                Some((Object::Array(a), _)) => matches!(
                    a.first().and_then(|o| o.as_name().ok()),
                    Some(b"ICCBased" | b"CalRGB" | b"CalGray")
                ),
                Some((Object::Name(n), _)) => {
                    matches!(n.as_slice(), b"DeviceGray" | b"DeviceRGB" | b"DeviceCMYK")
                }
                _ => false,
            },
        }
    }

    fn ext_gstate(&mut self, name: &[u8]) {
        let Some((obj, _)) = self.resource(b"ExtGState", name) else {
            return;
        };
        let Ok(d) = obj.as_dict() else { return };
        if let Ok(lw) = d.get(b"LW").and_then(|o| o.as_float()) {
            self.gs.line_width = lw.abs() as f64;
        }
        if let Ok(Object::Array(f)) = d.get(b"Font").map(|o| deref(self.doc, o)) {
            if let (Some(Ok(id)), Some(size)) = (
                f.first().map(|o| o.as_reference()),
                f.get(1).and_then(|o| o.as_float().ok()),
            ) {
                if let Ok(fd) = self.doc.get_dictionary(id) {
                    let font = self
                        .fonts
                        .lock()
                        .ok()
                        .and_then(|m| m.get(&id).cloned())
                        .unwrap_or_else(|| Arc::new(Font::load(self.doc, fd)));
                    self.gs.font = Some(font);
                    self.gs.font_size = size as f64;
                }
            }
        }
    }

    fn do_xobject(&mut self, name: &[u8]) -> Result<(), PageFail> {
        let Some((obj, id)) = self.resource(b"XObject", name) else {
            return Ok(());
        };
        let Ok(stream) = obj.as_stream() else {
            return Ok(());
        };
        let is_form = stream
            .dict
            .get(b"Subtype")
            .and_then(|o| o.as_name())
            .map(|n| n == b"Form")
            .unwrap_or(false);
        if !is_form {
            return Ok(());
        }
        if self.form_stack.len() >= MAX_FORM_DEPTH {
            return Ok(());
        }
        if let Some(id) = id {
            if self.form_stack.contains(&id) {
                // A form that draws itself: skip the cycle.
                return Ok(());
            }
        }
        let cached = id.and_then(|id| self.forms.get(&id).cloned());
        let content = match cached {
            Some(c) => c,
            None => {
                let c = match stream.decompressed_content_with_limit(MAX_CONTENT_BYTES) {
                    Ok(c) => c,
                    Err(lopdf::Error::Decompress(
                        lopdf::DecompressError::MemoryLimitExceeded { .. },
                    )) => {
                        return Err(PageFail(format!(
                            "a form XObject decompresses to over {MAX_CONTENT_BYTES} bytes"
                        )))
                    }
                    // Undecodable: skip this form, keep the page.
                    Err(_) => return Ok(()),
                };
                let c = Rc::new(c);
                if let Some(id) = id {
                    self.forms.insert(id, c.clone());
                }
                c
            }
        };
        let doc = self.doc;
        let matrix = match stream.dict.get(b"Matrix").map(|o| deref(doc, o)) {
            Ok(Object::Array(m)) if m.len() == 6 => {
                let mut v = [0f64; 6];
                let mut ok = true;
                for (i, o) in m.iter().enumerate() {
                    match deref(doc, o).as_float() {
                        Ok(f) => v[i] = f as f64,
                        Err(_) => ok = false,
                    }
                }
                if ok {
                    Matrix(v)
                } else {
                    Matrix::ID
                }
            }
            _ => Matrix::ID,
        };
        let resources = match stream.dict.get(b"Resources").map(|o| deref(doc, o)) {
            Ok(Object::Dictionary(d)) => vec![d],
            // Forms without resources use the resources of what draws them.
            _ => self.res_stack.last().cloned().unwrap_or_default(),
        };
        let saved = self.gs.clone();
        let saved_stack = self.stack.len();
        let (saved_tm, saved_tlm) = (self.tm, self.tlm);
        let m = matrix.mul(&self.gs.ctm);
        if m.is_finite() {
            self.gs.ctm = m;
        }
        self.path.clear();
        self.res_stack.push(resources);
        self.form_stack.push(id.unwrap_or((0, 0)));
        let r = self.run(&content);
        self.form_stack.pop();
        self.res_stack.pop();
        self.stack.truncate(saved_stack);
        self.gs = saved;
        self.tm = saved_tm;
        self.tlm = saved_tlm;
        r
    }

    #[inline]
    fn to_page(&self, x: f64, y: f64) -> (f32, f32) {
        let (px, py) = self.gs.ctm.apply(x, y);
        (px as f32, py as f32)
    }

    fn line_width_on_page(&self) -> f32 {
        let [a, b, c, d, _, _] = self.gs.ctm.0;
        let scale = (a * d - b * c).abs().sqrt();
        (self.gs.line_width * scale) as f32
    }

    fn next_line(&mut self, tx: f64, ty: f64) {
        self.tlm = Matrix::translate(tx, ty).mul(&self.tlm);
        self.tm = self.tlm;
    }

    fn show(&mut self, bytes: &[u8]) {
        let Some(font) = self.gs.font.clone() else {
            return;
        };
        let fs = self.gs.font_size;
        let th = self.gs.hscale;
        let simple = font.is_simple();
        let mut i = 0;
        while i < bytes.len() {
            let (len, code) = font.next_code(&bytes[i..]);
            let len = len.max(1);
            i += len;
            self.glyphs += 1;
            let w0 = font.width(len, code) as f64;
            self.scratch.clear();
            font.text(len, code, &mut self.scratch);
            // Trm = [fs*th 0 0 fs 0 rise] × Tm × CTM.
            let tm_ctm = self.tm.mul(&self.gs.ctm);
            let trm = Matrix([fs * th, 0.0, 0.0, fs, 0.0, self.gs.rise]).mul(&tm_ctm);
            if !self.scratch.is_empty() {
                self.emit(&trm, w0, &font);
            }
            let spacing = if simple && len == 1 && code == 32 {
                self.gs.word_spacing
            } else {
                0.0
            };
            let tx = (w0 * fs + self.gs.char_spacing + spacing) * th;
            self.tm = Matrix::translate(tx, 0.0).mul(&self.tm);
        }
    }

    fn emit(&mut self, trm: &Matrix, w0: f64, font: &Font) {
        let [a, b, c, d, e, f] = trm.0;
        let asc = font.ascent as f64;
        let desc = font.descent as f64;
        // Corners of the glyph box (0..w0 × desc..asc in text space).
        let pts = [
            (e + c * desc, f + d * desc),
            (e + a * w0 + c * desc, f + b * w0 + d * desc),
            (e + c * asc, f + d * asc),
            (e + a * w0 + c * asc, f + b * w0 + d * asc),
        ];
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for (x, y) in pts {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        if ![x0, y0, x1, y1].iter().all(|v| v.is_finite()) {
            return;
        }
        let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        // Text outside the visible page is not part of the page (as in pdftotext).
        if cx < -1.0 || cy < -1.0 || cx > self.page_w as f64 + 1.0 || cy > self.page_h as f64 + 1.0
        {
            return;
        }
        let xlen = (a * a + b * b).sqrt();
        let size = (c * c + d * d).sqrt();
        if !(xlen.is_finite() && size.is_finite()) || xlen == 0.0 {
            return;
        }
        let g = GlyphBox {
            bbox: BBox {
                x0: x0 as f32,
                y0: y0 as f32,
                x1: x1 as f32,
                y1: y1 as f32,
            },
            ox: e as f32,
            oy: f as f32,
            dx: (a / xlen) as f32,
            dy: (b / xlen) as f32,
            adv: (w0 * xlen) as f32,
            size: size as f32,
            // Fill-and-stroke text is how Word and Skia embolden a face that has no bold
            // variant.
            bold: font.bold || (matches!(self.gs.render, 2 | 6) && self.gs.line_width > 0.0),
        };
        self.words.push(&g, &self.scratch);
    }
}
