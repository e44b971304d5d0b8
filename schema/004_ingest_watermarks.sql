-- 004: incremental ingest from external databases. One row per (source, table): the largest
-- watermark value (transfer ts) already read, so a nightly run reads only newer rows. It is
-- written in the same transaction as the rows it covers.
CREATE TABLE ingest_watermarks (
    source     TEXT NOT NULL,
    table_name TEXT NOT NULL,
    value      INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (source, table_name)
) WITHOUT ROWID;
