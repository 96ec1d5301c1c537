-- The schema renja 0.1.0 wrote before schema 3 (version 2), for the migration test.
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
INSERT INTO meta(key, value) VALUES ('schema_version', '2');
PRAGMA application_id = 1380862529;
