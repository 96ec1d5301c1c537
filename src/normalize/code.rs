//! Program codes (Permendagri 90/2019 and updates) from every printed variant to the canonical
//! `U.BB.PP.K.KK.SSSS`.

use serde::{Deserialize, Serialize};

/// Level in the planning hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// `2`
    Urusan,
    /// `2.07`
    Bidang,
    /// `2.07.03`
    Program,
    /// `2.07.03.2.01`
    Kegiatan,
    /// `2.07.03.2.01.0001`
    SubKegiatan,
}

/// A code read from the leading cells of a row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsedCode {
    /// The code cells as printed, joined with TAB.
    pub raw: String,
    /// Canonical candidates, best first (several for collapsed digit strings like `207512`).
    /// Empty when no digits could be read. `X.XX` stays as printed; see [`instantiate`].
    pub candidates: Vec<String>,
    /// Set when the digits were visibly damaged (OCR noise, lost digits), so the name should
    /// decide.
    pub damaged: bool,
}

/// Reads a code from the code cells of a row (several cells when the code is split over
/// columns) plus an optional leading number glued to the name (`06 Penatausahaan ...`).
pub fn parse_code(cells: &[&str], name_prefix: Option<&str>) -> ParsedCode {
    let _ = (cells, name_prefix);
    todo!("normalize::code::parse_code")
}

/// The level of a canonical code, from its segment count.
pub fn level_of(canonical: &str) -> Option<Level> {
    let _ = canonical;
    todo!("normalize::code::level_of")
}

/// The parent code (`2.07.03.2.01.0001` -> `2.07.03.2.01`), `None` for an urusan.
pub fn parent_of(canonical: &str) -> Option<String> {
    let _ = canonical;
    todo!("normalize::code::parent_of")
}

/// Instantiates the shared penunjang program (`X.XX.01...`) for a bidang (`2.07`).
pub fn instantiate(canonical: &str, bidang: &str) -> String {
    let _ = (canonical, bidang);
    todo!("normalize::code::instantiate")
}
