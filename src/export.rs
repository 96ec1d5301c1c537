//! Writers for extracted tables: one JSON per document (the format the scorer and downstream
//! tools read) and, on request, one CSV per table.

use crate::extracted::{Cell, Document, Table};
use serde::Serialize;
use std::io;
use std::path::{Path, PathBuf};

/// Output format of `renja extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One `<name>.json` per document.
    Json,
    /// One `<name>_tNN.csv` per table (header rows first), plus the JSON.
    Csv,
}

#[derive(Serialize)]
struct JsonTable<'a> {
    page: u32,
    last_page: u32,
    title: &'a str,
    header_rows: Vec<Vec<&'a str>>,
    rows: Vec<Vec<&'a str>>,
    row_pages: Vec<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cells: Option<Vec<Vec<&'a Cell>>>,
}

#[derive(Serialize)]
struct JsonDoc<'a> {
    document: &'a str,
    pages: u32,
    tables: Vec<JsonTable<'a>>,
    warnings: &'a [String],
}

fn texts(cells: &[Cell]) -> Vec<&str> {
    cells.iter().map(|c| c.text.as_str()).collect()
}

fn json_table(t: &Table, with_cells: bool) -> JsonTable<'_> {
    JsonTable {
        page: t.page,
        last_page: t.last_page,
        title: &t.title,
        header_rows: t.header_rows.iter().map(|r| texts(r)).collect(),
        rows: t.rows.iter().map(|r| texts(&r.cells)).collect(),
        row_pages: t.rows.iter().map(|r| r.page).collect(),
        cells: with_cells.then(|| t.rows.iter().map(|r| r.cells.iter().collect()).collect()),
    }
}

/// The document as JSON text; `with_cells` adds every body cell's page, box, bold and confidence.
pub fn to_json(doc: &Document, with_cells: bool) -> String {
    let j = JsonDoc {
        document: &doc.name,
        pages: doc.pages,
        tables: doc
            .tables
            .iter()
            .map(|t| json_table(t, with_cells))
            .collect(),
        warnings: &doc.warnings,
    };
    serde_json::to_string_pretty(&j).expect("plain data serialises")
}

/// The stem used for output files: the document name without its extension.
pub fn stem(doc: &Document) -> String {
    Path::new(&doc.name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| doc.name.clone())
}

/// One output stem per input, in order: the file stem, and for a stem already taken by an
/// earlier input of the run (`a/x.pdf b/x.pdf`) the first free `stem-2`, `stem-3`, ..., so no
/// output overwrites another.
pub fn unique_stems(paths: &[PathBuf]) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    let mut next = std::collections::HashMap::new();
    paths
        .iter()
        .map(|p| {
            let base = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "dokumen".to_string());
            let mut stem = base.clone();
            if taken.contains(&stem) {
                let n = next.entry(base.clone()).or_insert(2usize);
                loop {
                    stem = format!("{base}-{n}");
                    *n += 1;
                    if !taken.contains(&stem) {
                        break;
                    }
                }
            }
            taken.insert(stem.clone());
            stem
        })
        .collect()
}

/// Writes the document's outputs into `dir`, returning the files written.
pub fn write(
    doc: &Document,
    dir: &Path,
    format: Format,
    with_cells: bool,
) -> io::Result<Vec<PathBuf>> {
    write_as(doc, dir, &stem(doc), format, with_cells)
}

/// Writes the document's outputs into `dir` under the given stem, returning the files written.
pub fn write_as(
    doc: &Document,
    dir: &Path,
    stem: &str,
    format: Format,
    with_cells: bool,
) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    let json_path = dir.join(format!("{stem}.json"));
    std::fs::write(&json_path, to_json(doc, with_cells))?;
    written.push(json_path);
    if format == Format::Csv {
        for (i, t) in doc.tables.iter().enumerate() {
            let p = dir.join(format!("{stem}_t{:02}.csv", i + 1));
            let mut w = csv::WriterBuilder::new().flexible(true).from_path(&p)?;
            for h in &t.header_rows {
                w.write_record(texts(h))?;
            }
            for r in &t.rows {
                w.write_record(texts(&r.cells))?;
            }
            w.flush()?;
            written.push(p);
        }
    }
    Ok(written)
}
