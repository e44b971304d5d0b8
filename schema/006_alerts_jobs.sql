-- 006: alerts raised from pattern findings, their workflow history, and the runs of batch
-- jobs (ring detection), which double as the lease that keeps two servers from running the
-- same job at once.

CREATE TABLE alerts (
    id          INTEGER PRIMARY KEY,
    finding_id  TEXT NOT NULL,             -- GraphAlgorithms.Finding id: typology + hash of its transfers
    typology    TEXT NOT NULL,
    score       REAL NOT NULL,
    accounts    TEXT NOT NULL CHECK (json_valid(accounts)),   -- external account ids
    transfers   TEXT NOT NULL CHECK (json_valid(transfers)),  -- external transfer ids
    amount      REAL NOT NULL,
    start_ts    INTEGER NOT NULL,
    end_ts      INTEGER NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'investigating', 'escalated', 'dismissed')),
    job_run     INTEGER,                   -- the job_runs row that raised it
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
-- Deduplication: at most one alert per finding that is not dismissed.
CREATE UNIQUE INDEX alerts_open_finding ON alerts (finding_id) WHERE status <> 'dismissed';
CREATE INDEX alerts_by_score ON alerts (score);

-- The accounts of each alert with their customer and country at creation, so the customer,
-- account and country filters of GET /alerts are index lookups instead of JSON scans.
CREATE TABLE alert_accounts (
    alert    INTEGER NOT NULL REFERENCES alerts (id),
    account  TEXT NOT NULL,
    customer TEXT,
    country  TEXT,
    PRIMARY KEY (alert, account)
) WITHOUT ROWID;
CREATE INDEX alert_accounts_by_account ON alert_accounts (account);
CREATE INDEX alert_accounts_by_customer ON alert_accounts (customer);
CREATE INDEX alert_accounts_by_country ON alert_accounts (country);

CREATE TABLE alert_events (
    id          INTEGER PRIMARY KEY,
    alert       INTEGER NOT NULL REFERENCES alerts (id),
    at          INTEGER NOT NULL,
    principal   TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    comment     TEXT NOT NULL
);
CREATE INDEX alert_events_by_alert ON alert_events (alert);

CREATE TABLE job_runs (
    id             INTEGER PRIMARY KEY,
    job            TEXT NOT NULL,
    started_at     INTEGER NOT NULL,
    finished_at    INTEGER,
    status         TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    from_row       INTEGER NOT NULL,       -- transfers with row id > from_row ...
    to_row         INTEGER,                -- ... and <= to_row were new to this run
    findings       INTEGER,
    alerts_created INTEGER,
    error          TEXT,
    owner          TEXT NOT NULL,          -- host:pid:random of the process holding the lease
    heartbeat_at   INTEGER NOT NULL
);
CREATE INDEX job_runs_by_job ON job_runs (job, status);
-- The lease: at most one running row per job, whatever the callers do.
CREATE UNIQUE INDEX job_runs_one_running ON job_runs (job) WHERE status = 'running';
