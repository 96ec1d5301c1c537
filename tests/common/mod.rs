//! Helpers shared by the integration tests that build PDFs by hand.
// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use lopdf::{dictionary, Document, Object, Stream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// A one-page PDF of `media` = (w, h) points with the given `/Rotate`, whose page shows the
/// image XObject `image` scaled to `place` = (w, h) points at the origin.
pub fn one_image_page(
    image: Stream,
    place: (f32, f32),
    media: (f32, f32),
    rotate: i64,
) -> Document {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let img_id = doc.add_object(image);
    let content = format!("q {} 0 0 {} 0 0 cm /Im0 Do Q", place.0, place.1);
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), Object::Real(media.0), Object::Real(media.1)],
        "Rotate" => rotate,
        "Contents" => content_id,
        "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => img_id } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc
}

/// A Flate-compressed 8-bit DeviceGray image XObject of `width` x `height` pixels.
pub fn gray_image(width: usize, height: usize, pixels: Vec<u8>) -> Stream {
    let mut stream = Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => width as i64,
            "Height" => height as i64,
            "ColorSpace" => "DeviceGray",
            "BitsPerComponent" => 8,
        },
        pixels,
    );
    stream.compress().expect("Flate compression of an image");
    stream
}

/// Debian's chromium, when installed (`make test` installs it).
pub fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// Runs chromium headless with a throwaway profile; kills it after `limit`. Its output goes
/// to files: a dumped DOM is larger than a pipe's buffer, and an unread pipe stalls chromium.
pub fn run_chromium(
    bin: &Path,
    profile: &Path,
    args: &[String],
    limit: Duration,
) -> (String, String) {
    std::fs::create_dir_all(profile).unwrap();
    let tag = if args.iter().any(|a| a == "--dump-dom") {
        "dom"
    } else {
        "shot"
    };
    let (out_path, err_path) = (
        profile.join(format!("{tag}.stdout.txt")),
        profile.join(format!("{tag}.stderr.txt")),
    );
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .env("HOME", profile)
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("start chromium");
    let start = std::time::Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("chromium did not finish in {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let read = |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
    (read(&out_path), read(&err_path))
}

/// A PDF of one image per page, each page the size (points) given with its image.
pub fn image_pages(pages: Vec<(Stream, (f32, f32))>) -> Document {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut kids: Vec<Object> = Vec::new();
    for (image, (w, h)) in pages {
        let img_id = doc.add_object(image);
        let content = format!("q {w} 0 0 {h} 0 0 cm /Im0 Do Q");
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(w), Object::Real(h)],
            "Contents" => content_id,
            "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => img_id } },
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc
}

/// SplitMix64: a fixed, well-mixed sequence per seed, so a generated case and its failure are
/// reproducible.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A binary 8-bit PGM (P5) as pdftoppm writes it: (width, height, pixels).
pub fn read_pgm(b: &[u8]) -> (usize, usize, Vec<u8>) {
    // Header: magic, width, height, maxval, each after whitespace; one byte before the pixels.
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while b[i].is_ascii_whitespace() {
            i += 1;
        }
        let s = i;
        while !b[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&b[s..i]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, b[i + 1..i + 1 + w * h].to_vec())
}

/// (kept, lost, extra) of `got` against `want`, compared as multisets of `key`.
pub fn compare_by<T>(
    want: &[T],
    got: &[T],
    key: impl Fn(&T) -> String,
) -> (usize, Vec<String>, Vec<String>) {
    let mut rest: Vec<String> = got.iter().map(&key).collect();
    let mut lost = Vec::new();
    let mut kept = 0;
    for k in want.iter().map(&key) {
        match rest.iter().position(|x| *x == k) {
            Some(i) => {
                rest.remove(i);
                kept += 1;
            }
            None => lost.push(k),
        }
    }
    (kept, lost, rest)
}
