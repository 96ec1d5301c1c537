//! The official nomenclature (rules/nomenclature.csv) and OCR-tolerant name matching.

use super::code::Level;
use serde::{Deserialize, Serialize};

/// Which official list a document follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NomenclatureVersion {
    /// Permendagri 90/2019 line (Renja 2021-2023).
    Pmdn90_2019,
    /// Kepmendagri 900.1.15.5-1317/2023 (Renja 2024 on).
    Kmdn900_2023,
}

impl NomenclatureVersion {
    /// The list a Renja of `year` follows.
    pub fn for_year(year: u16) -> Self {
        if year >= 2024 {
            NomenclatureVersion::Kmdn900_2023
        } else {
            NomenclatureVersion::Pmdn90_2019
        }
    }
}

/// One entry of the official list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Canonical code (`X.XX.01.2.02.0001` for penunjang items).
    pub code: String,
    /// Level.
    pub level: Level,
    /// Official name.
    pub name: String,
    /// List it comes from.
    pub version: NomenclatureVersion,
}

/// The loaded nomenclature, indexed by code and by name tokens.
pub struct Nomenclature {
    entries: Vec<Entry>,
}

impl Nomenclature {
    /// The list compiled into the binary (overridable through `RENJA_RULES`).
    pub fn load() -> Result<Self, String> {
        let text = crate::rules::text("nomenclature.csv");
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        let mut entries = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| format!("rules/nomenclature.csv: {e}"))?;
            let level = match &rec[1] {
                "urusan" => Level::Urusan,
                "bidang" => Level::Bidang,
                "program" => Level::Program,
                "kegiatan" => Level::Kegiatan,
                _ => Level::SubKegiatan,
            };
            let version = if rec[3].starts_with("pmdn90") {
                NomenclatureVersion::Pmdn90_2019
            } else {
                NomenclatureVersion::Kmdn900_2023
            };
            entries.push(Entry {
                code: rec[0].to_string(),
                level,
                name: rec[2].to_string(),
                version,
            });
        }
        Ok(Nomenclature { entries })
    }

    /// The entry for a canonical code in one version; an instantiated penunjang code
    /// (`2.07.01...`) also finds its `X.XX.01...` entry.
    pub fn get(&self, code: &str, version: NomenclatureVersion) -> Option<&Entry> {
        let generic = match code.split_once('.') {
            Some((_, rest)) if rest.len() > 3 && &rest[3..6.min(rest.len())] == ".01" => {
                format!("X.XX{}", &rest[2..])
            }
            _ => code.to_string(),
        };
        self.entries
            .iter()
            .find(|e| e.version == version && e.code == code)
            .or_else(|| {
                self.entries
                    .iter()
                    .find(|e| e.version == version && e.code == generic)
            })
    }

    /// The best entries for a printed name at a level, optionally only under a parent code,
    /// with their similarity (0..=1), best first.
    pub fn find_by_name(
        &self,
        name: &str,
        level: Option<Level>,
        parent: Option<&str>,
        version: NomenclatureVersion,
    ) -> Vec<(&Entry, f64)> {
        let mut out: Vec<(&Entry, f64)> = self
            .entries
            .iter()
            .filter(|e| e.version == version)
            .filter(|e| level.is_none_or(|l| e.level == l))
            .filter(|e| parent.is_none_or(|p| e.code.starts_with(p)))
            .map(|e| (e, similarity(name, &e.name)))
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1));
        out.truncate(10);
        out
    }
}

/// OCR-tolerant similarity of two names (0..=1): case, spacing and punctuation ignored,
/// character n-grams so `Kepegawaihan` still matches `Kepegawaian`.
pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_levenshtein(&a.to_lowercase(), &b.to_lowercase())
}
