//! Issue 13 item 7: a partly stale cross-reference table (objects at other offsets than it
//! says, as incremental saves and bad uploads leave) lost all text; the object table is now
//! rebuilt by scanning the file, with a warning saying so.

use renja::ingest::pdf::{PdfFile, PdfOptions};

fn text_of(path: &std::path::Path) -> (String, Vec<String>) {
    let pdf = PdfFile::open(path, &PdfOptions::default()).expect("opens");
    let mut text = String::new();
    for n in 1..=pdf.page_count() {
        if let Ok(p) = pdf.page(n) {
            for w in &p.words {
                text.push_str(&w.text);
                text.push(' ');
            }
        }
    }
    (text, pdf.warnings().to_vec())
}

#[test]
fn shifted_objects_are_found_by_scanning_and_their_text_is_read() {
    let src = format!(
        "{}/tests/fixtures/ocr_textonly.pdf",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&src).unwrap();
    let d = std::env::temp_dir().join(format!("renja-hostile-xref-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let (want, _) = text_of(std::path::Path::new(&src));
    assert!(want.contains("INDIKATOR"), "{want}");
    // A comment after the header line moves every object; `startxref` is mended so the
    // table itself is still found and reads, but every offset in it is now stale.
    let at = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
    let junk = b"% inserted by a careless upload tool\n";
    let mut shifted = bytes[..at].to_vec();
    shifted.extend_from_slice(junk);
    shifted.extend_from_slice(&bytes[at..]);
    let sx = shifted
        .windows(9)
        .rposition(|w| w == b"startxref")
        .expect("startxref");
    let tail = String::from_utf8_lossy(&shifted[sx + 9..]).into_owned();
    let old: usize = tail.split_whitespace().next().unwrap().parse().unwrap();
    let mut mended = shifted[..sx].to_vec();
    mended.extend_from_slice(format!("startxref\n{}\n%%EOF\n", old + junk.len()).as_bytes());
    let shifted = mended;
    let p = d.join("stale.pdf");
    std::fs::write(&p, &shifted).unwrap();
    let (got, warnings) = text_of(&p);
    assert_eq!(got, want, "the same text as the intact file");
    assert!(
        warnings.iter().any(|w| w.contains("rebuilt")),
        "says the table was rebuilt: {warnings:?}"
    );
    // Offsets that land on other, intact objects (two entries swapped): lopdf takes the
    // table at its word; the check of every offset against its object's header catches it.
    let xref = 1 + bytes
        .windows(6)
        .rposition(|w| w == b"\nxref\n")
        .expect("xref table");
    let body = String::from_utf8_lossy(&bytes[xref..]).into_owned();
    let lines: Vec<&str> = body.lines().collect();
    let entries: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].len() >= 18 && lines[i].trim_end().ends_with(" n"))
        .collect();
    let (a, b) = (entries[1], entries[2]);
    let mut swapped: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    swapped.swap(a, b);
    let mut out = bytes[..xref].to_vec();
    out.extend_from_slice((swapped.join("\n") + "\n").as_bytes());
    let p2 = d.join("swapped.pdf");
    std::fs::write(&p2, &out).unwrap();
    let (got, warnings) = text_of(&p2);
    assert_eq!(got, want, "the same text as the intact file");
    assert!(
        warnings.iter().any(|w| w.contains("stale xref")),
        "says the table was stale: {warnings:?}"
    );
    let _ = std::fs::remove_dir_all(&d);
}
