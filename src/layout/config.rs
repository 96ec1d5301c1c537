//! Layout tolerances and keyword lists, read from `rules/layout.toml`.

use regex::Regex;
use serde::Deserialize;

/// The tunables of table reconstruction (see `rules/layout.toml` for what each means).
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct LayoutRules {
    /// Thicker filled rectangles are shading, not rules (used by ingest).
    pub max_rule_thickness: f32,
    /// Rule positions closer than this are one grid line.
    pub snap_tolerance: f32,
    /// Collinear segments with a gap up to this are one line.
    pub join_tolerance: f32,
    /// `snap_tolerance` on OCR pages.
    pub ocr_snap_tolerance: f32,
    /// `join_tolerance` on OCR pages.
    pub ocr_join_tolerance: f32,
    /// `continuation_tolerance` on OCR pages.
    pub ocr_continuation_tolerance: f32,
    /// Column gaps (`hrule_min_gap`, `borderless_min_gap`) are scaled by this on OCR pages,
    /// whose word sizes are line-box heights, larger than the font size a text layer states.
    pub ocr_gap_scale: f32,
    /// Share of a cell edge that must be ruled for the edge to count as a border.
    pub span_coverage: f32,
    /// An empty grid column or row narrower than this (font sizes) is cut by a rule that
    /// bounds no column and is merged into its neighbour.
    pub phantom_max_width: f32,
    /// An empty slice narrower than this (font sizes) holds no cell padding: a double border.
    pub phantom_sliver_width: f32,
    /// Two full-width rules at most this far apart (points) may be the borders of two tables
    /// printed one under the other.
    pub touching_band: f32,
    /// Across such a band, at least this many column edges ending above it and as many
    /// starting below it at other places (edges moved) make two tables, however many they share.
    pub touching_changed_edges: usize,
    /// A lone cell of at most this many characters right above a repeated header is a scrap
    /// of a header cell (a scan set a line of a tall cell apart), dropped with the repeat.
    pub header_scrap_max_chars: usize,
    /// Lines below a rule-only table's last rule at the foot of a page, no further apart than
    /// this (font sizes), are a row the page broke.
    pub hrule_broken_row_gap: f32,
    /// A broken row's first line starts within this many font sizes of the last rule.
    pub hrule_broken_row_start: f32,
    /// A broken row reaches to within this many font sizes of the margin band.
    pub hrule_broken_row_reach: f32,
    /// Smallest width/height of a ruled region that can be a table.
    pub min_table_side: f32,
    /// Most lines a title can have.
    pub title_max_lines: usize,
    /// Largest gap (in line heights) between title lines and the table.
    pub title_max_gap: f32,
    /// Words a title line may start with (lower case).
    pub title_prefixes: Vec<String>,
    /// Share of the page height at top and bottom where running headers/footers live.
    pub margin_band: f32,
    /// Page-number line patterns (case-insensitive, whole line).
    pub page_number_patterns: Vec<String>,
    /// Column edges of a continuation must match within this.
    pub continuation_tolerance: f32,
    /// A text-placed continuation with fewer columns must share this much of the table's width.
    pub continuation_span_share: f32,
    /// Most edges of the open table, as a share, that a page running it on may move to its own
    /// gutters (more: the page is laid out in other columns).
    pub revise_max_share: f32,
    /// An edge passes through a word when it lies more than this far inside the word's box.
    pub revise_word_margin: f32,
    /// Lines of text at most between a table and a headerless piece on the next page that
    /// still continues it (a running header not recognised as one).
    pub continuation_stray_lines: usize,
    /// Fewest words of a prose line (fewer: a cell fragment).
    pub prose_min_words: usize,
    /// Widest gap between the words of a prose line, in font sizes (wider: cells of a row).
    pub prose_word_gap: f32,
    /// Words that mark a title as a continuation (lower case).
    pub continuation_words: Vec<String>,
    /// Most header rows at the top of a table.
    pub header_max_rows: usize,
    /// A new page's header is the open table's header retyped when its first row reads this
    /// alike (normalised Levenshtein) and it carries the same column numbering.
    pub header_similarity: f64,
    /// Share of a repeated header's words found among the open table's header words.
    pub header_containment: f64,
    /// Fewest words a header repeat compared by its words must have.
    pub header_repeat_min_words: usize,
    /// A bold line with a gap this wide between words (font sizes) is a row fragment, no title.
    pub title_word_gap: f32,
    /// Words a header's first cell opens with (lower case), letting its tiers run deeper than
    /// `header_plain_depth` rows when neither bold nor numbered.
    pub header_lead_words: Vec<String>,
    /// A header neither bold nor numbered ends above its first body row within this many rows.
    pub header_plain_depth: usize,
    /// Most words in one label of a header line (longer runs are text, not labels).
    pub header_label_words: usize,
    /// A header label goes to the first column it lies in by this share of its width.
    pub header_label_share: f32,
    /// A column of running text beside a table: at least this many lines in a row...
    pub text_column_min_lines: usize,
    /// ...each starting with a run of at least this many words...
    pub text_column_min_words: usize,
    /// ...at least this share of them ending at the column's edge.
    pub text_column_filled: f32,
    /// Widest gap between two words of a text column's line, in font sizes (justified).
    pub text_column_word_gap: f32,
    /// Points within which a text column's lines start on one edge.
    pub text_column_edge_tolerance: f32,
    /// Font sizes within which a filled line ends at the column's edge.
    pub text_column_fill_band: f32,
    /// Width of the empty channel beside a text column, in font sizes.
    pub text_column_channel: f32,
    /// Fewest lines with text beyond the channel.
    pub text_column_beside_lines: usize,
    /// Fewest lines of a borderless table.
    pub borderless_min_lines: usize,
    /// Fewest columns of a borderless table.
    pub borderless_min_columns: usize,
    /// Smallest column gap of a borderless table, in font sizes.
    pub borderless_min_gap: f32,
    /// Narrowest gutter of a borderless table where the text beside it lines up, in font
    /// sizes.
    pub borderless_narrow_gap: f32,
    /// Such a gutter is at least this many times the lines' word space.
    pub borderless_narrow_space: f32,
    /// Font sizes within which the text of a column lines up on one edge.
    pub borderless_narrow_tolerance: f32,
    /// Share of a column's lines that line up so.
    pub borderless_narrow_share: f32,
    /// A wider gap between lines (font sizes) may part two borderless tables; they stay one
    /// when their column gutters agree.
    pub borderless_split_gap: f32,
    /// Line pitches up to this many times the smallest are lines of one row of a borderless
    /// table whose rows no key column starts.
    pub borderless_pitch_tight: f32,
    /// Pitches from this many times the smallest are row breaks (cell padding between rows);
    /// rows are told this way only when no pitch falls between the two.
    pub borderless_pitch_loose: f32,
    /// Points added to the tight bound (a pitch's rounding).
    pub borderless_pitch_tight_pt: f32,
    /// Points added to the loose bound (the least padding that parts two rows).
    pub borderless_pitch_loose_pt: f32,
    /// Smallest pitch between two lines, in font sizes, that is a line pitch (closer: one line
    /// OCR split in two).
    pub borderless_min_pitch: f32,
    /// A chart's tick label lies at most this many font sizes beyond a gridline's end.
    pub axis_tick_reach: f32,
    /// Rules of which at least this share carry a tick label so are gridlines, no table.
    pub axis_tick_share: f32,
    /// Fewest lines of two cells each (a label and its value) that make a two-column table.
    pub pair_min_lines: usize,
    /// Smallest gutter of a two-column table, in font sizes.
    pub pair_min_gap: f32,
    /// Points within which the cells of a two-column table line up on a common edge.
    pub pair_align_tolerance: f32,
    /// Share of a two-column run's lines whose cells line up so.
    pub pair_aligned_share: f32,
    /// A cell of running text fills at least this share of its column's widest line.
    pub prose_cell_fill: f32,
    /// Prose set in columns: at least this share of the block's lines fill every column...
    pub prose_full_lines: f32,
    /// ...and at least this share of its filled cells are running text...
    pub prose_cell_share: f32,
    /// ...and its lines are set at most this many font sizes apart (leading, no cell padding).
    pub prose_max_pitch: f32,
    /// A space between words, in font sizes, when testing whether a word would have fitted on
    /// the line above (taken small, so a doubtful case stays a row of its own): a borderless
    /// line's wrap into the row above, a ruled cell's forced line break.
    pub wrap_space: f32,
    /// Points a joined line may fall short of the width it must exceed (a borderless column's
    /// widest line, a ruled cell's inside) and still count as wrapped (widths measured from
    /// glyph boxes).
    pub wrap_slack: f32,
    /// Fewest points a horizontal rule must run to bound a row of a row-ruled table.
    pub hrule_min_rule_len: f32,
    /// Rules of one row-ruled table start and end within this many points of each other.
    pub hrule_extent_tolerance: f32,
    /// Tallest row of a row-ruled table (points); a wider gap between rules ends the table.
    pub hrule_max_row_height: f32,
    /// Smallest column gap inside a row-ruled table, in font sizes: the rules already prove a
    /// table, so a gutter narrower than a borderless table's (cell padding of a few points)
    /// still parts columns; word spaces stay well under it.
    pub hrule_min_gap: f32,
    /// A text-placed column narrower than this many font sizes that holds only marks (no letter
    /// or digit) ...
    pub sliver_max_width: f32,
    /// ... in at most this share of the rows is a phantom, merged into its neighbours.
    pub sliver_max_fill: f32,
    /// Marks that are a cell's value (the nil dash), never a phantom's.
    pub sliver_values: Vec<String>,
    /// Most row-rule candidates read on a page (a chart of thousands of strokes is no table).
    pub hrule_max_rules: usize,
    /// A band between two rules whose text keeps at least this many font sizes off both rules
    /// lies outside the table (a title between two stacked tables; cell text sits on a rule).
    pub hrule_outside_gap: f32,
    /// An empty band lower than this many font sizes is the margin between two stacked tables
    /// (an empty row is at least a line high).
    pub hrule_empty_gap: f32,
    /// A vertical gap between two text lines above this many line heights starts a paragraph.
    pub paragraph_gap: f32,
    /// A line ending before this share of the page's text width, followed by one starting with
    /// a capital, ends a paragraph.
    pub paragraph_short_line: f32,
    /// Patterns (case-insensitive) of a line that starts a paragraph whatever the spacing: list
    /// items and numbered headings.
    pub paragraph_start_patterns: Vec<String>,
}

impl Default for LayoutRules {
    fn default() -> Self {
        LayoutRules {
            max_rule_thickness: 2.0,
            snap_tolerance: 2.0,
            join_tolerance: 2.0,
            ocr_snap_tolerance: 4.0,
            ocr_join_tolerance: 6.0,
            ocr_continuation_tolerance: 8.0,
            ocr_gap_scale: 0.68,
            span_coverage: 0.5,
            phantom_max_width: 1.0,
            hrule_broken_row_gap: 0.8,
            hrule_broken_row_start: 1.5,
            hrule_broken_row_reach: 3.0,
            phantom_sliver_width: 0.5,
            touching_band: 8.0,
            touching_changed_edges: 1,
            header_scrap_max_chars: 8,
            min_table_side: 8.0,
            title_max_lines: 6,
            title_max_gap: 2.2,
            title_prefixes: vec!["tabel".into(), "table".into(), "lampiran".into()],
            margin_band: 0.09,
            page_number_patterns: vec![r"^\d{1,4}$".into()],
            continuation_tolerance: 4.0,
            continuation_span_share: 0.9,
            revise_max_share: 0.4,
            revise_word_margin: 1.0,
            continuation_stray_lines: 2,
            prose_min_words: 3,
            prose_word_gap: 1.5,
            continuation_words: vec!["lanjutan".into(), "sambungan".into(), "continued".into()],
            header_max_rows: 6,
            header_similarity: 0.85,
            header_containment: 0.9,
            header_repeat_min_words: 4,
            title_word_gap: 4.0,
            header_lead_words: vec!["kode".into(), "no".into(), "no.".into()],
            header_plain_depth: 4,
            header_label_words: 6,
            header_label_share: 0.4,
            text_column_min_lines: 6,
            text_column_min_words: 4,
            text_column_filled: 0.7,
            text_column_word_gap: 2.0,
            text_column_edge_tolerance: 2.0,
            text_column_fill_band: 1.5,
            text_column_channel: 1.0,
            text_column_beside_lines: 3,
            borderless_min_lines: 3,
            borderless_min_columns: 3,
            borderless_min_gap: 1.2,
            borderless_narrow_gap: 0.5,
            borderless_narrow_space: 2.0,
            borderless_narrow_tolerance: 0.15,
            borderless_narrow_share: 0.7,
            borderless_split_gap: 0.6,
            borderless_pitch_tight: 1.04,
            borderless_pitch_loose: 1.08,
            borderless_pitch_tight_pt: 0.2,
            borderless_pitch_loose_pt: 0.4,
            borderless_min_pitch: 0.6,
            axis_tick_reach: 3.0,
            axis_tick_share: 0.6,
            pair_min_lines: 4,
            pair_min_gap: 2.0,
            pair_align_tolerance: 2.0,
            pair_aligned_share: 0.8,
            prose_cell_fill: 0.6,
            prose_full_lines: 0.8,
            prose_cell_share: 0.75,
            prose_max_pitch: 1.6,
            wrap_space: 0.2,
            wrap_slack: 0.5,
            hrule_min_rule_len: 60.0,
            hrule_extent_tolerance: 3.0,
            hrule_max_row_height: 250.0,
            hrule_min_gap: 0.7,
            sliver_max_width: 2.0,
            sliver_max_fill: 0.25,
            sliver_values: vec!["-".into()],
            hrule_max_rules: 2000,
            hrule_outside_gap: 0.5,
            hrule_empty_gap: 1.0,
            paragraph_gap: 0.8,
            paragraph_short_line: 0.75,
            paragraph_start_patterns: vec![
                r"^[-\u{2022}\u{2013}]\s".into(),
                r"^(\d{1,2}|[a-z])[.)]\s".into(),
                r"^\d{1,2}(\.\d{1,2})+\.?\s".into(),
                r"^bab\s".into(),
            ],
        }
    }
}

impl LayoutRules {
    /// Loads `rules/layout.toml`; a broken rules file falls back to the built-in defaults with a
    /// warning on stderr, so a typo in an override never stops a batch.
    pub fn load() -> Self {
        match crate::rules::toml::<LayoutRules>("layout.toml") {
            Ok(r) => r,
            Err(e) => {
                eprintln!("warning: {e}; using built-in layout defaults");
                LayoutRules::default()
            }
        }
    }

    /// The tolerances for a page from `source`: looser for OCR pages.
    pub fn for_source(&self, source: crate::ingest::PageSource) -> std::borrow::Cow<'_, Self> {
        match source {
            crate::ingest::PageSource::TextLayer => std::borrow::Cow::Borrowed(self),
            crate::ingest::PageSource::Ocr => std::borrow::Cow::Owned(LayoutRules {
                snap_tolerance: self.ocr_snap_tolerance,
                join_tolerance: self.ocr_join_tolerance,
                continuation_tolerance: self.ocr_continuation_tolerance,
                hrule_min_gap: self.hrule_min_gap * self.ocr_gap_scale,
                borderless_min_gap: self.borderless_min_gap * self.ocr_gap_scale,
                borderless_narrow_gap: self.borderless_narrow_gap * self.ocr_gap_scale,
                ..self.clone()
            }),
        }
    }

    /// The paragraph-start patterns compiled; invalid ones are reported and skipped.
    pub fn paragraph_start_regexes(&self) -> Vec<Regex> {
        compile(&self.paragraph_start_patterns, "paragraph_start_patterns")
    }

    /// The page-number patterns compiled; invalid ones are reported and skipped.
    pub fn page_number_regexes(&self) -> Vec<Regex> {
        compile(&self.page_number_patterns, "page_number_patterns")
    }
}

/// Compiles case-insensitive patterns of the list `what`; invalid ones are reported and skipped.
fn compile(patterns: &[String], what: &str) -> Vec<Regex> {
    patterns
        .iter()
        .filter_map(|p| match Regex::new(&format!("(?i){p}")) {
            Ok(r) => Some(r),
            Err(e) => {
                eprintln!("warning: rules/layout.toml: bad {what} entry {p:?}: {e}");
                None
            }
        })
        .collect()
}
