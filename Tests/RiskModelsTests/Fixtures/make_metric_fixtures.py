#!/usr/bin/env python3
"""Reference metrics from scikit-learn for BinaryClassificationMetricsTests.

Writes sklearn_metrics.json next to this script: several seeded cases of scores (some with
many ties) and 0/1 labels, with scikit-learn's average_precision_score, roc_auc_score and the
best F1 over precision_recall_curve (with its threshold, precision and recall). Recall at a 1%
alert rate is computed here the way the Swift code defines it (top ceil(1% n) scores, ties by
row order). Needs `pip install scikit-learn numpy`. Run: python3 make_metric_fixtures.py
"""
import json, math, os
import numpy as np
import sklearn
from sklearn.metrics import average_precision_score, roc_auc_score, precision_recall_curve

cases = []
rng = np.random.default_rng(20240501)
for name, n, rate, decimals in [("continuous", 2000, 0.05, 6), ("ties", 1500, 0.1, 1), ("rare", 5000, 0.004, 4), ("tiny", 12, 0.25, 2)]:
    y = (rng.random(n) < rate).astype(int)
    if y.sum() == 0:
        y[0] = 1
    s = np.round(rng.random(n) * 0.6 + 0.5 * y * rng.random(n), decimals)
    p, r, t = precision_recall_curve(y, s)
    f = np.where(p + r > 0, 2 * p * r / np.maximum(p + r, 1e-300), 0)[:-1]
    best = int(np.argmax(f[::-1]))  # highest threshold among ties
    best = len(f) - 1 - best
    k = min(n, max(1, math.ceil(0.01 * n)))
    order = sorted(range(n), key=lambda i: (-s[i], i))
    cases.append({
        "name": name, "scores": s.tolist(), "labels": y.tolist(),
        "average_precision": average_precision_score(y, s), "roc_auc": roc_auc_score(y, s),
        "best_f1": float(f[best]), "best_threshold": float(t[best]), "best_precision": float(p[best]), "best_recall": float(r[best]),
        "recall_at_1pct": float(sum(y[i] for i in order[:k]) / y.sum()),
    })
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sklearn_metrics.json")
with open(out, "w") as fh:
    json.dump({"sklearn": sklearn.__version__, "cases": cases}, fh)
print(f"wrote {out}")
