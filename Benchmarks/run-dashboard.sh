#!/usr/bin/env bash
# Dashboard page latency (issue 7), release build: prepares a database with `amlgraph demo
# --no-serve` (data, alerts, a promoted model, the admin login), serves it, signs in through the
# login form with curl, then requests each page N times one after the other and reports the
# median and p95 wall time per page (curl's time_total, so it includes HTTP on localhost).
# Target: p95 < 300 ms at medium scale.
# Usage: Benchmarks/run-dashboard.sh [tiny|small|medium] [requests per page]
# AMLGRAPH_BIN=path skips the build. Results: Benchmarks/results/dashboard-SCALE.json.
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-medium}
n=${2:-30}
if [ -z "${AMLGRAPH_BIN:-}" ]; then
    scripts/install-deps
    AMLGRAPH_BENCHMARKS=1 swift build -c release --product amlgraph --scratch-path .build-bench >&2
    bin=.build-bench/release/amlgraph
else
    bin=$AMLGRAPH_BIN
fi
dir=${AMLGRAPH_BENCH_DATA:-/tmp/amlgraph-bench-data}/dashboard-$scale
port=${AMLGRAPH_BENCH_PORT:-18187}
mkdir -p "$dir"
password=$("$bin" demo --dir "$dir" --scale "$scale" --no-serve --reset-password 2>/dev/null | sed -n 's/^password: //p')
"$bin" serve --db "$dir/aml.sqlite" --port "$port" --no-scheduler >"$dir/serve.log" 2>&1 &
server=$!
tmp=$(mktemp -d)
trap 'kill $server 2>/dev/null; rm -rf "$tmp"' EXIT
base=http://127.0.0.1:$port
for _ in $(seq 100); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
jar=$tmp/jar
csrf=$(curl -fsS -c "$jar" "$base/ui/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -fsS -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" --data-urlencode "name=admin" \
    --data-urlencode "password=$password" "$base/ui/login"
account=$(curl -fsS -b "$jar" "$base/ui/alerts?page_size=1" | sed -n 's/.*href="\/ui\/accounts\/\([^"]*\)".*/\1/p' | head -1)
alert=$(curl -fsS -b "$jar" "$base/ui/alerts?page_size=1" | sed -n 's/.*href="\/ui\/alerts\/\([0-9]*\)".*/\1/p' | head -1)
run=$(curl -fsS -b "$jar" "$base/ui/models" | sed -n 's/.*href="\/ui\/models\/\([^"]*\)".*/\1/p' | head -1)
pages=("/ui/overview" "/ui/alerts" "/ui/alerts?typology=cycle&min_score=0.5&sort=-amount&page=2" "/ui/alerts/$alert"
    "/ui/accounts/$account" "/ui/accounts/$account?hops=2" "/ui/models" "/ui/models/$run" "/ui/jobs" "/ui/query")
for page in "${pages[@]}"; do
    status=$(curl -s -b "$jar" -o /dev/null -w '%{http_code}' "$base$page")
    [ "$status" = 200 ] || { echo "$page answered $status" >&2; exit 1; }
    for _ in $(seq "$n"); do curl -s -b "$jar" -o /dev/null -w '%{time_total}\n' "$base$page"; done > "$tmp/times"
    sort -n "$tmp/times" | awk -v page="$page" '{ t[NR] = $1 * 1000 } END {
        p95 = int(NR * 0.95 + 0.999); if (p95 > NR) p95 = NR
        printf "{\"page\":\"%s\",\"requests\":%d,\"median_ms\":%.1f,\"p95_ms\":%.1f,\"max_ms\":%.1f}\n", page, NR, t[int((NR + 1) / 2)], t[p95], t[NR] }'
done > "$tmp/pages.jsonl"
mkdir -p Benchmarks/results
out=Benchmarks/results/dashboard-$scale.json
{ echo "{\"scale\":\"$scale\",\"binary\":\"$bin\",\"cores\":$(nproc),\"load_average\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",\"pages\":["; paste -sd, "$tmp/pages.jsonl"; echo "]}"; } > "$out"
cat "$tmp/pages.jsonl"
echo "wrote $out" >&2
