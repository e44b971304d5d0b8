#!/usr/bin/env bash
# Store benchmarks (release): generate the scale's data once, then ingest, snapshot build and
# cached open, repeated; results in Benchmarks/results/store-SCALE.json.
# Usage: Benchmarks/run-store.sh [medium|large|small] [repeats]
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-medium}
repeats=${2:-3}
scripts/install-deps
AMLGRAPH_BENCHMARKS=1 swift build -c release --scratch-path .build-bench
bin=.build-bench/release
data=${AMLGRAPH_BENCH_DATA:-/tmp/amlgraph-bench-data}/$scale
if [ ! -f "$data/transfers.csv" ]; then
    /usr/bin/time -v "$bin/amlgraph" generate --scale "$scale" --seed 7 --out "$data" 2> >(grep -E "Elapsed|Maximum resident" >&2)
fi
/usr/bin/time -v "$bin/amlgraph-bench" store "$data" --repeat "$repeats" --out "Benchmarks/results/store-$scale.json" \
    2> >(grep -E "run |Elapsed|Maximum resident|error" >&2)
