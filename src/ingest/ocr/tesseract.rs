//! Running the `tesseract` program on one page image and reading its TSV output (one row per
//! word with box and confidence), and cleaning word ends of table-border debris.

use super::raster::GrayImage;
use std::io::{Read, Write};
use std::process::{Command, Stdio};

/// The Debian packages that provide the program and the languages renja uses.
pub const INSTALL_HINT: &str = "install it with `apt-get install tesseract-ocr tesseract-ocr-ind` (Debian/Ubuntu), or put a `tesseract` 4+ program with the `ind` and `eng` traineddata on PATH (or set RENJA_TESSERACT to its path)";

/// The program to run: `$RENJA_TESSERACT`, else `tesseract` from PATH.
pub fn program() -> String {
    std::env::var("RENJA_TESSERACT").unwrap_or_else(|_| "tesseract".to_string())
}

/// Checks that the program runs and has every language of `langs` (`ind+eng`).
pub fn check(langs: &str) -> Result<(), String> {
    check_program(&program(), langs)
}

/// [`check`] for a given program path.
pub fn check_program(prog: &str, langs: &str) -> Result<(), String> {
    let out = Command::new(prog)
        .arg("--list-langs")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run `{prog}` ({e}); {INSTALL_HINT}"))?;
    if !out.status.success() {
        return Err(format!(
            "`{prog} --list-langs` failed ({}); {INSTALL_HINT}",
            out.status
        ));
    }
    // Tesseract 4 prints the list on stderr, 5 on stdout.
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let have: Vec<&str> = text.lines().map(str::trim).collect();
    let missing: Vec<&str> = langs
        .split('+')
        .filter(|l| !l.is_empty() && !have.contains(l))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "tesseract has no traineddata for {}; {INSTALL_HINT}",
            missing.join(", ")
        ));
    }
    Ok(())
}

/// One word as Tesseract reports it, in image pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct TsvWord {
    /// Block, paragraph, line numbers: words of one line share them.
    pub line_key: (u32, u32, u32),
    /// Left edge.
    pub left: u32,
    /// Top edge.
    pub top: u32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
    /// Confidence 0..100.
    pub conf: f32,
    /// Text.
    pub text: String,
    /// Height of the word's text line (Tesseract level 4), a steadier size than the word's own.
    pub line_height: u32,
}

/// Parses Tesseract's TSV output: level-5 rows are words, level-4 rows give line heights.
pub fn parse_tsv(tsv: &str) -> Vec<TsvWord> {
    let mut words = Vec::new();
    let mut line_heights: std::collections::HashMap<(u32, u32, u32), u32> =
        std::collections::HashMap::new();
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.splitn(12, '\t').collect();
        if f.len() < 11 {
            continue;
        }
        let n = |i: usize| f[i].trim().parse::<u32>().unwrap_or(0);
        let level = n(0);
        let key = (n(2), n(3), n(4));
        if level == 4 {
            line_heights.insert(key, n(9));
            continue;
        }
        if level != 5 {
            continue;
        }
        let text = f.get(11).copied().unwrap_or("").trim();
        if text.is_empty() {
            continue;
        }
        words.push(TsvWord {
            line_key: key,
            left: n(6),
            top: n(7),
            width: n(8),
            height: n(9),
            conf: f[10].trim().parse::<f32>().unwrap_or(-1.0),
            text: text.to_string(),
            line_height: 0,
        });
    }
    for w in &mut words {
        w.line_height = line_heights.get(&w.line_key).copied().unwrap_or(w.height);
    }
    words
}

/// How to run Tesseract on one image.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Languages, `+`-joined.
    pub langs: String,
    /// Page segmentation mode.
    pub psm: u32,
    /// Resolution of the image, told to Tesseract so it need not guess.
    pub dpi: u32,
}

static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many times [`run`] started Tesseract in this process (the benchmark and tests use it to
/// show what the OCR cache saved).
pub fn runs() -> usize {
    RUNS.load(std::sync::atomic::Ordering::Relaxed)
}

/// Runs the program on `img` (fed as PGM on stdin) and returns its words. One OpenMP thread:
/// parallelism comes from running pages side by side, which scales better.
pub fn run(img: &GrayImage, opts: &RunOptions) -> Result<Vec<TsvWord>, String> {
    RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let prog = program();
    let mut child = Command::new(&prog)
        .args(["stdin", "stdout", "-l", &opts.langs, "--psm"])
        .arg(opts.psm.to_string())
        .arg("--dpi")
        .arg(opts.dpi.to_string())
        .arg("tsv")
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run `{prog}` ({e}); {INSTALL_HINT}"))?;
    let pgm = img.to_pgm();
    let mut stdin = child.stdin.take().ok_or("no stdin for tesseract")?;
    // Write on another thread: Tesseract may start writing before it has read everything.
    let writer = std::thread::spawn(move || {
        let r = stdin.write_all(&pgm);
        drop(stdin);
        r
    });
    let mut stdout = String::new();
    let mut stderr = String::new();
    let mut so = child.stdout.take().ok_or("no stdout for tesseract")?;
    let mut se = child.stderr.take().ok_or("no stderr for tesseract")?;
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = se.read_to_string(&mut s);
        s
    });
    so.read_to_string(&mut stdout)
        .map_err(|e| format!("cannot read tesseract output: {e}"))?;
    let status = child
        .wait()
        .map_err(|e| format!("tesseract did not finish: {e}"))?;
    stderr.push_str(&err_reader.join().unwrap_or_default());
    let write_res = writer.join();
    if !status.success() {
        let msg = stderr.lines().last().unwrap_or("").trim().to_string();
        return Err(format!("tesseract failed ({status}): {msg}"));
    }
    if let Ok(Err(e)) = write_res {
        return Err(format!("cannot feed the page image to tesseract: {e}"));
    }
    Ok(parse_tsv(&stdout))
}

/// Characters that table borders leave at word ends.
pub const DEBRIS: &[char] = &['|', '[', ']', '!', '_', '{', '}', '¦'];

/// Cleans one OCR token: strips border debris glued to either end, and a border read as `l`,
/// `I` or `1`… only where that is unambiguous (`l` / `I` next to digits). Returns the kept
/// character range (so the box can be trimmed in proportion) and the cleaned text; `None` when
/// nothing but debris is left.
pub fn clean_token(text: &str) -> Option<(usize, usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut a = 0;
    let mut b = chars.len();
    let is_debris = |c: char| DEBRIS.contains(&c);
    loop {
        let before = (a, b);
        while a < b && is_debris(chars[a]) {
            a += 1;
        }
        while b > a && is_debris(chars[b - 1]) {
            b -= 1;
        }
        // `l`/`I` glued to a number is a border stroke, not a letter ("l100", "2.500I").
        let digits_inside = |s: &[char]| {
            s.iter().any(|c| c.is_ascii_digit())
                && s.iter().all(|c| c.is_ascii_digit() || ".,%-".contains(*c))
        };
        if b - a >= 2 && matches!(chars[a], 'l' | 'I') && digits_inside(&chars[a + 1..b]) {
            a += 1;
        }
        if b - a >= 2 && matches!(chars[b - 1], 'l' | 'I') && digits_inside(&chars[a..b - 1]) {
            b -= 1;
        }
        if (a, b) == before {
            break;
        }
    }
    if a >= b {
        return None;
    }
    Some((a, b, chars[a..b].iter().collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_rows_become_words_with_line_heights() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n\
4\t1\t1\t1\t1\t0\t10\t10\t80\t22\t-1\t\n\
5\t1\t1\t1\t1\t1\t10\t12\t30\t18\t91.5\t2.07.01\n\
5\t1\t1\t1\t1\t2\t50\t12\t30\t18\t-1\t \n";
        let w = parse_tsv(tsv);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].text, "2.07.01");
        assert_eq!(
            (w[0].left, w[0].top, w[0].width, w[0].height),
            (10, 12, 30, 18)
        );
        assert_eq!(w[0].line_height, 22);
        assert!((w[0].conf - 91.5).abs() < 1e-4);
    }

    #[test]
    fn missing_program_says_how_to_install() {
        let e = check_program("/nonexistent/renja-test/tesseract", "ind").unwrap_err();
        assert!(
            e.contains("apt-get install tesseract-ocr tesseract-ocr-ind"),
            "{e}"
        );
    }

    #[test]
    fn border_debris_is_stripped() {
        assert_eq!(clean_token("|100").unwrap().2, "100");
        assert_eq!(clean_token("2.500]|").unwrap().2, "2.500");
        assert_eq!(clean_token("l100").unwrap().2, "100");
        assert_eq!(clean_token("100l").unwrap().2, "100");
        assert_eq!(clean_token("[Kota").unwrap().2, "Kota");
        assert_eq!(clean_token("|"), None);
        // Letters stay letters.
        assert_eq!(clean_token("lokasi").unwrap().2, "lokasi");
        assert_eq!(clean_token("Il").unwrap().2, "Il");
        let (a, b, _) = clean_token("|12|").unwrap();
        assert_eq!((a, b), (1, 3));
    }
}
