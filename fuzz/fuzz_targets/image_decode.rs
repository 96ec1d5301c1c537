//! The image decoders (DCT, CCITT, Flate and raw samples): the first bytes choose the filter
//! and the dictionary's size, the rest is the stream, so declared and real sizes disagree.
#![no_main]
use libfuzzer_sys::fuzz_target;
use lopdf::{dictionary, Document, Stream};

const FILTERS: &[&str] = &["DCTDecode", "CCITTFaxDecode", "FlateDecode", ""];

fuzz_target!(|data: &[u8]| {
    if data.len() < 6 {
        return;
    }
    let w = u16::from_le_bytes([data[1], data[2]]) as i64;
    let h = u16::from_le_bytes([data[3], data[4]]) as i64;
    let bpc = [1i64, 8][(data[5] & 1) as usize];
    let mut dict = dictionary! {
        "Type" => "XObject", "Subtype" => "Image", "Width" => w, "Height" => h,
        "ColorSpace" => ["DeviceGray", "DeviceRGB", "DeviceCMYK"][(data[5] as usize >> 1) % 3],
        "BitsPerComponent" => bpc,
    };
    let f = FILTERS[data[0] as usize % FILTERS.len()];
    if !f.is_empty() {
        dict.set("Filter", f);
    }
    if f == "CCITTFaxDecode" {
        dict.set("DecodeParms", dictionary! { "K" => -1, "Columns" => w, "Rows" => h });
    }
    let doc = Document::with_version("1.5");
    let stream = Stream::new(dict, data[6..].to_vec());
    let _ = renja::ingest::ocr::images::decode_image(&doc, &stream);
});
