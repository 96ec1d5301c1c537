//! CMaps: ToUnicode maps (code -> Unicode) and embedded encoding CMaps (code -> CID, plus the
//! codespace that says how many bytes a code takes).
//!
//! lopdf has a ToUnicode parser, but it expands every range into a reverse map while parsing
//! (a hostile `<00000000> <FFFFFFFF>` range would run for minutes) and only exposes it through
//! its own string decoder. Ours keeps ranges as ranges and answers one code at a time.

use super::lexer::{Lexer, Operand};

/// A codespace range: codes of `len` bytes whose every byte lies within `lo[i]..=hi[i]`.
#[derive(Debug, Clone, Copy)]
struct CodeSpace {
    len: u8,
    lo: [u8; 4],
    hi: [u8; 4],
}

/// What a range maps to.
#[derive(Debug, Clone, Copy)]
enum Target {
    /// UTF-16 units `pool[start..start+n]`, the last unit incremented by `code - lo`.
    Inc { start: u32, n: u16 },
    /// One UTF-16 sequence per code: `items[start + (code - lo)]`.
    Arr { start: u32, count: u32 },
    /// A CID, incremented by `code - lo` (cidrange / cidchar).
    Cid(u32),
}

#[derive(Debug, Clone, Copy)]
struct Range {
    len: u8,
    lo: u32,
    hi: u32,
    target: Target,
}

/// A parsed CMap.
#[derive(Debug, Default, Clone)]
pub struct CMap {
    spaces: Vec<CodeSpace>,
    /// Unicode ranges (bfchar/bfrange), sorted by (len, lo).
    uni: Vec<Range>,
    /// CID ranges (cidchar/cidrange), sorted by (len, lo).
    cid: Vec<Range>,
    pool: Vec<u16>,
    items: Vec<(u32, u16)>,
}

/// Caps that keep a hostile CMap from costing more than a real one ever needs.
const MAX_ENTRIES: usize = 200_000;

fn code_of(b: &[u8]) -> (u8, u32) {
    let n = b.len().min(4);
    let mut v = 0u32;
    for &x in &b[b.len() - n..] {
        v = v << 8 | x as u32;
    }
    (n as u8, v)
}

fn utf16_units(b: &[u8]) -> impl Iterator<Item = u16> + '_ {
    b.chunks(2).map(|c| {
        if c.len() == 2 {
            (c[0] as u16) << 8 | c[1] as u16
        } else {
            c[0] as u16
        }
    })
}

impl CMap {
    /// Parses CMap program text. Unknown or malformed parts are skipped: a partly readable map
    /// is better than none.
    pub fn parse(data: &[u8]) -> CMap {
        let mut m = CMap::default();
        let mut lx = Lexer::new(data);
        let mut entries = 0usize;
        while let Some(op) = lx.next_op() {
            let ops = &lx.operands;
            match op {
                b"endcodespacerange" => {
                    for pair in ops.chunks(2) {
                        if let [Operand::Str(a, b), Operand::Str(c, d)] = pair {
                            let lo = lx.str_bytes(*a, *b);
                            let hi = lx.str_bytes(*c, *d);
                            if lo.is_empty() || lo.len() > 4 || lo.len() != hi.len() {
                                continue;
                            }
                            let mut cs = CodeSpace {
                                len: lo.len() as u8,
                                lo: [0; 4],
                                hi: [0; 4],
                            };
                            cs.lo[..lo.len()].copy_from_slice(lo);
                            cs.hi[..hi.len()].copy_from_slice(hi);
                            m.spaces.push(cs);
                        }
                    }
                }
                b"endbfchar" => {
                    for pair in ops.chunks(2) {
                        if entries >= MAX_ENTRIES {
                            break;
                        }
                        if let [Operand::Str(a, b), Operand::Str(c, d)] = pair {
                            let src = lx.str_bytes(*a, *b);
                            if src.is_empty() {
                                continue;
                            }
                            let (len, code) = code_of(src);
                            let start = m.pool.len() as u32;
                            m.pool.extend(utf16_units(lx.str_bytes(*c, *d)));
                            let n = (m.pool.len() as u32 - start) as u16;
                            m.uni.push(Range {
                                len,
                                lo: code,
                                hi: code,
                                target: Target::Inc { start, n },
                            });
                            entries += 1;
                        }
                    }
                }
                b"endbfrange" => {
                    let mut i = 0;
                    while i + 2 < ops.len() && entries < MAX_ENTRIES {
                        let (Operand::Str(a, b), Operand::Str(c, d)) = (ops[i], ops[i + 1]) else {
                            i += 1;
                            continue;
                        };
                        let lo_b = lx.str_bytes(a, b);
                        let hi_b = lx.str_bytes(c, d);
                        if lo_b.is_empty() || hi_b.is_empty() {
                            i += 2;
                            continue;
                        }
                        let (len, lo) = code_of(lo_b);
                        let (_, hi) = code_of(hi_b);
                        match ops[i + 2] {
                            Operand::Str(e, f) => {
                                let start = m.pool.len() as u32;
                                m.pool.extend(utf16_units(lx.str_bytes(e, f)));
                                let n = (m.pool.len() as u32 - start) as u16;
                                if hi >= lo && n > 0 {
                                    m.uni.push(Range {
                                        len,
                                        lo,
                                        hi,
                                        target: Target::Inc { start, n },
                                    });
                                    entries += 1;
                                }
                                i += 3;
                            }
                            Operand::ArrBegin => {
                                let start = m.items.len() as u32;
                                let mut j = i + 3;
                                while j < ops.len() {
                                    match ops[j] {
                                        Operand::ArrEnd => break,
                                        Operand::Str(e, f) => {
                                            let s = m.pool.len() as u32;
                                            m.pool.extend(utf16_units(lx.str_bytes(e, f)));
                                            let n = (m.pool.len() as u32 - s) as u16;
                                            m.items.push((s, n));
                                            entries += 1;
                                        }
                                        _ => {}
                                    }
                                    j += 1;
                                }
                                let count = m.items.len() as u32 - start;
                                if hi >= lo {
                                    m.uni.push(Range {
                                        len,
                                        lo,
                                        hi,
                                        target: Target::Arr { start, count },
                                    });
                                }
                                i = j + 1;
                            }
                            _ => i += 3,
                        }
                    }
                }
                b"endcidrange" => {
                    for t in ops.chunks(3) {
                        if let [Operand::Str(a, b), Operand::Str(c, d), Operand::Num(cid)] = t {
                            let lo_b = lx.str_bytes(*a, *b);
                            let hi_b = lx.str_bytes(*c, *d);
                            if lo_b.is_empty() || hi_b.is_empty() || *cid < 0.0 {
                                continue;
                            }
                            let (len, lo) = code_of(lo_b);
                            let (_, hi) = code_of(hi_b);
                            if hi >= lo {
                                m.cid.push(Range {
                                    len,
                                    lo,
                                    hi,
                                    target: Target::Cid(*cid as u32),
                                });
                            }
                        }
                    }
                }
                b"endcidchar" => {
                    for t in ops.chunks(2) {
                        if let [Operand::Str(a, b), Operand::Num(cid)] = t {
                            let src = lx.str_bytes(*a, *b);
                            if src.is_empty() || *cid < 0.0 {
                                continue;
                            }
                            let (len, code) = code_of(src);
                            m.cid.push(Range {
                                len,
                                lo: code,
                                hi: code,
                                target: Target::Cid(*cid as u32),
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        // Stable sort: of two entries for the same code, the later one wins in `find`.
        m.uni.sort_by_key(|r| (r.len, r.lo));
        m.cid.sort_by_key(|r| (r.len, r.lo));
        m
    }

    /// Whether the map defines a codespace.
    pub fn has_codespace(&self) -> bool {
        !self.spaces.is_empty()
    }

    /// Whether the map has any Unicode entries.
    pub fn has_unicode(&self) -> bool {
        !self.uni.is_empty()
    }

    /// The largest `len`-byte code with a Unicode mapping.
    pub fn max_unicode_code(&self, len: u8) -> Option<u32> {
        self.uni.iter().filter(|r| r.len == len).map(|r| r.hi).max()
    }

    /// The byte length of the code starting at `bytes[0]` per the codespace ranges, or `None`
    /// when no range matches.
    pub fn code_len(&self, bytes: &[u8]) -> Option<usize> {
        for cs in &self.spaces {
            let n = cs.len as usize;
            if bytes.len() < n {
                continue;
            }
            if bytes[..n]
                .iter()
                .zip(cs.lo.iter().zip(cs.hi.iter()))
                .all(|(b, (lo, hi))| (lo..=hi).contains(&b))
            {
                return Some(n);
            }
        }
        None
    }

    fn find(ranges: &[Range], len: u8, code: u32) -> Option<&Range> {
        // Index of the first range after (len, code).
        let idx = ranges.partition_point(|r| (r.len, r.lo) <= (len, code));
        // Walk back over earlier ranges of the same length: ranges are few per length and
        // overlapping ones are rare, so this is short in practice.
        ranges[..idx]
            .iter()
            .rev()
            .take_while(|r| r.len == len)
            .take(8)
            .find(|r| r.hi >= code)
    }

    /// Appends the Unicode text for `code` (of `len` bytes) to `out`; false when unmapped.
    pub fn unicode(&self, len: u8, code: u32, out: &mut String) -> bool {
        let Some(r) = Self::find(&self.uni, len, code) else {
            return false;
        };
        let off = code - r.lo;
        let (start, n, inc) = match r.target {
            Target::Inc { start, n } => (start, n, off),
            Target::Arr { start, count } => {
                if off >= count {
                    return false;
                }
                let (s, n) = self.items[(start + off) as usize];
                (s, n, 0)
            }
            Target::Cid(_) => return false,
        };
        let units = &self.pool[start as usize..start as usize + n as usize];
        let Some((last, head)) = units.split_last() else {
            return false;
        };
        let last = last.wrapping_add(inc as u16);
        let before = out.len();
        for c in char::decode_utf16(head.iter().copied().chain(std::iter::once(last))) {
            match c {
                // Mapping to NUL or to a lone surrogate is a broken map: report unmapped.
                Ok('\0') | Err(_) => {}
                Ok(c) => out.push(c),
            }
        }
        out.len() > before
    }

    /// The CID for `code` per cidrange/cidchar entries.
    pub fn cid(&self, len: u8, code: u32) -> Option<u32> {
        let r = Self::find(&self.cid, len, code)?;
        match r.target {
            Target::Cid(base) => Some(base.saturating_add(code - r.lo)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar <0003> <0020> <0031> <004B> <0050> <D835DC00>
endbfchar
2 beginbfrange <0010> <0012> <0030> <0020> <0022> [<0041> <00660069> <0043>]
endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end";

    fn uni(m: &CMap, code: u32) -> String {
        let mut s = String::new();
        m.unicode(2, code, &mut s);
        s
    }

    #[test]
    fn bfchar_bfrange_array_and_surrogates() {
        let m = CMap::parse(SAMPLE);
        assert_eq!(uni(&m, 3), " ");
        assert_eq!(uni(&m, 0x31), "K");
        assert_eq!(uni(&m, 0x50), "\u{1D400}");
        assert_eq!(uni(&m, 0x10), "0");
        // Inclusive range end.
        assert_eq!(uni(&m, 0x12), "2");
        assert_eq!(uni(&m, 0x13), "");
        assert_eq!(uni(&m, 0x20), "A");
        assert_eq!(uni(&m, 0x21), "fi");
        assert_eq!(uni(&m, 0x22), "C");
        assert_eq!(m.code_len(&[0, 3]), Some(2));
        assert_eq!(m.code_len(&[0]), None);
        // A one-byte code is not the two-byte code with the same value.
        let mut s = String::new();
        assert!(!m.unicode(1, 3, &mut s));
    }

    #[test]
    fn huge_range_is_cheap() {
        let m = CMap::parse(b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange");
        assert_eq!(uni(&m, 0), "");
        let mut s = String::new();
        assert!(m.unicode(4, 1, &mut s));
        assert_eq!(s, "B");
    }

    #[test]
    fn cid_ranges() {
        let m = CMap::parse(
            b"1 begincodespacerange <00> <80> <8140> <FFFF> endcodespacerange 1 begincidrange <8140> <817e> 633 endcidrange 1 begincidchar <20> 1 endcidchar",
        );
        assert_eq!(m.code_len(&[0x20, 0x81]), Some(1));
        assert_eq!(m.code_len(&[0x81, 0x41]), Some(2));
        assert_eq!(m.cid(2, 0x8141), Some(634));
        assert_eq!(m.cid(1, 0x20), Some(1));
    }
}
