//! Where a table's header ends: after the row of column numbers (`1 2 3 ... 16`) when there is
//! one, else after the leading bold rows that carry no amounts or codes.

use super::config::LayoutRules;
use crate::extracted::Cell;

/// The row numbers its columns `1 2 3 ...`; the same test the text export applies, so a table
/// read from a PDF ends its header where its text export does (a numbering that starts at `5`
/// over unnumbered code columns counts).
pub(crate) fn is_number_row(row: &[Cell]) -> bool {
    crate::extracted::is_column_number_row(row)
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
        // Unit labels under the numbering (`K Rp K Rp`) still belong to the header.
        let mut end = i + 1;
        while end < rows.len() && end < max_rows && crate::extracted::is_unit_label_row(&rows[end])
        {
            end += 1;
        }
        return end;
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
        // Header labels are words or years; a bold row of bare code segments and dashes
        // (`2 01 2 - - -`, a program row) is body.
        let wordless = filled.iter().all(|&c| {
            let t = r[c].text.trim();
            let year = t.len() == 4 && t.starts_with("20");
            !(year || t.chars().any(char::is_alphabetic))
        });
        if filled.iter().all(|&c| r[c].bold)
            && !filled.iter().any(|&c| looks_like_value(&r[c].text))
            && !wordless
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

/// [`header_len`], or when that finds no header, the rows above the first body row (a code, an
/// amount) within `header_plain_depth` rows, as the text export reads a header that is neither bold nor
/// numbered (`(5) (6) ... K RP` is not a numbering row).
pub(crate) fn header_len_or_leading(
    rows: &[Vec<Cell>],
    centered: &[Vec<bool>],
    titled: bool,
    cfg: &LayoutRules,
) -> usize {
    let max_rows = cfg.header_max_rows;
    let n = header_len(rows, centered, max_rows);
    if n > 0 {
        return n;
    }
    // Header labels are words over several columns; a leading fragment of a wrapped body cell
    // is not a header.
    let labels = |r: &Vec<Cell>| {
        r.iter().filter(|c| !c.text.trim().is_empty()).count() >= 2
            && r.iter().any(|c| c.text.chars().any(char::is_alphabetic))
            && !r.iter().any(|c| looks_like_value(&c.text))
    };
    // `plain_depth` rows deep, as the text export looks; deeper only under a header that opens
    // with a header word (`Kode`, `No`), whose tiers may run to `max_rows`.
    let opens_header = rows
        .first()
        .is_some_and(|r| opens_with(r, &cfg.header_lead_words));
    let depth = if opens_header {
        max_rows + 1
    } else {
        cfg.header_plain_depth
    };
    match rows
        .iter()
        .take(depth)
        .position(|r| crate::extracted::looks_like_body_row(r))
    {
        // A header starts in the first column; the tail of a wrapped body cell left above a
        // page's first row sits in the columns further right.
        Some(k) if rows[..k].iter().all(labels) && starts_left(&rows[0]) => k,
        Some(_) => 0,
        // No code or amount below: a table of words, whose first row is its header when a
        // title stands above it (an untitled one may be a piece that failed to stitch).
        None => usize::from(titled && rows.first().is_some_and(labels)),
    }
}

/// The row's first text is one of `lead_words` (`Kode`, `No`, `Kode/Rekening`): a header row.
pub(crate) fn opens_with(r: &[Cell], lead_words: &[String]) -> bool {
    let f = r
        .iter()
        .map(|c| c.text.trim().to_lowercase())
        .find(|t| !t.is_empty())
        .unwrap_or_default();
    lead_words.iter().any(|w| {
        f.strip_prefix(w.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '/', '.']))
    })
}

fn starts_left(r: &[Cell]) -> bool {
    r.first().is_some_and(|c| !c.text.trim().is_empty())
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

    #[test]
    fn numbering_over_unnumbered_columns_and_unit_labels_end_the_header() {
        // 001's evaluation form: the code columns carry no number, the numbering starts at 5,
        // and a `K Rp` row sits under it; none of it bold (a re-typed or scanned header).
        let rows = vec![
            row(&[
                ("Kode", false),
                ("Program", false),
                ("Target", false),
                ("", false),
            ]),
            row(&[
                ("", false),
                ("", false),
                ("5", false),
                ("6", false),
                ("7", false),
            ]),
            row(&[
                ("", false),
                ("", false),
                ("K", false),
                ("Rp", false),
                ("K", false),
            ]),
            row(&[
                ("2.07", false),
                ("PROGRAM", false),
                ("100", false),
                ("1.000", false),
            ]),
        ];
        assert_eq!(header_len(&rows, &[], 6), 3);
    }

    #[test]
    fn a_bold_row_of_code_segments_is_body() {
        let rows = vec![
            row(&[
                ("Kode", true),
                ("", true),
                ("Uraian", true),
                ("Target", true),
            ]),
            row(&[("2", true), ("01", true), ("2", true), ("-", true)]),
        ];
        assert_eq!(header_len(&rows, &[], 6), 1);
    }

    #[test]
    fn a_plain_header_ends_above_the_first_coded_row() {
        let cfg = LayoutRules::default();
        // 003's Tabel 2.1: `(5) (6) K RP` is no numbering row, nothing is bold.
        let rows = vec![
            row(&[
                ("Kode", false),
                ("Program", false),
                ("Target", false),
                ("", false),
            ]),
            row(&[("", false), ("", false), ("(5)", false), ("K", false)]),
            row(&[("", false), ("", false), ("K", false), ("RP", false)]),
            row(&[
                ("2.07.001", false),
                ("PROGRAM", false),
                ("70", false),
                ("74605602", false),
            ]),
        ];
        assert_eq!(header_len_or_leading(&rows, &[], false, &cfg), 3);
        // Body rows of words and amounts above a coded row are not a header.
        let body = vec![
            row(&[
                ("Pelatihan", false),
                ("50 Orang", false),
                ("22. 000.000", false),
            ]),
            row(&[("2.07.01", false), ("X", false), ("230.000.000", false)]),
        ];
        assert_eq!(header_len_or_leading(&body, &[], true, &cfg), 0);
        // The tail of a wrapped cell above a page's first row is not a header either.
        let tail = vec![
            row(&[("", false), ("bagi Pencari", false), ("kerja", false)]),
            row(&[("2.07.01", false), ("X", false), ("230.000.000", false)]),
        ];
        assert_eq!(header_len_or_leading(&tail, &[], false, &cfg), 0);
    }
}
