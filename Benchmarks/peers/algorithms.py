#!/usr/bin/env python3
"""Peer benchmark for issue 3: PageRank, WCC and Louvain on a native folder's transfers with
scipy (sparse power iteration), igraph (PRPACK, connected_components, community_multilevel)
and, for graphs up to ~200k transfers, NetworkX. Prints one JSON document of medians.

Graph conventions match AMLGraph's `algo`: accounts are nodes (every account in
accounts.csv), transfers are directed edges; weights are transfer amounts; parallel transfers
add up; Louvain runs on the undirected graph whose edge weight is the summed amount.
Usage: python3 Benchmarks/peers/algorithms.py DATA_FOLDER [--repeat N]
"""
import csv, json, os, statistics, sys, time

import igraph as ig
import numpy as np
import scipy.sparse as sp


def load(folder):
    with open(os.path.join(folder, "accounts.csv")) as f:
        r = csv.reader(f); next(r)
        ids = [row[0] for row in r]
    index = {a: i for i, a in enumerate(ids)}
    src, dst, amt = [], [], []
    with open(os.path.join(folder, "transfers.csv")) as f:
        r = csv.reader(f); next(r)
        for row in r:
            src.append(index[row[1]]); dst.append(index[row[2]]); amt.append(float(row[3]))
    return ids, np.array(src), np.array(dst), np.array(amt)


def timed(fn, repeat):
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter(); result = fn(); times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), result


def scipy_pagerank(n, src, dst, amt, damping=0.85, tol=1e-6):
    # Column-stochastic transition over summed weights; dangling mass spread uniformly.
    a = sp.csr_matrix((amt, (src, dst)), shape=(n, n))
    out = np.asarray(a.sum(axis=1)).ravel()
    dangling = out == 0
    inv = np.where(dangling, 0.0, 1.0 / np.where(dangling, 1.0, out))
    m = (sp.diags(inv) @ a).T.tocsr()
    x = np.full(n, 1.0 / n)
    for it in range(100):
        new = damping * (m @ x + x[dangling].sum() / n) + (1 - damping) / n
        if np.abs(new - x).sum() < tol:
            return new, it + 1
        x = new
    return x, 100


def main():
    folder = sys.argv[1]
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 3
    ids, src, dst, amt = load(folder)
    n, e = len(ids), len(src)
    out = {"data": folder, "accounts": n, "transfers": e, "repeat": repeat}
    ms, (pr, iters) = timed(lambda: scipy_pagerank(n, src, dst, amt), repeat)
    out["scipy_pagerank_ms"] = ms; out["scipy_pagerank_iterations"] = iters
    g = ig.Graph(n=n, edges=list(zip(src.tolist(), dst.tolist())), directed=True)
    g.es["weight"] = amt.tolist()
    ms, _ = timed(lambda: g.pagerank(weights="weight", damping=0.85), repeat)
    out["igraph_pagerank_ms"] = ms
    ms, comps = timed(lambda: g.connected_components(mode="weak"), repeat)
    out["igraph_wcc_ms"] = ms; out["igraph_wcc_components"] = len(comps)
    u = g.as_undirected(mode="collapse", combine_edges="sum")
    ms, communities = timed(lambda: u.community_multilevel(weights="weight"), repeat)
    out["igraph_louvain_ms"] = ms; out["igraph_louvain_modularity"] = communities.modularity
    out["top_pagerank"] = [ids[i] for i in np.argsort(-pr)[:5]]
    if e <= 200_000:
        import networkx as nx
        G = nx.MultiDiGraph(); G.add_nodes_from(range(n))
        G.add_weighted_edges_from(zip(src.tolist(), dst.tolist(), amt.tolist()))
        ms, _ = timed(lambda: nx.pagerank(G, alpha=0.85, tol=1e-6 / n, weight="weight"), 1)
        out["networkx_pagerank_ms"] = ms
        ms, _ = timed(lambda: list(nx.weakly_connected_components(G)), 1)
        out["networkx_wcc_ms"] = ms
        UG = nx.Graph()
        UG.add_nodes_from(range(n))
        for s, d, w in zip(src.tolist(), dst.tolist(), amt.tolist()):
            UG.add_edge(s, d, weight=UG[s][d]["weight"] + w if UG.has_edge(s, d) else w)
        ms, comms = timed(lambda: nx.community.louvain_communities(UG, weight="weight", seed=1), 1)
        out["networkx_louvain_ms"] = ms
        out["networkx_louvain_modularity"] = nx.community.modularity(UG, comms, weight="weight")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
