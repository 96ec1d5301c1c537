//! Model: the document as a plain typed tree — document -> tables -> items (urusan, bidang,
//! program, kegiatan, sub kegiatan, totals, indicator continuation rows), each item with its
//! canonical code and where it came from, its name, indicators, money per column with the raw
//! text, and the source row. Built from an extracted document with classify + normalize.
//!
//! Reading a row is tolerant of the shifts real tables have: a code split over several cells
//! pushes the name right, and money lands one cell off. Money is therefore read by content
//! (cells that hold an amount) and placed into the table's money columns in order; when a row
//! has fewer amounts than money columns the possible placements are all kept as options and
//! the checks pick the one the arithmetic supports (Serang T3.3 kegiatan 2.09).

pub mod meta;

use crate::classify::{self, Classified, Column, TableKind};
use crate::extracted::{Document, Table};
use crate::normalize::code::{self, Level};
use crate::normalize::names::{Nomenclature, NomenclatureVersion};
use crate::normalize::number::{self, Money, NumberFlag, NumberStyle};
use crate::normalize::repair::{self, ColumnType, Repair};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

pub use meta::{DocKind, Meta};

/// The level of an item in the planning hierarchy, plus the row kinds that are not plan items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemLevel {
    /// Grand total (JUMLAH / TOTAL / unlabelled first row).
    Total,
    /// Urusan.
    Urusan,
    /// Bidang urusan.
    Bidang,
    /// Program.
    Program,
    /// Kegiatan.
    Kegiatan,
    /// Sub kegiatan.
    SubKegiatan,
    /// A row with no code and no name: another indicator of the item above.
    Continuation,
    /// A named row whose level could not be told.
    Unknown,
}

impl ItemLevel {
    /// Depth for the parent stack (`None` for rows outside the hierarchy).
    pub fn rank(self) -> Option<u8> {
        match self {
            ItemLevel::Urusan => Some(1),
            ItemLevel::Bidang => Some(2),
            ItemLevel::Program => Some(3),
            ItemLevel::Kegiatan => Some(4),
            ItemLevel::SubKegiatan => Some(5),
            _ => None,
        }
    }
    /// Indonesian label used in messages.
    pub fn label(self) -> &'static str {
        match self {
            ItemLevel::Total => "total",
            ItemLevel::Urusan => "urusan",
            ItemLevel::Bidang => "bidang urusan",
            ItemLevel::Program => "program",
            ItemLevel::Kegiatan => "kegiatan",
            ItemLevel::SubKegiatan => "sub kegiatan",
            ItemLevel::Continuation => "baris indikator lanjutan",
            ItemLevel::Unknown => "baris",
        }
    }
    /// English label used in `--lang en` messages (the level names themselves are terms of art
    /// reviewers use in English too).
    pub fn label_en(self) -> &'static str {
        match self {
            ItemLevel::Continuation => "indicator continuation row",
            ItemLevel::Unknown => "row",
            other => other.label(),
        }
    }
    fn from_level(l: Level) -> ItemLevel {
        match l {
            Level::Urusan => ItemLevel::Urusan,
            Level::Bidang => ItemLevel::Bidang,
            Level::Program => ItemLevel::Program,
            Level::Kegiatan => ItemLevel::Kegiatan,
            Level::SubKegiatan => ItemLevel::SubKegiatan,
        }
    }
}

/// Where an item's code came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeSource {
    /// Read from the printed code cells.
    Printed,
    /// Found by looking the name up in the nomenclature.
    Name,
    /// Inferred from the surrounding rows (numbering, position).
    Context,
    /// No code.
    None,
}

/// One money cell as printed and as read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoneyCell {
    /// The cell text as printed.
    pub raw: String,
    /// The amount in sen (after any accepted unit scaling).
    pub value: Money,
    /// What was odd about the printing.
    pub flags: Vec<NumberFlag>,
    /// 0-based column index of the cell in the row.
    pub col: usize,
    /// OCR confidence when the cell was read by OCR.
    pub conf: Option<f32>,
}

/// One indicator with its target as printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// Indicator text.
    pub text: String,
    /// Target as printed (first target-role cell), when there is one.
    pub target: Option<String>,
}

/// One row of a table, read.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Item {
    /// 0-based index of the row in `Table::rows`.
    pub row: usize,
    /// Page of the row (0 for text exports).
    pub page: u32,
    /// Level.
    pub level: ItemLevel,
    /// Canonical code, when known.
    pub code: Option<String>,
    /// The code cells as printed.
    pub code_raw: String,
    /// Where the code came from.
    pub code_source: CodeSource,
    /// The code the printed digits named when the name says another one (a wrong or
    /// duplicated printed code; the row keeps the code its name gives).
    pub printed_code: Option<String>,
    /// Printed numbering mark (`I`, `1`, `(1)`) when the table numbers rows instead of coding.
    pub numbering: Option<String>,
    /// Name as printed.
    pub name: String,
    /// Indicators (the row's own and those of continuation rows below it).
    pub indicators: Vec<Indicator>,
    /// Money per column key (the placement in use, see `money_options`).
    pub money: BTreeMap<String, MoneyCell>,
    /// Every plausible placement of the row's amounts into the money columns, the first being
    /// the positional one. More than one only when the row has fewer amounts than columns.
    pub money_options: Vec<BTreeMap<String, MoneyCell>>,
    /// Index of the placement in use.
    pub money_choice: usize,
    /// Sumber dana, when printed.
    pub sumber_dana: Option<String>,
    /// Lokasi, when printed.
    pub lokasi: Option<String>,
    /// Satuan (unit of the target) from the table's satuan column, when printed.
    #[serde(default)]
    pub satuan: Option<String>,
    /// Index (in `TableModel::items`) of the parent item.
    pub parent: Option<usize>,
    /// For continuation rows: the item they belong to.
    pub attached_to: Option<usize>,
    /// The row's cell texts.
    pub cells: Vec<String>,
    /// Amount cells found in the row (cell index, parsed) and the row's shift against the
    /// header, kept to place them again when the header's money columns prove unreliable.
    #[serde(skip)]
    amounts: (Vec<(usize, number::ParsedMoney)>, isize),
}

impl Item {
    /// Code and name for messages (`2.07.01.2.01 Perencanaan ...`).
    pub fn label(&self) -> String {
        match (&self.code, self.name.is_empty()) {
            (Some(c), false) => format!("{c} {}", self.name),
            (Some(c), true) => c.clone(),
            (None, false) => match &self.numbering {
                Some(n) => format!("{n} {}", self.name),
                None => self.name.clone(),
            },
            (None, true) => self
                .indicators
                .first()
                .map(|i| i.text.clone())
                .unwrap_or_else(|| format!("baris {}", self.row + 1)),
        }
    }
}

/// A note from reading a table: what could not be understood (becomes an info finding).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// Short machine id (`unknown_kind`, `no_money_column`, `unplaced_row`, ...).
    pub id: String,
    /// Row index when the note is about one row.
    pub row: Option<usize>,
    /// Detail for the message (Bahasa Indonesia, for readers of the model JSON).
    pub detail: String,
    /// The values the message templates of rules/checks.toml fill in, so that each language
    /// renders its own sentence (`name`, `start`, `largest`, ...).
    #[serde(default)]
    pub values: BTreeMap<String, String>,
}

/// A table, read.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TableModel {
    /// 0-based index in the document.
    pub index: usize,
    /// Title as printed (or a made-up `Tabel tanpa judul #n`).
    pub title: String,
    /// First page.
    pub page: u32,
    /// Classification.
    pub class: Classified,
    /// Keys of the money columns, left to right.
    pub money_keys: Vec<String>,
    /// Whether a `Rp.000` header was honoured (amounts scaled by 1000).
    pub scaled_thousands: bool,
    /// Items in row order.
    pub items: Vec<Item>,
    /// What could not be understood.
    pub notes: Vec<Note>,
}

impl TableModel {
    /// The money column with a role and block, e.g. (`pagu`, `hasil`).
    pub fn money_key(&self, role: &str, block: Option<&str>) -> Option<String> {
        self.class
            .columns
            .iter()
            .filter(|c| c.money && c.role == role)
            .find(|c| block.is_none() || c.block.as_deref() == block)
            .map(|c| c.key.clone())
    }
}

/// The whole document, read.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocModel {
    /// Input file name.
    pub name: String,
    /// Metadata: pemda, OPD, year, kind.
    pub meta: Meta,
    /// Dominant number style.
    pub style: NumberStyle,
    /// Tables in reading order.
    pub tables: Vec<TableModel>,
    /// Extraction problems that did not stop the document (`page 7: ...`).
    pub warnings: Vec<String>,
    /// The running text as paragraphs placed among the tables (for checks of quoted figures).
    #[serde(default)]
    pub paragraphs: Vec<crate::extracted::Paragraph>,
}

/// The nomenclature, loaded once; `None` when it cannot be loaded (name lookups then skipped).
pub fn nomenclature() -> Option<&'static Nomenclature> {
    static N: OnceLock<Option<Nomenclature>> = OnceLock::new();
    N.get_or_init(|| match Nomenclature::load() {
        Ok(n) => Some(n),
        Err(e) => {
            eprintln!("renja: nomenclature not available: {e}");
            None
        }
    })
    .as_ref()
}

/// Words a wrapped name can end with before its continuation row.
const JOINERS: &[&str] = &[
    "dan", "serta", "yang", "di", "dari", "untuk", "pada", "bagi", "dalam", "atau", "ke", "&", ",",
];

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).expect("static regex"))
}

fn has_letter(s: &str) -> bool {
    s.chars().any(|c| c.is_alphabetic())
}

fn is_roman(s: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^[IVXLC]{1,6}\.?$").is_match(s)
}

fn is_paren_num(s: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^\(\d{1,3}\)$").is_match(s)
}

/// A cell that can be part of a printed code: digits with dots, spaces, dashes; `X`.
fn is_code_token(s: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    static M: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^[0-9Xx][0-9Xx .\-,]*$").is_match(s)
        && s.chars().any(|c| c.is_ascii_digit() || c == 'X')
        && !re(&M, r"^\d{1,3}([.,]\d{3}){2,}([.,]\d{2})?$|^\d{7,}$").is_match(s)
}

/// A short cell (`O1`, `0S`) that the letters-for-digits repair of codes turns into a code
/// segment, standing before the name: left of the name column, or with only code segments
/// between it and a name. A word (`Dok`, `IKU`) has no digit, so stays text.
fn misread_segment(v: &str, k: usize, name_col: Option<usize>, texts: &[String]) -> Option<String> {
    // The longest segment of the code system is a sub kegiatan's four digits (`0001`).
    if v.chars().count() > 4 || !v.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let fixed = crate::normalize::repair::repair_code(v)?.text;
    if !is_code_token(&fixed) {
        return None;
    }
    // A code spilled right of its column runs past the name column's start: the name that
    // follows vouches for it there.
    let name_next = texts[k + 1..]
        .iter()
        .find(|t| !is_placeholder(t) && !is_code_token(t))
        .is_some_and(|t| has_letter(t) && t.chars().count() > 4);
    (name_col.is_some_and(|n| k < n) || name_next).then_some(fixed)
}

/// Where a code begins that a row printed in the columns left of the code column: a template
/// with one narrow column per segment (`2 | 07 | 04 | 2.01 | 01`) whose empty leading columns
/// no rule marks comes out with the segments in the columns the header gave to bidang urusan,
/// tujuan and so on. Taken only when the cells left of the code column are two or more code
/// segments that, joined with the code column's own, read deeper than the code column alone
/// (a `No` of `1` beside a full code is not a segment).
fn code_spilled_left(texts: &[String], code_col: usize, no_col: Option<usize>) -> Option<usize> {
    let get = |i: usize| texts.get(i).map(|s| s.as_str()).unwrap_or("");
    let mut j = code_col;
    let mut first = None;
    while j > 0 && Some(j - 1) != no_col {
        let v = get(j - 1);
        if is_code_token(v) {
            first = Some(j - 1);
        } else if !is_placeholder(v) {
            break;
        }
        j -= 1;
    }
    let first = first?;
    let run = |from: usize| -> Vec<&str> {
        (from..texts.len())
            .map(get)
            .take_while(|v| is_code_token(v) || is_placeholder(v))
            .filter(|v| is_code_token(v))
            .collect()
    };
    let left = run(first);
    let own = run(code_col);
    if left.len() < 2 + own.len() {
        return None;
    }
    let depth = |cells: &[&str]| {
        code::read_code(cells, None)
            .parsed
            .candidates
            .first()
            .map_or(0, |c| c.split('.').count())
    };
    (depth(&left) > depth(&own)).then_some(first)
}

fn is_placeholder(s: &str) -> bool {
    s.is_empty() || s.chars().all(|c| c == '-' || c == '.' || c == '–')
}

fn norm_label(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The start of the title made up for a table printed without one (`Tabel tanpa judul #3`).
pub const UNTITLED_PREFIX: &str = "Tabel tanpa judul #";

/// Builds the model of a document.
pub fn build(doc: &Document) -> DocModel {
    let rules = classify::rules();
    let classes: Vec<Classified> = doc.tables.iter().map(classify::classify).collect();
    // Number style over every cell of every money column (plus all cells as a fallback).
    let mut money_cells: Vec<&str> = Vec::new();
    for (t, c) in doc.tables.iter().zip(&classes) {
        for col in c.money_columns() {
            for r in &t.rows {
                if let Some(cell) = r.cells.get(col.index) {
                    money_cells.push(cell.text.as_str());
                }
            }
        }
    }
    let mut style = number::detect_style(money_cells.iter().copied());
    if style == NumberStyle::Unknown {
        style = number::detect_style(doc.tables.iter().flat_map(|t| {
            t.rows
                .iter()
                .flat_map(|r| r.cells.iter().map(|c| c.text.as_str()))
        }));
    }
    let meta = meta::extract(doc);
    let version = NomenclatureVersion::for_year(meta.year.unwrap_or(2022));
    let nom = nomenclature();
    let mut tables = Vec::new();
    for (i, (t, c)) in doc.tables.iter().zip(classes).enumerate() {
        tables.push(build_table(
            i,
            t,
            c,
            style,
            version,
            nom,
            rules.money_min_rupiah,
            &meta,
        ));
    }
    let mut model = DocModel {
        name: doc.name.clone(),
        meta,
        style,
        tables,
        warnings: doc.warnings.clone(),
        paragraphs: doc.paragraphs.clone(),
    };
    apply_unit_headers(&mut model);
    model
}

/// Decides `Rp.000` headers: honoured only when scaling keeps the table's magnitude in line
/// with the document's unscaled money tables; otherwise the amounts stay as printed and a note
/// `unit_header_conflict` is left.
fn apply_unit_headers(model: &mut DocModel) {
    let top = |t: &TableModel| -> Option<i64> {
        t.items
            .iter()
            .flat_map(|i| i.money.values().map(|m| m.value.0))
            .max()
    };
    let reference: Vec<i64> = model
        .tables
        .iter()
        .filter(|t| !t.class.thousands_header)
        .filter_map(top)
        .collect();
    for t in model.tables.iter_mut().filter(|t| t.class.thousands_header) {
        let Some(mine) = top(t) else { continue };
        let scaled = mine.saturating_mul(1000);
        let plausible_scaled = if reference.is_empty() {
            // No other table: an OPD budget above Rp 10 trillion is not plausible.
            scaled < 10_000_000_000_000 * 100
        } else {
            reference
                .iter()
                .any(|&r| r > 0 && scaled / r < 20 && r / scaled.max(1) < 20)
        };
        if plausible_scaled {
            t.scaled_thousands = true;
            for it in t.items.iter_mut() {
                for opt in it.money_options.iter_mut() {
                    for m in opt.values_mut() {
                        m.value = Money(m.value.0.saturating_mul(1000));
                    }
                }
                it.money = it
                    .money_options
                    .get(it.money_choice)
                    .cloned()
                    .unwrap_or_default();
            }
        } else {
            t.notes.push(Note {
                id: "unit_header_conflict".into(),
                row: None,
                detail: format!(
                    "header menyatakan Rp.000 tetapi nilai terbesar {} sudah sebesar pagu tabel lain dalam rupiah penuh",
                    mine / 100
                ),
                values: BTreeMap::from([("largest".to_string(), (mine / 100).to_string())]),
            });
        }
    }
}

struct Layout<'a> {
    code_col: Option<usize>,
    no_col: Option<usize>,
    name_col: Option<usize>,
    bidang_col: Option<usize>,
    money: Vec<&'a Column>,
    indicator_col: Option<usize>,
    target_col: Option<usize>,
    location_col: Option<usize>,
    sumber_col: Option<usize>,
    unit_col: Option<usize>,
}

#[allow(clippy::too_many_arguments)]
fn build_table(
    index: usize,
    t: &Table,
    class: Classified,
    style: NumberStyle,
    version: NomenclatureVersion,
    nom: Option<&Nomenclature>,
    money_min_rupiah: i64,
    meta: &Meta,
) -> TableModel {
    let rules = classify::rules();
    let title = if t.title.trim().is_empty() {
        format!("{UNTITLED_PREFIX}{}", index + 1)
    } else {
        t.title.clone()
    };
    let col_of = |role: &str| class.first(role).map(|c| c.index);
    let lay = Layout {
        code_col: col_of("code"),
        no_col: col_of("no"),
        name_col: col_of("name"),
        bidang_col: col_of("bidang_urusan"),
        money: class.money_columns(),
        indicator_col: col_of("indicator"),
        target_col: col_of("target"),
        location_col: col_of("location"),
        sumber_col: col_of("sumber_dana"),
        unit_col: col_of("unit"),
    };
    let mut notes = Vec::new();
    let has_money_rows = t.rows.iter().any(|r| {
        r.cells
            .iter()
            .any(|c| money_amount(&c.text, style, money_min_rupiah).is_some())
    });
    if class.kind == TableKind::Other && has_money_rows {
        notes.push(Note {
            id: "unknown_kind".into(),
            row: None,
            detail: "jenis tabel tidak dapat dikenali dari judul dan header".into(),
            values: BTreeMap::new(),
        });
    }
    if lay.money.is_empty() && has_money_rows {
        notes.push(Note {
            id: "no_money_column".into(),
            row: None,
            detail: "header tidak memetakan kolom pagu/realisasi; jumlah tidak diperiksa".into(),
            values: BTreeMap::new(),
        });
    }
    let col_types = column_types(&class);
    // Repaired OCR cells by (row, column), the printed text kept in each.
    let mut repaired: BTreeMap<(usize, usize), Repair> = BTreeMap::new();
    let mut items: Vec<Item> = Vec::new();
    let mut bidang_ctx: Option<String> = meta.bidang.first().cloned();
    // Numbering styles in use: a table that numbers with I / 1 / (1) gives levels by style.
    let mut stack: Vec<usize> = Vec::new();
    for (ri, row) in t.rows.iter().enumerate() {
        let mut texts: Vec<String> = row
            .cells
            .iter()
            .map(|c| c.text.trim().to_string())
            .collect();
        if texts.iter().all(|s| is_placeholder(s)) {
            continue;
        }
        // Scanned cells are read as repaired where a rule of rules/repair.toml proves the
        // reading; everything after this sees the repaired text.
        for (ci, cell) in row.cells.iter().enumerate() {
            let Some(&ty) = col_types.get(&ci) else {
                continue;
            };
            if cell.conf.is_none() {
                continue;
            }
            if let Some(rep) = repair::repair_cell(&texts[ci], ty, style) {
                texts[ci] = rep.text.clone();
                repaired.insert((ri, ci), rep);
            }
        }
        let mut item = read_row(ri, row.page, &texts, &lay, &class, style, money_min_rupiah);
        for (k, opt) in item.money_options.iter_mut().enumerate() {
            for m in opt.values_mut() {
                m.conf = row.cells.get(m.col).and_then(|c| c.conf);
            }
            if k == 0 {
                item.money = opt.clone();
            }
        }
        // A name wrapped onto the next row (page break or narrow column): only a name, no
        // code, no money, and either starting in lower case or following a name that ends in
        // a joining word ("PROGRAM PELATIHAN KERJA DAN" / "PRODUKTIVITAS TENAGA KERJA").
        let heading = {
            let l = item.name.to_lowercase();
            l.starts_with("program") || l.starts_with("urusan") || l.starts_with("bidang")
        };
        if item.code_raw.is_empty()
            && item.numbering.is_none()
            && item.money.is_empty()
            && !item.name.is_empty()
            && item.level != ItemLevel::Bidang
            && !heading
        {
            let pcode = items
                .last()
                .and_then(|p| p.parent)
                .and_then(|i| items[i].code.clone());
            if let Some(prev) = items.last_mut() {
                let starts_lower = item.name.chars().next().is_some_and(|c| c.is_lowercase());
                let joined = prev
                    .name
                    .split_whitespace()
                    .last()
                    .is_some_and(|w| JOINERS.contains(&w.to_lowercase().as_str()));
                // In a coded table a name-only row without money is a wrapped name.
                let coded_table = lay.code_col.is_some() && prev.code_source == CodeSource::Printed;
                if !prev.name.is_empty()
                    && prev.level != ItemLevel::Continuation
                    && (starts_lower || joined || coded_table)
                {
                    prev.name = format!("{} {}", prev.name, item.name);
                    // The indicator wrapped with it.
                    if let (Some(pi), Some(ci)) =
                        (prev.indicators.last_mut(), item.indicators.first())
                    {
                        pi.text = format!("{} {}", pi.text, ci.text);
                    }
                    if prev.code.is_none() {
                        let keep = prev.level;
                        resolve_level(prev, nom, version, pcode.as_deref(), &mut bidang_ctx, rules);
                        if prev.level.rank().is_none() {
                            prev.level = keep;
                        }
                    }
                    continue;
                }
            }
        }
        // Level: code, then name lookup, numbering, wording.
        // The nearest enclosing kegiatan / program / bidang with a code (not a sibling sub).
        let parent_code = stack
            .iter()
            .rev()
            .filter(|&&k| items[k].level != ItemLevel::SubKegiatan)
            .filter_map(|&k| items[k].code.clone())
            .next();
        resolve_level(
            &mut item,
            nom,
            version,
            parent_code.as_deref(),
            &mut bidang_ctx,
            rules,
        );
        if item.level == ItemLevel::Continuation {
            // Money on a continuation row belongs to the item above (Serang "Jumlah Dokumen
            // Evaluasi Kinerja OPD"); the empty placement is kept as an option for the stray
            // subtotal rows (Serang "Tingkat Pengangguran Terbuka").
            let owner = items
                .iter()
                .rposition(|i| i.level != ItemLevel::Continuation);
            item.attached_to = owner;
            if !item.money.is_empty() {
                item.money_options.push(BTreeMap::new());
            }
            if let Some(o) = owner {
                if let Some(ind) = item.indicators.first().cloned() {
                    items[o].indicators.push(ind);
                }
            }
            // The first body row with money and no label is the grand total (Serang T2.4).
            if items.is_empty() && !item.money.is_empty() {
                item.level = ItemLevel::Total;
                item.attached_to = None;
                item.money_options.truncate(1);
            }
            items.push(item);
            continue;
        }
        if item.level == ItemLevel::Unknown && !item.money.is_empty() {
            notes.push(Note {
                id: "unplaced_row".into(),
                row: Some(ri),
                detail: format!(
                    "baris \"{}\" tidak berkode dan namanya tidak dikenal; tingkatnya tidak diketahui",
                    item.name
                ),
                values: BTreeMap::from([("name".to_string(), item.name.clone())]),
            });
        }
        if let Some(rank) = item.level.rank() {
            while let Some(&top) = stack.last() {
                if items[top].level.rank().unwrap_or(0) >= rank {
                    stack.pop();
                } else {
                    break;
                }
            }
            item.parent = stack.last().copied();
            stack.push(items.len());
        } else if item.level == ItemLevel::Unknown {
            item.parent = stack.last().copied();
        }
        items.push(item);
    }
    // Rows carrying more amounts than the header has money columns (an OCR'd or shifted
    // header, Tangerang's K/Rp form): read the amounts by their order in the row instead,
    // as numbered money columns, so each is still summed against its parent.
    let mut class = class;
    let header_money = class.money_columns().len();
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for it in &items {
        if !it.amounts.0.is_empty() {
            *counts.entry(it.amounts.0.len()).or_default() += 1;
        }
    }
    let mode = counts
        .iter()
        .max_by_key(|(n, c)| (**c, **n))
        .map(|(&n, _)| n);
    let by_order = mode.is_some_and(|n| n > header_money && header_money >= 1 && n >= 2);
    if let Some(n) = mode.filter(|_| by_order) {
        let mut cols: Vec<Column> = Vec::new();
        for k in 0..n {
            cols.push(Column {
                index: 0,
                role: "amount".into(),
                block: Some(format!("{}", k + 1)),
                money: true,
                key: format!("uang#{}", k + 1),
                header: format!("kolom uang ke-{} dalam baris", k + 1),
            });
        }
        for c in class.columns.iter_mut() {
            c.money = false;
        }
        class.columns.extend(cols);
        notes.push(Note {
            id: "money_by_order".into(),
            row: None,
            detail: format!(
                "header memetakan {header_money} kolom uang, baris memuat {n} nilai uang; nilai dibaca menurut urutannya"
            ),
            values: BTreeMap::from([
                ("header_money".to_string(), header_money.to_string()),
                ("amounts".to_string(), n.to_string()),
            ]),
        });
    }
    // Where the money columns really are: the header's positions drift when data rows carry
    // extra cells (a satuan cell beside every K, codes split over cells). Rows holding one
    // amount per money column show the true positions; the others are placed against those.
    let mut place_cols: Vec<Column> = class.money_columns().into_iter().cloned().collect();
    let m = place_cols.len();
    let full: Vec<&Item> = items
        .iter()
        .filter(|it| m > 0 && it.amounts.0.len() == m)
        .collect();
    if full.len() >= 2 {
        for (k, col) in place_cols.iter_mut().enumerate() {
            let mut pos: Vec<isize> = full
                .iter()
                .map(|it| it.amounts.0[k].0 as isize - it.amounts.1)
                .collect();
            pos.sort_unstable();
            col.index = pos[pos.len() / 2].max(0) as usize;
        }
        let refs: Vec<&Column> = place_cols.iter().collect();
        let money_pos: Vec<usize> = place_cols.iter().map(|c| c.index).collect();
        for it in items.iter_mut() {
            let (mut am, shift) = it.amounts.clone();
            if am.is_empty() {
                continue;
            }
            // A printed 0 standing exactly where a money column is, is that column's amount
            // (Paser T2.1 "0" pagu 2021), which pins the other amounts in place.
            // In a K / Rp form a "0" right after a K value, past the row's first amount, is that
            // pair's Rp (Tangerang "62,89 | 0": nothing spent in the triwulan).
            if am.len() < m && class.right_aligned {
                if let Some(first) = am.first().map(|a| a.0) {
                    for k in first + 1..it.cells.len() {
                        let prev = it.cells[k - 1].trim();
                        let prev_is_k = prev.chars().any(|c| c.is_ascii_digit())
                            && !am.iter().any(|a| a.0 == k - 1)
                            && !has_letter(prev);
                        if it.cells[k].trim() == "0" && prev_is_k {
                            am.push((
                                k,
                                number::ParsedMoney {
                                    raw: "0".into(),
                                    value: Some(Money(0)),
                                    flags: Vec::new(),
                                },
                            ));
                        }
                    }
                    am.sort_by_key(|a| a.0);
                }
            }
            if am.len() < m && !class.right_aligned {
                for (k, v) in it.cells.iter().enumerate() {
                    let p = k as isize - shift;
                    if v.trim() == "0"
                        && p >= 0
                        && money_pos.contains(&(p as usize))
                        && am.first().is_some_and(|a| a.0 < k + 8)
                        && !am.iter().any(|a| a.0 == k)
                    {
                        am.push((
                            k,
                            number::ParsedMoney {
                                raw: v.clone(),
                                value: Some(Money(0)),
                                flags: Vec::new(),
                            },
                        ));
                    }
                }
                am.sort_by_key(|a| a.0);
            }
            // Read by order: amounts left of the first money position the other rows use sit
            // in columns those rows leave empty (Tangerang's Renstra Rp on program rows).
            if by_order {
                if let Some(&first_pos) = money_pos.iter().min() {
                    let keep: Vec<_> = am
                        .iter()
                        .filter(|a| a.0 as isize - shift + 1 >= first_pos as isize)
                        .cloned()
                        .collect();
                    if !keep.is_empty() {
                        am = keep;
                    }
                }
            }
            // The K / Rp form prints "-" for the Rp of indicator continuation rows; amounts on a
            // codeless row there belong to a footer block stitched on (Tangerang's "Rata-rata
            // kinerja" Pagu / Realisasi per program), not to the sub kegiatan above.
            if class.right_aligned && it.level == ItemLevel::Continuation {
                it.money = BTreeMap::new();
                it.money_options = vec![BTreeMap::new()];
                it.money_choice = 0;
                continue;
            }
            let attach_empty = it.level == ItemLevel::Continuation && it.attached_to.is_some();
            let mut opts = place_amounts(&am, &refs, shift);
            // Read by order: a row with more amounts than the others fills leading columns
            // they leave empty (Tangerang program rows add the Renstra amounts in front).
            // A right-aligned form (Tangerang's: the Renstra pairs are 0 below program level
            // while the year's pagu, the triwulan and the capaian are always printed) fills
            // its money columns from the right whatever the row's count.
            let right = class.right_aligned && am.len() != m;
            if (by_order && am.len() > m) || right {
                let n_take = am.len().min(m);
                let suffix: BTreeMap<String, MoneyCell> = refs[m - n_take..]
                    .iter()
                    .zip(&am[am.len() - n_take..])
                    .map(|(c, a)| {
                        (
                            c.key.clone(),
                            MoneyCell {
                                raw: a.1.raw.clone(),
                                value: a.1.value.unwrap_or_default(),
                                flags: a.1.flags.clone(),
                                col: a.0,
                                conf: None,
                            },
                        )
                    })
                    .collect();
                if right {
                    // The form fixes the reading; other placements would only let the sum
                    // search hide real differences.
                    opts = vec![suffix];
                } else {
                    opts.retain(|o| *o != suffix);
                    opts.insert(0, suffix);
                }
            }
            for opt in opts.iter_mut() {
                for mc in opt.values_mut() {
                    mc.conf = t
                        .rows
                        .get(it.row)
                        .and_then(|r| r.cells.get(mc.col))
                        .and_then(|c| c.conf);
                }
            }
            if attach_empty {
                opts.push(BTreeMap::new());
            }
            it.money = opts[0].clone();
            it.money_options = opts;
            it.money_choice = 0;
        }
    }
    let money_keys: Vec<String> = class
        .money_columns()
        .iter()
        .map(|c| c.key.clone())
        .collect();
    // A table that starts below program level (no program/bidang above its first kegiatan).
    if let Some(first) = items
        .iter()
        .find(|i| i.level.rank().is_some() && !i.money.is_empty())
    {
        if matches!(first.level, ItemLevel::Kegiatan | ItemLevel::SubKegiatan) {
            notes.push(Note {
                id: "starts_mid_hierarchy".into(),
                row: Some(first.row),
                detail: format!(
                    "tabel dimulai pada tingkat {} tanpa program di atasnya; total tabel tidak diperiksa",
                    first.level.label()
                ),
                values: BTreeMap::from([
                    ("start".to_string(), first.level.label().to_string()),
                    ("start_en".to_string(), first.level.label_en().to_string()),
                ]),
            });
        }
    }
    let mut tm = TableModel {
        index,
        title,
        page: t.page,
        class,
        money_keys,
        scaled_thousands: false,
        items,
        notes,
    };
    if !repaired.is_empty() {
        settle_repairs(&mut tm, &repaired, style, money_min_rupiah, &col_types);
    }
    tm
}

/// The repair column type of each column that has one (money, percent, code, target).
fn column_types(class: &Classified) -> BTreeMap<usize, ColumnType> {
    let mut out = BTreeMap::new();
    for c in &class.columns {
        if let Some(ty) = repair::column_type(&c.role, c.money) {
            out.entry(c.index).or_insert(ty);
        }
    }
    out
}

/// How a repaired amount stands against the sums it takes part in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SumVerdict {
    /// A sum it is part of holds with the repaired value.
    Holds,
    /// No sum it takes part in says either way (none holds with either reading).
    Uncontradicted,
    /// A sum that held with the printed reading breaks with the repaired one: reverted.
    Breaks,
}

/// Puts the printed text back beside every repaired amount, reverts amount repairs that break
/// a sum that held as printed, and tells the reviewer per table what was repaired (RJ010).
fn settle_repairs(
    tm: &mut TableModel,
    repaired: &BTreeMap<(usize, usize), Repair>,
    style: NumberStyle,
    money_min_rupiah: i64,
    col_types: &BTreeMap<usize, ColumnType>,
) {
    let mark = |tm: &mut TableModel| {
        for it in tm.items.iter_mut() {
            let row = it.row;
            for m in it
                .money
                .values_mut()
                .chain(it.money_options.iter_mut().flat_map(|o| o.values_mut()))
            {
                if let Some(rep) = repaired.get(&(row, m.col)) {
                    m.raw = rep.printed.trim().to_string();
                    if !m.flags.contains(&NumberFlag::Repaired) {
                        m.flags.push(NumberFlag::Repaired);
                    }
                }
            }
        }
    };
    mark(tm);
    // The same table with every repaired amount read as printed, to see which sums held then.
    let tol = crate::checks::rules().sum_tolerance_rupiah * 100;
    let printed_value =
        |rep: &Repair| money_amount(&rep.printed, style, money_min_rupiah).and_then(|p| p.value);
    let mut as_printed = tm.clone();
    for it in as_printed.items.iter_mut() {
        let row = it.row;
        it.money.retain(|_, m| match repaired.get(&(row, m.col)) {
            Some(rep) => match printed_value(rep) {
                Some(v) => {
                    m.value = v;
                    true
                }
                None => false,
            },
            None => true,
        });
    }
    let eq_rep = crate::checks::sums::equations(tm, tol);
    let eq_prt = crate::checks::sums::equations(&as_printed, tol);
    let verdict = |item: usize, key: &str| -> SumVerdict {
        let involves = |e: &&crate::checks::sums::Equation| {
            e.key == key && (e.parent == item || e.children.contains(&item))
        };
        let holds_now = eq_rep.iter().filter(involves).any(|e| e.holds);
        let held = eq_prt.iter().filter(involves).any(|e| e.holds);
        let broken_now = eq_rep.iter().filter(involves).any(|e| !e.holds);
        if held && broken_now {
            SumVerdict::Breaks
        } else if holds_now {
            SumVerdict::Holds
        } else {
            SumVerdict::Uncontradicted
        }
    };
    // Per (row, col): the verdict of its amount, when the repaired cell is an amount.
    let mut verdicts: BTreeMap<(usize, usize), SumVerdict> = BTreeMap::new();
    for (ii, it) in tm.items.iter().enumerate() {
        for (k, m) in &it.money {
            if repaired.contains_key(&(it.row, m.col)) {
                let v = verdict(ii, k);
                let e = verdicts.entry((it.row, m.col)).or_insert(v);
                if v == SumVerdict::Breaks {
                    *e = v;
                }
            }
        }
    }
    for it in tm.items.iter_mut() {
        let row = it.row;
        for m in it
            .money
            .values_mut()
            .chain(it.money_options.iter_mut().flat_map(|o| o.values_mut()))
        {
            if verdicts.get(&(row, m.col)) != Some(&SumVerdict::Breaks) {
                continue;
            }
            if let Some(v) = repaired.get(&(row, m.col)).and_then(printed_value) {
                m.value = v;
                m.flags.retain(|f| *f != NumberFlag::Repaired);
            }
        }
    }
    // One note per table: per rule, how many cells, a few printed -> read examples, and how
    // the amounts stood against the sums.
    let mut per_rule: BTreeMap<&str, (usize, Vec<String>)> = BTreeMap::new();
    let (mut by_sum, mut no_sum, mut reverted) = (0usize, 0usize, 0usize);
    for (pos, rep) in repaired {
        let is_money = col_types.get(&pos.1) == Some(&ColumnType::Money);
        match verdicts.get(pos) {
            Some(SumVerdict::Breaks) => {
                reverted += 1;
                continue;
            }
            Some(SumVerdict::Holds) => by_sum += 1,
            Some(SumVerdict::Uncontradicted) => no_sum += 1,
            // An amount cell the placement did not take stays unrepaired in the model's eyes.
            None if is_money => continue,
            None => {}
        }
        let e = per_rule.entry(rep.rule.as_str()).or_default();
        e.0 += 1;
        if e.1.len() < 3 {
            e.1.push(format!("\"{}\" -> \"{}\"", rep.printed.trim(), rep.text));
        }
    }
    if per_rule.is_empty() && reverted == 0 {
        return;
    }
    let repairs: Vec<String> = per_rule
        .iter()
        .map(|(r, (n, _))| format!("{r} {n}"))
        .collect();
    let examples: Vec<String> = per_rule.values().flat_map(|(_, ex)| ex.clone()).collect();
    let total: usize = per_rule.values().map(|(n, _)| n).sum();
    tm.notes.push(Note {
        id: "ocr_repaired".into(),
        row: None,
        detail: format!(
            "{total} sel OCR diperbaiki ({}): {}",
            repairs.join(", "),
            examples.join("; ")
        ),
        values: BTreeMap::from([
            ("repaired".to_string(), total.to_string()),
            ("repairs".to_string(), repairs.join(", ")),
            ("examples".to_string(), examples.join("; ")),
            ("by_sum".to_string(), by_sum.to_string()),
            ("no_sum".to_string(), no_sum.to_string()),
            ("reverted".to_string(), reverted.to_string()),
        ]),
    });
}

/// The amount in a cell when it reads as money of at least `min` rupiah (in sen).
fn money_amount(text: &str, style: NumberStyle, min_rupiah: i64) -> Option<number::ParsedMoney> {
    let t = text.trim();
    if t.is_empty() || !t.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    // Letters other than an `Rp` prefix mean a target (`4 Dokumen`) or a note, except a
    // target and its pagu merged in one cell (Tangerang `(100) 7 jenis - 1.225.938.100`).
    let letters: String = t.chars().filter(|c| c.is_alphabetic()).collect();
    if !letters.is_empty() && !letters.eq_ignore_ascii_case("rp") {
        static MERGED: OnceLock<Regex> = OnceLock::new();
        let m = re(
            &MERGED,
            r"[A-Za-z%)]\s*-\s*(\d{1,3}(?:[.,]\d{3}){2,}(?:[.,]\d{2})?)$",
        );
        let tail = m.captures(t)?.get(1)?.as_str().to_string();
        let mut p = number::parse_money(&tail, style);
        p.raw = t.to_string();
        return match p.value {
            Some(v) if v.0 >= min_rupiah * 100 => Some(p),
            _ => None,
        };
    }
    if t.contains('%') {
        return None;
    }
    let p = number::parse_money(t, style);
    match p.value {
        Some(v) if v.0 >= min_rupiah * 100 => Some(p),
        _ => None,
    }
}

fn read_row(
    ri: usize,
    page: u32,
    texts: &[String],
    lay: &Layout,
    class: &Classified,
    style: NumberStyle,
    money_min_rupiah: i64,
) -> Item {
    let get = |i: usize| texts.get(i).map(|s| s.as_str()).unwrap_or("");
    // Code region: from the code (or numbering) column, code-like or empty cells up to the
    // first cell with a letter.
    let start = lay
        .code_col
        .map(|c| code_spilled_left(texts, c, lay.no_col).unwrap_or(c))
        .or(lay.no_col);
    let mut code_tokens: Vec<String> = Vec::new();
    let mut numbering: Option<String> = None;
    let mut name_idx: Option<usize> = None;
    let name_col = lay.name_col;
    if let Some(s) = start {
        let mut k = s;
        // A numbering column is read alone; a code may spill over several cells.
        let limit = if lay.code_col.is_none() {
            name_col.unwrap_or(s + 1).max(s + 1)
        } else {
            name_col.map(|n| n + 6).unwrap_or(s + 7)
        }
        .min(texts.len());
        while k < limit {
            let v = get(k);
            if is_placeholder(v) {
                k += 1;
                continue;
            }
            if is_roman(v) || is_paren_num(v) {
                numbering = Some(v.to_string());
                k += 1;
                continue;
            }
            // OCR often prints a list dash before the code ("- 2.07.2-7...").
            let v = v.trim_start_matches(['-', '–', ' ']);
            if is_code_token(v) {
                if Some(s) == lay.no_col && lay.code_col.is_none() {
                    numbering = Some(v.to_string());
                } else {
                    code_tokens.push(v.to_string());
                }
                k += 1;
                continue;
            }
            // A segment OCR printed with a letter for a digit (`O1`, `0S`) in its own narrow
            // column, the name still to come: the code's, read as the repair reads a code.
            if let Some(fixed) = misread_segment(v, k, name_col, texts) {
                code_tokens.push(fixed);
                k += 1;
                continue;
            }
            if has_letter(v) {
                name_idx = Some(k);
            }
            break;
        }
        if name_idx.is_none() {
            if let Some(n) = name_col {
                if n >= k && has_letter(get(n)) {
                    name_idx = Some(n);
                }
            }
        }
        // Without a code the name must sit in its own column (the row is otherwise a
        // continuation whose first text is an indicator).
        if code_tokens.is_empty() && numbering.is_none() {
            if let (Some(n), Some(found)) = (name_col, name_idx) {
                if found != n {
                    name_idx = if has_letter(get(n)) { Some(n) } else { None };
                }
            }
        }
    } else if let Some(n) = name_col {
        if has_letter(get(n)) {
            name_idx = Some(n);
        }
    }
    if name_idx.is_none() {
        if let Some(b) = lay.bidang_col {
            if has_letter(get(b)) && Some(b) < name_col {
                name_idx = Some(b);
            }
        }
    }
    let from_bidang_col =
        name_idx.is_some() && name_idx == lay.bidang_col && lay.bidang_col != name_col;
    let mut name = name_idx.map(|i| get(i).to_string()).unwrap_or_default();
    // "06 Penatausahaan ..." : the sub number glued to the name.
    let mut name_prefix: Option<String> = None;
    {
        static P: OnceLock<Regex> = OnceLock::new();
        let p = re(&P, r"^(\d{1,2})\s+(\D.*)$");
        if !code_tokens.is_empty() {
            if let Some(c) = p.captures(&name) {
                name_prefix = Some(c[1].to_string());
                name = c[2].to_string();
            }
        }
    }
    let shift = match (name_idx, name_col) {
        (Some(i), Some(n)) => i as isize - n as isize,
        _ => 0,
    };
    let shifted = |col: Option<usize>| -> Option<String> {
        let c = col? as isize + shift;
        if c < 0 {
            return None;
        }
        let v = get(c as usize);
        (!is_placeholder(v)).then(|| v.to_string())
    };
    // Indicator: the indicator column (shifted), else the first text after the name.
    let after = name_idx.map(|i| i + 1).unwrap_or(0);
    let indicator = shifted(lay.indicator_col)
        .filter(|s| has_letter(s))
        .or_else(|| {
            (after..texts.len())
                .map(get)
                .find(|v| has_letter(v) && v.len() > 8)
                .map(|s| s.to_string())
        });
    let target = shifted(lay.target_col);
    let mut indicators = Vec::new();
    if let Some(text) = indicator {
        if Some(text.as_str()) != Some(name.as_str()) {
            indicators.push(Indicator { text, target });
        }
    }
    // Money: cells after the name / code holding an amount.
    let money_from = name_idx
        .map(|i| i + 1)
        .or(start.map(|s| s + code_tokens.len()))
        .unwrap_or(0);
    let mut amounts: Vec<(usize, number::ParsedMoney)> = Vec::new();
    for (k, v) in texts.iter().enumerate().skip(money_from) {
        if let Some(p) = money_amount(v, style, money_min_rupiah) {
            amounts.push((k, p));
        }
    }
    // A number a thousand times smaller than the row's largest amount is a percentage or a
    // count printed with a grouping-like separator (Paser "27,475" = 27.475 %), not money.
    if let Some(max) = amounts.iter().filter_map(|a| a.1.value).map(|v| v.0).max() {
        amounts.retain(|a| a.1.value.is_some_and(|v| v.0.saturating_mul(1000) >= max));
    }
    let money_options = place_amounts(&amounts, &lay.money, shift);
    let amounts_kept = amounts.clone();
    let sumber_dana = shifted(lay.sumber_col).filter(|s| has_letter(s));
    let lokasi = shifted(lay.location_col).filter(|s| has_letter(s));
    let satuan = shifted(lay.unit_col);
    let _ = class;
    Item {
        row: ri,
        page,
        level: ItemLevel::Unknown,
        code: None,
        code_raw: code_tokens.join("\t"),
        code_source: CodeSource::None,
        printed_code: None,
        numbering,
        name: name.trim().to_string(),
        indicators,
        money: BTreeMap::new(),
        money_options,
        money_choice: 0,
        sumber_dana,
        lokasi,
        satuan,
        parent: None,
        attached_to: None,
        cells: texts.to_vec(),
        amounts: (amounts_kept, shift),
    }
    .with_prefix(name_prefix)
    .with_bidang(from_bidang_col)
}

impl Item {
    fn with_bidang(mut self, b: bool) -> Self {
        if b {
            // Named in the "bidang urusan" column: a bidang row (Serang T3.3 "Tenaga Kerja").
            self.level = ItemLevel::Bidang;
            self.code_source = CodeSource::Context;
        }
        self
    }
    fn with_prefix(mut self, p: Option<String>) -> Self {
        if let Some(p) = p {
            if !self.code_raw.is_empty() {
                self.code_raw.push('\t');
            }
            self.code_raw.push_str(&p);
            self.numbering = None;
        }
        self
    }
}

/// Order-preserving placements of a row's amounts into the money columns, cheapest (closest
/// to the header positions) first; at most 30.
fn place_amounts(
    amounts: &[(usize, number::ParsedMoney)],
    cols: &[&Column],
    shift: isize,
) -> Vec<BTreeMap<String, MoneyCell>> {
    if amounts.is_empty() || cols.is_empty() {
        return vec![BTreeMap::new()];
    }
    let n = amounts.len();
    let m = cols.len();
    let cell = |a: &(usize, number::ParsedMoney)| MoneyCell {
        raw: a.1.raw.clone(),
        value: a.1.value.unwrap_or_default(),
        flags: a.1.flags.clone(),
        col: a.0,
        conf: None,
    };
    let cost = |ai: usize, cj: usize| -> i64 {
        ((amounts[ai].0 as isize - shift) - cols[cj].index as isize).unsigned_abs() as i64
    };
    let mut options: Vec<(i64, BTreeMap<String, MoneyCell>)> = Vec::new();
    if n >= m {
        // Choose which m amounts fill the m columns (extra amounts are misplaced targets or
        // totals repeated in a note column); every subset is an option, cheapest first.
        for combo in combinations(n, m) {
            let c: i64 = combo.iter().enumerate().map(|(j, &a)| cost(a, j)).sum();
            let map = combo
                .iter()
                .enumerate()
                .map(|(j, &a)| (cols[j].key.clone(), cell(&amounts[a])))
                .collect();
            options.push((c, map));
        }
    } else {
        for combo in combinations(m, n) {
            let c: i64 = combo.iter().enumerate().map(|(a, &j)| cost(a, j)).sum();
            let map = combo
                .iter()
                .enumerate()
                .map(|(a, &j)| (cols[j].key.clone(), cell(&amounts[a])))
                .collect();
            options.push((c, map));
        }
    }
    // Stable: equal costs keep the in-order reading first.
    options.sort_by_key(|(c, _)| *c);
    options.truncate(30);
    options.into_iter().map(|(_, m)| m).collect()
}

/// All increasing index choices of `k` out of `n` (small n).
fn combinations(n: usize, k: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    fn rec(start: usize, n: usize, k: usize, cur: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if out.len() > 200 {
            return;
        }
        if cur.len() == k {
            out.push(cur.clone());
            return;
        }
        for i in start..n {
            if n - i < k - cur.len() {
                break;
            }
            cur.push(i);
            rec(i + 1, n, k, cur, out);
            cur.pop();
        }
    }
    rec(0, n, k, &mut cur, &mut out);
    out
}

fn resolve_level(
    item: &mut Item,
    nom: Option<&Nomenclature>,
    version: NomenclatureVersion,
    parent_code: Option<&str>,
    bidang_ctx: &mut Option<String>,
    rules: &classify::TableRules,
) {
    if item.level == ItemLevel::Bidang {
        return;
    }
    let label = norm_label(&item.name);
    let first_text = item
        .cells
        .iter()
        .map(|c| norm_label(c))
        .find(|c| !c.is_empty())
        .unwrap_or_default();
    if rules
        .total_labels
        .iter()
        .any(|t| *t == label || *t == first_text)
    {
        item.level = ItemLevel::Total;
        return;
    }
    if item.name.is_empty() && item.code_raw.is_empty() && item.numbering.is_none() {
        item.level = ItemLevel::Continuation;
        return;
    }
    // Printed code: normalize reads the digits and decides with the rows above and the name
    // (step 5 of DOMAIN §3.3); an organisation code marks the OPD's own total row.
    if !item.code_raw.is_empty() {
        let cells: Vec<&str> = item.code_raw.split('\t').collect();
        let reading = code::read_code(&cells, None);
        if reading.org_code {
            item.level = ItemLevel::Total;
            item.code_source = CodeSource::Printed;
            return;
        }
        if reading.numbering {
            item.numbering = Some(item.code_raw.replace('\t', " "));
        } else {
            let resolved = nom.and_then(|n| {
                crate::normalize::resolve::resolve(
                    n,
                    &reading,
                    &item.name,
                    parent_code,
                    bidang_ctx.as_deref(),
                    version,
                )
            });
            // A row resolving to the very code of the row enclosing it is that row's child
            // with the same name (Paser 3.4: kegiatan and sub both "Pembinaan Lembaga
            // Pelatihan Kerja Swasta", both printed 2027⇥003⇥02).
            let resolved = match (resolved, parent_code, nom) {
                (Some(r), Some(pc), Some(n)) if r.code == pc => {
                    let child = n
                        .find_by_name(&item.name, None, Some(pc), version)
                        .into_iter()
                        .find(|(e, s)| *s >= 0.85 && e.level > r.level);
                    match child {
                        Some((e, _)) => {
                            item.code = Some(instantiate_ctx(&e.code, bidang_ctx.as_deref()));
                            item.level = ItemLevel::from_level(e.level);
                            item.code_source = CodeSource::Name;
                            return;
                        }
                        None => Some(r),
                    }
                }
                (r, _, _) => r,
            };
            if let Some(r) = resolved {
                use crate::normalize::resolve::CodeSource as Src;
                item.code = Some(r.code.clone());
                // What the clean printed digits say, when it is not what the row became.
                let digits = (!reading.parsed.damaged)
                    .then(|| reading.parsed.candidates.first().cloned())
                    .flatten()
                    .map(|c| instantiate_ctx(&c, bidang_ctx.as_deref()))
                    .filter(|c| code::level_of(c) == Some(r.level));
                // Only a complete code of the same level counts as "printed another code":
                // incomplete digits (a sub row printing its kegiatan or program code, Paser
                // 2027⇥002⇥01, Lamongan 2⇥07⇥01) are a shape of printing, not an error.
                item.printed_code = r
                    .printed_code
                    .clone()
                    .or(digits)
                    .filter(|p| *p != r.code && code::level_of(p) == Some(r.level));
                item.level = ItemLevel::from_level(r.level);
                item.code_source = match r.source {
                    Src::Printed | Src::Repaired => CodeSource::Printed,
                    Src::Context => CodeSource::Context,
                    Src::Name => CodeSource::Name,
                };
                note_bidang(bidang_ctx, item.code.as_deref());
                return;
            }
            // No nomenclature (or nothing fits): trust clean digits.
            if let Some(c) = reading.parsed.candidates.first() {
                if !reading.parsed.damaged {
                    if let Some(l) = code::level_of(c) {
                        item.code = Some(instantiate_ctx(c, bidang_ctx.as_deref()));
                        item.level = ItemLevel::from_level(l);
                        item.code_source = CodeSource::Printed;
                        note_bidang(bidang_ctx, item.code.as_deref());
                        return;
                    }
                }
            }
        }
    }
    // Numbering style (Serang T2.4: I = program, 1 = kegiatan, (1) = sub kegiatan) and wording
    // give the level; the name lookup then only picks the code at that level.
    let style_level = match &item.numbering {
        Some(nb) if is_roman(nb) => Some(Level::Program),
        Some(nb) if is_paren_num(nb) => Some(Level::SubKegiatan),
        Some(_) => Some(Level::Kegiatan),
        None if label.starts_with("program") => Some(Level::Program),
        None => None,
    };
    // Name lookup in the nomenclature, under the current parent first.
    if let Some(n) = nom {
        if !item.name.is_empty() {
            let mut hits = parent_code
                .map(|p| n.find_by_name(&item.name, style_level, Some(p), version))
                .unwrap_or_default();
            if hits.first().is_none_or(|(_, s)| *s < 0.85) {
                hits = n.find_by_name(&item.name, style_level, None, version);
            }
            if let Some((e, s)) = hits.first() {
                if *s >= 0.85 {
                    item.code = Some(instantiate_ctx(&e.code, bidang_ctx.as_deref()));
                    item.level = ItemLevel::from_level(e.level);
                    item.code_source = CodeSource::Name;
                    note_bidang(bidang_ctx, item.code.as_deref());
                    return;
                }
            }
        }
    }
    // Numbering style (Serang T2.4): I = program, 1 = kegiatan, (1) = sub kegiatan.
    if let Some(nb) = &item.numbering {
        item.level = if is_roman(nb) {
            ItemLevel::Program
        } else if is_paren_num(nb) {
            ItemLevel::SubKegiatan
        } else {
            ItemLevel::Kegiatan
        };
        item.code_source = CodeSource::Context;
        return;
    }
    let up = label.to_uppercase();
    if up.starts_with("PROGRAM") {
        item.level = ItemLevel::Program;
    } else if up.starts_with("URUSAN") {
        item.level =
            if up.contains("BIDANG") || up.contains("TENAGA") || up.contains("TRANSMIGRASI") {
                ItemLevel::Bidang
            } else {
                ItemLevel::Urusan
            };
    } else if up.starts_with("BIDANG") {
        item.level = ItemLevel::Bidang;
    } else if item.name.is_empty() {
        item.level = ItemLevel::Continuation;
    }
}

/// Remembers the first bidang seen: the shared penunjang program (`X.XX.01`) belongs to the
/// OPD's first bidang (2.07 for a Disnakertrans), not to whichever bidang came last.
fn note_bidang(ctx: &mut Option<String>, code: Option<&str>) {
    static B: OnceLock<Regex> = OnceLock::new();
    if ctx.is_some() {
        return;
    }
    if let Some(c) = code {
        if let Some(m) = re(&B, r"^(\d\.\d{2})").captures(c) {
            *ctx = Some(m[1].to_string());
        }
    }
}

fn instantiate_ctx(code: &str, bidang: Option<&str>) -> String {
    match bidang {
        Some(b) if code.starts_with('X') => code::instantiate(code, b),
        _ => code.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combinations_count() {
        assert_eq!(combinations(4, 2).len(), 6);
        assert_eq!(combinations(3, 3).len(), 1);
    }

    fn cells(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_code_printed_one_segment_per_column_left_of_the_code_column_is_read_from_there() {
        // The code column (3) holds the kegiatan segment or nothing; the segments start at 0.
        let sub = cells(&["2", "07", "03", "2.01", "0001", "Proses Pelaksanaan"]);
        assert_eq!(code_spilled_left(&sub, 3, None), Some(0));
        let program = cells(&["2", "07", "03", "", "PROGRAM PELATIHAN"]);
        assert_eq!(code_spilled_left(&program, 3, None), Some(0));
    }

    #[test]
    fn a_segment_ocr_printed_with_a_letter_is_read_as_digits_before_the_name_only() {
        let row = cells(&["2", "07", "05", "2.01", "O1", "Pengesahan Peraturan", "org"]);
        assert_eq!(misread_segment("O1", 4, Some(5), &row), Some("01".into()));
        assert_eq!(misread_segment("0S", 4, None, &row), Some("05".into()));
        // After the name it is a unit or a target, and a word has no digit to repair.
        assert_eq!(misread_segment("O1", 6, Some(5), &row), None);
        assert_eq!(misread_segment("Dok", 4, Some(5), &row), None);
        // Nothing name-like after it: not a code's segment.
        let tail = cells(&["2", "O1", "", "5"]);
        assert_eq!(misread_segment("O1", 1, None, &tail), None);
        // A code spilled right past the name column's start, the name after it.
        let spilled = cells(&["", "2", "07", "O1", "2.01", "01", "Penyusunan Dokumen"]);
        assert_eq!(
            misread_segment("O1", 3, Some(2), &spilled),
            Some("01".into())
        );
    }

    #[test]
    fn a_number_left_of_a_full_code_is_no_code_segment() {
        let row = cells(&["1", "2.07.03", "PROGRAM PELATIHAN"]);
        assert_eq!(code_spilled_left(&row, 1, None), None);
        // Nor a numbering column, nor text left of the code column.
        let numbered = cells(&["1", "2", "07", "PROGRAM PELATIHAN"]);
        assert_eq!(code_spilled_left(&numbered, 2, Some(0)), None);
        let text = cells(&["Tenaga Kerja", "", "2.07.03", "PROGRAM"]);
        assert_eq!(code_spilled_left(&text, 2, None), None);
    }

    #[test]
    fn tokens() {
        assert!(is_code_token("2 07 03 2.01 01"));
        assert!(is_code_token("2.07.2-7.0-0-0.01.01."));
        assert!(!is_code_token("--"));
        assert!(is_roman("IV"));
        assert!(is_paren_num("(12)"));
    }
}
