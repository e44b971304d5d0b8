-- 001_init: the property graph.
-- Nodes carry a label and an external key (unique per label); their properties are JSON.
-- TRANSFER edges live in `transfers`, with the attributes every algorithm reads as real
-- columns; every other edge type (OWNS, and whatever a user loads) lives in `edges`.

CREATE TABLE store_meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;

-- Bumped by every committed write; the snapshot cache compares it to decide staleness.
-- It starts at a random value so a cache left by another database never matches by accident.
INSERT INTO store_meta (key, value) VALUES ('version', abs(random() % 4611686018427387904));

CREATE TABLE nodes (
    id    INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    key   TEXT NOT NULL,
    props TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(props)),
    UNIQUE (label, key)
);

CREATE TABLE edges (
    id    INTEGER PRIMARY KEY,
    type  TEXT NOT NULL,
    src   INTEGER NOT NULL REFERENCES nodes (id),
    dst   INTEGER NOT NULL REFERENCES nodes (id),
    props TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(props))
);
-- Named indexes rather than a table constraint, so a bulk load into an empty table can drop
-- them and rebuild them once at the end.
CREATE UNIQUE INDEX edges_by_src ON edges (src, type, dst);
CREATE INDEX edges_by_dst ON edges (dst, type);

CREATE TABLE transfers (
    id            INTEGER PRIMARY KEY,
    transfer_id   TEXT NOT NULL,
    src           INTEGER NOT NULL REFERENCES nodes (id),
    dst           INTEGER NOT NULL REFERENCES nodes (id),
    amount        REAL NOT NULL,
    currency      TEXT NOT NULL,
    ts            INTEGER NOT NULL,
    channel       TEXT NOT NULL DEFAULT '',
    is_laundering INTEGER CHECK (is_laundering IN (0, 1)),
    props         TEXT
);
-- The only index on transfers: ids are unique, so re-ingesting a file changes nothing. Reads
-- by account or by time go through the in-memory snapshot (forward and reverse adjacency,
-- each sorted by time), which is what every algorithm and query reads anyway.
CREATE UNIQUE INDEX transfers_by_transfer_id ON transfers (transfer_id);

-- Planted or known laundering patterns (truth.csv): one row per (pattern, account).
CREATE TABLE patterns (
    pattern_id TEXT NOT NULL,
    typology   TEXT NOT NULL,
    account    INTEGER NOT NULL REFERENCES nodes (id),
    PRIMARY KEY (pattern_id, account)
) WITHOUT ROWID;

-- One row per ingest call that committed: what came in, from where, and how much.
CREATE TABLE ingest_runs (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,
    format      TEXT NOT NULL,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER NOT NULL,
    customers   INTEGER NOT NULL,
    accounts    INTEGER NOT NULL,
    transfers   INTEGER NOT NULL,
    skipped     INTEGER NOT NULL
);
