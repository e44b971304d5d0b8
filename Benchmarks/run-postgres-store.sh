#!/usr/bin/env bash
# The graph store on PostgreSQL (issue 8), release build: ingest the scale's data into SQLite,
# bulk-load it into a throwaway PostgreSQL server (COPY FROM STDIN), then time the snapshot
# build from PostgreSQL against the one from SQLite, N times each, in one run.
# Result: Benchmarks/results/postgres-store-SCALE.json. Usage: Benchmarks/run-postgres-store.sh [medium|small] [repeats]
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-medium}
repeats=${2:-3}
AMLGRAPH_NEEDS_POSTGRES_SERVER=1 scripts/install-deps
AMLGRAPH_BENCHMARKS=1 swift build -c release --scratch-path .build-bench >&2
bin=$PWD/.build-bench/release
data=${AMLGRAPH_BENCH_DATA:-/tmp/amlgraph-bench-data}/$scale
[ -f "$data/transfers.csv" ] || "$bin/amlgraph" generate --scale "$scale" --seed 7 --out "$data" >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin/amlgraph" ingest --db "$work/aml.sqlite" "$data" >&2
mkdir -p Benchmarks/results
export BIN=$bin DB=$work/aml.sqlite REPEATS=$repeats
scripts/with-postgres bash -c 'psql -q "$AMLGRAPH_TEST_PG_URL" -c "CREATE DATABASE amlgraph_bench" &&
  "$BIN/amlgraph-bench" pg-store "$DB" "${AMLGRAPH_TEST_PG_URL%/*}/amlgraph_bench" --repeat "$REPEATS"' \
  | tee "Benchmarks/results/postgres-store-$scale.json"
