#!/usr/bin/env bash
# PostgreSQL ingest benchmark (issue 8), release build: load a generated data set into a
# throwaway PostgreSQL server, then time `amlgraph ingest --from postgresql://...` against
# `amlgraph ingest DIR` (CSV) into new databases, alternating, N times each, in one run.
# With AMLGRAPH_BASELINE_BIN=/path/to/older/amlgraph both ingests of that binary are timed too,
# alternating with this build's, for a before/after in the same run. Per run: wall seconds, and
# the CPU seconds (user + system) of the amlgraph process; the load average before and after.
# Databases go to a temporary folder under $TMPDIR (default /tmp).
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
work=$(mktemp -d "${TMPDIR:-/tmp}/amlgraph-pg-ingest.XXXXXX")
python3 - "$work" <<PY
import json, os, resource, statistics, subprocess, sys, time
work = sys.argv[1]; data = os.environ["DATA"]; url = os.environ["AMLGRAPH_TEST_PG_URL"]
def run(bin, args):
    db = os.path.join(work, "bench.sqlite")
    for suffix in ("", "-wal", "-shm", "-journal", ".snapshot"):
        if os.path.exists(db + suffix): os.remove(db + suffix)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run([bin, "ingest", "--db", db, "--json"] + args, check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, json.loads(out)["transfers"]
bins = {"current": os.environ["BIN"]}
if os.environ.get("AMLGRAPH_BASELINE_BIN"): bins["baseline"] = os.environ["AMLGRAPH_BASELINE_BIN"]
runs = {name: {"pg": [], "csv": []} for name in bins}
load_before = os.getloadavg()
for _ in range(int(os.environ["REPEATS"])):
    for name, bin in bins.items():
        runs[name]["pg"].append(run(bin, ["--from", url])); runs[name]["csv"].append(run(bin, [data]))
load_after = os.getloadavg()
def summary(r):
    pg_s = statistics.median(t for t, _, _ in r["pg"]); csv_s = statistics.median(t for t, _, _ in r["csv"])
    n = r["pg"][0][2]
    return {"transfers": n, "postgres_ingest_s": pg_s, "csv_ingest_s": csv_s,
            "postgres_rows_per_s": n / pg_s, "csv_rows_per_s": n / csv_s, "ratio_postgres_to_csv": pg_s / csv_s,
            "postgres_cpu_s": statistics.median(c for _, c, _ in r["pg"]), "csv_cpu_s": statistics.median(c for _, c, _ in r["csv"]),
            "runs": {"postgres_s": [t for t, _, _ in r["pg"]], "csv_s": [t for t, _, _ in r["csv"]],
                     "postgres_cpu_s": [c for _, c, _ in r["pg"]], "csv_cpu_s": [c for _, c, _ in r["csv"]]}}
result = {"scale": os.environ["SCALE"], **summary(runs["current"]),
          "load_average_before": load_before[0], "load_average_after": load_after[0], "cpus": os.cpu_count()}
if "baseline" in runs:
    result["baseline"] = {"bin": bins["baseline"], **summary(runs["baseline"])}
os.makedirs("Benchmarks/results", exist_ok=True)
scale = os.environ["SCALE"]
json.dump(result, open("Benchmarks/results/postgres-ingest-" + scale + ".json", "w"), indent=2)
print(json.dumps(result, indent=2))
PY
rm -rf "$work"
'
