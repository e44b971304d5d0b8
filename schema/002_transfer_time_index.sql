-- 002: time-range reads (incremental jobs, "transfers since", stats) use this index.
CREATE INDEX transfers_by_ts ON transfers (ts);
