//! Performance targets as printed: value + unit, percent, `(100) 8 dokumen`, grades (`62 B`),
//! `-` / `NIHIL`, composite text.

use serde::{Deserialize, Serialize};

/// A parsed target cell; the raw text always stays beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// The cell text as printed.
    pub raw: String,
    /// What the text was read as.
    pub kind: TargetKind,
}

/// The shape of a target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TargetKind {
    /// A number with an optional unit (`4 Dokumen`, `12` + unit in another cell).
    Value {
        /// The number.
        value: f64,
        /// The unit, lower-cased, when printed in the cell.
        unit: Option<String>,
    },
    /// A percentage (`88,88%`, `100 Persen`).
    Percent {
        /// The percentage (88.88 for `88,88%`).
        value: f64,
    },
    /// Percent and absolute together (`(100) 8 dokumen`).
    PercentAndValue {
        /// The percentage.
        pct: f64,
        /// The absolute value.
        value: f64,
        /// The unit.
        unit: Option<String>,
    },
    /// A score with a grade (`62 B`, `60,24 - B`).
    Grade {
        /// The score, when printed.
        score: Option<f64>,
        /// The grade letters.
        grade: String,
    },
    /// `-`, `NIHIL`, `---`: not applicable (distinct from zero).
    NotApplicable,
    /// Empty cell.
    Empty,
    /// Text with no single number to compare (`1 komputer, 1 laptop dan 1 printer`).
    Text,
}

/// Parses a target cell (`unit_cell` is a separate satuan column's text, when the table has one).
pub fn parse_target(
    raw: &str,
    unit_cell: Option<&str>,
    style: super::number::NumberStyle,
) -> Target {
    let _ = (raw, unit_cell, style);
    todo!("normalize::target::parse_target")
}
