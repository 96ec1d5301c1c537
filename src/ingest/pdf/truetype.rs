//! The Unicode `cmap` of an embedded TrueType program, read backwards (glyph id -> character).
//!
//! Used only when a CID TrueType font has no `/ToUnicode`: its codes are CIDs, CIDs map to glyph
//! ids (`/CIDToGIDMap`), and the font program's own cmap says which character each glyph draws.
//! Subset fonts often drop the cmap; then there is nothing to read and the text stays unknown.

/// Upper bound on characters walked in one cmap, against hostile tables.
const MAX_CODES: u32 = 200_000;

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(at)?, *d.get(at + 1)?]))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *d.get(at)?,
        *d.get(at + 1)?,
        *d.get(at + 2)?,
        *d.get(at + 3)?,
    ]))
}

/// Glyph id -> character, from the best Unicode subtable of the font's cmap.
pub fn glyph_chars(font: &[u8]) -> Option<Vec<Option<char>>> {
    let num_tables = u16_at(font, 4)? as usize;
    let cmap = (0..num_tables.min(64)).find_map(|i| {
        let rec = 12 + 16 * i;
        (font.get(rec..rec + 4)? == b"cmap").then_some(())?;
        let off = u32_at(font, rec + 8)? as usize;
        let len = u32_at(font, rec + 12)? as usize;
        font.get(off..off.checked_add(len)?)
    })?;
    let n = u16_at(cmap, 2)? as usize;
    // Preference: full Unicode (format 12), then BMP (format 4), then the symbol encoding
    // (3,0), whose codes are U+F000 + the one-byte code.
    let mut best: Option<(u8, usize, bool)> = None;
    for i in 0..n.min(64) {
        let rec = 4 + 8 * i;
        let (Some(pid), Some(eid), Some(off)) = (
            u16_at(cmap, rec),
            u16_at(cmap, rec + 2),
            u32_at(cmap, rec + 4),
        ) else {
            break;
        };
        let off = off as usize;
        let Some(format) = u16_at(cmap, off) else {
            continue;
        };
        let rank = match (pid, eid, format) {
            (3, 10, 12) | (0, 4, 12) | (0, 6, 12) => 4,
            (3, 1, 4) | (0, 3, 4) | (0, 1, 4) | (0, 0, 4) => 3,
            (3, 0, 4) => 1,
            _ => 0,
        };
        if rank > 0 && best.is_none_or(|(r, _, _)| rank > r) {
            best = Some((rank, off, pid == 3 && eid == 0));
        }
    }
    let (_, off, symbol) = best?;
    let sub = &cmap[off..];
    let mut out: Vec<Option<char>> = Vec::new();
    let mut put = |gid: u32, code: u32| {
        if gid == 0 || gid > 0xFFFF {
            return;
        }
        let code = if symbol && (0xF000..=0xF0FF).contains(&code) {
            code - 0xF000
        } else {
            code
        };
        let Some(c) = char::from_u32(code) else {
            return;
        };
        let g = gid as usize;
        if out.len() <= g {
            out.resize(g + 1, None);
        }
        // The first (lowest) code wins: 'A' rather than a compatibility duplicate.
        if out[g].is_none() {
            out[g] = Some(c);
        }
    };
    let mut walked = 0u32;
    match u16_at(sub, 0)? {
        4 => {
            let seg_x2 = u16_at(sub, 6)? as usize;
            let ends = 14;
            let starts = ends + seg_x2 + 2;
            let deltas = starts + seg_x2;
            let ranges = deltas + seg_x2;
            for s in 0..seg_x2 / 2 {
                let (Some(end), Some(start), Some(delta), Some(ro)) = (
                    u16_at(sub, ends + 2 * s),
                    u16_at(sub, starts + 2 * s),
                    u16_at(sub, deltas + 2 * s),
                    u16_at(sub, ranges + 2 * s),
                ) else {
                    break;
                };
                if start > end {
                    continue;
                }
                for c in start as u32..=end as u32 {
                    walked += 1;
                    if walked > MAX_CODES || c == 0xFFFF {
                        break;
                    }
                    let gid = if ro == 0 {
                        (c + delta as u32) & 0xFFFF
                    } else {
                        let at = ranges + 2 * s + ro as usize + 2 * (c - start as u32) as usize;
                        match u16_at(sub, at) {
                            Some(0) | None => continue,
                            Some(g) => (g as u32 + delta as u32) & 0xFFFF,
                        }
                    };
                    put(gid, c);
                }
            }
        }
        12 => {
            let groups = u32_at(sub, 12)? as usize;
            for i in 0..groups.min(100_000) {
                let g = 16 + 12 * i;
                let (Some(start), Some(end), Some(gid0)) =
                    (u32_at(sub, g), u32_at(sub, g + 4), u32_at(sub, g + 8))
                else {
                    break;
                };
                if start > end {
                    continue;
                }
                for c in start..=end {
                    walked += 1;
                    if walked > MAX_CODES {
                        break;
                    }
                    put(gid0.saturating_add(c - start), c);
                }
            }
        }
        _ => return None,
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A minimal sfnt holding only a format-4 cmap: 'A'..'C' -> glyphs 1..3 (delta), '0' -> 7
    /// (through the glyph array).
    pub(crate) fn tiny_font() -> Vec<u8> {
        let mut sub = Vec::new();
        let segs: [(u16, u16, i16, u16); 3] = [
            (0x30, 0x30, 0, 1),
            (0x41, 0x43, -0x40, 0),
            (0xFFFF, 0xFFFF, 1, 0),
        ];
        let seg_x2 = (segs.len() * 2) as u16;
        sub.extend_from_slice(&4u16.to_be_bytes());
        sub.extend_from_slice(&0u16.to_be_bytes()); // length, patched below
        sub.extend_from_slice(&0u16.to_be_bytes());
        sub.extend_from_slice(&seg_x2.to_be_bytes());
        sub.extend_from_slice(&[0; 6]);
        for s in &segs {
            sub.extend_from_slice(&s.1.to_be_bytes());
        }
        sub.extend_from_slice(&0u16.to_be_bytes());
        for s in &segs {
            sub.extend_from_slice(&s.0.to_be_bytes());
        }
        for s in &segs {
            sub.extend_from_slice(&s.2.to_be_bytes());
        }
        // idRangeOffset of segment 0 points at the glyph array right after the offsets:
        // (remaining offsets) * 2 bytes from its own position.
        let ro_pos = sub.len();
        for (i, s) in segs.iter().enumerate() {
            let ro = if s.3 == 1 {
                ((segs.len() - i) * 2) as u16
            } else {
                0
            };
            sub.extend_from_slice(&ro.to_be_bytes());
        }
        let _ = ro_pos;
        sub.extend_from_slice(&7u16.to_be_bytes());
        let len = sub.len() as u16;
        sub[2..4].copy_from_slice(&len.to_be_bytes());
        let mut cmap = Vec::new();
        cmap.extend_from_slice(&0u16.to_be_bytes());
        cmap.extend_from_slice(&1u16.to_be_bytes());
        cmap.extend_from_slice(&3u16.to_be_bytes());
        cmap.extend_from_slice(&1u16.to_be_bytes());
        cmap.extend_from_slice(&12u32.to_be_bytes());
        cmap.extend_from_slice(&sub);
        let mut font = Vec::new();
        font.extend_from_slice(&0x0001_0000u32.to_be_bytes());
        font.extend_from_slice(&1u16.to_be_bytes());
        font.extend_from_slice(&[0; 6]);
        font.extend_from_slice(b"cmap");
        font.extend_from_slice(&0u32.to_be_bytes());
        font.extend_from_slice(&28u32.to_be_bytes());
        font.extend_from_slice(&(cmap.len() as u32).to_be_bytes());
        font.extend_from_slice(&cmap);
        font
    }

    #[test]
    fn format4_delta_and_glyph_array() {
        let g = glyph_chars(&tiny_font()).unwrap();
        assert_eq!(g[1], Some('A'));
        assert_eq!(g[3], Some('C'));
        assert_eq!(g[7], Some('0'));
        assert_eq!(g[0], None);
    }

    #[test]
    fn garbage_is_none() {
        assert!(glyph_chars(b"").is_none());
        assert!(glyph_chars(&[0, 1, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0]).is_none());
        let mut f = tiny_font();
        f.truncate(60);
        assert!(glyph_chars(&f).is_none());
    }
}
