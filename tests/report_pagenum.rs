//! The page number as printed on the page travels with every finding beside the PDF page
//! index: read from the samples' footers, and from a sample whose printed numbers are made to
//! run ahead of the PDF's page index (a cover and a roman-numbered front matter before it).

use lopdf::{dictionary, Document, Object, Stream};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tmp(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("renja_pagenum_{tag}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn extract(p: &Path) -> renja::extracted::Document {
    renja::pipeline::extract_file(p, &renja::pipeline::ExtractOptions::default()).unwrap()
}

/// Banjar (LibreOffice from Word) prints `Halaman N` centred at the foot of every page.
#[test]
fn banjar_footers_are_read() {
    let doc = extract(&root().join("samples/002_banjar_word.pdf"));
    for p in [1u32, 2, 3, 10, 21] {
        assert_eq!(
            doc.printed_pages.get(&p).map(String::as_str),
            Some(p.to_string().as_str()),
            "page {p}: {:?}",
            doc.printed_pages
        );
    }
    // SIPD prints no page numbers: nothing is made up from the table's numbers at the foot.
    let serang = extract(&root().join("samples/000_serang_sipd.pdf"));
    assert!(
        serang.printed_pages.is_empty(),
        "{:?}",
        serang.printed_pages
    );
}

/// The printed footer of PDF page `n` in the stamped copy: roman numerals on the first two
/// pages, then arabic numbers two ahead of the PDF index.
fn stamp_of(n: u32) -> String {
    match n {
        1 => "- i -".into(),
        2 => "- ii -".into(),
        n => format!("Halaman {}", n + 2),
    }
}

/// A copy of `src` with a footer drawn at the foot of every page in Helvetica.
fn stamp_footers(src: &Path, dst: &Path) {
    let mut doc = Document::load(src).unwrap();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let pages: Vec<(u32, lopdf::ObjectId)> = doc.get_pages().into_iter().collect();
    // The page's own content may leave its graphics state transformed: it is wrapped in q/Q so
    // the footer is drawn in page space.
    let open = doc.add_object(Stream::new(dictionary! {}, b"q".to_vec()));
    let close = doc.add_object(Stream::new(dictionary! {}, b"Q".to_vec()));
    for (n, id) in pages {
        let footer = format!("BT /RjPn 9 Tf 400 14 Td ({}) Tj ET", stamp_of(n));
        let fid = doc.add_object(Stream::new(dictionary! {}, footer.into_bytes()));
        let page = doc.get_object(id).unwrap().as_dict().unwrap().clone();
        let mut contents = vec![Object::Reference(open)];
        match page.get(b"Contents").unwrap() {
            Object::Array(a) => contents.extend(a.iter().cloned()),
            other => contents.push(other.clone()),
        }
        contents.push(Object::Reference(close));
        contents.push(Object::Reference(fid));
        // The page's resources, resolved and copied onto the page with the footer's font added.
        let mut res = match page.get(b"Resources").unwrap() {
            Object::Reference(r) => doc.get_object(*r).unwrap().as_dict().unwrap().clone(),
            Object::Dictionary(d) => d.clone(),
            other => panic!("resources {other:?}"),
        };
        let mut fonts = match res.get(b"Font") {
            Ok(Object::Reference(r)) => doc.get_object(*r).unwrap().as_dict().unwrap().clone(),
            Ok(Object::Dictionary(d)) => d.clone(),
            _ => lopdf::Dictionary::new(),
        };
        fonts.set("RjPn", Object::Reference(font));
        res.set("Font", Object::Dictionary(fonts));
        let page = doc.get_object_mut(id).unwrap().as_dict_mut().unwrap();
        page.set("Contents", Object::Array(contents));
        page.set("Resources", Object::Dictionary(res));
    }
    doc.save(dst).unwrap();
}

#[test]
fn printed_numbers_offset_from_the_pdf_index_reach_every_finding_record() {
    let out = tmp("offset");
    let pdf = out.join("serang_numbered.pdf");
    stamp_footers(&root().join("samples/000_serang_sipd_mut.pdf"), &pdf);
    let doc = extract(&pdf);
    for p in 1..=doc.pages {
        assert_eq!(
            doc.printed_pages.get(&p).cloned(),
            Some(stamp_of(p).trim_matches([' ', '-']).replace("Halaman ", "")),
            "page {p}"
        );
    }
    let o = Command::new(env!("CARGO_BIN_EXE_renja"))
        .arg("check")
        .arg(&pdf)
        .arg("--out")
        .arg(out.join("o"))
        .arg("--report")
        .arg(out.join("r"))
        .arg("--xlsx")
        .arg(out.join("w.xlsx"))
        .output()
        .unwrap();
    assert!(o.status.code().is_some_and(|c| c < 2), "{o:?}");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("o/findings.json")).unwrap())
            .unwrap();
    let rows = v.as_array().unwrap();
    let mut with_cell = 0;
    for f in rows {
        let page = f["cell_page"].as_u64().or(f["page"].as_u64()).unwrap() as u32;
        if page == 0 {
            continue;
        }
        let want = if page > 2 {
            (page + 2).to_string()
        } else {
            ["i", "ii"][page as usize - 1].to_string()
        };
        assert_eq!(f["printed_page"].as_str(), Some(want.as_str()), "{f}");
        with_cell += usize::from(f["cell_page"].is_u64());
    }
    assert!(with_cell >= 4, "the planted cell findings");
    // The CSV names the column; the HTML shows it beside the link to the PDF page.
    let csv = std::fs::read_to_string(out.join("o/findings.csv")).unwrap();
    assert!(csv.lines().next().unwrap().contains("printed_page"));
    let html = std::fs::read_to_string(out.join("r/serang_numbered.pdf.html")).unwrap();
    let first_cell = rows.iter().find(|f| f["cell_page"].is_u64()).unwrap();
    let p = first_cell["cell_page"].as_u64().unwrap();
    assert!(
        html.contains(&format!(
            "Hal. tercetak: {}</small>",
            first_cell["printed_page"].as_str().unwrap()
        )),
        "page {p}"
    );
    // The workbook's findings sheet carries it as a number where it is one.
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(out.join("w.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Temuan").unwrap();
    let head: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = head
        .iter()
        .position(|h| h == "Hal. tercetak")
        .expect("column");
    let values: Vec<&Data> = sheet.rows().skip(1).map(|r| &r[col]).collect();
    assert!(
        values
            .iter()
            .any(|d| matches!(d, Data::Float(x) if *x > 4.0)),
        "{values:?}"
    );
}
