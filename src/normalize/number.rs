//! Numbers and money as printed in Renja tables: Indonesian (`1.234.567,50`) and English
//! (`1,234,567.50`) grouping, ungrouped, wrapped (`14980028 7`), truncated (`314,522,83`) and
//! mixed (`248,898.050`) forms. Money is exact: integer sen, never floating point.

use serde::{Deserialize, Serialize};

/// A money amount in sen (1/100 rupiah), exact.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub struct Money(pub i64);

/// The grouping convention a document uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NumberStyle {
    /// `1.234.567,50`
    Indonesian,
    /// `1,234,567.50`
    English,
    /// Not enough evidence either way.
    Unknown,
}

/// Something odd about how a number was printed, worth telling a reviewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberFlag {
    /// Both `.` and `,` used as grouping in one number (`248,898.050`).
    MixedSeparators,
    /// The last group does not have 3 digits (`314,522,83`).
    TruncatedGroup,
    /// Digit groups separated by spaces were joined (`14980028 7`).
    RejoinedWrap,
    /// One separator followed by 3 digits, resolved by the document style.
    AmbiguousSeparator,
    /// The text had characters besides the number (`Rp`, parentheses) that were dropped.
    ExtraText,
}

/// A parsed money cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsedMoney {
    /// The cell text as printed.
    pub raw: String,
    /// The amount, when the text is a number.
    pub value: Option<Money>,
    /// What was odd about the printing.
    pub flags: Vec<NumberFlag>,
}

/// Counts the grouping patterns in a document's cells to decide its dominant style.
pub fn detect_style<'a>(cells: impl IntoIterator<Item = &'a str>) -> NumberStyle {
    let _ = cells;
    todo!("normalize::number::detect_style")
}

/// Parses a money cell. `-`, empty and `NIHIL` give `value: None` with no flags.
pub fn parse_money(raw: &str, style: NumberStyle) -> ParsedMoney {
    let _ = (raw, style);
    todo!("normalize::number::parse_money")
}

/// Parses a non-money number (percent, target, ratio): `87,25`, `5.31`, `1.000`, `42,978%`.
pub fn parse_decimal(raw: &str, style: NumberStyle) -> Option<f64> {
    let _ = (raw, style);
    todo!("normalize::number::parse_decimal")
}
