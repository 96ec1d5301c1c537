//! Where a table's header ends: after the row of column numbers (`1 2 3 ... 16`) when there is
//! one, else after the leading bold rows that carry no amounts or codes.

use crate::extracted::Cell;

/// `7`, `(7)`, `7.` — a column number as printed in a header's numbering row.
fn column_number(s: &str) -> Option<u32> {
    let t = s
        .trim()
        .trim_start_matches('(')
        .trim_end_matches([')', '.']);
    if t.is_empty() || t.len() > 3 || !t.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// The row numbers its columns `1 2 3 ...` (at least three numbers, all increasing, starting
/// small; a few cells may be empty where a column has no number).
pub(crate) fn is_number_row(row: &[Cell]) -> bool {
    let mut nums = Vec::new();
    for c in row {
        let t = c.text.trim();
        if t.is_empty() {
            continue;
        }
        match column_number(t) {
            Some(n) => nums.push(n),
            None => return false,
        }
    }
    nums.len() >= 3 && nums[0] <= 2 && nums.windows(2).all(|w| w[1] > w[0])
}

/// A body value rather than a header label: an amount with separators (`13,319,369,434`), a
/// code (`2.07.01`), a percentage.
fn looks_like_value(s: &str) -> bool {
    let t = s.trim();
    let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return false;
    }
    let numeric = t
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | '-' | ' '));
    // Years (2019 ... 2030) and column numbers are header labels.
    let year_or_small = t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit());
    numeric && !year_or_small
}

/// Cell `c` of `row` covers at least 80% of the row's width.
fn spans_table(row: &[Cell], c: usize) -> bool {
    let (Some(first), Some(last)) = (
        row.first().and_then(|x| x.bbox),
        row.last().and_then(|x| x.bbox),
    ) else {
        return false;
    };
    let width = (last.x1 - first.x0).max(1.0);
    row[c].bbox.is_some_and(|b| b.width() >= 0.8 * width)
}

/// Number of header rows at the top of `rows`; `centered[r][c]` says whether a cell's text is
/// centred in it (header labels are; a bold body row such as a section name is not).
pub(crate) fn header_len(rows: &[Vec<Cell>], centered: &[Vec<bool>], max_rows: usize) -> usize {
    let lim = rows.len().min(max_rows);
    if let Some(i) = rows[..lim].iter().position(|r| is_number_row(r)) {
        return i + 1;
    }
    let mut n = 0;
    for (ri, r) in rows[..lim].iter().enumerate() {
        let filled: Vec<usize> = (0..r.len())
            .filter(|&c| !r[c].text.trim().is_empty())
            .collect();
        if filled.is_empty() {
            n += 1;
            continue;
        }
        let cent = filled
            .iter()
            .filter(|&&c| {
                centered
                    .get(ri)
                    .and_then(|x| x.get(c))
                    .copied()
                    .unwrap_or(true)
            })
            .count();
        // Below the first header row, one label across the whole table is a section row of
        // the body (`KETENAGAKERJAAN`), not a header.
        let section = n > 0 && filled.len() == 1 && spans_table(r, filled[0]);
        if filled.iter().all(|&c| r[c].bold)
            && !filled.iter().any(|&c| looks_like_value(&r[c].text))
            // The first row of a table is its header when bold; below it, centring tells
            // header labels from bold body rows.
            && (n == 0 || cent * 2 >= filled.len())
            && !section
        {
            n += 1;
        } else {
            break;
        }
    }
    // Leading rows that are all empty are not a header on their own.
    if rows[..n]
        .iter()
        .all(|r| r.iter().all(|c| c.text.trim().is_empty()))
    {
        return 0;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[(&str, bool)]) -> Vec<Cell> {
        cells
            .iter()
            .map(|(t, b)| Cell {
                text: t.to_string(),
                bold: *b,
                ..Default::default()
            })
            .collect()
    }

    #[test]
    fn number_row_ends_header() {
        let rows = vec![
            row(&[("No", true), ("Uraian", true), ("Target", true)]),
            row(&[("1", true), ("2", true), ("3", true)]),
            row(&[("1", false), ("Program A", false), ("100", false)]),
        ];
        assert_eq!(header_len(&rows, &[], 6), 2);
        assert!(is_number_row(&row(&[
            ("(1)", false),
            ("(2)", false),
            ("(3)", false)
        ])));
        assert!(!is_number_row(&row(&[
            ("1", false),
            ("Program", false),
            ("3", false)
        ])));
    }

    #[test]
    fn bold_rows_without_values_are_header() {
        let rows = vec![
            row(&[("Kode", true), ("Uraian", true), ("Pagu", true)]),
            row(&[("", false), ("2022", true), ("2023", true)]),
            row(&[("2.07", true), ("PROGRAM", true), ("1,000,000", true)]),
        ];
        assert_eq!(header_len(&rows, &[], 6), 2);
    }

    #[test]
    fn bold_left_aligned_section_row_is_not_header() {
        let rows = vec![
            row(&[("Tujuan", true), ("Indikator", true)]),
            row(&[("KETENAGAKERJAAN", true), ("", false)]),
        ];
        let cent = vec![vec![false, false], vec![false, true]];
        assert_eq!(header_len(&rows, &cent, 6), 1);
    }

    #[test]
    fn centred_section_row_spanning_the_table_is_body() {
        use crate::geom::BBox;
        let cell = |t: &str, x0: f32, x1: f32| Cell {
            text: t.into(),
            bold: true,
            bbox: Some(BBox::new(x0, 0.0, x1, 10.0)),
            ..Default::default()
        };
        let rows = vec![
            vec![cell("Tujuan", 0.0, 50.0), cell("Indikator", 50.0, 100.0)],
            vec![
                cell("URUSAN TENAGA KERJA", 0.0, 100.0),
                cell("", 50.0, 100.0),
            ],
        ];
        assert_eq!(header_len(&rows, &[], 6), 1);
    }

    #[test]
    fn plain_first_row_is_not_header() {
        let rows = vec![row(&[("1", false), ("Program A", false), ("100", false)])];
        assert_eq!(header_len(&rows, &[], 6), 0);
    }
}
