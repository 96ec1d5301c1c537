//! Domain knowledge as data: the files under `rules/` (table kinds, header keywords, check
//! tolerances, nomenclature). They are compiled into the binary so it runs anywhere, and a
//! directory named by `RENJA_RULES` overrides any of them, so a new region's layout is a rules
//! change, not a code change.

use std::borrow::Cow;
use std::path::PathBuf;

/// Every rules file the binary carries, by file name.
const EMBEDDED: &[(&str, &str)] = &[
    ("layout.toml", include_str!("../rules/layout.toml")),
    ("tables.toml", include_str!("../rules/tables.toml")),
    ("checks.toml", include_str!("../rules/checks.toml")),
    (
        "nomenclature.csv",
        include_str!("../rules/nomenclature.csv"),
    ),
    ("numbers.toml", include_str!("../rules/numbers.toml")),
    ("repair.toml", include_str!("../rules/repair.toml")),
    ("names.toml", include_str!("../rules/names.toml")),
    ("targets.toml", include_str!("../rules/targets.toml")),
    (
        "subkegiatan_metadata_2023.csv",
        include_str!("../rules/subkegiatan_metadata_2023.csv"),
    ),
    ("ocr.toml", include_str!("../rules/ocr.toml")),
    ("meta.toml", include_str!("../rules/meta.toml")),
    ("units.toml", include_str!("../rules/units.toml")),
    ("report.toml", include_str!("../rules/report.toml")),
    ("pagenum.toml", include_str!("../rules/pagenum.toml")),
    ("store.toml", include_str!("../rules/store.toml")),
    ("limits.toml", include_str!("../rules/limits.toml")),
];

/// A fingerprint of every rules file in effect (embedded or overridden by `RENJA_RULES`): the
/// database records it with each document, so a rules change marks the documents it could
/// change as older (`renja batch --reprocess-older`).
pub fn fingerprint() -> &'static str {
    static FP: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    FP.get_or_init(|| {
        let mut all = Vec::new();
        for (name, _) in EMBEDDED {
            all.extend_from_slice(name.as_bytes());
            all.push(0);
            all.extend_from_slice(text(name).as_bytes());
            all.push(0);
        }
        crate::store::content_hash(&all)
    })
}

/// The text of the rules file `name`, from `$RENJA_RULES/<name>` when that exists, else the
/// copy compiled into the binary. Panics only if `name` is not a known rules file, which is a
/// programming error caught by the tests.
pub fn text(name: &str) -> Cow<'static, str> {
    if let Some(dir) = std::env::var_os("RENJA_RULES") {
        let p = PathBuf::from(dir).join(name);
        if let Ok(s) = std::fs::read_to_string(&p) {
            return Cow::Owned(s);
        }
    }
    match EMBEDDED.iter().find(|(n, _)| *n == name) {
        Some((_, s)) => Cow::Borrowed(s),
        None => panic!("unknown rules file {name}"),
    }
}

/// Parses a TOML rules file into `T`, naming the file in the error.
pub fn toml<T: serde::de::DeserializeOwned>(name: &str) -> Result<T, String> {
    ::toml::from_str(&text(name)).map_err(|e| format!("rules/{name}: {e}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_embedded_file_is_readable() {
        for (name, _) in super::EMBEDDED {
            assert!(!super::text(name).is_empty(), "{name}");
        }
    }
}
