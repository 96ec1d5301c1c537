-- renja database, schema version 3 (see README "The database"). Every statement is idempotent:
-- it runs on a new database and after the migration from version 2.
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
    stored_at TEXT NOT NULL DEFAULT (datetime('now')),
    rules_hash TEXT,
    source TEXT,
    mtime INTEGER NOT NULL DEFAULT 0,
    group_id INTEGER,
    canonical INTEGER NOT NULL DEFAULT 1,
    canonical_id INTEGER,
    dup_key TEXT
);
CREATE INDEX IF NOT EXISTS documents_group ON documents(group_id);
CREATE TABLE IF NOT EXISTS document_files (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    name TEXT NOT NULL,
    seen_at TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (document_id, path)
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
    indicators TEXT NOT NULL,
    lokasi TEXT,
    sumber_dana TEXT,
    satuan TEXT
);
CREATE INDEX IF NOT EXISTS items_code ON items(code);
CREATE INDEX IF NOT EXISTS items_document ON items(document_id);
-- One amount per row: value_sen is the amount in sen (1/100 rupiah), exact.
CREATE TABLE IF NOT EXISTS amounts (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    table_idx INTEGER NOT NULL,
    row_idx INTEGER NOT NULL,
    col INTEGER NOT NULL,
    code TEXT,
    level TEXT NOT NULL,
    name TEXT NOT NULL,
    table_kind TEXT NOT NULL,
    role TEXT NOT NULL,
    stage TEXT NOT NULL,
    year INTEGER,
    value_sen INTEGER NOT NULL,
    printed TEXT NOT NULL,
    page INTEGER NOT NULL,
    column_key TEXT NOT NULL,
    finding INTEGER NOT NULL DEFAULT 0 CHECK (finding IN (0, 1))
);
CREATE INDEX IF NOT EXISTS amounts_code ON amounts(code, role, stage, year);
CREATE INDEX IF NOT EXISTS amounts_document ON amounts(document_id, table_idx, row_idx);
CREATE TABLE IF NOT EXISTS targets (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    table_idx INTEGER NOT NULL,
    row_idx INTEGER NOT NULL,
    code TEXT,
    table_kind TEXT NOT NULL,
    indicator TEXT NOT NULL,
    printed TEXT NOT NULL,
    value REAL,
    percent INTEGER NOT NULL DEFAULT 0,
    unit TEXT,
    page INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS targets_document ON targets(document_id, table_idx, row_idx);
CREATE INDEX IF NOT EXISTS targets_code ON targets(code);
-- Content signature (hashes of amounts and coded items) that links duplicates.
CREATE TABLE IF NOT EXISTS doc_signature (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    h INTEGER NOT NULL,
    PRIMARY KEY (document_id, h)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS doc_signature_h ON doc_signature(h);
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
    table_idx INTEGER,
    expected TEXT,
    found TEXT,
    difference TEXT,
    message_id TEXT NOT NULL,
    message_en TEXT NOT NULL,
    fingerprint TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS findings_document ON findings(document_id);
