#!/usr/bin/env bash
# Service benchmark (issue 6), release build, everything against 127.0.0.1 on this machine:
#   1. /predict single transfer at a fixed 1,000 requests/s (open loop, latency from each
#      request's due time), saturation (closed loop, 64 connections), a batch of 10,000;
#   2. the same for the peer: FastAPI + uvicorn (2 workers) + LightGBM on the same features
#      (Benchmarks/peers/fastapi_predict.py), measured by the same load generator in this run;
#      wrk (64 connections) as a cross-check of both saturation figures when it is installed;
#   3. 60 s of mixed endpoints at 1,000 requests/s, with the server's RSS sampled every 2 s;
#   4. the bad-input run: >= 10,000 malformed requests, then /healthz.
# Results: Benchmarks/results/service-SCALE.json. The load generator shares the two cores with
# the server, as wrk would.
# Usage: Benchmarks/run-service.sh [small|medium] [generator seed]
# AMLGRAPH_BIN and AMLGRAPH_BENCH_BIN skip the build (existing release binaries).
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-small}
seed=${2:-2025}
if [ -z "${AMLGRAPH_BIN:-}" ]; then
    scripts/install-deps
    AMLGRAPH_BENCHMARKS=1 swift build -c release --scratch-path .build-bench >&2
    bin=.build-bench/release/amlgraph
    bench=.build-bench/release/amlgraph-bench
else
    bin=$AMLGRAPH_BIN
    bench=${AMLGRAPH_BENCH_BIN:?set AMLGRAPH_BENCH_BIN too}
fi
python3 -c "import fastapi, uvicorn, lightgbm, numpy" 2>/dev/null || { echo "needs: pip install fastapi uvicorn lightgbm numpy" >&2; exit 1; }
if ! command -v wrk >/dev/null && [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null 2>&1 || true; fi

data=${AMLGRAPH_BENCH_DATA:-/tmp/amlgraph-bench-data}/service-$scale-$seed
[ -f "$data/transfers.csv" ] || "$bin" generate --scale "$scale" --seed "$seed" --out "$data" >&2
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT
db=$tmp/aml.sqlite
"$bin" ingest --db "$db" "$data" >&2
dump=$tmp/dump
run=$("$bin" train --db "$db" --json --dump-features "$dump" | python3 -c "import json,sys; print(json.load(sys.stdin)['run_id'])")
"$bin" models promote "$run" --db "$db" >&2
viewer=$("$bin" keys create --db "$db" --role viewer --name bench-viewer 2>/dev/null)
analyst=$("$bin" keys create --db "$db" --role analyst --name bench-analyst 2>/dev/null)
free_port() { python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"; }
wait_http() { for _ in $(seq 1 600); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done; echo "no answer from $1" >&2; exit 1; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# wrk cross-check: 64 connections, 10 s, one POST body.
wrk_run() { # port key out
    [ -x "$(command -v wrk)" ] || { echo '{"skipped":"wrk not installed"}' > "$3"; return; }
    cat > "$tmp/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"transfer_id":"WRK-1","src_account":"$src","dst_account":"$dst","amount":9850,"currency":"USD","ts":$ts,"channel":"wire"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $2"
LUA
    wrk -t2 -c64 -d10s --latency -s "$tmp/post.lua" "http://127.0.0.1:$1/predict" > "$tmp/wrk.txt" 2>&1 || true
    python3 - "$tmp/wrk.txt" > "$3" <<'PY'
import json, re, sys
t = open(sys.argv[1]).read()
def ms(v, u): return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[u]
out = {"raw": t.splitlines()[-12:]}
m = re.search(r"Requests/sec:\s+([\d.]+)", t); out["requests_per_second"] = float(m.group(1)) if m else None
for q in ("50", "99"):
    m = re.search(rf"\s{q}%\s+([\d.]+)(us|ms|s)", t); out[f"p{q}_ms"] = ms(*m.groups()) if m else None
m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", t); out["non_2xx"] = int(m.group(1)) if m else 0
print(json.dumps(out))
PY
}
read -r src dst ts < <(python3 -c "
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(*c.execute('SELECT s.key, d.key, t.ts FROM transfers t JOIN nodes s ON s.id=t.src JOIN nodes d ON d.id=t.dst LIMIT 1').fetchone())" "$db")

measure() { # name port key
    local name=$1 port=$2 key=$3
    "$bench" predict-load --port "$port" --db "$db" --key "$key" --requests 300 --connections 4 > /dev/null   # warm-up
    echo "$name: 1,000 requests/s for 15 s" >&2
    "$bench" predict-load --port "$port" --db "$db" --key "$key" --rate 1000 --duration 15 --connections 32 > "$tmp/$name-fixed.json"
    echo "$name: saturation, 64 connections, 10 s" >&2
    "$bench" predict-load --port "$port" --db "$db" --key "$key" --duration 10 --connections 64 > "$tmp/$name-saturation.json"
    echo "$name: batch of 10,000, 5 times" >&2
    "$bench" predict-load --port "$port" --db "$db" --key "$key" --batch 10000 --requests 5 --connections 1 > "$tmp/$name-batch.json"
    echo "$name: wrk" >&2
    wrk_run "$port" "$key" "$tmp/$name-wrk.json"
}

port=$(free_port)
"$bin" serve --db "$db" --port "$port" --no-scheduler > "$tmp/server.log" 2>&1 &
server=$!
pids+=("$server")
wait_http "http://127.0.0.1:$port/healthz"
measure amlgraph "$port" "$viewer"

peer_port=$(free_port)
python3 Benchmarks/peers/fastapi_predict.py "$dump" --port "$peer_port" --workers 2 --key "$viewer" > "$tmp/peer.log" 2>&1 &
peer=$!
pids+=("$peer")
wait_http "http://127.0.0.1:$peer_port/docs"
measure peer "$peer_port" "$viewer"
kill "$peer"; wait "$peer" 2>/dev/null || true

echo "mixed endpoints: 1,000 requests/s for 60 s" >&2
: > "$tmp/rss.txt"
( while kill -0 "$server" 2>/dev/null; do echo "$(date +%s) $(rss_kb "$server")" >> "$tmp/rss.txt"; sleep 2; done ) &
sampler=$!
pids+=("$sampler")
"$bench" mixed --port "$port" --db "$db" --key "$analyst" --rate 1000 --duration 60 --connections 48 > "$tmp/mixed.json"
kill "$sampler" 2>/dev/null || true

echo "bad input: 10,000+ malformed requests" >&2
count_rows() { python3 -c "
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(*[c.execute(f'SELECT count(*) FROM {t}').fetchone()[0] for t in ('transfers', 'nodes', 'alerts', 'api_keys', 'model_runs')])" "$db"; }
rows_before=$(count_rows)
"$bench" bad-input --port "$port" --db "$db" --viewer "$viewer" --analyst "$analyst" --count 10000 --connections 16 > "$tmp/bad.json"
alive=$(curl -s -o /dev/null -w "%{http_code}" "http://127.0.0.1:$port/healthz")
rows_after=$(count_rows)
server_rss=$(rss_kb "$server")
kill -TERM "$server"; wait "$server" 2>/dev/null || true

mkdir -p Benchmarks/results
out=Benchmarks/results/service-$scale.json
python3 - "$tmp" "$scale" "$seed" "$alive" "$server_rss" "$rows_before" "$rows_after" > "$out" <<'PY'
import json, os, sys
tmp, scale, seed, alive, rss = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5] or 0)
rows_before, rows_after = sys.argv[6], sys.argv[7]
def load(name): return json.load(open(os.path.join(tmp, name)))
def brief(r):
    return {k: r[k] for k in ("mode", "target_rate", "connections", "seconds", "requests", "requests_per_second", "statuses", "latency_ms", "failures")}
out = {"scale": scale, "generator_seed": seed, "machine": f"{os.cpu_count()} cores, shared with other builds",
       "server_log_level": "info (one text line per request, to a file)"}
for name in ("amlgraph", "peer"):
    out[name] = {"fixed_1000_rps": brief(load(f"{name}-fixed.json")), "saturation_64": brief(load(f"{name}-saturation.json")),
                 "batch_10000": brief(load(f"{name}-batch.json")), "wrk_64": load(f"{name}-wrk.json")}
a, p = out["amlgraph"]["saturation_64"]["requests_per_second"], out["peer"]["saturation_64"]["requests_per_second"]
out["saturation_ratio"] = a / p if p else None
mixed = load("mixed.json")
samples = [tuple(map(int, l.split())) for l in open(os.path.join(tmp, "rss.txt")) if len(l.split()) == 2 and l.split()[1] != "0"]
out["mixed_60s"] = {**brief(mixed), "by_label": mixed["by_label"],
                    "server_errors": sum(v for k, v in mixed["statuses"].items() if k.startswith("5") or k == "error"),
                    "rss_kb_samples": samples}
if samples:
    kb = [s[1] for s in samples]
    half = len(kb) // 2
    out["mixed_60s"]["rss_mb"] = {"first": kb[0] / 1024, "max": max(kb) / 1024, "last": kb[-1] / 1024,
                                  "median_first_half": sorted(kb[:half])[half // 2] / 1024 if half else None,
                                  "median_second_half": sorted(kb[half:])[(len(kb) - half) // 2] / 1024}
out["bad_input"] = {**load("bad.json"), "healthz_after": alive, "rss_mb_after": rss / 1024,
                    "rows_before_after": {"tables": "transfers nodes alerts api_keys model_runs", "before": rows_before, "after": rows_after,
                                          "unchanged": rows_before == rows_after}}
print(json.dumps(out, indent=2))
PY
python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for n in ("amlgraph", "peer"):
    f, s, b, w = (r[n][k] for k in ("fixed_1000_rps", "saturation_64", "batch_10000", "wrk_64"))
    print(f"{n:9s} 1000 rps: p50 {f['latency_ms']['p50']:.2f} ms p99 {f['latency_ms']['p99']:.2f} ms ({f['requests_per_second']:.0f} rps, {f['statuses']}) | "
          f"saturation {s['requests_per_second']:.0f} rps p99 {s['latency_ms']['p99']:.1f} ms | batch 10k median {b['latency_ms']['p50']:.0f} ms | "
          f"wrk {w.get('requests_per_second')} rps p99 {w.get('p99_ms')} ms")
print(f"saturation ratio amlgraph/peer: {r['saturation_ratio']:.2f}")
m = r["mixed_60s"]
print(f"mixed 60 s: {m['requests']} requests, {m['requests_per_second']:.0f} rps, 5xx+errors {m['server_errors']}, p99 {m['latency_ms']['p99']:.1f} ms, RSS MB {m.get('rss_mb')}")
b = r["bad_input"]
print(f"bad input: {b['requests']} requests, statuses {b['statuses']}, violations {b['violations']}, 5xx {b['server_errors']}, alive {b['alive_after']} / healthz {b['healthz_after']}, rows unchanged {b['rows_before_after']['unchanged']}")
PY
