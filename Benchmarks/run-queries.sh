#!/usr/bin/env bash
# Query benchmark (issue 4 targets), release build: the queries q1-q4 and q3t on the scale's data
# through `amlgraph query --repeat N` (elapsed_ms: execution only, median) and through Kùzu
# 0.11.3 (Benchmarks/peers/kuzu_queries.py, execution only, median) in the same run, same data.
# Results: Benchmarks/results/queries-SCALE.json (both columns, ratios, result checksums).
# Usage: Benchmarks/run-queries.sh [medium|small|large] [repeats]
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-medium}
repeats=${2:-5}
timeout=${AMLGRAPH_QUERY_TIMEOUT:-120}   # seconds per query run, both engines; a miss is reported
AMLGRAPH_BENCHMARKS=1 swift build -c release --scratch-path .build-bench >&2
bin=.build-bench/release
root=${AMLGRAPH_BENCH_DATA:-/tmp/amlgraph-bench-data}
data=$root/$scale
if [ ! -f "$data/transfers.csv" ]; then
    "$bin/amlgraph" generate --scale "$scale" --seed 7 --out "$data" >&2
fi
db=$root/queries-$scale.sqlite
if [ ! -f "$db" ]; then
    "$bin/amlgraph" ingest --db "$db" "$data" >&2
fi
python3 -c "import kuzu" 2>/dev/null || { echo "kuzu not installed: pip install kuzu==0.11.3" >&2; exit 1; }
spec=$(mktemp /tmp/amlgraph-queries-XXXXXX.json)
trap 'rm -f "$spec" "$spec.kuzu"' EXIT
# The queries, one text for both engines (both speak this Cypher), and the given accounts:
# every 997th account of accounts.csv (100 for q1, the first 10 of them as q2's seeds).
python3 - "$data" "$spec" <<'PY'
import json, sys
data, spec = sys.argv[1], sys.argv[2]
with open(f"{data}/accounts.csv") as f:
    next(f)
    accounts = [line.split(",", 1)[0] for line in f]
ids = accounts[::997][:100]
queries = {
    "q1": "UNWIND $ids AS id MATCH (a:Account {account_id: id})-[t:TRANSFER]->(b:Account) "
          "RETURN a.account_id AS account, sum(t.amount) AS total, count(DISTINCT b) AS counterparties",
    "q2": "UNWIND $seeds AS id MATCH (a:Account {account_id: id})-[:TRANSFER*1..3]->(b:Account) "
          "RETURN id, count(DISTINCT b) AS reachable",
    "q3": "MATCH (a:Account)-[:TRANSFER]->(b:Account)-[:TRANSFER]->(c:Account)-[:TRANSFER]->(a) "
          "WHERE a.account_id < b.account_id AND a.account_id < c.account_id RETURN count(*) AS cycles",
    "q3t": "MATCH (a:Account)-[t1:TRANSFER]->(b:Account)-[t2:TRANSFER]->(c:Account)-[t3:TRANSFER]->(a) "
           "WHERE t1.ts < t2.ts AND t2.ts < t3.ts RETURN count(*) AS cycles",
    "q4": "MATCH (a:Account)<-[:TRANSFER]-(:Account) RETURN a.account_id AS account, count(*) AS indegree "
          "ORDER BY indegree DESC, account LIMIT 10",
}
json.dump({"params": {"ids": ids, "seeds": ids[:10]},
           "queries": {k: {"amlgraph": v, "kuzu": v} for k, v in queries.items()}}, open(spec, "w"), indent=1)
PY
mkdir -p Benchmarks/results
python3 Benchmarks/peers/kuzu_queries.py "$data" "$root/kuzu-queries-$scale" "$spec" --repeat "$repeats" --timeout "$timeout" > "$spec.kuzu"
python3 - "$bin/amlgraph" "$db" "$spec" "$spec.kuzu" "$repeats" "$scale" "$timeout" <<'PY'
import hashlib, json, subprocess, sys
binary, db, spec_file, kuzu_file, repeats, scale, timeout = sys.argv[1:8]
spec, kuzu = json.load(open(spec_file)), json.load(open(kuzu_file))
def checksum(rows):
    cell = lambda v: f"{v:.2f}" if isinstance(v, float) else str(v)
    return hashlib.sha1("\n".join(sorted("|".join(cell(v) for v in r) for r in rows)).encode()).hexdigest()[:16]
out = {"scale": scale, "repeat": int(repeats), "amlgraph": {}, "kuzu": kuzu, "ratio_kuzu_over_amlgraph": {}, "same_result": {}}
for name, q in spec["queries"].items():
    args = [binary, "query", "--db", db, "--json", "--repeat", repeats, "--max-rows", "1000000000", "--timeout", timeout]
    for k, v in spec["params"].items():
        if "$" + k in q["amlgraph"]:
            args += ["--param", f"{k}={json.dumps(v)}"]
    run = subprocess.run(args + [q["amlgraph"]], capture_output=True, text=True)
    if run.returncode == 0:
        result = json.loads(run.stdout)
        ours = {"median_ms": result["elapsed_ms"], "load_ms": result["load_ms"], "rows": len(result["rows"]), "checksum": checksum(result["rows"])}
    else:  # a budget miss is a result too
        ours = {"median_ms": None, "error": run.stderr.strip()[-300:]}
    out["amlgraph"][name] = ours
    theirs = kuzu["queries"][name]
    both = ours["median_ms"] is not None and theirs["median_ms"] is not None
    out["ratio_kuzu_over_amlgraph"][name] = round(theirs["median_ms"] / max(ours["median_ms"], 1e-6), 2) if both else None
    out["same_result"][name] = ours.get("checksum") == theirs.get("checksum") if both else None
    print(f"{name}: amlgraph {ours['median_ms']} ms, kuzu {theirs['median_ms']} ms "
          f"(ratio {out['ratio_kuzu_over_amlgraph'][name]}), same result: {out['same_result'][name]}")
json.dump(out, open(f"Benchmarks/results/queries-{scale}.json", "w"), indent=2)
PY
