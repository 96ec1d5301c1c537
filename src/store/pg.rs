//! Store in PostgreSQL: the same rows ([`super::flat`]), tables and views as SQLite, for workers
//! on many machines sharing one database, which is then also their work queue (table `jobs`,
//! leased with `SELECT ... FOR UPDATE SKIP LOCKED`, see README "Many machines").
//!
//! Every write is one transaction that also marks the job done, so a worker killed at any moment
//! leaves either the whole document or nothing; writes of all workers are serialised by one
//! advisory lock (they are short next to extraction), so duplicate linking sees every document
//! stored before, as it does in SQLite. A server that goes away is waited for (reconnecting with
//! backoff, up to `RENJA_DB_TIMEOUT`, default 30 s), and the interrupted transaction is redone.

use super::backend::{Analysis, Backend, Lease, Leases};
use super::{
    best_member, busy_timeout, code_filters, first_per_document, flat, known_from, link_threshold,
    norm, pick_one_per_document, producer, CompareQuery, ComparedItem, DupKey, FileInfo, Forecast,
    Known, Member, SCHEMA_VERSION, VIEWS,
};
use crate::extracted::Document;
use postgres::{Client, Config, NoTls, Transaction};
use std::path::Path;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

const SCHEMA: &str = include_str!("schema_pg.sql");

/// Advisory lock key ("RNJA") that serialises schema creation and writes across workers.
const LOCK_KEY: i64 = 0x524E_4A41;

/// How long one connection attempt may take before it counts as failed.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// An error inside a database closure: PostgreSQL's (retried when it is the connection's) or ours.
enum E {
    Pg(postgres::Error),
    Msg(String),
}

impl From<postgres::Error> for E {
    fn from(e: postgres::Error) -> E {
        E::Pg(e)
    }
}

impl From<String> for E {
    fn from(e: String) -> E {
        E::Msg(e)
    }
}

type R<T> = Result<T, E>;

/// Whether an error means the server or the connection went away (or is restarting), so the
/// work is redone on a new connection, rather than a problem with the request.
fn retryable(e: &postgres::Error) -> bool {
    if e.is_closed() {
        return true;
    }
    if let Some(c) = e.code() {
        let c = c.code();
        // 08: connection exception; 57P: shutdown / cannot connect now; 53300: too many
        // connections; 40001/40P01: serialisation failure / deadlock (redo the transaction).
        return c.starts_with("08")
            || c.starts_with("57P")
            || c == "53300"
            || c == "40001"
            || c == "40P01";
    }
    // No SQL state: the connection failed (refused, reset, timed out) or a local bug; the
    // library's kinds are private, so tell them by their fixed wording.
    let s = e.to_string();
    s.starts_with("error connecting to server")
        || s.starts_with("error communicating with the server")
        || s.starts_with("timeout")
        || s.contains("connection closed")
}

/// The server as messages name it: host, port and database, never the user or password.
fn server_name(cfg: &Config) -> String {
    let host = match cfg.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
        None => "localhost".into(),
    };
    let port = cfg.get_ports().first().copied().unwrap_or(5432);
    format!(
        "postgres://{host}:{port}/{}",
        cfg.get_dbname().unwrap_or("")
    )
}

/// One connection to the server that reconnects when it is lost.
struct Conn {
    cfg: Config,
    name: String,
    client: Option<Client>,
    /// How long to keep trying while the server is away.
    wait: Duration,
}

impl Conn {
    fn new(url: &str) -> Result<Conn, String> {
        let mut cfg: Config = url
            .parse()
            .map_err(|e| format!("not a PostgreSQL URL renja can use: {e}"))?;
        cfg.connect_timeout(CONNECT_TIMEOUT);
        if cfg.get_application_name().is_none() {
            cfg.application_name("renja");
        }
        Ok(Conn {
            name: server_name(&cfg),
            cfg,
            client: None,
            wait: busy_timeout(),
        })
    }

    fn explain(&self, e: &postgres::Error) -> String {
        match e.as_db_error() {
            Some(d) => format!("{}: {} ({})", self.name, d.message(), d.code().code()),
            None => format!("{}: {e}", self.name),
        }
    }

    /// Runs `f` on a live connection. When the connection is lost (before or during `f`), waits
    /// with a growing pause and runs `f` again from the start on a new connection: `f` is one
    /// transaction, which the server rolled back, so nothing is half-written. Gives up after
    /// `wait` with a message naming the server.
    fn run<T>(&mut self, mut f: impl FnMut(&mut Client) -> R<T>) -> Result<T, String> {
        let start = Instant::now();
        let mut pause = Duration::from_millis(200);
        let mut warned = false;
        loop {
            let err = match self.client.as_mut().filter(|c| !c.is_closed()) {
                Some(c) => match f(c) {
                    Ok(v) => return Ok(v),
                    Err(E::Msg(m)) => return Err(m),
                    Err(E::Pg(e)) if retryable(&e) => e,
                    Err(E::Pg(e)) => return Err(self.explain(&e)),
                },
                None => match self.cfg.connect(NoTls) {
                    Ok(c) => {
                        self.client = Some(c);
                        if warned {
                            eprintln!("renja: {}: connected again", self.name);
                        }
                        continue;
                    }
                    Err(e) if retryable(&e) => e,
                    Err(e) => return Err(self.explain(&e)),
                },
            };
            self.client = None;
            if start.elapsed() + pause > self.wait {
                return Err(format!(
                    "the PostgreSQL server {} cannot be reached (tried for {:.0} s; RENJA_DB_TIMEOUT sets the wait): {}",
                    self.name,
                    start.elapsed().as_secs_f64(),
                    self.explain(&err)
                ));
            }
            if !warned && !self.wait.is_zero() {
                eprintln!(
                    "renja: lost the PostgreSQL server ({}); waiting for it, up to {:.0} s",
                    self.explain(&err),
                    self.wait.as_secs_f64()
                );
                warned = true;
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_secs(5));
        }
    }
}

/// A renja database in PostgreSQL.
pub struct PgStore {
    conn: Conn,
    worker: String,
    leases: Option<Arc<PgLeases>>,
}

/// This worker's name in the `jobs` table: host, process id and start time, so a restarted
/// worker on the same host never takes its predecessor's leases for its own.
fn worker_id() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|h| h.trim().to_string())
        })
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".into());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{host}:{}:{nanos:08x}", std::process::id())
}

impl PgStore {
    /// Connects to the server at `url`, creating renja's tables and views when missing; `lease`
    /// is how long this worker's leases last without renewal.
    pub fn open(url: &str, lease: Duration) -> Result<PgStore, String> {
        let mut conn = Conn::new(url)?;
        conn.run(|c| {
            let mut tx = c.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_KEY])?;
            match stored_version(&mut tx)? {
                Some(v) if v != SCHEMA_VERSION => {
                    return Err(E::Msg(format!(
                        "database schema version {v}, this renja writes version {SCHEMA_VERSION}; use a new database"
                    )))
                }
                Some(_) => tx.batch_execute(SCHEMA)?,
                None => {
                    tx.batch_execute(SCHEMA)?;
                    tx.execute(
                        "INSERT INTO meta(key, value) VALUES ('schema_version', $1)",
                        &[&SCHEMA_VERSION.to_string()],
                    )?;
                }
            }
            tx.batch_execute(VIEWS)?;
            tx.commit()?;
            Ok(())
        })
        .map_err(|e| format!("{}: {e}", conn.name))?;
        let worker = worker_id();
        let leases = PgLeases::start(url, &worker, lease)?;
        Ok(PgStore {
            conn,
            worker,
            leases: Some(leases),
        })
    }

    /// Connects for reading only (`renja compare`): nothing is created or changed.
    pub fn open_read_only(url: &str) -> Result<PgStore, String> {
        let mut conn = Conn::new(url)?;
        let name = conn.name.clone();
        conn.run(|c| {
            let mut tx = c.transaction()?;
            let v = stored_version(&mut tx)?;
            tx.commit()?;
            match v {
                Some(v) if v == SCHEMA_VERSION => Ok(()),
                Some(v) => Err(E::Msg(format!(
                    "database schema version {v}, this renja reads version {SCHEMA_VERSION}"
                ))),
                None => Err(E::Msg(
                    "an empty database: fill it with `renja batch` first".into(),
                )),
            }
        })
        .map_err(|e| format!("{name}: {e}"))?;
        Ok(PgStore {
            conn,
            worker: worker_id(),
            leases: None,
        })
    }

    /// The server as messages name it (no password).
    pub fn name(&self) -> &str {
        &self.conn.name
    }
}

/// The schema version of renja's tables, `None` in an empty database; refuses a database
/// holding somebody else's `documents` table.
fn stored_version(tx: &mut Transaction) -> R<Option<i64>> {
    let meta: Option<String> = tx
        .query_one("SELECT to_regclass('meta')::text", &[])?
        .get(0);
    let docs: Option<String> = tx
        .query_one("SELECT to_regclass('documents')::text", &[])?
        .get(0);
    if meta.is_none() {
        if docs.is_some() {
            return Err(E::Msg(
                "not a renja database (a `documents` table without renja's `meta`): left untouched; give a new or empty database".into(),
            ));
        }
        return Ok(None);
    }
    let v: Option<String> = tx
        .query_opt("SELECT value FROM meta WHERE key = 'schema_version'", &[])?
        .map(|r| r.get(0));
    match v.and_then(|v| v.parse().ok()) {
        Some(v) => Ok(Some(v)),
        None => Err(E::Msg(
            "not a renja database (a `meta` table without renja's schema_version): left untouched"
                .into(),
        )),
    }
}

fn label(v: serde_json::Value) -> String {
    v.as_str()
        .map(str::to_string)
        .unwrap_or_else(|| v.to_string())
}

fn lock(tx: &mut Transaction) -> R<()> {
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_KEY])?;
    Ok(())
}

/// Marks a file's job finished (`done` or `failed`) in the transaction that stored it.
fn finish_job(tx: &mut Transaction, file: &FileInfo, state: &str, worker: &str) -> R<()> {
    tx.execute(
        "INSERT INTO jobs(content_hash, path, state, finished_at, finished_by)
         VALUES ($1, $2, $3, now(), $4)
         ON CONFLICT (content_hash) DO UPDATE SET state = EXCLUDED.state, worker = NULL,
           lease_until = NULL, finished_at = now(), finished_by = EXCLUDED.finished_by",
        &[
            &file.hash,
            &file.path.display().to_string(),
            &state,
            &worker,
        ],
    )?;
    Ok(())
}

type Forgotten = (Option<i64>, Vec<(String, String)>);

fn forget(tx: &mut Transaction, hash: &str) -> R<Forgotten> {
    let Some(old) = tx.query_opt(
        "SELECT id, group_id FROM documents WHERE content_hash = $1",
        &[&hash],
    )?
    else {
        return Ok((None, Vec::new()));
    };
    let id: i64 = old.get(0);
    let group: Option<i64> = old.get(1);
    let aliases = tx
        .query(
            "SELECT path, name FROM document_files WHERE document_id = $1",
            &[&id],
        )?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    tx.execute("DELETE FROM documents WHERE id = $1", &[&id])?;
    Ok((group, aliases))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn write_document(
    tx: &mut Transaction,
    file: &FileInfo,
    doc: &Document,
    source: flat::Source,
    analysed: bool,
) -> R<i64> {
    let (version, rules) = producer();
    let path = file.path.display().to_string();
    let id: i64 = tx
        .query_one(
            "INSERT INTO documents(path, name, content_hash, size, status, pages, warnings,
               renja_version, rules_hash, source, mtime)
             VALUES ($1, $2, $3, $4, 'ok', $5, $6, $7, $8, $9, $10) RETURNING id",
            &[
                &path,
                &doc.name,
                &file.hash,
                &(file.size as i64),
                &(doc.pages as i64),
                &serde_json::to_string(&doc.warnings).unwrap_or_default(),
                &version,
                // Without an analysis there are no amounts: the next batch must do it again.
                &analysed.then_some(rules),
                &source.label(),
                &file.mtime,
            ],
        )?
        .get(0);
    tx.execute(
        "UPDATE documents SET group_id = id, canonical_id = id WHERE id = $1",
        &[&id],
    )?;
    tx.execute(
        "INSERT INTO document_files(document_id, path, name) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
        &[&id, &path, &file_name(&file.path)],
    )?;
    let ins_table = tx.prepare(
        "INSERT INTO doc_tables(document_id, idx, title, first_page, last_page, header_rows)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )?;
    let ins_row =
        tx.prepare("INSERT INTO doc_rows(table_id, idx, page, cells) VALUES ($1, $2, $3, $4)")?;
    for (ti, t) in doc.tables.iter().enumerate() {
        let header: Vec<Vec<&str>> = t
            .header_rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect();
        let table_id: i64 = tx
            .query_one(
                &ins_table,
                &[
                    &id,
                    &(ti as i64),
                    &t.title,
                    &(t.page as i64),
                    &(t.last_page as i64),
                    &serde_json::to_string(&header).unwrap_or_default(),
                ],
            )?
            .get(0);
        for (ri, r) in t.rows.iter().enumerate() {
            tx.execute(
                &ins_row,
                &[
                    &table_id,
                    &(ri as i64),
                    &(r.page as i64),
                    &serde_json::to_string(&r.cells).unwrap_or_default(),
                ],
            )?;
        }
    }
    Ok(id)
}

fn write_analysis(
    tx: &mut Transaction,
    doc_id: i64,
    model: &crate::model::DocModel,
    findings: &[crate::checks::Finding],
) -> R<()> {
    let m = &model.meta;
    let kind = m
        .kind
        .map(|k| label(serde_json::to_value(k).unwrap_or_default()));
    tx.execute(
        "INSERT INTO doc_meta(document_id, pemda, opd, year, kind) VALUES ($1, $2, $3, $4, $5)",
        &[&doc_id, &m.pemda, &m.opd, &m.year.map(i64::from), &kind],
    )?;
    let ins = tx.prepare(
        "INSERT INTO items(document_id, table_idx, table_kind, table_title, page, row_idx, level,
           code, code_source, name, indicators, lokasi, sumber_dana, satuan)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )?;
    for t in &model.tables {
        let kind = label(serde_json::to_value(t.class.kind).unwrap_or_default());
        for it in &t.items {
            tx.execute(
                &ins,
                &[
                    &doc_id,
                    &(t.index as i64),
                    &kind,
                    &t.title,
                    &(it.page as i64),
                    &(it.row as i64),
                    &label(serde_json::to_value(it.level).unwrap_or_default()),
                    &it.code,
                    &label(serde_json::to_value(it.code_source).unwrap_or_default()),
                    &it.name,
                    &serde_json::to_string(&it.indicators).unwrap_or_default(),
                    &it.lokasi,
                    &it.sumber_dana,
                    &it.satuan,
                ],
            )?;
        }
    }
    let amounts = flat::amounts(model, findings);
    let insa = tx.prepare(
        "INSERT INTO amounts(document_id, table_idx, row_idx, col, code, level, name, table_kind,
           role, stage, year, value_sen, printed, page, column_key, finding)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
    )?;
    for a in &amounts {
        tx.execute(
            &insa,
            &[
                &doc_id,
                &(a.table_idx as i64),
                &(a.row_idx as i64),
                &(a.col as i64),
                &a.code,
                &a.level,
                &a.name,
                &a.table_kind,
                &a.role,
                &a.stage,
                &a.year,
                &a.value_sen,
                &a.printed,
                &(a.page as i64),
                &a.column_key,
                &(a.finding as i64),
            ],
        )?;
    }
    let inst = tx.prepare(
        "INSERT INTO targets(document_id, table_idx, row_idx, code, table_kind, indicator,
           printed, value, percent, unit, page)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )?;
    for t in flat::targets(model) {
        tx.execute(
            &inst,
            &[
                &doc_id,
                &(t.table_idx as i64),
                &(t.row_idx as i64),
                &t.code,
                &t.table_kind,
                &t.indicator,
                &t.printed,
                &t.value,
                &(t.percent as i64),
                &t.unit,
                &(t.page as i64),
            ],
        )?;
    }
    let inss = tx.prepare(
        "INSERT INTO doc_signature(document_id, h) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )?;
    for h in flat::signature(model, &amounts) {
        tx.execute(&inss, &[&doc_id, &h])?;
    }
    let insf = tx.prepare(
        "INSERT INTO findings(document_id, check_id, check_name, severity, page, table_title,
           table_idx, row_idx, code, name, column_key, expected, found, difference, message_id,
           message_en, fingerprint, evidence)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
    )?;
    for f in findings {
        tx.execute(
            &insf,
            &[
                &doc_id,
                &f.id,
                &f.check,
                &label(serde_json::to_value(f.severity).unwrap_or_default()),
                &(f.page as i64),
                &f.table,
                &(f.table_index as i64),
                &f.row.map(|r| r as i64),
                &f.code,
                &f.name,
                &f.column,
                &f.expected,
                &f.found,
                &f.difference,
                &f.message_id,
                &f.message_en,
                &f.evidence.fingerprint,
                &serde_json::to_string(&f.evidence).unwrap_or_else(|_| "{}".into()),
            ],
        )?;
    }
    Ok(())
}

fn dup_key(tx: &mut Transaction, id: i64) -> R<DupKey> {
    Ok(tx
        .query_opt(
            "SELECT pemda, opd, CAST(year AS TEXT), kind FROM doc_meta WHERE document_id = $1",
            &[&id],
        )?
        .map(|r| {
            [
                norm(r.get(0)),
                norm(r.get(1)),
                norm(r.get(2)),
                norm(r.get(3)),
            ]
        })
        .unwrap_or_default())
}

fn similarity(tx: &mut Transaction, a: i64, b: i64) -> R<f64> {
    let r = tx.query_one(
        "SELECT (SELECT count(*) FROM doc_signature x JOIN doc_signature y ON x.h = y.h
                 WHERE x.document_id = $1 AND y.document_id = $2),
                (SELECT count(*) FROM doc_signature WHERE document_id = $1),
                (SELECT count(*) FROM doc_signature WHERE document_id = $2)",
        &[&a, &b],
    )?;
    let (both, na, nb): (i64, i64, i64) = (r.get(0), r.get(1), r.get(2));
    let union = na + nb - both;
    Ok(if union == 0 {
        0.0
    } else {
        both as f64 / union as f64
    })
}

/// Links a newly stored document to its duplicates, as [`super`]'s `relink` does in SQLite.
fn relink(tx: &mut Transaction, id: i64) -> R<()> {
    let key = dup_key(tx, id)?;
    let key_text = key
        .iter()
        .map(|k| k.as_deref().unwrap_or("?"))
        .collect::<Vec<_>>()
        .join("|");
    tx.execute(
        "UPDATE documents SET dup_key = $2 WHERE id = $1",
        &[&id, &key_text],
    )?;
    let (Some(pemda), Some(opd)) = (&key[0], &key[1]) else {
        return Ok(());
    };
    let rules = flat::duplicate_rules();
    let candidates: Vec<(i64, i64)> = tx
        .query(
            "SELECT d.id, d.group_id FROM documents d JOIN doc_meta m ON m.document_id = d.id
             WHERE d.status = 'ok' AND d.id != $1 AND lower(m.pemda) = $2 AND lower(m.opd) = $3
             ORDER BY d.id",
            &[&id, pemda, opd],
        )?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let mut groups = vec![id];
    for (other, group) in candidates {
        if groups.contains(&group) {
            continue;
        }
        let k = dup_key(tx, other)?;
        let Some(need) = link_threshold(&key, &k, &rules) else {
            continue;
        };
        if similarity(tx, id, other)? >= need {
            groups.push(group);
        }
    }
    let target = *groups.iter().min().unwrap_or(&id);
    for g in &groups {
        tx.execute(
            "UPDATE documents SET group_id = $1 WHERE group_id = $2 OR id = $2",
            &[&target, g],
        )?;
    }
    choose_canonical(tx, target)
}

fn choose_canonical(tx: &mut Transaction, group: i64) -> R<()> {
    let members: Vec<Member> = tx
        .query(
            "SELECT id, source, mtime, name, content_hash FROM documents
             WHERE group_id = $1 AND status = 'ok'",
            &[&group],
        )?
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
        .collect();
    let Some(best) = best_member(&members) else {
        return Ok(());
    };
    tx.execute(
        "UPDATE documents SET canonical = CASE WHEN id = $2 THEN 1 ELSE 0 END, canonical_id = $2
         WHERE group_id = $1 AND status = 'ok'",
        &[&group, &best],
    )?;
    Ok(())
}

impl Backend for PgStore {
    fn known(&mut self, hash: &str) -> Result<Known, String> {
        let s = self.conn.run(|c| {
            Ok(c.query_opt(
                "SELECT status, EXISTS (SELECT 1 FROM doc_meta m WHERE m.document_id = d.id),
                        renja_version, rules_hash
                 FROM documents d WHERE content_hash = $1",
                &[&hash],
            )?
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3))))
        })?;
        Ok(known_from(s))
    }

    fn remember_path(&mut self, hash: &str, path: &Path) -> Result<(), String> {
        let p = path.display().to_string();
        let name = file_name(path);
        self.conn.run(|c| {
            c.execute(
                "INSERT INTO document_files(document_id, path, name)
                 SELECT id, $2, $3 FROM documents WHERE content_hash = $1
                 ON CONFLICT DO NOTHING",
                &[&hash, &p, &name],
            )?;
            Ok(())
        })
    }

    fn put_document_and_analysis(
        &mut self,
        file: &FileInfo,
        doc: &Document,
        analysis: Analysis,
    ) -> Result<i64, String> {
        let worker = self.worker.clone();
        self.conn.run(|c| {
            let mut tx = c.transaction()?;
            lock(&mut tx)?;
            let (old_group, aliases) = forget(&mut tx, &file.hash)?;
            let source = flat::source(&file.path, doc);
            let id = write_document(&mut tx, file, doc, source, analysis.is_some())?;
            for (p, n) in &aliases {
                tx.execute(
                    "INSERT INTO document_files(document_id, path, name) VALUES ($1, $2, $3)
                     ON CONFLICT DO NOTHING",
                    &[&id, p, n],
                )?;
            }
            if let Some((model, findings)) = analysis {
                write_analysis(&mut tx, id, model, findings)?;
                relink(&mut tx, id)?;
            }
            if let Some(g) = old_group {
                choose_canonical(&mut tx, g)?;
            }
            finish_job(&mut tx, file, "done", &worker)?;
            tx.commit()?;
            Ok(id)
        })
    }

    fn put_failure(&mut self, file: &FileInfo, error: &str) -> Result<(), String> {
        let (version, rules) = producer();
        let worker = self.worker.clone();
        let path = file.path.display().to_string();
        let name = file_name(&file.path);
        self.conn.run(|c| {
            let mut tx = c.transaction()?;
            lock(&mut tx)?;
            let (old_group, _) = forget(&mut tx, &file.hash)?;
            let id: i64 = tx
                .query_one(
                    "INSERT INTO documents(path, name, content_hash, size, status, error,
                       renja_version, rules_hash, mtime, canonical)
                     VALUES ($1, $2, $3, $4, 'error', $5, $6, $7, $8, 0) RETURNING id",
                    &[
                        &path,
                        &name,
                        &file.hash,
                        &(file.size as i64),
                        &error,
                        &version,
                        &rules,
                        &file.mtime,
                    ],
                )?
                .get(0);
            tx.execute(
                "INSERT INTO document_files(document_id, path, name) VALUES ($1, $2, $3)",
                &[&id, &path, &name],
            )?;
            if let Some(g) = old_group {
                choose_canonical(&mut tx, g)?;
            }
            finish_job(&mut tx, file, "failed", &worker)?;
            tx.commit()?;
            Ok(())
        })
    }

    fn counts(&mut self) -> Result<(u64, u64), String> {
        self.conn.run(|c| {
            let r = c.query_one(
                "SELECT count(*) FILTER (WHERE status = 'ok'),
                        count(*) FILTER (WHERE status = 'error') FROM documents",
                &[],
            )?;
            Ok((r.get::<_, i64>(0) as u64, r.get::<_, i64>(1) as u64))
        })
    }

    fn compare(&mut self, q: &CompareQuery) -> Result<Vec<ComparedItem>, String> {
        // SQLite's order: NULLs first and byte-wise text, so both engines show the same rows.
        const SQL: &str = "SELECT a.code, a.name, a.level, d.id, d.name, m.pemda, m.opd, m.year, m.kind,
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
               AND ($1::text IS NULL OR a.code = $1 OR a.code LIKE $1 || '.%')
               AND ($2::bigint IS NULL OR m.year = $2)
               AND ($3::text IS NULL OR m.pemda LIKE '%' || $3 || '%')
               AND ($4::text IS NULL OR a.table_kind LIKE $4 || '%')
               AND (a.year IS NULL OR m.year IS NULL OR a.year = m.year)
             ORDER BY a.code COLLATE \"C\", m.pemda COLLATE \"C\" NULLS FIRST,
                      m.year NULLS FIRST, d.id, a.table_idx, a.row_idx, a.col";
        let codes: Vec<Option<&str>> = if q.codes.is_empty() {
            vec![None]
        } else {
            q.codes.iter().map(|c| Some(c.as_str())).collect()
        };
        let mut out: Vec<ComparedItem> = Vec::new();
        for code in codes {
            let rows = self.conn.run(|c| {
                Ok(c.query(
                    SQL,
                    &[&code, &q.year, &q.pemda.as_deref(), &q.kind.as_deref()],
                )?)
            })?;
            for r in rows {
                out.push(ComparedItem {
                    code: r.get(0),
                    name: r.get(1),
                    level: r.get(2),
                    document_id: r.get(3),
                    document: r.get(4),
                    pemda: r.get(5),
                    opd: r.get(6),
                    year: r.get(7),
                    doc_kind: r.get(8),
                    table_kind: r.get(9),
                    stage: r.get(10),
                    pagu_sen: r.get(11),
                    page: r.get(12),
                    table_idx: r.get(13),
                    row_idx: r.get(14),
                    finding: r.get(15),
                    target: r.get(16),
                    target_value: r.get(17),
                    unit: r.get(18),
                });
            }
        }
        Ok(pick_one_per_document(out))
    }

    fn forecasts(&mut self, q: &CompareQuery) -> Result<Vec<Forecast>, String> {
        const SQL: &str = "SELECT a.code, d.id, d.name, m.pemda, m.opd, m.year, a.year, a.value_sen
             FROM amounts a
             JOIN documents d ON d.id = a.document_id AND d.canonical = 1 AND d.status = 'ok'
             JOIN doc_meta m ON m.document_id = a.document_id
             WHERE a.role = 'pagu' AND a.table_kind = 'plan' AND a.stage = 'prakiraan_maju'
               AND a.code IS NOT NULL AND a.year = m.year + 1
               AND ($1::text IS NULL OR a.code = $1 OR a.code LIKE $1 || '.%')
               AND ($2::text IS NULL OR m.pemda LIKE '%' || $2 || '%')
             ORDER BY a.code COLLATE \"C\", m.pemda COLLATE \"C\" NULLS FIRST,
                      m.year NULLS FIRST, d.id, a.table_idx, a.row_idx, a.col";
        let mut out = Vec::new();
        for code in code_filters(q) {
            let rows = self
                .conn
                .run(|c| Ok(c.query(SQL, &[&code, &q.pemda.as_deref()])?))?;
            for r in rows {
                out.push(Forecast {
                    code: r.get(0),
                    document_id: r.get(1),
                    document: r.get(2),
                    pemda: r.get(3),
                    opd: r.get(4),
                    written_in: r.get(5),
                    year: r.get(6),
                    pagu_sen: r.get(7),
                });
            }
        }
        Ok(first_per_document(out))
    }

    fn document_codes(&mut self, ids: &[i64]) -> Result<Vec<(i64, String)>, String> {
        let mut out = Vec::new();
        for id in ids {
            let rows = self.conn.run(|c| {
                Ok(c.query(
                    "SELECT DISTINCT document_id, code FROM items
                     WHERE document_id = $1 AND code IS NOT NULL ORDER BY code",
                    &[id],
                )?)
            })?;
            out.extend(rows.iter().map(|r| (r.get(0), r.get(1))));
        }
        Ok(out)
    }

    fn leases(&self) -> Option<Arc<dyn Leases>> {
        self.leases.clone().map(|l| l as Arc<dyn Leases>)
    }
}

/// This worker's side of the work queue: asks for leases on one connection, and a heartbeat
/// thread on another renews them (every third of the lease) until the queue is dropped.
pub struct PgLeases {
    conn: Mutex<Conn>,
    worker: String,
    lease: Duration,
    /// The server's clock when this worker started (seconds since 1970): a job finished after
    /// it was done by another worker in this run.
    started: f64,
}

impl PgLeases {
    fn start(url: &str, worker: &str, lease: Duration) -> Result<Arc<PgLeases>, String> {
        let mut conn = Conn::new(url)?;
        let started: f64 = conn.run(|c| {
            Ok(
                c.query_one("SELECT extract(epoch FROM now())::float8", &[])?
                    .get(0),
            )
        })?;
        let me = Arc::new(PgLeases {
            conn: Mutex::new(conn),
            worker: worker.to_string(),
            lease,
            started,
        });
        let mut beat = Conn::new(url)?;
        let weak: Weak<PgLeases> = Arc::downgrade(&me);
        let worker = worker.to_string();
        let secs = lease.as_secs_f64();
        let every = (lease / 3).max(Duration::from_millis(100));
        std::thread::Builder::new()
            .name("renja-lease".into())
            .spawn(move || loop {
                let mut slept = Duration::ZERO;
                while slept < every {
                    if weak.strong_count() == 0 {
                        return;
                    }
                    let step = Duration::from_millis(100);
                    std::thread::sleep(step);
                    slept += step;
                }
                // A lost server is waited for inside `run`; an error after that is reported
                // and the next beat tries again (the leases may expire meanwhile, and another
                // worker may then take those files: the later store replaces the earlier).
                let r = beat.run(|c| {
                    c.execute(
                        "UPDATE jobs SET lease_until = now() + make_interval(secs => $2)
                         WHERE worker = $1 AND state = 'leased'",
                        &[&worker, &secs],
                    )?;
                    Ok(())
                });
                if let Err(e) = r {
                    eprintln!("renja: cannot renew the leases: {e}");
                }
            })
            .map_err(|e| format!("cannot start the lease heartbeat: {e}"))?;
        Ok(me)
    }
}

impl Leases for PgLeases {
    fn try_lease(&self, file: &FileInfo) -> Result<Lease, String> {
        let mut conn = self
            .conn
            .lock()
            .map_err(|_| "the lease connection failed earlier".to_string())?;
        let path = file.path.display().to_string();
        let secs = self.lease.as_secs_f64();
        conn.run(|c| {
            c.execute(
                "INSERT INTO jobs(content_hash, path) VALUES ($1, $2)
                 ON CONFLICT (content_hash) DO NOTHING",
                &[&file.hash, &path],
            )?;
            let mut tx = c.transaction()?;
            // A job row another worker has locked is being leased or finished right now.
            let Some(row) = tx.query_opt(
                "SELECT state, worker = $2, lease_until < now(), finished_at > to_timestamp($3)
                 FROM jobs WHERE content_hash = $1 FOR UPDATE SKIP LOCKED",
                &[&file.hash, &self.worker, &self.started],
            )?
            else {
                return Ok(Lease::Busy);
            };
            let state: String = row.get(0);
            let mine: Option<bool> = row.get(1);
            let expired: Option<bool> = row.get(2);
            let fresh: Option<bool> = row.get(3);
            let lease = match state.as_str() {
                "leased" if mine != Some(true) && expired != Some(true) => Lease::Busy,
                "done" | "failed" if fresh == Some(true) => Lease::Finished,
                _ => {
                    tx.execute(
                        "UPDATE jobs SET state = 'leased', worker = $2, path = $3,
                           lease_until = now() + make_interval(secs => $4),
                           attempts = attempts + 1
                         WHERE content_hash = $1",
                        &[&file.hash, &self.worker, &path, &secs],
                    )?;
                    Lease::Granted
                }
            };
            tx.commit()?;
            Ok(lease)
        })
    }

    fn poll_interval(&self) -> Duration {
        (self.lease / 4).clamp(Duration::from_millis(200), Duration::from_secs(5))
    }
}

impl Drop for PgLeases {
    /// Hands back the leases of files this worker did not finish (a stopped run), so other
    /// workers need not wait for them to expire. Best effort, without waiting for a lost server.
    fn drop(&mut self) {
        if let Ok(conn) = self.conn.get_mut() {
            conn.wait = Duration::ZERO;
            let worker = self.worker.clone();
            let _ = conn.run(|c| {
                c.execute(
                    "UPDATE jobs SET state = 'todo', worker = NULL, lease_until = NULL
                     WHERE worker = $1 AND state = 'leased'",
                    &[&worker],
                )?;
                Ok(())
            });
        }
    }
}
