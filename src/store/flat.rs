//! The flat rows analysts query (one amount per row, one target per row) made from a document's
//! model, independent of the database engine: the SQLite store writes them, and another backend
//! (PostgreSQL) would write the very same rows.

use crate::checks::Finding;
use crate::classify::{Column, TableKind};
use crate::model::{DocModel, TableModel};
use crate::normalize::target::{parse_target, TargetKind};
use serde::Deserialize;
use std::collections::{BTreeSet, HashSet};
use std::sync::OnceLock;

/// One amount: a money cell of an item, keyed by what its column means in every template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmountRow {
    /// 0-based table index in the document.
    pub table_idx: usize,
    /// 0-based row index in the table.
    pub row_idx: usize,
    /// 0-based column index of the cell.
    pub col: usize,
    /// Canonical code of the item, when known.
    pub code: Option<String>,
    /// Item level (`program`, `kegiatan`, `sub_kegiatan`, ...).
    pub level: String,
    /// Item name as printed.
    pub name: String,
    /// Table kind (`plan`, `review_rkpd`, `evaluation`, ...).
    pub table_kind: String,
    /// Column role from rules/tables.toml (`pagu`, `realisasi_rp`).
    pub role: String,
    /// Stage from rules/store.toml (`rancangan_awal`, `prakiraan_maju`, `sesudah`, ...).
    pub stage: String,
    /// Absolute year the amount is for, when the column or the document says it.
    pub year: Option<i64>,
    /// The amount in sen (1/100 rupiah).
    pub value_sen: i64,
    /// The cell as printed.
    pub printed: String,
    /// Page (0 for text exports).
    pub page: u32,
    /// The model's internal column key (kept for tracing only; never a query key).
    pub column_key: String,
    /// Whether a finding of the checks points at this cell.
    pub finding: bool,
}

/// One indicator target of an item.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetRow {
    /// 0-based table index in the document.
    pub table_idx: usize,
    /// 0-based row index in the table.
    pub row_idx: usize,
    /// Canonical code of the item, when known.
    pub code: Option<String>,
    /// Table kind.
    pub table_kind: String,
    /// Indicator text.
    pub indicator: String,
    /// Target as printed.
    pub printed: String,
    /// The number of the target (not money: a count or a percentage), when it has one.
    pub value: Option<f64>,
    /// Whether `value` is a percentage.
    pub percent: bool,
    /// Unit (satuan), lower-cased, when printed.
    pub unit: Option<String>,
    /// Page.
    pub page: u32,
}

/// Where a document's text came from, which decides the canonical one among duplicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A PDF with a text layer.
    BornDigital,
    /// A PDF read (at least partly) by OCR.
    Scan,
    /// A TAB-separated text export.
    TextExport,
}

impl Source {
    /// The stored label.
    pub fn label(self) -> &'static str {
        match self {
            Source::BornDigital => "born_digital",
            Source::Scan => "scan",
            Source::TextExport => "text_export",
        }
    }
    /// Rank among duplicates from rules/store.toml (lower wins).
    pub fn rank(self) -> i64 {
        rules().source_rank.get(self.label()).copied().unwrap_or(9)
    }
}

/// The source of an extracted document: a text export by its file type, a scan when any cell
/// carries an OCR confidence.
pub fn source(path: &std::path::Path, doc: &crate::extracted::Document) -> Source {
    if crate::pipeline::is_text_export(path) {
        return Source::TextExport;
    }
    let ocr = doc.tables.iter().any(|t| {
        t.rows
            .iter()
            .flat_map(|r| r.cells.iter())
            .chain(t.header_rows.iter().flatten())
            .any(|c| c.conf.is_some())
    });
    if ocr {
        Source::Scan
    } else {
        Source::BornDigital
    }
}

#[derive(Debug, Deserialize)]
struct BlockStage {
    block: String,
    stage: String,
    offset: Option<i64>,
    #[serde(default)]
    table_year: bool,
}

#[derive(Debug, Deserialize)]
struct KindStage {
    kind: String,
    role: String,
    stage: String,
    next_year: Option<String>,
    prev_year: Option<String>,
}

/// Duplicate thresholds (rules/store.toml `[duplicates]`).
#[derive(Debug, Deserialize, Clone, Copy)]
pub struct DuplicateRules {
    /// Similarity linking two documents whose metadata keys agree completely.
    pub same_key: f64,
    /// Similarity linking two documents whose keys agree where both are known.
    pub partial_key: f64,
}

#[derive(Debug, Deserialize)]
struct StoreRules {
    block_stage: Vec<BlockStage>,
    kind_stage: Vec<KindStage>,
    default_stage: std::collections::HashMap<String, String>,
    fallback_stage: String,
    source_rank: std::collections::HashMap<String, i64>,
    duplicates: DuplicateRules,
    compare: CompareRules,
}

/// Flags of `renja compare` (rules/store.toml `[compare]`).
#[derive(Debug, Deserialize, Clone)]
pub struct CompareRules {
    /// How far (a factor, either way) a document's unit cost may stray from the median of the
    /// others before it is flagged.
    pub unit_cost_factor: i128,
    /// How far (percent of the prakiraan maju) a plan may stray from the prakiraan maju written
    /// for its year a year earlier before it is flagged.
    pub forecast_tolerance_pct: i128,
    /// Mandatory sub kegiatan of the penunjang program.
    pub penunjang: Vec<Mandatory>,
}

/// A sub kegiatan every perangkat daerah with the penunjang program must have.
#[derive(Debug, Deserialize, Clone)]
pub struct Mandatory {
    /// The code after the bidang (`01.2.02.0001`).
    pub code: String,
    /// Its nomenclature name.
    pub name: String,
}

fn rules() -> &'static StoreRules {
    static R: OnceLock<StoreRules> = OnceLock::new();
    R.get_or_init(|| {
        crate::rules::toml("store.toml").unwrap_or_else(|_| {
            ::toml::from_str(include_str!("../../rules/store.toml"))
                .expect("embedded rules/store.toml parses (unit-tested)")
        })
    })
}

/// Compare flags in effect.
pub fn compare_rules() -> &'static CompareRules {
    &rules().compare
}

/// Duplicate thresholds in effect.
pub fn duplicate_rules() -> DuplicateRules {
    rules().duplicates
}

fn kind_label(k: TableKind) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "other".into())
}

fn label<T: serde::Serialize>(v: T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(v) => v.to_string(),
        Err(_) => String::new(),
    }
}

/// The year a table is about: its latest year column, else the latest year in its title, else
/// the document's year.
fn table_year(t: &TableModel, doc_year: Option<i64>) -> Option<i64> {
    t.class
        .columns
        .iter()
        .filter_map(year_of_block)
        .max()
        .or_else(|| t.class.title_years.iter().max().map(|y| *y as i64))
        .or(doc_year)
}

fn year_of_block(c: &Column) -> Option<i64> {
    c.year_block().and_then(|b| b[1..].parse().ok())
}

/// Stage and absolute year of a classified money column of a table of `kind`, in a document of
/// `doc_year`: from rules/store.toml, never from the key string.
pub fn stage_and_year(
    c: &Column,
    kind: TableKind,
    t: &TableModel,
    doc_year: Option<i64>,
) -> (String, Option<i64>) {
    let r = rules();
    let kind = kind_label(kind);
    let block = c.block.as_deref().and_then(|b| b.split('.').next());
    if let Some(bs) = block.and_then(|b| r.block_stage.iter().find(|s| s.block == b)) {
        let year = if bs.table_year {
            table_year(t, doc_year)
        } else {
            bs.offset.and_then(|o| doc_year.map(|y| y + o))
        };
        return (bs.stage.clone(), year);
    }
    let year = year_of_block(c).or(doc_year);
    let ks = r
        .kind_stage
        .iter()
        .find(|s| s.kind == kind && s.role == c.role);
    let stage = match ks {
        Some(s) => match (year, doc_year) {
            (Some(y), Some(d)) if y == d + 1 && s.next_year.is_some() => {
                s.next_year.clone().unwrap_or_default()
            }
            (Some(y), Some(d)) if y + 1 == d && s.prev_year.is_some() => {
                s.prev_year.clone().unwrap_or_default()
            }
            _ => s.stage.clone(),
        },
        None => r
            .default_stage
            .get(&c.role)
            .cloned()
            .unwrap_or_else(|| r.fallback_stage.clone()),
    };
    (stage, year)
}

/// Every amount of the document, with whether a finding points at its cell.
pub fn amounts(model: &DocModel, findings: &[Finding]) -> Vec<AmountRow> {
    let touched: HashSet<(usize, usize, &str)> = findings
        .iter()
        .filter_map(|f| Some((f.table_index, f.row?, f.column.as_deref()?)))
        .collect();
    let doc_year = model.meta.year.map(|y| y as i64);
    let mut out = Vec::new();
    for t in &model.tables {
        let kind = label(t.class.kind);
        for it in &t.items {
            for (key, m) in &it.money {
                // The column the cell was placed in gives role and block; a key without one
                // (never expected) is still stored, with its role read from the model's key.
                let col = t
                    .class
                    .columns
                    .iter()
                    .find(|c| c.key == *key)
                    .or_else(|| t.class.columns.iter().find(|c| c.index == m.col));
                let (role, stage, year) = match col {
                    Some(c) => {
                        let (s, y) = stage_and_year(c, t.class.kind, t, doc_year);
                        (c.role.clone(), s, y)
                    }
                    None => (
                        key.split('@').next().unwrap_or(key).to_string(),
                        rules().fallback_stage.clone(),
                        doc_year,
                    ),
                };
                out.push(AmountRow {
                    table_idx: t.index,
                    row_idx: it.row,
                    col: col.map(|c| c.index).unwrap_or(m.col),
                    code: it.code.clone(),
                    level: label(it.level),
                    name: it.name.clone(),
                    table_kind: kind.clone(),
                    role,
                    stage,
                    year,
                    value_sen: m.value.0,
                    printed: m.raw.clone(),
                    page: it.page,
                    column_key: key.clone(),
                    finding: touched.contains(&(t.index, it.row, key.as_str())),
                });
            }
        }
    }
    out
}

/// Every indicator target of the document, parsed into a number and unit where it has one.
pub fn targets(model: &DocModel) -> Vec<TargetRow> {
    let mut out = Vec::new();
    for t in &model.tables {
        let kind = label(t.class.kind);
        for it in &t.items {
            for ind in &it.indicators {
                let Some(raw) = ind.target.as_deref().filter(|s| !s.trim().is_empty()) else {
                    continue;
                };
                let parsed = parse_target(raw, it.satuan.as_deref(), model.style);
                let (value, percent, unit) = match parsed.kind {
                    TargetKind::Value { value, unit } => (Some(value), false, unit),
                    TargetKind::Percent { value } => (Some(value), true, Some("%".into())),
                    TargetKind::PercentAndValue { value, unit, .. } => (Some(value), false, unit),
                    _ => (None, false, None),
                };
                let unit = unit.or_else(|| it.satuan.as_ref().map(|s| s.trim().to_lowercase()));
                out.push(TargetRow {
                    table_idx: t.index,
                    row_idx: it.row,
                    code: it.code.clone(),
                    table_kind: kind.clone(),
                    indicator: ind.text.clone(),
                    printed: raw.to_string(),
                    value,
                    percent,
                    unit,
                    page: it.page,
                });
            }
        }
    }
    out
}

/// The content signature of a document: a hash per amount (code, role, stage, year, value), per
/// coded item (level, code, name in lower case) and per uncoded row (its words), sorted and
/// deduplicated. Two files of the
/// same document (PDF, scan, text export) share most of it whatever their pages or file names.
pub fn signature(model: &DocModel, amounts: &[AmountRow]) -> Vec<i64> {
    let mut set = BTreeSet::new();
    let h = |s: String| {
        let full = crate::store::content_hash(s.as_bytes());
        // The 64-bit FNV part, as a signed integer SQLite stores natively.
        u64::from_str_radix(full.split('-').next().unwrap_or("0"), 16).unwrap_or(0) as i64
    };
    for a in amounts {
        set.insert(h(format!(
            "a|{}|{}|{}|{:?}|{}",
            a.code.as_deref().unwrap_or(""),
            a.role,
            a.stage,
            a.year,
            a.value_sen
        )));
    }
    for t in &model.tables {
        for it in &t.items {
            match &it.code {
                Some(c) => set.insert(h(format!(
                    "i|{}|{c}|{}",
                    label(it.level),
                    it.name.trim().to_lowercase()
                ))),
                // Tables without codes (indicator definitions, IKU) are known by their rows.
                None => set.insert(h(format!(
                    "r|{}",
                    it.cells
                        .iter()
                        .flat_map(|c| c.split_whitespace())
                        .collect::<Vec<_>>()
                        .join(" ")
                        .to_lowercase()
                ))),
            };
        }
    }
    set.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(role: &str, block: Option<&str>) -> Column {
        Column {
            index: 3,
            role: role.into(),
            block: block.map(str::to_string),
            money: true,
            key: format!("{role}@{}", block.unwrap_or("")),
            header: String::new(),
        }
    }

    fn table(kind: TableKind, cols: Vec<Column>) -> TableModel {
        TableModel {
            index: 0,
            title: "Tabel".into(),
            page: 1,
            class: crate::classify::Classified {
                kind,
                kind_label: String::new(),
                columns: cols,
                thousands_header: false,
                title_years: vec![],
                soft_sums: false,
                right_aligned: false,
            },
            money_keys: vec![],
            scaled_thousands: false,
            items: vec![],
            notes: vec![],
        }
    }

    #[test]
    fn prakiraan_maju_is_the_same_whether_printed_as_year_or_as_words() {
        // Serang prints "Pagu 2023" (block y2023), Paser "Prakiraan Maju" (block n1).
        let by_year = col("pagu", Some("y2023"));
        let by_words = col("pagu", Some("n1"));
        let t = table(TableKind::Plan, vec![by_year.clone()]);
        let a = stage_and_year(&by_year, TableKind::Plan, &t, Some(2022));
        let b = stage_and_year(&by_words, TableKind::Plan, &t, Some(2022));
        assert_eq!(a, ("prakiraan_maju".to_string(), Some(2023)));
        assert_eq!(a, b);
        let this_year = col("pagu", Some("y2022"));
        assert_eq!(
            stage_and_year(&this_year, TableKind::Plan, &t, Some(2022)),
            ("rencana".to_string(), Some(2022))
        );
        let plain = col("pagu", None);
        assert_eq!(
            stage_and_year(&plain, TableKind::Plan, &t, Some(2022)),
            ("rencana".to_string(), Some(2022))
        );
    }

    #[test]
    fn review_and_perubahan_blocks_name_their_stage() {
        let t = table(TableKind::ReviewRkpd, vec![]);
        for (block, stage) in [
            ("rancangan", "rancangan_awal"),
            ("hasil", "hasil_analisis"),
            ("sebelum", "sebelum"),
            ("sesudah", "sesudah"),
        ] {
            assert_eq!(
                stage_and_year(
                    &col("pagu", Some(block)),
                    TableKind::ReviewRkpd,
                    &t,
                    Some(2024)
                ),
                (stage.to_string(), Some(2024)),
                "{block}"
            );
        }
        // A triwulan realisasi belongs to the year the evaluation table prints.
        let t = table(TableKind::Evaluation, vec![col("pagu", Some("y2022"))]);
        assert_eq!(
            stage_and_year(
                &col("realisasi_rp", Some("tw3")),
                TableKind::Evaluation,
                &t,
                Some(2024)
            ),
            ("realisasi_tw3".to_string(), Some(2022))
        );
    }

    #[test]
    fn embedded_store_rules_parse() {
        let r: StoreRules = ::toml::from_str(include_str!("../../rules/store.toml")).unwrap();
        assert!(r.duplicates.same_key < r.duplicates.partial_key);
        assert!(Source::BornDigital.rank() < Source::Scan.rank());
        assert!(Source::Scan.rank() < Source::TextExport.rank());
    }
}
