-- 003_models: the model registry. One row per training run: what was trained on which data
-- with which parameters, how it scored on the time-ordered test slice, and where the model
-- file is. `kind` is text (gbdt, logreg; later fused, gnn) so new kinds need no migration;
-- `components` lists the run ids a combined model (e.g. a fused one) is built from.

CREATE TABLE model_runs (
    run_id           TEXT PRIMARY KEY,
    kind             TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    feature_set      TEXT NOT NULL,
    params           TEXT NOT NULL CHECK (json_valid(params)),
    data_fingerprint TEXT NOT NULL,
    store_version    INTEGER NOT NULL,
    train_rows       INTEGER NOT NULL,
    validation_rows  INTEGER NOT NULL,
    test_rows        INTEGER NOT NULL,
    train_seconds    REAL NOT NULL,
    metrics          TEXT NOT NULL CHECK (json_valid(metrics)),
    curves           TEXT NOT NULL CHECK (json_valid(curves)),
    model_path       TEXT NOT NULL,
    model_checksum   TEXT NOT NULL,
    components       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(components)),
    promoted         INTEGER NOT NULL DEFAULT 0 CHECK (promoted IN (0, 1))
);
-- At most one run is the one the service uses.
CREATE UNIQUE INDEX model_runs_promoted ON model_runs (promoted) WHERE promoted = 1;
CREATE INDEX model_runs_by_time ON model_runs (created_at);
