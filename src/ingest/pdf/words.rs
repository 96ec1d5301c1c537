//! Glyphs to words: consecutive glyphs (in content order) join into one word while they sit on
//! the same baseline and follow each other without a gap; a space character or a gap wider than
//! a fraction of the font size ends the word. Words never span two lines, because a jump off the
//! baseline also ends them.

use crate::geom::BBox;
use crate::ingest::Word;

/// One shown glyph in page space (top-left origin, y down).
#[derive(Debug, Clone, Copy)]
pub struct GlyphBox {
    /// Extent: advance width by ascent..descent.
    pub bbox: BBox,
    /// Baseline origin.
    pub ox: f32,
    /// Baseline origin.
    pub oy: f32,
    /// Unit vector of the writing direction.
    pub dx: f32,
    /// Unit vector of the writing direction.
    pub dy: f32,
    /// Advance along the writing direction, in points.
    pub adv: f32,
    /// Effective font size in points.
    pub size: f32,
    /// Bold face.
    pub bold: bool,
}

/// Appends glyph text, spelling out the Latin ligature characters (U+FB00..U+FB06) that fonts map
/// "fi", "ffl" etc. to, so words compare and search as typed.
fn push_text(out: &mut String, text: &str) {
    if !text.chars().any(|c| ('\u{FB00}'..='\u{FB06}').contains(&c)) {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            c => out.push(c),
        }
    }
}

struct Current {
    text: String,
    bbox: BBox,
    size: f32,
    bold: u32,
    n: u32,
    last: GlyphBox,
    last_text_start: usize,
}

/// Accumulates words from a stream of glyphs.
pub struct WordBuilder {
    /// Finished words.
    pub words: Vec<Word>,
    /// Per finished word, the unit vector of its writing direction on the page (`[1, 0]` for
    /// upright text), for turning a page whose text runs sideways.
    pub dirs: Vec<[f32; 2]>,
    cur: Option<Current>,
    /// A gap larger than this many font sizes ends a word.
    gap_em: f32,
}

impl WordBuilder {
    /// A builder that splits words at gaps wider than `gap_em` font sizes.
    pub fn new(gap_em: f32) -> Self {
        WordBuilder {
            words: Vec::with_capacity(512),
            dirs: Vec::with_capacity(512),
            cur: None,
            gap_em,
        }
    }

    /// Ends the current word, if any.
    pub fn flush(&mut self) {
        if let Some(c) = self.cur.take() {
            if c.text.chars().any(|ch| !ch.is_whitespace()) {
                self.words.push(Word {
                    text: c.text,
                    bbox: c.bbox,
                    font_size: c.size,
                    bold: c.bold * 2 > c.n,
                    conf: None,
                });
                self.dirs.push([c.last.dx, c.last.dy]);
            }
        }
    }

    fn continues(&self, c: &Current, g: &GlyphBox) -> bool {
        let l = &c.last;
        // Same writing direction.
        if l.dx * g.dx + l.dy * g.dy < 0.98 {
            return false;
        }
        let size = l.size.max(g.size).max(0.1);
        let vx = g.ox - l.ox;
        let vy = g.oy - l.oy;
        let along = vx * l.dx + vy * l.dy;
        let across = -vx * l.dy + vy * l.dx;
        // A rise or drop of a third of the font size is another line (or a super/subscript,
        // which reads better as its own word in a table anyway).
        if across.abs() > 0.35 * size {
            return false;
        }
        let gap = along - l.adv;
        // Glyphs overlapping the previous one by more than its width went backwards: a new run
        // (e.g. text drawn right to left in pieces), not the same word.
        gap <= self.gap_em * size && along >= -0.25 * size
    }

    /// Adds a glyph whose Unicode text is `text` (may be several characters, or empty).
    pub fn push(&mut self, g: &GlyphBox, text: &str) {
        if text.is_empty() {
            return;
        }
        if text.chars().all(char::is_whitespace) {
            self.flush();
            return;
        }
        if let Some(c) = &mut self.cur {
            // The same glyph printed again on top of itself: keep one. A small offset is fake
            // bold (overprinting), so count the glyph as bold then.
            let l = &c.last;
            if (g.ox - l.ox).abs() < 0.1 * g.size
                && (g.oy - l.oy).abs() < 0.1 * g.size
                && c.text.get(c.last_text_start..) == Some(text)
            {
                if (g.ox != l.ox || g.oy != l.oy) && !c.last.bold {
                    c.last.bold = true;
                    c.bold += 1;
                }
                return;
            }
        }
        let joins = match &self.cur {
            Some(c) => self.continues(c, g),
            None => false,
        };
        if !joins {
            self.flush();
            self.cur = Some(Current {
                text: String::with_capacity(16),
                bbox: g.bbox,
                size: g.size,
                bold: 0,
                n: 0,
                last: *g,
                last_text_start: 0,
            });
        }
        let Some(c) = self.cur.as_mut() else {
            return;
        };
        c.last_text_start = c.text.len();
        push_text(&mut c.text, text);
        c.bbox = c.bbox.union(&g.bbox);
        c.size = c.size.max(g.size);
        c.n += 1;
        if g.bold {
            c.bold += 1;
        }
        c.last = *g;
    }

    /// Finishes and returns the words with their writing directions (see [`WordBuilder::dirs`]).
    pub fn finish_with_dirs(mut self) -> (Vec<Word>, Vec<[f32; 2]>) {
        self.flush();
        (self.words, self.dirs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(x: f32, y: f32, w: f32) -> GlyphBox {
        GlyphBox {
            bbox: BBox::new(x, y - 8.0, x + w, y + 2.0),
            ox: x,
            oy: y,
            dx: 1.0,
            dy: 0.0,
            adv: w,
            size: 10.0,
            bold: false,
        }
    }

    #[test]
    fn splits_at_spaces_gaps_and_lines() {
        let mut b = WordBuilder::new(0.2);
        b.push(&g(0.0, 10.0, 5.0), "a");
        b.push(&g(5.0, 10.0, 5.0), "\u{FB01}");
        b.push(&g(10.0, 10.0, 3.0), " ");
        b.push(&g(13.0, 10.0, 5.0), "c");
        // 1pt gap at 10pt: same word.
        b.push(&g(19.0, 10.0, 5.0), "d");
        // 3pt gap: new word.
        b.push(&g(27.0, 10.0, 5.0), "e");
        // Next line, contiguous x: new word.
        b.push(&g(32.0, 22.0, 5.0), "f");
        // Fake bold duplicate is dropped, and makes the word bold.
        b.push(&g(32.2, 22.0, 5.0), "f");
        let (w, dirs) = b.finish_with_dirs();
        assert_eq!(dirs, vec![[1.0, 0.0]; 4]);
        assert!(w[3].bold && !w[2].bold);
        let t: Vec<&str> = w.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(t, vec!["afi", "cd", "e", "f"]);
        assert_eq!(w[0].bbox.x0, 0.0);
        assert_eq!(w[0].bbox.x1, 10.0);
    }
}
