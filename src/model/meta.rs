//! Document metadata — pemda, OPD, year, document kind — from the prose and table titles.

use crate::extracted::Document;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// What kind of document this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// Renja PD.
    Renja,
    /// Perubahan Renja.
    PerubahanRenja,
    /// Evaluation of a Renja (T-E / T-C.29 form only).
    Evaluation,
    /// IKU decree / indicator definitions.
    Iku,
    /// Not recognised.
    Unknown,
}

/// Document metadata.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Meta {
    /// `Kota Serang`, `Kabupaten Paser`.
    pub pemda: Option<String>,
    /// `Dinas Tenaga Kerja dan Transmigrasi`.
    pub opd: Option<String>,
    /// The plan year (Renja tahun n).
    pub year: Option<u16>,
    /// Document kind.
    pub kind: Option<DocKind>,
    /// Bidang codes the OPD handles, when printed in an org code (`2.07`, `3.32`).
    pub bidang: Vec<String>,
}

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).expect("static regex"))
}

/// The words around an OPD name (rules/meta.toml).
#[derive(Debug, Deserialize)]
struct MetaRules {
    opd_heads: Vec<String>,
    opd_stops: Vec<String>,
}

/// The OPD-name pattern built from rules/meta.toml: a head word, then the name up to a stop word
/// or the end of the line.
fn opd_regex() -> &'static Regex {
    static OPD: OnceLock<Regex> = OnceLock::new();
    OPD.get_or_init(|| {
        let r: MetaRules = crate::rules::toml("meta.toml").unwrap_or_else(|_| {
            ::toml::from_str(include_str!("../../rules/meta.toml"))
                .expect("embedded rules/meta.toml parses (unit-tested)")
        });
        let alt = |ws: &[String]| {
            ws.iter()
                .map(|w| regex::escape(w))
                .collect::<Vec<_>>()
                .join("|")
        };
        Regex::new(&format!(
            r"(?i)\b({})\s+([a-z ,]{{3,80}}?)(?:\s+(?:{})\b|[.\n:]|$)",
            alt(&r.opd_heads),
            alt(&r.opd_stops)
        ))
        .expect("OPD pattern from escaped words")
    })
}

/// Reads the metadata of a document.
pub fn extract(doc: &Document) -> Meta {
    let titles: Vec<&str> = doc.tables.iter().map(|t| t.title.as_str()).collect();
    let all: Vec<&str> = doc
        .text
        .iter()
        .map(|s| s.as_str())
        .chain(titles.iter().copied())
        .collect();
    let joined = all.join("\n");
    let lower = joined.to_lowercase();

    static PEMDA: OnceLock<Regex> = OnceLock::new();
    let pemda_re = re(
        &PEMDA,
        r"\b(Kota|KOTA|Kabupaten|KABUPATEN|Kab\.)\s+([A-Z][A-Za-z]+(?:\s[A-Z][a-z]+)?)",
    );
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for c in pemda_re.captures_iter(&joined) {
        let kind = match c[1].to_lowercase().as_str() {
            "kota" => "Kota",
            _ => "Kabupaten",
        };
        let name = titlecase(c[2].split_whitespace().next().unwrap_or(""));
        if name.len() < 3 || ["Dan", "Yang", "Kota", "Tahun"].contains(&name.as_str()) {
            continue;
        }
        *counts.entry(format!("{kind} {name}")).or_default() += 1;
    }
    let pemda = counts
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(k, _)| k.clone());

    let opd_re = opd_regex();
    // (count, first position): the most frequent name, and on a tie the one met first (the
    // cover and title lines come before the prose).
    let mut oc: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (pos, c) in opd_re.captures_iter(&joined).enumerate() {
        let name = format!("{} {}", titlecase(&c[1]), titlecase_words(c[2].trim()));
        if name.split_whitespace().count() < 2 || name.len() > 80 {
            continue;
        }
        oc.entry(name).or_insert((0, pos)).0 += 1;
    }
    let opd = oc
        .iter()
        .max_by_key(|(_, (n, first))| (*n, std::cmp::Reverse(*first)))
        .map(|(k, _)| k.clone());

    // Year: the plan table's title year, else "Renja ... Tahun 20xx" in the text.
    static YEAR: OnceLock<Regex> = OnceLock::new();
    let year_re = re(&YEAR, r"\b(20[1-3][0-9])\b");
    let plan_year = doc
        .tables
        .iter()
        .map(|t| (t, crate::classify::classify(t)))
        .filter(|(_, c)| c.kind == crate::classify::TableKind::Plan)
        .filter_map(|(t, _)| {
            year_re
                .captures(&t.title)
                .and_then(|c| c[1].parse::<u16>().ok())
        })
        .next();
    static RENJA_YEAR: OnceLock<Regex> = OnceLock::new();
    let ry = re(
        &RENJA_YEAR,
        r"(?i)(?:renja|rencana kerja)[^\n]{0,80}?tahun(?: anggaran)?\s+(20[1-3][0-9])",
    );
    let mut yc: BTreeMap<u16, usize> = BTreeMap::new();
    for c in ry.captures_iter(&joined) {
        if let Ok(y) = c[1].parse::<u16>() {
            *yc.entry(y).or_default() += 1;
        }
    }
    let text_year = yc.iter().max_by_key(|(_, n)| **n).map(|(y, _)| *y);
    let year = plan_year.or(text_year);

    let kind = if lower.contains("perubahan renja") || lower.contains("renja perubahan") {
        Some(DocKind::PerubahanRenja)
    } else if lower.contains("indikator kinerja utama") {
        Some(DocKind::Iku)
    } else if lower.contains("rencana kerja") || lower.contains("renja") {
        Some(DocKind::Renja)
    } else if lower.contains("evaluasi")
        || doc
            .tables
            .iter()
            .any(|t| crate::classify::classify(t).kind == crate::classify::TableKind::Evaluation)
    {
        Some(DocKind::Evaluation)
    } else {
        None
    };

    // Bidang codes from an org code like 2.07.3.32.00.02.00.00 (U.BB.U.BB...).
    static ORG: OnceLock<Regex> = OnceLock::new();
    let org = re(&ORG, r"^(\d)\.(\d{2})\.(\d)\.(\d{2})\.");
    let mut bidang = Vec::new();
    'rows: for t in &doc.tables {
        for r in &t.rows {
            if let Some(c) = r.cells.first() {
                if let Some(m) = org.captures(c.text.trim()) {
                    bidang.push(format!("{}.{}", &m[1], &m[2]));
                    if &m[4] != "00" {
                        bidang.push(format!("{}.{}", &m[3], &m[4]));
                    }
                    break 'rows;
                }
            }
        }
    }
    Meta {
        pemda,
        opd,
        year,
        kind,
        bidang,
    }
}

fn titlecase(w: &str) -> String {
    let lw = w.to_lowercase();
    let mut c = lw.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn titlecase_words(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            if ["dan", "dari", "pada", "yang"].contains(&w.to_lowercase().as_str()) {
                w.to_lowercase()
            } else {
                titlecase(w)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::textexport::parse_text_export;

    #[test]
    fn serang_like_meta() {
        let d = parse_text_export(
            "x",
            "Renja Dinas Tenaga Kerja dan Transmigrasi Kota Serang Tahun 2022\n\n**Tabel 3.3**\n**Rumusan Rencana Program Kota Serang Tahun 2022**\n**dan Prakiraan Maju Tahun 2023**\n\nKODE\tPROGRAM\tPAGU INDIKATIF\tPRAKIRAAN MAJU\n1\t2\t3\t4\n",
        );
        let m = extract(&d);
        assert_eq!(m.pemda.as_deref(), Some("Kota Serang"));
        assert_eq!(m.year, Some(2022));
        assert_eq!(
            m.opd.as_deref(),
            Some("Dinas Tenaga Kerja dan Transmigrasi")
        );
        assert_eq!(m.kind, Some(DocKind::Renja));
    }

    #[test]
    fn opd_name_stops_at_prose_words() {
        let d = parse_text_export(
            "x",
            "Renja Dinas Tenaga Kerja Kabupaten Contoh Tahun 2024\n\nPada Tahun 2022 total anggaran Dinas Tenaga Kerja sebesar Rp. 9.054.343.734.\n",
        );
        assert_eq!(extract(&d).opd.as_deref(), Some("Dinas Tenaga Kerja"));
    }
}
