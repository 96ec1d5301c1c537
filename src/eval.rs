//! Table-extraction scoring against ground truth, a faithful port of the project's reference
//! scorer (`tests/data/score.py`): table recall, cell precision/recall/F1 and numeric-cell
//! accuracy. It lets the test suite and `renja score` measure accuracy without Python.

use regex::Regex;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// One table of a ground-truth file.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct GtTable {
    /// First page of the table.
    pub first_page: Option<i64>,
    /// Last page of the table.
    pub last_page: Option<i64>,
    /// Header rows (used to forgive unaligned predicted header rows).
    #[serde(default)]
    pub header_rows: Vec<Vec<String>>,
    /// Body rows.
    #[serde(default)]
    pub rows: Vec<Vec<String>>,
}

/// A ground-truth document.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct GtDoc {
    /// The PDF name.
    pub document: String,
    /// Its tables.
    pub tables: Vec<GtTable>,
}

impl GtTable {
    /// One extracted table as ground truth, with no page range (a text export has no pages).
    pub fn from_table(t: &crate::extracted::Table) -> Self {
        GtTable {
            first_page: None,
            last_page: None,
            header_rows: t
                .header_rows
                .iter()
                .map(|r| r.iter().map(|c| c.text.clone()).collect())
                .collect(),
            rows: t
                .rows
                .iter()
                .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
                .collect(),
        }
    }
}

impl GtDoc {
    /// A document read from a trusted source (the text export a PDF was rendered from) as the
    /// ground truth its renderings are scored against.
    pub fn from_document(doc: &crate::extracted::Document, name: &str) -> Self {
        GtDoc {
            document: name.to_string(),
            tables: doc.tables.iter().map(GtTable::from_table).collect(),
        }
    }
}

/// A predicted table: its page and body rows as text.
#[derive(Debug, Clone)]
pub struct PredTable {
    /// The table's page (rows are attributed to it, as in the reference scorer).
    pub page: i64,
    /// Body rows.
    pub rows: Vec<Vec<String>>,
    /// The page of each body row, when the prediction gives it: a table whose title and header
    /// sit on the page before its first body row is otherwise scored as missing.
    pub row_pages: Option<Vec<i64>>,
}

impl PredTable {
    /// The page a body row is scored on: its own when known, else the table's.
    fn row_page(&self, ri: usize) -> i64 {
        match &self.row_pages {
            Some(rp) if rp.len() == self.rows.len() => rp[ri],
            _ => self.page,
        }
    }
}

/// Raw counts for one document (summed over documents for the overall figure).
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Counts {
    /// Ground-truth tables with body rows.
    pub gt_tables: usize,
    /// Of those, found (at least half their rows aligned).
    pub found: usize,
    /// Non-empty ground-truth body cells.
    pub gt_cells: usize,
    /// Non-empty predicted cells (less forgiven header rows).
    pub pred_cells: usize,
    /// Correct cells.
    pub correct: usize,
    /// Numeric ground-truth cells.
    pub num_total: usize,
    /// Numeric cells read to the same value.
    pub num_ok: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.gt_tables += o.gt_tables;
        self.found += o.found;
        self.gt_cells += o.gt_cells;
        self.pred_cells += o.pred_cells;
        self.correct += o.correct;
        self.num_total += o.num_total;
        self.num_ok += o.num_ok;
    }
}

/// The scores derived from [`Counts`].
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Metrics {
    /// Found tables / ground-truth tables.
    pub table_recall: f64,
    /// Correct / predicted cells.
    pub cell_precision: f64,
    /// Correct / ground-truth cells.
    pub cell_recall: f64,
    /// Harmonic mean of precision and recall.
    pub cell_f1: f64,
    /// Numeric cells read right / numeric cells.
    pub numeric_accuracy: f64,
}

impl Counts {
    /// Precision, recall, F1 and the rest.
    pub fn metrics(&self) -> Metrics {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let p = ratio(self.correct, self.pred_cells);
        let r = ratio(self.correct, self.gt_cells);
        Metrics {
            table_recall: ratio(self.found, self.gt_tables),
            cell_precision: p,
            cell_recall: r,
            cell_f1: if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            },
            numeric_accuracy: ratio(self.num_ok, self.num_total),
        }
    }
}

fn norm(c: &str) -> String {
    c.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn trim(row: &[String]) -> Vec<String> {
    let mut r: Vec<String> = row.iter().map(|c| norm(c)).collect();
    while r.last().is_some_and(|c| c.is_empty()) {
        r.pop();
    }
    r
}

type Bag = HashMap<String, usize>;

fn toks(row: &[String]) -> (Bag, usize) {
    let mut bag = Bag::new();
    let mut n = 0;
    for cell in row {
        for t in cell.split(|ch: char| !(ch.is_ascii_lowercase() || ch.is_ascii_digit())) {
            if !t.is_empty() {
                *bag.entry(t.to_string()).or_default() += 1;
                n += 1;
            }
        }
    }
    (bag, n)
}

fn dice(a: &(Bag, usize), b: &(Bag, usize)) -> f64 {
    if a.1 == 0 || b.1 == 0 {
        return 0.0;
    }
    let (small, large) = if a.0.len() <= b.0.len() {
        (a, b)
    } else {
        (b, a)
    };
    let inter: usize = small
        .0
        .iter()
        .map(|(k, v)| (*v).min(*large.0.get(k).unwrap_or(&0)))
        .sum();
    2.0 * inter as f64 / (a.1 + b.1) as f64
}

fn numlike() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"^[-+]?(rp\.?\s*)?\(?[-+]?\d[\d.,\s]*\)?\s*%?$").unwrap())
}

/// Possible values of a numeric string under both decimal conventions, as the reference does.
fn num_values(s: &str) -> Vec<f64> {
    let s = norm(s);
    let s = s
        .strip_prefix("rp.")
        .or_else(|| s.strip_prefix("rp"))
        .unwrap_or(&s);
    let s: String = s.replace(['%', ' '], "");
    let s = s.trim_matches(|c| c == '(' || c == ')');
    let neg = s.starts_with('-');
    let s = s.trim_start_matches(['+', '-']);
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        || !s.chars().any(|c| c.is_ascii_digit())
    {
        return vec![];
    }
    let mut vals = Vec::new();
    for (thou, dec) in [('.', ','), (',', '.')] {
        let parts: Vec<&str> = s.split(dec).collect();
        if parts.len() > 2 {
            continue;
        }
        let mut intpart = parts[0].to_string();
        if intpart.contains(thou) {
            let groups: Vec<&str> = intpart.split(thou).collect();
            if groups[0].is_empty() || groups[1..].iter().any(|g| g.chars().count() != 3) {
                continue;
            }
            intpart = groups.concat();
        }
        if intpart.is_empty() || !intpart.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let frac_ok = parts.len() == 2
            && !parts[1].is_empty()
            && parts[1].chars().all(|c| c.is_ascii_digit());
        if parts.len() == 2 && !frac_ok {
            continue;
        }
        let text = if frac_ok {
            format!("{intpart}.{}", parts[1])
        } else {
            intpart
        };
        if let Ok(v) = text.parse::<f64>() {
            let v = if neg { -v } else { v };
            if !vals.contains(&v) {
                vals.push(v);
            }
        }
    }
    vals
}

fn is_number(s: &str) -> bool {
    numlike().is_match(s) && s.chars().any(|c| c.is_ascii_digit()) && !num_values(s).is_empty()
}

fn same_number(a: &str, b: &str) -> bool {
    let (va, vb) = (num_values(a), num_values(b));
    va.iter()
        .any(|x| vb.iter().any(|y| (x - y).abs() <= 1e-9 * x.abs().max(1.0)))
}

/// Monotone alignment maximising summed similarity (pairs below `thr` never align).
fn align(
    g: &[(Bag, usize)],
    p: &[(Bag, usize)],
    grows: &[Vec<String>],
    prows: &[&Vec<String>],
) -> Vec<(usize, usize)> {
    let (n, m) = (g.len(), p.len());
    if n == 0 || m == 0 {
        return vec![];
    }
    let mut sim = vec![vec![0.0f64; m]; n];
    for i in 0..n {
        if g[i].1 == 0 {
            continue;
        }
        for j in 0..m {
            let mut s = dice(&g[i], &p[j]);
            if s >= 0.5 {
                if grows[i] == *prows[j] {
                    s += 1e-3;
                }
                sim[i][j] = s;
            }
        }
    }
    let mut d = vec![vec![0.0f64; m + 1]; n + 1];
    for i in 1..=n {
        for j in 1..=m {
            let mut best = if d[i - 1][j] >= d[i][j - 1] {
                d[i - 1][j]
            } else {
                d[i][j - 1]
            };
            let s = sim[i - 1][j - 1];
            if s > 0.0 && d[i - 1][j - 1] + s > best {
                best = d[i - 1][j - 1] + s;
            }
            d[i][j] = best;
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        let s = sim[i - 1][j - 1];
        if s > 0.0 && (d[i][j] - (d[i - 1][j - 1] + s)).abs() < 1e-12 {
            pairs.push((i - 1, j - 1));
            i -= 1;
            j -= 1;
        } else if d[i][j] == d[i - 1][j] {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    pairs.reverse();
    pairs
}

/// Scores one predicted document against its ground truth.
pub fn score_document(gt: &GtDoc, pred: &[PredTable]) -> Counts {
    let mut prow: Vec<(i64, usize, usize, Vec<String>)> = Vec::new();
    for (ti, t) in pred.iter().enumerate() {
        for (ri, r) in t.rows.iter().enumerate() {
            prow.push((t.row_page(ri), ti, ri, trim(r)));
        }
    }
    prow.sort_by_key(|a| (a.0, a.1, a.2));
    let ptok: Vec<(Bag, usize)> = prow.iter().map(|r| toks(&r.3)).collect();
    let mut used: HashSet<usize> = HashSet::new();
    let mut header_sigs = Vec::new();
    let mut st = Counts::default();
    for t in &gt.tables {
        for h in &t.header_rows {
            header_sigs.push(toks(&trim(h)));
        }
        let rows: Vec<Vec<String>> = t.rows.iter().map(|r| trim(r)).collect();
        if rows.is_empty() {
            continue;
        }
        st.gt_tables += 1;
        st.gt_cells += rows.iter().flatten().filter(|c| !c.is_empty()).count();
        let numeric: Vec<Vec<usize>> = rows
            .iter()
            .map(|r| {
                (0..r.len())
                    .filter(|&k| !r[k].is_empty() && is_number(&r[k]))
                    .collect()
            })
            .collect();
        st.num_total += numeric.iter().map(|x| x.len()).sum::<usize>();
        let cand: Vec<usize> = (0..prow.len())
            .filter(|j| {
                !used.contains(j)
                    && match (t.first_page, t.last_page) {
                        (Some(fp), Some(lp)) => fp <= prow[*j].0 && prow[*j].0 <= lp,
                        _ => true,
                    }
            })
            .collect();
        let g: Vec<(Bag, usize)> = rows.iter().map(|r| toks(r)).collect();
        let p: Vec<(Bag, usize)> = cand.iter().map(|&j| ptok[j].clone()).collect();
        let prows: Vec<&Vec<String>> = cand.iter().map(|&j| &prow[j].3).collect();
        let pairs = align(&g, &p, &rows, &prows);
        if pairs.len() * 2 >= rows.len() {
            st.found += 1;
        }
        for (gi, pj) in pairs {
            let j = cand[pj];
            used.insert(j);
            let (gr, pr) = (&rows[gi], &prow[j].3);
            for (k, c) in gr.iter().enumerate() {
                if !c.is_empty() && k < pr.len() && pr[k].replace(' ', "") == c.replace(' ', "") {
                    st.correct += 1;
                }
            }
            for &k in &numeric[gi] {
                if k < pr.len() && !pr[k].is_empty() && same_number(&gr[k], &pr[k]) {
                    st.num_ok += 1;
                }
            }
        }
    }
    for (j, r) in prow.iter().enumerate() {
        if !used.contains(&j) && header_sigs.iter().any(|h| dice(&ptok[j], h) >= 0.5) {
            continue;
        }
        st.pred_cells += r.3.iter().filter(|c| !c.is_empty()).count();
    }
    st
}

/// Predicted tables from an extracted document.
pub fn pred_tables(doc: &crate::extracted::Document) -> Vec<PredTable> {
    doc.tables
        .iter()
        .map(|t| PredTable {
            page: t.page as i64,
            rows: t
                .rows
                .iter()
                .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
                .collect(),
            row_pages: Some(t.rows.iter().map(|r| r.page as i64).collect()),
        })
        .collect()
}

/// Predicted tables from a JSON file in the `renja extract` / scorer format.
pub fn pred_tables_from_json(v: &serde_json::Value) -> Vec<PredTable> {
    let mut out = Vec::new();
    for t in v["tables"].as_array().into_iter().flatten() {
        let page = t["page"].as_i64().unwrap_or(-1);
        let rows: Vec<Vec<String>> = t["rows"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| {
                r.as_array()
                    .into_iter()
                    .flatten()
                    .map(|c| match c {
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Null => String::new(),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect();
        // Mirrors the reference scorer: row_pages counts only when it has one integer per row.
        let row_pages = t["row_pages"].as_array().and_then(|rp| {
            let pages: Option<Vec<i64>> = rp.iter().map(|x| x.as_i64()).collect();
            pages.filter(|p| p.len() == rows.len())
        });
        out.push(PredTable {
            page,
            rows,
            row_pages,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_under_both_conventions() {
        assert_eq!(num_values("1.234"), vec![1234.0, 1.234]);
        assert_eq!(num_values("13,319,369,434"), vec![13319369434.0]);
        assert_eq!(num_values("87,25"), vec![87.25]);
        assert!(is_number("45%"));
        assert!(!is_number("2.07.001"));
        assert!(same_number("314526664", "31452666 4"));
    }

    #[test]
    fn perfect_prediction_scores_one_and_a_wrong_cell_does_not() {
        let gt = GtDoc {
            document: "x.pdf".into(),
            tables: vec![GtTable {
                first_page: Some(1),
                last_page: Some(1),
                header_rows: vec![vec!["Kode".into(), "Pagu".into()]],
                rows: vec![
                    vec!["2.07.01".into(), "1,000".into()],
                    vec!["2.07.02".into(), "2,500".into()],
                ],
            }],
        };
        let mut pred = vec![PredTable {
            page: 1,
            rows: gt.tables[0].rows.clone(),
            row_pages: None,
        }];
        let m = score_document(&gt, &pred).metrics();
        assert_eq!(
            (m.cell_f1, m.numeric_accuracy, m.table_recall),
            (1.0, 1.0, 1.0)
        );
        pred[0].rows[1][1] = "2,600".into();
        let c = score_document(&gt, &pred);
        assert_eq!((c.correct, c.num_ok), (3, 1));
    }

    #[test]
    fn rows_are_scored_on_their_own_page_when_the_prediction_gives_it() {
        // Title and header on page 1, every body row on page 2.
        let gt = GtDoc {
            document: "x.pdf".into(),
            tables: vec![GtTable {
                first_page: Some(2),
                last_page: Some(2),
                header_rows: vec![],
                rows: vec![vec!["2.07.01".into(), "1,000".into()]],
            }],
        };
        let mut pred = vec![PredTable {
            page: 1,
            rows: gt.tables[0].rows.clone(),
            row_pages: Some(vec![2]),
        }];
        assert_eq!(score_document(&gt, &pred).found, 1);
        pred[0].row_pages = None;
        assert_eq!(score_document(&gt, &pred).found, 0);
        // A row_pages of the wrong length is ignored, as the reference scorer does.
        pred[0].row_pages = Some(vec![2, 2]);
        assert_eq!(score_document(&gt, &pred).found, 0);
    }
}
