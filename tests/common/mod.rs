//! Helpers shared by the integration tests that build PDFs by hand.
// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use lopdf::{dictionary, Document, Object, Stream};

/// A one-page PDF of `media` = (w, h) points with the given `/Rotate`, whose page shows the
/// image XObject `image` scaled to `place` = (w, h) points at the origin.
pub fn one_image_page(
    image: Stream,
    place: (f32, f32),
    media: (f32, f32),
    rotate: i64,
) -> Document {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let img_id = doc.add_object(image);
    let content = format!("q {} 0 0 {} 0 0 cm /Im0 Do Q", place.0, place.1);
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), Object::Real(media.0), Object::Real(media.1)],
        "Rotate" => rotate,
        "Contents" => content_id,
        "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => img_id } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc
}

/// A Flate-compressed 8-bit DeviceGray image XObject of `width` x `height` pixels.
pub fn gray_image(width: usize, height: usize, pixels: Vec<u8>) -> Stream {
    let mut stream = Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => width as i64,
            "Height" => height as i64,
            "ColorSpace" => "DeviceGray",
            "BitsPerComponent" => 8,
        },
        pixels,
    );
    stream.compress().expect("Flate compression of an image");
    stream
}
