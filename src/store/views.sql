-- Views analysts query (README "The database"); they read canonical documents only, so the PDF,
-- its scan and its text export of one document count once.
DROP VIEW IF EXISTS v_documents;
CREATE VIEW v_documents AS
SELECT d.id AS document_id, d.name AS document, d.path, d.source, m.pemda, m.opd, m.year,
       m.kind, d.pages, d.renja_version, d.stored_at,
       (SELECT count(*) FROM documents o WHERE o.group_id = d.group_id AND o.id != d.id
          AND o.status = 'ok') AS duplicates
FROM documents d LEFT JOIN doc_meta m ON m.document_id = d.id
WHERE d.status = 'ok' AND d.canonical = 1;

DROP VIEW IF EXISTS v_amounts;
CREATE VIEW v_amounts AS
SELECT m.pemda, m.opd, m.year AS document_year, m.kind AS document_kind, d.name AS document,
       a.document_id, a.table_kind, a.code, a.level, a.name, a.role, a.stage, a.year,
       a.value_sen, a.value_sen / 100 AS rupiah, a.printed, a.page, a.finding,
       a.table_idx, a.row_idx, a.column_key
FROM amounts a
JOIN documents d ON d.id = a.document_id AND d.status = 'ok' AND d.canonical = 1
LEFT JOIN doc_meta m ON m.document_id = a.document_id;

-- The planned pagu per pemda, OPD, year and code: the plan table's amount for its own year (a
-- Perubahan Renja: the pagu after the change). rupiah drops the sen (value_sen keeps them).
DROP VIEW IF EXISTS v_pagu_plan;
CREATE VIEW v_pagu_plan AS
SELECT m.pemda, m.opd, a.year, a.code, a.level, a.name, a.value_sen, a.value_sen / 100 AS rupiah,
       a.stage, a.finding, d.name AS document, a.page
FROM amounts a
JOIN documents d ON d.id = a.document_id AND d.status = 'ok' AND d.canonical = 1
LEFT JOIN doc_meta m ON m.document_id = a.document_id
WHERE a.table_kind = 'plan' AND a.role = 'pagu' AND a.code IS NOT NULL
  AND (a.stage = 'sesudah'
       OR (a.stage = 'rencana' AND NOT EXISTS (
             SELECT 1 FROM amounts s WHERE s.document_id = a.document_id
               AND s.table_idx = a.table_idx AND s.stage = 'sesudah')));

DROP VIEW IF EXISTS v_targets;
CREATE VIEW v_targets AS
SELECT m.pemda, m.opd, m.year AS document_year, t.table_kind, t.code, t.indicator, t.printed,
       t.value, t.percent, t.unit, t.page, d.name AS document
FROM targets t
JOIN documents d ON d.id = t.document_id AND d.status = 'ok' AND d.canonical = 1
LEFT JOIN doc_meta m ON m.document_id = t.document_id;
