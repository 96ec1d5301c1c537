//! Style-varied corpus: tables taken from the seed text exports, written as PDFs in several
//! ruling styles with exact ground truth, extracted and scored with `renja::eval`. Prints a
//! per-style table (`cargo test --release --test style_corpus -- --nocapture`).

use renja::eval::{pred_tables, score_document, GtDoc, GtTable};
use renja::pipeline::{extract_file, ExtractOptions};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A table to render: body rows of equal width, all cells single-line text.
struct Table {
    rows: Vec<Vec<String>>,
}

/// Tables from the seeds: runs of TAB rows whose first cell is a row number, with the columns
/// that are empty throughout dropped and long labels cut so each cell fits one line.
/// `long`: keep labels up to 80 characters and the amount columns (the wrapped styles), else
/// cut labels at 26 and keep the first six full columns.
fn seed_tables(long: bool) -> Vec<Table> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/seeds");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for p in names {
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        let mut run: Vec<Vec<String>> = Vec::new();
        for line in text.lines().chain(std::iter::once("")) {
            let cells: Vec<String> = line.split('\t').map(|c| c.trim().to_string()).collect();
            // The column-number row (`1 2 3 ...`) is part of a Renja header, not a body row.
            let column_numbers = cells
                .iter()
                .enumerate()
                .all(|(i, c)| *c == (i + 1).to_string());
            let numbered = cells.len() >= 4 && cells[0].parse::<u32>().is_ok() && !column_numbers;
            if numbered && (run.is_empty() || run[0].len() == cells.len()) {
                run.push(cells);
                continue;
            }
            if run.len() >= 4 {
                if let Some(t) = shape(&run, long) {
                    out.push(t);
                }
            }
            run.clear();
        }
    }
    out
}

fn shape(run: &[Vec<String>], long: bool) -> Option<Table> {
    let w = run[0].len();
    let full: Vec<usize> = (0..w)
        .filter(|&c| run.iter().all(|r| !r[c].is_empty()))
        .collect();
    // Amounts sit at the right of a Renja table: the wrapped styles keep the first three
    // columns and the last four, so wide amounts and codes reach the narrow columns.
    let keep: Vec<usize> = if long && full.len() > 7 {
        full[..3]
            .iter()
            .chain(&full[full.len() - 4..])
            .copied()
            .collect()
    } else {
        full.into_iter().take(6).collect()
    };
    let max_label = if long { 80 } else { 26 };
    if keep.len() < 3 {
        return None;
    }
    // A column-number row (`1 2 3 ...`, possibly with columns dropped) belongs to the header.
    let column_numbers = |r: &Vec<String>| {
        // `8=(7/6)`: a computed column is numbered with its formula.
        let n: Vec<Option<u32>> = keep
            .iter()
            .map(|&c| r[c].split('=').next().unwrap_or("").trim().parse().ok())
            .collect();
        n.iter().all(|x| x.is_some()) && n.windows(2).all(|w| w[0] < w[1])
    };
    let rows: Vec<Vec<String>> = run
        .iter()
        .filter(|r| !column_numbers(r))
        .take(10)
        .map(|r| {
            keep.iter()
                .map(|&c| {
                    let s: String = r[c]
                        .chars()
                        .filter(|ch| ch.is_ascii() && !ch.is_control())
                        .collect();
                    let s: Vec<&str> = s.split_whitespace().collect();
                    let mut t = String::new();
                    for wd in s {
                        if t.len() + wd.len() > max_label {
                            break;
                        }
                        if !t.is_empty() {
                            t.push(' ');
                        }
                        t.push_str(wd);
                    }
                    if t.is_empty() {
                        "-".to_string()
                    } else {
                        t
                    }
                })
                .collect()
        })
        .collect();
    if rows.len() < 3 {
        return None;
    }
    Some(Table { rows })
}

/// How a table is drawn.
#[derive(Clone, Copy)]
struct Style {
    name: &'static str,
    font: &'static str,
    size: f64,
    /// Horizontal rules between all rows.
    grid: bool,
    /// Vertical rules between all columns (off: Word/LibreOffice horizontal-rules-only style).
    vrules: bool,
    /// Rules as stroked paths (LibreOffice) rather than filled thin rectangles (Chromium).
    stroked: bool,
    /// Extra horizontal gap between columns, in points.
    gutter: f64,
    landscape: bool,
    /// Which of the grid's rules are drawn (issue 8 items 6 and 7).
    pattern: Pattern,
}

/// Which rules a ruled style draws, beyond plain `grid` / `vrules`.
#[derive(Clone, Copy, PartialEq)]
enum Pattern {
    /// Every rule `grid` and `vrules` ask for.
    Full,
    /// Vertical rules in the header band only; horizontal rules above and under the header and
    /// under the table.
    HeaderVrules,
    /// Vertical rules only between the inner columns (none left of the second column, no outer
    /// frame); horizontal rules round the header and under the table.
    InnerVrules,
    /// Every vertical rule; horizontal rules round the header, between groups of three rows and
    /// above the last row (the total), so a ruled band holds several records.
    GroupHrules,
    /// The full grid plus rules that bound no column: a vertical rule in each other column's
    /// right padding, and one across the title.
    Phantom,
    /// The full grid drawn with double rules (two parallel lines 3 pt apart, wider than the snap tolerance).
    Sliver,
    /// A second header line above the column labels: a label over each pair of columns from
    /// the second (`Kelompok 1` over columns 2 and 3), centred across both, so it crosses the
    /// gutter between them (statistical tables group their columns so).
    GroupHeader,
    /// The title's words spread across the table's width, set close over the header (a
    /// widely spaced title is no row of the table).
    SpacedTitle,
}

/// The group labels line of [`Pattern::GroupHeader`] for `ncol` columns: the first column's
/// label, then one label per pair, empty over the pair's second column.
fn group_row(ncol: usize) -> Vec<String> {
    let mut r = vec!["Keterangan".to_string()];
    let mut g = 0;
    while r.len() < ncol {
        if r.len() + 1 < ncol {
            g += 1;
            r.push(format!("Kelompok {g}"));
            r.push(String::new());
        } else {
            r.push(String::new());
        }
    }
    r
}

/// The ground truth's header rows for a table of `ncol` columns in style `st`.
fn gt_header_rows(ncol: usize, st: &Style) -> Vec<Vec<String>> {
    let kolom: Vec<String> = (1..=ncol).map(|i| format!("Kolom {i}")).collect();
    if st.pattern == Pattern::GroupHeader {
        vec![group_row(ncol), kolom]
    } else {
        vec![kolom]
    }
}

/// Upper estimate of a string's width in points (Courier is monospaced; for Helvetica the
/// widest glyphs of each class).
fn text_width(s: &str, st: &Style) -> f64 {
    let em: f64 = s
        .chars()
        .map(|ch| match ch {
            _ if st.font == "Courier" => 0.6,
            'M' | 'W' | 'm' | 'w' => 0.95,
            'A'..='Z' => 0.78,
            'a'..='z' | '0'..='9' => 0.56,
            ' ' => 0.28,
            _ => 0.6,
        })
        .sum();
    em * st.size
}

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('(', "\\(")
        .replace(')', "\\)")
}

/// Writes a one-page PDF with a title, a header row and the table; returns the PDF bytes.
fn render(t: &Table, st: &Style) -> Vec<u8> {
    let (s, pw, ph) = render_content(t, st);
    one_page_pdf(&s, pw, ph, st.font)
}

/// The content stream of [`render`]'s page, with the page's width and height.
fn render_content(t: &Table, st: &Style) -> (String, f64, f64) {
    let (pw, ph) = if st.landscape {
        (842.0, 595.0)
    } else {
        (595.0, 842.0)
    };
    let ncol = t.rows[0].len();
    let header: Vec<String> = (1..=ncol).map(|i| format!("Kolom {i}")).collect();
    // Widths from a per-character upper estimate of the font's advance widths, so no text
    // crosses into the next column (a uniform 0.6 em let upper-case labels touch the amounts).
    let widths: Vec<f64> = (0..ncol)
        .map(|c| {
            let w = t
                .rows
                .iter()
                .map(|r| &r[c])
                .chain([&header[c]])
                .map(|s| text_width(s, st))
                .fold(0.0, f64::max);
            w + 6.0 + st.gutter
        })
        .collect();
    let x0 = 40.0;
    // A table wider than the paper gets a wider page: no export prints text off the page, and
    // what lies beyond the page is no reader's to read.
    let pw = f64::max(pw, x0 + widths.iter().sum::<f64>() + x0);
    let lh = st.size * 2.0;
    let mut s = String::new();
    let mut y = ph - 60.0;
    if st.pattern == Pattern::SpacedTitle {
        // Spread across the table's width, close over the header.
        let words = ["Tabel", "2.1", "Capaian", "Kinerja"];
        let ink: f64 = words.iter().map(|w| text_width(w, st)).sum();
        let total: f64 = widths.iter().sum();
        let gap = ((total - ink) / (words.len() - 1) as f64).max(st.size);
        let mut x = x0;
        for w in words {
            let _ = writeln!(s, "BT /F1 {} Tf {x:.2} {y} Td ({w}) Tj ET", st.size + 1.0);
            x += text_width(w, st) + gap;
        }
        y -= lh * 0.6;
    } else {
        let _ = writeln!(
            s,
            "BT /F1 {} Tf {x0} {y} Td (Tabel 2.1 Capaian Kinerja) Tj ET",
            st.size + 1.0
        );
        y -= lh * 1.5;
    }
    if st.pattern == Pattern::GroupHeader {
        let mut x = x0;
        let g = group_row(ncol);
        for c in 0..ncol {
            if !g[c].is_empty() {
                // Centred across the pair (the first column's label over its own column).
                let span = if c == 0 {
                    widths[0]
                } else {
                    widths[c] + widths[c + 1]
                };
                let tx = x + (span - text_width(&g[c], st)) / 2.0;
                let _ = writeln!(
                    s,
                    "BT /F1 {} Tf {tx:.2} {:.2} Td ({}) Tj ET",
                    st.size,
                    y - lh * 0.65,
                    esc(&g[c])
                );
            }
            x += widths[c];
        }
        // Set close over the labels, as one header cell's two lines.
        y -= st.size * 1.25;
    }
    let all: Vec<&Vec<String>> = std::iter::once(&header).chain(t.rows.iter()).collect();
    let top = y;
    for r in &all {
        let mut x = x0;
        for (c, cell) in r.iter().enumerate() {
            let _ = writeln!(
                s,
                "BT /F1 {} Tf {:.2} {:.2} Td ({}) Tj ET",
                st.size,
                x + 3.0,
                y - lh * 0.65,
                esc(cell)
            );
            x += widths[c];
        }
        y -= lh;
    }
    if st.grid {
        let right = x0 + widths.iter().sum::<f64>();
        let mut vs = vec![x0];
        for w in &widths {
            vs.push(vs.last().unwrap() + w);
        }
        let n = all.len();
        let at = |i: usize| top - i as f64 * lh;
        // Horizontal rules by row boundary index (0 the top, `n` the bottom).
        let hs: Vec<usize> = match st.pattern {
            Pattern::Full
            | Pattern::Phantom
            | Pattern::Sliver
            | Pattern::GroupHeader
            | Pattern::SpacedTitle => (0..=n).collect(),
            Pattern::HeaderVrules | Pattern::InnerVrules => vec![0, 1, n],
            Pattern::GroupHrules => {
                let mut v: Vec<usize> = (0..n - 1).step_by(3).chain([1, n - 1, n]).collect();
                v.sort_unstable();
                v.dedup();
                v
            }
        };
        // Vertical rules: (x, from boundary index, to boundary index).
        let mut vlines: Vec<(f64, usize, usize)> = Vec::new();
        if st.vrules {
            match st.pattern {
                Pattern::HeaderVrules => vlines.extend(vs.iter().map(|&x| (x, 0, 1))),
                Pattern::InnerVrules => {
                    vlines.extend(vs[2..vs.len() - 1].iter().map(|&x| (x, 0, n)))
                }
                _ => vlines.extend(vs.iter().map(|&x| (x, 0, n))),
            }
        }
        let mut hlines: Vec<(f64, f64, f64)> = hs.iter().map(|&i| (at(i), x0, right)).collect();
        if st.pattern == Pattern::Phantom {
            // Inside the right padding of every other column, where no text reaches.
            for c in (1..widths.len()).step_by(2) {
                vlines.push((vs[c + 1] - (3.0 + st.gutter) / 2.0, 0, n));
            }
            // A rule under the title, above the table: it bounds no row of it.
            let ty = ph - 60.0 - 3.0;
            hlines.push((ty, x0, x0 + 160.0));
        }
        let doubled = |v: f64| -> Vec<f64> {
            if st.pattern == Pattern::Sliver {
                vec![v - 1.5, v + 1.5]
            } else {
                vec![v]
            }
        };
        for &(yy, a, b) in &hlines {
            for yy in doubled(yy) {
                if st.stroked {
                    let _ = writeln!(s, "0.5 w {a:.2} {yy:.2} m {b:.2} {yy:.2} l S");
                } else {
                    let _ = writeln!(s, "{a:.2} {:.2} {:.2} 0.5 re f", yy - 0.25, b - a);
                }
            }
        }
        for &(xx, i, j) in &vlines {
            let (ya, yb) = (at(i), at(j));
            for xx in doubled(xx) {
                if st.stroked {
                    let _ = writeln!(s, "0.5 w {xx:.2} {ya:.2} m {xx:.2} {yb:.2} l S");
                } else {
                    let _ = writeln!(s, "{:.2} {yb:.2} 0.5 {:.2} re f", xx - 0.25, ya - yb);
                }
            }
        }
    }
    (s, pw, ph)
}

/// A fresh scratch directory for one test's renderings, named by `tag` and the process.
fn scratch_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("renja-style-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The style called `name`.
fn style(name: &str) -> &'static Style {
    STYLES.iter().find(|s| s.name == name).expect("style")
}

/// Under issue 8's per-style targets: cell F1 0.98, numeric accuracy 0.995.
fn under_targets(m: &renja::eval::Metrics) -> bool {
    m.cell_f1 < 0.98 || m.numeric_accuracy < 0.995
}

/// Removes a test's rendered files (kept with `RENJA_KEEP` for a look) and fails the test
/// when some style or document fell under its floor.
fn finish<T: std::fmt::Debug>(dir: &Path, failures: &[T], what: &str) {
    if std::env::var_os("RENJA_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(dir);
    }
    assert!(failures.is_empty(), "{what}: {failures:?}");
}

/// A one-page PDF around a content stream, with one standard-14 font as /F1.
fn one_page_pdf(s: &str, pw: f64, ph: f64, font: &str) -> Vec<u8> {
    pdf_pages(&[s.to_string()], pw, ph, font)
}

/// A PDF with one page per content stream, all sharing one standard-14 font as /F1.
fn pdf_pages(contents: &[String], pw: f64, ph: f64, font: &str) -> Vec<u8> {
    pdf_pages_with(contents, pw, ph, font, "")
}

/// [`pdf_pages`] with `extra` entries in every page dictionary (`/Rotate 90`).
fn pdf_pages_with(contents: &[String], pw: f64, ph: f64, font: &str, extra: &str) -> Vec<u8> {
    let n = contents.len();
    // Objects: 1 catalog, 2 pages, 3 font, then per page its page and content objects, then
    // the bold face (/F2) for section rows.
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    let bold = 4 + 2 * n;
    let mut objs = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")),
        format!("<< /Type /Font /Subtype /Type1 /BaseFont /{font} /Encoding /WinAnsiEncoding >>"),
    ];
    for (i, s) in contents.iter().enumerate() {
        objs.push(format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw} {ph}] {extra} /Resources << /Font << /F1 3 0 R /F2 {bold} 0 R >> >> /Contents {} 0 R >>", 5 + 2 * i));
        objs.push(format!("<< /Length {} >>\nstream\n{s}endstream", s.len()));
    }
    objs.push(format!(
        "<< /Type /Font /Subtype /Type1 /BaseFont /{font}-Bold /Encoding /WinAnsiEncoding >>"
    ));
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offs = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offs.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    let mut x = format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1);
    for o in offs {
        let _ = writeln!(x, "{o:010} 00000 n ");
    }
    let _ = write!(
        x,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objs.len() + 1
    );
    pdf.extend_from_slice(x.as_bytes());
    pdf
}

const STYLES: &[Style] = &[
    Style {
        name: "hrules-only-helv",
        font: "Helvetica",
        size: 9.0,
        grid: true,
        vrules: false,
        stroked: true,
        gutter: 12.0,
        landscape: false,
        pattern: Pattern::Full,
    },
    Style {
        name: "grid-fill-helv",
        font: "Helvetica",
        size: 9.0,
        grid: true,
        vrules: true,
        stroked: false,
        gutter: 8.0,
        landscape: false,
        pattern: Pattern::Full,
    },
    Style {
        name: "grid-stroke-helv",
        font: "Helvetica",
        size: 9.0,
        grid: true,
        vrules: true,
        stroked: true,
        gutter: 8.0,
        landscape: false,
        pattern: Pattern::Full,
    },
    Style {
        name: "grid-courier-land",
        font: "Courier",
        size: 8.0,
        grid: true,
        vrules: true,
        stroked: true,
        gutter: 6.0,
        landscape: true,
        pattern: Pattern::Full,
    },
    Style {
        name: "borderless-wide",
        font: "Helvetica",
        size: 9.0,
        grid: false,
        vrules: false,
        stroked: false,
        gutter: 24.0,
        landscape: false,
        pattern: Pattern::Full,
    },
    Style {
        name: "borderless-narrow",
        font: "Helvetica",
        size: 9.0,
        grid: false,
        vrules: false,
        stroked: false,
        gutter: 0.0,
        landscape: true,
        pattern: Pattern::Full,
    },
    Style {
        name: "borderless-grouped",
        font: "Helvetica",
        size: 9.0,
        grid: false,
        vrules: false,
        stroked: false,
        gutter: 8.0,
        landscape: true,
        pattern: Pattern::GroupHeader,
    },
    Style {
        name: "borderless-spaced-title",
        font: "Helvetica",
        size: 9.0,
        grid: false,
        vrules: false,
        stroked: false,
        gutter: 8.0,
        landscape: true,
        pattern: Pattern::SpacedTitle,
    },
    Style {
        name: "borderless-courier",
        font: "Courier",
        size: 10.0,
        grid: false,
        vrules: false,
        stroked: false,
        gutter: 18.0,
        landscape: true,
        pattern: Pattern::Full,
    },
    Style {
        name: "partial-header-vrules",
        font: "Helvetica",
        size: 9.0,
        grid: true,
        vrules: true,
        stroked: true,
        gutter: 8.0,
        landscape: false,
        pattern: Pattern::HeaderVrules,
    },
    Style {
        name: "inner-vrules",
        font: "Helvetica",
        size: 9.0,
        grid: true,
        vrules: true,
        stroked: true,
        gutter: 8.0,
        landscape: false,
        pattern: Pattern::InnerVrules,
    },
    Style {
        name: "group-hrules",
        font: "Helvetica",
        size: 9.0,
        grid: true,
        vrules: true,
        stroked: true,
        gutter: 8.0,
        landscape: false,
        pattern: Pattern::GroupHrules,
    },
    Style {
        name: "phantom-rules",
        font: "Helvetica",
        size: 9.0,
        grid: true,
        vrules: true,
        stroked: false,
        gutter: 8.0,
        landscape: false,
        pattern: Pattern::Phantom,
    },
    Style {
        name: "phantom-sliver",
        font: "Helvetica",
        size: 9.0,
        grid: true,
        vrules: true,
        stroked: true,
        gutter: 8.0,
        landscape: false,
        pattern: Pattern::Sliver,
    },
];

/// Advance widths (1/1000 em) of Helvetica's printable ASCII, from the AFM table the PDF reader
/// ships, so the wrapped styles break lines exactly where the text stops fitting.
fn helvetica_widths() -> std::collections::HashMap<char, f64> {
    let data = include_str!("../src/ingest/pdf/std14_widths.txt");
    let line = data
        .lines()
        .find(|l| l.starts_with("Helvetica "))
        .expect("Helvetica metrics");
    let by_name: std::collections::HashMap<&str, f64> = line
        .split_whitespace()
        .filter_map(|t| t.split_once('='))
        .filter_map(|(n, w)| Some((n, w.parse().ok()?)))
        .collect();
    const DIGITS: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    let punct = [
        (' ', "space"),
        ('!', "exclam"),
        ('"', "quotedbl"),
        ('#', "numbersign"),
        ('$', "dollar"),
        ('%', "percent"),
        ('&', "ampersand"),
        ('\'', "quotesingle"),
        ('(', "parenleft"),
        (')', "parenright"),
        ('*', "asterisk"),
        ('+', "plus"),
        (',', "comma"),
        ('-', "hyphen"),
        ('.', "period"),
        ('/', "slash"),
        (':', "colon"),
        (';', "semicolon"),
        ('<', "less"),
        ('=', "equal"),
        ('>', "greater"),
        ('?', "question"),
        ('@', "at"),
        ('[', "bracketleft"),
        ('\\', "backslash"),
        (']', "bracketright"),
        ('^', "asciicircum"),
        ('_', "underscore"),
        ('`', "grave"),
        ('{', "braceleft"),
        ('|', "bar"),
        ('}', "braceright"),
        ('~', "asciitilde"),
    ];
    let mut out = std::collections::HashMap::new();
    for c in ('a'..='z').chain('A'..='Z') {
        out.insert(c, by_name[c.to_string().as_str()]);
    }
    for (i, d) in DIGITS.iter().enumerate() {
        out.insert(char::from(b'0' + i as u8), by_name[d]);
    }
    for (c, n) in punct {
        out.insert(c, by_name[n]);
    }
    out
}

/// How a wrapped table is ruled.
#[derive(Clone, Copy, PartialEq)]
enum Ruling {
    /// Rules between all rows, none between columns (Word/LibreOffice exports).
    HRules,
    /// Rules round every cell.
    Grid,
    /// No rules; rows set apart by cell padding only.
    None,
}

/// A style whose columns are narrow enough that names, amounts and codes wrap.
#[derive(Clone, Copy)]
struct WrapStyle {
    name: &'static str,
    size: f64,
    ruling: Ruling,
    /// Split over two pages: the header repeated on the second, which holds only the last row.
    split: bool,
    /// Cell text centred vertically in its row (Word's "centre" cell alignment): a row's first
    /// line is then not the line where every column starts.
    vcenter: bool,
}

const WRAP_STYLES: &[WrapStyle] = &[
    WrapStyle {
        name: "hrule-wrapped-vcenter",
        size: 8.0,
        ruling: Ruling::HRules,
        split: true,
        vcenter: true,
    },
    WrapStyle {
        name: "grid-wrapped-vcenter",
        size: 8.0,
        ruling: Ruling::Grid,
        split: false,
        vcenter: true,
    },
    WrapStyle {
        name: "hrule-wrapped",
        size: 8.0,
        ruling: Ruling::HRules,
        split: false,
        vcenter: false,
    },
    WrapStyle {
        name: "hrule-wrapped-split",
        size: 8.0,
        ruling: Ruling::HRules,
        split: true,
        vcenter: false,
    },
    WrapStyle {
        name: "hrule-wrapped-7pt",
        size: 7.0,
        ruling: Ruling::HRules,
        split: false,
        vcenter: false,
    },
    WrapStyle {
        name: "grid-wrapped",
        size: 8.0,
        ruling: Ruling::Grid,
        split: false,
        vcenter: false,
    },
    WrapStyle {
        name: "grid-wrapped-split",
        size: 8.0,
        ruling: Ruling::Grid,
        split: true,
        vcenter: false,
    },
    WrapStyle {
        name: "borderless-wrapped",
        size: 8.0,
        ruling: Ruling::None,
        split: false,
        vcenter: false,
    },
];

/// Word processor cell padding (Word's default 0.19 cm) and the line pitch, in points / ems.
const PAD: f64 = 5.4;
const VPAD: f64 = 2.5;
const LEADING: f64 = 1.2;

/// Amounts and codes: digits and separators only (`7,470,241,438`, `2.07.1-7.0.0.0.01.05`).
fn numeric_cell(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '(' | ')' | '%'))
}

/// Breaks one cell's text into lines of at most `inner` points as a word processor does: at
/// spaces; a token wider than the cell breaks after the last separator that fits when it is a
/// code (`2.07.1-` / `7.0.0.0.01.05.` / `202.04.`), else after the last character that fits
/// (`7,470,` / `241,4` / `38`).
fn wrap(text: &str, inner: f64, wd: &dyn Fn(&str) -> f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for tok in text.split_whitespace() {
        let cand = if cur.is_empty() {
            tok.to_string()
        } else {
            format!("{cur} {tok}")
        };
        if wd(&cand) <= inner {
            cur = cand;
            continue;
        }
        if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
        }
        let mut rest: &str = tok;
        while wd(rest) > inner {
            let chars: Vec<(usize, char)> = rest.char_indices().collect();
            let mut n = 1;
            while n < chars.len() && wd(&rest[..chars[n].0]) <= inner {
                n += 1;
            }
            let n = (n - 1).max(1);
            let fit = &rest[..chars[n].0];
            let code = !rest.contains(',') && rest.contains(['.', '-']);
            let cut = match fit.rfind(['.', '-']) {
                Some(k) if code && k > 0 => k + 1,
                _ => fit.len(),
            };
            lines.push(rest[..cut].to_string());
            rest = &rest[cut..];
        }
        cur = rest.to_string();
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Renders `t` (header `Kolom 1..n`) with narrow columns in style `st`; returns the PDF bytes and
/// the page of the last body row.
fn render_wrapped(
    t: &Table,
    st: &WrapStyle,
    metrics: &std::collections::HashMap<char, f64>,
) -> (Vec<u8>, i64) {
    let (pw, ph) = (842.0, 595.0);
    let size = st.size;
    let wd = |s: &str| -> f64 {
        s.chars()
            .map(|c| metrics.get(&c).copied().unwrap_or(556.0))
            .sum::<f64>()
            * size
            / 1000.0
    };
    let ncol = t.rows[0].len();
    let header: Vec<String> = (1..=ncol).map(|i| format!("Kolom {i}")).collect();
    let kolom = wd("Kolom");
    // Column kinds: short ordinals stay whole; amounts and codes get a column about a third of
    // their width (so they wrap over two or three lines, right-aligned); text columns are at
    // least as wide as their longest word and at most 110 pt.
    let mut inner = Vec::with_capacity(ncol);
    let mut right = Vec::with_capacity(ncol);
    for c in 0..ncol {
        let cells: Vec<&str> = t.rows.iter().map(|r| r[c].as_str()).collect();
        let widest = cells.iter().map(|s| wd(s)).fold(0.0, f64::max);
        let longest_word = cells
            .iter()
            .flat_map(|s| s.split_whitespace())
            .map(&wd)
            .fold(kolom, f64::max);
        let numeric = cells.iter().all(|s| numeric_cell(s) || *s == "-");
        if cells.iter().all(|s| s.len() <= 3) {
            inner.push(widest.max(kolom));
            right.push(false);
        } else if numeric {
            inner.push((widest / 2.6).max(kolom).max(wd("0000")));
            right.push(cells.iter().any(|s| s.contains(',')));
        } else {
            inner.push(longest_word.max(widest.min(110.0)));
            right.push(false);
        }
    }
    let widths: Vec<f64> = inner.iter().map(|w| w + 2.0 * PAD).collect();
    let x0 = 40.0;
    let lh = size * LEADING;
    let all: Vec<&Vec<String>> = std::iter::once(&header).chain(t.rows.iter()).collect();
    let wrapped: Vec<Vec<Vec<String>>> = all
        .iter()
        .map(|r| (0..ncol).map(|c| wrap(&r[c], inner[c], &wd)).collect())
        .collect();
    let heights: Vec<f64> = wrapped
        .iter()
        .map(|r| r.iter().map(Vec::len).max().unwrap_or(1).max(1) as f64 * lh + 2.0 * VPAD)
        .collect();
    // Which rows each page draws: the header on every page.
    let nrows = all.len();
    let pages: Vec<Vec<usize>> = if st.split {
        vec![(0..nrows - 1).collect(), vec![0, nrows - 1]]
    } else {
        vec![(0..nrows).collect()]
    };
    let right_edge = x0 + widths.iter().sum::<f64>();
    let mut contents = Vec::new();
    for (pi, rows) in pages.iter().enumerate() {
        let mut s = String::new();
        let mut y = ph - 60.0;
        if pi == 0 {
            let _ = writeln!(
                s,
                "BT /F1 {} Tf {x0} {y} Td (Tabel 2.1 Capaian Kinerja) Tj ET",
                size + 1.0
            );
            y -= lh * 2.0;
        }
        let top = y;
        let mut hs = vec![y];
        for &ri in rows {
            let mut x = x0;
            for c in 0..ncol {
                for (k, line) in wrapped[ri][c].iter().enumerate() {
                    let tx = if right[c] && ri > 0 {
                        x + widths[c] - PAD - wd(line)
                    } else {
                        x + PAD
                    };
                    let n = wrapped[ri][c].len() as f64;
                    let drop = if st.vcenter {
                        (heights[ri] - 2.0 * VPAD - n * lh) / 2.0
                    } else {
                        0.0
                    };
                    let ty = y - VPAD - drop - size * 0.9 - k as f64 * lh;
                    let _ = writeln!(
                        s,
                        "BT /F1 {size} Tf {tx:.2} {ty:.2} Td ({}) Tj ET",
                        esc(line)
                    );
                }
                x += widths[c];
            }
            y -= heights[ri];
            hs.push(y);
        }
        match st.ruling {
            Ruling::None => {}
            Ruling::HRules | Ruling::Grid => {
                for yy in &hs {
                    let _ = writeln!(s, "0.5 w {x0} {yy:.2} m {right_edge:.2} {yy:.2} l S");
                }
                if st.ruling == Ruling::Grid {
                    let mut xx = x0;
                    for w in widths.iter().map(Some).chain([None]) {
                        let _ = writeln!(s, "0.5 w {xx:.2} {top:.2} m {xx:.2} {y:.2} l S");
                        xx += w.copied().unwrap_or(0.0);
                    }
                }
            }
        }
        contents.push(s);
    }
    let last = contents.len() as i64;
    (pdf_pages(&contents, pw, ph, "Helvetica"), last)
}

/// A table whose only body row says `NIHIL` (nothing planned): one cell filled.
fn nihil_table(ncol: usize) -> Table {
    let mut row = vec![String::new(); ncol];
    row[1] = "NIHIL".to_string();
    Table { rows: vec![row] }
}

/// Every wrapped style meets the targets (or its measured floor in `WRAP_FLOORS`).
#[test]
fn wrapped_styles_round_trip_seed_tables() {
    let mut tables = seed_tables(true);
    assert!(tables.len() >= 3, "seed tables found: {}", tables.len());
    let metrics = helvetica_widths();
    let dir = std::env::temp_dir().join(format!("renja-wrap-corpus-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let n_seed = tables.len();
    tables.push(nihil_table(5));
    tables.push(nihil_table(7));
    let mut failures = Vec::new();
    eprintln!(
        "{:<22} {:>7} {:>7} {:>8} {:>8}",
        "style", "tables", "found", "cell F1", "numeric"
    );
    for st in WRAP_STYLES {
        let mut total = renja::eval::Counts::default();
        let mut n = 0;
        for (i, t) in tables.iter().enumerate() {
            // A one-row table has no gaps to find borderless, and cannot be split.
            if i >= n_seed && (st.ruling == Ruling::None || st.split) {
                continue;
            }
            let p = dir.join(format!("{}-{i}.pdf", st.name));
            let (pdf, last) = render_wrapped(t, st, &metrics);
            std::fs::write(&p, pdf).unwrap();
            let ncol = t.rows[0].len();
            let gt = GtDoc {
                document: p.file_name().unwrap().to_string_lossy().into_owned(),
                tables: vec![GtTable {
                    first_page: Some(1),
                    last_page: Some(last),
                    header_rows: vec![(1..=ncol).map(|i| format!("Kolom {i}")).collect()],
                    rows: t.rows.clone(),
                }],
            };
            let doc = extract_file(&p, &ExtractOptions::default())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let c = score_document(&gt, &pred_tables(&doc));
            if std::env::var_os("RENJA_KEEP").is_some() && c.correct < c.gt_cells.max(c.pred_cells)
            {
                eprintln!("  {} {:?}", p.display(), c);
            }
            total += c;
            n += 1;
        }
        let m = total.metrics();
        eprintln!(
            "{:<22} {:>7} {:>7} {:>8.3} {:>8.3}",
            st.name, n, total.found, m.cell_f1, m.numeric_accuracy
        );
        let (f1, num) = WRAP_FLOORS
            .iter()
            .find(|g| g.0 == st.name)
            .map_or((0.98, 0.995), |g| (g.1, g.2));
        if m.cell_f1 < f1 || m.numeric_accuracy < num {
            failures.push(st.name);
        }
    }
    finish(&dir, &failures, "styles under the floors");
}

/// Per-style floors (style, cell F1, numeric accuracy), ratchets set just under the measured
/// figure (all 1.000 when set); a style not listed must meet the 0.98 / 0.995.
const WRAP_FLOORS: &[(&str, f64, f64)] = &[
    ("hrule-wrapped-vcenter", 0.995, 0.995),
    ("grid-wrapped-vcenter", 0.995, 0.995),
    ("hrule-wrapped", 0.995, 0.995),
    ("hrule-wrapped-split", 0.995, 0.995),
    ("hrule-wrapped-7pt", 0.995, 0.995),
    ("grid-wrapped", 0.995, 0.995),
    ("grid-wrapped-split", 0.995, 0.995),
    ("borderless-wrapped", 0.995, 0.995),
];

/// Styles under the targets today: (style, cell F1 floor, numeric floor). None since
/// the generator stopped printing text off the page (borderless-wide's 0.963 was that).
const KNOWN_GAPS: &[(&str, f64, f64)] = &[];

/// Repeated-header styles whose pieces are not all joined into one table yet (issue 8 item 5):
/// (style, documents of the 24 that come out as one table today, cell F1 floor). None today.
const ONE_TABLE_GAPS: &[(&str, usize, f64)] = &[];

#[test]
fn every_style_round_trips_seed_tables() {
    let tables = seed_tables(false);
    assert!(tables.len() >= 3, "seed tables found: {}", tables.len());
    let dir = scratch_dir("corpus");
    let mut failures = Vec::new();
    eprintln!(
        "{:<22} {:>7} {:>7} {:>8} {:>8} {:>7}",
        "style", "tables", "found", "cell F1", "numeric", "header"
    );
    // STYLE_ONLY=a,b narrows the run to some styles, for diagnosis.
    let only = std::env::var("STYLE_ONLY").ok();
    for st in STYLES {
        if only
            .as_deref()
            .is_some_and(|o| !o.split(',').any(|n| n == st.name))
        {
            continue;
        }
        let mut total = renja::eval::Counts::default();
        let (mut n, mut headed) = (0, 0);
        for (i, t) in tables.iter().enumerate() {
            let p = dir.join(format!("{}-{i}.pdf", st.name));
            std::fs::write(&p, render(t, st)).unwrap();
            let gt = GtDoc {
                document: p.file_name().unwrap().to_string_lossy().into_owned(),
                tables: vec![GtTable {
                    first_page: Some(1),
                    last_page: Some(1),
                    header_rows: gt_header_rows(t.rows[0].len(), st),
                    rows: t.rows.clone(),
                }],
            };
            let doc = extract_file(&p, &ExtractOptions::default())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let preds = pred_tables(&doc);
            let c = score_document(&gt, &preds);
            // The scorer passes over header rows; the checks need them (the header names the
            // columns), so each label must come back in its own column.
            let ncol = t.rows[0].len();
            let labels = |r: &[String]| {
                r.len() == ncol
                    && r.iter()
                        .enumerate()
                        .all(|(k, cell)| cell.ends_with(&format!("Kolom {}", k + 1)))
            };
            let header = doc.tables.iter().any(|t| {
                let joined: Vec<String> = (0..t.header_rows.first().map_or(0, Vec::len))
                    .map(|c| t.column_header(c, " "))
                    .collect();
                labels(&joined)
            }) || preds.iter().flat_map(|t| &t.rows).any(|r| labels(r));
            if std::env::var_os("RENJA_KEEP").is_some() && (c.correct < c.gt_cells || !header) {
                eprintln!("  {} {:?} header: {header}", p.display(), c);
            }
            headed += usize::from(header);
            total += c;
            n += 1;
        }
        let m = total.metrics();
        eprintln!(
            "{:<22} {:>7} {:>7} {:>8.3} {:>8.3} {:>7}",
            st.name, n, total.found, m.cell_f1, m.numeric_accuracy, headed
        );
        // Styles the layout stage does not hold yet (issue 8) keep their measured figure as a
        // floor, so they can only improve; every other style must meet the targets.
        let (f1, num) = KNOWN_GAPS
            .iter()
            .find(|g| g.0 == st.name)
            .map_or((0.98, 0.995), |g| (g.1, g.2));
        if m.cell_f1 < f1 || m.numeric_accuracy < num || headed < n {
            failures.push(st.name);
        }
    }
    finish(&dir, &failures, "styles under the floors");
}

/// A chart-like page of thousands of tiny rules and a page of 50,000 words are read without a
/// panic (and, measured by hand, well under a second each); other input is unaffected.
#[test]
fn hostile_pages_finish() {
    let dir = std::env::temp_dir().join(format!("renja-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut rules = String::new();
    for i in 0..6000 {
        let _ = writeln!(
            rules,
            "{:.1} {:.1} 1.5 0.4 re f",
            30.0 + (i % 100) as f64 * 5.3,
            40.0 + (i / 100) as f64 * 12.1
        );
    }
    // Axis labels, so the page has a text layer and its rules reach the layout stage.
    for i in 0..300 {
        let _ = writeln!(
            rules,
            "BT /F1 6 Tf {:.1} {:.1} Td ({}) Tj ET",
            30.0 + (i % 20) as f64 * 26.0,
            30.0 + (i / 20) as f64 * 50.0,
            i * 7
        );
    }
    let mut words = String::from("BT /F1 2 Tf\n");
    for i in 0..50_000 {
        let _ = writeln!(
            words,
            "1 0 0 1 {:.1} {:.1} Tm (w{}) Tj",
            10.0 + (i % 125) as f64 * 4.6,
            10.0 + (i / 125) as f64 * 2.05,
            i % 97
        );
    }
    words.push_str("ET\n");
    for (name, content) in [("rules", rules), ("words", words)] {
        let p = dir.join(format!("{name}.pdf"));
        std::fs::write(&p, one_page_pdf(&content, 595.0, 842.0, "Helvetica")).unwrap();
        let t = std::time::Instant::now();
        let r = extract_file(&p, &ExtractOptions::default());
        eprintln!(
            "{name}: {:?} in {:?}",
            r.as_ref().map(|d| d.tables.len()),
            t.elapsed()
        );
        r.unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A landscape table placed on a portrait page: (style, base style, /Rotate, the matrix taking
/// the landscape drawing onto the portrait page). `rotate90`/`rotate270`: a `/Rotate` page
/// whose content is turned to match, so it displays upright (as printer drivers and scanners
/// write landscape pages); `sideways-text*`: `/Rotate 0`, the table's text running up (or
/// down) the page as displayed, to be read in its own direction.
const TURNED: &[(&str, &str, i64, &str)] = &[
    ("rotate90", "grid-stroke-helv", 90, "0 1 -1 0 595 0 cm"),
    ("rotate270", "grid-stroke-helv", 270, "0 -1 1 0 0 842 cm"),
    ("sideways-text", "grid-stroke-helv", 0, "0 1 -1 0 595 0 cm"),
    (
        "sideways-text-down",
        "grid-fill-helv",
        0,
        "0 -1 1 0 0 842 cm",
    ),
    (
        "sideways-borderless",
        "borderless-courier",
        0,
        "0 1 -1 0 595 0 cm",
    ),
];

/// Every turned style round-trips like the upright styles (issue 8 item 14).
#[test]
fn rotated_and_sideways_pages_round_trip_seed_tables() {
    let tables = seed_tables(false);
    let dir = scratch_dir("turned");
    let mut failures = Vec::new();
    for (name, base, rotate, cm) in TURNED {
        let mut st = *STYLES.iter().find(|s| s.name == *base).unwrap();
        st.landscape = true;
        let mut total = renja::eval::Counts::default();
        for (i, t) in tables.iter().enumerate() {
            let (s, pw, ph) = render_content(t, &st);
            assert_eq!((pw, ph), (842.0, 595.0));
            let content = format!("q {cm}\n{s}Q\n");
            let p = dir.join(format!("{name}-{i}.pdf"));
            let extra = format!("/Rotate {rotate}");
            std::fs::write(
                &p,
                pdf_pages_with(&[content], 595.0, 842.0, st.font, &extra),
            )
            .unwrap();
            let gt = GtDoc {
                document: p.file_name().unwrap().to_string_lossy().into_owned(),
                tables: vec![GtTable {
                    first_page: Some(1),
                    last_page: Some(1),
                    header_rows: vec![(1..=t.rows[0].len())
                        .map(|i| format!("Kolom {i}"))
                        .collect()],
                    rows: t.rows.clone(),
                }],
            };
            let doc = extract_file(&p, &ExtractOptions::default())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            total += score_document(&gt, &pred_tables(&doc));
        }
        let m = total.metrics();
        eprintln!(
            "{:<22} {:>7} {:>7} {:>8.3} {:>8.3}",
            name,
            tables.len(),
            total.found,
            m.cell_f1,
            m.numeric_accuracy
        );
        if under_targets(&m) {
            failures.push(*name);
        }
    }
    // A rotated page with rules and no text: an error for the file, quickly, never a panic.
    let p = dir.join("rotated-empty.pdf");
    let rules: String = (0..400)
        .map(|i| format!("0.5 w 40 {} m 500 {} l S\n", 40 + i * 2, 40 + i * 2))
        .collect();
    std::fs::write(
        &p,
        pdf_pages_with(&[rules], 595.0, 842.0, "Helvetica", "/Rotate 90"),
    )
    .unwrap();
    let t = std::time::Instant::now();
    let r = extract_file(&p, &ExtractOptions::default());
    assert!(r.as_ref().map_or(true, |d| d.tables.is_empty()), "{r:?}");
    eprintln!(
        "rotated page without text: {:?} in {:?}",
        r.err().map(|e| e.to_string()),
        t.elapsed()
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        failures.is_empty(),
        "turned styles under 0.98 / 0.995: {failures:?}"
    );
}

/// The group label over the body columns, the first line of a two-line header.
const GROUP_LABEL: &str = "Rencana Tahun 2025";

/// Renders `t` over two pages in style `st` (full grid, or rules between rows only) with a
/// two-line header (a group label over the body columns, then `Kolom 1..n`) repeated on the
/// second page, and a bold section row just under the repeated header: the label of the
/// section sits in the second column and spans the columns to its right. Returns the PDF and
/// the ground-truth body rows (the section row included).
fn render_repeat(t: &Table, st: &Style) -> (Vec<u8>, Vec<Vec<String>>) {
    let (pw, ph): (f64, f64) = (595.0, 842.0);
    let ncol = t.rows[0].len();
    let header: Vec<String> = (1..=ncol).map(|i| format!("Kolom {i}")).collect();
    let widths: Vec<f64> = (0..ncol)
        .map(|c| {
            let w = t
                .rows
                .iter()
                .map(|r| &r[c])
                .chain([&header[c]])
                .map(|s| text_width(s, st))
                .fold(0.0, f64::max);
            w + 6.0 + st.gutter
        })
        .collect();
    // The section label fits its own column, so every ruling style places it there.
    let mut label = String::new();
    for w in ["PROGRAM", "PENUNJANG", "URUSAN", "PEMERINTAHAN"] {
        let cand = if label.is_empty() {
            w.to_string()
        } else {
            format!("{label} {w}")
        };
        if text_width(&cand, st) * 1.1 > widths[1] - 6.0 - st.gutter {
            break;
        }
        label = cand;
    }
    if label.is_empty() {
        label = "PROG".to_string();
    }
    let mut section = vec![String::new(); ncol];
    section[1] = label;
    let k = (t.rows.len() / 2).max(2);
    let x0 = 40.0;
    // As in `render_content`: no text off the page.
    let pw = pw.max(x0 + widths.iter().sum::<f64>() + x0);
    let lh = st.size * 2.0;
    let mut vs = vec![x0];
    for w in &widths {
        vs.push(vs.last().unwrap() + w);
    }
    let right = vs[ncol];
    // Row kinds: 0 group label, 1 column labels, 2 body, 3 section.
    let pages: Vec<Vec<(u8, Vec<String>)>> = vec![
        [(0, vec![]), (1, header.clone())]
            .into_iter()
            .chain(t.rows[..k].iter().map(|r| (2, r.clone())))
            .collect(),
        [(0, vec![]), (1, header.clone()), (3, section.clone())]
            .into_iter()
            .chain(t.rows[k..].iter().map(|r| (2, r.clone())))
            .collect(),
    ];
    let mut contents = Vec::new();
    for (pi, rows) in pages.iter().enumerate() {
        let mut s = String::new();
        let mut y = ph - 60.0;
        if pi == 0 {
            let _ = writeln!(
                s,
                "BT /F1 {} Tf {x0} {y} Td (Tabel 2.1 Capaian Kinerja) Tj ET",
                st.size + 1.0
            );
            y -= lh * 1.5;
        }
        let top = y;
        for (kind, cells) in rows {
            let ty = y - lh * 0.65;
            match kind {
                0 => {
                    let mid = (vs[1] + right) / 2.0 - text_width(GROUP_LABEL, st) / 2.0;
                    let _ = writeln!(
                        s,
                        "BT /F1 {} Tf {mid:.2} {ty:.2} Td ({GROUP_LABEL}) Tj ET",
                        st.size
                    );
                }
                _ => {
                    let font = if *kind == 3 { "F2" } else { "F1" };
                    for (c, cell) in cells.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
                        let _ = writeln!(
                            s,
                            "BT /{font} {} Tf {:.2} {ty:.2} Td ({}) Tj ET",
                            st.size,
                            vs[c] + 3.0,
                            esc(cell)
                        );
                    }
                }
            }
            if st.grid || *kind <= 1 {
                let _ = writeln!(s, "0.5 w {x0} {y:.2} m {right:.2} {y:.2} l S");
            }
            // Vertical rules row by row: the group label and the section label span every
            // column right of the first.
            if st.vrules {
                for (b, xx) in vs.iter().enumerate() {
                    if *kind == 2 || *kind == 1 || b <= 1 || b == ncol {
                        let yb = y - lh;
                        let _ = writeln!(s, "0.5 w {xx:.2} {y:.2} m {xx:.2} {yb:.2} l S");
                    }
                }
            }
            y -= lh;
        }
        let _ = writeln!(s, "0.5 w {x0} {y:.2} m {right:.2} {y:.2} l S");
        let _ = top;
        contents.push(s);
    }
    let mut gt: Vec<Vec<String>> = t.rows[..k].to_vec();
    gt.push(section);
    gt.extend(t.rows[k..].iter().cloned());
    (pdf_pages(&contents, pw, ph, st.font), gt)
}

/// Multi-page styles (issue 8 item 5): a header of two lines repeated on the continuation page
/// and a bold section row just under it. Each style must give one table per document, its
/// section row a body row, at the targets.
#[test]
fn repeated_header_styles_round_trip_seed_tables() {
    let tables: Vec<Table> = seed_tables(false)
        .into_iter()
        .filter(|t| t.rows.len() >= 4)
        .collect();
    let dir = scratch_dir("repeat");
    let mut failures = Vec::new();
    for (name, base) in [
        ("repeat-header-grid", "grid-stroke-helv"),
        ("repeat-header-hrules", "hrules-only-helv"),
    ] {
        let st = *STYLES.iter().find(|s| s.name == base).unwrap();
        let mut total = renja::eval::Counts::default();
        let mut one = 0;
        for (i, t) in tables.iter().enumerate() {
            let (pdf, rows) = render_repeat(t, &st);
            let p = dir.join(format!("{name}-{i}.pdf"));
            std::fs::write(&p, pdf).unwrap();
            let ncol = t.rows[0].len();
            let mut group = vec![String::new(); ncol];
            group[1] = GROUP_LABEL.to_string();
            let gt = GtDoc {
                document: p.file_name().unwrap().to_string_lossy().into_owned(),
                tables: vec![GtTable {
                    first_page: Some(1),
                    last_page: Some(2),
                    header_rows: vec![group, (1..=ncol).map(|i| format!("Kolom {i}")).collect()],
                    rows,
                }],
            };
            let doc = extract_file(&p, &ExtractOptions::default())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let c = score_document(&gt, &pred_tables(&doc));
            if std::env::var_os("RENJA_KEEP").is_some()
                && (c.correct < c.gt_cells.max(c.pred_cells) || doc.tables.len() != 1)
            {
                eprintln!("  {} {} tables {:?}", p.display(), doc.tables.len(), c);
            }
            one += usize::from(doc.tables.len() == 1);
            total += c;
        }
        let m = total.metrics();
        eprintln!(
            "{:<22} {:>7} {:>7} {:>8.3} {:>8.3}  one table: {one}",
            name,
            tables.len(),
            total.found,
            m.cell_f1,
            m.numeric_accuracy
        );
        let (one_floor, f1_floor) = ONE_TABLE_GAPS
            .iter()
            .find(|g| g.0 == name)
            .map_or((tables.len(), 0.98), |g| (g.1, g.2));
        if m.cell_f1 < f1_floor || m.numeric_accuracy < 0.995 || one < one_floor {
            failures.push(name);
        }
    }
    finish(&dir, &failures, "repeated-header styles short");
}

/// Scores `doc` against one table of `header` over `rows` on page 1.
fn score_one(
    doc: &renja::extracted::Document,
    header: Vec<String>,
    rows: &[Vec<String>],
) -> renja::eval::Counts {
    let gt = GtDoc {
        document: String::new(),
        tables: vec![GtTable {
            first_page: Some(1),
            last_page: Some(1),
            header_rows: vec![header],
            rows: rows.to_vec(),
        }],
    };
    score_document(&gt, &pred_tables(doc))
}

/// Two-column tables (issue 8 item 11): each seed table's widest text column beside its last
/// column (an amount or a target), drawn in the ruled and the borderless styles: a label and
/// its value, one gutter between.
#[test]
fn two_column_tables_round_trip_seed_tables() {
    let tables = seed_tables(false);
    let dir = scratch_dir("pairs");
    let mut failures = Vec::new();
    for name in [
        "borderless-wide",
        "borderless-courier",
        "hrules-only-helv",
        "grid-fill-helv",
    ] {
        let st = style(name);
        let mut total = renja::eval::Counts::default();
        for (i, t) in tables.iter().enumerate() {
            let nc = t.rows[0].len();
            let mean_len = |c: usize| t.rows.iter().map(|r| r[c].len()).sum::<usize>();
            let label = (1..nc - 1).max_by_key(|&c| mean_len(c)).unwrap_or(0);
            let pairs = Table {
                rows: t
                    .rows
                    .iter()
                    .map(|r| vec![r[label].clone(), r[nc - 1].clone()])
                    .collect(),
            };
            let p = dir.join(format!("pairs-{name}-{i}.pdf"));
            std::fs::write(&p, render(&pairs, st)).unwrap();
            let doc = extract_file(&p, &ExtractOptions::default())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let header = vec!["Kolom 1".to_string(), "Kolom 2".to_string()];
            let c = score_one(&doc, header, &pairs.rows);
            if std::env::var_os("RENJA_KEEP").is_some() && c.correct < c.gt_cells {
                eprintln!("  {} {:?}", p.display(), c);
            }
            total += c;
        }
        let m = total.metrics();
        eprintln!(
            "pairs {:<22} found {:>3} cell F1 {:.3} numeric {:.3}",
            name, total.found, m.cell_f1, m.numeric_accuracy
        );
        if under_targets(&m) {
            failures.push(name);
        }
    }
    finish(&dir, &failures, "two-column styles under the targets");
}

/// Seed tables without their number column (no key column starts the rows), with a bold
/// section label over every third row (issue 8 item 12), borderless: each label is a row of
/// its own, not the tail of the row above.
#[test]
fn section_label_rows_round_trip_seed_tables() {
    let tables = seed_tables(false);
    let dir = scratch_dir("sections");
    let mut failures = Vec::new();
    for name in ["borderless-wide", "borderless-courier"] {
        let st = style(name);
        let mut total = renja::eval::Counts::default();
        for (i, t) in tables.iter().enumerate() {
            let mut rows: Vec<Vec<String>> = Vec::new();
            let mut bold = Vec::new();
            for (k, r) in t.rows.iter().enumerate() {
                if k % 3 == 0 {
                    let mut s = vec![String::new(); r.len() - 1];
                    s[0] = format!("Bagian {}", k / 3 + 1);
                    rows.push(s);
                    bold.push(true);
                }
                rows.push(r[1..].to_vec());
                bold.push(false);
            }
            let p = dir.join(format!("sections-{name}-{i}.pdf"));
            let (s, pw, ph) = render_content_bold(&Table { rows: rows.clone() }, st, &bold);
            std::fs::write(&p, one_page_pdf(&s, pw, ph, st.font)).unwrap();
            let doc = extract_file(&p, &ExtractOptions::default())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let header = (1..rows[0].len() + 1)
                .map(|i| format!("Kolom {i}"))
                .collect();
            let c = score_one(&doc, header, &rows);
            if std::env::var_os("RENJA_KEEP").is_some() && c.correct < c.gt_cells {
                eprintln!("  {} {:?}", p.display(), c);
            }
            total += c;
        }
        let m = total.metrics();
        eprintln!(
            "sections {:<22} found {:>3} cell F1 {:.3} numeric {:.3}",
            name, total.found, m.cell_f1, m.numeric_accuracy
        );
        if under_targets(&m) {
            failures.push(name);
        }
    }
    finish(&dir, &failures, "sectioned styles under the targets");
}

/// [`render_content`] of a borderless style with the rows flagged in `bold` set in the bold
/// face.
fn render_content_bold(t: &Table, st: &Style, bold: &[bool]) -> (String, f64, f64) {
    let (s, pw, ph) = render_content(t, st);
    // Body rows are drawn after the title and header, one text object per cell in row order.
    let ncol = t.rows[0].len();
    let mut out = String::new();
    for (k, line) in s.lines().enumerate() {
        let row = k.checked_sub(1 + ncol).map(|n| n / ncol);
        if row.is_some_and(|r| bold.get(r).copied().unwrap_or(false)) {
            out.push_str(&line.replacen("/F1", "/F2", 1));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    (out, pw, ph)
}

/// The words of the seeds' running text (lines without a tab, at least 80 characters).
fn seed_prose_words() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/seeds");
    let mut words: Vec<String> = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    names.sort();
    for p in names {
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        for l in text.lines().filter(|l| !l.contains('\t') && l.len() >= 80) {
            words.extend(
                l.split_whitespace()
                    .filter(|w| w.is_ascii())
                    .map(str::to_string),
            );
        }
    }
    words
}

/// Content-stream lines of justified running text at 9 pt Helvetica: `n` lines from `y` down,
/// `pitch` apart, `width` wide from `x0`, taking the words from `next` on.
fn prose_block(
    words: &[String],
    next: &mut usize,
    x0: f64,
    y: f64,
    width: f64,
    n: usize,
    pitch: f64,
) -> String {
    let widths = helvetica_widths();
    let size = 9.0;
    let wd = |s: &str| {
        s.chars()
            .map(|c| widths.get(&c).copied().unwrap_or(600.0))
            .sum::<f64>()
            * size
            / 1000.0
    };
    let mut s = String::new();
    let mut y = y;
    for _ in 0..n {
        let mut line: Vec<&str> = Vec::new();
        let mut len = 0.0;
        loop {
            let w = &words[*next % words.len()];
            let add = wd(w) + if line.is_empty() { 0.0 } else { wd(" ") };
            if !line.is_empty() && len + add > width {
                break;
            }
            len += add;
            line.push(w);
            *next = (*next + 1) % words.len();
        }
        let space = wd(" ") + (width - len) / (line.len().max(2) - 1) as f64;
        let mut x = x0;
        for w in line {
            let _ = writeln!(s, "BT /F1 {size} Tf {x:.2} {y:.2} Td ({}) Tj ET", esc(w));
            x += wd(w) + space;
        }
        y -= pitch;
    }
    s
}

/// Running text from the seeds (their lines outside tables), set justified in two and in
/// three columns (issue 8 item 13): prose lines up like a table, but is none.
#[test]
fn prose_set_in_columns_makes_no_table() {
    let words = seed_prose_words();
    assert!(words.len() > 2000, "seed prose words: {}", words.len());
    let out = scratch_dir("prose");
    let mut next = 0;
    let mut failures = Vec::new();
    for (cols, gutter) in [(2usize, 20.0), (3, 14.0), (3, 24.0)] {
        for doc_i in 0..3 {
            let width = (515.0 - gutter * (cols - 1) as f64) / cols as f64;
            let mut s = String::new();
            for c in 0..cols {
                let x0 = 40.0 + c as f64 * (width + gutter);
                s += &prose_block(&words, &mut next, x0, 780.0, width, 60, 11.0);
            }
            let p = out.join(format!("prose-{cols}-{gutter}-{doc_i}.pdf"));
            std::fs::write(&p, one_page_pdf(&s, 595.0, 842.0, "Helvetica")).unwrap();
            let doc = extract_file(&p, &ExtractOptions::default())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            if !doc.tables.is_empty() {
                failures.push(p.display().to_string());
            }
        }
    }
    finish(&out, &failures, "prose read as tables");
}

/// A bar chart of one seed table's numeric column (issue 8 item 13): gridlines under tick
/// labels, bars, a value over each bar, category labels under the axis and a legend, as
/// office suites export a chart. Returns the page's content stream.
fn chart_content(labels: &[String], values: &[f64], series: usize, framed: bool) -> String {
    let (x0, x1, y0, y1) = (90.0, 520.0, 420.0, 700.0);
    let max = values.iter().copied().fold(1.0, f64::max);
    let step = {
        let raw = max / 5.0;
        let mag = 10f64.powf(raw.log10().floor());
        (raw / mag).ceil() * mag
    };
    let mut s = String::new();
    let _ = writeln!(s, "BT /F2 11 Tf {x0} 760 Td (Grafik Capaian Kinerja) Tj ET");
    if framed {
        // The plot area boxed: its sides make the gridlines a one-column grid.
        let _ = writeln!(s, "0.5 w {x0} {y0} {} {} re S", x1 - x0, y1 - y0);
    }
    for k in 0..=5 {
        let y = y0 + (y1 - y0) * k as f64 / 5.0;
        let _ = writeln!(s, "0.5 w {x0} {y:.2} m {x1} {y:.2} l S");
        let t = format!("{}", (step * k as f64).round());
        let _ = writeln!(
            s,
            "BT /F1 8 Tf {:.2} {:.2} Td ({t}) Tj ET",
            x0 - 6.0 - 4.4 * t.len() as f64,
            y - 3.0
        );
    }
    let n = labels.len();
    let slot = (x1 - x0) / n as f64;
    let bar = slot * 0.7 / series as f64;
    for (i, label) in labels.iter().enumerate() {
        for j in 0..series {
            let v = values[(i * series + j) % values.len()];
            let h = (y1 - y0) * v / (step * 5.0);
            let bx = x0 + slot * i as f64 + slot * 0.15 + bar * j as f64;
            let _ = writeln!(s, "0.{} g {bx:.2} {y0} {bar:.2} {h:.2} re f 0 g", 3 + 3 * j);
            let t = format!("{v}");
            let _ = writeln!(
                s,
                "BT /F1 7 Tf {:.2} {:.2} Td ({t}) Tj ET",
                bx + bar / 2.0 - 1.9 * t.len() as f64,
                y0 + h + 3.0
            );
        }
        let _ = writeln!(
            s,
            "BT /F1 8 Tf {:.2} {} Td ({}) Tj ET",
            x0 + slot * i as f64 + 4.0,
            y0 - 14.0,
            esc(label)
        );
    }
    for (j, name) in ["Target", "Realisasi", "Capaian"]
        .iter()
        .take(series)
        .enumerate()
    {
        let lx = 200.0 + 90.0 * j as f64;
        let _ = writeln!(s, "0.{} g {lx} 388 8 8 re f 0 g", 3 + 3 * j);
        let _ = writeln!(s, "BT /F1 8 Tf {} 389 Td ({name}) Tj ET", lx + 12.0);
    }
    s
}

/// Charts drawn from the seed tables' figures make no table: gridlines under tick labels are
/// no row rules, category labels along the axis and a legend are no rows.
#[test]
fn charts_of_seed_figures_make_no_table() {
    let tables = seed_tables(false);
    let dir = scratch_dir("charts");
    let mut failures = Vec::new();
    for (i, t) in tables.iter().enumerate() {
        // The rightmost column of figures (amounts lose their thousands dots).
        let figure = |c: &str| -> Option<f64> {
            let c = c.trim_end_matches('%').trim();
            let c = if c.matches('.').count() > 1 {
                c.replace('.', "")
            } else {
                c.replace(',', ".")
            };
            c.parse::<f64>().ok().filter(|v| *v > 0.0)
        };
        let Some(values) = (0..t.rows[0].len())
            .rev()
            .map(|c| {
                t.rows
                    .iter()
                    .filter_map(|r| figure(&r[c]))
                    .collect::<Vec<f64>>()
            })
            .find(|v| v.len() >= 3)
        else {
            continue;
        };
        for (series, framed) in [(1, false), (2, false), (3, false), (2, true)] {
            let n = (values.len() / series).clamp(3, 8);
            let labels: Vec<String> = (0..n).map(|k| format!("{}", 2019 + k)).collect();
            let p = dir.join(format!("chart-{i}-{series}-{framed}.pdf"));
            let s = chart_content(&labels, &values, series, framed);
            std::fs::write(&p, one_page_pdf(&s, 595.0, 842.0, "Helvetica")).unwrap();
            let doc = extract_file(&p, &ExtractOptions::default())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            if !doc.tables.is_empty() {
                failures.push(p.display().to_string());
            }
        }
    }
    finish(&dir, &failures, "charts read as tables");
}

/// Seed tables set in the right-hand column of a page whose left-hand column is running
/// text (issue 8 item 9: a table beside prose on a two-column page was fused with it), for
/// the borderless, row-ruled and grid styles. Their lines share baselines with the prose.
#[test]
fn tables_beside_prose_round_trip_seed_tables() {
    let tables = seed_tables(false);
    let words = seed_prose_words();
    let dir = scratch_dir("beside");
    let mut next = 0;
    let mut failures = Vec::new();
    for name in ["borderless-wide", "hrules-only-helv", "grid-fill-helv"] {
        let st = style(name);
        let mut total = renja::eval::Counts::default();
        for (i, t) in tables.iter().enumerate() {
            let (table, pw, ph) = render_content(t, st);
            let (x0, width) = (40.0, 230.0);
            let n = ((t.rows.len() + 3) as f64 * st.size * 2.0 / 11.0) as usize + 2;
            let mut s = prose_block(&words, &mut next, x0, ph - 62.0, width, n, 11.0);
            let shift = width + 30.0;
            let _ = writeln!(s, "q 1 0 0 1 {shift} 0 cm\n{table}Q");
            let p = dir.join(format!("{name}-beside-{i}.pdf"));
            std::fs::write(&p, one_page_pdf(&s, pw + shift, ph, st.font)).unwrap();
            let doc = extract_file(&p, &ExtractOptions::default())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let kolom = (1..=t.rows[0].len())
                .map(|k| format!("Kolom {k}"))
                .collect();
            let c = score_one(&doc, kolom, &t.rows);
            if std::env::var_os("RENJA_KEEP").is_some() && c.correct < c.gt_cells {
                eprintln!("  {} {:?}", p.display(), c);
            }
            total += c;
        }
        let m = total.metrics();
        eprintln!(
            "{:<22} {:>7} {:>7} {:>8.3} {:>8.3}",
            format!("{name}+prose"),
            total.gt_tables,
            total.found,
            m.cell_f1,
            m.numeric_accuracy
        );
        if under_targets(&m) {
            failures.push(name);
        }
    }
    finish(&dir, &failures, "styles beside prose under the floors");
}

/// Two seed tables (most of different columns) stacked with no title between them and a gap only a
/// little wider than their rows' (issue 8 item 9: two tables a small gap apart were taken as
/// one block and dropped), borderless and row-ruled: both come back, each with its own columns.
#[test]
fn stacked_tables_a_small_gap_apart_round_trip_seed_tables() {
    let tables = seed_tables(false);
    let dir = scratch_dir("stacked");
    let mut failures = Vec::new();
    for name in ["borderless-wide", "hrules-only-helv"] {
        let st = style(name);
        let mut total = renja::eval::Counts::default();
        let mut n = 0;
        for (i, pair) in tables.windows(2).enumerate() {
            let (a, b) = (&pair[0], &pair[1]);
            if a.rows.len() + b.rows.len() > 36 {
                continue;
            }
            let lh = st.size * 2.0;
            let (first, pw1, ph) = render_content(a, st);
            let (second, pw2, _) = render_content(b, st);
            // The second table's title line is left out; its header follows the first table's
            // last row 1.2 row pitches down.
            let second: String = second
                .lines()
                .filter(|l| !l.contains("Tabel 2.1"))
                .map(|l| format!("{l}\n"))
                .collect();
            let dy = (a.rows.len() + 1) as f64 * lh + 0.2 * lh;
            let s = format!("{first}q 1 0 0 1 0 {:.2} cm\n{second}Q\n", -dy);
            let p = dir.join(format!("{name}-stacked-{i}.pdf"));
            std::fs::write(&p, one_page_pdf(&s, pw1.max(pw2), ph, st.font)).unwrap();
            let doc = extract_file(&p, &ExtractOptions::default())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let kolom = |t: &Table| {
                (1..=t.rows[0].len())
                    .map(|k| format!("Kolom {k}"))
                    .collect()
            };
            let gt = GtDoc {
                document: String::new(),
                tables: [a, b]
                    .iter()
                    .map(|t| GtTable {
                        first_page: Some(1),
                        last_page: Some(1),
                        header_rows: vec![kolom(t)],
                        rows: t.rows.clone(),
                    })
                    .collect(),
            };
            let c = score_document(&gt, &pred_tables(&doc));
            if std::env::var_os("RENJA_KEEP").is_some() && c.correct < c.gt_cells {
                eprintln!("  {} {:?}", p.display(), c);
            }
            total += c;
            n += 1;
        }
        let m = total.metrics();
        eprintln!(
            "{:<22} {:>7} {:>7} {:>8.3} {:>8.3}",
            format!("{name} stacked"),
            total.gt_tables,
            total.found,
            m.cell_f1,
            m.numeric_accuracy
        );
        assert!(n >= 5, "stacked pairs: {n}");
        // Borderless pairs of the same column count whose columns overlap are joined into one
        // table in the second one's columns (measured 0.970 / 0.980 at stop 38): a floor that
        // can only rise until the pieces' column edges are compared, not only counted.
        let (f1, num) = if name == "borderless-wide" {
            (0.965, 0.975)
        } else {
            (0.98, 0.995)
        };
        if m.cell_f1 < f1 || m.numeric_accuracy < num {
            failures.push(name);
        }
    }
    finish(&dir, &failures, "stacked styles under the floors");
}
