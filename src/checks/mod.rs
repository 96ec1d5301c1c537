//! Checks: the reviewer's verification of a Renja as small units, each with an id, a severity,
//! a rationale and message templates in `rules/checks.toml` (like a linter's rules).
//!
//! - `sums`: RJ101 sum-mismatch, RJ102 sum-odd-cell, RJ103 ocr-misread, RJ104
//!   odd-number-format (within a table, every money column, every level).
//! - `table`: RJ105 realisasi-over-pagu, RJ106 duplicate-code, RJ107 sub-missing-field, RJ108
//!   capaian-ratio (budget), RJ109 predikat-band, RJ207 realisasi-copies-target.
//! - `capaian`: RJ110 capaian-kinerja-ratio (realisasi / target of each indicator).
//! - `pct`: RJ120/RJ121 parent budget percentages, RJ122 a digit a percentage proves, RJ123
//!   average footer rows.
//! - `cross`: RJ201/RJ202 review vs plan, RJ203 sebelum/sesudah totals, RJ204 evaluation vs
//!   plan, RJ301 table year.
//! - `cross` also: RJ218 the same item's pagu in every other pair of tables of one year.
//! - `targets`: RJ219 the year-n target of the review vs the plan and the Renstra.
//! - `narrative`: RJ208 narrative-vs-table (a total quoted in the text vs the table it names).
//! - `nomen`: RJ401 unknown code, RJ402 code/name mismatch, RJ403 nomenclature versions.
//! - `units`: RJ404 unit vs the 2023 metadata, RJ209 one indicator's unit across tables.
//! - notes from reading (RJ001-RJ004, RJ302): what could not be checked.
//! - `coverage`: RJ007 a table not checked (with the reason), RJ008 no table read, RJ009 no
//!   table checked.

mod capaian;
pub mod coverage;
mod cross;
pub mod evidence;
pub mod group;
pub mod narrative;
mod nomen;
pub(crate) mod num;
pub mod pct;
mod prose;
pub mod side;
pub mod sums;
mod table;
mod targets;
pub mod units;

use crate::model::{DocModel, Item, TableModel};
use crate::normalize::number::{Money, NumberStyle};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Something could not be checked, or is worth knowing.
    Info,
    /// Probably wrong; needs a look.
    Warning,
    /// Inconsistent: the document contradicts itself.
    Error,
}

impl Severity {
    fn parse(s: &str) -> Severity {
        match s {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            _ => Severity::Info,
        }
    }
}

/// One check as configured in rules/checks.toml.
#[derive(Debug, Clone, Deserialize)]
pub struct CheckRule {
    /// `RJ101`.
    pub id: String,
    /// `sum-mismatch`.
    pub name: String,
    /// `error` / `warning` / `info`.
    pub severity: String,
    /// Why a reviewer cares.
    pub rationale: String,
    /// The same in Bahasa Indonesia (`renja checks --lang id`).
    #[serde(default)]
    pub rationale_id: String,
    /// Message template, Bahasa Indonesia.
    pub message_id: String,
    /// Message template, English.
    pub message_en: String,
}

/// The contents of rules/checks.toml.
#[derive(Debug, Deserialize)]
pub struct CheckRules {
    /// Sum tolerance in rupiah.
    pub sum_tolerance_rupiah: i64,
    /// The checks.
    pub check: Vec<CheckRule>,
    /// RJ206: fewest differing items for the review-vs-plan summary.
    #[serde(default = "default_summary_items")]
    pub review_plan_summary_min_items: usize,
    /// RJ206: smallest share (percent) of compared items that differ.
    #[serde(default = "default_summary_percent")]
    pub review_plan_summary_min_percent: usize,
    /// Predikat bands for a capaian in percent, lowest first (RJ109).
    #[serde(default)]
    pub predikat_bands: Vec<PredikatBand>,
    /// Words that mark a cell as a sumber dana (RJ107 on drifted columns).
    #[serde(default)]
    pub sumber_dana_words: Vec<String>,
    /// RJ110: the printed capaian note of the triwulan form (`(75.00%) - Formula Progresif`);
    /// group 1 is the percentage.
    #[serde(default)]
    pub capaian_note_pattern: String,
    /// Message fragments some checks add, in both languages (`[phrases]`).
    #[serde(default)]
    pub phrases: BTreeMap<String, Phrase>,
    /// Sifat cell text of a negative indicator (lower is better), which RJ110 leaves alone.
    #[serde(default)]
    pub negative_sifat_words: Vec<String>,
    /// How RJ215/RJ216 read a total and its parts in one paragraph.
    #[serde(default)]
    pub prose: ProseRules,
    /// How RJ208 reads amounts quoted in the running text.
    #[serde(default)]
    pub narrative: narrative::NarrativeRules,
    /// RJ212: words of an evaluation column header that make its realisasi cumulative over
    /// several years (`s/d tahun 2021`), not the realisation of one year.
    #[serde(default)]
    pub cumulative_realisasi_words: Vec<String>,
    /// RJ212: words of an evaluation table title that make its realisasi a part of the year
    /// (`s/d Triwulan II`), not comparable with a whole year's realisation.
    #[serde(default)]
    pub partial_year_words: Vec<String>,
    /// How RJ120-RJ123 read parent and footer budget percentages.
    #[serde(default)]
    pub parent_capaian: pct::PctRules,
    /// Which findings are consequences of another (`[grouping]`).
    #[serde(default)]
    pub grouping: group::GroupRules,
}

/// One message fragment in Bahasa Indonesia and English; `{value}` is filled in.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct Phrase {
    /// Bahasa Indonesia.
    pub id: String,
    /// English.
    pub en: String,
}

/// The fragment `key` of `[phrases]` with `{value}` filled in, (Indonesian, English); empty
/// when the rules lack it, so a message loses a clause rather than the finding.
pub(crate) fn phrase(key: &str, value: &str) -> (String, String) {
    rules()
        .phrases
        .get(key)
        .map(|p| {
            let v = |k: &str| (k == "value").then_some(value);
            (fill(&p.id, v), fill(&p.en, v))
        })
        .unwrap_or_default()
}

/// The words of a breakdown in prose (`[prose]` in rules/checks.toml).
#[derive(Debug, Clone, Deserialize, Default)]
pub struct ProseRules {
    /// Words before the first part of a breakdown (`rincian`, `terdiri`).
    #[serde(default)]
    pub breakdown_words: Vec<String>,
    /// Linking words left out of a part's label (`dan`, `sebesar`, `rp`).
    #[serde(default)]
    pub label_stopwords: Vec<String>,
    /// A later part has at most this many words before its amount.
    #[serde(default = "default_max_part_words")]
    pub max_part_words: usize,
}

fn default_max_part_words() -> usize {
    8
}

fn default_summary_items() -> usize {
    5
}

fn default_summary_percent() -> usize {
    50
}

/// One predikat band: a capaian up to `max` percent (inclusive) gets `label`.
#[derive(Debug, Clone, Deserialize)]
pub struct PredikatBand {
    /// Upper bound in percent; none for the top band.
    pub max: Option<f64>,
    /// The grade (`SR`, `R`, `S`, `T`, `ST`).
    pub label: String,
}

impl CheckRules {
    /// The predikat of a capaian in percent.
    pub fn predikat(&self, capaian: f64) -> Option<&str> {
        self.predikat_bands
            .iter()
            .find(|b| b.max.is_none_or(|m| capaian <= m))
            .map(|b| b.label.as_str())
    }
}

/// The check rules, loaded once (embedded copy when an override is broken).
pub fn rules() -> &'static CheckRules {
    static R: OnceLock<CheckRules> = OnceLock::new();
    R.get_or_init(|| match crate::rules::toml::<CheckRules>("checks.toml") {
        Ok(r) => r,
        Err(e) => {
            eprintln!("renja: {e}; using the built-in rules/checks.toml");
            toml::from_str(include_str!("../../rules/checks.toml")).expect("embedded checks.toml")
        }
    })
}

/// One problem found, with everything a reviewer needs to find and judge it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Check id (`RJ101`).
    pub id: String,
    /// Check name (`sum-mismatch`).
    pub check: String,
    /// Severity.
    pub severity: Severity,
    /// Input file name.
    pub document: String,
    /// Page (0 when unknown, e.g. text exports).
    pub page: u32,
    /// Table title.
    pub table: String,
    /// 0-based table index in the document.
    pub table_index: usize,
    /// 0-based body row index, when about one row.
    pub row: Option<usize>,
    /// Code of the row's item, when known.
    pub code: Option<String>,
    /// Name of the row's item.
    pub name: Option<String>,
    /// Column key (`pagu@n1`), when about one column.
    pub column: Option<String>,
    /// Expected value as text (formatted in the document's style).
    pub expected: Option<String>,
    /// Found value as text.
    pub found: Option<String>,
    /// Found minus expected, as text.
    pub difference: Option<String>,
    /// Expected, found and difference as each language writes numbers, `[Indonesian, English]`
    /// (made with the finding; not serialised: [`Finding::values`] falls back to the fields).
    #[serde(skip)]
    pub localised: [[Option<String>; 3]; 2],
    /// Message in Bahasa Indonesia.
    pub message_id: String,
    /// Message in English.
    pub message_en: String,
    /// Where the finding's cell is and what was printed there; filled by [`evidence::attach`].
    #[serde(default)]
    pub evidence: evidence::Evidence,
    /// Stable id of the finding within the run (`document#n`), set by [`group::link`]; the
    /// findings files carry it, the model's serialisation does not.
    #[serde(skip)]
    pub uid: String,
    /// The uid of the finding that explains this one (the odd cell behind a broken sum).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caused_by: Option<String>,
    /// The uids of the findings this one explains.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consequences: Vec<String>,
    /// The other table of a cross-table pair (the reference side), for the grouping.
    #[serde(skip)]
    pub other_table: Option<usize>,
}

/// Values for a message template.
#[derive(Debug, Default, Clone)]
pub(crate) struct Params(pub BTreeMap<&'static str, String>);

impl Params {
    pub(crate) fn set(mut self, k: &'static str, v: impl Into<String>) -> Self {
        self.0.insert(k, v.into());
        self
    }

    /// Names the finding's subject by `item` (`{level}`, `{level_en}`, `{item}`) when the row
    /// the finding points at is another one: the parent of an odd cell, the item an indicator
    /// continuation row belongs to.
    pub(crate) fn named_by(self, item: &Item) -> Self {
        self.set("level", capitalise(item.level.label()))
            .set("level_en", capitalise(item.level.label_en()))
            .set("item", item.label())
    }
}

/// The item an indicator continuation row belongs to (the row itself otherwise).
pub(crate) fn owner<'t>(t: &'t TableModel, it: &'t Item) -> &'t Item {
    it.attached_to.and_then(|i| t.items.get(i)).unwrap_or(it)
}

/// Fills each `{key}` of template `t` from `p` in one pass, so a value that itself contains
/// `{...}` (a programme named "{diff}") is printed verbatim instead of substituted again.
fn render(t: &str, p: &Params) -> String {
    fill(t, |k| p.0.get(k).map(String::as_str))
}

/// One left-to-right pass over `t`: a `{key}` that `lookup` knows is replaced, anything else
/// (unknown keys, lone braces) is kept as written; replaced text is never scanned again.
fn fill<'v>(t: &str, lookup: impl Fn(&str) -> Option<&'v str>) -> String {
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find(['{', '}']) {
            Some(close) if after.as_bytes()[close] == b'}' => {
                let key = &after[..close];
                match lookup(key) {
                    Some(v) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Context shared by the checks of one document.
pub(crate) struct Ctx<'a> {
    pub doc: &'a DocModel,
    pub out: Vec<Finding>,
}

impl<'a> Ctx<'a> {
    /// An amount in sen as rupiah, written in each message's language (see [`num`]).
    pub(crate) fn rp(&self, sen: i64) -> String {
        num::money(sen)
    }

    /// Emits a finding for one amount that differs between two places: expected `x`, found `y`
    /// (`amounts = (x, y)`), difference `y - x`.
    pub(crate) fn emit_money_diff(
        &mut self,
        id: &str,
        t: &TableModel,
        item: &Item,
        column: &str,
        (x, y): (Money, Money),
        params: Params,
    ) {
        // No difference printed when it does not fit an i64 (never a wrapped one).
        let (e, f, d) = (
            self.rp(x.0),
            self.rp(y.0),
            y.0.checked_sub(x.0).map(|d| self.rp(d)),
        );
        let before = self.out.len();
        self.emit(id, t, Some(item), Some(column), Some(e), Some(f), d, params);
        if self.out.len() > before {
            if let Some(last) = self.out.last_mut() {
                last.evidence.expected_sen = Some(x.0);
                last.evidence.found_sen = Some(y.0);
                last.evidence.difference_sen = y.0.checked_sub(x.0);
            }
        }
    }

    /// Names `table` as the reference side of the cross-table findings made since `before`.
    pub(crate) fn other_table_since(&mut self, before: usize, table: usize) {
        for f in self.out.iter_mut().skip(before) {
            f.other_table = Some(table);
        }
    }

    /// Emits a finding about the document rather than a table row (a paragraph of the running
    /// text, an unreadable page): `page` 0 when unknown.
    pub(crate) fn emit_doc(
        &mut self,
        id: &str,
        page: u32,
        (expected, found, difference): (Option<String>, Option<String>, Option<String>),
        params: Params,
    ) {
        let Some(rule) = rules().check.iter().find(|c| c.id == id) else {
            return;
        };
        let mut p = params;
        for (k, v) in [
            ("expected", &expected),
            ("found", &found),
            ("diff", &difference),
        ] {
            if let Some(v) = v {
                p.0.entry(k).or_insert_with(|| v.clone());
            }
        }
        self.out.push(localised(
            self.doc.style,
            Finding {
                id: rule.id.clone(),
                check: rule.name.clone(),
                severity: Severity::parse(&rule.severity),
                document: self.doc.name.clone(),
                page,
                table: String::new(),
                table_index: usize::MAX,
                row: None,
                code: None,
                name: None,
                column: None,
                expected,
                found,
                difference,
                localised: Default::default(),
                message_id: render(&rule.message_id, &p),
                message_en: render(&rule.message_en, &p),
                evidence: evidence::Evidence::default(),
                uid: String::new(),
                caused_by: None,
                consequences: Vec::new(),
                other_table: None,
            },
        ));
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn emit(
        &mut self,
        id: &str,
        t: &TableModel,
        item: Option<&Item>,
        column: Option<&str>,
        expected: Option<String>,
        found: Option<String>,
        difference: Option<String>,
        params: Params,
    ) {
        let Some(rule) = rules().check.iter().find(|c| c.id == id) else {
            return;
        };
        let mut p = params;
        if let Some(it) = item {
            p.0.entry("level")
                .or_insert_with(|| capitalise(it.level.label()));
            p.0.entry("level_en")
                .or_insert_with(|| capitalise(it.level.label_en()));
            p.0.entry("item").or_insert_with(|| it.label());
        }
        if let Some(c) = column {
            p.0.entry("column").or_insert_with(|| column_label(c));
        }
        p.0.entry("title").or_insert_with(|| t.title.clone());
        if let Some(e) = &expected {
            p.0.entry("expected").or_insert_with(|| e.clone());
        }
        if let Some(f) = &found {
            p.0.entry("found").or_insert_with(|| f.clone());
        }
        if let Some(d) = &difference {
            p.0.entry("diff").or_insert_with(|| d.clone());
        }
        self.out.push(localised(
            self.doc.style,
            Finding {
                id: rule.id.clone(),
                check: rule.name.clone(),
                severity: Severity::parse(&rule.severity),
                document: self.doc.name.clone(),
                page: item.map(|i| i.page).unwrap_or(t.page),
                table: t.title.clone(),
                table_index: t.index,
                row: item.map(|i| i.row),
                code: item.and_then(|i| i.code.clone()),
                name: item.map(|i| i.name.clone()).filter(|n| !n.is_empty()),
                column: column.map(|c| c.to_string()),
                expected,
                found,
                difference,
                localised: Default::default(),
                message_id: render(&rule.message_id, &p),
                message_en: render(&rule.message_en, &p),
                evidence: evidence::Evidence::default(),
                uid: String::new(),
                caused_by: None,
                consequences: Vec::new(),
                other_table: None,
            },
        ));
    }
}

/// Writes the neutral number tokens of a new finding: the Indonesian message in Indonesian
/// style, the English one in English style, the value fields in the document's own style (as its
/// cells print them) and in each language for the findings files; an amount given as a token is
/// also kept exactly in sen.
fn localised(doc_style: NumberStyle, mut f: Finding) -> Finding {
    use NumberStyle::{English, Indonesian};
    f.message_id = num::localise(&f.message_id, Indonesian);
    f.message_en = num::localise(&f.message_en, English);
    let e = &mut f.evidence;
    for (i, (v, sen)) in [
        (&mut f.expected, &mut e.expected_sen),
        (&mut f.found, &mut e.found_sen),
        (&mut f.difference, &mut e.difference_sen),
    ]
    .into_iter()
    .enumerate()
    {
        let Some(raw) = v.take() else { continue };
        if let Some(x) = num::single_money(&raw) {
            *sen = Some(x);
        }
        f.localised[0][i] = Some(num::localise(&raw, Indonesian));
        f.localised[1][i] = Some(num::localise(&raw, English));
        *v = Some(num::localise(&raw, doc_style));
    }
    f
}

impl Finding {
    /// Expected, found and difference as the given language writes them.
    pub fn values(&self, english: bool) -> [Option<&str>; 3] {
        let shown = &self.localised[usize::from(english)];
        let fields = [&self.expected, &self.found, &self.difference];
        std::array::from_fn(|i| shown[i].as_deref().or(fields[i].as_deref()))
    }
}

pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A readable name for a column key (`pagu@n1` -> `pagu (prakiraan maju)`).
pub fn column_label(key: &str) -> String {
    if let Some(n) = key.strip_prefix("uang#") {
        return format!("kolom uang ke-{n}");
    }
    let (role, block) = key.split_once('@').unwrap_or((key, ""));
    let role = match role {
        "pagu" => "pagu",
        "realisasi_rp" => "realisasi (Rp)",
        "uang" => "kolom uang",
        other => other,
    };
    let block = block.split('#').next().unwrap_or("");
    let b = match block.split('.').next().unwrap_or("") {
        "" => String::new(),
        "n1" => " (prakiraan maju)".into(),
        "rancangan" => " (rancangan awal)".into(),
        "hasil" => " (hasil analisis)".into(),
        "sebelum" => " (sebelum perubahan)".into(),
        "sesudah" => " (sesudah perubahan)".into(),
        "renstra" => " (target Renstra akhir periode)".into(),
        "renstra_lalu" => " (Renstra s.d. tahun lalu)".into(),
        "tw1" => " triwulan I".into(),
        "tw2" => " triwulan II".into(),
        "tw3" => " triwulan III".into(),
        "tw4" => " triwulan IV".into(),
        "capaian" => " (realisasi capaian)".into(),
        y if y.starts_with('y') => format!(" {}", &y[1..]),
        other => format!(" ({other})"),
    };
    format!("{role}{b}")
}

/// Formats sen as rupiah with the document's grouping (`13,319,369,434` / `13.319.369.434`).
pub fn format_rupiah(sen: i64, style: NumberStyle) -> String {
    let neg = sen < 0;
    let abs = sen.unsigned_abs();
    let rp = abs / 100;
    let cents = abs % 100;
    let (g, d) = match style {
        NumberStyle::English => (',', '.'),
        _ => ('.', ','),
    };
    let digits = rp.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(g);
        }
        out.push(ch);
    }
    if cents != 0 {
        out.push(d);
        out.push_str(&format!("{cents:02}"));
    }
    if neg {
        format!("-{out}")
    } else {
        out
    }
}

/// Runs every check on a document model. Items with several possible money placements get
/// the placement the arithmetic supports first (this mutates the model's choice).
pub fn run(doc: &mut DocModel) -> Vec<Finding> {
    for t in doc.tables.iter_mut() {
        sums::choose_placements(t, rules().sum_tolerance_rupiah * 100);
    }
    let mut ctx = Ctx {
        doc,
        out: Vec::new(),
    };
    for t in &ctx.doc.tables {
        notes(&mut ctx, t);
        sums::check(&mut ctx, t);
        table::check(&mut ctx, t);
        capaian::check(&mut ctx, t);
        pct::check(&mut ctx, t);
        nomen::check(&mut ctx, t);
    }
    cross::check(&mut ctx);
    targets::check(&mut ctx);
    units::check(&mut ctx);
    narrative::check(&mut ctx);
    prose::check(&mut ctx);
    nomen::versions(&mut ctx);
    coverage::check(&mut ctx);
    // What extraction could not read (a page that failed): the reviewer must know those
    // pages were not checked.
    let doc = ctx.doc;
    for w in &doc.warnings {
        ctx.emit_doc(
            "RJ006",
            0,
            (None, None, None),
            Params::default().set("detail", w.clone()),
        );
    }
    let mut out = ctx.out;
    out.sort_by(|a, b| {
        (a.table_index, a.row.unwrap_or(usize::MAX), &a.id).cmp(&(
            b.table_index,
            b.row.unwrap_or(usize::MAX),
            &b.id,
        ))
    });
    out.dedup();
    group::link(doc, &mut out);
    out
}

/// The RJ000 finding for a document whose checking stopped on an internal error.
pub fn internal_error(document: &str, detail: &str) -> Finding {
    let rule = rules().check.iter().find(|c| c.id == "RJ000");
    let p = Params::default().set("detail", detail.to_string());
    Finding {
        id: "RJ000".into(),
        check: rule
            .map(|r| r.name.clone())
            .unwrap_or_else(|| "internal-error".into()),
        severity: Severity::Error,
        document: document.to_string(),
        page: 0,
        table: String::new(),
        table_index: 0,
        row: None,
        code: None,
        name: None,
        column: None,
        expected: None,
        found: None,
        difference: None,
        localised: Default::default(),
        message_id: rule
            .map(|r| render(&r.message_id, &p))
            .unwrap_or_else(|| detail.to_string()),
        message_en: rule
            .map(|r| render(&r.message_en, &p))
            .unwrap_or_else(|| detail.to_string()),
        evidence: evidence::Evidence {
            fingerprint: "RJ000".into(),
            ..Default::default()
        },
        uid: group::uid(document, 0),
        caused_by: None,
        consequences: Vec::new(),
        other_table: None,
    }
}

fn notes(ctx: &mut Ctx, t: &TableModel) {
    // Items by row, built once: a search per note was quadratic (30k rows: 2.6 s).
    let mut by_row: std::collections::HashMap<usize, &crate::model::Item> = Default::default();
    if !t.notes.is_empty() {
        for it in &t.items {
            by_row.entry(it.row).or_insert(it);
        }
    }
    for n in &t.notes {
        let id = match n.id.as_str() {
            "unknown_kind" => "RJ001",
            "no_money_column" => "RJ002",
            "unplaced_row" => "RJ003",
            "starts_mid_hierarchy" => "RJ004",
            "unit_header_conflict" => "RJ302",
            "money_by_order" => "RJ005",
            "ocr_repaired" => "RJ010",
            _ => continue,
        };
        let item = n.row.and_then(|r| by_row.get(&r).copied());
        ctx.emit(id, t, item, None, None, None, None, note_params(n));
    }
}

/// The values of a reading note as message parameters; `detail` stays for templates that
/// still name it.
fn note_params(n: &crate::model::Note) -> Params {
    let mut p = Params::default().set("detail", n.detail.clone());
    for (k, v) in &n.values {
        // Template placeholders are static names: only the ones the notes use are passed.
        if let Some(key) = NOTE_KEYS.iter().find(|x| **x == k.as_str()) {
            p = p.set(key, v.clone());
        }
    }
    p
}

/// Placeholders the reading notes fill (see `model::Note::values`).
const NOTE_KEYS: [&str; 12] = [
    "repaired",
    "repairs",
    "examples",
    "by_sum",
    "no_sum",
    "reverted",
    "name",
    "start",
    "start_en",
    "largest",
    "header_money",
    "amounts",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rupiah_formatting() {
        assert_eq!(
            format_rupiah(1_331_936_943_400, NumberStyle::English),
            "13,319,369,434"
        );
        assert_eq!(
            format_rupiah(1_331_936_943_400, NumberStyle::Indonesian),
            "13.319.369.434"
        );
        assert_eq!(format_rupiah(-100_000, NumberStyle::Indonesian), "-1.000");
        assert_eq!(format_rupiah(150, NumberStyle::Indonesian), "1,50");
    }

    #[test]
    fn every_phrase_the_checks_use_is_configured() {
        for key in [
            "rj104_mixed",
            "rj104_truncated",
            "rj104_ocr",
            "rj110_digit_capaian",
            "rj110_digit_realisasi",
            "rj122_sum_agrees",
        ] {
            let (id, en) = phrase(key, "65");
            assert!(!id.is_empty() && !en.is_empty(), "{key}");
        }
    }

    #[test]
    fn every_check_has_both_messages() {
        for c in &rules().check {
            assert!(
                !c.message_id.is_empty() && !c.message_en.is_empty(),
                "{}",
                c.id
            );
            assert!(!c.rationale.is_empty(), "{}", c.id);
        }
    }
}

#[cfg(test)]
mod render_tests {
    use super::*;

    #[test]
    fn values_with_braces_come_out_verbatim() {
        let p = Params::default()
            .set("item", "Program {diff} {item}")
            .set("diff", "Rp 5");
        assert_eq!(
            render("{item} selisih {diff}", &p),
            "Program {diff} {item} selisih Rp 5"
        );
    }

    #[test]
    fn unknown_keys_and_lone_braces_are_kept() {
        let p = Params::default().set("a", "x");
        for (t, want) in [
            ("{a}{b}", "x{b}"),
            ("{", "{"),
            ("}{a", "}{a"),
            ("{{a}}", "{x}"),
            ("a{a}b{", "axb{"),
            ("", ""),
        ] {
            assert_eq!(render(t, &p), want, "template {t:?}");
        }
    }

    #[test]
    fn multibyte_text_around_keys() {
        let p = Params::default().set("n", "é{n}");
        assert_eq!(render("ü{n}ß{n}", &p), "üé{n}ßé{n}");
    }
}
