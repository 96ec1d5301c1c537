//! Across pages: stitching a table that continues onto the next page (header kept once, each
//! row remembering its page), and recognising running headers/footers.

use std::collections::HashMap;

use super::config::LayoutRules;
use super::header;
use super::text::Line;
use super::PageTable;
use crate::extracted::{Cell, Row, Table};
use crate::ingest::Page;

/// Cell text as compared between pages: lower case, no whitespace.
fn key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn row_key(r: &[Cell]) -> Vec<String> {
    r.iter().map(|c| key(&c.text)).collect()
}

/// The non-empty cells of a column-number row, so `1 2 3` matches `1 2 3 _` (a trailing empty
/// column one piece has and the next has not).
fn numbers(r: &[Cell]) -> Vec<String> {
    r.iter()
        .map(|c| key(&c.text))
        .filter(|k| !k.is_empty())
        .collect()
}

/// The words of some rows, lower case and cut at every non-alphanumeric character, counted:
/// a header compared by its words, whatever order its wrapped lines were read in.
fn words_of(rows: &[Vec<Cell>]) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for c in rows.iter().flatten() {
        for w in c
            .text
            .to_lowercase()
            .split(|ch: char| !ch.is_alphanumeric())
        {
            if !w.is_empty() {
                *m.entry(w.to_string()).or_insert(0) += 1;
            }
        }
    }
    m
}

/// Whether the words `a` are, by at least `share` of them and at least `min` in all, among
/// the words `b`.
fn contained(
    a: &HashMap<String, usize>,
    b: &HashMap<String, usize>,
    share: f64,
    min: usize,
) -> bool {
    let n: usize = a.values().sum();
    let common: usize = a
        .iter()
        .map(|(w, k)| (*k).min(b.get(w).copied().unwrap_or(0)))
        .sum();
    n >= min && common as f64 >= share * n as f64
}

fn is_empty_row(r: &[Cell]) -> bool {
    r.iter().all(|c| c.text.trim().is_empty())
}

/// The table being built, possibly still continuing on the next page.
struct Open {
    table: Table,
    xs: Vec<f32>,
    header_key: Vec<Vec<String>>,
    /// The last piece's last row runs on over the page.
    broken_bottom: bool,
}

impl Open {
    /// Adds a continuing piece's body rows from `page`; the next page continues this piece,
    /// whose columns (`xs`) may differ from the first, unless its columns, placed by its text,
    /// were set into the open table's.
    fn append(
        &mut self,
        rows: impl Iterator<Item = Vec<Cell>>,
        page: u32,
        xs: Vec<f32>,
        broken_bottom: bool,
        columns_from_text: bool,
        span_share: f32,
    ) {
        // Ruled columns are what they are drawn as; only text-placed ones can miss a column.
        let map = columns_from_text
            .then(|| column_map(&self.xs, &xs, span_share))
            .flatten();
        let width = self.xs.len().saturating_sub(1);
        for r in rows.filter(|r| !is_empty_row(r)) {
            let cells = match &map {
                Some(map) if map.len() == r.len() => {
                    let mut cells = vec![Cell::default(); width];
                    for (c, k) in r.into_iter().zip(map) {
                        cells[*k] = c;
                    }
                    cells
                }
                _ => r,
            };
            self.table.rows.push(Row { page, cells });
        }
        self.table.last_page = page;
        // A piece set into the open table's columns leaves those columns standing.
        if map.is_none() {
            self.xs = xs;
        }
        self.broken_bottom = broken_bottom;
    }
}

/// Where each column of a continuing piece with fewer columns than the open table goes among
/// the open table's columns: the one it overlaps most. A piece laid out afresh, whose empty
/// columns (a `No` column never filled, a blank `Catatan`) show no text to find them by,
/// otherwise slides every cell after a missing column one place left. `None` when the piece
/// has as many columns or more, the two share less than `span_share` of the wider one's width,
/// or the piece's columns do
/// not land on a run of the open table's neighbouring columns.
fn column_map(open: &[f32], piece: &[f32], span_share: f32) -> Option<Vec<usize>> {
    if piece.len() < 3 || piece.len() >= open.len() {
        return None;
    }
    let (a0, a1) = (open[0], open[open.len() - 1]);
    let (b0, b1) = (piece[0], piece[piece.len() - 1]);
    let common = a1.min(b1) - a0.max(b0);
    if common < span_share * (a1 - a0).max(b1 - b0) {
        return None;
    }
    let mut map: Vec<usize> = Vec::with_capacity(piece.len() - 1);
    for w in piece.windows(2) {
        let overlap = |k: usize| open[k + 1].min(w[1]) - open[k].max(w[0]);
        let best = (0..open.len() - 1).max_by(|&x, &y| overlap(x).total_cmp(&overlap(y)))?;
        // Columns missing inside the piece are its own layout (a reader that merged two, a
        // column the author dropped): only a run missing at either end is set in.
        if overlap(best) <= 0.0 || map.last().is_some_and(|&m| m + 1 != best) {
            return None;
        }
        map.push(best);
    }
    Some(map)
}

/// Decides, table by table, whether a page's table starts a new table or continues the open one.
#[derive(Default)]
pub(crate) struct Stitcher {
    open: Option<Open>,
    done: Vec<Table>,
    text_since: bool,
    /// Lines of such text seen since the open table's last piece.
    text_lines: usize,
    /// The last piece pushed was a repeat of the open table's header, skipped.
    after_header_repeat: bool,
}

/// Header rows a piece repeats of the open table's header in a looser sense than equal text:
/// its own leading header rows (bold, numbered, or above its first body row) begin with a row
/// that reads like the open table's first header row (a retyped header, an OCR slip, a column
/// more or less), and when both carry a column-number row, the numbering is the same.
/// 0 when it does not.
fn retyped_header_len(t: &PageTable, open: &Open, cfg: &LayoutRules) -> usize {
    let Some(first_open) = open.table.header_rows.first() else {
        return 0;
    };
    let h = header::header_len_or_leading(&t.rows, &t.centered, false, cfg);
    if h == 0 {
        return 0;
    }
    let numbering = |rows: &[Vec<Cell>]| {
        rows.iter()
            .find(|r| header::is_number_row(r))
            .map(|r| numbers(r))
    };
    let same_numbering = match (numbering(&t.rows[..h]), numbering(&open.table.header_rows)) {
        // Compared run together: two numbers read into one cell (`10= 5+7+9 * 11= 10/4 *`)
        // are still the same numbering.
        (Some(a), Some(b)) => a.concat() == b.concat(),
        (None, None) => true,
        // A header whose numbering row one piece has and the other lacks is another table's.
        _ => false,
    };
    let a = numbers(first_open).concat();
    let b = numbers(&t.rows[0]).concat();
    let alike = !a.is_empty() && strsim::normalized_levenshtein(&a, &b) >= cfg.header_similarity;
    // Wrapped header lines read in another order, or the piece repeating only the header's
    // lower tiers: the words tell, where the column numbering vouches for the table.
    let numbered = numbering(&t.rows[..h]).is_some();
    let same_words = numbered
        && contained(
            &words_of(&t.rows[..h]),
            &words_of(&open.table.header_rows),
            cfg.header_containment,
            cfg.header_repeat_min_words,
        );
    if same_numbering && (alike || same_words) {
        h
    } else {
        0
    }
}

/// A header row as a scan re-reads it: equal cell by cell, or, both holding letters, its text
/// run together at least `similarity` alike (an OCR slip: `Kcde`, `Uusar/`).
fn header_row_alike(r: &[Cell], h: &[String], similarity: f64) -> bool {
    let k = row_key(r);
    if k == h {
        return true;
    }
    let (a, b) = (k.concat(), h.concat());
    a.chars().any(char::is_alphabetic)
        && b.chars().any(char::is_alphabetic)
        && strsim::normalized_levenshtein(&a, &b) >= similarity
}

/// A lone scrap (one short cell, no body row) right above a row that repeats the open table's
/// first header row: a piece of a tall header cell (`Rencana Tahun 2022` read as `2002.`) a
/// scan set on a line of its own. It stands between the repeat and its recognition.
fn scrap_above_header(rows: &[Vec<Cell>], hk: &[Vec<String>], cfg: &LayoutRules) -> bool {
    let (Some(first), Some(next), Some(h0)) = (rows.first(), rows.get(1), hk.first()) else {
        return false;
    };
    let filled: Vec<&Cell> = first.iter().filter(|c| !c.text.trim().is_empty()).collect();
    filled.len() == 1
        && filled[0].text.trim().chars().count() <= cfg.header_scrap_max_chars
        && header_row_alike(next, h0, cfg.header_similarity)
}

/// Same number of columns and every column edge within `tol`.
fn same_columns(a: &[f32], b: &[f32], tol: f32) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol)
}

impl Stitcher {
    /// Text (not a title, not a running header) was seen after the open table. A line of the
    /// open table's header words right after a repeat of that header was skipped is a stray
    /// line of the repeat (set below the box its rules drew), not text between tables. Only
    /// `prose` (a line of several evenly spaced words, not a row fragment a rule-less table
    /// left behind) counts towards the stray lines a headerless continuation may pass; a line
    /// in the page's margin band (`in_band`: perhaps a running header that changes from page
    /// to page) counts only there.
    pub fn saw_text(&mut self, line: &str, in_band: bool, prose: bool, cfg: &LayoutRules) {
        let stray = self.after_header_repeat
            && self.open.as_ref().is_some_and(|open| {
                let cell = Cell {
                    text: line.to_string(),
                    ..Cell::default()
                };
                contained(
                    &words_of(&[vec![cell]]),
                    &words_of(&open.table.header_rows),
                    cfg.header_containment,
                    1,
                )
            });
        if !stray {
            self.text_lines += usize::from(prose);
            if in_band {
                return;
            }
            self.text_since = true;
            self.after_header_repeat = false;
        }
    }

    /// Adds a page's table. It continues the open table when it is the first table on its page,
    /// has no title of its own (or a `Lanjutan ...` one), and either has the same column edges
    /// with nothing but running headers/footers in between, or the same number of columns and
    /// the open table's header repeated.
    pub fn push(
        &mut self,
        mut t: PageTable,
        title: String,
        page: u32,
        first_on_page: bool,
        cfg: &LayoutRules,
    ) {
        if self
            .open
            .as_ref()
            .is_some_and(|o| scrap_above_header(&t.rows, &o.header_key, cfg))
        {
            t.rows.remove(0);
            if !t.centered.is_empty() {
                t.centered.remove(0);
            }
        }
        let lower = title.to_lowercase();
        let continued = title.is_empty()
            || cfg
                .continuation_words
                .iter()
                .any(|w| lower.split(|c: char| !c.is_alphanumeric()).any(|t| t == w));
        // The open table's header repeated and nothing else (a page broke right under it, its
        // rows follow on the next page): no row of its own, and no reason to close the table.
        let header_only = continued
            && (first_on_page || !self.text_since)
            && !t
                .rows
                .iter()
                .any(|r| crate::extracted::looks_like_body_row(r))
            && self.open.as_ref().is_some_and(|open| {
                contained(
                    &words_of(&t.rows),
                    &words_of(&open.table.header_rows),
                    cfg.header_containment,
                    cfg.header_repeat_min_words,
                )
            });
        self.after_header_repeat = header_only;
        if header_only {
            return;
        }
        // A document converted page by page (or an author who split a long table) gives a new
        // table for each piece, each starting with the table's column-number row and with
        // nothing between it and the piece above: that is the same table, wherever the piece
        // starts on the page, as the text export of such a document reads it.
        let renumbered = !self.text_since
            && self.open.as_ref().is_some_and(|open| {
                t.rows.first().is_some_and(|r| {
                    header::is_number_row(r)
                        && open
                            .table
                            .header_rows
                            .iter()
                            .any(|h| numbers(h).concat() == numbers(r).concat())
                })
            });
        // A piece with neither title nor header of its own, right under the open table with
        // nothing between, opening on body rows: the rest of the open table (a page break, a
        // converter that cut the table), though its column widths were laid out afresh. Its
        // cells are kept in their own column order, as the text export of such a document.
        // Across a page break a stray line or two (a running header not recognised as one)
        // may stand between the pieces; a heading and a paragraph mean another table.
        let few_lines = self.text_lines <= cfg.continuation_stray_lines;
        let headerless = continued
            && (first_on_page || !self.text_since)
            && few_lines
            && self.open.is_some()
            && header::header_len(&t.rows, &t.centered, cfg.header_max_rows) == 0
            && !t
                .rows
                .first()
                .is_some_and(|r| header::opens_with(r, &cfg.header_lead_words))
            && !t.rows.iter().take(3).any(|r| header::is_number_row(r))
            && (self.open.as_ref().is_some_and(|o| o.xs.len() == t.xs.len())
                || t.rows
                    .iter()
                    .take(3)
                    .any(|r| crate::extracted::looks_like_body_row(r)));
        // A header retyped or re-read on each piece (`Sasaran` / `Sesaran`, an OCR slip, a
        // column more or less) is the same header when it carries the same column numbering
        // and reads nearly the same; the text export joins these pieces the same way.
        let renumbered_header = match &self.open {
            Some(open) if first_on_page || !self.text_since => retyped_header_len(&t, open, cfg),
            _ => 0,
        };
        // The rest of a row the page before broke off: the same table, whatever its columns.
        let runs_on =
            first_on_page && t.broken_top && self.open.as_ref().is_some_and(|o| o.broken_bottom);
        if let (true, true, Some(open)) = (
            continued || runs_on,
            first_on_page || renumbered || renumbered_header > 0 || headerless || runs_on,
            self.open.as_mut(),
        ) {
            if runs_on {
                let mut rows = t.rows.into_iter();
                if let (Some(tail), Some(last)) = (rows.next(), open.table.rows.last_mut()) {
                    join_broken_row(&mut last.cells, tail);
                }
                open.append(
                    rows,
                    page,
                    t.xs,
                    t.broken_bottom,
                    t.columns_from_text,
                    cfg.continuation_span_share,
                );
                self.clear_text();
                return;
            }
            let hk = &open.header_key;
            let m = t
                .rows
                .iter()
                .zip(hk)
                .take_while(|(r, h)| header_row_alike(r, h, cfg.header_similarity))
                .count();
            // A header the first page did not recognise (not bold, not centred) shows itself
            // by repeating: the new page starts with the same rows the table started with.
            let repeated = if hk.is_empty() {
                t.rows
                    .iter()
                    .zip(&open.table.rows)
                    .take_while(|(a, b)| {
                        b.page == open.table.page
                            && a.iter().filter(|c| !c.text.trim().is_empty()).count() >= 2
                            // Header labels are words: identical body rows (`2 01 2 - -`)
                            // repeated at the top of both pages are not a header.
                            && a.iter().any(|c| c.text.chars().any(char::is_alphabetic))
                            && row_key(a) == row_key(&b.cells)
                    })
                    .count()
            } else {
                0
            };
            let header_match =
                (!hk.is_empty() && m == hk.len()) || repeated > 0 || renumbered_header > 0;
            // Borderless tables place their column edges by the text of each page: a repeated
            // header is then the evidence, with the same number of columns.
            let structure = same_columns(&t.xs, &open.xs, cfg.continuation_tolerance);
            let same_count = t.xs.len() == open.xs.len();
            // A renumbered piece's leading column-number row is skipped below, as on any
            // continuation that repeats only the numbering row.
            if (structure && !self.text_since && few_lines)
                || (same_count && header_match)
                || renumbered
                || renumbered_header > 0
                || headerless
            {
                if repeated > 0 {
                    let rest = open.table.rows.split_off(repeated);
                    let head = std::mem::replace(&mut open.table.rows, rest);
                    open.header_key = head.iter().map(|r| row_key(&r.cells)).collect();
                    open.table.header_rows = head.into_iter().map(|r| r.cells).collect();
                }
                let mut skip = m.max(repeated).max(renumbered_header);
                let hk = &open.header_key;
                // A repeated numbering row without the header rows above it.
                if m < hk.len() && skip < t.rows.len() && header::is_number_row(&t.rows[skip]) {
                    skip += 1;
                }
                open.append(
                    t.rows.into_iter().skip(skip),
                    page,
                    t.xs,
                    t.broken_bottom,
                    t.columns_from_text,
                    cfg.continuation_span_share,
                );
                self.clear_text();
                return;
            }
        }
        let title = if title.is_empty() { t.caption } else { title };
        let h = header::header_len_or_leading(&t.rows, &t.centered, !title.is_empty(), cfg);
        // A table whose first rows came out before its header (a page of SIPD's plan table
        // printed ahead of the page with the header): the open table is only body rows, and
        // the header follows right under it with nothing between. The header is the table's,
        // the rows above it stay its first body rows, as the text export reads such a table.
        if let Some(open) = self.open.as_mut() {
            let adopt = continued
                && title.is_empty()
                && !self.text_since
                && h > 0
                && open.table.header_rows.is_empty()
                && open.table.page + 1 >= page
                && header::opens_with(&t.rows[0], &cfg.header_lead_words)
                && open
                    .table
                    .rows
                    .first()
                    .is_some_and(|r| crate::extracted::looks_like_body_row(&r.cells));
            if adopt {
                let mut rows = t.rows;
                let body = rows.split_off(h);
                open.header_key = rows.iter().map(|r| row_key(r)).collect();
                open.table.header_rows = rows;
                open.append(
                    body.into_iter(),
                    page,
                    t.xs,
                    t.broken_bottom,
                    false,
                    cfg.continuation_span_share,
                );
                return;
            }
        }
        self.close();
        let mut rows = t.rows;
        let body = rows.split_off(h);
        let header_key = rows.iter().map(|r| row_key(r)).collect();
        let table = Table {
            title,
            page,
            last_page: page,
            header_rows: rows,
            rows: body
                .into_iter()
                .filter(|r| !is_empty_row(r))
                .map(|cells| Row { page, cells })
                .collect(),
        };
        self.open = Some(Open {
            table,
            xs: t.xs,
            header_key,
            broken_bottom: t.broken_bottom,
        });
        self.clear_text();
    }

    /// A piece was placed: no text stands after it yet.
    fn clear_text(&mut self) {
        self.text_since = false;
        self.text_lines = 0;
    }

    /// Whether the open table's last row runs on over the page.
    pub fn open_runs_on(&self) -> bool {
        self.open.as_ref().is_some_and(|o| o.broken_bottom)
    }

    /// The column edges of the table that may still continue on the next page.
    pub fn open_xs(&self) -> Option<&[f32]> {
        self.open.as_ref().map(|o| o.xs.as_slice())
    }

    /// Tables started so far (the open one included).
    pub fn count(&self) -> usize {
        self.done.len() + usize::from(self.open.is_some())
    }

    fn close(&mut self) {
        if let Some(o) = self.open.take() {
            self.done.push(o.table);
        }
    }

    /// All tables, the open one closed.
    pub fn finish(mut self) -> Vec<Table> {
        self.close();
        self.done
    }
}

/// Remembers the margin lines of the previous page to spot running headers and footers.
#[derive(Default)]
pub(crate) struct MarginMemory {
    prev: Vec<(String, f32)>,
}

/// A line's text with digits folded, so `Halaman 3` and `Halaman 4` compare equal.
fn margin_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

impl MarginMemory {
    /// Flags the lines that are running headers/footers: in the top or bottom margin band, and
    /// either a page number or the same text at the same height as on the previous page.
    pub fn classify(
        &mut self,
        page: &Page,
        lines: &[Line],
        cfg: &LayoutRules,
        page_numbers: &[regex::Regex],
    ) -> Vec<bool> {
        let height = if page.height > 0.0 {
            page.height
        } else {
            lines.iter().map(|l| l.bbox.y1).fold(0.0, f32::max)
        };
        let band = cfg.margin_band * height;
        let mut cur = Vec::new();
        let flags = lines
            .iter()
            .map(|l| {
                if !(l.bbox.y1 <= band || l.bbox.y0 >= height - band) {
                    return false;
                }
                let text = l.text();
                let k = margin_key(&text);
                let cy = l.bbox.cy();
                let repeated = self
                    .prev
                    .iter()
                    .any(|(pk, py)| *pk == k && (py - cy).abs() <= 3.0);
                cur.push((k, cy));
                repeated || page_numbers.iter().any(|r| r.is_match(text.trim()))
            })
            .collect();
        self.prev = cur;
        flags
    }
}

/// Joins the rest of a row broken over a page into the row's first part: each cell's text goes
/// to the cell of the first part under which it stands (the pieces' columns may be cut
/// differently), or to the cell at its own index when either side has no position.
fn join_broken_row(first: &mut [Cell], tail: Vec<Cell>) {
    for (i, c) in tail.into_iter().enumerate() {
        let text = c.text.trim();
        if text.is_empty() {
            continue;
        }
        let at = c
            .bbox
            .and_then(|b| {
                let cx = b.cx();
                first
                    .iter()
                    .position(|f| f.bbox.is_some_and(|fb| fb.x0 <= cx && cx < fb.x1))
            })
            .unwrap_or(i.min(first.len().saturating_sub(1)));
        if let Some(f) = first.get_mut(at) {
            if !f.text.is_empty() {
                f.text.push(' ');
            }
            f.text.push_str(text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::BBox;

    fn piece(rows: &[&[&str]], xs: &[f32]) -> PageTable {
        PageTable {
            bbox: BBox::default(),
            xs: xs.to_vec(),
            rows: rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|t| Cell {
                            text: t.to_string(),
                            ..Cell::default()
                        })
                        .collect()
                })
                .collect(),
            centered: rows.iter().map(|r| vec![false; r.len()]).collect(),
            caption: String::new(),
            broken_bottom: false,
            broken_top: false,
            columns_from_text: false,
        }
    }

    const HEAD: &[&str] = &["NO", "Program", "Pagu"];
    const NUMS: &[&str] = &["1", "2", "3"];

    #[test]
    fn a_piece_that_restarts_with_the_column_numbers_continues_mid_page() {
        let cfg = LayoutRules::default();
        let mut s = Stitcher::default();
        let first = piece(
            &[HEAD, NUMS, &["I", "PROGRAM X", "10"]],
            &[0.0, 20.0, 90.0, 140.0],
        );
        s.push(first, "Tabel 2.4".into(), 1, true, &cfg);
        // Its own column widths, a trailing empty column, second on its page.
        let second = piece(
            &[&["1", "2", "3", ""], &["(1)", "Sub", "10", ""]],
            &[0.0, 25.0, 95.0, 130.0, 140.0],
        );
        s.push(second, String::new(), 2, false, &cfg);
        let t = s.finish();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].rows.len(), 2);
        assert_eq!(t[0].last_page, 2);
    }

    #[test]
    fn text_between_or_a_title_keeps_pieces_apart() {
        let cfg = LayoutRules::default();
        let xs = [0.0, 20.0, 90.0, 140.0];
        let mut s = Stitcher::default();
        s.push(
            piece(&[HEAD, NUMS, &["I", "X", "1"]], &xs),
            "Tabel 1".into(),
            1,
            true,
            &cfg,
        );
        s.saw_text("Lorem ipsum", false, true, &cfg);
        s.push(
            piece(&[NUMS, &["(1)", "Y", "1"]], &xs),
            String::new(),
            1,
            false,
            &cfg,
        );
        s.push(
            piece(&[NUMS, &["(2)", "Z", "1"]], &xs),
            "Tabel 2".into(),
            1,
            false,
            &cfg,
        );
        assert_eq!(s.finish().len(), 3);
    }

    #[test]
    fn a_headerless_piece_after_a_heading_and_a_paragraph_is_another_table() {
        let cfg = LayoutRules::default();
        let xs = [0.0, 20.0, 90.0, 140.0];
        let body: &[&str] = &["2.07.01.2.09.06", "Pemeliharaan Peralatan", "16,170,000"];
        let run = |lines: &[(&str, bool, bool)]| {
            let mut s = Stitcher::default();
            s.push(
                piece(&[HEAD, NUMS, &["I", "X", "1"]], &xs),
                "Tabel 3.2".into(),
                1,
                true,
                &cfg,
            );
            for &(l, band, prose) in lines {
                s.saw_text(l, band, prose, &cfg);
            }
            // Laid out afresh on the next page: its own column widths.
            s.push(
                piece(&[body], &[0.0, 30.0, 95.0, 140.0]),
                String::new(),
                2,
                true,
                &cfg,
            );
            s.finish().len()
        };
        // A heading and a paragraph at the top of the page: another table.
        assert_eq!(
            run(&[
                ("3.4. Rencana Program dan Kegiatan", true, true),
                ("Berdasarkan hasil dari review dan analisa", true, true),
                ("kebutuhan terhadap target capaian indikator", true, true),
            ]),
            2
        );
        // A running header or two, or cell fragments a rule-less table left: the same table.
        assert_eq!(run(&[("Renja Disnakertrans 2022", true, true)]), 1);
        assert_eq!(
            run(&[
                ("Penganggaran, dan Capaian", false, false),
                ("KOTA", false, false),
                ("Evaluasi Kinerja Sasaran", false, false),
            ]),
            1
        );
    }

    #[test]
    fn a_header_right_under_rows_that_came_out_before_it_is_the_table_s() {
        let cfg = LayoutRules::default();
        let run = |text_between: bool| {
            let mut s = Stitcher::default();
            let early: &[&str] = &["2.07.01.2.09.06", "Pemeliharaan Peralatan", "16,170,000"];
            s.push(
                piece(&[early], &[0.0, 30.0, 90.0, 140.0]),
                String::new(),
                1,
                true,
                &cfg,
            );
            if text_between {
                s.saw_text("Tabel berikut menyajikan rencana", false, true, &cfg);
            }
            let head: &[&str] = &["Kode", "Program", "Pagu"];
            s.push(
                piece(
                    &[head, NUMS, &["2.07.02", "PROGRAM Y", "21,000,300"]],
                    &[0.0, 20.0, 90.0, 140.0],
                ),
                String::new(),
                1,
                false,
                &cfg,
            );
            s.finish()
        };
        let t = run(false);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].header_rows.len(), 2);
        assert_eq!(t[0].header_rows[0][0].text, "Kode");
        let codes: Vec<&str> = t[0].rows.iter().map(|r| r.cells[0].text.as_str()).collect();
        assert_eq!(codes, vec!["2.07.01.2.09.06", "2.07.02"]);
        assert_eq!(run(true).len(), 2);
    }

    #[test]
    fn a_piece_whose_header_is_retyped_with_the_same_numbering_continues() {
        let cfg = LayoutRules::default();
        let mut s = Stitcher::default();
        let head1: &[&str] = &["Kode", "Sesaran", "Program", "Target Renstra", ""];
        let head2: &[&str] = &["Kode", "Sasaran", "Program", "Target Rencana", ""];
        let nums: &[&str] = &["", "", "5", "6", "7"];
        let first = piece(
            &[head1, nums, &["2.07", "-", "PROGRAM X", "100", "10"]],
            &[0.0, 20.0, 50.0, 90.0, 120.0, 140.0],
        );
        s.push(first, String::new(), 1, true, &cfg);
        // Mid-page, one column more, OCR-like slips in the header words.
        let second = piece(
            &[
                &["Kode", "Sasaran", "Program", "Target Rencana", "", ""],
                &["", "", "5", "6", "7", ""],
                &["2.07.01", "", "KEGIATAN Y", "100", "10", ""],
            ],
            &[0.0, 22.0, 50.0, 90.0, 120.0, 135.0, 140.0],
        );
        s.push(second, String::new(), 1, false, &cfg);
        // A different table with another numbering does not join.
        let third = piece(
            &[
                head2,
                &["", "", "1", "2", "3"],
                &["2.08", "", "Z", "1", "2"],
            ],
            &[0.0, 20.0, 50.0, 90.0, 120.0, 140.0],
        );
        s.push(third, String::new(), 2, true, &cfg);
        let t = s.finish();
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].rows.len(), 2);
        assert_eq!(t[0].rows[1].cells[0].text, "2.07.01");
    }

    #[test]
    fn a_header_repeat_a_scan_damaged_under_a_scrap_of_it_is_skipped() {
        let cfg = LayoutRules::default();
        let xs = [0.0, 20.0, 90.0, 140.0, 170.0];
        let head: &[&str] = &[
            "Kode",
            "Urusan/ Program/ Kegiatan",
            "Indikator Kinerja",
            "Pagu",
        ];
        // The table's first page, then a piece mid-page right under it.
        let stitched = |first_row: &[&str], rest: &[&[&str]]| {
            let mut s = Stitcher::default();
            s.push(
                piece(&[head, first_row], &xs),
                "Tabel 3".into(),
                1,
                true,
                &cfg,
            );
            s.push(piece(rest, &xs), String::new(), 2, false, &cfg);
            s.finish()
        };
        // A scrap of a header cell, then the header as OCR read it, then rows.
        let t = stitched(
            &["2.07.01", "PROGRAM X", "Persentase", "10"],
            &[
                &["", "", "2002.", ""],
                &[
                    "Kcde",
                    "Uusar/ Program/ Kegiatan",
                    "Indikator kinerja",
                    "Pagu",
                ],
                &["2.07.01.2.01", "KEGIATAN Y", "Jumlah", "10"],
            ],
        );
        assert_eq!(t.len(), 1);
        let codes: Vec<&str> = t[0].rows.iter().map(|r| r.cells[0].text.as_str()).collect();
        assert_eq!(codes, ["2.07.01", "2.07.01.2.01"]);
        // A lone short cell above a body row is kept.
        let t = stitched(
            &["2.07", "X", "Y", "1"],
            &[&["", "", "12", ""], &["2.08", "Z", "W", "2"]],
        );
        assert_eq!(t[0].rows.len(), 3, "{:?}", t[0].rows);
    }

    #[test]
    fn a_headerless_piece_right_under_the_table_continues_it() {
        let cfg = LayoutRules::default();
        let mut s = Stitcher::default();
        s.push(
            piece(
                &[HEAD, NUMS, &["I", "PROGRAM X", "10"]],
                &[0.0, 20.0, 90.0, 140.0],
            ),
            "Tabel 2.1".into(),
            1,
            true,
            &cfg,
        );
        // Laid out afresh (other widths, one column fewer), opening on the tail of a wrapped
        // cell and then a coded row with an amount.
        s.push(
            piece(
                &[&["", "s Disnakertrans"], &["2.07.01", "1.234.567"]],
                &[0.0, 30.0, 140.0],
            ),
            String::new(),
            1,
            false,
            &cfg,
        );
        // Headerless too, but with text between: another table.
        s.saw_text("Lorem ipsum", false, true, &cfg);
        s.push(
            piece(&[&["2.08", "X", "5.000.000"]], &[0.0, 20.0, 90.0, 140.0]),
            String::new(),
            1,
            false,
            &cfg,
        );
        let t = s.finish();
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].rows.len(), 3);
        assert_eq!(t[0].header_rows.len(), 2);
    }

    /// A long header whose wrapped lines each page reads in its own word order.
    fn long_head(order: bool) -> Vec<&'static str> {
        if order {
            vec![
                "Kode",
                "Indikator Kinerja Program",
                "Target Capaian Renstra 2022-2026",
            ]
        } else {
            vec![
                "Kode",
                "Kinerja Indikator Program",
                "Capaian Target 2022- 2026 Renstra",
            ]
        }
    }

    #[test]
    fn a_repeated_header_at_the_page_foot_adds_nothing_and_the_table_goes_on() {
        let cfg = LayoutRules::default();
        let mut s = Stitcher::default();
        let xs = [0.0, 20.0, 90.0, 120.0, 140.0];
        let mut head = long_head(true);
        head.push("Target Kegiatan");
        let nums: &[&str] = &["1", "2", "3= 2/1 *", "4= 3 *"];
        let first = piece(&[&head, nums, &["2", "Jumlah A", "3 dokumen", "-"]], &xs);
        s.push(first, "Tabel T-C.29".into(), 1, true, &cfg);
        // The header again under the rows, its page broken right below it, its lines read in
        // another order and cut into other columns; one stray line of it set outside its box.
        let again = long_head(false);
        let tail: Vec<&str> = vec!["", "", "", ""];
        s.push(
            piece(&[&again[..2], &again[2..], &tail], &[0.0, 40.0, 140.0]),
            String::new(),
            1,
            false,
            &cfg,
        );
        s.saw_text("2022- 2026 Renstra", false, true, &cfg);
        // Next page: the numbering (two numbers read into one cell) and the rows.
        s.push(
            piece(
                &[
                    &["1", "2", "3= 2/1 * 4= 3 *"],
                    &["2", "Jumlah B", "5 orang"],
                ],
                &[0.0, 40.0, 90.0, 140.0],
            ),
            String::new(),
            2,
            true,
            &cfg,
        );
        let t = s.finish();
        assert_eq!(t.len(), 1, "{t:#?}");
        assert_eq!(t[0].rows.len(), 2);
        assert_eq!(t[0].rows[1].cells[1].text, "Jumlah B");
        assert_eq!(t[0].last_page, 2);
    }

    #[test]
    fn a_header_only_piece_of_other_words_or_after_text_is_another_table() {
        let cfg = LayoutRules::default();
        let xs = [0.0, 20.0, 90.0, 140.0];
        let head = long_head(true);
        let other: &[&str] = &[
            "No",
            "Usulan Program Pemangku Kepentingan",
            "Lokasi Sasaran",
        ];
        let mut s = Stitcher::default();
        s.push(
            piece(&[&head, NUMS, &["2", "Jumlah A", "3"]], &xs),
            "Tabel 1".into(),
            1,
            true,
            &cfg,
        );
        s.push(piece(&[other], &xs), String::new(), 1, false, &cfg);
        assert_eq!(s.count(), 2);
        // The open table's own header words, but after a paragraph of text: a new table.
        let mut s = Stitcher::default();
        s.push(
            piece(&[&head, NUMS, &["2", "Jumlah A", "3"]], &xs),
            "Tabel 1".into(),
            1,
            true,
            &cfg,
        );
        s.saw_text(
            "Tabel berikut menyajikan capaian tahun lalu",
            false,
            true,
            &cfg,
        );
        s.push(piece(&[&head], &xs), String::new(), 1, false, &cfg);
        assert_eq!(s.count(), 2);
    }

    #[test]
    fn a_text_placed_piece_missing_its_empty_edge_columns_keeps_the_table_s_columns() {
        let cfg = LayoutRules::default();
        let head: &[&str] = &["No", "Program", "Lokasi", "Pagu", "Catatan"];
        let nums: &[&str] = &["1", "2", "3", "4", "5"];
        let xs = [0.0, 12.0, 100.0, 140.0, 200.0, 240.0];
        let run = |from_text: bool, xs_piece: &[f32], row: &[&str]| {
            let mut s = Stitcher::default();
            let mut first = piece(&[head, nums, &["", "Program X", "Dinas", "10", ""]], &xs);
            first.columns_from_text = true;
            s.push(first, "Tabel T-C.31".into(), 1, true, &cfg);
            // Next page, laid out afresh: no word in the `No` and `Catatan` columns, so
            // the text shows three columns only, each a little off the first page's.
            let mut next = piece(&[row], xs_piece);
            next.columns_from_text = from_text;
            s.push(next, String::new(), 2, true, &cfg);
            s.finish().remove(0).rows.remove(1).cells
        };
        let texts = |cells: Vec<Cell>| cells.into_iter().map(|c| c.text).collect::<Vec<_>>();
        let row: &[&str] = &["Kegiatan Y", "Dinas", "5.000.000"];
        assert_eq!(
            texts(run(true, &[0.0, 105.0, 138.0, 240.0], row)),
            ["", "Kegiatan Y", "Dinas", "5.000.000", ""]
        );
        // Ruled columns are taken as drawn.
        assert_eq!(texts(run(false, &[0.0, 105.0, 138.0, 240.0], row)), row);
        // A column missing inside the piece is its own layout, not an empty edge.
        let row: &[&str] = &["", "Kegiatan Y", "5.000.000", ""];
        assert_eq!(
            texts(run(true, &[0.0, 12.0, 120.0, 200.0, 240.0], row)),
            row
        );
    }
}
