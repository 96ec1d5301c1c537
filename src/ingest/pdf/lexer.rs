//! A zero-copy tokenizer for PDF content streams.
//!
//! lopdf's `Content::decode` builds an owned `Object` tree per operation (a `String` per operator,
//! a `Vec` per operand list), which dominates the cost of pages that show one glyph per `Tj` as
//! Chromium does. This lexer hands out operands that borrow from the stream, keeps decoded string
//! bytes in one scratch buffer, and reuses its operand stack between operators, so reading a page
//! allocates almost nothing per glyph.

/// One operand on the stack. Strings point into [`Lexer::strings`]; arrays and dictionaries are
/// flattened into begin/end markers because the operators we act on only need to scan them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Operand<'a> {
    /// An integer or real number.
    Num(f64),
    /// A name without its slash (raw bytes; `#xx` escapes are rare in resource names and kept).
    Name(&'a [u8]),
    /// A string's decoded bytes: `start..end` in the scratch buffer.
    Str(u32, u32),
    /// `true`, `false` or `null`, or an unknown token inside an array.
    Other,
    /// `[`
    ArrBegin,
    /// `]`
    ArrEnd,
    /// `<<`
    DictBegin,
    /// `>>`
    DictEnd,
}

/// Streams operators with their operands.
pub struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    /// Operands of the current operator.
    pub operands: Vec<Operand<'a>>,
    /// Decoded bytes of the current operator's string operands.
    pub strings: Vec<u8>,
}

#[inline]
fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

#[inline]
fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

#[inline]
fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delim(b)
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Parses a PDF number token; `None` when the token is not a number.
fn parse_number(tok: &[u8]) -> Option<f64> {
    let mut i = 0;
    let mut neg = false;
    // Some producers write "--5" or "+-5"; accept any run of signs like other readers do.
    while i < tok.len() && (tok[i] == b'-' || tok[i] == b'+') {
        if tok[i] == b'-' {
            neg = !neg;
        }
        i += 1;
    }
    let mut int: f64 = 0.0;
    let mut frac: f64 = 0.0;
    let mut scale = 1.0;
    let mut digits = 0;
    let mut seen_dot = false;
    while i < tok.len() {
        let b = tok[i];
        match b {
            b'0'..=b'9' => {
                digits += 1;
                if seen_dot {
                    scale *= 0.1;
                    frac += (b - b'0') as f64 * scale;
                } else {
                    int = int * 10.0 + (b - b'0') as f64;
                }
            }
            b'.' if !seen_dot => seen_dot = true,
            _ => return None,
        }
        i += 1;
    }
    if digits == 0 {
        return None;
    }
    let v = int + frac;
    // Hundreds of digits overflow to infinity, which would poison every matrix it touches.
    v.is_finite().then_some(if neg { -v } else { v })
}

impl<'a> Lexer<'a> {
    /// A lexer over one decoded content stream.
    pub fn new(data: &'a [u8]) -> Self {
        Lexer {
            data,
            pos: 0,
            operands: Vec::with_capacity(16),
            strings: Vec::with_capacity(256),
        }
    }

    /// The decoded bytes of a string operand.
    #[inline]
    pub fn str_bytes(&self, start: u32, end: u32) -> &[u8] {
        &self.strings[start as usize..end as usize]
    }

    fn skip_white_and_comments(&mut self) {
        while self.pos < self.data.len() {
            let b = self.data[self.pos];
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while self.pos < self.data.len() && !matches!(self.data[self.pos], b'\n' | b'\r') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn read_literal_string(&mut self) -> Operand<'a> {
        // Called with pos just after '('.
        let start = self.strings.len() as u32;
        let mut depth = 1usize;
        let d = self.data;
        while self.pos < d.len() {
            let b = d[self.pos];
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    self.strings.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    self.strings.push(b);
                }
                b'\\' => {
                    if self.pos >= d.len() {
                        break;
                    }
                    let e = d[self.pos];
                    self.pos += 1;
                    match e {
                        b'n' => self.strings.push(b'\n'),
                        b'r' => self.strings.push(b'\r'),
                        b't' => self.strings.push(b'\t'),
                        b'b' => self.strings.push(8),
                        b'f' => self.strings.push(12),
                        b'0'..=b'7' => {
                            let mut v: u32 = (e - b'0') as u32;
                            for _ in 0..2 {
                                if self.pos < d.len() && (b'0'..=b'7').contains(&d[self.pos]) {
                                    v = v * 8 + (d[self.pos] - b'0') as u32;
                                    self.pos += 1;
                                } else {
                                    break;
                                }
                            }
                            self.strings.push(v as u8);
                        }
                        b'\r' => {
                            // Line continuation; "\\\r\n" counts as one.
                            if self.pos < d.len() && d[self.pos] == b'\n' {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        other => self.strings.push(other),
                    }
                }
                _ => self.strings.push(b),
            }
        }
        Operand::Str(start, self.strings.len() as u32)
    }

    fn read_hex_string(&mut self) -> Operand<'a> {
        // Called with pos just after '<'.
        let start = self.strings.len() as u32;
        let d = self.data;
        let mut hi: Option<u8> = None;
        while self.pos < d.len() {
            let b = d[self.pos];
            self.pos += 1;
            if b == b'>' {
                break;
            }
            if let Some(v) = hex_val(b) {
                match hi.take() {
                    Some(h) => self.strings.push(h << 4 | v),
                    None => hi = Some(v),
                }
            }
        }
        if let Some(h) = hi {
            // An odd digit count means a trailing 0.
            self.strings.push(h << 4);
        }
        Operand::Str(start, self.strings.len() as u32)
    }

    /// Skips inline image data after `ID`, up to and including the `EI` operator.
    fn skip_inline_image(&mut self) {
        let d = self.data;
        // One white-space byte follows ID; the data is binary, so look for "EI" between white
        // space (or the end) as other readers do.
        self.pos += 1;
        while self.pos + 1 < d.len() {
            if d[self.pos] == b'E'
                && d[self.pos + 1] == b'I'
                && self.pos > 0
                && is_white(d[self.pos - 1])
                && (self.pos + 2 >= d.len() || !is_regular(d[self.pos + 2]))
            {
                self.pos += 2;
                return;
            }
            self.pos += 1;
        }
        self.pos = d.len();
    }

    /// The next operator, with its operands left in `self.operands` / `self.strings`.
    /// Returns `None` at the end of the stream.
    pub fn next_op(&mut self) -> Option<&'a [u8]> {
        self.operands.clear();
        self.strings.clear();
        let d = self.data;
        loop {
            self.skip_white_and_comments();
            if self.pos >= d.len() {
                return None;
            }
            let b = d[self.pos];
            match b {
                b'/' => {
                    self.pos += 1;
                    let s = self.pos;
                    while self.pos < d.len() && is_regular(d[self.pos]) {
                        self.pos += 1;
                    }
                    self.operands.push(Operand::Name(&d[s..self.pos]));
                }
                b'(' => {
                    self.pos += 1;
                    let op = self.read_literal_string();
                    self.operands.push(op);
                }
                b'<' => {
                    if d.get(self.pos + 1) == Some(&b'<') {
                        self.pos += 2;
                        self.operands.push(Operand::DictBegin);
                    } else {
                        self.pos += 1;
                        let op = self.read_hex_string();
                        self.operands.push(op);
                    }
                }
                b'>' => {
                    self.pos += if d.get(self.pos + 1) == Some(&b'>') {
                        2
                    } else {
                        1
                    };
                    self.operands.push(Operand::DictEnd);
                }
                b'[' => {
                    self.pos += 1;
                    self.operands.push(Operand::ArrBegin);
                }
                b']' => {
                    self.pos += 1;
                    self.operands.push(Operand::ArrEnd);
                }
                b'{' | b'}' | b')' => {
                    // Stray delimiters (PostScript calculator braces, unbalanced parens): skip.
                    self.pos += 1;
                }
                _ => {
                    let s = self.pos;
                    while self.pos < d.len() && is_regular(d[self.pos]) {
                        self.pos += 1;
                    }
                    let tok = &d[s..self.pos];
                    let first = tok[0];
                    if first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.') {
                        if let Some(v) = parse_number(tok) {
                            self.operands.push(Operand::Num(v));
                            continue;
                        }
                    }
                    match tok {
                        b"true" | b"false" | b"null" => self.operands.push(Operand::Other),
                        b"ID" => {
                            self.skip_inline_image();
                            // Report the whole inline image as one "EI" operator without operands.
                            self.operands.clear();
                            self.strings.clear();
                            return Some(b"EI");
                        }
                        _ => {
                            if self.in_container() {
                                // An operator token cannot live inside [ ] or << >>; treat it as
                                // junk data rather than ending the operand list early.
                                self.operands.push(Operand::Other);
                                continue;
                            }
                            return Some(tok);
                        }
                    }
                }
            }
        }
    }

    /// Whether an array or dictionary is open on the operand stack (only used for the rare case
    /// of a bare word inside one, so a linear scan is fine).
    fn in_container(&self) -> bool {
        let mut depth: i32 = 0;
        for o in &self.operands {
            match o {
                Operand::ArrBegin | Operand::DictBegin => depth += 1,
                Operand::ArrEnd | Operand::DictEnd => depth -= 1,
                _ => {}
            }
        }
        depth > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(src: &[u8]) -> Vec<(String, Vec<String>)> {
        let mut lx = Lexer::new(src);
        let mut out = Vec::new();
        while let Some(op) = lx.next_op() {
            let args = lx
                .operands
                .iter()
                .map(|o| match *o {
                    Operand::Num(v) => format!("{v}"),
                    Operand::Name(n) => format!("/{}", String::from_utf8_lossy(n)),
                    Operand::Str(s, e) => format!("{:?}", lx.str_bytes(s, e)),
                    Operand::Other => "?".into(),
                    Operand::ArrBegin => "[".into(),
                    Operand::ArrEnd => "]".into(),
                    Operand::DictBegin => "<<".into(),
                    Operand::DictEnd => ">>".into(),
                })
                .collect();
            out.push((String::from_utf8_lossy(op).into_owned(), args));
        }
        out
    }

    #[test]
    fn numbers_names_strings() {
        let v = ops(
            b"/F1 9.5 Tf -.5 +3 Td (a\\(b\\)\\101\\\nc) Tj <0041 42> Tj % c\n[(x) -120 <00 3>] TJ",
        );
        assert_eq!(v[0], ("Tf".into(), vec!["/F1".into(), "9.5".into()]));
        assert_eq!(v[1], ("Td".into(), vec!["-0.5".into(), "3".into()]));
        assert_eq!(v[2].1, vec![format!("{:?}", b"a(b)Ac")]);
        assert_eq!(v[3].1, vec![format!("{:?}", [0u8, 0x41, 0x42])]);
        assert_eq!(
            v[4].1,
            vec![
                "[".to_string(),
                format!("{:?}", b"x"),
                "-120".into(),
                format!("{:?}", [0u8, 0x30]),
                "]".into()
            ]
        );
    }

    #[test]
    fn inline_image_is_skipped() {
        let v = ops(b"q BI /W 2 /H 1 /BPC 8 /CS /G ID \x00EI\xffx EI Q");
        let names: Vec<&str> = v.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, vec!["q", "BI", "EI", "Q"]);
    }

    #[test]
    fn dict_operands_and_junk_do_not_panic() {
        let v = ops(b"/P <</MCID 3 /X [1 foo]>> BDC ) } EMC <");
        assert_eq!(v[0].0, "BDC");
        assert_eq!(v[1].0, "EMC");
        assert!(parse_number(b"1.2.3").is_none());
        assert_eq!(parse_number(b"--4"), Some(4.0));
    }
}
