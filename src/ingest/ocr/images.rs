//! Page images taken straight out of the PDF (no re-rendering): the image XObjects and inline
//! images a page paints, decoded to greyscale and composed onto a page-sized canvas through
//! their placement (the CTM at the `Do`) and the page's `/Rotate`. The canvas is in page
//! orientation, top-left origin, y down, at `scale` pixels per point, so a canvas pixel divided
//! by `scale` is a page point in the same frame as the text layer's boxes.

use super::raster::GrayImage;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

/// A 2-D affine map in PDF's row-vector form `[a b c d e f]`: (x, y) -> (ax + cy + e, bx + dy + f).
pub type Matrix = [f32; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m` then `n` (PDF's `m × n`).
fn concat(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

fn invert(m: &Matrix) -> Option<Matrix> {
    let det = m[0] * m[3] - m[1] * m[2];
    if det.abs() < 1e-12 {
        return None;
    }
    let a = m[3] / det;
    let b = -m[1] / det;
    let c = -m[2] / det;
    let d = m[0] / det;
    let e = -(m[4] * a + m[5] * c);
    let f = -(m[4] * b + m[5] * d);
    Some([a, b, c, d, e, f])
}

/// A page's size and orientation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageGeometry {
    /// The visible box (CropBox, else MediaBox) in default user space: x0, y0, x1, y1.
    pub bbox: [f32; 4],
    /// `/Rotate`, normalised to 0, 90, 180 or 270 (clockwise).
    pub rotate: u32,
}

impl PageGeometry {
    /// Width in points after rotation.
    pub fn width(&self) -> f32 {
        let w = self.bbox[2] - self.bbox[0];
        let h = self.bbox[3] - self.bbox[1];
        if self.rotate % 180 == 90 {
            h
        } else {
            w
        }
    }

    /// Height in points after rotation.
    pub fn height(&self) -> f32 {
        let w = self.bbox[2] - self.bbox[0];
        let h = self.bbox[3] - self.bbox[1];
        if self.rotate % 180 == 90 {
            w
        } else {
            h
        }
    }

    /// Maps default user space (y up) to page points as displayed (top-left origin, y down).
    pub fn user_to_page(&self) -> Matrix {
        let [x0, _, _, y1] = self.bbox;
        let w = self.bbox[2] - self.bbox[0];
        let h = self.bbox[3] - self.bbox[1];
        // Unrotated top-left frame: X = x - x0, Y = y1 - y.
        let flip: Matrix = [1.0, 0.0, 0.0, -1.0, -x0, y1];
        // Then the display rotation, clockwise, in that y-down frame.
        let rot: Matrix = match self.rotate {
            90 => [0.0, 1.0, -1.0, 0.0, h, 0.0],
            180 => [-1.0, 0.0, 0.0, -1.0, w, h],
            270 => [0.0, -1.0, 1.0, 0.0, 0.0, w],
            _ => IDENTITY,
        };
        concat(&flip, &rot)
    }
}

fn inherited<'a>(doc: &'a Document, page_id: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut id = page_id;
    for _ in 0..32 {
        let dict = doc.get_dictionary(id).ok()?;
        if let Ok(v) = dict.get(key) {
            return doc.dereference(v).ok().map(|(_, o)| o);
        }
        id = dict.get(b"Parent").and_then(Object::as_reference).ok()?;
    }
    None
}

fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

fn rect(doc: &Document, o: &Object) -> Option<[f32; 4]> {
    let arr = o.as_array().ok()?;
    if arr.len() != 4 {
        return None;
    }
    let mut v = [0f32; 4];
    for (i, x) in arr.iter().enumerate() {
        v[i] = num(doc.dereference(x).ok()?.1)?;
    }
    let r = [
        v[0].min(v[2]),
        v[1].min(v[3]),
        v[0].max(v[2]),
        v[1].max(v[3]),
    ];
    (r[2] - r[0] > 1.0 && r[3] - r[1] > 1.0).then_some(r)
}

/// The geometry of a page; US Letter when the PDF gives no usable MediaBox.
pub fn page_geometry(doc: &Document, page_id: ObjectId) -> PageGeometry {
    let media = inherited(doc, page_id, b"MediaBox")
        .and_then(|o| rect(doc, o))
        .unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let bbox = inherited(doc, page_id, b"CropBox")
        .and_then(|o| rect(doc, o))
        .map(|c| {
            // A CropBox reaching outside the MediaBox is clipped to it.
            [
                c[0].max(media[0]),
                c[1].max(media[1]),
                c[2].min(media[2]),
                c[3].min(media[3]),
            ]
        })
        .filter(|c| c[2] - c[0] > 1.0 && c[3] - c[1] > 1.0)
        .unwrap_or(media);
    let rotate = inherited(doc, page_id, b"Rotate")
        .and_then(|o| o.as_i64().ok())
        .unwrap_or(0)
        .rem_euclid(360);
    let rotate = ((rotate + 45) / 90 * 90 % 360) as u32;
    PageGeometry { bbox, rotate }
}

/// Where an image's samples live.
#[derive(Debug, Clone)]
enum ImageSource {
    Object(ObjectId),
    Inline(Box<Stream>),
}

/// One image painted on a page: its source and the CTM mapping the unit square onto user space.
#[derive(Debug, Clone)]
pub struct ImagePlacement {
    source: ImageSource,
    /// Image space (unit square) to default user space.
    pub ctm: Matrix,
    /// Sample width in pixels.
    pub width: u32,
    /// Sample height in pixels.
    pub height: u32,
}

impl ImagePlacement {
    /// The image's area on the page in square points.
    pub fn area(&self) -> f32 {
        (self.ctm[0] * self.ctm[3] - self.ctm[1] * self.ctm[2]).abs()
    }

    /// Pixels per point along the image's axes (the larger of the two).
    pub fn pixels_per_point(&self) -> f32 {
        let lx = (self.ctm[0].powi(2) + self.ctm[1].powi(2)).sqrt();
        let ly = (self.ctm[2].powi(2) + self.ctm[3].powi(2)).sqrt();
        let sx = if lx > 0.0 {
            self.width as f32 / lx
        } else {
            0.0
        };
        let sy = if ly > 0.0 {
            self.height as f32 / ly
        } else {
            0.0
        };
        sx.max(sy)
    }
}

const MAX_FORM_DEPTH: usize = 8;

/// Every image the page paints, in painting order, with its placement. Images inside form
/// XObjects are included; patterns, annotations and soft masks are not.
pub fn page_image_placements(
    doc: &Document,
    page_id: ObjectId,
) -> Result<Vec<ImagePlacement>, String> {
    let content = doc
        .get_page_content_with_limit(page_id, 256 << 20)
        .map_err(|e| format!("cannot read content stream: {e}"))?;
    let resources = page_resources(doc, page_id);
    let mut out = Vec::new();
    walk(doc, &content, &resources, IDENTITY, 0, &mut out)?;
    Ok(out)
}

fn page_resources(doc: &Document, page_id: ObjectId) -> Dictionary {
    let mut merged = Dictionary::new();
    if let Ok((direct, ids)) = doc.get_page_resources(page_id) {
        let mut dicts: Vec<&Dictionary> = Vec::new();
        if let Some(d) = direct {
            dicts.push(d);
        }
        for id in ids {
            if let Ok(d) = doc.get_dictionary(id) {
                dicts.push(d);
            }
        }
        // Nearest first: keep the first definition of a name.
        for d in dicts {
            for (k, v) in d.iter() {
                if k.as_slice() == b"XObject" {
                    let Some(xd) = doc.dereference(v).ok().and_then(|(_, o)| o.as_dict().ok())
                    else {
                        continue;
                    };
                    let mut target = match merged.get(b"XObject") {
                        Ok(Object::Dictionary(existing)) => existing.clone(),
                        _ => Dictionary::new(),
                    };
                    for (name, obj) in xd.iter() {
                        if target.get(name).is_err() {
                            target.set(name.clone(), obj.clone());
                        }
                    }
                    merged.set("XObject", Object::Dictionary(target));
                }
            }
        }
    }
    merged
}

fn xobject_dict(doc: &Document, resources: &Dictionary) -> Option<Dictionary> {
    let v = resources.get(b"XObject").ok()?;
    doc.dereference(v)
        .ok()
        .and_then(|(_, o)| o.as_dict().ok())
        .cloned()
}

fn walk(
    doc: &Document,
    content: &[u8],
    resources: &Dictionary,
    base: Matrix,
    depth: usize,
    out: &mut Vec<ImagePlacement>,
) -> Result<(), String> {
    let ops = lopdf::content::Content::decode(content)
        .map_err(|e| format!("cannot parse content stream: {e}"))?;
    let xobjects = xobject_dict(doc, resources);
    let mut ctm = base;
    let mut stack: Vec<Matrix> = Vec::new();
    for op in &ops.operations {
        match op.operator.as_str() {
            "q" => stack.push(ctm),
            "Q" => ctm = stack.pop().unwrap_or(base),
            "cm" if op.operands.len() == 6 => {
                let mut m = [0f32; 6];
                let mut ok = true;
                for (i, o) in op.operands.iter().enumerate() {
                    match num(o) {
                        Some(v) => m[i] = v,
                        None => ok = false,
                    }
                }
                if ok {
                    ctm = concat(&m, &ctm);
                }
            }
            "Do" => {
                let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) else {
                    continue;
                };
                let Some(obj) = xobjects.as_ref().and_then(|x| x.get(name).ok()) else {
                    continue;
                };
                let Ok(id) = obj.as_reference() else {
                    continue;
                };
                let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
                    continue;
                };
                let subtype = stream
                    .dict
                    .get(b"Subtype")
                    .and_then(Object::as_name)
                    .unwrap_or(b"");
                if subtype == b"Image" {
                    let (w, h) = dims(doc, &stream.dict);
                    out.push(ImagePlacement {
                        source: ImageSource::Object(id),
                        ctm,
                        width: w,
                        height: h,
                    });
                } else if subtype == b"Form" && depth < MAX_FORM_DEPTH {
                    let matrix = stream
                        .dict
                        .get(b"Matrix")
                        .ok()
                        .and_then(|m| m.as_array().ok())
                        .filter(|a| a.len() == 6)
                        .and_then(|a| {
                            let mut m = [0f32; 6];
                            for (i, o) in a.iter().enumerate() {
                                m[i] = num(o)?;
                            }
                            Some(m)
                        })
                        .unwrap_or(IDENTITY);
                    let form_res = stream
                        .dict
                        .get(b"Resources")
                        .ok()
                        .and_then(|r| doc.dereference(r).ok())
                        .and_then(|(_, o)| o.as_dict().ok())
                        .cloned()
                        .unwrap_or_else(|| resources.clone());
                    let data = stream
                        .decompressed_content()
                        .unwrap_or_else(|_| stream.content.clone());
                    walk(doc, &data, &form_res, concat(&matrix, &ctm), depth + 1, out)?;
                }
            }
            "BI" => {
                if let Some(Object::Stream(s)) = op.operands.first() {
                    let (w, h) = dims(doc, &s.dict);
                    out.push(ImagePlacement {
                        source: ImageSource::Inline(Box::new(s.clone())),
                        ctm,
                        width: w,
                        height: h,
                    });
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn get2<'a>(doc: &'a Document, d: &'a Dictionary, long: &[u8], short: &[u8]) -> Option<&'a Object> {
    let v = d.get(long).or_else(|_| d.get(short)).ok()?;
    doc.dereference(v).ok().map(|(_, o)| o)
}

fn dims(doc: &Document, d: &Dictionary) -> (u32, u32) {
    let w = get2(doc, d, b"Width", b"W")
        .and_then(|o| o.as_i64().ok())
        .unwrap_or(0);
    let h = get2(doc, d, b"Height", b"H")
        .and_then(|o| o.as_i64().ok())
        .unwrap_or(0);
    (
        w.clamp(0, u32::MAX as i64) as u32,
        h.clamp(0, u32::MAX as i64) as u32,
    )
}

/// Refuse images bigger than this many samples (rules/limits.toml `image.max_pixels`).
fn max_image_pixels() -> u64 {
    crate::limits::limits().image.max_pixels
}

/// The pixel cap applied to a size an image declares (`what`: where the size was read).
fn check_pixels(w: u64, h: u64, what: &str) -> Result<(), String> {
    let cap = max_image_pixels();
    if w.saturating_mul(h) > cap {
        return Err(format!(
            "image is {w}x{h} pixels ({what}), over the {cap}-pixel limit"
        ));
    }
    Ok(())
}

/// A decoded image: greyscale samples, and whether it is a stencil mask (paint only its ink).
pub struct DecodedImage {
    /// The samples, 0 = black.
    pub image: GrayImage,
    /// A stencil mask (`/ImageMask true`): white samples are transparent.
    pub stencil: bool,
}

/// Decodes one placed image to greyscale.
pub fn decode_placement(doc: &Document, p: &ImagePlacement) -> Result<DecodedImage, String> {
    match &p.source {
        ImageSource::Object(id) => {
            let stream = doc
                .get_object(*id)
                .and_then(Object::as_stream)
                .map_err(|e| format!("image object {} {}: {e}", id.0, id.1))?;
            decode_image(doc, stream).map_err(|e| format!("image object {} {}: {e}", id.0, id.1))
        }
        ImageSource::Inline(s) => decode_image(doc, s).map_err(|e| format!("inline image: {e}")),
    }
}

fn filter_name(n: &[u8]) -> &[u8] {
    match n {
        b"AHx" => b"ASCIIHexDecode",
        b"A85" => b"ASCII85Decode",
        b"LZW" => b"LZWDecode",
        b"Fl" => b"FlateDecode",
        b"RL" => b"RunLengthDecode",
        b"CCF" => b"CCITTFaxDecode",
        b"DCT" => b"DCTDecode",
        other => other,
    }
}

/// Decodes an image XObject's (or inline image's) samples to greyscale.
pub fn decode_image(doc: &Document, stream: &Stream) -> Result<DecodedImage, String> {
    let d = &stream.dict;
    let (w, h) = dims(doc, d);
    if w == 0 || h == 0 {
        return Err("image has no width or height".into());
    }
    check_pixels(w as u64, h as u64, "from the image dictionary")?;
    let stencil = get2(doc, d, b"ImageMask", b"IM")
        .and_then(|o| o.as_bool().ok())
        .unwrap_or(false);
    let filters: Vec<Vec<u8>> = match get2(doc, d, b"Filter", b"F") {
        Some(Object::Name(n)) => vec![filter_name(n).to_vec()],
        Some(Object::Array(a)) => a
            .iter()
            .filter_map(|o| o.as_name().ok())
            .map(|n| filter_name(n).to_vec())
            .collect(),
        _ => Vec::new(),
    };
    let parms_all = get2(doc, d, b"DecodeParms", b"DP");
    let parms_at = |i: usize| -> Option<&Dictionary> {
        match parms_all {
            Some(Object::Array(a)) => a
                .get(i)
                .and_then(|o| doc.dereference(o).ok())
                .and_then(|(_, o)| o.as_dict().ok()),
            Some(Object::Dictionary(p)) => Some(p),
            _ => None,
        }
    };
    let codec_idx = filters.iter().position(|f| {
        matches!(
            f.as_slice(),
            b"DCTDecode" | b"JPXDecode" | b"CCITTFaxDecode" | b"JBIG2Decode"
        )
    });
    // Generic (byte-level) filters before the image codec: let lopdf undo them. Raw samples
    // may not decompress past the size the dictionary declares (plus a PNG predictor byte a
    // row and some slack); compressed codec data is bounded by the pixel cap.
    let generic_end = codec_idx.unwrap_or(filters.len());
    let out_limit = if codec_idx.is_none() {
        let bpc = get2(doc, d, b"BitsPerComponent", b"BPC")
            .and_then(|o| o.as_i64().ok())
            .unwrap_or(8)
            .clamp(1, 16) as u64;
        let row = (w as u64 * 4 * bpc).div_ceil(8);
        row.saturating_mul(h as u64) + h as u64 + (1 << 16)
    } else {
        max_image_pixels()
    };
    let bytes: Vec<u8> = if generic_end == 0 {
        stream.content.clone()
    } else {
        let mut s = Stream::new(Dictionary::new(), stream.content.clone());
        let names: Vec<Object> = filters[..generic_end]
            .iter()
            .map(|f| Object::Name(f.clone()))
            .collect();
        s.dict.set("Filter", Object::Array(names));
        let parms: Vec<Object> = (0..generic_end)
            .map(|i| {
                parms_at(i)
                    .map(|p| Object::Dictionary(p.clone()))
                    .unwrap_or(Object::Null)
            })
            .collect();
        s.dict.set("DecodeParms", Object::Array(parms));
        s.decompressed_content_with_limit(out_limit as usize)
            .map_err(|e| {
                format!("cannot decompress image data within its declared {w}x{h} size: {e}")
            })?
    };
    let invert = decode_inverts(doc, d, stencil);
    // The memory this decode needs, reserved from the budget all page threads share before
    // anything is allocated; held until the image is dropped by the caller's loop.
    let mut image = match codec_idx.map(|i| filters[i].as_slice()) {
        Some(b"DCTDecode") => decode_jpeg(&bytes, (w, h))?,
        Some(b"CCITTFaxDecode") => decode_ccitt(&bytes, w, h, codec_idx.and_then(parms_at))?,
        Some(b"JPXDecode") => {
            return Err("JPEG 2000 (JPXDecode) images are not supported; convert the scan to JPEG or PNG-in-PDF (e.g. with img2pdf) and retry".into())
        }
        Some(b"JBIG2Decode") => {
            return Err("JBIG2 images are not supported; re-save the scan with CCITT G4, JPEG or Flate compression".into())
        }
        Some(_) => unreachable!("codec_idx only points at codecs"),
        None => {
            if stencil {
                unpack_raw(doc, d, &bytes, w, h, Some(1), &Object::Name(b"DeviceGray".to_vec()))?
            } else {
                let cs = get2(doc, d, b"ColorSpace", b"CS")
                    .cloned()
                    .unwrap_or(Object::Name(b"DeviceGray".to_vec()));
                unpack_raw(doc, d, &bytes, w, h, None, &cs)?
            }
        }
    };
    if image.width != w as usize || image.height != h as usize {
        // Trust the codec's size over the dictionary's, but refuse nonsense.
        if image.width == 0 || image.height == 0 {
            return Err("decoder returned an empty image".into());
        }
    }
    if invert {
        image.data.iter_mut().for_each(|v| *v = 255 - *v);
    }
    Ok(DecodedImage { image, stencil })
}

/// True when the /Decode array swaps black and white ([1 0]); for stencil masks the default
/// [0 1] means "paint where 0", which our 0 = ink convention already matches.
fn decode_inverts(doc: &Document, d: &Dictionary, _stencil: bool) -> bool {
    get2(doc, d, b"Decode", b"D")
        .and_then(|o| o.as_array().ok())
        .and_then(|a| Some((num(a.first()?)?, num(a.get(1)?)?)))
        .map(|(lo, hi)| lo > hi)
        .unwrap_or(false)
}

fn decode_jpeg(bytes: &[u8], (dw, dh): (u32, u32)) -> Result<GrayImage, String> {
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let opts = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::Luma)
        .set_max_width(1 << 16)
        .set_max_height(1 << 16)
        .set_strict_mode(false);
    let mut dec = zune_jpeg::JpegDecoder::new_with_options(std::io::Cursor::new(bytes), opts);
    // The size the JPEG itself declares (its SOF header), checked before the decoder
    // allocates for it: the dictionary's /Width and /Height may say 100x100 over a
    // 65000x65000 frame (issue 13: 4 GB per page).
    dec.decode_headers()
        .map_err(|e| format!("cannot decode JPEG (DCTDecode): {e:?}"))?;
    let info = dec.info().ok_or("JPEG without a header")?;
    let (jw, jh) = (info.width as u64, info.height as u64);
    check_pixels(
        jw,
        jh,
        &format!("from its JPEG header; the image dictionary says {dw}x{dh}"),
    )?;
    // The decoder keeps every component of the frame besides the luma it returns.
    let comps = u64::from(info.components.max(1));
    let _held = crate::limits::reserve_image(jw * jh * (comps + 1))?;
    let data = dec
        .decode()
        .map_err(|e| format!("cannot decode JPEG (DCTDecode): {e:?}"))?;
    let info = dec.info().ok_or("JPEG without a header")?;
    let (w, h) = (info.width as usize, info.height as usize);
    let comps = data.len().checked_div(w * h).unwrap_or(0);
    if comps == 0 {
        return Err("JPEG decoded to no samples".into());
    }
    let data = if comps == 1 {
        data
    } else {
        // Luma was asked for; if a colour model (e.g. CMYK) was left as is, reduce it here.
        data.chunks_exact(comps)
            .map(|p| match comps {
                3 => luma(p[0], p[1], p[2]),
                4 => cmyk_gray(p[0], p[1], p[2], p[3]),
                _ => p[0],
            })
            .collect()
    };
    Ok(GrayImage {
        width: w,
        height: h,
        data,
    })
}

fn decode_ccitt(bytes: &[u8], w: u32, h: u32, p: Option<&Dictionary>) -> Result<GrayImage, String> {
    let geti = |k: &[u8], def: i64| {
        p.and_then(|d| d.get(k).ok())
            .and_then(|o| o.as_i64().ok())
            .unwrap_or(def)
    };
    let getb = |k: &[u8]| {
        p.and_then(|d| d.get(k).ok())
            .and_then(|o| o.as_bool().ok())
            .unwrap_or(false)
    };
    let k = geti(b"K", 0);
    let columns = geti(b"Columns", 1728).clamp(1, u32::MAX as i64) as u32;
    let rows = geti(b"Rows", h as i64).clamp(0, u32::MAX as i64) as u32;
    // Fax data carries no size of its own: the parameters' Columns x Rows is what gets
    // allocated, so that is what the cap applies to; without Rows, lines stop at the cap.
    check_pixels(
        columns as u64,
        rows as u64,
        "from its CCITT Columns and Rows",
    )?;
    let max_lines = if rows > 0 {
        rows as u64
    } else {
        max_image_pixels() / columns as u64
    };
    let _held = crate::limits::reserve_image(columns as u64 * max_lines.max(1))?;
    let black_is_1 = getb(b"BlackIs1");
    let width = columns;
    let mut data: Vec<u8> = Vec::with_capacity(width as usize * rows.max(1) as usize);
    let mut lines = 0u32;
    let mut push_line = |transitions: &[u32]| {
        if lines as u64 >= max_lines {
            return;
        }
        for c in fax::decoder::pels(transitions, width) {
            data.push(if c == fax::Color::Black { 0 } else { 255 });
        }
        lines += 1;
    };
    let ok = if k < 0 {
        fax::decoder::decode_g4(
            bytes.iter().copied(),
            width,
            Some(rows.max(1)),
            &mut push_line,
        )
    } else {
        fax::decoder::decode_g3(bytes.iter().copied(), &mut push_line)
    };
    if ok.is_none() && lines == 0 {
        return Err(format!(
            "cannot decode CCITT fax data (K={k}{})",
            if k > 0 {
                ", mixed 1-D/2-D coding is not supported"
            } else {
                ""
            }
        ));
    }
    let height =
        (data.len() / width as usize).min(if rows > 0 { rows as usize } else { usize::MAX });
    data.truncate(height * width as usize);
    if height == 0 {
        return Err("CCITT fax data decoded to no lines".into());
    }
    if black_is_1 {
        // The decoder reports code colours; BlackIs1 means 1-bits (our "white") are black.
        data.iter_mut().for_each(|v| *v = 255 - *v);
    }
    let _ = w;
    Ok(GrayImage {
        width: width as usize,
        height,
        data,
    })
}

#[inline]
fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((r as u32 * 299 + g as u32 * 587 + b as u32 * 114) / 1000) as u8
}

#[inline]
fn cmyk_gray(c: u8, m: u8, y: u8, k: u8) -> u8 {
    let ink = (c as u32 * 30 + m as u32 * 59 + y as u32 * 11) / 100 + k as u32;
    255u32.saturating_sub(ink) as u8
}

/// How a colour space turns samples into grey.
enum Space {
    Gray,
    Rgb,
    Cmyk,
    /// One tint component where 1 = full ink (Separation, DeviceN with one colourant).
    Tint,
    /// Lab: the L channel.
    Lab,
    Indexed {
        lut: Vec<u8>,
    },
}

impl Space {
    fn components(&self) -> usize {
        match self {
            Space::Gray | Space::Tint | Space::Indexed { .. } => 1,
            Space::Rgb | Space::Lab => 3,
            Space::Cmyk => 4,
        }
    }
}

fn parse_space(doc: &Document, cs: &Object, depth: usize) -> Result<Space, String> {
    if depth > 4 {
        return Err("colour space nested too deeply".into());
    }
    let cs = doc.dereference(cs).map(|(_, o)| o).unwrap_or(cs);
    match cs {
        Object::Name(n) => match n.as_slice() {
            b"DeviceGray" | b"G" | b"CalGray" => Ok(Space::Gray),
            b"DeviceRGB" | b"RGB" | b"CalRGB" => Ok(Space::Rgb),
            b"DeviceCMYK" | b"CMYK" => Ok(Space::Cmyk),
            other => Err(format!(
                "unsupported colour space /{}",
                String::from_utf8_lossy(other)
            )),
        },
        Object::Array(a) => {
            let family = a.first().and_then(|o| o.as_name().ok()).unwrap_or(b"");
            match family {
                b"CalGray" => Ok(Space::Gray),
                b"CalRGB" => Ok(Space::Rgb),
                b"Lab" => Ok(Space::Lab),
                b"ICCBased" => {
                    let n = a
                        .get(1)
                        .and_then(|o| doc.dereference(o).ok())
                        .and_then(|(_, o)| o.as_stream().ok())
                        .and_then(|s| s.dict.get(b"N").ok().and_then(|n| n.as_i64().ok()))
                        .unwrap_or(3);
                    Ok(match n {
                        1 => Space::Gray,
                        4 => Space::Cmyk,
                        _ => Space::Rgb,
                    })
                }
                b"Separation" => Ok(Space::Tint),
                b"DeviceN" => {
                    let n = a
                        .get(1)
                        .and_then(|o| doc.dereference(o).ok())
                        .and_then(|(_, o)| o.as_array().ok())
                        .map(|v| v.len())
                        .unwrap_or(0);
                    if n == 1 {
                        Ok(Space::Tint)
                    } else {
                        Err(format!(
                            "unsupported DeviceN colour space with {n} colourants"
                        ))
                    }
                }
                b"Indexed" | b"I" => {
                    let base =
                        parse_space(doc, a.get(1).ok_or("Indexed without base")?, depth + 1)?;
                    let lookup = a
                        .get(3)
                        .and_then(|o| doc.dereference(o).ok())
                        .map(|(_, o)| o)
                        .ok_or("Indexed without lookup table")?;
                    let table: Vec<u8> = match lookup {
                        Object::String(s, _) => s.clone(),
                        Object::Stream(s) => s
                            .decompressed_content()
                            .unwrap_or_else(|_| s.content.clone()),
                        _ => return Err("Indexed lookup table of an unexpected type".into()),
                    };
                    let nc = base.components();
                    let lut: Vec<u8> = (0..256)
                        .map(|i| {
                            let p = table.get(i * nc..i * nc + nc);
                            match p {
                                Some(p) => gray_of(&base, p),
                                None => 255,
                            }
                        })
                        .collect();
                    Ok(Space::Indexed { lut })
                }
                other => Err(format!(
                    "unsupported colour space /{}",
                    String::from_utf8_lossy(other)
                )),
            }
        }
        _ => Err("colour space of an unexpected type".into()),
    }
}

fn gray_of(space: &Space, p: &[u8]) -> u8 {
    match space {
        Space::Gray => p[0],
        Space::Rgb => luma(p[0], p[1], p[2]),
        Space::Cmyk => cmyk_gray(p[0], p[1], p[2], p[3]),
        Space::Tint => 255 - p[0],
        Space::Lab => p[0],
        Space::Indexed { lut, .. } => lut[p[0] as usize],
    }
}

fn unpack_raw(
    doc: &Document,
    d: &Dictionary,
    bytes: &[u8],
    w: u32,
    h: u32,
    bpc_override: Option<u32>,
    cs: &Object,
) -> Result<GrayImage, String> {
    let space = parse_space(doc, cs, 0)?;
    let bpc = bpc_override.unwrap_or_else(|| {
        get2(doc, d, b"BitsPerComponent", b"BPC")
            .and_then(|o| o.as_i64().ok())
            .unwrap_or(8) as u32
    });
    if !matches!(bpc, 1 | 2 | 4 | 8 | 16) {
        return Err(format!("unsupported BitsPerComponent {bpc}"));
    }
    let nc = space.components();
    let (w, h) = (w as usize, h as usize);
    let row_bytes = (w * nc * bpc as usize).div_ceil(8);
    if bytes.len() < row_bytes * h {
        // Short data is common in damaged files: decode what is there, pad with white.
        if bytes.len() < row_bytes {
            return Err(format!(
                "image data too short: {} bytes for {w}x{h} at {bpc} bits x {nc} components",
                bytes.len()
            ));
        }
    }
    let indexed = matches!(space, Space::Indexed { .. });
    let maxv = (1u32 << bpc.min(8)) - 1;
    let _held = crate::limits::reserve_image(w as u64 * h as u64)?;
    let mut out = GrayImage::white(w, h);
    let mut px = [0u8; 4];
    for y in 0..h {
        let Some(row) = bytes.get(y * row_bytes..(y + 1) * row_bytes) else {
            break;
        };
        for x in 0..w {
            for (c, slot) in px.iter_mut().enumerate().take(nc) {
                let i = x * nc + c;
                let v = match bpc {
                    8 => row[i] as u32,
                    16 => row[2 * i] as u32,
                    _ => {
                        let bit = i * bpc as usize;
                        let byte = row[bit / 8] as u32;
                        let shift = 8 - bpc as usize - (bit % 8);
                        (byte >> shift) & maxv
                    }
                };
                *slot = if indexed || bpc >= 8 {
                    v as u8
                } else {
                    (v * 255 / maxv) as u8
                };
            }
            out.data[y * w + x] = gray_of(&space, &px[..nc]);
        }
    }
    Ok(out)
}

/// A page's image content on a page-sized canvas.
#[derive(Debug, Clone)]
pub struct PageRaster {
    /// The canvas, page orientation, top-left origin.
    pub image: GrayImage,
    /// Canvas pixels per page point.
    pub scale: f32,
    /// Page width in points (after rotation).
    pub width_pt: f32,
    /// Page height in points (after rotation).
    pub height_pt: f32,
    /// Number of images painted on the page.
    pub image_count: usize,
    /// Share of the page area the largest image covers (0..1).
    pub coverage: f32,
    /// Images that could not be decoded (the page may still have others).
    pub failures: Vec<String>,
}

/// Refuse canvases bigger than this (memory guard; 200 dpi A3 is ~8 Mpx).
const MAX_CANVAS_PIXELS: f32 = 60_000_000.0;

/// The 1-based page's object id, or an error naming the page count.
pub fn page_id(doc: &Document, page_number: u32) -> Result<ObjectId, String> {
    let pages = doc.get_pages();
    pages.get(&page_number).copied().ok_or_else(|| {
        format!(
            "no page {page_number} (the document has {} pages)",
            pages.len()
        )
    })
}

/// The share of the page the largest image covers, 0 when it has no images; cheap (no decoding),
/// for deciding whether a page is a scan.
pub fn page_image_coverage(doc: &Document, page_number: u32) -> f32 {
    let Ok(id) = page_id(doc, page_number) else {
        return 0.0;
    };
    let geom = page_geometry(doc, id);
    let area = geom.width() * geom.height();
    page_image_placements(doc, id)
        .unwrap_or_default()
        .iter()
        .map(|p| p.area() / area)
        .fold(0.0, f32::max)
        .min(1.0)
}

/// Decodes the page's images and composes them onto a page-sized canvas at the resolution of
/// the largest one (so a one-image scan is copied pixel for pixel).
pub fn render_page_images(doc: &Document, page_number: u32) -> Result<PageRaster, String> {
    let id = page_id(doc, page_number)?;
    let geom = page_geometry(doc, id);
    let placements = page_image_placements(doc, id)?;
    let (wpt, hpt) = (geom.width(), geom.height());
    let page_area = wpt * hpt;
    // Tiny images (logos, bullets, specks) do not set the resolution.
    let largest = placements
        .iter()
        .filter(|p| p.width > 0 && p.height > 0)
        .max_by(|a, b| a.area().total_cmp(&b.area()))
        .ok_or("the page has no image to read (no text layer and no scan)")?;
    let coverage = (largest.area() / page_area).min(1.0);
    let mut scale = largest.pixels_per_point();
    if !(scale.is_finite() && scale > 0.0) {
        return Err("the page image has a degenerate placement".into());
    }
    let canvas_px = wpt * hpt * scale * scale;
    if canvas_px > MAX_CANVAS_PIXELS {
        scale *= (MAX_CANVAS_PIXELS / canvas_px).sqrt();
    }
    let cw = (wpt * scale).round().max(1.0) as usize;
    let ch = (hpt * scale).round().max(1.0) as usize;
    let mut canvas = GrayImage::white(cw, ch);
    let to_page = geom.user_to_page();
    let to_canvas: Matrix = [scale, 0.0, 0.0, scale, 0.0, 0.0];
    let mut failures = Vec::new();
    let mut painted = 0usize;
    for p in &placements {
        if p.width == 0 || p.height == 0 || p.area() < 1.0 {
            continue;
        }
        let dec = match decode_placement(doc, p) {
            Ok(d) => d,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        let img = &dec.image;
        // Pixel (i, j) (row 0 at the top) -> unit square (u, v) with v up.
        let px_to_unit: Matrix = [
            1.0 / img.width as f32,
            0.0,
            0.0,
            -1.0 / img.height as f32,
            0.0,
            1.0,
        ];
        let full = concat(&concat(&concat(&px_to_unit, &p.ctm), &to_page), &to_canvas);
        let Some(inv) = invert(&full) else {
            continue;
        };
        compose(&mut canvas, img, &full, &inv, dec.stencil);
        painted += 1;
    }
    if painted == 0 {
        return Err(if failures.is_empty() {
            "the page has no image to read (no text layer and no scan)".into()
        } else {
            failures.join("; ")
        });
    }
    Ok(PageRaster {
        image: canvas,
        scale,
        width_pt: wpt,
        height_pt: hpt,
        image_count: painted,
        coverage,
        failures,
    })
}

/// Paints `img` onto `canvas` through `full` (image pixel -> canvas pixel), `inv` its inverse.
fn compose(canvas: &mut GrayImage, img: &GrayImage, full: &Matrix, inv: &Matrix, stencil: bool) {
    let corners = [
        apply(full, 0.0, 0.0),
        apply(full, img.width as f32, 0.0),
        apply(full, 0.0, img.height as f32),
        apply(full, img.width as f32, img.height as f32),
    ];
    let minx = corners
        .iter()
        .map(|c| c.0)
        .fold(f32::MAX, f32::min)
        .floor()
        .max(0.0) as usize;
    let maxx = (corners.iter().map(|c| c.0).fold(f32::MIN, f32::max).ceil() as isize)
        .clamp(0, canvas.width as isize) as usize;
    let miny = corners
        .iter()
        .map(|c| c.1)
        .fold(f32::MAX, f32::min)
        .floor()
        .max(0.0) as usize;
    let maxy = (corners.iter().map(|c| c.1).fold(f32::MIN, f32::max).ceil() as isize)
        .clamp(0, canvas.height as isize) as usize;
    // One image pixel per canvas pixel, axis-aligned: copy samples exactly (no blur).
    let unit = |a: f32| (a.abs() - 1.0).abs() < 0.01;
    let exact = (inv[1].abs() < 1e-4 && inv[2].abs() < 1e-4 && unit(inv[0]) && unit(inv[3]))
        || (inv[0].abs() < 1e-4 && inv[3].abs() < 1e-4 && unit(inv[1]) && unit(inv[2]));
    let (iw, ih) = (img.width as f32, img.height as f32);
    for y in miny..maxy {
        let cy = y as f32 + 0.5;
        for x in minx..maxx {
            let cx = x as f32 + 0.5;
            let (sx, sy) = apply(inv, cx, cy);
            if sx < 0.0 || sy < 0.0 || sx >= iw || sy >= ih {
                continue;
            }
            let v = if exact {
                img.get(sx as usize, sy as usize)
            } else {
                img.sample_bilinear(sx - 0.5, sy - 0.5)
            };
            let dst = &mut canvas.data[y * canvas.width + x];
            if stencil {
                *dst = (*dst).min(v);
            } else {
                *dst = v;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotation_maps_corners_of_the_page() {
        let g = PageGeometry {
            bbox: [0.0, 0.0, 600.0, 800.0],
            rotate: 90,
        };
        assert_eq!((g.width(), g.height()), (800.0, 600.0));
        let m = g.user_to_page();
        // Top-left of the unrotated page (0, 800) shows at the top-right after a clockwise turn.
        let (x, y) = apply(&m, 0.0, 800.0);
        assert!((x - 800.0).abs() < 1e-3 && y.abs() < 1e-3, "{x},{y}");
        let g0 = PageGeometry {
            bbox: [10.0, 20.0, 610.0, 820.0],
            rotate: 0,
        };
        let (x, y) = apply(&g0.user_to_page(), 10.0, 820.0);
        assert!(x.abs() < 1e-3 && y.abs() < 1e-3);
        let g180 = PageGeometry {
            bbox: [0.0, 0.0, 600.0, 800.0],
            rotate: 180,
        };
        let (x, y) = apply(&g180.user_to_page(), 0.0, 800.0);
        assert!((x - 600.0).abs() < 1e-3 && (y - 800.0).abs() < 1e-3);
        let g270 = PageGeometry {
            bbox: [0.0, 0.0, 600.0, 800.0],
            rotate: 270,
        };
        let (x, y) = apply(&g270.user_to_page(), 0.0, 800.0);
        assert!(x.abs() < 1e-3 && (y - 600.0).abs() < 1e-3, "{x},{y}");
    }

    #[test]
    fn matrix_inverse_round_trips() {
        let m: Matrix = [2.0, 0.5, -0.3, 1.5, 10.0, -4.0];
        let inv = invert(&m).unwrap();
        let (x, y) = apply(&m, 3.0, 7.0);
        let (a, b) = apply(&inv, x, y);
        assert!((a - 3.0).abs() < 1e-4 && (b - 7.0).abs() < 1e-4);
    }

    #[test]
    fn raw_samples_unpack_at_low_bit_depths() {
        let doc = Document::with_version("1.5");
        let mut d = Dictionary::new();
        d.set("BitsPerComponent", 1);
        // 0b1010_0000: white, black, white, black.
        let img = unpack_raw(
            &doc,
            &d,
            &[0b1010_0000],
            4,
            1,
            None,
            &Object::Name(b"DeviceGray".to_vec()),
        )
        .unwrap();
        assert_eq!(img.data, vec![255, 0, 255, 0]);
    }
}
