//! Normalize: printed cell text to typed values — codes, money, numbers, targets, names — always
//! keeping the raw text beside the parsed value.

pub mod code;
pub mod names;
pub mod number;
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
