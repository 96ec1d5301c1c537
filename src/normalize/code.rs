//! Program codes (Permendagri 90/2019 and updates) from every printed variant to the canonical
//! `U.BB.PP.K.KK.SSSS`.

use serde::{Deserialize, Serialize};

/// Level in the planning hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// `2`
    Urusan,
    /// `2.07`
    Bidang,
    /// `2.07.03`
    Program,
    /// `2.07.03.2.01`
    Kegiatan,
    /// `2.07.03.2.01.0001`
    SubKegiatan,
}

/// A code read from the leading cells of a row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsedCode {
    /// The code cells as printed, joined with TAB.
    pub raw: String,
    /// Canonical candidates, best first (several for collapsed digit strings like `207512`).
    /// Empty when no digits could be read. `X.XX` stays as printed; see [`instantiate`].
    pub candidates: Vec<String>,
    /// Set when the digits were visibly damaged (OCR noise, lost digits), so the name should
    /// decide.
    pub damaged: bool,
}

/// The segments of a code as read, each at canonical width (`bidang` "07", `kegiatan` "2.01",
/// `sub` "0001"); a missing leading part means the row printed only the trailing numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CodeParts {
    /// `2` or `X`.
    pub urusan: Option<String>,
    /// `07` or `XX`.
    pub bidang: Option<String>,
    /// `03`.
    pub program: Option<String>,
    /// `2.01`.
    pub kegiatan: Option<String>,
    /// `0001`.
    pub sub: Option<String>,
}

impl CodeParts {
    /// The canonical code when the parts form an unbroken prefix from the urusan down.
    pub fn canonical(&self) -> Option<String> {
        let segs = [
            &self.urusan,
            &self.bidang,
            &self.program,
            &self.kegiatan,
            &self.sub,
        ];
        let mut out: Vec<&str> = Vec::new();
        let mut ended = false;
        for s in segs {
            match (s, ended) {
                (Some(v), false) => out.push(v),
                (Some(_), true) => return None,
                (None, _) => ended = true,
            }
        }
        if out.is_empty() {
            None
        } else {
            Some(out.join("."))
        }
    }

    /// Builds the parts from a canonical (or `X.XX`) code.
    pub fn from_canonical(code: &str) -> Option<CodeParts> {
        let segs: Vec<&str> = code.split('.').collect();
        let mut p = CodeParts::default();
        match segs.len() {
            1..=3 | 5 | 6 => {}
            _ => return None,
        }
        p.urusan = Some(segs[0].to_string());
        p.bidang = segs.get(1).map(|s| s.to_string());
        p.program = segs.get(2).map(|s| s.to_string());
        if segs.len() >= 5 {
            p.kegiatan = Some(format!("{}.{}", segs[3], segs[4]));
        }
        p.sub = segs.get(5).map(|s| s.to_string());
        Some(p)
    }

    fn level(&self) -> Option<Level> {
        if self.sub.is_some() {
            Some(Level::SubKegiatan)
        } else if self.kegiatan.is_some() {
            Some(Level::Kegiatan)
        } else if self.program.is_some() {
            Some(Level::Program)
        } else if self.bidang.is_some() {
            Some(Level::Bidang)
        } else if self.urusan.is_some() {
            Some(Level::Urusan)
        } else {
            None
        }
    }
}

/// Everything [`parse_code`] could tell about a row's code cells.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodeReading {
    /// The result as the contract type.
    pub parsed: ParsedCode,
    /// Every reading of the digits, best first; some may lack leading parts (a row printing
    /// only `01` under a bidang) or the kegiatan (`2027⇥003⇥01` under a kegiatan row); see
    /// [`complete_with_context`].
    pub readings: Vec<CodeParts>,
    /// The level the row's shape suggests (segment count), even when the digits are damaged.
    pub level_hint: Option<Level>,
    /// The longest canonical prefix the digits reliably give (`2.07.03` for `2⇥7⇥3⇥2`), to
    /// restrict a name lookup.
    pub known_prefix: Option<String>,
    /// The cells are an organisation (SKPD/unit) code such as `2.07.3.32.00.02.00.00`.
    pub org_code: bool,
    /// The cells are a list numbering (`I`, `(1)`, `a.`), not a code.
    pub numbering: bool,
}

#[derive(Debug, Clone)]
struct Seg {
    text: String,
    cell: usize,
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

/// The leading number of a name cell (`06 Penatausahaan…` -> `06`).
fn leading_number(name: &str) -> Option<String> {
    let t = name.trim_start();
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let num = t[..end].trim_end_matches('.');
    let rest = &t[end..];
    if num.is_empty() || !num.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // A lone `1` is more often a count in the name (`1 Dokumen`) than a sub number (`01`).
    if !num.contains('.') && num.len() < 2 {
        return None;
    }
    // `1 (Satu) Daerah` or `2023` inside a name are not code numbers.
    if rest.is_empty() || rest.starts_with(char::is_whitespace) {
        let digits = num.chars().filter(|c| c.is_ascii_digit()).count();
        // `2023 …` in a name is a year; a 4-digit sub number is zero-padded (`0001`).
        if digits <= 3 || (digits == 4 && num.starts_with('0')) {
            return Some(num.to_string());
        }
    }
    None
}

fn tokenize(cells: &[&str]) -> (Vec<Seg>, bool, bool) {
    let mut segs = Vec::new();
    let mut dash = false;
    let mut numbering = false;
    for (i, cell) in cells.iter().enumerate() {
        let cleaned = super::clean_cell(cell);
        let t = cleaned.trim();
        if t.is_empty() {
            continue;
        }
        let has_digit = t.chars().any(|c| c.is_ascii_digit());
        let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
        if !letters.is_empty() && letters.iter().any(|c| *c != 'X' && *c != 'x') {
            // `I`, `IV`, `a.`: a list numbering, not a code.
            numbering = true;
            continue;
        }
        if (t.starts_with('(') && t.ends_with(')')) && has_digit {
            numbering = true;
            continue;
        }
        let chars: Vec<char> = t.chars().collect();
        for w in chars.windows(3) {
            if w[0].is_ascii_digit() && w[1] == '-' && w[2].is_ascii_digit() {
                dash = true;
            }
        }
        for part in t.split(|c: char| c.is_whitespace() || ".,-_/".contains(c)) {
            if part.is_empty() {
                continue;
            }
            if is_digits(part) || part.chars().all(|c| c == 'X' || c == 'x') {
                segs.push(Seg {
                    text: part.to_uppercase(),
                    cell: i,
                });
            }
        }
    }
    (segs, dash, numbering)
}

fn pad4(s: &str) -> Option<String> {
    if !is_digits(s) || s.len() > 4 || s.chars().all(|c| c == '0') {
        return None;
    }
    Some(format!("{s:0>4}"))
}

fn program_of(s: &str) -> Option<(String, bool)> {
    // (program, damaged)
    if s == "XX" {
        return None;
    }
    if !is_digits(s) {
        return None;
    }
    let p = match s.len() {
        1 => format!("0{s}"),
        2 => s.to_string(),
        3 if s.starts_with('0') => s[1..].to_string(),
        _ => return None,
    };
    if p == "00" {
        None
    } else {
        Some((p, false))
    }
}

fn bidang_of(s: &str) -> Option<String> {
    if s == "XX" {
        return Some(s.to_string());
    }
    if !is_digits(s) {
        return None;
    }
    let b = match s.len() {
        1 => format!("0{s}"),
        2 => s.to_string(),
        3 if s.starts_with('0') => s[1..].to_string(),
        _ => return None,
    };
    (b != "00").then_some(b)
}

fn urusan_ok(s: &str) -> bool {
    s == "X" || (s.len() == 1 && is_digits(s) && s != "0")
}

fn k_ok(s: &str) -> bool {
    s.len() == 1 && ("1234".contains(s))
}

/// True when the bidang exists in the reference (any version); `X.XX` always does.
fn bidang_known(u: &str, bb: &str) -> bool {
    if u == "X" {
        return bb == "XX";
    }
    super::names::global().has_code(&format!("{u}.{bb}"))
}

fn code_known(code: &str) -> bool {
    super::names::global().has_code_any(code)
}

/// Standard sequential reading of segments `U BB P [K KK | KKK] [S]`.
/// Returns the readings (best first) and whether the digits looked damaged.
fn sequential(segs: &[String]) -> Option<(Vec<CodeParts>, bool)> {
    let mut damaged = false;
    let mut p = CodeParts::default();
    let mut i = 0;
    let first = segs.first()?;
    if first.len() == 2 && is_digits(first) && segs.len() <= 3 {
        // `01` alone: a program number under a bidang given by the context.
        let (prog, _) = program_of(first)?;
        p.program = Some(prog);
        i = 1;
    } else {
        match first.len() {
            1 => {
                if !urusan_ok(first) {
                    return None;
                }
                p.urusan = Some(first.clone());
                i += 1;
                if let Some(b) = segs.get(i) {
                    p.bidang = Some(bidang_of(b)?);
                    i += 1;
                }
            }
            // `207` (U·BB without the dot) or `2027` (the dot read as a digit, seed 003).
            3 | 4 if is_digits(first) && segs.len() > 1 => {
                let u = &first[..1];
                // `2027`: the dot between U and BB was read as a digit, so BB is `0` `7`.
                let bb = if first.len() == 4 {
                    format!("{}{}", &first[1..2], &first[3..4])
                } else {
                    first[1..3].to_string()
                };
                let bb = bb.as_str();
                if !urusan_ok(u) {
                    return None;
                }
                p.urusan = Some(u.to_string());
                p.bidang = Some(bidang_of(bb)?);
                i = 1;
            }
            _ => return None,
        }
        if let Some(s) = segs.get(i) {
            if s.len() == 4 && s.starts_with("00") && is_digits(s) {
                // `0019`: program `001` with the kegiatan's last digit glued on (seed 003).
                p.program = Some(s[1..3].to_string());
                damaged = true;
                let kk = format!("0{}", &s[3..]);
                if kk == "00" {
                    return Some((vec![p], true));
                }
                p.kegiatan = Some(format!("2.{kk}"));
                if let Some(sub) = segs.get(i + 1) {
                    p.sub = Some(pad4(sub)?);
                }
                if segs.len() > i + 2 {
                    return None;
                }
                return Some((vec![p], damaged));
            }
            let (prog, d) = program_of(s)?;
            damaged |= d;
            p.program = Some(prog);
            i += 1;
        }
    }
    let rest = &segs[i..];
    let mut alts: Vec<CodeParts> = Vec::new();
    match rest {
        [] => {}
        [kkk] if kkk.len() == 3 && k_ok(&kkk[..1]) => {
            p.kegiatan = Some(format!("{}.{}", &kkk[..1], &kkk[1..]));
        }
        [kkk, s] if kkk.len() == 3 && k_ok(&kkk[..1]) => {
            p.kegiatan = Some(format!("{}.{}", &kkk[..1], &kkk[1..]));
            if s.chars().all(|c| c == '0') {
                // `…206.000`: no sub number (a kegiatan row with OCR noise).
                damaged = true;
            } else {
                p.sub = Some(pad4(s)?);
            }
        }
        [k] if k.len() == 1 => {
            // `2⇥7⇥3⇥2`: the kegiatan lost its KK.
            if !k_ok(k) {
                return None;
            }
            return Some((vec![p], true));
        }
        [s] if s.len() == 2 && p.program.is_some() => {
            // `2027⇥003⇥01`: a sub number whose kegiatan is the previous kegiatan row, or
            // (seed 003 row `2027⇥003⇥02` with the kegiatan's totals) the kegiatan `2.02`.
            let mut keg = p.clone();
            p.sub = Some(pad4(s)?);
            if p.urusan.is_some() && s != "00" {
                keg.kegiatan = Some(format!("2.{s}"));
                alts.push(keg);
            }
        }
        [k, kk, tail @ ..] if k.len() == 1 && (1..=2).contains(&kk.len()) && tail.len() <= 1 => {
            if !k_ok(k) || !is_digits(kk) || kk.chars().all(|c| c == '0') {
                return None;
            }
            let sub = match tail.first() {
                Some(s) => Some(pad4(s)?),
                None => None,
            };
            if kk.len() == 1 {
                // `2.1`: usually `2.01`; `2.10` with its trailing zero lost is the alternative.
                let mut alt = p.clone();
                alt.kegiatan = Some(format!("{k}.{kk}0"));
                alt.sub = sub.clone();
                alts.push(alt);
                p.kegiatan = Some(format!("{k}.0{kk}"));
            } else {
                p.kegiatan = Some(format!("{k}.{kk}"));
            }
            p.sub = sub;
        }
        _ => return None,
    }
    let mut out = vec![p];
    out.extend(alts);
    Some((out, damaged))
}

/// Every split of a collapsed digit string `U BB P(1-2) [K? KK(1-2) [S(1-4)]]`, best first
/// by shape; the kegiatan's government digit is `2` when not printed.
fn partitions(digits: &str) -> Vec<CodeParts> {
    let mut out: Vec<(u32, CodeParts)> = Vec::new();
    if digits.len() < 3 || !is_digits(digits) {
        return vec![];
    }
    let u = &digits[..1];
    let bb = &digits[1..3];
    if !urusan_ok(u) || bb == "00" {
        return vec![];
    }
    let base = CodeParts {
        urusan: Some(u.into()),
        bidang: Some(bb.into()),
        ..Default::default()
    };
    let rest = &digits[3..];
    if rest.is_empty() {
        return vec![base];
    }
    for plen in 1..=2usize.min(rest.len()) {
        let Some((prog, _)) = program_of(&rest[..plen]) else {
            continue;
        };
        let r = &rest[plen..];
        let mut p = base.clone();
        p.program = Some(prog);
        if r.is_empty() {
            out.push((plen as u32 * 10, p));
            continue;
        }
        for (klen, explicit_k) in [(0usize, false), (1, true)] {
            if klen > 0 && (r.is_empty() || !k_ok(&r[..1])) {
                continue;
            }
            let k = if explicit_k { &r[..1] } else { "2" };
            let r2 = &r[klen..];
            for kklen in 1..=2usize.min(r2.len()) {
                let kk = &r2[..kklen];
                if kk.chars().all(|c| c == '0') {
                    continue;
                }
                let r3 = &r2[kklen..];
                let mut q = p.clone();
                q.kegiatan = Some(format!("{k}.{kk:0>2}"));
                if !r3.is_empty() {
                    match pad4(r3) {
                        Some(s) => q.sub = Some(s),
                        None => continue,
                    }
                }
                // Shape preference: short program, implied K=2, one-digit KK then sub.
                let rank = plen as u32 * 10 + klen as u32 * 4 + kklen as u32 * 2;
                out.push((rank, q));
            }
        }
    }
    out.sort_by_key(|(r, _)| *r);
    let mut seen = Vec::new();
    for (_, p) in out {
        if !seen.contains(&p) {
            seen.push(p);
        }
    }
    // Codes that exist in the reference go first; the shape order stays among equals.
    seen.sort_by_key(|p| !p.canonical().is_some_and(|c| code_known(&c)));
    seen
}

/// Strips an organisation prefix (`2.07.2-7.0-0-0.01.01.202.01.`): keeps U.BB, then the
/// program right before a 3-digit `2xx` kegiatan. `None` when no org prefix is seen.
fn strip_org(segs: &[String], dash: bool) -> Option<Vec<String>> {
    if segs.len() < 3 {
        return None;
    }
    let kidx = (3..segs.len()).rev().find(|&k| {
        let s = &segs[k];
        s.len() == 3 && is_digits(s) && k_ok(&s[..1]) && segs.len() - k <= 2
    });
    if let Some(k) = kidx {
        if k > 3 {
            let mut v = vec![segs[0].clone(), segs[1].clone(), segs[k - 1].clone()];
            v.extend(segs[k..].iter().cloned());
            return Some(v);
        }
        return None;
    }
    if !(dash || segs.len() > 6) {
        return None;
    }
    let n = segs.len();
    let head = vec![segs[0].clone(), segs[1].clone()];
    let two = |s: &String| s.len() == 2 && is_digits(s);
    // <org>.P.K.KK.S, <org>.P.K.KK, <org>.P
    if n >= 7 && k_ok(&segs[n - 3]) && two(&segs[n - 2]) && program_of(&segs[n - 4]).is_some() {
        let mut v = head;
        v.extend(segs[n - 4..].iter().cloned());
        return Some(v);
    }
    if n >= 6 && k_ok(&segs[n - 2]) && two(&segs[n - 1]) && program_of(&segs[n - 3]).is_some() {
        let mut v = head;
        v.extend(segs[n - 3..].iter().cloned());
        return Some(v);
    }
    if program_of(&segs[n - 1]).is_some() && dash {
        let mut v = head;
        v.push(segs[n - 1].clone());
        return Some(v);
    }
    None
}

fn hint_from_count(n: usize) -> Option<Level> {
    match n {
        0 => None,
        1 => Some(Level::Urusan),
        2 => Some(Level::Bidang),
        3 => Some(Level::Program),
        4 | 5 => Some(Level::Kegiatan),
        _ => Some(Level::SubKegiatan),
    }
}

/// Reads the code cells of a row with everything the hierarchy builder may need.
pub fn read_code(cells: &[&str], name_prefix: Option<&str>) -> CodeReading {
    let mut all: Vec<&str> = cells.to_vec();
    // The name's leading number is the sub number only when the cells stop at the kegiatan.
    let (own, _, _) = tokenize(cells);
    let own_reaches_sub = own.len() >= 6
        || own
            .iter()
            .position(|s| s.text.len() == 3 && k_ok(&s.text[..1]))
            .is_some_and(|k| k >= 2 && k + 1 < own.len());
    let lead = name_prefix
        .filter(|_| !own_reaches_sub)
        .and_then(leading_number);
    if let Some(l) = &lead {
        all.push(l);
    }
    let raw = all.join("\t");
    let (segs, dash, numbering) = tokenize(&all);
    let texts: Vec<String> = segs.iter().map(|s| s.text.clone()).collect();
    let mut reading = CodeReading {
        parsed: ParsedCode {
            raw,
            candidates: vec![],
            damaged: false,
        },
        readings: vec![],
        level_hint: None,
        known_prefix: None,
        org_code: false,
        numbering: numbering && texts.is_empty(),
    };
    if texts.is_empty() {
        return reading;
    }
    let cells_with_digits = {
        let mut c: Vec<usize> = segs.iter().map(|s| s.cell).collect();
        c.dedup();
        c.len()
    };
    // A collapsed digit string: `207512`.
    if texts.len() == 1 && (5..=10).contains(&texts[0].len()) && is_digits(&texts[0]) {
        reading.readings = partitions(&texts[0]);
        reading.level_hint = reading.readings.first().and_then(|p| p.level());
        return finish(reading);
    }
    let stripped = strip_org(&texts, dash);
    let work = stripped.clone().unwrap_or_else(|| texts.clone());
    reading.level_hint = hint_from_count(work.len());
    let mut damaged = false;
    let mut split_digits = false;
    let seq = sequential(&work);
    let seq_ok = seq.as_ref().is_some_and(|(r, _)| {
        r.first().is_some_and(|p| match (&p.urusan, &p.bidang) {
            (Some(u), Some(b)) => bidang_known(u, b),
            _ => true,
        })
    });
    if seq_ok {
        let (r, d) = seq.unwrap_or_default();
        if !d {
            // `2027⇥003⇥01` is a sub (3 segments), `⇥01⇥` a program: the reading knows.
            if let Some(l) = r.first().and_then(|p| p.level()) {
                reading.level_hint = Some(l);
            }
        }
        reading.readings = r;
        damaged |= d;
    } else if cells_with_digits >= 3 && stripped.is_none() {
        // Digits split over narrow columns (`3⇥3⇥2⇥0⇥2⇥01` = 3.32.02 2.01): join and split again.
        let joined: String = texts.concat();
        let parts: Vec<CodeParts> = partitions(&joined)
            .into_iter()
            .filter(|p| match (&p.urusan, &p.bidang) {
                (Some(u), Some(b)) => bidang_known(u, b),
                _ => false,
            })
            .collect();
        if let Some(l) = parts.first().and_then(|p| p.level()) {
            reading.level_hint = Some(l);
        }
        reading.readings = parts;
        damaged = true;
        split_digits = true;
    } else if stripped.is_none() && texts.len() >= 7 && !dash {
        reading.org_code = true;
        reading.level_hint = None;
        return reading;
    } else {
        damaged = true;
    }
    if reading.readings.is_empty() {
        damaged = true;
        // Keep what the leading segments still say, for a name lookup under it.
        if let Some(u) = work.first().filter(|u| urusan_ok(u)) {
            let mut prefix = u.clone();
            if let Some(b) = work.get(1).and_then(|b| bidang_of(b)) {
                if bidang_known(u, &b) {
                    prefix = format!("{u}.{b}");
                    if let Some((p, _)) = work.get(2).and_then(|p| program_of(p)) {
                        if code_known(&format!("{prefix}.{p}")) {
                            prefix = format!("{prefix}.{p}");
                        }
                    }
                }
            }
            reading.known_prefix = Some(prefix);
        }
    }
    reading.parsed.damaged = damaged;
    let mut r = finish(reading);
    if split_digits && r.parsed.candidates.is_empty() {
        r.parsed.candidates = r.readings.iter().filter_map(|p| p.canonical()).collect();
    }
    r
}

fn finish(mut r: CodeReading) -> CodeReading {
    let full: Vec<String> = r.readings.iter().filter_map(|p| p.canonical()).collect();
    let is_incomplete = r
        .readings
        .first()
        .is_some_and(|p| p.urusan.is_none() || (p.sub.is_some() && p.kegiatan.is_none()));
    if r.known_prefix.is_none() {
        r.known_prefix = r.readings.first().and_then(|p| {
            let mut q = p.clone();
            if is_incomplete {
                // `2027⇥003⇥01`: the program is known, the kegiatan comes from the context.
                q.kegiatan = None;
                q.sub = None;
                return q.urusan.is_some().then(|| q.canonical()).flatten();
            }
            if r.parsed.damaged && q.sub.is_some() {
                // A damaged sub code: only the program is trusted.
                q.kegiatan = None;
                q.sub = None;
            } else if q.kegiatan.is_some() && q.sub.is_none() && r.parsed.damaged {
                q.kegiatan = None;
            }
            q.canonical()
        });
    }
    // A damaged row whose digits stop at the program is no code candidate of its own.
    let damaged_short = r.parsed.damaged
        && r.readings.len() == 1
        && r.readings[0].kegiatan.is_none()
        && r.readings[0].sub.is_none()
        && matches!(
            r.level_hint,
            Some(Level::Kegiatan) | Some(Level::SubKegiatan)
        );
    r.parsed.candidates = if damaged_short { vec![] } else { full };
    if r.parsed.candidates.is_empty() && !is_incomplete {
        r.parsed.damaged = r.parsed.damaged || !r.readings.is_empty();
    }
    r
}

/// Reads a code from the code cells of a row (several cells when the code is split over
/// columns) plus an optional leading number glued to the name (`06 Penatausahaan ...`).
pub fn parse_code(cells: &[&str], name_prefix: Option<&str>) -> ParsedCode {
    read_code(cells, name_prefix).parsed
}

/// Fills the parts a row did not print from the code of the row above it (`context`: the
/// current bidang, program or kegiatan): `01` under `2.07` -> `2.07.01`; `2027⇥003⇥01` under
/// `2.07.03.2.01` -> `2.07.03.2.01.0001`. Returns the parse unchanged when nothing is missing.
pub fn complete_with_context(parsed: &ParsedCode, context: Option<&str>) -> ParsedCode {
    let cells: Vec<&str> = parsed.raw.split('\t').collect();
    let reading = read_code(&cells, None);
    complete_reading(&reading, context).parsed
}

/// [`complete_with_context`] on a full [`CodeReading`].
pub fn complete_reading(reading: &CodeReading, context: Option<&str>) -> CodeReading {
    let Some(ctx) = context.and_then(CodeParts::from_canonical) else {
        return reading.clone();
    };
    let mut out = reading.clone();
    let mut changed = false;
    for p in out.readings.iter_mut() {
        if p.urusan.is_none() && p.program.is_some() && ctx.bidang.is_some() {
            p.urusan = ctx.urusan.clone();
            p.bidang = ctx.bidang.clone();
            changed = true;
        }
        if p.sub.is_some() && p.kegiatan.is_none() && p.program.is_some() {
            let same_program = p.program == ctx.program
                && (p.bidang.is_none()
                    || p.bidang == ctx.bidang
                    || ctx.bidang.as_deref() == Some("XX"));
            if same_program && ctx.kegiatan.is_some() {
                p.urusan = p.urusan.clone().or(ctx.urusan.clone());
                p.bidang = p.bidang.clone().or(ctx.bidang.clone());
                p.kegiatan = ctx.kegiatan.clone();
                changed = true;
            }
        }
    }
    if changed {
        out.known_prefix = None;
        out = finish(out);
    }
    out
}

/// The level of a canonical code, from its segment count.
pub fn level_of(canonical: &str) -> Option<Level> {
    match canonical.split('.').count() {
        1 => Some(Level::Urusan),
        2 => Some(Level::Bidang),
        3 => Some(Level::Program),
        5 => Some(Level::Kegiatan),
        6 => Some(Level::SubKegiatan),
        _ => None,
    }
}

/// The parent code (`2.07.03.2.01.0001` -> `2.07.03.2.01`), `None` for an urusan.
pub fn parent_of(canonical: &str) -> Option<String> {
    let segs: Vec<&str> = canonical.split('.').collect();
    match segs.len() {
        2 | 3 | 6 => Some(segs[..segs.len() - 1].join(".")),
        5 => Some(segs[..3].join(".")),
        _ => None,
    }
}

/// Instantiates the shared penunjang program (`X.XX.01...`) for a bidang (`2.07`).
pub fn instantiate(canonical: &str, bidang: &str) -> String {
    match canonical.strip_prefix("X.XX") {
        Some(rest) => format!("{bidang}{rest}"),
        None => canonical.to_string(),
    }
}

/// The shared `X.XX.01...` form of an instantiated penunjang code (`2.07.01.2.02.0001` ->
/// `X.XX.01.2.02.0001`); `None` for any other code.
pub fn generic_penunjang(canonical: &str) -> Option<String> {
    let segs: Vec<&str> = canonical.split('.').collect();
    if segs.len() >= 3 && segs[2] == "01" && segs[0] != "X" {
        Some(format!("X.XX.{}", segs[2..].join(".")))
    } else {
        None
    }
}

/// The bidang (`2.07`) of a canonical code, `None` for an urusan or `X.XX` code.
pub fn bidang_of_code(canonical: &str) -> Option<String> {
    let segs: Vec<&str> = canonical.split('.').collect();
    (segs.len() >= 2 && segs[0] != "X").then(|| format!("{}.{}", segs[0], segs[1]))
}
