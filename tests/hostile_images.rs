//! Issue 13 item 1: an image's size is taken from its decoder's own header and checked against
//! rules/limits.toml before anything is allocated (a PDF saying 100x100 over a 65000x65000
//! JPEG grew to 4 GB in 16 s).

mod common;

use lopdf::{dictionary, Document, Stream};
use renja::ingest::ocr::images;

/// A baseline greyscale JPEG of `w`x`h` whose blocks are all flat grey: one quantisation
/// table, one-code Huffman tables (DC difference 0, AC end of block), two bits a block. Only
/// the header matters for a frame too large to decode.
fn jpeg(w: u16, h: u16) -> Vec<u8> {
    let mut j = vec![0xFF, 0xD8];
    j.extend([0xFF, 0xDB, 0x00, 0x43, 0x00]);
    j.extend([1u8; 64]);
    j.extend([0xFF, 0xC0, 0x00, 0x0B, 0x08]);
    j.extend(h.to_be_bytes());
    j.extend(w.to_be_bytes());
    j.extend([0x01, 0x01, 0x11, 0x00]);
    for class in [0x00u8, 0x10] {
        j.extend([0xFF, 0xC4, 0x00, 0x14, class, 0x01]);
        j.extend([0u8; 15]);
        j.push(0x00);
    }
    j.extend([0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
    let blocks = (w as usize).div_ceil(8) * (h as usize).div_ceil(8);
    // Two zero bits a block, padded with ones.
    let bits = (blocks * 2).min(1 << 16);
    j.extend(std::iter::repeat_n(0x00, bits / 8));
    j.push(0xFF >> (bits % 8) as u32);
    if j.last() == Some(&0xFF) {
        j.push(0x00);
    }
    j.extend([0xFF, 0xD9]);
    j
}

/// A one-page PDF showing one DCT image whose dictionary says `dict` = (w, h).
fn pdf_with_jpeg(data: Vec<u8>, dict: (i64, i64)) -> Document {
    let img = Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => dict.0,
            "Height" => dict.1,
            "ColorSpace" => "DeviceGray",
            "BitsPerComponent" => 8,
            "Filter" => "DCTDecode",
        },
        data,
    );
    common::one_image_page(img, (500.0, 700.0), (500.0, 700.0), 0)
}

#[test]
fn the_handmade_jpeg_decodes_when_its_size_is_honest() {
    let doc = pdf_with_jpeg(jpeg(100, 100), (100, 100));
    let r = images::render_page_images(&doc, 1).expect("a valid 100x100 JPEG");
    assert_eq!(r.image_count, 1, "{:?}", r.failures);
}

#[test]
fn a_jpeg_header_larger_than_its_dictionary_is_refused_before_decoding() {
    let doc = pdf_with_jpeg(jpeg(65000, 65000), (100, 100));
    let err = images::render_page_images(&doc, 1).expect_err("refused");
    assert!(err.contains("65000x65000"), "{err}");
    assert!(err.contains("JPEG header"), "{err}");
    assert!(err.contains("says 100x100"), "{err}");
    assert!(err.contains("-pixel limit"), "{err}");
}

/// Through the CLI, the refusal is a per-page message naming the file and the page, and the
/// run ends (the whole file is ~300 bytes; before, it took 16 s and 4 GB).
#[test]
fn the_image_bomb_is_a_clear_page_message_from_the_cli() {
    let d = std::env::temp_dir().join(format!("renja-hostile-img-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let p = d.join("bomb.pdf");
    pdf_with_jpeg(jpeg(65000, 65000), (100, 100))
        .save(&p)
        .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_renja"))
        .args(["extract", "--ocr", "force", "--out"])
        .arg(d.join("o"))
        .arg(&p)
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let json = std::fs::read_dir(d.join("o"))
        .map(|r| {
            r.filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
                .collect::<String>()
        })
        .unwrap_or_default();
    let said = format!("{all}{json}");
    assert!(said.contains("65000x65000"), "{said}");
    assert!(said.contains("page 1"), "{said}");
    let _ = std::fs::remove_dir_all(&d);
}
