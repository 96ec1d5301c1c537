//! Layout: positioned words and ruling lines to tables (grid where borders exist, text alignment
//! where they do not), stitched across pages.
//!
//! Per page: ruling lines become grids whose missing borders mark spanning cells (`grid`);
//! horizontal rules with no vertical lines bound the rows of a row-ruled table (`hrule`);
//! words outside grids become lines, from which borderless tables are found by shared column
//! gaps (`borderless`); lines just above a table are its title (`title`); the rest is text.
//! Across pages, a table that continues the previous one (same columns, repeated header or
//! nothing in between, no new title) is stitched onto it with its header kept once (`stitch`).

mod borderless;
mod cells;
mod config;
mod grid;
mod header;
mod hrule;
mod paragraph;
mod stitch;
mod text;
mod title;

pub use config::LayoutRules;

use crate::extracted::{Cell, Paragraph, Table};
use crate::geom::BBox;

/// One table as found on one page, before stitching: every grid row, header rows included.
#[derive(Debug, Clone)]
pub(crate) struct PageTable {
    /// Where the table is on the page.
    pub bbox: BBox,
    /// Column edges, left to right (one more than the number of columns).
    pub xs: Vec<f32>,
    /// The rows, top to bottom, each with one cell per column.
    pub rows: Vec<Vec<Cell>>,
    /// Per cell, whether its text is centred in it (header labels are) or it is empty.
    pub centered: Vec<Vec<bool>>,
    /// A title printed inside the table, as a first row spanning it (`Tabel 2.1 ...`).
    pub caption: String,
    /// The last row runs on over the page (no rule under it at the page's foot).
    pub broken_bottom: bool,
    /// The first row is the rest of a row broken over the page before (above the first rule).
    pub broken_top: bool,
    /// The column edges were placed by the text (no vertical rules): a column no word fills
    /// does not show.
    pub columns_from_text: bool,
}

/// Where one table found on a page lies, as plain numbers for drawing it over the page
/// (`extract --debug-dir`). Page points, top-left origin, y down.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableGeometry {
    /// The table's box.
    pub bbox: BBox,
    /// Column edges, left to right (one more than the number of columns; the inner ones are
    /// the gutters or vertical rules the columns were cut at).
    pub columns: Vec<f32>,
    /// Row edges, top to bottom (one more than the number of rows): midway between the text of
    /// neighbouring rows, the table's top and bottom outside.
    pub rows: Vec<f32>,
}

/// What layout saw and found on one page, for `extract --debug-dir`.
#[derive(Debug, Clone, PartialEq)]
pub struct PageGeometry {
    /// 1-based page number.
    pub page: u32,
    /// Page width in points, in the frame the boxes are given in.
    pub width: f32,
    /// Page height in points.
    pub height: f32,
    /// Text layer or OCR.
    pub source: crate::ingest::PageSource,
    /// The ruling lines the page has (found in the content or in the scan).
    pub rules: Vec<BBox>,
    /// The tables found on the page, before stitching, top to bottom.
    pub tables: Vec<TableGeometry>,
    /// How the page was turned before layout (sideways text): every box here is in the turned
    /// frame, `width` × `height` its size.
    pub turn: crate::ingest::upright::Turn,
}

impl TableGeometry {
    fn of(t: &PageTable) -> TableGeometry {
        // A row's vertical extent is the union of its cells' text; rows without any box (all
        // cells empty) take no part in the edges.
        let spans: Vec<(f32, f32)> = t
            .rows
            .iter()
            .filter_map(|r| {
                r.iter()
                    .filter(|c| !c.text.trim().is_empty())
                    .filter_map(|c| c.bbox)
                    .map(|b| (b.y0, b.y1))
                    .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
            })
            .collect();
        let mut rows = vec![t.bbox.y0];
        for w in spans.windows(2) {
            let mid = (w[0].1 + w[1].0) / 2.0;
            rows.push(mid.clamp(t.bbox.y0, t.bbox.y1));
        }
        rows.push(t.bbox.y1);
        TableGeometry {
            bbox: t.bbox,
            columns: t.xs.clone(),
            rows,
        }
    }
}

/// Builds tables page by page so memory stays bounded by one page plus the open table.
pub struct LayoutBuilder {
    /// Per page, what was found there; `None` unless [`LayoutBuilder::traced`] asked for it.
    trace: Option<Vec<PageGeometry>>,
    cfg: LayoutRules,
    page_numbers: Vec<regex::Regex>,
    stitcher: stitch::Stitcher,
    margins: stitch::MarginMemory,
    text: Vec<String>,
    /// Where each line of `text` was found (same length as `text`).
    places: Vec<paragraph::LinePlace>,
    vocab: cells::Vocab,
    /// A title left alone at the foot of the previous page, with the index in `text` where its
    /// lines start (taken back out of the text if the next page opens with its table).
    pending_title: Option<(String, usize)>,
}

/// What layout found in a document.
#[derive(Debug, Clone, Default)]
pub struct LayoutResult {
    /// Tables in reading order, each stitched over the pages it spans.
    pub tables: Vec<Table>,
    /// Non-table lines in reading order (titles and running headers/footers excluded).
    pub text: Vec<String>,
    /// The same text joined into paragraphs, each placed among the tables.
    pub paragraphs: Vec<Paragraph>,
    /// Per page, the geometry found (empty unless the builder was [`LayoutBuilder::traced`]).
    pub geometry: Vec<PageGeometry>,
}

impl Default for LayoutBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl LayoutBuilder {
    /// A builder with the tolerances of `rules/layout.toml`.
    pub fn new() -> Self {
        Self::with_rules(LayoutRules::load())
    }

    /// A builder with explicit tolerances (tests, tuning).
    pub fn with_rules(cfg: LayoutRules) -> Self {
        LayoutBuilder {
            trace: None,
            page_numbers: cfg.page_number_regexes(),
            stitcher: stitch::Stitcher::default(),
            margins: stitch::MarginMemory::default(),
            text: Vec::new(),
            places: Vec::new(),
            vocab: cells::Vocab::default(),
            pending_title: None,
            cfg,
        }
    }

    /// Also keeps, per page, the tables' boxes, rows and columns and the page's rules (returned
    /// in [`LayoutResult::geometry`]), for drawing them over the page.
    pub fn traced(mut self) -> Self {
        self.trace = Some(Vec::new());
        self
    }

    /// Adds the next page (pages must come in order).
    pub fn push_page(&mut self, page: &crate::ingest::Page) {
        let cfg = self.cfg.for_source(page.source);
        let cfg: &LayoutRules = &cfg;
        let (mut tables, mut used) = grid::ruled_tables(page, cfg, &mut self.vocab);
        let inherit = self.stitcher.open_xs().map(<[f32]>::to_vec);
        tables.extend(hrule::tables(
            page,
            cfg,
            &mut used,
            inherit.as_deref(),
            self.stitcher.open_runs_on(),
            &mut self.vocab,
        ));
        let free: Vec<&crate::ingest::Word> = page
            .words
            .iter()
            .zip(&used)
            .filter(|(_, u)| !**u)
            .map(|(w, _)| w)
            .collect();
        let mut lines = text::group_lines(free.iter().copied());
        // A column of running text beside a table is read as lines of its own, kept out of
        // the borderless tables (its lines would otherwise be the table's first column).
        // Each column found leaves the rest to look in again (a page of three columns, or
        // prose on both sides).
        let mut in_text_column = vec![false; lines.len()];
        let mut rest: Vec<&crate::ingest::Word> = free.clone();
        let mut columns: Vec<text::Line> = Vec::new();
        for round in 0..3 {
            // The page's own lines serve the first look; later looks regroup what is left.
            let found = if round == 0 {
                text::text_column(&lines, cfg)
            } else {
                text::text_column(&text::group_lines(rest.iter().copied()), cfg)
            };
            let Some(tc) = found else {
                break;
            };
            let col: Vec<&crate::ingest::Word>;
            (col, rest) = rest.iter().partition(|w| tc.holds(w));
            columns.extend(text::group_lines(col));
        }
        if !columns.is_empty() {
            let mut both: Vec<(text::Line, bool)> = columns
                .into_iter()
                .map(|l| (l, true))
                .chain(text::group_lines(rest).into_iter().map(|l| (l, false)))
                .collect();
            both.sort_by(|a, b| a.0.bbox.cy().total_cmp(&b.0.bbox.cy()));
            (lines, in_text_column) = both.into_iter().unzip();
        }
        let margin = self.margins.classify(page, &lines, cfg, &self.page_numbers);
        for l in &lines {
            self.vocab.add_lines(std::slice::from_ref(l));
        }
        // The first table on a page may be the open one run on; a grid or ruled table found
        // above it means it is not.
        let inherit = inherit.as_deref().filter(|_| tables.is_empty());
        let apart: Vec<bool> = margin
            .iter()
            .zip(&in_text_column)
            .map(|(m, c)| *m || *c)
            .collect();
        let (more, in_table) = borderless::tables(page, &lines, &apart, cfg, &self.vocab, inherit);
        tables.extend(more);
        tables.retain(|t| t.rows.iter().flatten().any(|c| !c.text.trim().is_empty()));
        tables.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
        if let Some(trace) = &mut self.trace {
            trace.push(PageGeometry {
                page: page.number,
                width: page.width,
                height: page.height,
                source: page.source,
                rules: page.rules.iter().map(|r| r.bbox).collect(),
                tables: tables.iter().map(TableGeometry::of).collect(),
                turn: Default::default(),
            });
        }
        let skip: Vec<bool> = margin
            .iter()
            .zip(&in_table)
            .map(|(m, t)| *m || *t)
            .collect();
        let titles = title::assign(&lines, &skip, &tables, cfg);

        // Reading order: tables and remaining lines by their top edge.
        let mut ti = 0;
        let mut order: Vec<(f32, Option<usize>, Option<usize>)> = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            if !skip[i] && !titles.is_title[i] {
                order.push((l.bbox.y0, Some(i), None));
            }
        }
        for (k, t) in tables.iter().enumerate() {
            order.push((t.bbox.y0, None, Some(k)));
        }
        order.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut tables: Vec<Option<PageTable>> = tables.into_iter().map(Some).collect();
        let mut pending = self.pending_title.take();
        let band = cfg.margin_band * page.height;
        let mut trailing: Vec<usize> = Vec::new();
        for (_, line, table) in order {
            if let Some(i) = line {
                self.text.push(lines[i].text());
                self.places.push(paragraph::LinePlace {
                    page: page.number,
                    y0: lines[i].bbox.y0,
                    y1: lines[i].bbox.y1,
                    x0: lines[i].bbox.x0,
                    x1: lines[i].bbox.x1,
                    tables_before: self.stitcher.count(),
                });
                // A line in the top/bottom margin band (a running header that changes from page
                // to page) does not separate a table from its continuation.
                let b = &lines[i].bbox;
                let in_band = b.y0 <= band || b.y1 >= page.height - band;
                let prose = lines[i].is_prose(cfg.prose_min_words, cfg.prose_word_gap);
                self.stitcher
                    .saw_text(&lines[i].text(), in_band, prose, cfg);
                pending = None;
                trailing.push(i);
            } else if let Some(k) = table {
                let mut t = tables[k].take().expect("each table is placed once");
                title::take_caption(&mut t, cfg);
                let mut title = titles.title[k].clone();
                if let (true, Some((p, at))) = (title.is_empty(), pending.take()) {
                    self.text.truncate(at);
                    self.places.truncate(at);
                    title = p;
                }
                self.stitcher.push(t, title, page.number, ti == 0, cfg);
                ti += 1;
                trailing.clear();
            }
        }
        // Title lines at the foot of the page wait for the table at the top of the next one.
        if let Some(n) = title::trailing_title(&lines, &trailing, cfg) {
            let at = self.text.len() - n;
            let t = self.text[at..].join(" ");
            self.pending_title = Some((t, at));
        }
    }

    /// Closes the last table and returns everything found.
    pub fn finish(self) -> LayoutResult {
        let mut tables = self.stitcher.finish();
        for t in &mut tables {
            t.drop_repeated_headers();
        }
        let paragraphs = paragraph::paragraphs(&self.text, &self.places, &self.cfg);
        LayoutResult {
            tables,
            text: self.text,
            paragraphs,
            geometry: self.trace.unwrap_or_default(),
        }
    }
}
