//! Classify: what a table is (T-C.29 evaluation, T-C.31 review, T-C.33 plan, ...) and what each
//! of its columns holds (code, name, target, pagu ...), from header words in `rules/tables.toml`,
//! never from the printed table number.

use crate::extracted::{Cell, Table};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// What a table is, by the Permendagri 86/2017 templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// T-C.29 and variants: evaluation of last year's Renja.
    Evaluation,
    /// T-C.30: service performance vs Renstra.
    Service,
    /// T-C.31: review of the rancangan awal RKPD.
    ReviewRkpd,
    /// T-C.32: community proposals.
    Proposals,
    /// T-C.33: plan and funding (incl. the Perubahan form).
    Plan,
    /// Indicator definitions / IKU.
    Indicators,
    /// Tujuan / sasaran.
    Goals,
    /// Revenue plan.
    Revenue,
    /// Anything else.
    Other,
}

impl TableKind {
    fn from_id(id: &str) -> TableKind {
        match id {
            "evaluation" => TableKind::Evaluation,
            "service" => TableKind::Service,
            "review_rkpd" => TableKind::ReviewRkpd,
            "proposals" => TableKind::Proposals,
            "plan" => TableKind::Plan,
            "indicators" => TableKind::Indicators,
            "goals" => TableKind::Goals,
            "revenue" => TableKind::Revenue,
            _ => TableKind::Other,
        }
    }
}

/// What one column holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// 0-based column index in the table's rows.
    pub index: usize,
    /// Role id from rules/tables.toml (`code`, `name`, `pagu`, `realisasi_rp`, ...); `other`
    /// when nothing matched.
    pub role: String,
    /// Repeated-group block (`rancangan`, `hasil`, `sebelum`, `sesudah`, `n1`, `y2022`, ...).
    pub block: Option<String>,
    /// Whether the role holds rupiah.
    pub money: bool,
    /// Unique key `role@block` used in the model and findings.
    pub key: String,
    /// The header text of the column, top to bottom.
    pub header: String,
}

/// A classified table.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Classified {
    /// Table kind.
    pub kind: TableKind,
    /// Human label of the kind.
    pub kind_label: String,
    /// One entry per column that has header text.
    pub columns: Vec<Column>,
    /// The header states amounts in thousands (`Rp.000`).
    pub thousands_header: bool,
    /// Years (20xx) printed in the title.
    pub title_years: Vec<u16>,
    /// The kind's rule says its amounts are placed by a fixed form over drifting cells (forms
    /// seen as scans), so a broken sum is a lead for the reviewer rather than a proof.
    #[serde(default)]
    pub soft_sums: bool,
    /// A row with fewer (or more) amounts than money columns fills them from the right: the
    /// form leaves its leading money columns empty below program level.
    #[serde(default)]
    pub right_aligned: bool,
}

impl Column {
    /// The year block of the column (`y2022` for the blocks `y2022` and `y2022.13`), when its
    /// group header names a year.
    pub fn year_block(&self) -> Option<&str> {
        self.block
            .as_deref()
            .and_then(|b| b.split('.').next())
            .filter(|s| s.starts_with('y'))
    }
}

impl Classified {
    /// Money columns, left to right.
    pub fn money_columns(&self) -> Vec<&Column> {
        self.columns.iter().filter(|c| c.money).collect()
    }
    /// First column with a role.
    pub fn first(&self, role: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.role == role)
    }
}

#[derive(Debug, Deserialize)]
struct KindRule {
    id: String,
    label: String,
    all: Vec<Vec<String>>,
    #[serde(default)]
    none: Vec<String>,
    /// Fixed forms: the role pair of each K / Rp column group, left to right.
    #[serde(default)]
    pairs: Vec<PairRule>,
    /// Broken sums are warnings, not errors (see [`Classified::soft_sums`]).
    #[serde(default)]
    soft_sums: bool,
    /// Rows fill the money columns from the right (see [`Classified::right_aligned`]).
    #[serde(default)]
    right_aligned: bool,
}

/// One K / Rp column group of a fixed form (Tangerang's evaluation form: Renstra target,
/// Renstra realisasi, this year's target, realisasi per triwulan, capaian).
#[derive(Debug, Deserialize)]
struct PairRule {
    k: String,
    rp: String,
    /// Block of both columns; without one, the year printed in the group header.
    block: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RoleRule {
    id: String,
    keywords: Vec<String>,
    #[serde(default)]
    exact: bool,
    #[serde(default)]
    money: bool,
    k: Option<String>,
    rp: Option<String>,
}

#[derive(Debug, Deserialize)]
struct BlockRule {
    id: String,
    keywords: Vec<String>,
}

/// The contents of rules/tables.toml.
#[derive(Debug, Deserialize)]
pub struct TableRules {
    /// Smallest amount read as money in a money row.
    pub money_min_rupiah: i64,
    /// Header markers for amounts in thousands.
    pub thousands_markers: Vec<String>,
    /// Labels of total rows.
    pub total_labels: Vec<String>,
    k_labels: Vec<String>,
    rp_labels: Vec<String>,
    kind: Vec<KindRule>,
    role: Vec<RoleRule>,
    block: Vec<BlockRule>,
    /// How far an OCR-damaged header word may drift from a kind keyword.
    #[serde(default)]
    pub fuzzy: FuzzyRules,
}

/// Tolerance of kind keywords for OCR damage (`rules/tables.toml` `[fuzzy]`).
#[derive(Debug, Clone, Deserialize)]
pub struct FuzzyRules {
    /// Keywords shorter than this (characters) match exactly only: short words drift into
    /// other words too easily.
    pub min_len: usize,
    /// Smallest normalised Levenshtein similarity of a header window to a keyword.
    pub similarity: f64,
    /// Second pass, for a header that matched no kind or a column that matched no role: a
    /// keyword of at least this many letters also matches a word `edit_max` edits away.
    #[serde(default = "no_edits_len")]
    pub edit_min_len: usize,
    /// Edits allowed in the second pass (Levenshtein distance, spaces and punctuation dropped).
    #[serde(default)]
    pub edit_max: usize,
}

fn no_edits_len() -> usize {
    usize::MAX
}

impl Default for FuzzyRules {
    fn default() -> Self {
        // Exact matching only: an override file without `[fuzzy]` keeps the old behaviour.
        FuzzyRules {
            min_len: usize::MAX,
            similarity: 1.0,
            edit_min_len: usize::MAX,
            edit_max: 0,
        }
    }
}

/// Letters and digits of `s` as words (`program/kegiatan (rp)` -> `program kegiatan rp`).
fn alnum_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The second-pass match of a keyword: `text` holds a run of words that, squeezed, is within
/// the allowed edits of the squeezed keyword (the [`fuzzy_contains`] similarity for long
/// keywords, `edit_max` edits from `edit_min_len` letters). Runs one word shorter and longer
/// than the keyword are tried, for merged and split words.
fn loose_contains(text: &str, kw: &str, f: &FuzzyRules) -> bool {
    if text.contains(kw) {
        return true;
    }
    let kw_words = alnum_words(kw);
    let squeezed_kw: String = kw_words.concat();
    let len = squeezed_kw.chars().count();
    let by_similarity = if len >= f.min_len {
        ((len as f64) * (1.0 - f.similarity)).floor() as usize
    } else {
        0
    };
    let by_edits = if len >= f.edit_min_len { f.edit_max } else { 0 };
    let allowed = by_similarity.max(by_edits);
    if allowed == 0 || kw_words.is_empty() {
        return false;
    }
    let words = alnum_words(text);
    let n = kw_words.len();
    (n.saturating_sub(1).max(1)..=n + 1).any(|k| {
        words.windows(k).any(|w| {
            let squeezed: String = w.concat();
            // Cheap bound first: lengths further apart than the allowance cannot match.
            squeezed.chars().count().abs_diff(len) <= allowed
                && strsim::levenshtein(&squeezed, &squeezed_kw) <= allowed
        })
    })
}

/// Whether `text` holds `kw`, exactly or (for long keywords) as a run of words, with the
/// spaces between them dropped or not, within the fuzzy similarity.
fn fuzzy_contains(text: &str, kw: &str, f: &FuzzyRules) -> bool {
    if text.contains(kw) {
        return true;
    }
    let kw_len = kw.chars().count();
    if kw_len < f.min_len {
        return false;
    }
    let words: Vec<&str> = text.split(' ').collect();
    let kw_words = kw.split(' ').count();
    // OCR merges words ("kinerjapelayanan") and splits them ("pela yanan"): windows one word
    // shorter and longer than the keyword, compared both as printed and with spaces dropped.
    let squeezed_kw: String = kw.split(' ').collect();
    (kw_words.saturating_sub(1).max(1)..=kw_words + 1).any(|n| {
        words.windows(n).any(|w| {
            let joined = w.join(" ");
            let squeezed: String = w.concat();
            strsim::normalized_levenshtein(&joined, kw) >= f.similarity
                || strsim::normalized_levenshtein(&squeezed, &squeezed_kw) >= f.similarity
        })
    })
}

impl TableRules {
    /// Loads rules/tables.toml.
    pub fn load() -> Result<Self, String> {
        crate::rules::toml("tables.toml")
    }
    /// Whether a role id holds rupiah.
    pub fn is_money_role(&self, role: &str) -> bool {
        self.role.iter().any(|r| r.id == role && r.money) || role == "realisasi_rp"
    }
}

/// The shared rules, loaded once (falls back to the embedded copy; a broken override is
/// reported on stderr once).
pub fn rules() -> &'static TableRules {
    static R: OnceLock<TableRules> = OnceLock::new();
    R.get_or_init(|| match TableRules::load() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("renja: {e}; using the built-in rules/tables.toml");
            toml::from_str(include_str!("../../rules/tables.toml"))
                .expect("embedded tables.toml parses")
        }
    })
}

fn norm(s: &str) -> String {
    s.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn years_in(s: &str) -> Vec<u16> {
    static R: OnceLock<Regex> = OnceLock::new();
    // Not \b: PDF text glues words ("Pagu2021", "Realisasi2022").
    let r = R.get_or_init(|| Regex::new(r"(?:^|[^0-9])(20[0-9]{2})(?:[^0-9]|$)").expect("regex"));
    r.captures_iter(s)
        .filter_map(|c| c[1].parse().ok())
        .collect()
}

fn is_number_row(cells: &[Cell]) -> bool {
    crate::ingest::textexport::is_column_number_row(cells)
}

/// Classifies a table: kind from title + header words, role and block of each column.
pub fn classify(table: &Table) -> Classified {
    classify_with(table, rules())
}

/// [`classify`] with explicit rules.
pub fn classify_with(table: &Table, rules: &TableRules) -> Classified {
    let header_text: String = table
        .header_rows
        .iter()
        .flat_map(|r| r.iter().map(|c| c.text.as_str()))
        .collect::<Vec<_>>()
        .join(" ");
    let all_text = norm(&format!("{} {}", table.title, header_text));
    let kind_with = |matches: &dyn Fn(&str) -> bool| {
        rules.kind.iter().find(|k| {
            k.all.iter().all(|g| g.iter().any(|kw| matches(kw)))
                && !k.none.iter().any(|kw| all_text.contains(kw.as_str()))
        })
    };
    // The looser word-edit match only where the first pass found nothing, so a header that
    // is read cleanly is classified exactly as before.
    let kind_rule = kind_with(&|kw| fuzzy_contains(&all_text, kw, &rules.fuzzy))
        .or_else(|| kind_with(&|kw| loose_contains(&all_text, kw, &rules.fuzzy)));
    let (kind, kind_label) = match kind_rule {
        Some(k) => (TableKind::from_id(&k.id), k.label.clone()),
        None => (TableKind::Other, "lainnya".to_string()),
    };
    let thousands_header = rules
        .thousands_markers
        .iter()
        .any(|m| all_text.contains(m.as_str()));

    // Header texts per column: a group cell spans to the right over empty cells, but only
    // over columns that have a sub-header of their own further down. Column-number rows give
    // marks (`7`, `(7)`) that only disambiguate repeated groups.
    let rows: Vec<&Vec<Cell>> = table.header_rows.iter().collect();
    let ncols = table
        .header_rows
        .iter()
        .map(|r| r.len())
        .chain(table.rows.iter().map(|r| r.cells.len()))
        .max()
        .unwrap_or(0);
    let own_text = |r: &Vec<Cell>, c: usize| -> String {
        r.get(c)
            .map(|x| x.text.trim().to_string())
            .unwrap_or_default()
    };
    let mut columns = Vec::new();
    let mut used_keys = KeySet::default();
    // Per column: the column-number mark and whether its own leaf label is K (true) or Rp
    // (false), for fixed forms whose roles go by K / Rp group.
    let mut marks: Vec<Option<String>> = vec![None; ncols];
    let mut kr: Vec<Option<bool>> = vec![None; ncols];
    for c in 0..ncols {
        let mut texts: Vec<(String, bool)> = Vec::new();
        let mut col_mark: Option<String> = None;
        for (ri, r) in rows.iter().enumerate() {
            let own = own_text(r, c);
            if is_number_row(r) {
                let m = if own.is_empty() && c > 0 {
                    own_text(r, c - 1)
                } else {
                    own.clone()
                };
                let m: String = m
                    .chars()
                    .take_while(|ch| ch.is_ascii_digit() || *ch == '(' || *ch == ')')
                    .filter(|ch| ch.is_ascii_digit())
                    .collect();
                if !m.is_empty() {
                    col_mark = Some(m);
                }
                continue;
            }
            if !own.is_empty() {
                let t = norm(&own);
                if let Some(m) = t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
                    if m.chars().all(|ch| ch.is_ascii_digit()) {
                        col_mark = Some(m.to_string());
                        continue;
                    }
                }
                texts.push((t, true));
            } else {
                let below = rows[ri + 1..]
                    .iter()
                    .any(|rb| !is_number_row(rb) && !own_text(rb, c).is_empty());
                if !below {
                    continue;
                }
                if let Some(t) = (0..c).rev().map(|k| own_text(r, k)).find(|t| !t.is_empty()) {
                    let t = norm(&t);
                    if !(t.starts_with('(') && t.len() <= 4) {
                        texts.push((t, false));
                    }
                }
            }
        }
        marks[c] = col_mark.clone();
        if !texts.iter().any(|(_, own)| *own) {
            continue;
        }
        if texts.is_empty() {
            continue;
        }
        let header = texts
            .iter()
            .map(|(t, _)| t.as_str())
            .collect::<Vec<_>>()
            .join(" / ");
        let leaf_label = texts.iter().rev().find(|(_, own)| *own).map(|(t, _)| t);
        let is_k = leaf_label.is_some_and(|l| rules.k_labels.iter().any(|k| k == l));
        let is_rp = leaf_label.is_some_and(|l| rules.rp_labels.iter().any(|k| k == l));
        if is_k || is_rp {
            kr[c] = Some(is_k);
        }
        // Role: bottom-up, first text that matches a role.
        let mut role = "other".to_string();
        // A K / Rp label defers to roles that know their pairs (target -> pagu, realisasi ->
        // realisasi_rp) before the plain ones.
        let paired: Vec<&RoleRule> = rules
            .role
            .iter()
            .filter(|r| (is_k || is_rp) && (r.k.is_some() || r.rp.is_some()))
            .chain(rules.role.iter())
            .collect();
        // Exact keywords first over every header text of the column, then (OCR damage) the
        // word-edit match, so a damaged word never beats a clean one. The column's own leaf
        // label goes first, exact then loose: a damaged leaf (`Taget` under `Kebutuhan Dana /
        // Pagu`) still names its column before the group text above it does.
        let leaf_own = texts
            .iter()
            .rposition(|(_, own)| *own)
            .filter(|_| !(is_k || is_rp));
        let order: Vec<(bool, &(String, bool))> = leaf_own
            .into_iter()
            .flat_map(|i| [(false, &texts[i]), (true, &texts[i])])
            .chain([false, true].into_iter().flat_map(|l| {
                texts
                    .iter()
                    .enumerate()
                    .rev()
                    .filter(move |(i, _)| Some(*i) != leaf_own)
                    .map(move |(_, t)| (l, t))
            }))
            .collect();
        'outer: for (loose, (t, _)) in order {
            for r in &paired {
                // A K (kinerja) half never holds rupiah: a damaged `Torget Kinerja dan Pagu`
                // must not make the K column a pagu column through its exact `pagu`.
                if is_k && r.money && r.k.is_none() {
                    continue;
                }
                let hit = match (r.exact, loose) {
                    (true, false) => r.keywords.iter().any(|k| t == k),
                    (false, false) => r.keywords.iter().any(|k| t.contains(k.as_str())),
                    // An exact keyword is a whole cell: compared whole, within the edits.
                    (true, true) => r.keywords.iter().any(|k| {
                        loose_contains(t, k, &rules.fuzzy)
                            && alnum_words(t).len() == alnum_words(k).len()
                    }),
                    (false, true) => r
                        .keywords
                        .iter()
                        .any(|k| loose_contains(t, k, &rules.fuzzy)),
                };
                if hit {
                    role = if is_rp {
                        r.rp.clone().unwrap_or(r.id.clone())
                    } else if is_k {
                        r.k.clone().unwrap_or(r.id.clone())
                    } else {
                        r.id.clone()
                    };
                    break 'outer;
                }
            }
        }
        let money = rules.is_money_role(&role);
        // Block: keyword in any header text of the column, else year, plus a "(7)" mark.
        let joined = format!(
            " {} ",
            texts
                .iter()
                .map(|(t, _)| t.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        );
        let block_in = |text: &str, loose: bool| {
            rules
                .block
                .iter()
                .find(|b| {
                    b.keywords.iter().any(|k| {
                        if loose {
                            // Keywords marked off by spaces (`triwulan i `) tell numerals apart
                            // and would drift into each other: exact only.
                            k.trim() == k && loose_contains(text, k, &rules.fuzzy)
                        } else {
                            text.contains(k.as_str())
                        }
                    })
                })
                .map(|b| b.id.clone())
        };
        // Exact keywords first; the word-edit match only when no header text of the column
        // names a block exactly (an OCR-damaged "Sebelun").
        // Sebelum/sesudah at the leaf beats a group keyword above it, even when OCR damaged
        // the leaf (`Sesuda` under `Prakiraan Maju`): the leaf is tried loosely before the
        // group text is tried at all.
        let mut block = leaf_label
            .and_then(|l| block_in(l, false).or_else(|| block_in(l, true)))
            .or_else(|| block_in(&joined, false))
            .or_else(|| block_in(&joined, true));
        if block.is_none() {
            if let Some(y) = years_in(&joined).first() {
                block = Some(format!("y{y}"));
            }
        }
        let mut key = match &block {
            Some(b) => format!("{role}@{b}"),
            None => role.clone(),
        };
        if used_keys.contains(&key) {
            if let Some(m) = &col_mark {
                key = format!("{key}.{m}");
            }
        }
        let key = used_keys.claim(key);
        columns.push(Column {
            index: c,
            role,
            block,
            money,
            key,
            header,
        });
    }
    if let Some(k) = kind_rule.filter(|k| !k.pairs.is_empty()) {
        apply_pairs(&mut columns, &k.pairs, &marks, &kr, rules);
    }
    // Perubahan form: "Pagu ... Sebelum | Sesudah" where the header's Sesudah cell slid under
    // a neighbouring group (Paser 3.4: "Sesudah" printed under "Target Capaian Kinerja"). A
    // sebelum money column without a sesudah twin takes the nearest sesudah column to its
    // right as that twin.
    let money_sebelum: Vec<(usize, String)> = columns
        .iter()
        .filter(|c| c.money && c.block.as_deref() == Some("sebelum"))
        .map(|c| (c.index, c.role.clone()))
        .collect();
    for (idx, role) in money_sebelum {
        let has_twin = columns
            .iter()
            .any(|c| c.money && c.role == role && c.block.as_deref() == Some("sesudah"));
        if has_twin {
            continue;
        }
        if let Some(c) = columns
            .iter_mut()
            .filter(|c| c.index > idx && !c.money && c.block.as_deref() == Some("sesudah"))
            .min_by_key(|c| c.index)
        {
            c.role = role.clone();
            c.money = true;
            c.key = format!("{role}@sesudah");
        }
    }
    Classified {
        kind,
        kind_label,
        columns,
        thousands_header,
        title_years: years_in(&table.title),
        soft_sums: kind_rule.is_some_and(|k| k.soft_sums),
        right_aligned: kind_rule.is_some_and(|k| k.right_aligned),
    }
}

/// Gives the K / Rp columns of a fixed form their roles group by group. A group is found by its
/// column-number mark (`5` ... `12`) where the table prints them, else by the order of the K / Rp
/// label pairs; a group whose K / Rp labels the scan lost but whose mark is printed gets the
/// two columns from the mark on.
fn apply_pairs(
    columns: &mut Vec<Column>,
    pairs: &[PairRule],
    marks: &[Option<String>],
    kr: &[Option<bool>],
    rules: &TableRules,
) {
    let found: Vec<(usize, usize)> = (0..kr.len().saturating_sub(1))
        .filter(|&c| kr[c] == Some(true) && kr[c + 1] == Some(false))
        .map(|c| (c, c + 1))
        .collect();
    let mark_num = |c: usize| -> Option<usize> { marks.get(c)?.as_deref()?.parse().ok() };
    // The first printed mark of each group, at the column where it is printed.
    let first_mark = found.iter().filter_map(|p| mark_num(p.0)).min();
    let mut groups: Vec<Option<(usize, usize)>> = vec![None; pairs.len()];
    match first_mark {
        Some(m0) => {
            for &(k, r) in &found {
                if let Some(g) = mark_num(k).and_then(|m| m.checked_sub(m0)) {
                    if g < groups.len() && groups[g].is_none() {
                        groups[g] = Some((k, r));
                    }
                }
            }
            for (g, slot) in groups.iter_mut().enumerate() {
                if slot.is_none() {
                    let want = (m0 + g).to_string();
                    let at = (0..marks.len()).find(|&c| {
                        marks[c].as_deref() == Some(want.as_str())
                            && (c == 0 || marks[c - 1].as_deref() != Some(want.as_str()))
                    });
                    *slot = at.map(|c| (c, c + 1));
                }
            }
        }
        None => {
            for (g, p) in found.iter().take(groups.len()).enumerate() {
                groups[g] = Some(*p);
            }
        }
    }
    for (rule, slot) in pairs.iter().zip(groups) {
        let Some((kc, rc)) = slot else { continue };
        for (idx, role) in [(kc, &rule.k), (rc, &rule.rp)] {
            let block = rule.block.clone().or_else(|| {
                columns
                    .iter()
                    .find(|c| c.index == idx)
                    .and_then(|c| years_in(&c.header).first().map(|y| format!("y{y}")))
            });
            // `capaian@capaian` says nothing more than `capaian`.
            let key = match &block {
                Some(b) if b != role => format!("{role}@{b}"),
                _ => role.clone(),
            };
            let money = rules.is_money_role(role);
            match columns.iter_mut().find(|c| c.index == idx) {
                Some(c) => {
                    c.role = role.clone();
                    c.block = block;
                    c.money = money;
                    c.key = key;
                }
                None => columns.push(Column {
                    index: idx,
                    role: role.clone(),
                    block,
                    money,
                    key,
                    header: String::new(),
                }),
            }
        }
    }
    columns.sort_by_key(|c| c.index);
    // Keys stay unique: a column the form did not name that now collides gets a suffix.
    let mut seen = KeySet::default();
    for c in columns.iter_mut() {
        c.key = seen.claim(std::mem::take(&mut c.key));
    }
}

/// Column keys handed out so far, for naming a colliding column `key#n`.
///
/// The next free suffix of each base is remembered, so naming n identical columns costs O(n)
/// rather than a search from `#2` for every one of them (cubic on a 10,000-cell export row).
#[derive(Default)]
struct KeySet {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl KeySet {
    fn contains(&self, key: &str) -> bool {
        self.used.contains(key)
    }

    /// Returns `key` if it is free, else the first free `key#n` (n >= 2), and marks it used.
    fn claim(&mut self, key: String) -> String {
        let key = if self.used.contains(&key) {
            let n = self.next.entry(key.clone()).or_insert(2);
            loop {
                let candidate = format!("{key}#{n}");
                *n += 1;
                if !self.used.contains(&candidate) {
                    break candidate;
                }
            }
        } else {
            key
        };
        self.used.insert(key.clone());
        key
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::textexport::parse_text_export;

    /// One OCR-like damage: a letter dropped, a letter confused, or the first space dropped.
    fn damage(kw: &str, seed: &mut u64) -> String {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let r = (*seed >> 33) as usize;
        let mut c: Vec<char> = kw.chars().collect();
        let at = r % c.len();
        match r / c.len() % 3 {
            0 => {
                c.remove(at);
            }
            1 => c[at] = if c[at] == 'l' { '1' } else { 'l' },
            _ => {
                if let Some(sp) = c.iter().position(|&x| x == ' ') {
                    c.remove(sp);
                } else {
                    c.remove(at);
                }
            }
        }
        c.into_iter().collect()
    }

    #[test]
    fn damaged_kind_keywords_still_match() {
        let r = rules();
        let mut seed = 9;
        let mut tried = 0;
        for k in &r.kind {
            for kw in k.all.iter().flatten() {
                if kw.chars().count() < r.fuzzy.min_len {
                    continue;
                }
                for _ in 0..20 {
                    let d = damage(kw, &mut seed);
                    let text = format!("no uraian {d} satuan");
                    assert!(
                        fuzzy_contains(&text, kw, &r.fuzzy),
                        "{kw:?} damaged to {d:?}"
                    );
                    tried += 1;
                }
            }
        }
        assert!(tried > 100, "only {tried} damages tried");
    }

    #[test]
    fn fuzzy_keywords_do_not_match_other_words() {
        let r = rules();
        assert!(!fuzzy_contains(
            "target renstra pagu indikatif",
            "kinerja pelayanan",
            &r.fuzzy
        ));
        assert!(!fuzzy_contains(
            "rencana kegiatan",
            "rancangan awal",
            &r.fuzzy
        ));
        // Short keywords stay exact.
        assert!(!fuzzy_contains("pagv", "pagu", &r.fuzzy));
    }

    #[test]
    fn ocr_damaged_service_header_keeps_its_kind() {
        let clean = one(
            "Tabel 2.2 Pencapaian Kinerja Pelayanan\nNo\tIndikator\tTarget Renstra\n1\tA\t10\n",
        );
        let damaged =
            one("Tabel 2.2 Pencapaian Kinerjapelayanan\nNo\tIndikator\tTarget Renstr\n1\tA\t10\n");
        assert_eq!(clean.kind, TableKind::Service);
        assert_eq!(damaged.kind, clean.kind);
    }

    fn one(text: &str) -> Classified {
        let d = parse_text_export("t.txt", text);
        classify(&d.tables[0])
    }

    #[test]
    fn review_table_blocks() {
        let c = one("Tabel 2.4\n\nNO\tRancangan Awal RKPD\t\tHasil Analisis Kebutuhan\t\n\tProgram/Kegiatan\tPagu Indikatif (Rp)\tProgram/Kegiatan\tPagu Indikatif (Rp)\n1\t2\t3\t4\t5\n");
        assert_eq!(c.kind, TableKind::ReviewRkpd);
        let keys: Vec<&str> = c.columns.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(
            keys,
            vec![
                "no",
                "name@rancangan",
                "pagu@rancangan",
                "name@hasil",
                "pagu@hasil"
            ]
        );
    }

    #[test]
    fn k_rp_pairs_under_groups() {
        let c = one("Tabel 2.1 Realisasi s/d Triwulan II\n\nKode\tProgram\tTarget Kinerja Dan Pagu 2022\t\tRealisasi 2022\t\tTingkat Capaian (%)\t\n\t\tK\tRP\tK\tRP\tK\tRP\n2.07.001\tPROGRAM X\t70\t100000\t40\t50000\t57\t50\n");
        assert_eq!(c.kind, TableKind::Evaluation);
        let keys: Vec<&str> = c.columns.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(
            keys,
            vec![
                "code",
                "name",
                "target@y2022",
                "pagu@y2022",
                "realisasi@y2022",
                "realisasi_rp@y2022",
                "capaian",
                "capaian_rp"
            ]
        );
        assert_eq!(c.money_columns().len(), 2);
    }

    #[test]
    fn damaged_k_rp_group_keeps_its_target_half() {
        // `Torget`: the exact `pagu` of the group must not make the K half a money column.
        let c = one("Tabel 2.1 Realisasi s/d Triwulan II\n\nKode\tProgram\tTorget Kinerja Dan Pagu 2022\t\tRealisasi 2022\t\tTingkat Capaian (%)\t\n\t\tK\tRP\tK\tRP\tK\tRP\n2.07.001\tPROGRAM X\t70\t100000\t40\t50000\t57\t50\n");
        let keys: Vec<&str> = c.columns.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(&keys[2..4], &["target@y2022", "pagu@y2022"]);
        assert_eq!(c.money_columns().len(), 2);
    }

    #[test]
    fn damaged_leaf_beats_the_group_above_it() {
        // `Taget` under `Kebutuhan Dana / Pagu`, `Sesuda` under `Prakiraan Maju`.
        let c = one("Tabel 3.4\n\nKode\tProgram\tPagu Indikatif (Rp.)\t\tKebutuhan Dana/ Pagu Indikatif (Rp.) Prakiraan Maju\t\n\t\tSebelum\tSesuda\tPagu\tTaget\n2.07.01\tPROGRAM X\t100000\t100000\t5000\t70\n");
        let keys: Vec<&str> = c.columns.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(
            keys,
            vec![
                "code",
                "name",
                "pagu@sebelum",
                "pagu@sesudah",
                "pagu@n1",
                "target@n1"
            ]
        );
    }

    #[test]
    fn tangerang_form_pairs_by_column_number() {
        // The triwulan group header spans fewer columns than its pairs (as OCR gives it);
        // the column-number row decides the groups.
        let c = one("Kode\tProgram/ Kegiatan\tTarget Renstra pada Tahun 2023\t\tRealisasi Capaian Kinerja Renstra s/d Tahun Lalu (2021)\t\tTarget Kinerja dan Anggaran Renja Tahun berjalan (Tahun 2022) yang dievaluasi\t\tRealisasi Kinerja Pada Triwulan\t\t\t\tRealisasi Capaian Kinerja dan Anggaran\t\n\t\t5\t\t6\t\t7\t\t8\t\t9\t\t10\t\t11\t\t12\t\n\t\tK\tRp\tK\tRp\tK\tRp\tK\tRp\tK\tRp\tK\tRp\tK\tRp\tK\tRp\n2.07.01\tPROGRAM X\t100\t1.000.000\t100\t500.000\t(100)\t400.000\t25\t100.000\t50\t200.000\t75\t300.000\t100\t400.000\t(100%)\t400.000\n");
        assert_eq!(c.kind, TableKind::Evaluation);
        let keys: Vec<&str> = c.money_columns().iter().map(|c| c.key.as_str()).collect();
        assert_eq!(
            keys,
            vec![
                "pagu@renstra",
                "realisasi_rp@renstra_lalu",
                "pagu@y2022",
                "realisasi_rp@tw1",
                "realisasi_rp@tw2",
                "realisasi_rp@tw3",
                "realisasi_rp@tw4",
                "realisasi_rp@capaian"
            ]
        );
        assert!(c
            .columns
            .iter()
            .any(|x| x.key == "capaian" && x.index == 16));
        assert!(c.soft_sums && c.right_aligned);
    }

    #[test]
    fn unknown_table_is_other() {
        let c = one("A\tB\nx\ty\n");
        assert_eq!(c.kind, TableKind::Other);
    }
}
