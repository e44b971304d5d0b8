#!/usr/bin/env python3
"""Reference results on the generator's own data (issue 3): NetworkX PageRank and components,
igraph Louvain modularity, for `amlgraph generate --scale tiny|small --seed 5`.

Writes generator_<scale>.json with the FNV-1a 64 hash of transfers.csv (the test regenerates
the data in-process and refuses to compare when the generator's output changed: rerun this
script then), PageRank by account id (NetworkX on the MultiDiGraph with amount weights,
tol=1e-12 per node: the fixed point), weakly/strongly connected component sizes, and igraph
community_multilevel modularity (max over 5 seeds) on the undirected amount-weighted graph.
Usage: swift build && python3 Tests/GraphAlgorithmsTests/Fixtures/make_generator_fixtures.py
       (needs networkx and igraph: pip install networkx igraph)
"""
import csv, json, os, subprocess, sys, tempfile
from pathlib import Path

import igraph as ig
import networkx as nx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
BIN = os.environ.get("AMLGRAPH_BIN", str(ROOT / ".build" / "debug" / "amlgraph"))
SEED = 5


def fnv1a64(path):
    h = 0xCBF29CE484222325
    with open(path, "rb") as f:
        for byte in f.read():
            h ^= byte
            h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def build(scale):
    out = tempfile.mkdtemp(prefix=f"gen-{scale}-")
    subprocess.run([BIN, "generate", "--scale", scale, "--seed", str(SEED), "--out", out], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(out, "accounts.csv")) as f:
        r = csv.reader(f); next(r)
        accounts = [row[0] for row in r]
    G = nx.MultiDiGraph()
    G.add_nodes_from(accounts)
    U = nx.Graph(); U.add_nodes_from(accounts)
    with open(os.path.join(out, "transfers.csv")) as f:
        r = csv.reader(f); next(r)
        for row in r:
            s, d, a = row[1], row[2], float(row[3])
            G.add_edge(s, d, weight=a)
            U.add_edge(s, d, weight=U[s][d]["weight"] + a if U.has_edge(s, d) else a)
    pagerank = nx.pagerank(G, alpha=0.85, tol=1e-12, weight="weight", max_iter=1000)
    wcc = sorted((len(c) for c in nx.weakly_connected_components(G)), reverse=True)
    scc = sorted((len(c) for c in nx.strongly_connected_components(G)), reverse=True)
    index = {a: i for i, a in enumerate(accounts)}
    edges = [(index[s], index[d]) for s, d in U.edges()]
    g = ig.Graph(n=len(accounts), edges=edges)
    g.es["weight"] = [w for _, _, w in U.edges(data="weight")]
    best = 0.0
    for seed in range(5):
        import random
        random.seed(seed)
        ig.set_random_number_generator(random)
        best = max(best, g.community_multilevel(weights="weight").modularity)
    top = sorted(pagerank, key=lambda a: -pagerank[a])[:200]
    return {
        "scale": scale, "seed": SEED, "transfers_fnv1a64": fnv1a64(os.path.join(out, "transfers.csv")),
        "accounts": len(accounts), "pagerank_top": {a: pagerank[a] for a in top},
        "pagerank_sum": sum(pagerank.values()), "wcc_sizes": wcc, "scc_count": len(scc), "scc_largest": scc[0],
        "igraph_multilevel_modularity": best,
    }


if __name__ == "__main__":
    for scale in sys.argv[1:] or ["tiny", "small"]:
        data = build(scale)
        (HERE / f"generator_{scale}.json").write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
        print(scale, data["transfers_fnv1a64"], "modularity", round(data["igraph_multilevel_modularity"], 4), file=sys.stderr)
