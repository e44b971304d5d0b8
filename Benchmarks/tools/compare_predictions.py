#!/usr/bin/env python3
"""Compares two /predict answers for the same batch (the JSON bodies, e.g. of two builds).

Everything must be equal but `elapsed_ms` and the model contributions (`contribution` of model
reasons and `other_contribution`), which may differ by `--rtol` relative (default 1e-12) after a
change of summation order; the reasons' features, order, details and values must be identical.
Prints the largest relative difference seen and exits 1 on any other difference.

    python3 Benchmarks/tools/compare_predictions.py old.json new.json [--rtol 1e-12]
"""
import argparse
import json
import sys


def rel(a, b):
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--rtol", type=float, default=1e-12)
    args = ap.parse_args()
    old, new = json.load(open(args.old)), json.load(open(args.new))
    problems, worst, worst_other, differing = [], 0.0, 0.0, 0
    for key in sorted(set(old) | set(new)):
        if key in ("elapsed_ms", "results"):
            continue
        if old.get(key) != new.get(key):
            problems.append(f"top-level {key}: {old.get(key)!r} != {new.get(key)!r}")
    a, b = old.get("results", []), new.get("results", [])
    if len(a) != len(b):
        problems.append(f"{len(a)} results against {len(b)}")
    for i, (x, y) in enumerate(zip(a, b)):
        x, y = dict(x), dict(y)
        # other_contribution is a sum of ~70 terms less the listed ones, which can cancel: judged
        # against the margin's scale, not its own.
        other = abs(x.pop("other_contribution", 0.0) - y.pop("other_contribution", 0.0))
        other_scaled = other / max(1.0, abs(x.get("margin", 0.0)))
        worst_other = max(worst_other, other_scaled)
        if other_scaled > args.rtol:
            problems.append(f"result {i}: other_contribution differs by {other:.3g}")
        rx, ry = x.pop("reasons", []), y.pop("reasons", [])
        if x != y:
            problems.append(f"result {i}: fields other than reasons differ")
        if len(rx) != len(ry):
            problems.append(f"result {i}: {len(rx)} reasons against {len(ry)}")
            continue
        for p, q in zip(rx, ry):
            p, q = dict(p), dict(q)
            d = rel(p.pop("contribution"), q.pop("contribution"))
            if d > 0:
                differing += 1
            worst = max(worst, d)
            if p != q:
                problems.append(f"result {i}: reason {p.get('feature')} vs {q.get('feature')} differs")
            elif d > args.rtol:
                problems.append(f"result {i}: {p['feature']} contribution differs by {d:.3g} relative")
    print(json.dumps({"results": len(a), "contributions_differing": differing, "max_relative_difference": worst,
                      "max_other_difference_over_margin": worst_other,
                      "problems": len(problems)}))
    for p in problems[:20]:
        print(p, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
