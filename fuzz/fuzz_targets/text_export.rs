//! The text-export reader and every check on what it reads.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = renja::ingest::textexport::parse_text_export("fuzz.txt", &text);
    let _ = renja::report::check_document(&doc);
});
