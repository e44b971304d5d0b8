#!/usr/bin/env bash
# Algorithm benchmarks (issue 3), release build: PageRank, WCC, Louvain, Leiden through
# `amlgraph algo --json --repeat N` on a generated data set, then the Python peers (scipy,
# igraph, NetworkX on small) on the same data in the same run. Results:
# Benchmarks/results/algorithms-SCALE.json. Usage: Benchmarks/run-algorithms.sh [medium|small] [repeats]
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-medium}
repeats=${2:-5}
scripts/install-deps
swift build -c release --product amlgraph --scratch-path .build-bench >&2
bin=.build-bench/release/amlgraph
data=${AMLGRAPH_BENCH_DATA:-/tmp/amlgraph-bench-data}/$scale
[ -f "$data/transfers.csv" ] || "$bin" generate --scale "$scale" --seed 7 --out "$data" >&2
db=$data.sqlite
[ -f "$db" ] || "$bin" ingest --db "$db" "$data" >&2
"$bin" stats --db "$db" >/dev/null   # builds the snapshot cache once
mkdir -p Benchmarks/results
out=Benchmarks/results/algorithms-$scale.json
{
    echo '{"amlgraph": {'
    first=1
    for algo in pagerank wcc scc louvain leiden; do
        [ $first -eq 1 ] || echo ','
        first=0
        printf '"%s": ' "$algo"
        "$bin" algo "$algo" --db "$db" --json --top 1 --repeat "$repeats"
    done
    echo '}, "peers": '
    python3 Benchmarks/peers/algorithms.py "$data" --repeat "$repeats"
    echo '}'
} > "$out"
python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); a, p = r["amlgraph"], r["peers"]
print(f"pagerank {a['pagerank']['elapsed_ms']:.1f} ms ({a['pagerank']['iterations']} it) vs scipy {p['scipy_pagerank_ms']:.1f} ms, igraph {p['igraph_pagerank_ms']:.1f} ms")
print(f"wcc {a['wcc']['elapsed_ms']:.1f} ms vs igraph {p['igraph_wcc_ms']:.1f} ms; scc {a['scc']['elapsed_ms']:.1f} ms")
print(f"louvain {a['louvain']['elapsed_ms']:.0f} ms Q={a['louvain']['modularity']:.4f} vs igraph {p['igraph_louvain_ms']:.0f} ms Q={p['igraph_louvain_modularity']:.4f}; leiden {a['leiden']['elapsed_ms']:.0f} ms Q={a['leiden']['modularity']:.4f}")
for k in ("networkx_pagerank_ms", "networkx_wcc_ms", "networkx_louvain_ms"):
    if k in p: print(f"{k} {p[k]:.0f}")
PY
