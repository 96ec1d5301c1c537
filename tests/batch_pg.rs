//! `renja batch --db postgres://` against a real PostgreSQL server: a private throwaway cluster
//! (initdb into a temporary folder, pg_ctl on a free port, as the `postgres` user when the tests
//! run as root) started by each test. Three workers share one file list, one killed (kill -9)
//! mid-run; the server stopped and started again mid-run; `compare` on the server against
//! SQLite. Every check compares the stored content (documents, amounts, targets, findings,
//! names, duplicates) with a single SQLite run's, never ids.
//!
//! `make test` installs Debian's `postgresql` when missing; where no server can be installed
//! or started these tests say so loudly and pass without checking anything.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn renja() -> Command {
    Command::new(env!("CARGO_BIN_EXE_renja"))
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// The newest PostgreSQL server binaries Debian installed.
fn pg_bin() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|b| b.join("initdb").exists() && b.join("pg_ctl").exists())
        .collect();
    dirs.sort_by_key(|d| {
        d.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    dirs.pop()
}

/// A private PostgreSQL cluster, stopped and removed when dropped.
struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
    as_postgres: bool,
}

impl Cluster {
    fn tool(&self, name: &str) -> Command {
        let exe = self.bin.join(name);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(exe);
            c
        } else {
            Command::new(exe)
        }
    }

    fn start(tag: &str) -> Result<Cluster, String> {
        let bin = pg_bin().ok_or("no PostgreSQL server under /usr/lib/postgresql/*/bin")?;
        let dir = std::env::temp_dir().join(format!("renja-pg-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        // initdb refuses to run as root: the cluster belongs to `postgres` then.
        let as_postgres = is_root();
        if as_postgres {
            let ok = Command::new("chown")
                .args(["postgres"])
                .arg(&dir)
                .status()
                .is_ok_and(|s| s.success());
            if !ok {
                return Err("cannot hand the cluster folder to the postgres user".into());
            }
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let c = Cluster {
            dir,
            bin,
            port,
            as_postgres,
        };
        let o = c
            .tool("initdb")
            .arg("-D")
            .arg(c.dir.join("data"))
            .args(["-U", "postgres", "--auth=trust", "-E", "UTF8", "-N"])
            .output()
            .map_err(|e| e.to_string())?;
        if !o.status.success() {
            return Err(format!("initdb: {}", String::from_utf8_lossy(&o.stderr)));
        }
        c.pg_ctl("start")?;
        Ok(c)
    }

    fn pg_ctl(&self, what: &str) -> Result<(), String> {
        let mut cmd = self.tool("pg_ctl");
        cmd.arg("-D").arg(self.dir.join("data"));
        match what {
            "start" => {
                cmd.arg("-l")
                    .arg(self.dir.join("log"))
                    .arg("-o")
                    .arg(format!(
                        "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
                        self.port,
                        self.dir.display()
                    ));
            }
            _ => {
                cmd.args(["-m", "fast"]);
            }
        }
        let o = cmd.args(["-w", what]).output().map_err(|e| e.to_string())?;
        if o.status.success() {
            Ok(())
        } else {
            Err(format!(
                "pg_ctl {what}: {}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ))
        }
    }

    /// A new empty database on the cluster, as a URL.
    fn database(&self, name: &str) -> String {
        let mut c = postgres::Client::connect(&self.url("postgres"), postgres::NoTls).unwrap();
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        self.url(name)
    }

    fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self
            .tool("pg_ctl")
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "immediate", "-w", "stop"])
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The cluster, or `None` after a loud message where PostgreSQL cannot run here.
fn cluster(tag: &str) -> Option<Cluster> {
    match Cluster::start(tag) {
        Ok(c) => Some(c),
        Err(e) => {
            eprintln!(
                "\n*** SKIPPED: PostgreSQL cannot be started here ({e}); `make test` installs Debian's postgresql ***\n"
            );
            None
        }
    }
}

/// The inputs: the seed text exports, the born-digital samples, a copy of a seed under another
/// name and a corrupt file.
fn inputs(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("renja-pg-in-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let seeds = root().join("tests/data/seeds");
    for e in std::fs::read_dir(&seeds).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
        }
    }
    for s in [
        "000_serang_sipd.pdf",
        "002_banjar_word.pdf",
        "003_paser_sipd.pdf",
    ] {
        std::fs::copy(root().join("samples").join(s), dir.join(s)).unwrap();
    }
    std::fs::copy(
        seeds.join("000_29dde3c6f226ceb9.txt"),
        dir.join("serang_copy.txt"),
    )
    .unwrap();
    std::fs::write(dir.join("broken.pdf"), b"%PDF-1.4 this is not a document").unwrap();
    dir
}

/// One worker (`renja batch`) on `files`, with a short lease and one thread.
fn worker(files: &Path, db: &str, lease: &str, log: &Path) -> Child {
    renja()
        .arg("batch")
        .arg(files)
        .args(["--db", db, "--lease-secs", lease, "--quiet"])
        .env("RAYON_NUM_THREADS", "1")
        .stdout(Stdio::from(
            std::fs::File::create(log.with_extension("out")).unwrap(),
        ))
        .stderr(Stdio::from(
            std::fs::File::create(log.with_extension("err")).unwrap(),
        ))
        .spawn()
        .unwrap()
}

fn wait(child: &mut Child, limit: Duration, log: &Path) -> Option<i32> {
    let start = Instant::now();
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s.code();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!(
                "worker did not finish in {limit:?}: {}",
                std::fs::read_to_string(log.with_extension("err")).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn log_of(log: &Path) -> String {
    format!(
        "{}{}",
        std::fs::read_to_string(log.with_extension("out")).unwrap_or_default(),
        std::fs::read_to_string(log.with_extension("err")).unwrap_or_default()
    )
}

/// What a database holds, by content: every column cast to text by the same SQL on both
/// engines (floats as thousandths), rows keyed by the document's content hash, never its id.
const CONTENT: &[(&str, &str)] = &[
    (
        "documents",
        "SELECT d.content_hash, d.status, d.name, d.path, CAST(d.pages AS TEXT), d.source,
                CAST(d.canonical AS TEXT), c.content_hash, d.dup_key, d.error, d.renja_version,
                d.rules_hash, CAST(d.size AS TEXT)
         FROM documents d LEFT JOIN documents c ON c.id = d.canonical_id",
    ),
    (
        "document_files",
        "SELECT d.content_hash, f.path, f.name FROM document_files f
         JOIN documents d ON d.id = f.document_id",
    ),
    (
        "doc_meta",
        "SELECT d.content_hash, m.pemda, m.opd, CAST(m.year AS TEXT), m.kind FROM doc_meta m
         JOIN documents d ON d.id = m.document_id",
    ),
    (
        "doc_rows",
        "SELECT d.content_hash, CAST(t.idx AS TEXT), t.title, t.header_rows, CAST(r.idx AS TEXT),
                CAST(r.page AS TEXT), r.cells
         FROM doc_rows r JOIN doc_tables t ON t.id = r.table_id JOIN documents d ON d.id = t.document_id",
    ),
    (
        "items",
        "SELECT d.content_hash, CAST(i.table_idx AS TEXT), CAST(i.row_idx AS TEXT), i.table_kind,
                i.level, i.code, i.code_source, i.name, i.indicators, i.lokasi, i.sumber_dana, i.satuan
         FROM items i JOIN documents d ON d.id = i.document_id",
    ),
    (
        "amounts",
        "SELECT d.content_hash, CAST(a.table_idx AS TEXT), CAST(a.row_idx AS TEXT),
                CAST(a.col AS TEXT), a.code, a.level, a.name, a.table_kind, a.role, a.stage,
                CAST(a.year AS TEXT), CAST(a.value_sen AS TEXT), a.printed, CAST(a.page AS TEXT),
                a.column_key, CAST(a.finding AS TEXT)
         FROM amounts a JOIN documents d ON d.id = a.document_id",
    ),
    (
        "targets",
        "SELECT d.content_hash, CAST(t.table_idx AS TEXT), CAST(t.row_idx AS TEXT), t.code,
                t.table_kind, t.indicator, t.printed,
                CAST(CAST(round(t.value * 1000) AS BIGINT) AS TEXT), CAST(t.percent AS TEXT),
                t.unit, CAST(t.page AS TEXT)
         FROM targets t JOIN documents d ON d.id = t.document_id",
    ),
    (
        "findings",
        "SELECT d.content_hash, f.check_id, f.check_name, f.severity, CAST(f.page AS TEXT),
                f.table_title, CAST(f.table_idx AS TEXT), CAST(f.row_idx AS TEXT), f.code, f.name,
                f.column_key, f.expected, f.found, f.difference, f.message_id, f.message_en,
                f.fingerprint, f.evidence
         FROM findings f JOIN documents d ON d.id = f.document_id",
    ),
    (
        "doc_signature",
        "SELECT d.content_hash, CAST(s.h AS TEXT) FROM doc_signature s
         JOIN documents d ON d.id = s.document_id",
    ),
    (
        "v_pagu_plan",
        "SELECT pemda, opd, CAST(year AS TEXT), code, level, name, CAST(value_sen AS TEXT),
                CAST(rupiah AS TEXT), stage, CAST(finding AS TEXT), document, CAST(page AS TEXT)
         FROM v_pagu_plan",
    ),
    (
        "v_documents",
        "SELECT document, path, source, pemda, opd, CAST(year AS TEXT), kind, CAST(pages AS TEXT),
                CAST(duplicates AS TEXT) FROM v_documents",
    ),
];

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn sqlite_content(db: &Path) -> Vec<(String, Vec<String>)> {
    let c = rusqlite::Connection::open(db).unwrap();
    CONTENT
        .iter()
        .map(|(t, sql)| {
            let mut q = c.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
            let n = q.column_count();
            let rows = q
                .query_map([], |r| {
                    (0..n)
                        .map(|i| r.get::<_, Option<String>>(i).map(|v| v.unwrap_or_default()))
                        .collect::<Result<Vec<_>, _>>()
                        .map(|v| v.join("|"))
                })
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            (t.to_string(), sorted(rows))
        })
        .collect()
}

fn pg_content(url: &str) -> Vec<(String, Vec<String>)> {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    CONTENT
        .iter()
        .map(|(t, sql)| {
            let rows = c
                .query(*sql, &[])
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
                .iter()
                .map(|r| {
                    (0..r.len())
                        .map(|i| r.get::<_, Option<String>>(i).unwrap_or_default())
                        .collect::<Vec<_>>()
                        .join("|")
                })
                .collect();
            (t.to_string(), sorted(rows))
        })
        .collect()
}

fn assert_same_content(url: &str, sqlite: &Path) {
    let want = sqlite_content(sqlite);
    let got = pg_content(url);
    assert!(
        want.iter().find(|(t, _)| t == "amounts").unwrap().1.len() > 100,
        "the reference run stored amounts"
    );
    for ((t, w), (_, g)) in want.iter().zip(&got) {
        let first = w.iter().zip(g).position(|(a, b)| a != b);
        assert!(
            w == g,
            "table {t}: SQLite has {} rows, PostgreSQL {}; first difference at {first:?}:\n  sqlite: {:?}\n  pg:     {:?}",
            w.len(),
            g.len(),
            first.and_then(|i| w.get(i)),
            first.and_then(|i| g.get(i)),
        );
    }
}

/// The reference: one uninterrupted SQLite run over the same files.
fn sqlite_reference(files: &Path, tag: &str) -> PathBuf {
    let db = std::env::temp_dir().join(format!("renja-pg-ref-{tag}-{}.sqlite", std::process::id()));
    let _ = std::fs::remove_file(&db);
    let o = renja()
        .arg("batch")
        .arg(files)
        .arg("--db")
        .arg(&db)
        .arg("--quiet")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "the corrupt file fails: {o:?}");
    db
}

fn query_i64(url: &str, sql: &str) -> Option<i64> {
    let mut c = postgres::Client::connect(url, postgres::NoTls).ok()?;
    c.query_one(sql, &[]).ok().map(|r| r.get(0))
}

/// Three workers over one file list, one killed (kill -9) while it holds a lease: the others
/// take its file once the lease expires, and the server ends up with exactly what one SQLite run
/// stores; `renja compare` then prints the same on both.
#[test]
fn three_workers_one_killed_store_what_one_sqlite_run_stores() {
    let Some(cl) = cluster("kill") else { return };
    let url = cl.database("kill");
    let files = inputs("kill");
    let reference = sqlite_reference(&files, "kill");
    let logs: Vec<PathBuf> = (0..3).map(|i| cl.dir.join(format!("w{i}"))).collect();
    let mut workers: Vec<Child> = logs.iter().map(|l| worker(&files, &url, "2", l)).collect();
    let victim = workers[0].id();
    // Killed as soon as it holds a lease: mid-document, its file unstored.
    let start = Instant::now();
    let held =
        format!("SELECT count(*) FROM jobs WHERE state = 'leased' AND worker LIKE '%:{victim}:%'");
    while query_i64(&url, &held).unwrap_or(0) == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "worker 0 never leased a file: {}",
            log_of(&logs[0])
        );
        if workers[0].try_wait().unwrap().is_some() {
            panic!(
                "worker 0 finished before it could be killed: {}",
                log_of(&logs[0])
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    workers[0].kill().unwrap();
    let _ = workers[0].wait();
    let orphan: i64 = query_i64(
        &url,
        &format!("SELECT count(*) FROM jobs WHERE worker LIKE '%:{victim}:%'"),
    )
    .unwrap();
    for (w, l) in workers.iter_mut().zip(&logs).skip(1) {
        let code = wait(w, Duration::from_secs(180), l);
        assert!(matches!(code, Some(0) | Some(3)), "{code:?}: {}", log_of(l));
        assert!(!log_of(l).contains("panicked"), "{}", log_of(l));
    }
    assert_same_content(&url, &reference);
    // The killed worker's file was taken over (a second lease) and nothing is left leased.
    assert_eq!(
        query_i64(
            &url,
            "SELECT count(*) FROM jobs WHERE state NOT IN ('done', 'failed')"
        ),
        Some(0)
    );
    if orphan > 0 {
        assert!(
            query_i64(&url, "SELECT max(attempts) FROM jobs").unwrap() >= 2,
            "the dead worker's file was leased again"
        );
    }
    // The corrupt file's failure is recorded once; the copy is one document under two names.
    assert_eq!(
        query_i64(
            &url,
            "SELECT count(*) FROM documents WHERE status = 'error'"
        ),
        Some(1)
    );
    assert_eq!(
        query_i64(
            &url,
            "SELECT count(*) FROM document_files f JOIN documents d ON d.id = f.document_id
             WHERE d.content_hash = (SELECT content_hash FROM documents WHERE name = 'serang_copy.txt'
                                     OR name = '000_29dde3c6f226ceb9.txt' LIMIT 1)"
        ),
        Some(2)
    );
    // compare reads the same from the server as from the file.
    for args in [
        vec!["--format", "csv"],
        vec!["2.07.03.2.01.0001", "--format", "table"],
        vec!["2.07", "--year", "2022", "--format", "csv"],
    ] {
        let run = |db: &str| {
            let o = renja()
                .arg("compare")
                .args(&args)
                .args(["--db", db])
                .output()
                .unwrap();
            assert_eq!(o.status.code(), Some(0), "{o:?}");
            String::from_utf8(o.stdout).unwrap()
        };
        let on_sqlite = run(&reference.display().to_string());
        assert!(on_sqlite.lines().count() > 1);
        assert_eq!(run(&url), on_sqlite, "compare {args:?}");
    }
    let _ = std::fs::remove_dir_all(&files);
    let _ = std::fs::remove_file(&reference);
}

/// The server stopped while two workers run and started again two seconds later: the workers
/// wait, reconnect, redo what was interrupted, and store exactly what one SQLite run stores.
#[test]
fn workers_survive_a_server_restart_mid_run() {
    let Some(cl) = cluster("restart") else { return };
    let url = cl.database("restart");
    let files = inputs("restart");
    let reference = sqlite_reference(&files, "restart");
    let logs: Vec<PathBuf> = (0..2).map(|i| cl.dir.join(format!("w{i}"))).collect();
    let mut workers: Vec<Child> = logs.iter().map(|l| worker(&files, &url, "30", l)).collect();
    let start = Instant::now();
    while query_i64(&url, "SELECT count(*) FROM jobs WHERE state = 'leased'").unwrap_or(0) == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{}",
            log_of(&logs[0])
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    cl.pg_ctl("stop").unwrap();
    std::thread::sleep(Duration::from_secs(2));
    cl.pg_ctl("start").unwrap();
    for (w, l) in workers.iter_mut().zip(&logs) {
        let code = wait(w, Duration::from_secs(180), l);
        assert!(matches!(code, Some(0) | Some(3)), "{code:?}: {}", log_of(l));
    }
    let said: String = logs.iter().map(|l| log_of(l)).collect();
    assert!(
        said.contains("lost the PostgreSQL server"),
        "a worker noticed the server was gone: {said}"
    );
    assert_same_content(&url, &reference);
    let _ = std::fs::remove_dir_all(&files);
    let _ = std::fs::remove_file(&reference);
}

/// No server at all: the batch waits (RENJA_DB_TIMEOUT), then stops with a message naming the
/// server, without the password of the URL. Needs no PostgreSQL installed.
#[test]
fn an_unreachable_server_is_named_after_a_bounded_wait() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let seed = root().join("tests/data/seeds/000_29dde3c6f226ceb9.txt");
    let start = Instant::now();
    let o = renja()
        .arg("batch")
        .arg(&seed)
        .arg("--db")
        .arg(format!("postgresql://renja:s3cret@127.0.0.1:{port}/arsip"))
        .env("RENJA_DB_TIMEOUT", "1.5")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(start.elapsed() < Duration::from_secs(20));
    assert!(
        err.contains(&format!("postgres://127.0.0.1:{port}/arsip"))
            && err.contains("cannot be reached"),
        "{err}"
    );
    assert!(
        !err.contains("s3cret"),
        "the password is not printed: {err}"
    );
    // compare as well, and the URL may come from RENJA_DB.
    let o = renja()
        .arg("compare")
        .env("RENJA_DB", format!("postgres://127.0.0.1:{port}/arsip"))
        .env("RENJA_DB_TIMEOUT", "0.5")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("127.0.0.1:{port}")), "{err}");
}
