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
        todo!("normalize::names::Nomenclature::load")
    }

    /// The entry for a canonical code in one version; an instantiated penunjang code
    /// (`2.07.01...`) also finds its `X.XX.01...` entry.
    pub fn get(&self, code: &str, version: NomenclatureVersion) -> Option<&Entry> {
        let _ = (code, version);
        todo!("normalize::names::Nomenclature::get")
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
        let _ = (name, level, parent, version, &self.entries);
        todo!("normalize::names::Nomenclature::find_by_name")
    }
}

/// OCR-tolerant similarity of two names (0..=1): case, spacing and punctuation ignored,
/// character n-grams so `Kepegawaihan` still matches `Kepegawaian`.
pub fn similarity(a: &str, b: &str) -> f64 {
    let _ = (a, b);
    todo!("normalize::names::similarity")
}
