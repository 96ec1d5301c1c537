//! Pieces of the command line that the library shares with the binary: the `--pages` selection,
//! terminal output that survives a closed pipe, and severity colours.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// A page selection as users write it for Camelot and tabula: `1,3-5,10-end`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSet {
    /// Inclusive ranges, 1-based; `None` as the end means the document's last page.
    ranges: Vec<(u32, Option<u32>)>,
    /// The selection as the user wrote it, for messages.
    spec: String,
}

impl PageSet {
    /// Parses `1,3-5,10-end` (also `all`); an error says which part is wrong and why.
    pub fn parse(spec: &str) -> Result<PageSet, String> {
        let spec = spec.trim();
        if spec.eq_ignore_ascii_case("all") {
            return Ok(PageSet {
                ranges: vec![(1, None)],
                spec: spec.to_string(),
            });
        }
        let num = |s: &str, part: &str| -> Result<u32, String> {
            let n: u32 = s.trim().parse().map_err(|_| {
                format!("`{part}` is not a page number or range (write e.g. 1,3-5,10-end)")
            })?;
            if n == 0 {
                return Err(format!("`{part}`: pages are numbered from 1"));
            }
            Ok(n)
        };
        let mut ranges = Vec::new();
        for part in spec.split(',') {
            let part = part.trim();
            if part.is_empty() {
                return Err("empty page list entry (write e.g. 1,3-5,10-end)".into());
            }
            let range = match part.split_once('-') {
                None => {
                    let n = num(part, part)?;
                    (n, Some(n))
                }
                Some((a, b)) => {
                    let a = num(a, part)?;
                    if b.trim().eq_ignore_ascii_case("end") {
                        (a, None)
                    } else {
                        let b = num(b, part)?;
                        if b < a {
                            return Err(format!(
                                "`{part}` runs backwards (write {b}-{a} or list the pages)"
                            ));
                        }
                        (a, Some(b))
                    }
                }
            };
            ranges.push(range);
        }
        Ok(PageSet {
            ranges,
            spec: spec.to_string(),
        })
    }

    /// Whether page `n` (1-based) is selected.
    pub fn contains(&self, n: u32) -> bool {
        self.ranges
            .iter()
            .any(|&(a, b)| n >= a && b.is_none_or(|b| n <= b))
    }

    /// The highest page number the selection names explicitly (an `N-end` range names N).
    pub fn highest(&self) -> u32 {
        self.ranges
            .iter()
            .map(|&(a, b)| b.unwrap_or(a))
            .max()
            .unwrap_or(0)
    }

    /// The selection as written.
    pub fn spec(&self) -> &str {
        &self.spec
    }
}

impl std::str::FromStr for PageSet {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PageSet::parse(s)
    }
}

/// Set once stdout's reader has gone away (`renja ... | head`); later output is dropped.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Whether standard output was closed by its reader.
pub fn stdout_closed() -> bool {
    STDOUT_CLOSED.load(Ordering::Relaxed)
}

/// Standard output that treats a closed pipe as the reader's choice, not an error: the write
/// succeeds and is dropped, so `| head` never panics and the command still finishes the work
/// that does not go to the terminal (files it writes, a database).
pub struct Stdout {
    inner: anstream::AutoStream<io::Stdout>,
}

/// Standard output, with colour codes passed on a terminal and stripped elsewhere (also when
/// `NO_COLOR` is set).
pub fn stdout() -> Stdout {
    Stdout {
        inner: anstream::AutoStream::auto(io::stdout()),
    }
}

/// Whether colours reach standard output (a terminal without `NO_COLOR`).
pub fn stdout_colours() -> bool {
    anstream::AutoStream::choice(&io::stdout()) != anstream::ColorChoice::Never
}

fn quiet_pipe(r: io::Result<usize>) -> io::Result<usize> {
    match r {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            Ok(0)
        }
        other => other,
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if stdout_closed() {
            return Ok(buf.len());
        }
        match quiet_pipe(self.inner.write(buf)) {
            Ok(0) if stdout_closed() => Ok(buf.len()),
            other => other,
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        if stdout_closed() {
            return Ok(());
        }
        quiet_pipe(self.inner.flush().map(|_| 0)).map(|_| ())
    }
}

/// Prints one line to stdout through [`Stdout`] (never panics on a closed pipe).
pub fn print_line(line: &str) {
    let mut o = stdout();
    let _ = writeln!(o, "{line}");
    let _ = o.flush();
}

/// Prints one line to stderr; a closed stderr (`2>&1 | head`) is ignored instead of panicking.
pub fn print_err(line: &str) {
    let mut e = anstream::AutoStream::auto(io::stderr());
    let _ = writeln!(e, "{line}");
}

/// ANSI styles for the severities of findings (stripped by [`Stdout`] when not a terminal).
pub mod style {
    use anstyle::{AnsiColor, Style};

    /// Errors: bold red.
    pub const ERROR: Style = AnsiColor::Red.on_default().bold();
    /// Warnings: yellow.
    pub const WARNING: Style = AnsiColor::Yellow.on_default();
    /// Info: cyan.
    pub const INFO: Style = AnsiColor::Cyan.on_default();
    /// Headings: bold.
    pub const HEADING: Style = Style::new().bold();

    /// `text` wrapped in `s`.
    pub fn paint(s: Style, text: &str) -> String {
        format!("{s}{text}{s:#}")
    }
}

#[cfg(test)]
mod tests {
    use super::PageSet;

    #[test]
    fn pages_parse_and_select() {
        let p = PageSet::parse("1,3-5,10-end").unwrap();
        let picked: Vec<u32> = (1..=12).filter(|&n| p.contains(n)).collect();
        assert_eq!(picked, [1, 3, 4, 5, 10, 11, 12]);
        assert_eq!(p.highest(), 10);
        assert_eq!(PageSet::parse("7").unwrap().highest(), 7);
        assert!(PageSet::parse("all").unwrap().contains(999));
    }

    #[test]
    fn bad_pages_say_why() {
        assert!(PageSet::parse("0").unwrap_err().contains("numbered from 1"));
        assert!(PageSet::parse("5-2").unwrap_err().contains("backwards"));
        assert!(PageSet::parse("1,,2").unwrap_err().contains("empty"));
        assert!(PageSet::parse("x").unwrap_err().contains("`x`"));
        assert!(PageSet::parse("3-end").is_ok());
        assert!(PageSet::parse("0-end").is_err());
    }
}
