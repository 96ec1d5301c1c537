//! Table titles: the bold (or `Tabel ...`) lines just above a table, joined.

use super::config::LayoutRules;
use super::text::Line;
use super::PageTable;

/// Titles found on one page.
pub(crate) struct Titles {
    /// Per table (same order as given), its title or empty.
    pub title: Vec<String>,
    /// Per line, whether it became part of a title.
    pub is_title: Vec<bool>,
}

/// The line starts with one of the title words (`Tabel 2.4 ...`).
pub(crate) fn has_title_prefix(line: &str, cfg: &LayoutRules) -> bool {
    let first = line
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches([':', '.'])
        .to_lowercase();
    cfg.title_prefixes.iter().any(|p| *p == first)
}

/// Finds the title of each table (tables sorted top to bottom). Lines flagged in `skip`
/// (running headers, rows of borderless tables) are never titles.
pub(crate) fn assign(
    lines: &[Line],
    skip: &[bool],
    tables: &[PageTable],
    cfg: &LayoutRules,
) -> Titles {
    let mut is_title = vec![false; lines.len()];
    let mut title = Vec::with_capacity(tables.len());
    let mut prev_bottom = f32::NEG_INFINITY;
    for t in tables {
        let top = t.bbox.y0;
        let mut cands: Vec<usize> = (0..lines.len())
            .filter(|&i| {
                !skip[i]
                    && !is_title[i]
                    && lines[i].bbox.y1 <= top + 1.0
                    && lines[i].bbox.y0 >= prev_bottom - 1.0
            })
            .collect();
        cands.sort_by(|&a, &b| lines[b].bbox.y1.total_cmp(&lines[a].bbox.y1));
        let mut bottom = top;
        let mut got: Vec<usize> = Vec::new();
        for i in cands {
            let l = &lines[i];
            let gap = bottom - l.bbox.y1;
            if gap > cfg.title_max_gap * l.font_size() {
                break;
            }
            let text = l.text();
            let prefixed = has_title_prefix(&text, cfg);
            if !(l.bold() || prefixed) {
                break;
            }
            got.push(i);
            bottom = l.bbox.y0;
            if prefixed || got.len() >= cfg.title_max_lines {
                break;
            }
        }
        got.reverse();
        let mut s = String::new();
        for &i in &got {
            is_title[i] = true;
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(&lines[i].text());
        }
        title.push(s);
        prev_bottom = t.bbox.y1;
    }
    Titles { title, is_title }
}
