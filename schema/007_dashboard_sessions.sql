-- 007: dashboard logins. Sessions live in the database, so they survive a restart and every
-- server on the same file shares them; login failures are kept per name for the lock-out.
-- (The users table itself is in 005.)

CREATE TABLE dashboard_sessions (
    token_hash   TEXT PRIMARY KEY,         -- lowercase hex SHA-256 of the cookie value (never the value)
    user_id      INTEGER NOT NULL REFERENCES users (id),
    csrf         TEXT NOT NULL,            -- the token every POST form of this session must carry
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,         -- idle expiry counts from here
    expires_at   INTEGER NOT NULL          -- absolute expiry
) WITHOUT ROWID;
CREATE INDEX dashboard_sessions_by_user ON dashboard_sessions (user_id);

-- One row per failed login, by the name typed (known or not, so the lock-out does not tell
-- which names exist). A successful login clears the name's rows.
CREATE TABLE login_failures (
    name TEXT NOT NULL,
    at   INTEGER NOT NULL
);
CREATE INDEX login_failures_by_name ON login_failures (name, at);
