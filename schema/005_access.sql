-- 005: who may use the service, and what they did. API keys for systems (only a SHA-256 of
-- the key is kept; the key itself is shown once), dashboard users (a later issue fills
-- them in), and an append-only audit log of every request, query, lookup and change.

CREATE TABLE api_keys (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
    key_hash   TEXT NOT NULL UNIQUE,       -- lowercase hex SHA-256 of the whole key text
    prefix     TEXT NOT NULL,              -- the key's first characters, to tell keys apart in lists
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
    password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  INTEGER,
    created_at    INTEGER NOT NULL
);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,            -- unix seconds
    principal TEXT NOT NULL,               -- key or user name, 'anonymous' or 'cli:<user>'
    role      TEXT,
    action    TEXT NOT NULL,               -- e.g. 'GET /alerts', 'alert.transition', 'key.create'
    resource  TEXT NOT NULL,               -- what it touched: a path, an alert id, a key id
    detail    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail)),
    status    INTEGER NOT NULL             -- HTTP status, or 0 for a change made outside HTTP
);
CREATE INDEX audit_log_by_at ON audit_log (at);

-- Append-only: the log is evidence, so no one (not even an admin through SQL) edits it.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
