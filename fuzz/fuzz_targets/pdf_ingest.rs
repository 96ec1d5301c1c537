//! The PDF parser and the whole ingest path on arbitrary bytes: a file on disk, as users give.
#![no_main]
use libfuzzer_sys::fuzz_target;
use renja::pipeline::{extract_file, ExtractOptions, OcrMode};

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.pdf");
    std::fs::write(&path, data).unwrap();
    let opts = ExtractOptions { ocr: OcrMode::Off, ..Default::default() };
    // extract_file turns a panic into IngestError::Internal; the fuzzer must see it as a crash.
    if let Err(e @ renja::ingest::IngestError::Internal { .. }) = extract_file(&path, &opts) {
        panic!("{e}");
    }
});
