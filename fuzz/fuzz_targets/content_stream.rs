//! The content-stream interpreter: the input is the one page's content stream of a valid PDF
//! with a standard font, so the fuzzer spends its time in the operators, not the file syntax.
#![no_main]
use libfuzzer_sys::fuzz_target;
use lopdf::{dictionary, Document, Object, Stream};
use renja::pipeline::{extract_file, ExtractOptions, OcrMode};

fuzz_target!(|data: &[u8]| {
    let mut doc = Document::with_version("1.5");
    let pages = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let content = doc.add_object(Stream::new(dictionary! {}, data.to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
    });
    doc.objects.insert(pages, Object::Dictionary(dictionary! {
        "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
    }));
    let cat = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", cat);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.pdf");
    doc.save(&path).unwrap();
    let opts = ExtractOptions { ocr: OcrMode::Off, ..Default::default() };
    if let Err(e @ renja::ingest::IngestError::Internal { .. }) = extract_file(&path, &opts) {
        panic!("{e}");
    }
});
