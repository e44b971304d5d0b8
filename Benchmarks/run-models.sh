#!/usr/bin/env bash
# Risk-model benchmark (issue 5), release build: amlgraph's GBDT with all features and with the
# tabular columns only, the GNN alone, the fused model (GBDT + logistic regression + GNN +
# detector signals, stacked and calibrated), GBDT training and batch scoring on the dumped matrix
# (`amlgraph-bench score`, 2 threads, median of 5 scoring passes), then LightGBM on the same
# matrix and split with 2 threads, in the same run.
# Results: Benchmarks/results/models-SCALE.json (models-SCALE-REALISM.json for hard or amlworld realism).
# Usage: Benchmarks/run-models.sh [small|medium] [generator seed] [negative sample rate] [standard|hard|amlworld]
# AMLGRAPH_BIN=path skips the build (use an existing release binary, with amlgraph-bench beside it
# or at AMLGRAPH_BENCH_BIN; AMLGRAPH_BUILD=debug marks a debug binary in the results, whose
# timings then mean nothing).
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-medium}
seed=${2:-2025}
rate=${3:-0.1}
realism=${4:-standard}
suffix=$([ "$realism" = standard ] && echo "" || echo "-$realism")
if [ -z "${AMLGRAPH_BIN:-}" ]; then
    scripts/install-deps
    AMLGRAPH_BENCHMARKS=1 swift build -c release --scratch-path .build-bench >&2
    bin=.build-bench/release/amlgraph
else
    bin=$AMLGRAPH_BIN
fi
bench=${AMLGRAPH_BENCH_BIN:-$(dirname "$bin")/amlgraph-bench}
threads=2
load=$(cut -d' ' -f1-3 /proc/loadavg)
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
"$bin" train --db "$db" --model gnn --no-register --json > "$tmp/gnn.json"
"$bench" score "$tmp/dump" --threads "$threads" --repeat 5 --negative-sample-rate "$rate" > "$tmp/score.json"
mkdir -p Benchmarks/results
out=Benchmarks/results/models-$scale$suffix.json
python3 Benchmarks/peers/lightgbm_compare.py "$tmp/dump" "$tmp/all.json" "$tmp/tabular.json" --fused "$tmp/fused.json" --gnn "$tmp/gnn.json" \
    --scoring "$tmp/score.json" --negative-sample-rate "$rate" --threads "$threads" \
    | python3 -c "import json,sys; d=json.load(sys.stdin); d['scale']='$scale'; d['generator_seed']=$seed; d['realism']='$realism'; d['build']='${AMLGRAPH_BUILD:-release}'; d['load_average_at_start']='$load'; d['load_average_at_end']=open('/proc/loadavg').read().split()[:3]; d['command']='Benchmarks/run-models.sh $scale $seed $rate $realism'; print(json.dumps(d, indent=2))" > "$out"
python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"{r['scale']} seed {r['generator_seed']} ({r['realism']}): {r['rows']} rows, test {r['test_rows']} ({r['test_positives']} positive)")
for fs in ("all", "tabular"):
    a, l = r["amlgraph"][fs], r["lightgbm"][fs]
    print(f"{fs:8s} amlgraph PR-AUC {a['metrics']['pr_auc']:.4f} F1 {a['metrics']['f1']:.4f} train {a['train_seconds']:.2f}s "
          f"score {a['score_rows_per_second']/1e6:.2f}M/s trees {a['trees']} | LightGBM PR-AUC {l['metrics']['pr_auc']:.4f} "
          f"F1 {l['metrics']['f1']:.4f} train {l['train_seconds']:.2f}s score {l['score_rows_per_second']/1e6:.2f}M/s trees {l['trees']}")
a, t, la, lt = r["amlgraph"]["all"], r["amlgraph"]["tabular"], r["lightgbm"]["all"], r["lightgbm"]["tabular"]
print(f"graph lift (F1 all / tabular): amlgraph {a['metrics']['f1'] / max(t['metrics']['f1'], 1e-9):.2f}x, "
      f"LightGBM {la['metrics']['f1'] / max(lt['metrics']['f1'], 1e-9):.2f}x")
s = r["scoring"]
print(f"GBDT on the dumped matrix, {s['threads']} threads: train {s['trainSeconds']:.2f}s (LightGBM {la['train_seconds']:.2f}s, "
      f"ratio {s['trainSeconds'] / la['train_seconds']:.2f}), {s['trees']} trees, mean path {s['meanPathLength']:.1f} nodes, "
      f"scoring {s['scoreRowsPerSecond'] / 1e6:.2f}M rows/s (1 thread {s['singleThreadRowsPerSecond'] / 1e6:.2f}M/s, "
      f"max deviation from one-row margins {s['maxDeviationFromSingleRow']:.1e})")
g = r["amlgraph"]["gnn"]
print(f"gnn      amlgraph PR-AUC {g['metrics']['pr_auc']:.4f} F1 {g['metrics']['f1']:.4f} train {g['train_seconds']:.2f}s")
f = r["amlgraph"]["fused"]
print(f"fused    amlgraph PR-AUC {f['metrics']['pr_auc']:.4f} F1 {f['metrics']['f1']:.4f} train {f['train_seconds']:.2f}s "
      f"(components: " + ", ".join(f"{k} PR-AUC {v['pr_auc']:.4f}" for k, v in sorted(f['components'].items())) + ")")
PY
