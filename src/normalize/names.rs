//! The official nomenclature (rules/nomenclature.csv) and OCR-tolerant name matching.
//!
//! Names are compared by character trigrams of the name with spaces and punctuation removed
//! (so `PERENCANA AN` = `PERENCANAAN`, `Kepegawaihan` ~ `Kepegawaian`), blended with the
//! containment of the shorter name in the longer (so a name printed without its tail still
//! scores well) and a Levenshtein ratio. A trigram inverted index keeps a lookup over the
//! ~7000 entries to a few hundred scored candidates at most.

use super::code::Level;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Mutex, OnceLock};

/// A lookup's arguments: name, level, parent code, version.
type MemoKey = (String, Option<Level>, Option<String>, NomenclatureVersion);

/// Lookups remembered before the memo is emptied (a bound on its memory in a long batch).
const MEMO_CAP: usize = 100_000;

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

    fn idx(self) -> usize {
        match self {
            NomenclatureVersion::Pmdn90_2019 => 0,
            NomenclatureVersion::Kmdn900_2023 => 1,
        }
    }

    /// The `source_version` tag used in the CSV files.
    pub fn tag(self) -> &'static str {
        match self {
            NomenclatureVersion::Pmdn90_2019 => "pmdn90-2019",
            NomenclatureVersion::Kmdn900_2023 => "kmdn900.1.15.5-1317-2023",
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

/// A name prepared for comparison.
#[derive(Debug, Clone)]
struct Prepared {
    toks: Vec<String>,
    compact: Vec<char>,
    grams: Vec<u64>,
}

/// Hashes the packed trigram keys (already well spread) with one multiplication: the index is
/// built from ~400k insertions and read on every lookup, where SipHash is the main cost.
#[derive(Default)]
struct GramHasher(u64);

impl Hasher for GramHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ *b as u64).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// The loaded nomenclature, indexed by code and by name tokens.
pub struct Nomenclature {
    entries: Vec<Entry>,
    prepared: Vec<Prepared>,
    by_code: HashMap<(usize, String), usize>,
    /// Entry indices per version, sorted by code (prefix ranges by binary search).
    sorted: [Vec<usize>; 2],
    /// Trigram -> entries holding it.
    postings: HashMap<u64, Vec<u32>, BuildHasherDefault<GramHasher>>,
    /// Every word of the official names (lower case).
    vocab: HashSet<String>,
    /// Some official name is too short for a trigram, so [`tri_bound`] bounds nothing.
    gramless: bool,
    /// The fewest and most trigrams of an official name.
    gram_lens: std::ops::RangeInclusive<usize>,
    /// Results of earlier lookups: the model builder, the resolver and the checks ask about
    /// the same rows, and a document states each item in several tables (issue 13: a
    /// 10,000-item check spent most of its time here).
    memo: Mutex<HashMap<MemoKey, Vec<(usize, f64)>>>,
}

#[derive(Debug, Deserialize)]
struct NameRules {
    ignore_prefixes: Vec<String>,
    abbreviations: HashMap<String, String>,
}

fn name_rules() -> &'static NameRules {
    static R: OnceLock<NameRules> = OnceLock::new();
    R.get_or_init(|| {
        crate::rules::toml::<NameRules>("names.toml").unwrap_or_else(|e| {
            eprintln!("warning: {e}; using the built-in names.toml");
            ::toml::from_str(include_str!("../../rules/names.toml"))
                .expect("built-in rules/names.toml parses")
        })
    })
}

/// Lower-cases, drops punctuation, expands abbreviations and drops a leading
/// `PROGRAM`/`Kegiatan`/`Sub Kegiatan`; returns the tokens.
fn tokens(name: &str) -> Vec<String> {
    let rules = name_rules();
    let low = name.to_lowercase().replace('&', " dan ");
    let mut toks: Vec<String> = Vec::new();
    for t in low.split(|c: char| !c.is_alphanumeric()) {
        if t.is_empty() {
            continue;
        }
        match rules.abbreviations.get(t) {
            Some(exp) => toks.extend(exp.split_whitespace().map(str::to_string)),
            None => toks.push(t.to_string()),
        }
    }
    for p in &rules.ignore_prefixes {
        let pt: Vec<&str> = p.split_whitespace().collect();
        if toks.len() > pt.len() && toks.iter().zip(&pt).all(|(a, b)| a == b) {
            toks.drain(..pt.len());
            break;
        }
    }
    toks
}

fn prepare(name: &str) -> Prepared {
    let toks = tokens(name);
    let compact: Vec<char> = toks.concat().chars().collect();
    let mut grams: Vec<u64> = compact
        .windows(3)
        .map(|w| ((w[0] as u64) << 42) | ((w[1] as u64) << 21) | (w[2] as u64))
        .collect();
    grams.sort_unstable();
    grams.dedup();
    Prepared {
        toks,
        compact,
        grams,
    }
}

fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The weights of Dice and of containment in [`tri_score`] (and so in [`tri_bound`]).
const DICE_WEIGHT: f64 = 0.6;
const CONTAIN_WEIGHT: f64 = 0.4;

/// Similarity under which [`Nomenclature::find_by_name`] may leave an entry out.
pub const UNMATCHED_BELOW: f64 = 0.5;

/// An upper bound of [`tri_score`] of `q` against every name of the index whose trigram
/// count lies in `lens`, from how many of the query's trigrams occur in any name at all: a
/// name of L trigrams shares at most min(k, L) of them, which bounds Dice and containment.
/// Under [`UNMATCHED_BELOW`] this bounds [`score`] too (Levenshtein only lifts a trigram
/// score of 0.5 or more), so a name sharing almost nothing with the list, as garbage rows do
/// by the million in a hostile export (issue 13), is answered without a search.
fn tri_bound(
    q: &Prepared,
    postings: &HashMap<u64, Vec<u32>, BuildHasherDefault<GramHasher>>,
    lens: std::ops::RangeInclusive<usize>,
) -> f64 {
    let n = q.grams.len();
    if n == 0 {
        return 1.0;
    }
    let k = q.grams.iter().filter(|g| postings.contains_key(g)).count();
    lens.map(|l| {
        let inter = k.min(l) as f64;
        DICE_WEIGHT * 2.0 * inter / (n + l) as f64 + CONTAIN_WEIGHT * inter / n.min(l).max(1) as f64
    })
    .fold(0.0, f64::max)
}

/// The trigram part of the score (cheap): Dice blended with containment.
fn tri_score(a: &Prepared, b: &Prepared) -> f64 {
    if a.grams.is_empty() || b.grams.is_empty() {
        return 0.0;
    }
    let inter = shared(&a.grams, &b.grams) as f64;
    let dice = 2.0 * inter / (a.grams.len() + b.grams.len()) as f64;
    let contain = inter / a.grams.len().min(b.grams.len()) as f64;
    // Containment alone would make any short name match a long one; weigh it below Dice.
    DICE_WEIGHT * dice + CONTAIN_WEIGHT * contain
}

fn score(a: &Prepared, b: &Prepared, vocab: &HashSet<String>) -> f64 {
    if a.compact.is_empty() || b.compact.is_empty() {
        return 0.0;
    }
    if a.compact == b.compact {
        return 1.0;
    }
    let lev = |a: &Prepared, b: &Prepared| {
        let sa: String = a.compact.iter().collect();
        let sb: String = b.compact.iter().collect();
        strsim::normalized_levenshtein(&sa, &sb)
    };
    if a.grams.is_empty() || b.grams.is_empty() {
        return lev(a, b);
    }
    let tri = tri_score(a, b);
    // Levenshtein refines short names, where one wrong letter costs many trigrams; on long
    // names trigrams already tolerate OCR damage and Levenshtein costs the most.
    let short = a.compact.len().min(b.compact.len()) < 24;
    let base = if tri >= 0.5 && short {
        tri.max(lev(a, b))
    } else {
        tri
    };
    if base < 0.6 {
        return base;
    }
    (base - substitution_penalty(a, b, vocab)).clamp(0.0, 1.0)
}

/// Real words swapped for other real words (`Mikro` for `Makro`) are a different name, not OCR
/// damage: a word of the official vocabulary that is missing from the other name, where the
/// other name has a vocabulary word of the same length one or two letters apart, costs 0.15
/// (`Konsultasi`/`Konsultansi` differ in length: wording drift, not another name). A word outside the
/// vocabulary (`Kepegawaihan`) is OCR noise and costs nothing.
fn substitution_penalty(a: &Prepared, b: &Prepared, vocab: &HashSet<String>) -> f64 {
    if vocab.is_empty() {
        return 0.0;
    }
    let mut n = 0;
    for t in &a.toks {
        if t.chars().count() < 4 || !vocab.contains(t) || b.toks.contains(t) {
            continue;
        }
        let swapped = b.toks.iter().any(|u| {
            u.len() == t.len()
                && !a.toks.contains(u)
                && strsim::levenshtein(t, u) <= 2
                && vocab.contains(u)
        });
        if swapped {
            n += 1;
        }
    }
    0.15 * n as f64
}

/// OCR-tolerant similarity of two names (0..=1): case, spacing and punctuation ignored,
/// character n-grams so `Kepegawaihan` still matches `Kepegawaian`.
pub fn similarity(a: &str, b: &str) -> f64 {
    score(&prepare(a), &prepare(b), &global().vocab)
}

fn parse_level(s: &str) -> Option<Level> {
    Some(match s.trim() {
        "urusan" => Level::Urusan,
        "bidang" => Level::Bidang,
        "program" => Level::Program,
        "kegiatan" => Level::Kegiatan,
        "subkegiatan" | "sub_kegiatan" | "sub kegiatan" => Level::SubKegiatan,
        _ => return None,
    })
}

fn parse_version(s: &str) -> Option<NomenclatureVersion> {
    let s = s.trim();
    if s.starts_with("pmdn90") {
        Some(NomenclatureVersion::Pmdn90_2019)
    } else if s.starts_with("kmdn900") {
        Some(NomenclatureVersion::Kmdn900_2023)
    } else {
        None
    }
}

impl Nomenclature {
    /// The list compiled into the binary (overridable through `RENJA_RULES`).
    pub fn load() -> Result<Self, String> {
        Self::from_csv(&crate::rules::text("nomenclature.csv"))
            .map_err(|e| format!("rules/nomenclature.csv: {e}"))
    }

    /// Builds the index from CSV text with the columns `code,level,name,source_version`.
    pub fn from_csv(text: &str) -> Result<Self, String> {
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        let mut entries = Vec::new();
        for (i, rec) in rdr.records().enumerate() {
            let rec = rec.map_err(|e| e.to_string())?;
            let line = i + 2;
            if rec.len() < 4 {
                return Err(format!("line {line}: expected 4 columns"));
            }
            let level =
                parse_level(&rec[1]).ok_or_else(|| format!("line {line}: level {:?}", &rec[1]))?;
            let version = parse_version(&rec[3])
                .ok_or_else(|| format!("line {line}: source_version {:?}", &rec[3]))?;
            entries.push(Entry {
                code: rec[0].trim().to_string(),
                level,
                name: rec[2].trim().to_string(),
                version,
            });
        }
        Ok(Self::from_entries(entries))
    }

    /// Builds the index over `entries`.
    pub fn from_entries(entries: Vec<Entry>) -> Self {
        let prepared: Vec<Prepared> = entries.iter().map(|e| prepare(&e.name)).collect();
        let mut by_code = HashMap::new();
        let mut sorted: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
        let mut postings: HashMap<u64, Vec<u32>, BuildHasherDefault<GramHasher>> =
            HashMap::default();
        for (i, e) in entries.iter().enumerate() {
            by_code.insert((e.version.idx(), e.code.clone()), i);
            sorted[e.version.idx()].push(i);
            for g in &prepared[i].grams {
                postings.entry(*g).or_default().push(i as u32);
            }
        }
        let vocab: HashSet<String> = prepared
            .iter()
            .flat_map(|p| p.toks.iter().cloned())
            .collect();
        for v in sorted.iter_mut() {
            v.sort_by(|a, b| entries[*a].code.cmp(&entries[*b].code));
        }
        let gramless = prepared.iter().any(|p| p.grams.is_empty());
        let lens = prepared.iter().map(|p| p.grams.len());
        let gram_lens = lens.clone().min().unwrap_or(0)..=lens.max().unwrap_or(0);
        Nomenclature {
            entries,
            gramless,
            gram_lens,
            prepared,
            by_code,
            sorted,
            postings,
            vocab,
            memo: Mutex::new(HashMap::new()),
        }
    }

    /// Every entry, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry for a canonical code in one version; an instantiated penunjang code
    /// (`2.07.01...`) also finds its `X.XX.01...` entry.
    pub fn get(&self, code: &str, version: NomenclatureVersion) -> Option<&Entry> {
        let v = version.idx();
        if let Some(&i) = self.by_code.get(&(v, code.to_string())) {
            return Some(&self.entries[i]);
        }
        let generic = super::code::generic_penunjang(code)?;
        self.by_code.get(&(v, generic)).map(|&i| &self.entries[i])
    }

    /// True when `code` is in either version (penunjang codes through `X.XX`).
    pub fn has_code(&self, code: &str) -> bool {
        self.get(code, NomenclatureVersion::Pmdn90_2019).is_some()
            || self.get(code, NomenclatureVersion::Kmdn900_2023).is_some()
    }

    /// Same as [`Nomenclature::has_code`]; kept for the code reader's wording.
    pub fn has_code_any(&self, code: &str) -> bool {
        self.has_code(code)
    }

    /// Entries of `version` whose code starts with `prefix.` (all descendants), in code order.
    pub fn descendants(&self, prefix: &str, version: NomenclatureVersion) -> Vec<&Entry> {
        self.range(prefix, version)
            .map(|i| &self.entries[i])
            .collect()
    }

    /// The direct children of `code` in `version`.
    pub fn children(&self, code: &str, version: NomenclatureVersion) -> Vec<&Entry> {
        let want = super::code::level_of(code).and_then(|l| match l {
            Level::Urusan => Some(Level::Bidang),
            Level::Bidang => Some(Level::Program),
            Level::Program => Some(Level::Kegiatan),
            Level::Kegiatan => Some(Level::SubKegiatan),
            Level::SubKegiatan => None,
        });
        let Some(want) = want else { return vec![] };
        let generic = super::code::generic_penunjang(code);
        let mut out: Vec<&Entry> = self
            .descendants(generic.as_deref().unwrap_or(code), version)
            .into_iter()
            .filter(|e| e.level == want)
            .collect();
        if want == Level::Program && super::code::level_of(code) == Some(Level::Bidang) {
            out.extend(
                self.descendants("X.XX", version)
                    .into_iter()
                    .filter(|e| e.level == want),
            );
        }
        out
    }

    fn range(
        &self,
        prefix: &str,
        version: NomenclatureVersion,
    ) -> impl Iterator<Item = usize> + '_ {
        self.range_slice(prefix, version).iter().copied()
    }

    /// The entries of `version` under `prefix` (codes `prefix.…`), found by two binary
    /// searches: every such code sorts before `prefix/` (`/` follows `.`).
    fn range_slice(&self, prefix: &str, version: NomenclatureVersion) -> &[usize] {
        let list = &self.sorted[version.idx()];
        let dotted = format!("{prefix}.");
        let past = format!("{prefix}/");
        let start = list.partition_point(|&i| self.entries[i].code.as_str() < dotted.as_str());
        let end = list.partition_point(|&i| self.entries[i].code.as_str() < past.as_str());
        &list[start..end.max(start)]
    }

    /// The best entries for a printed name at a level, optionally only under a parent code,
    /// with their similarity (0..=1), best first. Entries scoring under [`UNMATCHED_BELOW`]
    /// may be left out: no caller takes so weak a match.
    ///
    /// A parent inside the penunjang program (`2.07.01...`) searches the `X.XX.01...` entries,
    /// and a bidang parent (`2.07`) also searches `X.XX`; returned codes are as listed
    /// (`X.XX...`), to be passed through [`super::code::instantiate`].
    pub fn find_by_name(
        &self,
        name: &str,
        level: Option<Level>,
        parent: Option<&str>,
        version: NomenclatureVersion,
    ) -> Vec<(&Entry, f64)> {
        // Before the memo: a name the list cannot match is answered at once and kept out of it.
        let q = prepared_query(name);
        if !self.gramless && tri_bound(&q, &self.postings, self.gram_lens.clone()) < UNMATCHED_BELOW
        {
            return vec![];
        }
        let key: MemoKey = (name.to_string(), level, parent.map(str::to_string), version);
        let hit = self.memo.lock().ok().and_then(|m| m.get(&key).cloned());
        let found = match hit {
            Some(v) => v,
            None => {
                let v = self.lookup(name, level, parent, version);
                if let Ok(mut m) = self.memo.lock() {
                    if m.len() >= MEMO_CAP {
                        m.clear();
                    }
                    m.insert(key, v.clone());
                }
                v
            }
        };
        found
            .into_iter()
            .map(|(i, s)| (&self.entries[i], s))
            .collect()
    }

    /// [`Self::find_by_name`] without the memo: entry indices and scores, best first.
    fn lookup(
        &self,
        name: &str,
        level: Option<Level>,
        parent: Option<&str>,
        version: NomenclatureVersion,
    ) -> Vec<(usize, f64)> {
        let q = prepared_query(name);
        if q.compact.is_empty() {
            return vec![];
        }

        let keep = |i: usize| {
            let e = &self.entries[i];
            e.version == version && level.is_none_or(|l| e.level == l)
        };
        let cands: Vec<usize> = match parent {
            Some(p) => {
                let mut prefixes: Vec<String> =
                    vec![super::code::generic_penunjang(p).unwrap_or_else(|| p.to_string())];
                if super::code::level_of(p) == Some(Level::Bidang) {
                    prefixes.push("X.XX".to_string());
                }
                let slices: Vec<&[usize]> = prefixes
                    .iter()
                    .map(|p| self.range_slice(p, version))
                    .collect();
                if slices.iter().map(|s| s.len()).sum::<usize>() > 128 {
                    // A wide parent (a bidang, an urusan): the trigram index, restricted to
                    // the parent's range; listing the range would cost more than the search.
                    let dotted: Vec<String> = prefixes.iter().map(|p| format!("{p}.")).collect();
                    self.prefilter(&q, |i| {
                        keep(i) && dotted.iter().any(|d| self.entries[i].code.starts_with(d))
                    })
                } else {
                    slices.concat().into_iter().filter(|&i| keep(i)).collect()
                }
            }
            None => self.prefilter(&q, keep),
        };
        // The cheap trigram score picks the few worth the full (Levenshtein) score.
        let mut pre: Vec<(usize, f64)> = cands
            .into_iter()
            .map(|i| (i, tri_score(&q, &self.prepared[i])))
            .collect();
        pre.sort_by(|a, b| b.1.total_cmp(&a.1));
        pre.truncate(24);
        let mut out: Vec<(usize, f64)> = pre
            .into_iter()
            .map(|(i, _)| (i, score(&q, &self.prepared[i], &self.vocab)))
            .collect();
        out.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then_with(|| self.entries[a.0].code.cmp(&self.entries[b.0].code))
        });
        out.truncate(20);
        out
    }

    /// Entries sharing the most trigrams with the query (at most 64), for full scoring.
    fn prefilter(&self, q: &Prepared, keep: impl Fn(usize) -> bool) -> Vec<usize> {
        let n = self.entries.len();
        if q.grams.is_empty() {
            // A name under 3 characters: score everything of the wanted kind.
            return (0..n).filter(|&i| keep(i)).collect();
        }
        // Counts live in a per-thread buffer and only the entries a trigram touched are read
        // and reset: zeroing and scanning a count per entry cost more than the postings on
        // every lookup (issue 13: a million rows with unlisted names each search the index).
        COUNTS.with(|cell| {
            let mut buf = cell.borrow_mut();
            let (counts, touched) = &mut *buf;
            if counts.len() < n {
                counts.resize(n, 0);
            }
            // Trigrams in a tenth of all names (`kan`, `dan`, `era`) say little and cost most.
            let common = (n / 10).max(50);
            let mut used = 0usize;
            for g in &q.grams {
                if let Some(list) = self.postings.get(g) {
                    if list.len() > common {
                        continue;
                    }
                    used += 1;
                    for &i in list {
                        let c = &mut counts[i as usize];
                        if *c == 0 {
                            touched.push(i);
                        }
                        *c = c.saturating_add(1);
                    }
                }
            }
            let min = (used / 3).max(1) as u16;
            // Entry order, as the dense scan gave, so ties break the same way.
            touched.sort_unstable();
            let mut v: Vec<(usize, f64)> = Vec::new();
            for &i in touched.iter() {
                let i = i as usize;
                let c = std::mem::take(&mut counts[i]);
                if c >= min && keep(i) {
                    // The share of both names' trigrams, so long names do not crowd out.
                    let share =
                        c as f64 * 2.0 / (self.prepared[i].grams.len() + q.grams.len()) as f64;
                    v.push((i, share));
                }
            }
            touched.clear();
            if v.len() > 64 {
                v.select_nth_unstable_by(63, |a, b| b.1.total_cmp(&a.1));
                v.truncate(64);
            }
            v.into_iter().map(|(i, _)| i).collect()
        })
    }
}

thread_local! {
    /// [`Nomenclature::prefilter`]'s trigram counts per entry (all zero between calls) and
    /// the entries it touched.
    static COUNTS: std::cell::RefCell<(Vec<u16>, Vec<u32>)> = const {
        std::cell::RefCell::new((Vec::new(), Vec::new()))
    };
    /// The last query prepared on this thread: the resolver asks about one name under
    /// several parents and levels in a row.
    static LAST_QUERY: std::cell::RefCell<Option<(String, std::rc::Rc<Prepared>)>> = const {
        std::cell::RefCell::new(None)
    };
}

/// [`prepare`] for a lookup's query, reusing the previous one for the same name.
fn prepared_query(name: &str) -> std::rc::Rc<Prepared> {
    LAST_QUERY.with(|cell| {
        let mut last = cell.borrow_mut();
        if let Some((n, p)) = last.as_ref() {
            if n == name {
                return p.clone();
            }
        }
        let p = std::rc::Rc::new(prepare(name));
        *last = Some((name.to_string(), p.clone()));
        p
    })
}

/// The nomenclature loaded once per process. A broken override file is reported on stderr
/// and gives an empty list, so a batch keeps running (every lookup then misses).
pub fn global() -> &'static Nomenclature {
    static NOM: OnceLock<Nomenclature> = OnceLock::new();
    NOM.get_or_init(|| {
        Nomenclature::load().unwrap_or_else(|e| {
            eprintln!("warning: {e}; nomenclature lookups disabled");
            Nomenclature::from_entries(Vec::new())
        })
    })
}

/// Expected output, indicator and unit of one sub kegiatan (2023 list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubKegiatanMeta {
    /// Canonical code (`X.XX.01.2.01.0001` for penunjang items).
    pub code: String,
    /// Expected output (kinerja).
    pub kinerja: String,
    /// Indicator.
    pub indikator: String,
    /// Unit (satuan).
    pub satuan: String,
}

/// Loads `rules/subkegiatan_metadata_2023.csv`, keyed by code.
pub fn load_metadata_2023() -> Result<HashMap<String, SubKegiatanMeta>, String> {
    let text = crate::rules::text("subkegiatan_metadata_2023.csv");
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let mut out = HashMap::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| format!("rules/subkegiatan_metadata_2023.csv: {e}"))?;
        if rec.len() < 4 {
            return Err("rules/subkegiatan_metadata_2023.csv: expected 5 columns".into());
        }
        let m = SubKegiatanMeta {
            code: rec[0].trim().to_string(),
            kinerja: rec[1].trim().to_string(),
            indikator: rec[2].trim().to_string(),
            satuan: rec[3].trim().to_string(),
        };
        out.insert(m.code.clone(), m);
    }
    Ok(out)
}

/// The 2023 metadata loaded once per process (empty, with a warning, if the file is broken).
/// An instantiated penunjang code is found through [`metadata_for`].
pub fn metadata_2023() -> &'static HashMap<String, SubKegiatanMeta> {
    static META: OnceLock<HashMap<String, SubKegiatanMeta>> = OnceLock::new();
    META.get_or_init(|| {
        load_metadata_2023().unwrap_or_else(|e| {
            eprintln!("warning: {e}");
            HashMap::new()
        })
    })
}

/// The 2023 metadata of a sub kegiatan code, instantiated penunjang codes included.
pub fn metadata_for(code: &str) -> Option<&'static SubKegiatanMeta> {
    let m = metadata_2023();
    m.get(code)
        .or_else(|| super::code::generic_penunjang(code).and_then(|g| m.get(&g)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_rules_parse() {
        let r: NameRules = ::toml::from_str(include_str!("../../rules/names.toml")).unwrap();
        assert!(r.ignore_prefixes.contains(&"program".to_string()));
    }

    #[test]
    fn prefix_and_spacing_ignored() {
        assert_eq!(
            similarity(
                "PROGRAM PERENCANA AN TENAGA KERJA",
                "Perencanaan Tenaga Kerja"
            ),
            1.0
        );
    }

    /// Names from the list, damaged copies of them, and rows no list could name: the bound
    /// that lets a lookup skip its search must never be under the best real score.
    fn probe_names(nom: &Nomenclature) -> Vec<String> {
        let mut out = Vec::new();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |m: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % m as u64) as usize
        };
        for _ in 0..60 {
            let e = &nom.entries()[next(nom.entries().len())];
            let mut c: Vec<char> = e.name.chars().collect();
            out.push(e.name.clone());
            // Keep a prefix, change a few letters: OCR damage and truncation.
            c.truncate(3 + next(c.len().max(4)));
            for _ in 0..next(4) {
                let i = next(c.len());
                c[i] = ['x', '0', 'q', ' '][next(4)];
            }
            out.push(c.into_iter().collect());
        }
        for i in 0..60 {
            out.push(format!(
                "Sub Kegiatan Uji 2.07.{:02}.2.{:02}.{:04}",
                i % 99,
                i % 20,
                i
            ));
            out.push(format!("zq{}x {}", i * 7919, "wk".repeat(i % 5)));
        }
        out
    }

    #[test]
    fn the_skip_bound_is_never_under_the_best_score() {
        let nom = global();
        let (mut skipped, mut searched) = (0, 0);
        for name in probe_names(nom) {
            let q = prepare(&name);
            if q.grams.is_empty() {
                continue;
            }
            let bound = tri_bound(&q, &nom.postings, nom.gram_lens.clone());
            let best = nom
                .prepared
                .iter()
                .map(|p| score(&q, p, &nom.vocab))
                .fold(0.0, f64::max);
            let best_tri = nom
                .prepared
                .iter()
                .map(|p| tri_score(&q, p))
                .fold(0.0, f64::max);
            assert!(
                bound + 1e-9 >= best_tri,
                "{name:?}: bound {bound} < trigram score {best_tri}"
            );
            if bound < UNMATCHED_BELOW {
                skipped += 1;
                assert!(best < UNMATCHED_BELOW, "{name:?} skipped but scores {best}");
                let v = NomenclatureVersion::Kmdn900_2023;
                assert!(nom.find_by_name(&name, None, None, v).is_empty());
            } else {
                searched += 1;
            }
        }
        // Both ways are exercised, or the test proves nothing.
        assert!(
            skipped >= 20 && searched >= 60,
            "skipped {skipped}, searched {searched}"
        );
    }
}
