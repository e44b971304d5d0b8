#!/usr/bin/env bash
# Ingest into a PostgreSQL store (issue 8), release build: the scale's native data split into a
# first delivery (customers, accounts, the first 90% of the transfers by line) and a second
# (customers and accounts again, the last 10%). Per repeat, into a new PostgreSQL database on a
# throwaway server and into a new SQLite file, alternating: `amlgraph ingest --db URL first`
# then `amlgraph ingest --db URL second` (incremental, into a store that holds 90% already).
# Wall seconds, medians, rows/s, and the load average before and after, in one run.
# Result: Benchmarks/results/postgres-store-ingest-SCALE.json.
# Usage: Benchmarks/run-postgres-store-ingest.sh [medium|small] [repeats]
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
export WORK=$(mktemp -d "${TMPDIR:-/tmp}/amlgraph-pg-store-ingest.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
scripts/with-postgres python3 - <<'PY'
import json, os, statistics, subprocess, time
work, data, url, bin = os.environ["WORK"], os.environ["DATA"], os.environ["AMLGRAPH_TEST_PG_URL"], os.environ["BIN"]
# The two deliveries (customers and accounts in both; truth.csv left out).
lines = open(os.path.join(data, "transfers.csv")).read().splitlines()
header, rows = lines[0], lines[1:]
cut = len(rows) * 9 // 10
for name, part in (("first", rows[:cut]), ("second", rows[cut:])):
    folder = os.path.join(work, name); os.makedirs(folder, exist_ok=True)
    for table in ("customers.csv", "accounts.csv"):
        dst = os.path.join(folder, table)
        if not os.path.exists(dst): os.symlink(os.path.join(data, table), dst)
    with open(os.path.join(folder, "transfers.csv"), "w") as f: f.write("\n".join([header] + part) + "\n")
base = url.rsplit("/", 1)[0]
def ingest(db, folder):
    start = time.perf_counter()
    out = subprocess.run([bin, "ingest", "--db", db, "--json", os.path.join(work, folder)], check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - start, json.loads(out)["transfers"]
runs = {"pg_first": [], "pg_second": [], "sqlite_first": [], "sqlite_second": []}
counts = {}
load_before = os.getloadavg()
for i in range(int(os.environ["REPEATS"])):
    name = f"amlgraph_bench_ingest_{i}"
    subprocess.run(["psql", "-q", url, "-c", f"DROP DATABASE IF EXISTS {name}", "-c", f"CREATE DATABASE {name}"], check=True)
    db = os.path.join(work, "bench.sqlite")
    for suffix in ("", "-wal", "-shm", "-journal", ".snapshot"):
        if os.path.exists(db + suffix): os.remove(db + suffix)
    for store, target in (("pg", f"{base}/{name}"), ("sqlite", db)):
        for part in ("first", "second"):
            seconds, n = ingest(target, part)
            runs[f"{store}_{part}"].append(seconds); counts[f"{store}_{part}"] = n
load_after = os.getloadavg()
med = {k: statistics.median(v) for k, v in runs.items()}
result = {"scale": os.environ["SCALE"], "first_transfers": counts["pg_first"], "second_transfers": counts["pg_second"],
          "pg_first_s": med["pg_first"], "pg_second_s": med["pg_second"], "sqlite_first_s": med["sqlite_first"], "sqlite_second_s": med["sqlite_second"],
          "pg_first_rows_per_s": counts["pg_first"] / med["pg_first"], "pg_second_rows_per_s": counts["pg_second"] / med["pg_second"],
          "sqlite_first_rows_per_s": counts["sqlite_first"] / med["sqlite_first"], "sqlite_second_rows_per_s": counts["sqlite_second"] / med["sqlite_second"],
          "ratio_pg_to_sqlite_first": med["pg_first"] / med["sqlite_first"], "ratio_pg_to_sqlite_second": med["pg_second"] / med["sqlite_second"],
          "runs": runs, "load_average_before": load_before[0], "load_average_after": load_after[0], "cpus": os.cpu_count()}
assert counts["pg_first"] == counts["sqlite_first"] and counts["pg_second"] == counts["sqlite_second"], counts
os.makedirs("Benchmarks/results", exist_ok=True)
json.dump(result, open(f"Benchmarks/results/postgres-store-ingest-{os.environ['SCALE']}.json", "w"), indent=2)
print(json.dumps(result, indent=2))
PY
