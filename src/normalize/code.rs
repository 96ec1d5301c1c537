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
    let mut raw = cells.join("\t");
    if let Some(p) = name_prefix {
        raw.push('\t');
        raw.push_str(p);
    }
    let groups: Vec<&str> = raw
        .split(|c: char| !(c.is_ascii_digit() || c == 'X' || c == 'x'))
        .filter(|g| !g.is_empty())
        .collect();
    let candidates = if groups.is_empty() {
        Vec::new()
    } else {
        vec![groups.join(".")]
    };
    ParsedCode {
        raw,
        candidates,
        damaged: false,
    }
}

/// The level of a canonical code, from its segment count.
pub fn level_of(canonical: &str) -> Option<Level> {
    match canonical.split('.').count() {
        1 => Some(Level::Urusan),
        2 => Some(Level::Bidang),
        3 => Some(Level::Program),
        5 => Some(Level::Kegiatan),
        6 => Some(Level::SubKegiatan),
        _ => None,
    }
}

/// The parent code (`2.07.03.2.01.0001` -> `2.07.03.2.01`), `None` for an urusan.
pub fn parent_of(canonical: &str) -> Option<String> {
    let segs: Vec<&str> = canonical.split('.').collect();
    match segs.len() {
        2 | 3 | 6 => Some(segs[..segs.len() - 1].join(".")),
        5 => Some(segs[..3].join(".")),
        _ => None,
    }
}

/// Instantiates the shared penunjang program (`X.XX.01...`) for a bidang (`2.07`).
pub fn instantiate(canonical: &str, bidang: &str) -> String {
    match canonical.strip_prefix("X.XX") {
        Some(rest) => format!("{bidang}{rest}"),
        None => canonical.to_string(),
    }
}
