//! Store: extracted documents into a SQLite database for bulk digitisation and for comparing
//! documents across regions and years. Writes are idempotent per file content, so a batch that
//! was stopped can be run again and only does the files it has not done.

use crate::extracted::Document;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::path::Path;

/// Bumped whenever the tables below change shape; an older database is refused with a message.
const SCHEMA_VERSION: i64 = 2;

/// `PRAGMA application_id` of a renja database ("RNJA"): the marker that lets renja tell its
/// own database from somebody else's, which it must never touch.
const APPLICATION_ID: i64 = 0x524E_4A41;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    name TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
    error TEXT,
    pages INTEGER,
    warnings TEXT,
    renja_version TEXT NOT NULL,
    stored_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS doc_tables (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    title TEXT NOT NULL,
    first_page INTEGER NOT NULL,
    last_page INTEGER NOT NULL,
    header_rows TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS doc_rows (
    id INTEGER PRIMARY KEY,
    table_id INTEGER NOT NULL REFERENCES doc_tables(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    page INTEGER NOT NULL,
    cells TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS doc_rows_table ON doc_rows(table_id);
CREATE INDEX IF NOT EXISTS doc_tables_document ON doc_tables(document_id);
CREATE TABLE IF NOT EXISTS doc_meta (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    pemda TEXT,
    opd TEXT,
    year INTEGER,
    kind TEXT
);
CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    table_idx INTEGER NOT NULL,
    table_kind TEXT NOT NULL,
    table_title TEXT NOT NULL,
    page INTEGER NOT NULL,
    row_idx INTEGER NOT NULL,
    level TEXT NOT NULL,
    code TEXT,
    code_source TEXT NOT NULL,
    name TEXT NOT NULL,
    money TEXT NOT NULL,
    indicators TEXT NOT NULL,
    lokasi TEXT,
    sumber_dana TEXT
);
CREATE INDEX IF NOT EXISTS items_code ON items(code);
CREATE INDEX IF NOT EXISTS items_document ON items(document_id);
CREATE TABLE IF NOT EXISTS findings (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    check_id TEXT NOT NULL,
    check_name TEXT NOT NULL,
    severity TEXT NOT NULL,
    page INTEGER NOT NULL,
    table_title TEXT NOT NULL,
    row_idx INTEGER,
    code TEXT,
    name TEXT,
    column_key TEXT,
    expected TEXT,
    found TEXT,
    difference TEXT,
    message_id TEXT NOT NULL,
    message_en TEXT NOT NULL,
    fingerprint TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS findings_document ON findings(document_id);
";

/// One stored item for a code, as `renja compare` shows it side by side.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ComparedItem {
    /// Document file name.
    pub document: String,
    /// Pemda (Kota Serang, Kabupaten Paser, ...).
    pub pemda: Option<String>,
    /// Document year.
    pub year: Option<i64>,
    /// Table kind.
    pub table_kind: String,
    /// Page.
    pub page: i64,
    /// Canonical code.
    pub code: String,
    /// Name as printed.
    pub name: String,
    /// Money per column key: (raw text, sen).
    pub money: std::collections::BTreeMap<String, (String, i64)>,
}

fn sql(e: rusqlite::Error) -> String {
    e.to_string()
}

/// A handle on the database.
pub struct Store {
    conn: Connection,
}

/// What the store knows of a file already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Known {
    /// Never seen.
    New,
    /// Stored successfully.
    Done,
    /// Seen and failed (a batch skips it unless asked to retry).
    Failed,
}

/// A stable content hash of a file (FNV-1a 64 over the bytes, plus the length): enough to tell
/// whether this exact file was already stored, without pulling in a cryptographic hash crate.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}-{}", bytes.len())
}

impl Store {
    /// Opens (creating when missing) the database at `path`.
    pub fn open(path: &Path) -> Result<Store, String> {
        let conn = Connection::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Self::init(conn).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// An in-memory database (tests).
    pub fn in_memory() -> Result<Store, String> {
        Self::init(Connection::open_in_memory().map_err(|e| e.to_string())?)
    }

    fn init(conn: Connection) -> Result<Store, String> {
        // Decided before anything is written (WAL, tables): a foreign database stays untouched.
        ensure_ours(&conn)?;
        conn.execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;",
        )
        .map_err(|e| e.to_string())?;
        conn.execute_batch(SCHEMA).map_err(|e| e.to_string())?;
        let v: Option<String> = conn
            .query_row(
                "SELECT value FROM meta WHERE key='schema_version'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| e.to_string())?;
        match v {
            None => {
                conn.execute(
                    "INSERT INTO meta(key, value) VALUES ('schema_version', ?1)",
                    params![SCHEMA_VERSION.to_string()],
                )
                .map_err(|e| e.to_string())?;
                conn.pragma_update(None, "application_id", APPLICATION_ID)
                    .map_err(sql)?;
            }
            Some(v) if v == SCHEMA_VERSION.to_string() => {}
            Some(v) => {
                return Err(format!(
                    "database schema version {v}, this renja writes version {SCHEMA_VERSION}; use a new database file"
                ))
            }
        }
        Ok(Store { conn })
    }

    /// Whether a file with this content hash was stored before, and how it went.
    pub fn known(&self, hash: &str) -> Result<Known, String> {
        // A document stored without its analysis (doc_meta is written with every analysis) was
        // interrupted by an older renja that stored the two apart: it is done again.
        let s: Option<(String, bool)> = self
            .conn
            .query_row(
                "SELECT status, EXISTS (SELECT 1 FROM doc_meta m WHERE m.document_id = d.id)
                 FROM documents d WHERE content_hash = ?1",
                params![hash],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| e.to_string())?;
        Ok(match s {
            None => Known::New,
            Some((st, analysed)) if st == "ok" => {
                if analysed {
                    Known::Done
                } else {
                    Known::New
                }
            }
            Some(_) => Known::Failed,
        })
    }

    /// Stores an extracted document (replacing an earlier record of the same content) in one
    /// transaction, so an interrupted batch never leaves half a document behind.
    pub fn put_document(
        &mut self,
        path: &Path,
        hash: &str,
        size: u64,
        doc: &Document,
    ) -> Result<i64, String> {
        let tx = self.conn.transaction().map_err(|e| e.to_string())?;
        let id = write_document(&tx, path, hash, size, doc)?;
        tx.commit().map_err(|e| e.to_string())?;
        Ok(id)
    }

    /// Stores a document and what the model and checks made of it in one transaction: a batch
    /// killed in between leaves neither, so the next run does the file again.
    pub fn put_document_and_analysis(
        &mut self,
        path: &Path,
        hash: &str,
        size: u64,
        doc: &Document,
        analysis: Option<(&crate::model::DocModel, &[crate::checks::Finding])>,
    ) -> Result<i64, String> {
        let tx = self.conn.transaction().map_err(sql)?;
        let id = write_document(&tx, path, hash, size, doc)?;
        if let Some((model, findings)) = analysis {
            write_analysis(&tx, id, model, findings)?;
        }
        tx.commit().map_err(sql)?;
        Ok(id)
    }

    /// Records a file that could not be read, so the batch report and a later retry know of it.
    pub fn put_failure(
        &mut self,
        path: &Path,
        hash: &str,
        size: u64,
        error: &str,
    ) -> Result<(), String> {
        self.conn
            .execute(
                "INSERT INTO documents(path, name, content_hash, size, status, error, renja_version)
                 VALUES (?1, ?2, ?3, ?4, 'error', ?5, ?6)
                 ON CONFLICT(content_hash) DO UPDATE SET status='error', error=excluded.error,
                   path=excluded.path, stored_at=datetime('now')",
                params![
                    path.display().to_string(),
                    path.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(),
                    hash,
                    size as i64,
                    error,
                    env!("CARGO_PKG_VERSION"),
                ],
            )
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// Stores what the model and checks made of a stored document: its metadata, every plan item
    /// with its code and money, and every finding, replacing an earlier analysis.
    pub fn put_analysis(
        &mut self,
        doc_id: i64,
        model: &crate::model::DocModel,
        findings: &[crate::checks::Finding],
    ) -> Result<(), String> {
        let tx = self.conn.transaction().map_err(sql)?;
        write_analysis(&tx, doc_id, model, findings)?;
        tx.commit().map_err(sql)
    }

    /// Every stored item with one of these canonical codes, across documents, ordered by code,
    /// pemda and year: the same sub kegiatan side by side across regions and years.
    pub fn compare(&self, codes: &[String]) -> Result<Vec<ComparedItem>, String> {
        let mut out = Vec::new();
        let mut q = self
            .conn
            .prepare(
                "SELECT d.name, m.pemda, m.year, i.table_kind, i.page, i.code, i.name, i.money
                 FROM items i JOIN documents d ON d.id = i.document_id
                 LEFT JOIN doc_meta m ON m.document_id = i.document_id
                 WHERE i.code = ?1
                 ORDER BY i.code, m.pemda, m.year, d.name, i.table_idx, i.row_idx",
            )
            .map_err(sql)?;
        for code in codes {
            let rows = q
                .query_map(params![code], |r| {
                    let money: String = r.get(7)?;
                    Ok(ComparedItem {
                        document: r.get(0)?,
                        pemda: r.get(1)?,
                        year: r.get(2)?,
                        table_kind: r.get(3)?,
                        page: r.get(4)?,
                        code: r.get(5)?,
                        name: r.get(6)?,
                        money: serde_json::from_str(&money).unwrap_or_default(),
                    })
                })
                .map_err(sql)?;
            for row in rows {
                out.push(row.map_err(sql)?);
            }
        }
        Ok(out)
    }

    /// Counts of stored documents by status: (ok, error).
    pub fn counts(&self) -> Result<(u64, u64), String> {
        self.conn
            .query_row(
                "SELECT COALESCE(SUM(status='ok'),0), COALESCE(SUM(status='error'),0) FROM documents",
                [],
                |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
            )
            .map_err(|e| e.to_string())
    }

    /// The underlying connection, for queries the command line offers (compare, export).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

fn write_document(
    tx: &Transaction,
    path: &Path,
    hash: &str,
    size: u64,
    doc: &Document,
) -> Result<i64, String> {
    tx.execute(
        "DELETE FROM documents WHERE content_hash = ?1",
        params![hash],
    )
    .map_err(|e| e.to_string())?;
    tx.execute(
            "INSERT INTO documents(path, name, content_hash, size, status, pages, warnings, renja_version)
             VALUES (?1, ?2, ?3, ?4, 'ok', ?5, ?6, ?7)",
            params![
                path.display().to_string(),
                doc.name,
                hash,
                size as i64,
                doc.pages,
                serde_json::to_string(&doc.warnings).unwrap_or_default(),
                env!("CARGO_PKG_VERSION"),
            ],
        )
        .map_err(|e| e.to_string())?;
    let doc_id = tx.last_insert_rowid();
    {
        let mut ins_table = tx
                .prepare(
                    "INSERT INTO doc_tables(document_id, idx, title, first_page, last_page, header_rows)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .map_err(|e| e.to_string())?;
        let mut ins_row = tx
            .prepare("INSERT INTO doc_rows(table_id, idx, page, cells) VALUES (?1, ?2, ?3, ?4)")
            .map_err(|e| e.to_string())?;
        for (ti, t) in doc.tables.iter().enumerate() {
            let header: Vec<Vec<&str>> = t
                .header_rows
                .iter()
                .map(|r| r.iter().map(|c| c.text.as_str()).collect())
                .collect();
            ins_table
                .execute(params![
                    doc_id,
                    ti as i64,
                    t.title,
                    t.page,
                    t.last_page,
                    serde_json::to_string(&header).unwrap_or_default()
                ])
                .map_err(|e| e.to_string())?;
            let table_id = tx.last_insert_rowid();
            for (ri, r) in t.rows.iter().enumerate() {
                ins_row
                    .execute(params![
                        table_id,
                        ri as i64,
                        r.page,
                        serde_json::to_string(&r.cells).unwrap_or_default()
                    ])
                    .map_err(|e| e.to_string())?;
            }
        }
    }
    Ok(doc_id)
}

fn write_analysis(
    tx: &Transaction,
    doc_id: i64,
    model: &crate::model::DocModel,
    findings: &[crate::checks::Finding],
) -> Result<(), String> {
    let label = |v: serde_json::Value| {
        v.as_str()
            .map(str::to_string)
            .unwrap_or_else(|| v.to_string())
    };
    tx.execute(
        "DELETE FROM doc_meta WHERE document_id = ?1",
        params![doc_id],
    )
    .map_err(sql)?;
    tx.execute("DELETE FROM items WHERE document_id = ?1", params![doc_id])
        .map_err(sql)?;
    tx.execute(
        "DELETE FROM findings WHERE document_id = ?1",
        params![doc_id],
    )
    .map_err(sql)?;
    let m = &model.meta;
    tx.execute(
        "INSERT INTO doc_meta(document_id, pemda, opd, year, kind) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            doc_id,
            m.pemda,
            m.opd,
            m.year,
            m.kind
                .map(|k| label(serde_json::to_value(k).unwrap_or_default()))
        ],
    )
    .map_err(sql)?;
    {
        let mut ins = tx
                .prepare(
                    "INSERT INTO items(document_id, table_idx, table_kind, table_title, page, row_idx, level,
                       code, code_source, name, money, indicators, lokasi, sumber_dana)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                )
                .map_err(sql)?;
        for t in &model.tables {
            let kind = label(serde_json::to_value(t.class.kind).unwrap_or_default());
            for it in &t.items {
                let money: std::collections::BTreeMap<&str, (&str, i64)> = it
                    .money
                    .iter()
                    .map(|(k, v)| (k.as_str(), (v.raw.as_str(), v.value.0)))
                    .collect();
                ins.execute(params![
                    doc_id,
                    t.index as i64,
                    kind,
                    t.title,
                    it.page,
                    it.row as i64,
                    label(serde_json::to_value(it.level).unwrap_or_default()),
                    it.code,
                    label(serde_json::to_value(it.code_source).unwrap_or_default()),
                    it.name,
                    serde_json::to_string(&money).unwrap_or_default(),
                    serde_json::to_string(&it.indicators).unwrap_or_default(),
                    it.lokasi,
                    it.sumber_dana,
                ])
                .map_err(sql)?;
            }
        }
        let mut insf = tx
                .prepare(
                    "INSERT INTO findings(document_id, check_id, check_name, severity, page, table_title, row_idx,
                       code, name, column_key, expected, found, difference, message_id, message_en,
                       fingerprint, evidence)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                )
                .map_err(sql)?;
        for f in findings {
            insf.execute(params![
                doc_id,
                f.id,
                f.check,
                label(serde_json::to_value(f.severity).unwrap_or_default()),
                f.page,
                f.table,
                f.row.map(|r| r as i64),
                f.code,
                f.name,
                f.column,
                f.expected,
                f.found,
                f.difference,
                f.message_id,
                f.message_en,
                f.evidence.fingerprint,
                serde_json::to_string(&f.evidence).unwrap_or_else(|_| "{}".into()),
            ])
            .map_err(sql)?;
        }
    }
    Ok(())
}

/// Refuses a database renja did not create: only an empty one or one carrying renja's
/// application_id (or, from before the marker, renja's own `meta` schema_version row) is used.
fn ensure_ours(conn: &Connection) -> Result<(), String> {
    let app: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| format!("not a SQLite database renja can use: {e}"))?;
    if app == APPLICATION_ID {
        return Ok(());
    }
    let objects: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(|e| format!("not a SQLite database renja can use: {e}"))?;
    if app == 0 && objects == 0 {
        return Ok(());
    }
    let legacy = app == 0
        && conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'schema_version'",
                [],
                |r| r.get::<_, String>(0),
            )
            .is_ok()
        && conn
            .query_row("SELECT count(*) FROM documents", [], |r| r.get::<_, i64>(0))
            .is_ok();
    if legacy {
        return Ok(());
    }
    Err(format!(
        "not a renja database (application_id {app:#x}, {objects} schema objects): left untouched; give a new or empty database file"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extracted::{Cell, Row, Table};

    fn doc() -> Document {
        Document {
            name: "a.pdf".into(),
            pages: 2,
            tables: vec![Table {
                title: "Tabel 3.3".into(),
                page: 1,
                last_page: 2,
                header_rows: vec![vec![Cell::text("Kode"), Cell::text("Pagu")]],
                rows: vec![Row {
                    page: 2,
                    cells: vec![Cell::text("2.07.01"), Cell::text("1,000")],
                }],
            }],
            ..Default::default()
        }
    }

    #[test]
    fn storing_twice_keeps_one_copy_and_marks_it_done() {
        let mut s = Store::in_memory().unwrap();
        let h = content_hash(b"%PDF-1.4 x");
        assert_eq!(s.known(&h).unwrap(), Known::New);
        let m = crate::model::build(&doc());
        for _ in 0..2 {
            s.put_document_and_analysis(Path::new("a.pdf"), &h, 10, &doc(), Some((&m, &[])))
                .unwrap();
        }
        assert_eq!(s.known(&h).unwrap(), Known::Done);
        let rows: i64 = s
            .connection()
            .query_row("SELECT COUNT(*) FROM doc_rows", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 1);
        assert_eq!(s.counts().unwrap(), (1, 0));
    }

    #[test]
    fn a_failure_is_recorded_and_later_replaced_by_success() {
        let mut s = Store::in_memory().unwrap();
        let h = content_hash(b"garbage");
        s.put_failure(Path::new("b.pdf"), &h, 7, "not a PDF")
            .unwrap();
        assert_eq!(s.known(&h).unwrap(), Known::Failed);
        s.put_document(Path::new("b.pdf"), &h, 7, &doc()).unwrap();
        assert_eq!(s.counts().unwrap(), (1, 0));
    }

    #[test]
    fn a_document_stored_without_its_analysis_is_done_again() {
        // What a batch killed between the two writes of older renja versions left behind.
        let mut s = Store::in_memory().unwrap();
        let h = content_hash(b"%PDF-1.4 y");
        let id = s.put_document(Path::new("a.pdf"), &h, 10, &doc()).unwrap();
        assert_eq!(s.known(&h).unwrap(), Known::New);
        s.put_analysis(id, &crate::model::build(&doc()), &[])
            .unwrap();
        assert_eq!(s.known(&h).unwrap(), Known::Done);
    }

    #[test]
    fn hashes_differ_for_different_content() {
        assert_ne!(content_hash(b"abc"), content_hash(b"abd"));
        assert_eq!(content_hash(b"abc"), content_hash(b"abc"));
    }
}
