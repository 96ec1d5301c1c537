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
    /// One `<name>_tNN.tsv` per table (TAB-separated), plus the JSON.
    Tsv,
    /// One `<name>.md` with every table as a Markdown table, plus the JSON.
    Md,
}

/// Writes one table as delimited text (header rows first).
fn write_delimited<W: io::Write>(t: &Table, w: W, delimiter: u8) -> io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_writer(w);
    for h in &t.header_rows {
        w.write_record(texts(h))?;
    }
    for r in &t.rows {
        w.write_record(texts(&r.cells))?;
    }
    w.flush()?;
    Ok(())
}

/// A Markdown cell: pipes escaped and line breaks joined, so one cell stays one cell.
fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// The document's tables as Markdown: a heading per table (its title and pages), the header
/// rows as the table head (several header rows are joined per column).
pub fn to_markdown(doc: &Document) -> String {
    let mut out = format!("# {}\n", md_cell(&doc.name));
    for (i, t) in doc.tables.iter().enumerate() {
        let width = t
            .header_rows
            .iter()
            .map(Vec::len)
            .chain(t.rows.iter().map(|r| r.cells.len()))
            .max()
            .unwrap_or(0)
            .max(1);
        let pages = if t.last_page > t.page {
            format!("{}-{}", t.page, t.last_page)
        } else {
            t.page.to_string()
        };
        let title = if t.title.is_empty() {
            format!("Table {}", i + 1)
        } else {
            md_cell(&t.title)
        };
        out.push_str(&format!("\n## {title} (p. {pages})\n\n"));
        let head: Vec<String> = (0..width)
            .map(|c| md_cell(&t.column_header(c, " / ")))
            .collect();
        out.push_str(&format!("| {} |\n", head.join(" | ")));
        out.push_str(&format!("|{}\n", " --- |".repeat(width)));
        for r in &t.rows {
            let cells: Vec<String> = (0..width)
                .map(|c| r.cells.get(c).map(|x| md_cell(&x.text)).unwrap_or_default())
                .collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
    }
    out
}

/// Writes the document in `format` to one stream (`renja extract FILE --out -`): the JSON; or
/// every table as CSV / TSV, one blank line between tables; or the Markdown.
pub fn write_stream<W: io::Write>(
    doc: &Document,
    mut w: W,
    format: Format,
    with_cells: bool,
) -> io::Result<()> {
    match format {
        Format::Json => writeln!(w, "{}", to_json(doc, with_cells))?,
        Format::Csv | Format::Tsv => {
            let delim = if format == Format::Csv { b',' } else { b'\t' };
            for (i, t) in doc.tables.iter().enumerate() {
                if i > 0 {
                    writeln!(w)?;
                }
                write_delimited(t, &mut w, delim)?;
            }
        }
        Format::Md => w.write_all(to_markdown(doc).as_bytes())?,
    }
    w.flush()
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
    unique_names(paths.iter().map(|p| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "dokumen".to_string())
    }))
}

/// The names given, each made unique by a `-2`, `-3` ... suffix where an earlier one took it.
pub fn unique_names(names: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    let mut next = std::collections::HashMap::new();
    names
        .into_iter()
        .map(|base| {
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
    // Every error names the path it was about, so `cannot write` says which file or folder.
    let named = |p: &Path| {
        let p = p.to_path_buf();
        move |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", p.display()))
    };
    std::fs::create_dir_all(dir).map_err(named(dir))?;
    let mut written = Vec::new();
    let json_path = dir.join(format!("{stem}.json"));
    std::fs::write(&json_path, to_json(doc, with_cells)).map_err(named(&json_path))?;
    written.push(json_path);
    match format {
        Format::Json => {}
        Format::Csv | Format::Tsv => {
            let (ext, delim) = if format == Format::Csv {
                ("csv", b',')
            } else {
                ("tsv", b'\t')
            };
            for (i, t) in doc.tables.iter().enumerate() {
                let p = dir.join(format!("{stem}_t{:02}.{ext}", i + 1));
                let f = std::fs::File::create(&p).map_err(named(&p))?;
                write_delimited(t, io::BufWriter::new(f), delim).map_err(named(&p))?;
                written.push(p);
            }
        }
        Format::Md => {
            let p = dir.join(format!("{stem}.md"));
            std::fs::write(&p, to_markdown(doc)).map_err(named(&p))?;
            written.push(p);
        }
    }
    Ok(written)
}
