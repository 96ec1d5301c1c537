//! Text lines outside tables to paragraphs: a PDF has no paragraph marks, only lines, so wrapped
//! lines are joined back by their spacing, page and the tables between them.

use super::config::LayoutRules;
use crate::extracted::Paragraph;
use regex::Regex;

/// Where one text line was found, kept beside `LayoutBuilder::text`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LinePlace {
    /// 1-based page.
    pub page: u32,
    /// Top and bottom of the line (page points, y down).
    pub y0: f32,
    pub y1: f32,
    /// Left and right end of the line.
    pub x0: f32,
    pub x1: f32,
    /// Tables started (stitched count) before the line.
    pub tables_before: usize,
}

/// Joins lines into paragraphs. A line starts a new paragraph when a table came in between,
/// when the gap above it is larger than `paragraph_gap` line heights, when it matches a
/// paragraph-start pattern (list item, heading), when the line above ends with a colon or stops
/// well short of the page's text width (the last line of a paragraph, a heading) and this one
/// starts with a capital, or at a page break unless it continues a sentence (starts in lower
/// case).
pub(crate) fn paragraphs(
    text: &[String],
    places: &[LinePlace],
    cfg: &LayoutRules,
) -> Vec<Paragraph> {
    let starts = cfg.paragraph_start_regexes();
    // The text block of each page: leftmost start and rightmost end of its lines.
    let mut block: std::collections::BTreeMap<u32, (f32, f32)> = Default::default();
    for p in places {
        let b = block.entry(p.page).or_insert((p.x0, p.x1));
        b.0 = b.0.min(p.x0);
        b.1 = b.1.max(p.x1);
    }
    let mut out: Vec<Paragraph> = Vec::new();
    let mut prev: Option<(&str, LinePlace)> = None;
    for (t, p) in text.iter().zip(places) {
        let t = t.trim();
        if t.is_empty() {
            continue;
        }
        let joins = match prev {
            None => false,
            Some((pt, pp)) => {
                let (left, right) = block.get(&pp.page).copied().unwrap_or((pp.x0, pp.x1));
                let short = pp.x1 < left + cfg.paragraph_short_line * (right - left);
                let capital = t.chars().next().is_some_and(|c| c.is_uppercase());
                !(short && capital) && continues(pt, &pp, t, p, cfg, &starts)
            }
        };
        match out.last_mut() {
            Some(last) if joins => {
                last.text.push(' ');
                last.text.push_str(t);
            }
            _ => out.push(Paragraph {
                text: t.to_string(),
                page: p.page,
                after_table: p.tables_before.checked_sub(1),
            }),
        }
        prev = Some((t, *p));
    }
    out
}

/// Whether line `t` (at `p`) continues the paragraph whose last line is `pt` (at `pp`).
fn continues(
    pt: &str,
    pp: &LinePlace,
    t: &str,
    p: &LinePlace,
    cfg: &LayoutRules,
    starts: &[Regex],
) -> bool {
    if pp.tables_before != p.tables_before
        || pt.ends_with(':')
        || starts.iter().any(|r| r.is_match(t))
    {
        return false;
    }
    let lower_start = t.chars().next().is_some_and(|c| c.is_lowercase());
    if pp.page != p.page {
        return lower_start;
    }
    let height = (pp.y1 - pp.y0).min(p.y1 - p.y0).max(1.0);
    let gap = p.y0 - pp.y1;
    gap >= -0.5 * height && gap <= cfg.paragraph_gap * height
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(page: u32, y0: f32, tables_before: usize) -> LinePlace {
        LinePlace {
            page,
            y0,
            y1: y0 + 10.0,
            x0: 50.0,
            x1: 500.0,
            tables_before,
        }
    }

    #[test]
    fn wrapped_lines_join_and_list_items_split() {
        let text: Vec<String> = [
            "Berdasarkan Tabel 2.1 dapat dijelaskan bahwa :",
            "1. Total realisasi keuangan sebesar Rp. 4.771.486.350 dari",
            "total pagu Renja sebesar Rp. 9.239.089.578",
            "2. Rata-rata capaian",
            "Paragraf baru setelah jarak.",
            "lanjutan di halaman berikut",
            "Judul di halaman berikut",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let places = [
            at(3, 100.0, 1),
            at(3, 112.0, 1),
            at(3, 124.0, 1),
            at(3, 136.0, 1),
            at(3, 170.0, 1),
            at(4, 60.0, 1),
            at(5, 60.0, 1),
        ];
        let ps = paragraphs(&text, &places, &LayoutRules::default());
        let got: Vec<(&str, u32, Option<usize>)> = ps
            .iter()
            .map(|p| (p.text.as_str(), p.page, p.after_table))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Berdasarkan Tabel 2.1 dapat dijelaskan bahwa :", 3, Some(0)),
                (
                    "1. Total realisasi keuangan sebesar Rp. 4.771.486.350 dari total pagu Renja sebesar Rp. 9.239.089.578",
                    3,
                    Some(0)
                ),
                ("2. Rata-rata capaian", 3, Some(0)),
                (
                    "Paragraf baru setelah jarak. lanjutan di halaman berikut",
                    3,
                    Some(0)
                ),
                ("Judul di halaman berikut", 5, Some(0)),
            ]
        );
    }

    #[test]
    fn a_short_line_before_a_capital_ends_a_paragraph() {
        let text: Vec<String> = [
            "2.2 Analisis Kinerja Pelayanan",
            "Peraturan Bupati Paser Nomor 17 Tahun 2020 tentang kedudukan, susunan",
            "organisasi dinas, mempunyai tugas melaksanakan urusan pemerintahan dan",
            "Kabupaten Paser sesuai dengan prinsip otonomi.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut places = [
            at(3, 100.0, 0),
            at(3, 112.0, 0),
            at(3, 124.0, 0),
            at(3, 136.0, 0),
        ];
        places[0].x1 = 220.0;
        let ps = paragraphs(&text, &places, &LayoutRules::default());
        let got: Vec<&str> = ps.iter().map(|p| p.text.as_str()).collect();
        // A full-width line before a capital (a name) still continues the paragraph.
        assert_eq!(
            got,
            vec![
                "2.2 Analisis Kinerja Pelayanan",
                "Peraturan Bupati Paser Nomor 17 Tahun 2020 tentang kedudukan, susunan organisasi dinas, mempunyai tugas melaksanakan urusan pemerintahan dan Kabupaten Paser sesuai dengan prinsip otonomi.",
            ]
        );
    }

    #[test]
    fn a_table_between_lines_splits_them() {
        let text = vec!["sebelum".to_string(), "sesudah".to_string()];
        let ps = paragraphs(
            &text,
            &[at(1, 100.0, 0), at(1, 112.0, 1)],
            &LayoutRules::default(),
        );
        assert_eq!(ps.len(), 2);
        assert_eq!(ps[0].after_table, None);
        assert_eq!(ps[1].after_table, Some(0));
    }
}
