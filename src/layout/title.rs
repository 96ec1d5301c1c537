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

/// The line starts with one of the title words (`Tabel 2.4 ...`), capitalised (`Tabel`,
/// `TABEL`): a paragraph line that happens to start with `tabel berikut` is not a title.
pub(crate) fn has_title_prefix(line: &str, cfg: &LayoutRules) -> bool {
    let first = line
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches([':', '.']);
    first.chars().next().is_some_and(char::is_uppercase)
        && cfg.title_prefixes.contains(&first.to_lowercase())
}

/// Some gap between the line's words is wider than `title_word_gap` font sizes.
fn spread(l: &Line, cfg: &LayoutRules) -> bool {
    let gap = cfg.title_word_gap * l.font_size();
    l.words
        .windows(2)
        .any(|w| w[1].bbox.x0 - w[0].bbox.x1 > gap)
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
        let near = close_block(lines, cands, top, cfg);
        let mut s = String::new();
        for &i in near[..title_len(lines, &near, cfg)].iter().rev() {
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

/// The lines of `order` (nearest the table first, from `start` away) that stand close
/// together: each within `title_max_gap` line heights of the one before, at most
/// `title_max_lines`.
fn close_block(
    lines: &[Line],
    order: impl IntoIterator<Item = usize>,
    start: f32,
    cfg: &LayoutRules,
) -> Vec<usize> {
    let mut edge = start;
    let mut near: Vec<usize> = Vec::new();
    for i in order {
        let l = &lines[i];
        // No edge to measure from at a page's foot: the lowest line starts the block.
        if (edge.is_finite() && edge - l.bbox.y1 > cfg.title_max_gap * l.font_size())
            || near.len() >= cfg.title_max_lines
        {
            break;
        }
        near.push(i);
        edge = l.bbox.y0;
    }
    near
}

/// How many of the close lines `near` (nearest the table first) are its title: up to the
/// nearest `Tabel ...` line whatever the weight of the lines between (a plain second title
/// line, `TAHUN 2022`); without one, the bold lines. A bold line spread over the width like
/// table cells (`PD ... PD`, the tail of a row Chromium broke over the page) is a row
/// fragment, not a title.
fn title_len(lines: &[Line], near: &[usize], cfg: &LayoutRules) -> usize {
    match near
        .iter()
        .position(|&i| has_title_prefix(&lines[i].text(), cfg))
    {
        Some(k) => k + 1,
        None => near
            .iter()
            .take_while(|&&i| lines[i].bold() && !spread(&lines[i], cfg))
            .count(),
    }
}

/// Of the lines that end a page after its last table (`trailing`, in reading order), how many
/// at the end form a title block for the table at the top of the next page, read as [`assign`]
/// reads the lines above a table. `None` when there is none.
pub(crate) fn trailing_title(
    lines: &[Line],
    trailing: &[usize],
    cfg: &LayoutRules,
) -> Option<usize> {
    let near = close_block(lines, trailing.iter().rev().copied(), f32::INFINITY, cfg);
    let n = title_len(lines, &near, cfg);
    (n > 0).then_some(n)
}

/// Moves leading rows that are one cell spanning (nearly) the whole table and starting with a
/// title word (`Tabel 2.1 ...` printed as the table's first row) out of the rows into
/// `caption`.
pub(crate) fn take_caption(t: &mut PageTable, cfg: &LayoutRules) {
    let width = t.bbox.width().max(1.0);
    let mut n = 0;
    let mut caption = String::new();
    for row in &t.rows {
        let filled: Vec<&crate::extracted::Cell> =
            row.iter().filter(|c| !c.text.trim().is_empty()).collect();
        let [cell] = filled.as_slice() else {
            break;
        };
        let spans = cell.bbox.is_some_and(|b| b.width() >= 0.8 * width);
        if !spans || !(has_title_prefix(&cell.text, cfg) || (n > 0 && cell.bold)) {
            break;
        }
        if !caption.is_empty() {
            caption.push(' ');
        }
        caption.push_str(cell.text.trim());
        n += 1;
    }
    if n > 0 && n < t.rows.len() {
        t.rows.drain(..n);
        t.centered.drain(..n.min(t.centered.len()));
        t.caption = caption;
    }
}
