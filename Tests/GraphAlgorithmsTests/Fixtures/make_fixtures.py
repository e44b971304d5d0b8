#!/usr/bin/env python3
"""Reference results for GraphAlgorithmsTests from NetworkX and python-igraph.

Builds three deterministic small transfer multigraphs, writes each as `<name>.csv`
(`src,dst,amount`, one row per transfer, node ids 0..n-1) and `<name>.json` with:
  - nodes: node count (isolated accounts have no CSV row, so the count is explicit)
  - pagerank_amount / pagerank_count: networkx.pagerank on the MultiDiGraph (parallel edges
    sum), weight="amount" / weight=None, tol=1e-13 per node so the fixture is the fixed point
  - pagerank_personalized: weight="amount", personalization uniform over `personalized_seeds`
  - wcc / scc: canonical labels (component ids ordered by smallest member) and counts
  - multilevel_*: igraph community_multilevel on the undirected graph with parallel edges
    (either direction) summed, self-loops kept; modularity mean/max over 5 seeds and the
    membership of the first run with its igraph modularity; for weights "amount" and "count"
Rerun with: python3 make_fixtures.py  (needs networkx, igraph; `pip install networkx igraph`)
"""
import csv
import json
import random
from pathlib import Path

import igraph as ig
import networkx as nx

HERE = Path(__file__).resolve().parent


def small_mixed():
    # Hand-made: a 3-cycle with a parallel edge, a 2-cycle, a chain into a dangling sink,
    # a self-loop, zero-amount transfer, two separate components and isolated accounts 13, 14.
    e = [(0, 1, 100.0), (1, 2, 50.0), (2, 0, 75.0), (0, 1, 25.0), (2, 3, 10.0), (3, 4, 10.0),
         (4, 3, 5.0), (4, 5, 300.0), (5, 6, 1.5), (6, 6, 20.0), (6, 7, 0.0), (7, 8, 40.0),
         (9, 10, 12.0), (10, 11, 13.0), (11, 9, 14.0), (11, 12, 1000.0), (12, 12, 2.0)]
    return 15, e


def random_multigraph(n, m, seed):
    rnd = random.Random(seed)
    e = []
    for _ in range(m):
        s, d = rnd.randrange(n), rnd.randrange(n)
        e.append((s, d, round(rnd.lognormvariate(5, 1.5), 2)))
    return n, e


def planted(n, groups, m, p_in, seed):
    # Communities of consecutive ids; a transfer stays inside its source's group with p_in.
    rnd = random.Random(seed)
    size = n // groups
    e = []
    for _ in range(m):
        s = rnd.randrange(n)
        if rnd.random() < p_in:
            g = s // size
            d = rnd.randrange(g * size, min(n, (g + 1) * size))
        else:
            d = rnd.randrange(n)
        if d != s:
            e.append((s, d, round(rnd.lognormvariate(6, 1.0), 2)))
    return n, e


def canonical(labels):
    mapping, out = {}, []
    for label in labels:
        out.append(mapping.setdefault(label, len(mapping)))
    return out


def labels_from_sets(n, sets):
    label = [0] * n
    for i, comp in enumerate(sets):
        for v in comp:
            label[v] = i
    return canonical(label)


def multilevel(n, edges, weight):
    pair = {}
    for s, d, a in edges:
        key = (min(s, d), max(s, d))
        pair[key] = pair.get(key, 0.0) + (a if weight == "amount" else 1.0)
    keys = sorted(pair)
    g = ig.Graph(n=n, edges=keys, directed=False)
    g.es["weight"] = [pair[k] for k in keys]
    qs, first, first_q = [], None, None
    for seed in range(5):
        random.seed(seed)  # python-igraph draws from Python's `random`
        c = g.community_multilevel(weights="weight")
        qs.append(g.modularity(c.membership, weights="weight"))
        if first is None:
            first, first_q = canonical(c.membership), qs[-1]
    return {"modularity_mean": sum(qs) / len(qs), "modularity_max": max(qs),
            "membership": first, "membership_modularity": first_q}


def main():
    graphs = {
        "small_mixed": small_mixed(),
        "random_60": random_multigraph(60, 150, seed=7),
        "planted_200": planted(200, 5, 1500, 0.8, seed=11),
    }
    for name, (n, edges) in graphs.items():
        with open(HERE / f"{name}.csv", "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["src", "dst", "amount"])
            w.writerows(edges)
        G = nx.MultiDiGraph()
        G.add_nodes_from(range(n))
        G.add_weighted_edges_from(edges, weight="amount")

        def pr(**kw):
            r = nx.pagerank(G, alpha=0.85, tol=1e-13, max_iter=10_000, **kw)
            return [r[i] for i in range(n)]

        seeds = [0, 3] if n > 3 else [0]
        out = {
            "nodes": n,
            "transfers": len(edges),
            "pagerank_amount": pr(weight="amount"),
            "pagerank_count": pr(weight=None),
            "personalized_seeds": seeds,
            "pagerank_personalized": pr(weight="amount", personalization={s: 1 for s in seeds}),
            "wcc": labels_from_sets(n, sorted(nx.weakly_connected_components(G), key=min)),
            "wcc_count": nx.number_weakly_connected_components(G),
            "scc": labels_from_sets(n, sorted(nx.strongly_connected_components(G), key=min)),
            "scc_count": nx.number_strongly_connected_components(G),
            "multilevel_amount": multilevel(n, edges, "amount"),
            "multilevel_count": multilevel(n, edges, "count"),
        }
        with open(HERE / f"{name}.json", "w") as f:
            json.dump(out, f, indent=1)
        print(name, n, len(edges), "wcc", out["wcc_count"], "scc", out["scc_count"],
              "Q(amount)", round(out["multilevel_amount"]["modularity_mean"], 4),
              "Q(count)", round(out["multilevel_count"]["modularity_mean"], 4))


if __name__ == "__main__":
    main()
