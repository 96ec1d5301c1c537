//! Normalize: printed cell text to typed values — codes, money, numbers, targets, names — always
//! keeping the raw text beside the parsed value.
//!
//! - [`number`]: money in exact sen (`parse_money`, `detect_style`), other numbers
//!   (`parse_decimal`), repair readings for the checks (`ocr_alternatives`,
//!   `typo_alternatives`), header scale (`scale_factor`, `apply_scale`).
//! - [`code`]: every printed code variant to `U.BB.PP.K.KK.SSSS` (`parse_code`, `read_code`
//!   with level hint and reliable prefix, `complete_with_context`), `level_of`, `parent_of`,
//!   `instantiate`.
//! - [`target`]: target cells (`parse_target`, `merged_money`).
//! - [`names`]: the official list with a trigram index (`global`, `find_by_name`, `get`,
//!   `similarity`) and the 2023 sub kegiatan metadata (`metadata_for`).
//! - [`resolve`]: one row's code decided from digits, context and name (`resolve`).

pub mod code;
pub mod names;
pub mod number;
pub mod repair;
pub mod resolve;
pub mod target;

use std::borrow::Cow;

/// Drops the emphasis markup some text exports keep inside cells (`<b>13,319,369,434</b>`,
/// `**Tabel 2.4**`) so the parsers see the printed text.
pub fn clean_cell(raw: &str) -> Cow<'_, str> {
    const TAGS: &[&str] = &[
        "<b>",
        "</b>",
        "<i>",
        "</i>",
        "<u>",
        "</u>",
        "<strong>",
        "</strong>",
        "<em>",
        "</em>",
        "<br>",
        "<br/>",
        "<br />",
        "**",
        "__",
    ];
    if !TAGS.iter().any(|t| raw.contains(t)) {
        return Cow::Borrowed(raw);
    }
    let mut s = raw.to_string();
    for t in TAGS {
        let rep = if t.starts_with("<br") { " " } else { "" };
        s = s.replace(t, rep);
    }
    Cow::Owned(s)
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_is_dropped() {
        assert_eq!(super::clean_cell("<b>13,319,369,434</b>"), "13,319,369,434");
        assert_eq!(super::clean_cell("**Tabel 2.4**"), "Tabel 2.4");
        assert_eq!(super::clean_cell("4 Dokumen"), "4 Dokumen");
    }
}
