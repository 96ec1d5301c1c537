//! Metrics of the standard-14 fonts, for simple fonts that name one without giving `/Widths`.
//!
//! Widths come from `std14_widths.txt` (Adobe's AFM advance widths by glyph name), parsed once on
//! first use and keyed by Unicode through the Adobe glyph list. Approximations, documented here so
//! nobody is surprised: the Oblique faces use the upright widths (as in the AFMs), all Courier
//! faces are fixed at 600, ZapfDingbats has no table (default width), and common metric-compatible
//! substitutes (Arial, Times New Roman, Courier New, Liberation) map to the face they copy.

use std::collections::HashMap;
use std::sync::OnceLock;

const DATA: &str = include_str!("std14_widths.txt");

/// Metrics of one standard face.
#[derive(Debug)]
pub struct Metrics {
    /// Canonical family name ("Helvetica", "Times-Roman", "Courier", "Symbol", "ZapfDingbats").
    pub name: &'static str,
    /// Whether the face is bold.
    pub bold: bool,
    /// Ascender, 1/1000 em.
    pub ascent: f32,
    /// Descender (negative), 1/1000 em.
    pub descent: f32,
    fixed: Option<f32>,
    widths: HashMap<char, u16>,
}

impl Metrics {
    /// Advance width (1/1000 em) of a one-character text.
    pub fn width_of(&self, text: &str) -> Option<f32> {
        if let Some(w) = self.fixed {
            return (!text.is_empty()).then_some(w);
        }
        let mut it = text.chars();
        let c = it.next()?;
        if it.next().is_some() {
            return None;
        }
        self.widths.get(&c).map(|&w| w as f32)
    }

    /// Width for codes without a glyph in the table.
    pub fn default_width(&self) -> f32 {
        self.fixed.unwrap_or(500.0)
    }
}

struct Table {
    faces: Vec<Metrics>,
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let mut faces = Vec::new();
        for line in DATA.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut it = line.split_ascii_whitespace();
            let (Some(name), Some(asc), Some(desc)) = (it.next(), it.next(), it.next()) else {
                continue;
            };
            let mut widths = HashMap::new();
            for kv in it {
                if let Some((g, w)) = kv.split_once('=') {
                    let (Some(c), Ok(w)) = (super::font::agl(g.as_bytes()), w.parse::<u16>())
                    else {
                        continue;
                    };
                    widths.entry(c).or_insert(w);
                }
            }
            // Names are 'static because DATA is.
            let name: &'static str = name;
            faces.push(Metrics {
                name,
                bold: name.contains("Bold"),
                ascent: asc.parse().unwrap_or(718.0),
                descent: desc.parse().unwrap_or(-207.0),
                fixed: None,
                widths,
            });
        }
        for (name, bold) in [("Courier", false), ("Courier-Bold", true)] {
            faces.push(Metrics {
                name,
                bold,
                ascent: 629.0,
                descent: -157.0,
                fixed: Some(600.0),
                widths: HashMap::new(),
            });
        }
        faces.push(Metrics {
            name: "ZapfDingbats",
            bold: false,
            ascent: 820.0,
            descent: -143.0,
            fixed: None,
            widths: HashMap::new(),
        });
        Table { faces }
    })
}

/// The standard face a base font name refers to (subset tag already stripped), if any.
pub fn lookup(base_font: &[u8]) -> Option<&'static Metrics> {
    let name = std::str::from_utf8(base_font).ok()?;
    let lower = name.to_ascii_lowercase();
    let bold = super::font::name_is_bold(base_font);
    let italic = lower.contains("italic") || lower.contains("oblique");
    let family = if lower.starts_with("helvetica")
        || lower.starts_with("arial")
        || lower.starts_with("liberationsans")
    {
        "helvetica"
    } else if lower.starts_with("times") || lower.starts_with("liberationserif") {
        "times"
    } else if lower.starts_with("courier") || lower.starts_with("liberationmono") {
        "courier"
    } else if lower == "symbol" {
        "Symbol"
    } else if lower == "zapfdingbats" {
        "ZapfDingbats"
    } else {
        return None;
    };
    let face = match (family, bold, italic) {
        ("helvetica", false, _) => "Helvetica",
        ("helvetica", true, _) => "Helvetica-Bold",
        ("times", false, false) => "Times-Roman",
        ("times", true, false) => "Times-Bold",
        ("times", false, true) => "Times-Italic",
        ("times", true, true) => "Times-BoldItalic",
        ("courier", false, _) => "Courier",
        ("courier", true, _) => "Courier-Bold",
        (other, _, _) => other,
    };
    table().faces.iter().find(|m| m.name == face)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_widths() {
        let h = lookup(b"Helvetica").unwrap();
        assert_eq!(h.width_of("A"), Some(667.0));
        assert_eq!(h.width_of(" "), Some(278.0));
        assert_eq!(h.width_of("é"), Some(556.0));
        let hb = lookup(b"Arial,Bold").unwrap();
        assert!(hb.bold);
        assert_eq!(hb.width_of("i"), Some(278.0));
        let t = lookup(b"Times-Roman").unwrap();
        assert_eq!(t.width_of("0"), Some(500.0));
        assert_eq!(
            lookup(b"Courier-Oblique").unwrap().width_of("x"),
            Some(600.0)
        );
        assert!(lookup(b"Calibri").is_none());
        for face in &table().faces {
            if face.fixed.is_none() && face.name != "ZapfDingbats" {
                assert!(face.widths.len() > 150, "{}", face.name);
            }
        }
    }
}
