#!/usr/bin/env bash
# PostgreSQL ingest benchmark (issue 8), release build: load a generated data set into a
# throwaway PostgreSQL server, then time `amlgraph ingest --from postgresql://...` against
# `amlgraph ingest DIR` (CSV) into new databases, alternating, N times each, in one run.
# Result: Benchmarks/results/postgres-ingest-SCALE.json. Usage: Benchmarks/run-postgres.sh [medium|small] [repeats]
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-medium}
repeats=${2:-3}
AMLGRAPH_NEEDS_POSTGRES_SERVER=1 scripts/install-deps
swift build -c release --product amlgraph --scratch-path .build-bench >&2
export BIN=$PWD/.build-bench/release/amlgraph
export DATA=${AMLGRAPH_BENCH_DATA:-/tmp/amlgraph-bench-data}/$scale
[ -f "$DATA/transfers.csv" ] || "$BIN" generate --scale "$scale" --seed 7 --out "$DATA" >&2
export SCALE=$scale REPEATS=$repeats
scripts/with-postgres bash -c '
set -euo pipefail
psql -q "$AMLGRAPH_TEST_PG_URL" <<SQL
CREATE TABLE customers (customer_id text PRIMARY KEY, name text, country text, segment text, kyc_risk text);
CREATE TABLE accounts (account_id text PRIMARY KEY, customer_id text, bank text, currency text, opened_at bigint);
CREATE TABLE transfers (transfer_id text PRIMARY KEY, src_account text, dst_account text, amount numeric(18,2),
  currency text, ts bigint, channel text, is_laundering smallint);
\copy customers FROM '"'"'$DATA/customers.csv'"'"' WITH (FORMAT csv, HEADER true)
\copy accounts FROM '"'"'$DATA/accounts.csv'"'"' WITH (FORMAT csv, HEADER true)
\copy transfers FROM '"'"'$DATA/transfers.csv'"'"' WITH (FORMAT csv, HEADER true)
ANALYZE;
SQL
work=$(mktemp -d)
python3 - "$work" <<PY
import json, os, statistics, subprocess, sys, time
work = sys.argv[1]; bin = os.environ["BIN"]; data = os.environ["DATA"]; url = os.environ["AMLGRAPH_TEST_PG_URL"]
def run(args):
    db = os.path.join(work, "bench.sqlite")
    for suffix in ("", "-wal", "-shm", ".snapshot"):
        if os.path.exists(db + suffix): os.remove(db + suffix)
    start = time.perf_counter()
    out = subprocess.run([bin, "ingest", "--db", db, "--json"] + args, check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - start, json.loads(out)["transfers"]
pg, csv = [], []
for _ in range(int(os.environ["REPEATS"])):
    pg.append(run(["--from", url])); csv.append(run([data]))
pg_s = statistics.median(t for t, _ in pg); csv_s = statistics.median(t for t, _ in csv)
result = {"scale": os.environ["SCALE"], "transfers": pg[0][1], "postgres_ingest_s": pg_s, "csv_ingest_s": csv_s,
          "postgres_rows_per_s": pg[0][1] / pg_s, "ratio_postgres_to_csv": pg_s / csv_s,
          "runs": {"postgres_s": [t for t, _ in pg], "csv_s": [t for t, _ in csv]}}
os.makedirs("Benchmarks/results", exist_ok=True)
scale = os.environ["SCALE"]
json.dump(result, open("Benchmarks/results/postgres-ingest-" + scale + ".json", "w"), indent=2)
print(json.dumps(result, indent=2))
PY
rm -rf "$work"
'
