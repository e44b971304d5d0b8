#!/usr/bin/env python3
"""Compares the reason codes of two /predict responses to the same batch (two builds, e.g. main's
binary and a branch's): every transfer must have the same reasons (features, in the same order)
and each contribution, `other_contribution`, margin and score may differ by at most TOLERANCE
relative (default 1e-12; relative to the larger magnitude of the two values, absolute below
1e-300). Prints the largest differences found and exits 1 on any mismatch.

    Benchmarks/compare-reasons.py OLD.json NEW.json [TOLERANCE]
"""
import json
import sys


def rel(a, b):
    scale = max(abs(a), abs(b))
    return abs(a - b) / scale if scale > 1e-300 else abs(a - b)


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    old, new = (json.load(open(p))["results"] for p in sys.argv[1:3])
    tolerance = float(sys.argv[3]) if len(sys.argv) == 4 else 1e-12
    if len(old) != len(new):
        sys.exit(f"{len(old)} results against {len(new)}")
    worst = {"contribution": (0.0, None), "other_contribution": (0.0, None), "margin": (0.0, None), "score": (0.0, None)}
    order_mismatches, reasons = 0, 0
    for i, (a, b) in enumerate(zip(old, new)):
        if a["transfer_id"] != b["transfer_id"]:
            sys.exit(f"result {i}: {a['transfer_id']} against {b['transfer_id']}")
        fa = [r["feature"] for r in a.get("reasons", [])]
        fb = [r["feature"] for r in b.get("reasons", [])]
        if fa != fb:
            order_mismatches += 1
            if order_mismatches <= 5:
                print(f"{a['transfer_id']}: reasons {fa} against {fb}")
            continue
        for ra, rb in zip(a.get("reasons", []), b.get("reasons", [])):
            reasons += 1
            d = rel(ra["contribution"], rb["contribution"])
            if d > worst["contribution"][0]:
                worst["contribution"] = (d, a["transfer_id"] + " " + ra["feature"])
        for key in ("other_contribution", "margin", "score"):
            if key in a and key in b and a[key] is not None and b[key] is not None:
                d = rel(a[key], b[key])
                if d > worst[key][0]:
                    worst[key] = (d, a["transfer_id"])
    print(json.dumps({"results": len(old), "reasons_compared": reasons, "reason_order_mismatches": order_mismatches,
                      "max_relative_difference": {k: {"value": v[0], "where": v[1]} for k, v in worst.items()},
                      "tolerance": tolerance}, indent=1))
    if order_mismatches or any(v[0] > tolerance for v in worst.values()):
        sys.exit(1)


main()
