#!/usr/bin/env bash
# Risk-model benchmark (issue 5), release build: amlgraph's GBDT with all features and with the
# tabular columns only, the fused model (GBDT + logistic regression + GNN + detector signals,
# stacked and calibrated), then LightGBM on the dumped feature matrix and split, in the same run.
# Results: Benchmarks/results/models-SCALE.json (models-SCALE-hard.json for hard realism).
# Usage: Benchmarks/run-models.sh [small|medium] [generator seed] [negative sample rate] [standard|hard]
# AMLGRAPH_BIN=path skips the build (use an existing release binary; AMLGRAPH_BUILD=debug marks a
# debug binary in the results, whose timings then mean nothing).
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-medium}
seed=${2:-2025}
rate=${3:-0.1}
realism=${4:-standard}
suffix=$([ "$realism" = standard ] && echo "" || echo "-$realism")
if [ -z "${AMLGRAPH_BIN:-}" ]; then
    scripts/install-deps
    swift build -c release --product amlgraph --scratch-path .build-bench >&2
    bin=.build-bench/release/amlgraph
else
    bin=$AMLGRAPH_BIN
fi
python3 -c "import lightgbm, sklearn, numpy" 2>/dev/null || { echo "needs: pip install lightgbm scikit-learn numpy" >&2; exit 1; }
data=${AMLGRAPH_BENCH_DATA:-/tmp/amlgraph-bench-data}/models-$scale-$seed$suffix
[ -f "$data/transfers.csv" ] || "$bin" generate --scale "$scale" --seed "$seed" --realism "$realism" --out "$data" >&2
db=$data.sqlite
[ -f "$db" ] || "$bin" ingest --db "$db" "$data" >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" train --db "$db" --model gbdt --no-register --json --negative-sample-rate "$rate" --dump-features "$tmp/dump" > "$tmp/all.json"
"$bin" train --db "$db" --model gbdt --no-register --json --negative-sample-rate "$rate" --features tabular > "$tmp/tabular.json"
"$bin" train --db "$db" --model fused --no-register --json --negative-sample-rate "$rate" > "$tmp/fused.json"
mkdir -p Benchmarks/results
out=Benchmarks/results/models-$scale$suffix.json
python3 Benchmarks/peers/lightgbm_compare.py "$tmp/dump" "$tmp/all.json" "$tmp/tabular.json" --fused "$tmp/fused.json" --negative-sample-rate "$rate" \
    | python3 -c "import json,sys; d=json.load(sys.stdin); d['scale']='$scale'; d['generator_seed']=$seed; d['realism']='$realism'; d['build']='${AMLGRAPH_BUILD:-release}'; print(json.dumps(d, indent=2))" > "$out"
python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"{r['scale']} seed {r['generator_seed']} ({r['realism']}): {r['rows']} rows, test {r['test_rows']} ({r['test_positives']} positive)")
for fs in ("all", "tabular"):
    a, l = r["amlgraph"][fs], r["lightgbm"][fs]
    print(f"{fs:8s} amlgraph PR-AUC {a['metrics']['pr_auc']:.4f} F1 {a['metrics']['f1']:.4f} train {a['train_seconds']:.2f}s "
          f"score {a['score_rows_per_second']/1e6:.2f}M/s trees {a['trees']} | LightGBM PR-AUC {l['metrics']['pr_auc']:.4f} "
          f"F1 {l['metrics']['f1']:.4f} train {l['train_seconds']:.2f}s score {l['score_rows_per_second']/1e6:.2f}M/s trees {l['trees']}")
f = r["amlgraph"]["fused"]
print(f"fused    amlgraph PR-AUC {f['metrics']['pr_auc']:.4f} F1 {f['metrics']['f1']:.4f} train {f['train_seconds']:.2f}s "
      f"(components: " + ", ".join(f"{k} PR-AUC {v['pr_auc']:.4f}" for k, v in sorted(f['components'].items())) + ")")
PY
