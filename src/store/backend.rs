//! The seam between the batch and the database engine: SQLite (embedded, the default) or
//! PostgreSQL (a server shared by workers on many machines, which is then also the work queue).

use super::pg::PgStore;
use super::{CompareQuery, ComparedItem, FileInfo, Forecast, Known, Store};
use crate::extracted::Document;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// A document and what the model and checks made of it, as the store takes it.
pub type Analysis<'a> = Option<(&'a crate::model::DocModel, &'a [crate::checks::Finding])>;

/// What the batch needs of a database, whichever engine holds it.
pub trait Backend: Send {
    /// Whether a file with this content hash was stored before, and how it went.
    fn known(&mut self, hash: &str) -> Result<Known, String>;
    /// Remembers another name of a stored file.
    fn remember_path(&mut self, hash: &str, path: &Path) -> Result<(), String>;
    /// Stores a document and its analysis in one transaction; returns its id.
    fn put_document_and_analysis(
        &mut self,
        file: &FileInfo,
        doc: &Document,
        analysis: Analysis,
    ) -> Result<i64, String>;
    /// Records a file that could not be read.
    fn put_failure(&mut self, file: &FileInfo, error: &str) -> Result<(), String>;
    /// Counts of stored documents by status: (ok, error).
    fn counts(&mut self) -> Result<(u64, u64), String>;
    /// What `renja compare` shows.
    fn compare(&mut self, q: &CompareQuery) -> Result<Vec<ComparedItem>, String>;
    /// The prakiraan maju `renja compare --pivot` sets against the next year's plan.
    fn forecasts(&mut self, q: &CompareQuery) -> Result<Vec<Forecast>, String>;
    /// Every coded item of these documents (document id, code).
    fn document_codes(&mut self, ids: &[i64]) -> Result<Vec<(i64, String)>, String>;
    /// The work queue shared with other workers, when the engine is one (PostgreSQL).
    fn leases(&self) -> Option<Arc<dyn Leases>> {
        None
    }
}

/// What a worker learns when it asks for a file's lease.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lease {
    /// This worker holds the lease now: it extracts and stores the file.
    Granted,
    /// Another live worker holds it: ask again later (its lease may expire).
    Busy,
    /// Another worker stored it (or its failure) since this worker started.
    Finished,
}

/// A work queue shared by workers on many machines (see README "Many machines").
pub trait Leases: Send + Sync {
    /// Asks for the lease on a file's content.
    fn try_lease(&self, file: &FileInfo) -> Result<Lease, String>;
    /// How long to wait before asking again for files another worker holds.
    fn poll_interval(&self) -> Duration;
}

impl Backend for Store {
    fn known(&mut self, hash: &str) -> Result<Known, String> {
        Store::known(self, hash)
    }
    fn remember_path(&mut self, hash: &str, path: &Path) -> Result<(), String> {
        Store::remember_path(self, hash, path)
    }
    fn put_document_and_analysis(
        &mut self,
        file: &FileInfo,
        doc: &Document,
        analysis: Analysis,
    ) -> Result<i64, String> {
        Store::put_document_and_analysis(self, file, doc, analysis)
    }
    fn put_failure(&mut self, file: &FileInfo, error: &str) -> Result<(), String> {
        Store::put_failure(self, file, error)
    }
    fn counts(&mut self) -> Result<(u64, u64), String> {
        Store::counts(self)
    }
    fn compare(&mut self, q: &CompareQuery) -> Result<Vec<ComparedItem>, String> {
        Store::compare(self, q)
    }
    fn forecasts(&mut self, q: &CompareQuery) -> Result<Vec<Forecast>, String> {
        Store::forecasts(self, q)
    }
    fn document_codes(&mut self, ids: &[i64]) -> Result<Vec<(i64, String)>, String> {
        Store::document_codes(self, ids)
    }
}

/// A database given on the command line: a SQLite file, or a `postgres://` /
/// `postgresql://` URL.
pub enum Db {
    /// The embedded default.
    Sqlite(Store),
    /// A PostgreSQL server (boxed: its connections are large, and there is one per run).
    Postgres(Box<PgStore>),
}

/// Whether `--db` names a PostgreSQL server rather than a SQLite file.
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

impl Db {
    /// Opens for writing (creating the schema when missing). `lease` is how long a PostgreSQL
    /// worker's lease lasts without renewal.
    pub fn open(db: &str, lease: Duration) -> Result<Db, String> {
        if is_postgres_url(db) {
            PgStore::open(db, lease).map(|p| Db::Postgres(Box::new(p)))
        } else {
            Store::open(Path::new(db)).map(Db::Sqlite)
        }
    }

    /// Opens for reading only (`renja compare`).
    pub fn open_read_only(db: &str) -> Result<Db, String> {
        if is_postgres_url(db) {
            PgStore::open_read_only(db).map(|p| Db::Postgres(Box::new(p)))
        } else {
            let p = Path::new(db);
            if !p.exists() {
                return Err(format!(
                    "{db}: no such database; create it with `renja batch`"
                ));
            }
            Store::open_read_only(p).map(Db::Sqlite)
        }
    }

    /// The database as messages name it (a server without its password).
    pub fn name(&self) -> String {
        match self {
            Db::Sqlite(s) => s.path().to_string(),
            Db::Postgres(p) => p.name().to_string(),
        }
    }

    fn inner(&mut self) -> &mut dyn Backend {
        match self {
            Db::Sqlite(s) => s,
            Db::Postgres(p) => p.as_mut(),
        }
    }
}

impl Backend for Db {
    fn known(&mut self, hash: &str) -> Result<Known, String> {
        self.inner().known(hash)
    }
    fn remember_path(&mut self, hash: &str, path: &Path) -> Result<(), String> {
        self.inner().remember_path(hash, path)
    }
    fn put_document_and_analysis(
        &mut self,
        file: &FileInfo,
        doc: &Document,
        analysis: Analysis,
    ) -> Result<i64, String> {
        self.inner().put_document_and_analysis(file, doc, analysis)
    }
    fn put_failure(&mut self, file: &FileInfo, error: &str) -> Result<(), String> {
        self.inner().put_failure(file, error)
    }
    fn counts(&mut self) -> Result<(u64, u64), String> {
        self.inner().counts()
    }
    fn compare(&mut self, q: &CompareQuery) -> Result<Vec<ComparedItem>, String> {
        self.inner().compare(q)
    }
    fn forecasts(&mut self, q: &CompareQuery) -> Result<Vec<Forecast>, String> {
        self.inner().forecasts(q)
    }
    fn document_codes(&mut self, ids: &[i64]) -> Result<Vec<(i64, String)>, String> {
        self.inner().document_codes(ids)
    }
    fn leases(&self) -> Option<Arc<dyn Leases>> {
        match self {
            Db::Sqlite(_) => None,
            Db::Postgres(p) => p.leases(),
        }
    }
}
