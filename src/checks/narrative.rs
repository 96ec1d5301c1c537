//! RJ208 narrative-vs-table: a total quoted in the running text ("realisasi keuangan sebesar Rp.
//! 4.771.486.350 ... dari total pagu Renja sebesar Rp. 9.239.089.578") must be a total of the
//! table the text talks about.
//!
//! A paragraph talks about a table when it names it (`Berdasarkan Tabel 2.1 ...`), when it
//! refers to the table just above it (`tabel di atas`), or when it is a list item under such an
//! introduction. Each amount in it is read with the words before it (back to the previous amount
//! or the start of the sentence): a total word (`total`, `jumlah`) and a role word (`realisasi` /
//! `pagu`) tell which total it claims to be. It is reported only when all of this is clear and
//! no total, sum of top-level items or cell of that table equals it; anything less certain is
//! left alone, since a false alarm costs the reviewer as much as a miss.

use super::num;
use super::{Ctx, Params};
use crate::extracted::Paragraph;
use crate::model::{Item, ItemLevel, TableModel};
use crate::normalize::number::{parse_money, Money, NumberStyle};
use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// The words RJ208 reads prose with (`[narrative]` in rules/checks.toml).
#[derive(Debug, Clone, Deserialize, Default)]
pub struct NarrativeRules {
    /// Words before an amount that make it a total (prefixes, lower case).
    #[serde(default)]
    pub total_words: Vec<String>,
    /// Phrases by which a paragraph refers to the table just above it (lower case).
    #[serde(default)]
    pub refer_above: Vec<String>,
    /// Phrases by which a paragraph refers to the table right below it (lower case).
    #[serde(default)]
    pub refer_below: Vec<String>,
    /// Currency markers before an amount (lower case, without the dot).
    #[serde(default)]
    pub currency_markers: Vec<String>,
    /// Words after an amount that name the currency (`rupiah`).
    #[serde(default)]
    pub currency_words: Vec<String>,
    /// Scale words after an amount (`juta`, `milyar`).
    #[serde(default)]
    pub scale: Vec<ScaleWord>,
    /// A quoted total and the table's are only compared when neither is more than this many
    /// times the other: beyond that the text is about something else (the APBD, a ceiling).
    #[serde(default = "default_max_ratio")]
    pub max_ratio: i64,
    /// Words between two amounts that make the first a part of the second (`X dari Y`).
    #[serde(default)]
    pub ratio_of: Vec<String>,
    /// Words that introduce the percentage of such a pair (`X dari Y atau 57,14 %`).
    #[serde(default)]
    pub ratio_intro: Vec<String>,
    /// Which money columns a quoted amount can come from, by the words before it; tried in
    /// order (realisasi before pagu: `realisasi anggaran` is a realisation).
    #[serde(default)]
    pub role: Vec<NarrativeRole>,
    /// RJ214: words that say an amount is quoted for one row (`program`, `kegiatan`, `sub
    /// kegiatan`, lower case; also the level names that settle a name two rows share).
    #[serde(default)]
    pub row_words: Vec<String>,
    /// RJ214: how alike (0..1, normalised edit distance) the words of the text and a row's name
    /// must be for the text to name that row.
    #[serde(default = "default_row_name_similarity")]
    pub row_name_similarity: f64,
    /// RJ214: names shorter than this (letters, digits and spaces) are too generic to match.
    #[serde(default = "default_row_name_min_chars")]
    pub row_name_min_chars: usize,
    /// RJ214: an amount names no row but follows one quoted for a row in the same sentence
    /// after at most this many words (`dengan pagu Rp A dan realisasi Rp B`): it is that row's.
    #[serde(default = "default_row_link_max_words")]
    pub row_link_max_words: usize,
}

fn default_max_ratio() -> i64 {
    10
}

fn default_row_name_similarity() -> f64 {
    0.9
}

fn default_row_name_min_chars() -> usize {
    15
}

fn default_row_link_max_words() -> usize {
    6
}

/// A scale word and its factor.
#[derive(Debug, Clone, Deserialize)]
pub struct ScaleWord {
    /// The word (lower case).
    pub word: String,
    /// What it multiplies by.
    pub factor: i64,
}

/// A kind of amount the prose quotes.
#[derive(Debug, Clone, Deserialize)]
pub struct NarrativeRole {
    /// Words that mark it (matched inside words, lower case: `terealisasi`).
    pub words: Vec<String>,
    /// Money column roles it is read from (`realisasi_rp`).
    pub columns: Vec<String>,
    /// Name in Bahasa Indonesia for the message.
    pub label_id: String,
    /// Name in English for the message.
    pub label_en: String,
}

/// One amount found in prose, with the words it was quoted with.
#[derive(Debug, Clone, PartialEq)]
pub struct QuotedAmount {
    /// The amount as printed (`Rp. 4.771.486.350`).
    pub raw: String,
    /// The amount.
    pub value: Money,
    /// How far off the printed value may be from the exact one (rounded `4,77 milyar`), in sen.
    pub tolerance: i64,
    /// The words between the previous amount (or the sentence start) and this one, lower case.
    pub context: String,
    /// Byte range of the printed amount (scale word included) in the paragraph.
    pub span: (usize, usize),
}

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).expect("static regex"))
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The money amounts quoted in a paragraph: a number after a currency marker (`Rp.`, `Rp`), or
/// a grouped number followed by a currency word, optionally followed by a scale word. Prose is
/// read with Indonesian separators whatever the tables use (`Rp. 4.771.486.350`, `4,77 milyar`);
/// an amount grouped with commas throughout is still read by its grouping.
pub fn quoted_amounts(text: &str, rules: &NarrativeRules) -> Vec<QuotedAmount> {
    static NUM: OnceLock<Regex> = OnceLock::new();
    static SENTENCE: OnceLock<Regex> = OnceLock::new();
    let num = re(&NUM, r"\d{1,3}(?:[.,]\d{3})+(?:,\d{1,2})?|\d+(?:,\d{1,2})?");
    // A sentence ends at a full stop after a word or figure, before a capital (not `Rp. 4`).
    let sentence = re(&SENTENCE, r"[\p{Ll}\d)%]\.\s+(\p{Lu})");
    let style = NumberStyle::Indonesian;
    let mut out = Vec::new();
    let mut prev_end = 0usize;
    let cap = crate::limits::limits().check.max_amounts_per_paragraph;
    for m in num.find_iter(text) {
        if out.len() >= cap {
            break;
        }
        let before = text[..m.start()].trim_end();
        // Only the last words before the number can be its currency marker: lower-casing all
        // of the paragraph before every amount was quadratic (200k amounts took 30 s).
        let mut win = before.len().saturating_sub(64);
        while !before.is_char_boundary(win) {
            win += 1;
        }
        // ASCII lower case keeps byte offsets, so positions found in it hold in `text`.
        let before_l = before[win..].to_ascii_lowercase();
        let marker = before_l
            .trim_end_matches('.')
            .trim_end()
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        let has_marker = !before_l.is_empty() && rules.currency_markers.iter().any(|c| c == marker);
        let after = text[m.end()..].trim_start_matches([',', '-']).trim_start();
        // A scale word right after the number (`4,77 milyar`), not one further on (the amount
        // in words, `(Empat milyar ...)`).
        let scale = rules.scale.iter().find(|s| {
            let n = s.word.len();
            after
                .get(..n)
                .is_some_and(|h| h.eq_ignore_ascii_case(&s.word))
                && !after[n..].starts_with(char::is_alphanumeric)
        });
        let after_scale = scale.map_or(after, |s| after[s.word.len()..].trim_start());
        let end = match scale {
            Some(s) => text.len() - after.len() + s.word.len(),
            None => m.end(),
        };
        let currency_after = words(after_scale).next().is_some_and(|w| {
            rules
                .currency_words
                .iter()
                .any(|c| w.eq_ignore_ascii_case(c))
        });
        let grouped = m.as_str().matches(['.', ',']).count() >= 2;
        if !(has_marker || (currency_after && (grouped || scale.is_some()))) {
            continue;
        }
        let parsed = parse_money(m.as_str(), style);
        let Some(v) = parsed.value else { continue };
        let (value, tolerance) = match scale {
            Some(s) => {
                let decimals = match m.as_str().split_once(',') {
                    Some((_, d)) if !d.contains(',') && d.len() <= 2 => d.len() as u32,
                    _ => 0,
                };
                let unit = s.factor.saturating_mul(100) / 10i64.pow(decimals.min(9));
                (Money(v.0.saturating_mul(s.factor)), unit / 2)
            }
            None => (v, 0),
        };
        let mut start = prev_end.min(m.start());
        if let Some(g) = sentence
            .captures_iter(&text[start..m.start()])
            .last()
            .and_then(|c| c.get(1))
        {
            start += g.start();
        }
        let context = text[start..m.start()].to_lowercase();
        prev_end = m.end();
        // The printed form, from the currency marker on.
        let raw_start = if has_marker {
            before_l.rfind(marker).map_or(m.start(), |p| win + p)
        } else {
            m.start()
        };
        let raw = text
            .get(raw_start..end)
            .unwrap_or(m.as_str())
            .trim()
            .to_string();
        out.push(QuotedAmount {
            raw,
            value,
            tolerance,
            context,
            span: (raw_start, end),
        });
    }
    out
}

/// The table number a title or a reference carries (`Tabel T-C. 33` -> `t-c.33`).
fn table_numbers(text: &str) -> Vec<String> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &R,
        r"(?i)\btabel\s+((?:[a-z]{1,3}\s?-\s?[a-z]{0,3}\s?\.?\s?)?\d+(?:\s?\.\s?\d+)*)",
    );
    r.captures_iter(text)
        .map(|c| {
            c[1].chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase)
                .collect::<String>()
                .trim_end_matches('.')
                .to_string()
        })
        .collect()
}

fn is_list_item(text: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^(?:[-\u{2022}]\s*)?(?:\d{1,2}|[a-zA-Z])[.)]\s").is_match(text.trim_start())
}

/// For each paragraph, the table (index into `tables`) it talks about, if that is clear.
pub(crate) fn referents(
    paragraphs: &[Paragraph],
    tables: &[TableModel],
    rules: &NarrativeRules,
) -> Vec<Option<usize>> {
    let numbered: Vec<(usize, String)> = tables
        .iter()
        .filter_map(|t| {
            table_numbers(&t.title)
                .into_iter()
                .next()
                .filter(|_| t.title.trim_start().to_lowercase().starts_with("tabel"))
                .map(|n| (t.index, n))
        })
        .collect();
    let mut out = Vec::with_capacity(paragraphs.len());
    // The table an introduction ("Berdasarkan Tabel 2.1 ... bahwa :") hands to its list items,
    // and the table the introduction followed.
    let mut carried: Option<(Option<usize>, Option<usize>)> = None;
    for p in paragraphs {
        let lower = p.text.to_lowercase();
        let named = table_numbers(&p.text);
        let own = if !named.is_empty() {
            // Named: the first named table that exists; a name of a table not in the document
            // (a regulation's `Tabel T-E.1`) gives no referent.
            named
                .iter()
                .find_map(|n| numbered.iter().find(|(_, m)| m == n).map(|(i, _)| *i))
        } else if rules.refer_above.iter().any(|w| lower.contains(w.as_str())) {
            p.after_table
        } else if rules.refer_below.iter().any(|w| lower.contains(w.as_str())) {
            // The next table: the first one after the table this paragraph follows.
            let next = p.after_table.map_or(0, |t| t + 1);
            tables.iter().any(|t| t.index == next).then_some(next)
        } else {
            None
        };
        let item = is_list_item(&p.text);
        let referent = match (item, own, carried) {
            (_, Some(t), _) => Some(t),
            (true, None, Some((t, after))) if named.is_empty() && after == p.after_table => t,
            _ => None,
        };
        if !item {
            carried = Some((referent, p.after_table));
        }
        out.push(referent);
    }
    out
}

/// Every amount a quoted total may legitimately equal: each money cell, the sums of the
/// top-level items per column, and the cross-column sums of one role (quarters adding up to a
/// cumulative realisation) for the total rows and the top-level sums.
fn table_amounts(t: &TableModel) -> BTreeSet<i64> {
    let mut set = BTreeSet::new();
    for it in &t.items {
        for m in it.money.values() {
            set.insert(m.value.0);
        }
    }
    let top_rank = t
        .items
        .iter()
        .filter(|i| i.parent.is_none() && !i.money.is_empty())
        .filter_map(|i| i.level.rank())
        .min();
    let tops: Vec<&Item> = t
        .items
        .iter()
        .filter(|i| i.parent.is_none() && i.level.rank().is_some() && i.level.rank() == top_rank)
        .collect();
    // Checked: a sum past i64 is no amount a paragraph can quote (0 is dropped below).
    let sum_of = |items: &[&Item], key: &str| -> i64 {
        items
            .iter()
            .filter_map(|i| i.money.get(key))
            .try_fold(0i64, |s, m| s.checked_add(m.value.0))
            .unwrap_or(0)
    };
    let add_up = |v: Vec<i64>| crate::normalize::number::checked_sum(v).unwrap_or(0);
    let roles: BTreeSet<&str> = t.money_keys.iter().map(|k| role_of(k)).collect();
    for k in &t.money_keys {
        set.insert(sum_of(&tops, k));
    }
    let totals: Vec<&Item> = t
        .items
        .iter()
        .filter(|i| i.level == ItemLevel::Total)
        .collect();
    for role in roles {
        let keys: Vec<&String> = t.money_keys.iter().filter(|k| role_of(k) == role).collect();
        if keys.len() < 2 {
            continue;
        }
        set.insert(add_up(keys.iter().map(|k| sum_of(&tops, k)).collect()));
        for tot in &totals {
            set.insert(add_up(keys.iter().map(|k| sum_of(&[*tot], k)).collect()));
        }
    }
    set.remove(&0);
    set
}

/// Whether table amount `v` is the quoted amount within its tolerance (checked: amounts far
/// apart are not near, even when their difference does not fit an i64).
fn near(v: i64, a: &QuotedAmount) -> bool {
    v.checked_sub(a.value.0)
        .and_then(i64::checked_abs)
        .is_some_and(|d| d <= a.tolerance)
}

/// The role of a money column key (`realisasi_rp@y2022#2` -> `realisasi_rp`).
fn role_of(key: &str) -> &str {
    key.split(['@', '#']).next().unwrap_or(key)
}

/// The column a quoted total of `columns` roles should come from: the one of a year the
/// paragraph (or the document) names, else the rightmost (the latest, cumulative figure).
fn expected_column(
    t: &TableModel,
    columns: &[String],
    paragraph: &str,
    doc_year: Option<u16>,
) -> Option<String> {
    let keys: Vec<&String> = t
        .money_keys
        .iter()
        .filter(|k| columns.iter().any(|c| c == role_of(k)))
        .collect();
    let year_of = |k: &str| -> Option<String> {
        let block = k.split('@').nth(1)?;
        let y = block.strip_prefix('y')?;
        Some(y.chars().take_while(|c| c.is_ascii_digit()).collect())
    };
    let named_years: Vec<String> = words(paragraph)
        .filter(|w| w.len() == 4 && w.starts_with("20") && w.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .chain(doc_year.map(|y| y.to_string()))
        .collect();
    for y in &named_years {
        if let Some(k) = keys
            .iter()
            .rev()
            .find(|k| year_of(k).as_deref() == Some(y.as_str()))
        {
            return Some((*k).clone());
        }
    }
    keys.last().map(|k| (*k).clone())
}

/// Text for matching a row's name in prose: lower case, words of letters and digits only.
fn name_key(s: &str) -> String {
    words(s)
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The row of `t` a quoted amount's words name (`... Program Pelatihan Kerja dan Produktivitas
/// Tenaga Kerja dengan pagu sebesar Rp ...`): a program, kegiatan or sub kegiatan whose name
/// appears in the words (exactly, or at least `row_name_similarity` alike over as many words),
/// the one named nearest the amount. A name shared by two rows is resolved by the level word
/// printed before it (`sub kegiatan`), else the amount has no clear row. Returns the row and
/// the words of the context other than its name.
fn named_row(t: &TableModel, context: &str, rules: &NarrativeRules) -> Option<(usize, String)> {
    let ctx = name_key(context);
    let ctx_words: Vec<&str> = ctx.split(' ').filter(|w| !w.is_empty()).collect();
    // A quote of one row says which kind of row it is.
    if !rules.row_words.iter().any(|w| ctx.contains(w.as_str())) {
        return None;
    }
    // (item, end of the match in words, words matched, level word before it)
    let mut best: Vec<(usize, usize, usize, Option<String>)> = Vec::new();
    for (ii, it) in t.items.iter().enumerate() {
        if !matches!(
            it.level,
            ItemLevel::Program | ItemLevel::Kegiatan | ItemLevel::SubKegiatan
        ) {
            continue;
        }
        let name = name_key(&it.name);
        if name.chars().count() < rules.row_name_min_chars {
            continue;
        }
        let nw: Vec<&str> = name.split(' ').collect();
        let n = nw.len();
        if n == 0 || ctx_words.len() < n {
            continue;
        }
        let mut hit: Option<usize> = None;
        for start in (0..=ctx_words.len() - n).rev() {
            let window = ctx_words[start..start + n].join(" ");
            if window == name
                || strsim::normalized_levenshtein(&window, &name) >= rules.row_name_similarity
            {
                hit = Some(start);
                break;
            }
        }
        let Some(start) = hit else { continue };
        let before = ctx_words[..start].join(" ");
        let level_word = rules
            .row_words
            .iter()
            .filter(|w| before.ends_with(w.as_str()))
            .max_by_key(|w| w.len())
            .cloned();
        best.push((ii, start + n, n, level_word));
    }
    // Nearest the amount, then the longest name (a kegiatan named inside a program's sentence).
    let top = best.iter().map(|b| (b.1, b.2)).max()?;
    let mut cands: Vec<&(usize, usize, usize, Option<String>)> =
        best.iter().filter(|b| (b.1, b.2) == top).collect();
    if cands.len() > 1 {
        cands.retain(|b| {
            b.3.as_deref()
                .is_some_and(|w| t.items[b.0].level.label() == w)
        });
    }
    match cands.as_slice() {
        // The words around the name, where the role word is looked for (a name may hold one:
        // `Perencanaan, Penganggaran`).
        [one] => {
            let start = one.1 - one.2;
            let rest = ctx_words[..start]
                .iter()
                .chain(&ctx_words[one.1..])
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            Some((one.0, rest))
        }
        _ => None,
    }
}

/// The text without its parenthesised parts (an amount in words, `(seratus juta rupiah)`).
fn strip_parenthesised(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .filter(|&c| {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth = depth.saturating_sub(1);
                    return false;
                }
                _ => {}
            }
            depth == 0
        })
        .collect()
}

/// Whether a stretch of prose ends a sentence (a full stop after a word or figure, then a
/// capital: not `Rp. 4`).
fn sentence_break(text: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"[\p{Ll}\d)%]\.\s+\p{Lu}").is_match(text)
}

/// RJ214: an amount the text quotes for one row (`around`: the words before it other than the
/// row's name) that no money cell of that row equals.
fn check_row_amount(
    ctx: &mut Ctx,
    k: usize,
    p: &Paragraph,
    t: &TableModel,
    ii: usize,
    a: &QuotedAmount,
    around: &str,
) {
    let rules = &super::rules().narrative;
    let Some(role) = rules
        .role
        .iter()
        .find(|r| r.words.iter().any(|w| around.contains(w.as_str())))
    else {
        return;
    };
    let it = &t.items[ii];
    // Every amount the row can be said to have: its cells under every placement, and the sum
    // of the columns of one role (quarters adding up to the realisation so far).
    let mut values: BTreeSet<i64> = it.money.values().map(|m| m.value.0).collect();
    for o in &it.money_options {
        values.extend(o.values().map(|m| m.value.0));
    }
    let roles: BTreeSet<&str> = it.money.keys().map(|k| role_of(k)).collect();
    for r in roles {
        let sum = it
            .money
            .iter()
            .filter(|(k, _)| role_of(k) == r)
            .try_fold(0i64, |s, (_, m)| s.checked_add(m.value.0));
        values.extend(sum);
    }
    if values.iter().any(|&v| near(v, a)) {
        return;
    }
    let Some(col) = expected_column(t, &role.columns, &p.text, ctx.doc.meta.year) else {
        return;
    };
    let Some(cell) = it.money.get(&col) else {
        return;
    };
    let (x, y) = (cell.value.0, a.value.0);
    if x <= 0 || y <= 0 || x / y >= rules.max_ratio || y / x >= rules.max_ratio {
        return;
    }
    let prm = Params::default()
        .set("para", (k + 1).to_string())
        .set("excerpt", excerpt(&p.text))
        .set("role", role.label_id.clone())
        .set("role_en", role.label_en.clone())
        .set("printed", a.raw.clone())
        .set(
            "colno",
            t.class
                .columns
                .iter()
                .find(|c| c.key == col)
                .map(|c| (c.index + 1).to_string())
                .unwrap_or_default(),
        );
    let (e, f, d) = (ctx.rp(x), ctx.rp(y), ctx.rp(y - x));
    ctx.emit(
        "RJ214",
        t,
        Some(it),
        Some(&col),
        Some(e),
        Some(f),
        Some(d),
        prm,
    );
    if let Some(last) = ctx.out.last_mut() {
        // The place to fix is the paragraph: its page, not the table's.
        last.page = p.page;
    }
}

/// Text of a paragraph shortened for a message.
fn excerpt(text: &str) -> String {
    const MAX: usize = 70;
    let t: String = text.chars().take(MAX).collect();
    if text.chars().count() > MAX {
        format!("{}…", t.trim_end())
    } else {
        t
    }
}

/// A percentage the text gives for two of its amounts: `X dari Y atau (sebesar) P %`.
#[derive(Debug, Clone, PartialEq)]
pub struct QuotedRatio {
    /// Index of the part (X) in the paragraph's amounts; the whole (Y) is the next one.
    pub part: usize,
    /// The percentage as printed (`57,14`).
    pub printed: String,
    /// The percentage in units of its last printed decimal, and the number of decimals.
    pub scaled: (i128, u32),
}

/// The ratios a paragraph states for consecutive amounts (see [`QuotedRatio`]).
pub fn quoted_ratios(
    text: &str,
    amounts: &[QuotedAmount],
    rules: &NarrativeRules,
) -> Vec<QuotedRatio> {
    static PCT: OnceLock<Regex> = OnceLock::new();
    // After the whole: its amount in words (in parentheses), then the introducing word.
    let pct = re(
        &PCT,
        r"^\s*(?:\([^)]*\)\s*)?(\p{L}+(?:\s+\p{L}+)?)\s+(\d{1,3}(?:,\d{1,4})?)\s*(?:%|persen\b)",
    );
    let mut out = Vec::new();
    for (i, pair) in amounts.windows(2).enumerate() {
        let between = text
            .get(pair[0].span.1..pair[1].span.0)
            .unwrap_or("")
            .to_lowercase();
        if !words(&between).any(|w| rules.ratio_of.iter().any(|r| r == w)) {
            continue;
        }
        let rest = text.get(pair[1].span.1..).unwrap_or("");
        let Some(c) = pct.captures(rest) else {
            continue;
        };
        let intro = c[1].to_lowercase();
        if !rules.ratio_intro.contains(&intro) {
            continue;
        }
        let printed = c[2].to_string();
        let (int, frac) = printed.split_once(',').unwrap_or((&printed, ""));
        let decimals = frac.len() as u32;
        let Ok(scaled) = format!("{int}{frac}").parse::<i128>() else {
            continue;
        };
        out.push(QuotedRatio {
            part: i,
            printed,
            scaled: (scaled, decimals),
        });
    }
    out
}

/// `part / whole` in percent, rounded to `decimals` decimals, in units of the last decimal.
fn percent_scaled(part: Money, whole: Money, decimals: u32) -> Option<i128> {
    if whole.0 <= 0 {
        return None;
    }
    let unit = 10i128.pow(decimals);
    let num = part.0 as i128 * 100 * unit;
    let w = whole.0 as i128;
    Some((2 * num + w) / (2 * w))
}

/// `units` of `10^-decimals` as a number in each message's language (`5164, 2` -> `51,64` /
/// `51.64`), with as many decimals as the text printed.
fn format_scaled(units: i128, decimals: u32) -> String {
    super::num::decimal(units, decimals)
}

/// RJ210: a percentage the text gives for two of its own amounts that their ratio does not
/// support (`Rp. 4.771.486.350 dari ... Rp. 9.239.089.578 atau sebesar 57,14 %`: 51,64 %).
fn check_ratios(ctx: &mut Ctx, k: usize, p: &Paragraph, amounts: &[QuotedAmount]) {
    let rules = &super::rules().narrative;
    for r in quoted_ratios(&p.text, amounts, rules) {
        let (x, y) = (&amounts[r.part], &amounts[r.part + 1]);
        // A rounded amount (`4,77 milyar`) cannot support a two-decimal percentage.
        if x.tolerance > 0 || y.tolerance > 0 {
            continue;
        }
        let Some(expected) = percent_scaled(x.value, y.value, r.scaled.1) else {
            continue;
        };
        // One unit of the last printed decimal is rounding (truncating instead of rounding).
        if (expected - r.scaled.0).abs() <= 1 {
            continue;
        }
        let e = format_scaled(expected, r.scaled.1);
        // The value field as the text printed its percentage (a decimal comma).
        let e_field = num::localise(&e, NumberStyle::Indonesian);
        let prm = Params::default()
            .set("para", (k + 1).to_string())
            .set("excerpt", excerpt(&p.text))
            .set("printed", x.raw.clone())
            .set("other", y.raw.clone())
            .set("found", r.printed.clone())
            .set("expected", e.clone());
        ctx.emit_doc(
            "RJ210",
            p.page,
            (Some(e_field), Some(r.printed.clone()), None),
            prm,
        );
    }
}

pub(crate) fn check(ctx: &mut Ctx) {
    let rules = &super::rules().narrative;
    if rules.role.is_empty() {
        return;
    }
    let doc = ctx.doc;
    let refs = referents(&doc.paragraphs, &doc.tables, rules);
    for (k, (p, r)) in doc.paragraphs.iter().zip(&refs).enumerate() {
        let amounts = quoted_amounts(&p.text, rules);
        if amounts.is_empty() {
            continue;
        }
        let cap = crate::limits::limits().check.max_amounts_per_paragraph;
        if amounts.len() >= cap {
            let detail = format!(
                "paragraph {} quotes more than {cap} amounts (rules/limits.toml): the rest are not checked",
                k + 1
            );
            ctx.emit_doc(
                "RJ006",
                p.page,
                (None, None, None),
                Params::default().set("detail", detail),
            );
        }
        check_ratios(ctx, k, p, &amounts);
        let Some(t) = r.and_then(|i| doc.tables.iter().find(|t| t.index == i)) else {
            continue;
        };
        if t.money_keys.is_empty() {
            continue;
        }
        let known = table_amounts(t);
        // The row the previous amount was quoted for, and where that amount ended: `Program X
        // dengan pagu Rp A dan realisasi Rp B` quotes both for X.
        let mut prev_row: Option<(usize, usize)> = None;
        for a in amounts {
            let named = named_row(t, &a.context, rules);
            let row = named.or_else(|| {
                let (ii, end) = prev_row?;
                let between = p.text.get(end..a.span.0)?;
                let lower = between.to_lowercase();
                // Only a short link (`dan realisasi sebesar`, after the amount in words): a
                // total word or another row starts another subject.
                let bare = strip_parenthesised(&lower);
                let link: Vec<&str> = words(&bare)
                    .filter(|w| !rules.currency_markers.iter().any(|c| c == w))
                    .collect();
                let total = link
                    .iter()
                    .any(|w| rules.total_words.iter().any(|t| w.starts_with(t.as_str())));
                (!sentence_break(between)
                    && !total
                    && link.len() <= rules.row_link_max_words
                    && !rules.row_words.iter().any(|w| lower.contains(w.as_str())))
                .then(|| (ii, a.context.clone()))
            });
            prev_row = row.as_ref().map(|(ii, _)| (*ii, a.span.1));
            if let Some((ii, around)) = row {
                check_row_amount(ctx, k, p, t, ii, &a, &around);
                continue;
            }
            let is_total = words(&a.context).any(|w| {
                rules
                    .total_words
                    .iter()
                    .any(|tw| w.starts_with(tw.as_str()))
            });
            let Some(role) = rules
                .role
                .iter()
                .find(|r| r.words.iter().any(|w| a.context.contains(w.as_str())))
            else {
                continue;
            };
            if !is_total {
                continue;
            }
            let matches = known.iter().any(|&v| near(v, &a));
            if matches {
                continue;
            }
            let Some(col) = expected_column(t, &role.columns, &p.text, doc.meta.year) else {
                continue;
            };
            let Some((total, cell)) = t
                .items
                .iter()
                .filter(|i| i.level == ItemLevel::Total)
                .find_map(|i| i.money.get(&col).map(|m| (i, m)))
            else {
                continue;
            };
            let (x, y) = (cell.value.0, a.value.0);
            if x <= 0 || y <= 0 || x / y >= rules.max_ratio || y / x >= rules.max_ratio {
                continue;
            }
            let name = if total.name.is_empty() {
                total.label()
            } else {
                total.name.clone()
            };
            let prm = Params::default()
                .set("para", (k + 1).to_string())
                .set("excerpt", excerpt(&p.text))
                .set("role", role.label_id.clone())
                .set("role_en", role.label_en.clone())
                .set("printed", a.raw.clone())
                .set("row", (total.row + 1).to_string())
                .set(
                    "colno",
                    t.class
                        .columns
                        .iter()
                        .find(|c| c.key == col)
                        .map(|c| (c.index + 1).to_string())
                        .unwrap_or_default(),
                )
                .set("rowname", name);
            let (e, f, d) = (ctx.rp(x), ctx.rp(y), ctx.rp(y - x));
            ctx.emit("RJ208", t, None, Some(&col), Some(e), Some(f), Some(d), prm);
            if let Some(last) = ctx.out.last_mut() {
                // The place to fix is the paragraph: its page, not the table's.
                last.page = p.page;
                last.code = total.code.clone();
                last.name = Some(total.label()).filter(|n| !n.is_empty());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> &'static NarrativeRules {
        &super::super::rules().narrative
    }

    #[test]
    fn amounts_with_their_words() {
        let text = "1. Total realisasi kinerja hingga triwulan II adalah 57,14 %, dengan realisasi keuangan sebesar Rp. 4.771.486.350 (Empat milyar tujuh ratus rupiah) dari total pagu Renja sebesar Rp. 9.239.089.578 (Sembilan milyar) atau sebesar 57,14 %";
        let a = quoted_amounts(text, rules());
        assert_eq!(a.len(), 2, "{a:?}");
        assert_eq!(a[0].value, Money(477_148_635_000));
        assert_eq!(a[0].raw, "Rp. 4.771.486.350");
        assert!(a[0].context.contains("realisasi keuangan sebesar"));
        assert_eq!(a[1].value, Money(923_908_957_800));
        assert!(a[1].context.contains("total pagu"));
        assert!(!a[1].context.contains("realisasi"));
    }

    #[test]
    fn scale_words_and_currency_words() {
        let a = quoted_amounts(
            "Pagu seluruhnya Rp 4,77 milyar; sisa 1.500.000 rupiah; 2.000 orang; 8.636 lembar.",
            rules(),
        );
        let v: Vec<(i64, i64)> = a.iter().map(|a| (a.value.0, a.tolerance)).collect();
        assert_eq!(
            v,
            vec![(477_000_000_000, 500_000_000), (150_000_000, 0)],
            "{a:?}"
        );
        assert_eq!(a[0].raw, "Rp 4,77 milyar");
    }

    #[test]
    fn a_new_sentence_starts_a_new_context() {
        let a = quoted_amounts(
            "Realisasi tahun lalu baik. Total pagu sebesar Rp 1.000.000.",
            rules(),
        );
        assert_eq!(a[0].context, "total pagu sebesar rp ");
    }

    #[test]
    fn ratios_stated_for_two_amounts() {
        let text = "realisasi keuangan sebesar Rp. 4.771.486.350 (Empat milyar rupiah) dari total pagu Renja sebesar Rp. 9.239.089.578 (Sembilan milyar rupiah) atau sebesar 57,14 %";
        let a = quoted_amounts(text, rules());
        let r = quoted_ratios(text, &a, rules());
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(
            (r[0].part, r[0].printed.as_str(), r[0].scaled),
            (0, "57,14", (5714, 2))
        );
        // 4,771,486,350 / 9,239,089,578 = 51.6445...%
        assert_eq!(percent_scaled(a[0].value, a[1].value, 2), Some(5164));
        let id = |t: String| super::super::num::localise(&t, NumberStyle::Indonesian);
        assert_eq!(id(format_scaled(5164, 2)), "51,64");
        assert_eq!(id(format_scaled(7, 2)), "0,07");
        // No `dari` between the amounts, or no introducing word: no ratio.
        let t2 = "pagu Rp 100.000.000 dan realisasi Rp 50.000.000 atau 50 %";
        assert!(quoted_ratios(t2, &quoted_amounts(t2, rules()), rules()).is_empty());
        let t3 = "Rp 50.000.000 dari Rp 100.000.000 dengan capaian 50 %";
        assert!(quoted_ratios(t3, &quoted_amounts(t3, rules()), rules()).is_empty());
    }

    #[test]
    fn links_between_amounts() {
        assert_eq!(
            strip_parenthesised(" (seratus juta rupiah) dan realisasi sebesar "),
            "  dan realisasi sebesar "
        );
        assert!(sentence_break("rupiah). Realisasi"));
        assert!(!sentence_break(" dan realisasi sebesar Rp. "));
        assert_eq!(
            name_key("PROGRAM PELATIHAN KERJA, DAN  Produktivitas"),
            "program pelatihan kerja dan produktivitas"
        );
    }

    #[test]
    fn table_numbers_are_normalised() {
        assert_eq!(table_numbers("Tabel T-C. 33 Rencana"), vec!["t-c.33"]);
        assert_eq!(
            table_numbers("Berdasarkan Tabel 2.1 Realisasi 2022"),
            vec!["2.1"]
        );
        assert_eq!(
            table_numbers("sebagaimana tabel berikut :"),
            Vec::<String>::new()
        );
        assert_eq!(table_numbers("skala pada Tabel T-E.1 PMDN"), vec!["t-e.1"]);
    }
}
