//! Reading damaged and truncated PDFs, as poppler and qpdf do: find the objects by scanning the
//! file, then find the pages among them.
//!
//! lopdf 0.47's lenient loading already rebuilds the cross-reference table by scanning for
//! `N G obj` headers when the table is garbage or missing (`LoadOptions::force_reconstruct`,
//! `Document::xref_recovery`), but only when it also finds a trailer, a cross-reference stream
//! or a catalog: a file cut off before its end usually has none of these (Chromium and Word write
//! the catalog near the end), and the load fails with "failed parsing cross reference table".
//! lopdf keeps its single-object parser private, so rather than parse objects ourselves we cut
//! the bytes after the last complete `endobj` and append a minimal trailer; lopdf's own scan
//! then loads every intact object (object streams included). The page list is then rebuilt here:
//! from the newest catalog's page tree if it survived, else from a root `/Pages` node, else from
//! the `/Type /Page` objects in file order. Pages the tree names but whose objects are lost stay
//! in the list (so numbering matches the original) and fail when read.

use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::{HashMap, HashSet};

/// A minimal trailer lets lopdf's reconstruction accept a file that lost its own. lopdf only
/// takes a trailer whose `/Root` names an object it found, so a placeholder catalog without
/// `/Pages` goes in too ([`find_pages`] skips it).
pub(super) fn repaired_bytes(bytes: &[u8]) -> Option<Vec<u8>> {
    let end = rfind(bytes, b"endobj")? + b"endobj".len();
    let max_id = object_offsets(&bytes[..end]).keys().map(|id| id.0).max()?;
    let mut out = Vec::with_capacity(end + 64);
    out.extend_from_slice(&bytes[..end]);
    let root = max_id + 1;
    out.extend_from_slice(
        format!(
            "\n{root} 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Size {} /Root {root} 0 R >>\n%%EOF\n",
            root + 1
        )
        .as_bytes(),
    );
    Some(out)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Byte offset of every `N G obj` header that starts a line (the last one wins, as incremental
/// updates append). Stream payloads are not skipped, so a payload line that looks like a header
/// may shift an object's position; it is only used to order pages.
pub(super) fn object_offsets(bytes: &[u8]) -> HashMap<ObjectId, usize> {
    let mut out = HashMap::new();
    let mut i = 0;
    while i < bytes.len() {
        let line_start = i == 0 || matches!(bytes[i - 1], b'\n' | b'\r');
        if line_start && bytes[i].is_ascii_digit() {
            if let Some(id) = header_at(&bytes[i..]) {
                out.insert(id, i);
            }
        }
        i += 1;
    }
    out
}

/// Parses `N G obj` at the start of `b`.
pub(super) fn header_at(b: &[u8]) -> Option<ObjectId> {
    let mut p = 0;
    let num = |p: &mut usize| -> Option<u64> {
        let s = *p;
        while *p < b.len() && b[*p].is_ascii_digit() && *p - s < 10 {
            *p += 1;
        }
        (*p > s)
            .then(|| std::str::from_utf8(&b[s..*p]).ok()?.parse().ok())
            .flatten()
    };
    let ws = |p: &mut usize| -> bool {
        let s = *p;
        while *p < b.len() && matches!(b[*p], b' ' | b'\t' | b'\r' | b'\n') {
            *p += 1;
        }
        *p > s
    };
    let n = num(&mut p)?;
    if !ws(&mut p) {
        return None;
    }
    let g = num(&mut p)?;
    if !ws(&mut p) {
        return None;
    }
    if !b[p..].starts_with(b"obj") {
        return None;
    }
    Some((u32::try_from(n).ok()?, u16::try_from(g).ok()?))
}

fn type_is(d: &Dictionary, t: &[u8]) -> bool {
    matches!(d.get(b"Type"), Ok(Object::Name(n)) if n == t)
}

/// A standard security handler's dictionary survives in the objects even when the trailer
/// that pointed at it is lost; such a file cannot be read without decrypting.
pub(super) fn has_encryption_dict(doc: &Document) -> bool {
    doc.objects.values().any(|o| {
        o.as_dict().is_ok_and(|d| {
            matches!(d.get(b"Filter"), Ok(Object::Name(n)) if n == b"Standard")
                && d.has(b"O")
                && d.has(b"U")
        })
    })
}

/// The recovered page list, and how it was found.
pub(super) struct Recovered {
    /// Page object ids in reading order; some may name objects that were lost.
    pub pages: Vec<ObjectId>,
    /// Where the order came from, for the warning.
    pub source: &'static str,
}

/// Finds the pages of a document whose structure is damaged; `offsets` are the objects' byte
/// positions (objects inside object streams have none and sort first by id).
pub(super) fn find_pages(doc: &mut Document, offsets: &HashMap<ObjectId, usize>) -> Recovered {
    let pos = |id: &ObjectId| offsets.get(id).copied().unwrap_or(0);
    let present = |doc: &Document, pages: &[ObjectId]| {
        pages
            .iter()
            .filter(|id| doc.objects.contains_key(id))
            .count()
    };
    // The newest catalog whose page tree leads to at least one surviving page.
    let mut catalogs: Vec<(ObjectId, ObjectId)> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| {
            let d = o.as_dict().ok()?;
            type_is(d, b"Catalog")
                .then(|| Some((*id, d.get(b"Pages").ok()?.as_reference().ok()?)))
                .flatten()
        })
        .collect();
    catalogs.sort_by_key(|(id, _)| std::cmp::Reverse((pos(id), *id)));
    for (cat, root) in catalogs {
        let pages = walk_tree(doc, root);
        if present(doc, &pages) > 0 {
            doc.trailer.set("Root", Object::Reference(cat));
            return Recovered {
                pages,
                source: "page tree",
            };
        }
    }
    // No catalog: the root of a page tree is a `/Pages` node without a parent; take the one
    // that says it holds the most pages.
    let mut roots: Vec<(i64, ObjectId)> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| {
            let d = o.as_dict().ok()?;
            (type_is(d, b"Pages") && !d.has(b"Parent"))
                .then(|| (d.get(b"Count").and_then(Object::as_i64).unwrap_or(0), *id))
        })
        .collect();
    roots.sort_by_key(|r| std::cmp::Reverse(*r));
    for (_, root) in roots {
        let pages = walk_tree(doc, root);
        if present(doc, &pages) > 0 {
            return Recovered {
                pages,
                source: "page tree (catalog lost)",
            };
        }
    }
    let mut pages: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| o.as_dict().is_ok_and(|d| type_is(d, b"Page")))
        .map(|(id, _)| *id)
        .collect();
    pages.sort_by_key(|id| (pos(id), *id));
    Recovered {
        pages,
        source: "page objects in file order (page tree lost)",
    }
}

/// The leaves of a page tree in order; a kid whose object is missing is kept as a page (it is
/// most likely one, and keeping it keeps the numbering of the pages after it).
fn walk_tree(doc: &Document, root: ObjectId) -> Vec<ObjectId> {
    fn go(
        doc: &Document,
        id: ObjectId,
        depth: u32,
        seen: &mut HashSet<ObjectId>,
        out: &mut Vec<ObjectId>,
    ) {
        if depth > 64 || !seen.insert(id) {
            return;
        }
        let Ok(d) = doc.get_dictionary(id) else {
            out.push(id);
            return;
        };
        if type_is(d, b"Pages") || (!type_is(d, b"Page") && d.has(b"Kids")) {
            let kids = d.get(b"Kids").and_then(|k| match k {
                Object::Reference(r) => doc.get_object(*r).and_then(Object::as_array),
                k => k.as_array(),
            });
            for kid in kids.into_iter().flatten() {
                if let Ok(k) = kid.as_reference() {
                    go(doc, k, depth + 1, seen, out);
                }
            }
        } else {
            out.push(id);
        }
    }
    let mut out = Vec::new();
    go(doc, root, 0, &mut HashSet::new(), &mut out);
    out
}

/// "3–5, 9" for pages 3, 4, 5 and 9.
pub(super) fn ranges(pages: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pages.len() {
        let mut j = i;
        while j + 1 < pages.len() && pages[j + 1] == pages[j] + 1 {
            j += 1;
        }
        parts.push(if j > i {
            format!("{}–{}", pages[i], pages[j])
        } else {
            pages[i].to_string()
        });
        i = j + 1;
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_ranges() {
        assert_eq!(header_at(b"12 0 obj\n<<>>"), Some((12, 0)));
        assert_eq!(header_at(b"12 0 R"), None);
        assert_eq!(header_at(b"12 obj"), None);
        let off = object_offsets(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n 2 0 obj x 3 0 obj\n");
        assert_eq!(off.get(&(1, 0)), Some(&9));
        // Only headers that start a line count.
        assert!(!off.contains_key(&(3, 0)) && !off.contains_key(&(2, 0)));
        assert_eq!(ranges(&[3, 4, 5, 9]), "3–5, 9");
        assert_eq!(ranges(&[]), "");
    }

    #[test]
    fn repaired_bytes_cut_after_last_object() {
        let r = repaired_bytes(b"%PDF-1.4\n7 0 obj\n<<>>\nendobj\n8 0 obj\n<</Len").unwrap();
        let s = String::from_utf8(r).unwrap();
        assert!(
            s.ends_with("endobj\n8 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Size 9 /Root 8 0 R >>\n%%EOF\n"),
            "{s}"
        );
        assert!(repaired_bytes(b"%PDF-1.4\n7 0 obj\n<<").is_none());
    }
}
