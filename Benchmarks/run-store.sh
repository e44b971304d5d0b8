#!/usr/bin/env bash
# Store benchmarks (issue 2), release build: generate the scale's data once, then ingest into a
# new database, snapshot build and cached open, repeated; then the same data through Kùzu's COPY
# (when the kuzu Python package is installed) in the same run, for the ratio.
# Results: Benchmarks/results/store-SCALE.json and Benchmarks/results/kuzu-copy-SCALE.json.
# Usage: Benchmarks/run-store.sh [medium|large|small] [repeats]
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-medium}
repeats=${2:-3}
scripts/install-deps
AMLGRAPH_BENCHMARKS=1 swift build -c release --scratch-path .build-bench >&2
bin=.build-bench/release
data=${AMLGRAPH_BENCH_DATA:-/tmp/amlgraph-bench-data}/$scale
if [ ! -f "$data/transfers.csv" ]; then
    /usr/bin/time -f "generate $scale: %e s, peak %M KB" "$bin/amlgraph" generate --scale "$scale" --seed 7 --out "$data"
fi
mkdir -p Benchmarks/results
/usr/bin/time -f "store benchmark: %e s, peak %M KB" "$bin/amlgraph-bench" store "$data" --repeat "$repeats" \
    --out "Benchmarks/results/store-$scale.json" >/dev/null
if python3 -c "import kuzu" 2>/dev/null; then
    python3 Benchmarks/peers/kuzu_copy.py "$data" --repeat "$repeats" > "Benchmarks/results/kuzu-copy-$scale.json"
else
    echo "kuzu not installed (pip install kuzu==0.11.3): peer comparison skipped" >&2
fi
python3 - "$scale" <<'PY'
import json, sys
scale = sys.argv[1]
ours = json.load(open(f"Benchmarks/results/store-{scale}.json"))["median"]
line = f"{scale}: ingest {ours['ingest_s']:.2f} s ({ours['ingest_transfers_per_s']:.0f} transfers/s), snapshot build {ours['snapshot_build_s']:.2f} s, cached open {ours['cached_open_s']:.3f} s, peak RSS {ours['peak_rss_mb']:.0f} MB"
try:
    kuzu = json.load(open(f"Benchmarks/results/kuzu-copy-{scale}.json"))
    line += f"; kuzu COPY {kuzu['median_total_s']:.2f} s ({kuzu['median_total_s'] / ours['ingest_s']:.1f}x ours)"
except FileNotFoundError:
    pass
print(line)
PY
