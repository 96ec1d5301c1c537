//! Store: extracted documents into a SQLite database for bulk digitisation and for comparing
//! documents across regions and years. Writes are idempotent per file content, so a batch that
//! was stopped can be run again and only does the files it has not done.
//!
//! What is stored is engine-neutral: [`flat`] turns a document's model into the rows analysts
//! query (amounts, targets, the content signature that links duplicates); this module writes
//! them to SQLite, [`pg`] to PostgreSQL (same rows, schema and views), behind [`Backend`].

pub mod backend;
pub mod compare;
pub mod flat;
pub mod pg;

pub use backend::{Backend, Db, Lease, Leases};

use crate::extracted::Document;
use rusqlite::{params, Connection, ErrorCode, OpenFlags, OptionalExtension, Transaction};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Bumped whenever the tables below change shape. Version 2 databases are migrated (their
/// documents are analysed again by the next batch, since they lack the flat amounts); older or
/// newer ones are refused with a message.
pub const SCHEMA_VERSION: i64 = 3;

/// `PRAGMA application_id` of a renja database ("RNJA"): the marker that lets renja tell its
/// own database from somebody else's, which it must never touch.
const APPLICATION_ID: i64 = 0x524E_4A41;

/// How long a write waits for another process holding the database before giving up, unless
/// `RENJA_DB_TIMEOUT` (seconds) says otherwise.
const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(30);

const SCHEMA: &str = include_str!("schema.sql");

/// The views analysts query; recreated on every open, so a newer renja's views replace older
/// ones without a schema bump.
pub(crate) const VIEWS: &str = include_str!("views.sql");

/// What a file is: its path, content hash, size and modification time (seconds since 1970).
#[derive(Debug, Clone)]
pub struct FileInfo {
    /// Path as given to the batch.
    pub path: PathBuf,
    /// [`content_hash`] of the bytes.
    pub hash: String,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, seconds since 1970 (0 when unknown): the latest submission among
    /// duplicates wins.
    pub mtime: i64,
}

impl FileInfo {
    /// Reads size and modification time of `path` for content hash `hash`.
    pub fn new(path: &Path, hash: &str, size: u64) -> FileInfo {
        let mtime = std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        FileInfo {
            path: path.to_path_buf(),
            hash: hash.to_string(),
            size,
            mtime,
        }
    }
    fn name(&self) -> String {
        self.path
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// A handle on the database.
pub struct Store {
    conn: Connection,
    path: String,
}

/// What the store knows of a file already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Known {
    /// Never seen (or stored without its analysis, by an interrupted older renja).
    New,
    /// Stored by this renja version with these rules.
    Done,
    /// Stored by another renja version or other rules (`--reprocess-older` redoes it).
    Older,
    /// Seen and failed (a batch skips it unless asked to retry).
    Failed,
}

/// What a stored record (status, whether analysed, renja version, rules hash) means for a new
/// batch; shared by both engines.
pub(crate) fn known_from(s: Option<(String, bool, String, Option<String>)>) -> Known {
    let (version, rules) = producer();
    match s {
        None => Known::New,
        Some((st, analysed, v, r)) if st == "ok" => match r {
            None => Known::New,
            Some(_) if !analysed => Known::New,
            Some(r) if v == version && r == rules => Known::Done,
            Some(_) => Known::Older,
        },
        Some(_) => Known::Failed,
    }
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

/// The version and rules this renja stores with each document.
pub fn producer() -> (&'static str, &'static str) {
    (env!("CARGO_PKG_VERSION"), crate::rules::fingerprint())
}

pub(crate) fn busy_timeout() -> Duration {
    std::env::var("RENJA_DB_TIMEOUT")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64)
        .unwrap_or(DEFAULT_BUSY_TIMEOUT)
}

/// Turns an SQLite error into a sentence a user can act on.
fn explain(e: rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => format!(
            "the database is locked by another process (waited {:.0} s; RENJA_DB_TIMEOUT sets the wait): {e}",
            busy_timeout().as_secs_f64()
        ),
        Some(ErrorCode::ReadOnly) => format!(
            "the database is read-only (file or directory permissions): {e}"
        ),
        Some(ErrorCode::NotADatabase) => format!("not a SQLite database: {e}"),
        _ => e.to_string(),
    }
}

fn sql(e: rusqlite::Error) -> String {
    explain(e)
}

impl Store {
    /// Opens (creating when missing) the database at `path` for writing.
    pub fn open(path: &Path) -> Result<Store, String> {
        let conn =
            Connection::open(path).map_err(|e| format!("{}: {}", path.display(), explain(e)))?;
        Self::init(conn, path.display().to_string(), true)
            .map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Opens an existing database for reading only (`renja compare`): works on a read-only
    /// file and never changes the database.
    pub fn open_read_only(path: &Path) -> Result<Store, String> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| format!("{}: {}", path.display(), explain(e)))?;
        Self::init(conn, path.display().to_string(), false)
            .map_err(|e| format!("{}: {e}", path.display()))
    }

    /// An in-memory database (tests).
    pub fn in_memory() -> Result<Store, String> {
        Self::init(
            Connection::open_in_memory().map_err(|e| e.to_string())?,
            ":memory:".into(),
            true,
        )
    }

    /// The database's path as given.
    pub fn path(&self) -> &str {
        &self.path
    }

    fn init(conn: Connection, path: String, write: bool) -> Result<Store, String> {
        conn.busy_timeout(busy_timeout()).map_err(sql)?;
        // Decided before anything is written (WAL, tables): a foreign database stays untouched.
        ensure_ours(&conn)?;
        let version = stored_version(&conn)?;
        if !write {
            return match version {
                Some(v) if v == SCHEMA_VERSION => Ok(Store { conn, path }),
                Some(v) => Err(format!(
                    "database schema version {v}, this renja reads version {SCHEMA_VERSION}; run `renja batch` on it first (it migrates version 2)"
                )),
                None => Err("an empty database: fill it with `renja batch` first".into()),
            };
        }
        if let Some(v) = version {
            if v != SCHEMA_VERSION && v != 2 {
                return Err(format!(
                    "database schema version {v}, this renja writes version {SCHEMA_VERSION} (and migrates version 2); use a new database file"
                ));
            }
        }
        conn.execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;",
        )
        .map_err(sql)?;
        let mut store = Store { conn, path };
        match version {
            Some(2) => store.migrate_from_2()?,
            Some(_) => store.conn.execute_batch(SCHEMA).map_err(sql)?,
            None => {
                let tx = store.conn.transaction().map_err(sql)?;
                tx.execute_batch(SCHEMA).map_err(sql)?;
                tx.execute(
                    "INSERT INTO meta(key, value) VALUES ('schema_version', ?1)",
                    params![SCHEMA_VERSION.to_string()],
                )
                .map_err(sql)?;
                tx.pragma_update(None, "application_id", APPLICATION_ID)
                    .map_err(sql)?;
                tx.commit().map_err(sql)?;
            }
        }
        store.conn.execute_batch(VIEWS).map_err(sql)?;
        Ok(store)
    }

    /// Schema 2 -> 3 in one transaction: new document columns, the flat tables, no money JSON.
    /// Documents of version 2 carry no amounts, so they are marked for analysis again (no
    /// rules hash): the next batch redoes them, and nothing reads them as complete meanwhile.
    fn migrate_from_2(&mut self) -> Result<(), String> {
        let tx = self.conn.transaction().map_err(sql)?;
        tx.execute_batch(
            "ALTER TABLE documents ADD COLUMN rules_hash TEXT;
             ALTER TABLE documents ADD COLUMN source TEXT;
             ALTER TABLE documents ADD COLUMN mtime INTEGER NOT NULL DEFAULT 0;
             ALTER TABLE documents ADD COLUMN group_id INTEGER;
             ALTER TABLE documents ADD COLUMN canonical INTEGER NOT NULL DEFAULT 1;
             ALTER TABLE documents ADD COLUMN canonical_id INTEGER;
             ALTER TABLE documents ADD COLUMN dup_key TEXT;
             ALTER TABLE items DROP COLUMN money;
             ALTER TABLE items ADD COLUMN satuan TEXT;
             ALTER TABLE findings ADD COLUMN table_idx INTEGER;",
        )
        .map_err(|e| format!("migrating schema 2 to 3: {}", explain(e)))?;
        tx.execute_batch(SCHEMA)
            .map_err(|e| format!("migrating schema 2 to 3: {}", explain(e)))?;
        tx.execute(
            "INSERT INTO document_files(document_id, path, name)
             SELECT id, path, name FROM documents",
            [],
        )
        .map_err(sql)?;
        tx.execute(
            "UPDATE meta SET value = ?1 WHERE key = 'schema_version'",
            params![SCHEMA_VERSION.to_string()],
        )
        .map_err(sql)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(sql)?;
        tx.commit().map_err(sql)
    }

    /// Whether a file with this content hash was stored before, and how it went.
    pub fn known(&self, hash: &str) -> Result<Known, String> {
        // A document stored without its analysis (doc_meta is written with every analysis) or
        // migrated from schema 2 (no rules hash: no amounts) is done again.
        let s: Option<(String, bool, String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT status, EXISTS (SELECT 1 FROM doc_meta m WHERE m.document_id = d.id),
                        renja_version, rules_hash
                 FROM documents d WHERE content_hash = ?1",
                params![hash],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .map_err(sql)?;
        Ok(known_from(s))
    }

    /// Remembers another name of a file already stored (the same content copied or renamed):
    /// the document stays stored once, every name it was seen under is listed.
    pub fn remember_path(&mut self, hash: &str, path: &Path) -> Result<(), String> {
        self.conn
            .execute(
                "INSERT OR IGNORE INTO document_files(document_id, path, name)
                 SELECT id, ?2, ?3 FROM documents WHERE content_hash = ?1",
                params![
                    hash,
                    path.display().to_string(),
                    path.file_name()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default()
                ],
            )
            .map(|_| ())
            .map_err(sql)
    }

    /// Stores a document and what the model and checks made of it in one transaction: a batch
    /// killed in between leaves neither, so the next run does the file again. Returns the id.
    pub fn put_document_and_analysis(
        &mut self,
        file: &FileInfo,
        doc: &Document,
        analysis: Option<(&crate::model::DocModel, &[crate::checks::Finding])>,
    ) -> Result<i64, String> {
        let tx = self.conn.transaction().map_err(sql)?;
        let (old_group, aliases) = forget(&tx, &file.hash)?;
        let source = flat::source(&file.path, doc);
        let id = write_document(&tx, file, doc, source, analysis.is_some())?;
        for a in aliases {
            tx.execute(
                "INSERT OR IGNORE INTO document_files(document_id, path, name)
                 VALUES (?1, ?2, ?3)",
                params![id, a.0, a.1],
            )
            .map_err(sql)?;
        }
        if let Some((model, findings)) = analysis {
            write_analysis(&tx, id, model, findings)?;
            relink(&tx, id)?;
        }
        if let Some(g) = old_group {
            choose_canonical(&tx, g)?;
        }
        tx.commit().map_err(sql)?;
        Ok(id)
    }

    /// Records a file that could not be read, so the batch report and a later retry know of it.
    pub fn put_failure(&mut self, file: &FileInfo, error: &str) -> Result<(), String> {
        let (version, rules) = producer();
        let tx = self.conn.transaction().map_err(sql)?;
        let (old_group, _) = forget(&tx, &file.hash)?;
        tx.execute(
            "INSERT INTO documents(path, name, content_hash, size, status, error, renja_version,
               rules_hash, mtime, canonical)
             VALUES (?1, ?2, ?3, ?4, 'error', ?5, ?6, ?7, ?8, 0)",
            params![
                file.path.display().to_string(),
                file.name(),
                file.hash,
                file.size as i64,
                error,
                version,
                rules,
                file.mtime,
            ],
        )
        .map_err(sql)?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO document_files(document_id, path, name) VALUES (?1, ?2, ?3)",
            params![id, file.path.display().to_string(), file.name()],
        )
        .map_err(sql)?;
        if let Some(g) = old_group {
            choose_canonical(&tx, g)?;
        }
        tx.commit().map_err(sql)
    }

    /// Counts of stored documents by status: (ok, error).
    pub fn counts(&self) -> Result<(u64, u64), String> {
        self.conn
            .query_row(
                "SELECT COALESCE(SUM(status='ok'),0), COALESCE(SUM(status='error'),0) FROM documents",
                [],
                |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
            )
            .map_err(sql)
    }

    /// Pagu, target and unit of every canonical document's item with one of these codes (or
    /// under one of these prefixes; every code when empty), for `renja compare`.
    pub fn compare(&self, q: &CompareQuery) -> Result<Vec<ComparedItem>, String> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT a.code, a.name, a.level, d.id, d.name, m.pemda, m.opd, m.year, m.kind,
                        a.table_kind, a.stage, a.value_sen, a.page, a.table_idx, a.row_idx,
                        EXISTS (SELECT 1 FROM amounts f WHERE f.document_id = a.document_id
                                AND f.table_idx = a.table_idx AND f.row_idx = a.row_idx AND f.finding = 1),
                        (SELECT t.printed FROM targets t WHERE t.document_id = a.document_id
                          AND t.table_idx = a.table_idx AND t.row_idx = a.row_idx ORDER BY t.id LIMIT 1),
                        (SELECT t.value FROM targets t WHERE t.document_id = a.document_id
                          AND t.table_idx = a.table_idx AND t.row_idx = a.row_idx ORDER BY t.id LIMIT 1),
                        (SELECT t.unit FROM targets t WHERE t.document_id = a.document_id
                          AND t.table_idx = a.table_idx AND t.row_idx = a.row_idx ORDER BY t.id LIMIT 1)
                 FROM amounts a
                 JOIN documents d ON d.id = a.document_id AND d.canonical = 1 AND d.status = 'ok'
                 LEFT JOIN doc_meta m ON m.document_id = a.document_id
                 WHERE a.role = 'pagu' AND a.code IS NOT NULL
                   AND (?1 IS NULL OR a.code = ?1 OR a.code LIKE ?1 || '.%')
                   AND (?2 IS NULL OR m.year = ?2)
                   AND (?3 IS NULL OR m.pemda LIKE '%' || ?3 || '%')
                   AND (?4 IS NULL OR a.table_kind LIKE ?4 || '%')
                   AND (a.year IS NULL OR m.year IS NULL OR a.year = m.year)
                 ORDER BY a.code, m.pemda, m.year, d.id, a.table_idx, a.row_idx, a.col",
            )
            .map_err(sql)?;
        let codes: Vec<Option<&str>> = if q.codes.is_empty() {
            vec![None]
        } else {
            q.codes.iter().map(|c| Some(c.as_str())).collect()
        };
        let mut out: Vec<ComparedItem> = Vec::new();
        for code in codes {
            let rows = stmt
                .query_map(
                    params![code, q.year, q.pemda.as_deref(), q.kind.as_deref()],
                    |r| {
                        Ok(ComparedItem {
                            code: r.get(0)?,
                            name: r.get(1)?,
                            level: r.get(2)?,
                            document_id: r.get(3)?,
                            document: r.get(4)?,
                            pemda: r.get(5)?,
                            opd: r.get(6)?,
                            year: r.get(7)?,
                            doc_kind: r.get(8)?,
                            table_kind: r.get(9)?,
                            stage: r.get(10)?,
                            pagu_sen: r.get(11)?,
                            page: r.get(12)?,
                            table_idx: r.get(13)?,
                            row_idx: r.get(14)?,
                            finding: r.get(15)?,
                            target: r.get(16)?,
                            target_value: r.get(17)?,
                            unit: r.get(18)?,
                        })
                    },
                )
                .map_err(sql)?;
            for row in rows {
                out.push(row.map_err(sql)?);
            }
        }
        Ok(pick_one_per_document(out))
    }

    /// The prakiraan maju (plan table pagu for the year after the document's) of every canonical
    /// document's item with one of these codes, for the year-over-year view of `renja compare`.
    pub fn forecasts(&self, q: &CompareQuery) -> Result<Vec<Forecast>, String> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT a.code, d.id, d.name, m.pemda, m.opd, m.year, a.year, a.value_sen
                 FROM amounts a
                 JOIN documents d ON d.id = a.document_id AND d.canonical = 1 AND d.status = 'ok'
                 JOIN doc_meta m ON m.document_id = a.document_id
                 WHERE a.role = 'pagu' AND a.table_kind = 'plan' AND a.stage = 'prakiraan_maju'
                   AND a.code IS NOT NULL AND a.year = m.year + 1
                   AND (?1 IS NULL OR a.code = ?1 OR a.code LIKE ?1 || '.%')
                   AND (?2 IS NULL OR m.pemda LIKE '%' || ?2 || '%')
                 ORDER BY a.code, m.pemda, m.year, d.id, a.table_idx, a.row_idx, a.col",
            )
            .map_err(sql)?;
        let mut out = Vec::new();
        for code in code_filters(q) {
            let rows = stmt
                .query_map(params![code, q.pemda.as_deref()], |r| {
                    Ok(Forecast {
                        code: r.get(0)?,
                        document_id: r.get(1)?,
                        document: r.get(2)?,
                        pemda: r.get(3)?,
                        opd: r.get(4)?,
                        written_in: r.get(5)?,
                        year: r.get(6)?,
                        pagu_sen: r.get(7)?,
                    })
                })
                .map_err(sql)?;
            for row in rows {
                out.push(row.map_err(sql)?);
            }
        }
        Ok(first_per_document(out))
    }

    /// Every coded item of these documents, to tell which mandatory sub kegiatan one lacks.
    pub fn document_codes(&self, ids: &[i64]) -> Result<Vec<(i64, String)>, String> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT DISTINCT document_id, code FROM items
                 WHERE document_id = ?1 AND code IS NOT NULL ORDER BY code",
            )
            .map_err(sql)?;
        let mut out = Vec::new();
        for id in ids {
            let rows = stmt
                .query_map(params![id], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(sql)?;
            for row in rows {
                out.push(row.map_err(sql)?);
            }
        }
        Ok(out)
    }

    /// The underlying connection, for queries the command line offers and for tests.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// What `renja compare` asks for.
#[derive(Debug, Clone, Default)]
pub struct CompareQuery {
    /// Canonical codes or code prefixes; empty: every code.
    pub codes: Vec<String>,
    /// Document year.
    pub year: Option<i64>,
    /// Part of the pemda name (`Serang`).
    pub pemda: Option<String>,
    /// Table kind or its start (`plan`, `review`).
    pub kind: Option<String>,
}

/// One code in one canonical document, as `renja compare` shows it side by side.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ComparedItem {
    /// Canonical code.
    pub code: String,
    /// Name as printed.
    pub name: String,
    /// Item level.
    pub level: String,
    /// Document id in the database.
    pub document_id: i64,
    /// Document file name.
    pub document: String,
    /// Pemda.
    pub pemda: Option<String>,
    /// OPD.
    pub opd: Option<String>,
    /// Document year.
    pub year: Option<i64>,
    /// Document kind.
    pub doc_kind: Option<String>,
    /// Table kind the pagu was read from.
    pub table_kind: String,
    /// Stage of the pagu (`rencana`, `sesudah`, `hasil_analisis`, ...).
    pub stage: String,
    /// Pagu in sen.
    pub pagu_sen: i64,
    /// Page.
    pub page: i64,
    /// Table index.
    pub table_idx: i64,
    /// Row index.
    pub row_idx: i64,
    /// Whether a finding touches an amount of this item.
    pub finding: bool,
    /// Target as printed.
    pub target: Option<String>,
    /// Target number.
    pub target_value: Option<f64>,
    /// Target unit.
    pub unit: Option<String>,
}

/// A prakiraan maju: the pagu a plan of year n writes for year n+1 of one code.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Forecast {
    /// Canonical code.
    pub code: String,
    /// Document id in the database.
    pub document_id: i64,
    /// Document file name.
    pub document: String,
    /// Pemda.
    pub pemda: Option<String>,
    /// OPD.
    pub opd: Option<String>,
    /// Year of the document that wrote it (n).
    pub written_in: i64,
    /// Year it is for (n+1).
    pub year: i64,
    /// Pagu in sen.
    pub pagu_sen: i64,
}

/// The code filters of a query: each code or prefix, or one `None` for every code.
pub(crate) fn code_filters(q: &CompareQuery) -> Vec<Option<&str>> {
    if q.codes.is_empty() {
        vec![None]
    } else {
        q.codes.iter().map(|c| Some(c.as_str())).collect()
    }
}

/// One forecast per code and document: the first table and row (as the query orders them).
pub(crate) fn first_per_document(items: Vec<Forecast>) -> Vec<Forecast> {
    let mut seen = std::collections::BTreeSet::new();
    items
        .into_iter()
        .filter(|f| seen.insert((f.code.clone(), f.document_id)))
        .collect()
}

/// The pagu a reader means for a document: the plan after review or change (sesudah, hasil
/// analisis) before the plain plan and the rancangan; then the first table and row.
pub(crate) fn pick_one_per_document(items: Vec<ComparedItem>) -> Vec<ComparedItem> {
    let pref = |s: &str| match s {
        "sesudah" => 0,
        "rencana" => 1,
        "hasil_analisis" => 2,
        "rancangan_awal" => 3,
        "sebelum" => 4,
        _ => 5,
    };
    let mut best: std::collections::BTreeMap<(String, i64), ComparedItem> = Default::default();
    let mut order = Vec::new();
    for it in items {
        let k = (it.code.clone(), it.document_id);
        match best.get(&k) {
            None => {
                order.push(k.clone());
                best.insert(k, it);
            }
            Some(b) if pref(&it.stage) < pref(&b.stage) => {
                best.insert(k, it);
            }
            Some(_) => {}
        }
    }
    order.into_iter().filter_map(|k| best.remove(&k)).collect()
}

fn stored_version(conn: &Connection) -> Result<Option<i64>, String> {
    let has_meta: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta')",
            [],
            |r| r.get(0),
        )
        .map_err(sql)?;
    if !has_meta {
        return Ok(None);
    }
    let v: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key='schema_version'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(sql)?;
    Ok(v.and_then(|v| v.parse().ok()))
}

/// Removes an earlier record of the same content, returning its duplicate group (whose
/// canonical document must be chosen again) and every name it was seen under.
/// The duplicate group of a forgotten record and the (path, name) pairs it was seen under.
type Forgotten = (Option<i64>, Vec<(String, String)>);

fn forget(tx: &Transaction, hash: &str) -> Result<Forgotten, String> {
    let old: Option<(i64, Option<i64>)> = tx
        .query_row(
            "SELECT id, group_id FROM documents WHERE content_hash = ?1",
            params![hash],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(sql)?;
    let Some((id, group)) = old else {
        return Ok((None, Vec::new()));
    };
    let mut q = tx
        .prepare("SELECT path, name FROM document_files WHERE document_id = ?1")
        .map_err(sql)?;
    let aliases = q
        .query_map(params![id], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(sql)?
        .collect::<Result<Vec<(String, String)>, _>>()
        .map_err(sql)?;
    tx.execute("DELETE FROM documents WHERE id = ?1", params![id])
        .map_err(sql)?;
    Ok((group, aliases))
}

fn write_document(
    tx: &Transaction,
    file: &FileInfo,
    doc: &Document,
    source: flat::Source,
    analysed: bool,
) -> Result<i64, String> {
    let (version, rules) = producer();
    tx.execute(
        "INSERT INTO documents(path, name, content_hash, size, status, pages, warnings,
           renja_version, rules_hash, source, mtime)
         VALUES (?1, ?2, ?3, ?4, 'ok', ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            file.path.display().to_string(),
            doc.name,
            file.hash,
            file.size as i64,
            doc.pages,
            serde_json::to_string(&doc.warnings).unwrap_or_default(),
            version,
            // Without an analysis there are no amounts: the next batch must do it again.
            analysed.then_some(rules),
            source.label(),
            file.mtime,
        ],
    )
    .map_err(sql)?;
    let doc_id = tx.last_insert_rowid();
    tx.execute(
        "UPDATE documents SET group_id = id, canonical_id = id WHERE id = ?1",
        params![doc_id],
    )
    .map_err(sql)?;
    tx.execute(
        "INSERT OR IGNORE INTO document_files(document_id, path, name) VALUES (?1, ?2, ?3)",
        params![doc_id, file.path.display().to_string(), file.name()],
    )
    .map_err(sql)?;
    let mut ins_table = tx
        .prepare_cached(
            "INSERT INTO doc_tables(document_id, idx, title, first_page, last_page, header_rows)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .map_err(sql)?;
    let mut ins_row = tx
        .prepare_cached("INSERT INTO doc_rows(table_id, idx, page, cells) VALUES (?1, ?2, ?3, ?4)")
        .map_err(sql)?;
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
            .map_err(sql)?;
        let table_id = tx.last_insert_rowid();
        for (ri, r) in t.rows.iter().enumerate() {
            ins_row
                .execute(params![
                    table_id,
                    ri as i64,
                    r.page,
                    serde_json::to_string(&r.cells).unwrap_or_default()
                ])
                .map_err(sql)?;
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
    let m = &model.meta;
    let kind = m
        .kind
        .map(|k| label(serde_json::to_value(k).unwrap_or_default()));
    tx.execute(
        "INSERT INTO doc_meta(document_id, pemda, opd, year, kind) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![doc_id, m.pemda, m.opd, m.year, kind],
    )
    .map_err(sql)?;
    let mut ins = tx
        .prepare_cached(
            "INSERT INTO items(document_id, table_idx, table_kind, table_title, page, row_idx, level,
               code, code_source, name, indicators, lokasi, sumber_dana, satuan)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )
        .map_err(sql)?;
    for t in &model.tables {
        let kind = label(serde_json::to_value(t.class.kind).unwrap_or_default());
        for it in &t.items {
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
                serde_json::to_string(&it.indicators).unwrap_or_default(),
                it.lokasi,
                it.sumber_dana,
                it.satuan,
            ])
            .map_err(sql)?;
        }
    }
    let amounts = flat::amounts(model, findings);
    let mut insa = tx
        .prepare_cached(
            "INSERT INTO amounts(document_id, table_idx, row_idx, col, code, level, name, table_kind,
               role, stage, year, value_sen, printed, page, column_key, finding)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        )
        .map_err(sql)?;
    for a in &amounts {
        insa.execute(params![
            doc_id,
            a.table_idx as i64,
            a.row_idx as i64,
            a.col as i64,
            a.code,
            a.level,
            a.name,
            a.table_kind,
            a.role,
            a.stage,
            a.year,
            a.value_sen,
            a.printed,
            a.page,
            a.column_key,
            a.finding,
        ])
        .map_err(sql)?;
    }
    let mut inst = tx
        .prepare_cached(
            "INSERT INTO targets(document_id, table_idx, row_idx, code, table_kind, indicator,
               printed, value, percent, unit, page)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )
        .map_err(sql)?;
    for t in flat::targets(model) {
        inst.execute(params![
            doc_id,
            t.table_idx as i64,
            t.row_idx as i64,
            t.code,
            t.table_kind,
            t.indicator,
            t.printed,
            t.value,
            t.percent,
            t.unit,
            t.page,
        ])
        .map_err(sql)?;
    }
    let mut inss = tx
        .prepare_cached("INSERT OR IGNORE INTO doc_signature(document_id, h) VALUES (?1, ?2)")
        .map_err(sql)?;
    for h in flat::signature(model, &amounts) {
        inss.execute(params![doc_id, h]).map_err(sql)?;
    }
    let mut insf = tx
        .prepare_cached(
            "INSERT INTO findings(document_id, check_id, check_name, severity, page, table_title,
               table_idx, row_idx, code, name, column_key, expected, found, difference, message_id,
               message_en, fingerprint, evidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
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
            f.table_index as i64,
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
    Ok(())
}

/// The duplicate key of a document: pemda, OPD, year and kind as read from it, each in lower
/// case with spaces collapsed (`None` where the document does not say).
pub(crate) type DupKey = [Option<String>; 4];

pub(crate) fn norm(s: Option<String>) -> Option<String> {
    s.map(|s| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    })
    .filter(|s| !s.is_empty())
}

fn dup_key(tx: &Transaction, id: i64) -> Result<DupKey, String> {
    tx.query_row(
        "SELECT pemda, opd, CAST(year AS TEXT), kind FROM doc_meta WHERE document_id = ?1",
        params![id],
        |r| {
            Ok([
                norm(r.get(0)?),
                norm(r.get(1)?),
                norm(r.get(2)?),
                norm(r.get(3)?),
            ])
        },
    )
    .optional()
    .map(|k| k.unwrap_or_default())
    .map_err(sql)
}

/// Jaccard similarity of two documents' content signatures.
fn similarity(tx: &Transaction, a: i64, b: i64) -> Result<f64, String> {
    let (both, na, nb): (i64, i64, i64) = tx
        .query_row(
            "SELECT (SELECT count(*) FROM doc_signature x JOIN doc_signature y ON x.h = y.h
                     WHERE x.document_id = ?1 AND y.document_id = ?2),
                    (SELECT count(*) FROM doc_signature WHERE document_id = ?1),
                    (SELECT count(*) FROM doc_signature WHERE document_id = ?2)",
            params![a, b],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .map_err(sql)?;
    let union = na + nb - both;
    Ok(if union == 0 {
        0.0
    } else {
        both as f64 / union as f64
    })
}

/// The similarity two documents with these keys need to be linked as duplicates, or `None` when
/// their keys rule it out: pemda and OPD known and equal, year and kind equal where both known.
/// Shared by both engines, so SQLite and PostgreSQL link the same documents.
pub(crate) fn link_threshold(
    key: &DupKey,
    other: &DupKey,
    rules: &flat::DuplicateRules,
) -> Option<f64> {
    if key[0].is_none() || key[1].is_none() || other[1] != key[1] {
        return None;
    }
    let agree = (2..4).all(|i| match (&key[i], &other[i]) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    });
    if !agree {
        return None;
    }
    let complete = (2..4).all(|i| key[i].is_some() && other[i].is_some());
    Some(if complete {
        rules.same_key
    } else {
        rules.partial_key
    })
}

/// A member of a duplicate group as the canonical choice sees it: id, source, file time, file
/// name, content hash.
pub(crate) type Member = (i64, Option<String>, i64, String, String);

/// The canonical member of a duplicate group (see [`choose_canonical`]); shared by both engines.
pub(crate) fn best_member(members: &[Member]) -> Option<i64> {
    let rank = |s: &Option<String>| match s.as_deref() {
        Some("born_digital") => flat::Source::BornDigital.rank(),
        Some("scan") => flat::Source::Scan.rank(),
        Some("text_export") => flat::Source::TextExport.rank(),
        _ => i64::MAX,
    };
    members
        .iter()
        .min_by_key(|(_, source, mtime, name, hash)| {
            (rank(source), -mtime, name.clone(), hash.clone())
        })
        .map(|m| m.0)
}

/// Links a newly stored document to the documents it duplicates (see README, "Duplicates"):
/// pemda and OPD must be known and agree, year and kind must agree where both are known; the
/// content signatures must then be similar enough for how complete the key is. Linked groups
/// merge, and the group's canonical document is chosen again.
fn relink(tx: &Transaction, id: i64) -> Result<(), String> {
    let key = dup_key(tx, id)?;
    let key_text = key
        .iter()
        .map(|k| k.as_deref().unwrap_or("?"))
        .collect::<Vec<_>>()
        .join("|");
    tx.execute(
        "UPDATE documents SET dup_key = ?2 WHERE id = ?1",
        params![id, key_text],
    )
    .map_err(sql)?;
    let (Some(pemda), Some(opd)) = (&key[0], &key[1]) else {
        return Ok(());
    };
    let rules = flat::duplicate_rules();
    // Narrowed in SQL by pemda and OPD (case-insensitively; spacing compared below).
    let mut q = tx
        .prepare_cached(
            "SELECT d.id, d.group_id FROM documents d JOIN doc_meta m ON m.document_id = d.id
             WHERE d.status = 'ok' AND d.id != ?1 AND lower(m.pemda) = ?2 AND lower(m.opd) = ?3",
        )
        .map_err(sql)?;
    let candidates: Vec<(i64, i64)> = q
        .query_map(params![id, pemda, opd], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(sql)?
        .collect::<Result<_, _>>()
        .map_err(sql)?;
    let mut groups = vec![id];
    for (other, group) in candidates {
        // One member of a group linked is enough: the whole group merges (and a national
        // archive's many copies of one document cost one comparison, not one per copy).
        if groups.contains(&group) {
            continue;
        }
        let Some(need) = link_threshold(&key, &dup_key(tx, other)?, &rules) else {
            continue;
        };
        if similarity(tx, id, other)? >= need {
            groups.push(group);
        }
    }
    let target = *groups.iter().min().unwrap_or(&id);
    for g in &groups {
        tx.execute(
            "UPDATE documents SET group_id = ?1 WHERE group_id = ?2 OR id = ?2",
            params![target, g],
        )
        .map_err(sql)?;
    }
    choose_canonical(tx, target)
}

/// Marks the canonical document of a duplicate group: born-digital before scan before text
/// export (rules/store.toml `source_rank`), then the latest submission (file time), then by
/// file name and content hash, so the choice never depends on the order files were stored.
fn choose_canonical(tx: &Transaction, group: i64) -> Result<(), String> {
    let mut q = tx
        .prepare_cached(
            "SELECT id, source, mtime, name, content_hash FROM documents
             WHERE group_id = ?1 AND status = 'ok'",
        )
        .map_err(sql)?;
    let members: Vec<Member> = q
        .query_map(params![group], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .map_err(sql)?
        .collect::<Result<_, _>>()
        .map_err(sql)?;
    let Some(best) = best_member(&members) else {
        return Ok(());
    };
    tx.execute(
        "UPDATE documents SET canonical = (id = ?2), canonical_id = ?2
         WHERE group_id = ?1 AND status = 'ok'",
        params![group, best],
    )
    .map_err(sql)?;
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

    fn file(name: &str, content: &[u8]) -> FileInfo {
        FileInfo {
            path: PathBuf::from(name),
            hash: content_hash(content),
            size: content.len() as u64,
            mtime: 0,
        }
    }

    #[test]
    fn storing_twice_keeps_one_copy_and_marks_it_done() {
        let mut s = Store::in_memory().unwrap();
        let f = file("a.pdf", b"%PDF-1.4 x");
        assert_eq!(s.known(&f.hash).unwrap(), Known::New);
        let m = crate::model::build(&doc());
        for _ in 0..2 {
            s.put_document_and_analysis(&f, &doc(), Some((&m, &[])))
                .unwrap();
        }
        assert_eq!(s.known(&f.hash).unwrap(), Known::Done);
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
        let f = file("b.pdf", b"garbage");
        s.put_failure(&f, "not a PDF").unwrap();
        assert_eq!(s.known(&f.hash).unwrap(), Known::Failed);
        let m = crate::model::build(&doc());
        s.put_document_and_analysis(&f, &doc(), Some((&m, &[])))
            .unwrap();
        assert_eq!(s.counts().unwrap(), (1, 0));
        assert_eq!(s.known(&f.hash).unwrap(), Known::Done);
    }

    #[test]
    fn a_document_stored_without_its_analysis_is_done_again() {
        // A failed analysis stores the tables only: no amounts, so the next batch tries again.
        let mut s = Store::in_memory().unwrap();
        let f = file("a.pdf", b"%PDF-1.4 y");
        s.put_document_and_analysis(&f, &doc(), None).unwrap();
        assert_eq!(s.known(&f.hash).unwrap(), Known::New);
    }

    #[test]
    fn another_version_or_rules_is_older() {
        let mut s = Store::in_memory().unwrap();
        let f = file("a.pdf", b"%PDF-1.4 z");
        let m = crate::model::build(&doc());
        s.put_document_and_analysis(&f, &doc(), Some((&m, &[])))
            .unwrap();
        s.connection()
            .execute("UPDATE documents SET rules_hash = 'other'", [])
            .unwrap();
        assert_eq!(s.known(&f.hash).unwrap(), Known::Older);
    }

    #[test]
    fn hashes_differ_for_different_content() {
        assert_ne!(content_hash(b"abc"), content_hash(b"abd"));
        assert_eq!(content_hash(b"abc"), content_hash(b"abc"));
    }
}
