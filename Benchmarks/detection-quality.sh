#!/usr/bin/env bash
# Detection quality (release): generates small and medium data with fresh seeds, runs every
# pattern detector and writes recall / precision per typology to
# Benchmarks/results/detection-quality-{small,medium}.json.
# Usage: Benchmarks/detection-quality.sh [small|medium ...]   (default: small medium)
#        AMLGRAPH_QUALITY_SEED=N fixes the seed (to reproduce a run).
set -euo pipefail
cd "$(dirname "$0")/.."
scales=("$@")
[ ${#scales[@]} -eq 0 ] && scales=(small medium)
AMLGRAPH_BENCHMARKS=1 swift build -c release --scratch-path .build-bench --product amlgraph-bench
bin=.build-bench/release/amlgraph-bench
work=$(mktemp -d "${TMPDIR:-/tmp}/amlgraph-quality.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p Benchmarks/results
for scale in "${scales[@]}"; do
    seed_args=()
    [ -n "${AMLGRAPH_QUALITY_SEED:-}" ] && seed_args=(--seed "$AMLGRAPH_QUALITY_SEED")
    "$bin" quality --scale "$scale" "${seed_args[@]}" --repeat 3 --work "$work" \
        --out "Benchmarks/results/detection-quality-$scale.json" >/dev/null
    python3 - "Benchmarks/results/detection-quality-$scale.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"{d['scale']} seed {d['seed']}: {d['transfers']} transfers, detection {d['elapsed_ms']:.0f} ms")
for k, v in sorted(d["typologies"].items()):
    print(f"  {k:15s} recall {v['found']}/{v['planted']} = {v['recall']:.2f}  findings {v['findings']:4d}  "
          f"precision {v['precision']:.2f}  overlapping nothing {v['findings_overlapping_nothing']}  {v['elapsed_ms']:.0f} ms")
PY
done
