//! `renja compare` as a grid of typed cells, so that one comparison is written the same way as an
//! aligned table, CSV, an Excel workbook (numbers as numbers) or a self-contained HTML page.

use comfy_table::{presets, Attribute, Cell as TCell, CellAlignment, ContentArrangement, Table};
use renja::report::html::esc;
use rust_xlsxwriter::{Format, FormatAlign, Workbook};
use std::io::IsTerminal;
use std::path::Path;

/// One cell of the grid.
#[derive(Debug, Clone)]
pub enum GCell {
    /// Text as is.
    Text(String),
    /// An amount in sen, with `*` when a finding touches it.
    Money { sen: i64, finding: bool },
    /// Nothing (the document or year does not have the item).
    Empty,
}

/// A comparison ready to write: a title, the header, typed rows (the last column is the flags).
pub struct Grid {
    /// What the grid shows (`2.07.03.2.01.0001 Penyusunan ...: pagu of the plan ...`).
    pub title: String,
    /// Column names.
    pub head: Vec<String>,
    /// Rows, as long as the header.
    pub rows: Vec<Vec<GCell>>,
    /// A closing line (counts, legend).
    pub footer: String,
}

/// An empty aligned table: box characters wrapped to a terminal's width, plain ASCII and no
/// wrapping when piped (no width to wrap to).
pub fn terminal_table() -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if !std::io::stdout().is_terminal() {
        t.load_style(presets::ASCII_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Disabled);
    }
    t
}

fn rupiah_text(sen: i64) -> String {
    renja::checks::format_rupiah(sen, renja::normalize::number::NumberStyle::Indonesian)
}

/// Whole rupiah; a sen remainder is kept as a decimal part (CSV is read by machines).
fn rupiah_plain(sen: i64) -> String {
    if sen % 100 == 0 {
        (sen / 100).to_string()
    } else {
        format!(
            "{}{}.{:02}",
            if sen < 0 { "-" } else { "" },
            (sen / 100).abs(),
            (sen % 100).abs()
        )
    }
}

impl Grid {
    /// An aligned table (box characters on a terminal, ASCII when piped).
    pub fn table(&self) -> String {
        let mut t = terminal_table();
        t.set_header(
            self.head
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    let c = TCell::new(h);
                    if i == 0 {
                        c.add_attribute(Attribute::Bold)
                    } else {
                        c
                    }
                })
                .collect::<Vec<_>>(),
        );
        for r in &self.rows {
            t.add_row(
                r.iter()
                    .map(|c| match c {
                        GCell::Text(s) => TCell::new(s),
                        GCell::Money { sen, finding } => TCell::new(format!(
                            "{}{}",
                            rupiah_text(*sen),
                            if *finding { " *" } else { "" }
                        ))
                        .set_alignment(CellAlignment::Right),
                        GCell::Empty => TCell::new("-").set_alignment(CellAlignment::Right),
                    })
                    .collect::<Vec<_>>(),
            );
        }
        format!("{}\n{t}\n{}\n", self.title, self.footer)
    }

    /// CSV: the header, then one record per row; amounts in rupiah without separators.
    pub fn csv(&self) -> Result<String, String> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&self.head).map_err(|e| e.to_string())?;
        for r in &self.rows {
            let rec: Vec<String> = r
                .iter()
                .map(|c| match c {
                    GCell::Text(s) => s.clone(),
                    GCell::Money { sen, .. } => rupiah_plain(*sen),
                    GCell::Empty => String::new(),
                })
                .collect();
            w.write_record(&rec).map_err(|e| e.to_string())?;
        }
        let bytes = w.into_inner().map_err(|e| e.to_string())?;
        String::from_utf8(bytes).map_err(|e| e.to_string())
    }

    /// An Excel workbook: the title in row 1, the header in row 2 (frozen, with an autofilter),
    /// amounts as numbers in rupiah, a finding's amount shaded.
    pub fn xlsx(&self, path: &Path) -> Result<(), String> {
        let fail = |e: rust_xlsxwriter::XlsxError| format!("{}: {e}", path.display());
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Compare").map_err(fail)?;
        let bold = Format::new().set_bold();
        let head = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top);
        let money = Format::new().set_num_format("#,##0");
        let money_sen = Format::new().set_num_format("#,##0.00");
        let shaded = |f: &Format| {
            f.clone()
                .set_background_color(rust_xlsxwriter::Color::RGB(0xF8CBAD))
        };
        ws.write_string_with_format(0, 0, &self.title, &bold)
            .map_err(fail)?;
        for (c, h) in self.head.iter().enumerate() {
            ws.write_string_with_format(1, c as u16, h, &head)
                .map_err(fail)?;
            ws.set_column_width(c as u16, if c == 1 { 40 } else { 18 })
                .map_err(fail)?;
        }
        for (i, r) in self.rows.iter().enumerate() {
            let row = i as u32 + 2;
            for (c, cell) in r.iter().enumerate() {
                let c = c as u16;
                match cell {
                    GCell::Text(s) if !s.is_empty() => {
                        ws.write_string(row, c, s).map_err(fail)?;
                    }
                    GCell::Money { sen, finding } => {
                        let f = if sen % 100 == 0 { &money } else { &money_sen };
                        let f = if *finding { shaded(f) } else { f.clone() };
                        ws.write_number_with_format(row, c, renja::report::xlsx::rupiah(*sen), &f)
                            .map_err(fail)?;
                    }
                    _ => {}
                }
            }
        }
        let last_row = self.rows.len() as u32 + 1;
        ws.write_string(last_row + 1, 0, &self.footer)
            .map_err(fail)?;
        ws.set_freeze_panes(2, 1).map_err(fail)?;
        if !self.head.is_empty() {
            ws.autofilter(1, 0, last_row.max(2), self.head.len() as u16 - 1)
                .map_err(fail)?;
        }
        wb.save(path).map_err(fail)
    }

    /// One HTML page with its style inline (nothing fetched), every text escaped.
    pub fn html(&self) -> String {
        let mut o = String::new();
        o.push_str("<!DOCTYPE html>\n<html lang=\"id\"><head><meta charset=\"utf-8\">\n");
        o.push_str(&format!("<title>{}</title>\n", esc(&self.title)));
        o.push_str(
            "<style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse}\
             th,td{border:1px solid #bbb;padding:2px 6px;vertical-align:top}\
             th{background:#eee;position:sticky;top:0}td.n{text-align:right;white-space:nowrap}\
             td.f{background:#f8cbad}</style></head><body>\n",
        );
        o.push_str(&format!(
            "<h1>{}</h1>\n<table>\n<thead><tr>",
            esc(&self.title)
        ));
        for h in &self.head {
            o.push_str(&format!("<th>{}</th>", esc(h).replace('\n', "<br>")));
        }
        o.push_str("</tr></thead>\n<tbody>\n");
        for r in &self.rows {
            o.push_str("<tr>");
            for c in r {
                match c {
                    GCell::Text(s) => {
                        o.push_str(&format!("<td>{}</td>", esc(s).replace('\n', "<br>")))
                    }
                    GCell::Money { sen, finding } => o.push_str(&format!(
                        "<td class=\"n{}\">{}{}</td>",
                        if *finding { " f" } else { "" },
                        esc(&rupiah_text(*sen)),
                        if *finding { " *" } else { "" }
                    )),
                    GCell::Empty => o.push_str("<td class=\"n\">-</td>"),
                }
            }
            o.push_str("</tr>\n");
        }
        o.push_str(&format!(
            "</tbody></table>\n<p>{}</p>\n</body></html>\n",
            esc(&self.footer)
        ));
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Grid {
        Grid {
            title: "2.07.01 <Penunjang>".into(),
            head: vec!["Kode".into(), "Nama".into(), "pagu".into(), "flags".into()],
            rows: vec![vec![
                GCell::Text("2.07.01".into()),
                GCell::Text("A & B <script>".into()),
                GCell::Money {
                    sen: 123_456,
                    finding: true,
                },
                GCell::Empty,
            ]],
            footer: "1 code".into(),
        }
    }

    #[test]
    fn html_escapes_text_and_fetches_nothing() {
        let h = grid().html();
        assert!(h.contains("A &amp; B &lt;script&gt;"), "{h}");
        assert!(!h.contains("<script>"));
        assert!(!h.contains("http"), "no network reference: {h}");
        assert!(h.contains("1.234,56 *") || h.contains("1.234,56"), "{h}");
    }

    #[test]
    fn csv_keeps_sen_as_decimals() {
        let c = grid().csv().unwrap();
        assert!(c.contains(",1234.56,"), "{c}");
        assert_eq!(rupiah_plain(-150), "-1.50");
        assert_eq!(rupiah_plain(200), "2");
    }
}
