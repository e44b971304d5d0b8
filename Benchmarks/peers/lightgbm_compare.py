#!/usr/bin/env python3
"""LightGBM on exactly the rows, columns and split amlgraph trained on (issue 5 benchmark).

Usage: lightgbm_compare.py DUMP_DIR OURS_ALL.json OURS_TABULAR.json [--fused OURS_FUSED.json] [--gnn OURS_GNN.json]
       [--scoring BENCH_SCORE.json] [--negative-sample-rate R] [--threads N]

DUMP_DIR is written by `amlgraph train --dump-features DIR` (features.npy float32 rows x columns,
labels.npy, split.npy with 0 train / 1 validation / 2 test, columns.json). OURS_*.json are
`amlgraph train --json` outputs of the same run, on all features and on the tabular columns
(`--model gbdt`); OURS_FUSED.json the fused model's on all features (same test slice), OURS_GNN.json
the GNN-only model's (`--model gnn`); BENCH_SCORE.json is `amlgraph-bench score DUMP_DIR` (amlgraph's
GBDT trained and batch-scored on this same matrix), copied in as `scoring`.
LightGBM gets the same hyper-parameters as amlgraph's defaults (500 rounds, learning rate 0.05,
31 leaves, min_data_in_leaf 20, lambda_l2 1, max_bin 255, early stopping after 50 rounds on the
validation log-loss) and the same negative sampling rate (LightGBM redraws it every round via
neg_bagging_fraction; amlgraph draws once). Metrics use the same definitions (scikit-learn's
average precision; F1 at the best threshold). Prints one JSON document with both columns.
Needs `pip install lightgbm scikit-learn numpy`.
"""
import argparse, json, os, time
import numpy as np
import lightgbm as lgb
from sklearn.metrics import average_precision_score, roc_auc_score, precision_recall_curve


def metrics(y, s):
    p, r, t = precision_recall_curve(y, s)
    f = np.where(p + r > 0, 2 * p * r / np.maximum(p + r, 1e-300), 0)[:-1]
    k = int(np.argmax(f))
    n = len(y)
    top = np.argsort(-s, kind="stable")[: max(1, int(np.ceil(0.01 * n)))]
    return {"pr_auc": float(average_precision_score(y, s)), "roc_auc": float(roc_auc_score(y, s)), "f1": float(f[k]),
            "precision": float(p[k]), "recall": float(r[k]), "threshold": float(t[k]), "recall_at_1pct": float(y[top].sum() / y.sum())}


def run_lightgbm(X, y, split, rate, threads, seed):
    params = {"objective": "binary", "learning_rate": 0.05, "num_leaves": 31, "min_data_in_leaf": 20, "lambda_l2": 1.0,
              "max_bin": 255, "num_threads": threads, "verbose": -1, "seed": seed, "deterministic": True,
              "metric": "binary_logloss", "feature_pre_filter": False}
    if rate < 1:
        params.update({"bagging_freq": 1, "pos_bagging_fraction": 1.0, "neg_bagging_fraction": rate})
    train, valid, test = split == 0, split == 1, split == 2
    start = time.perf_counter()
    dtrain = lgb.Dataset(X[train], y[train], params={"max_bin": 255})
    dvalid = lgb.Dataset(X[valid], y[valid], reference=dtrain)
    booster = lgb.train(params, dtrain, num_boost_round=500, valid_sets=[dvalid],
                        callbacks=[lgb.early_stopping(50, verbose=False)])
    train_seconds = time.perf_counter() - start
    start = time.perf_counter()
    scores = booster.predict(X, num_iteration=booster.best_iteration, num_threads=threads)
    score_seconds = time.perf_counter() - start
    out = metrics(y[test], scores[test])
    return {"train_seconds": train_seconds, "score_rows_per_second": len(X) / score_seconds, "trees": booster.best_iteration,
            "metrics": out, "lightgbm": lgb.__version__}


def ours(path):
    d = json.load(open(path))
    return {"train_seconds": d["train_seconds"], "feature_seconds": d["feature_seconds"], "score_rows_per_second": d["score_rows_per_second"],
            "trees": d.get("trees"), "metrics": {k: d["metrics"][k] for k in ("pr_auc", "roc_auc", "f1", "precision", "recall", "threshold", "recall_at_1pct")},
            "test_rows": d["test_rows"], "test_positives": d["test_positives"],
            "single_transfer_feature_us": d.get("single_transfer_feature_us")}


def fused(path):
    d = json.load(open(path))
    out = ours(path)
    f = d["fusion"]
    out["components"] = {k: {m: v[m] for m in ("pr_auc", "roc_auc", "f1")} for k, v in f["components"].items()}
    out["calibration"] = f["calibration"]
    out["alert"] = {k: f["alert"][k] for k in ("rate", "threshold", "test_alert_share", "precision", "recall")}
    out["stacker_weights"] = f["stacker_weights"]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dump")
    ap.add_argument("ours_all")
    ap.add_argument("ours_tabular")
    ap.add_argument("--fused")
    ap.add_argument("--gnn")
    ap.add_argument("--scoring")
    ap.add_argument("--negative-sample-rate", type=float, default=0.1)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    X = np.load(os.path.join(a.dump, "features.npy"))
    y = np.load(os.path.join(a.dump, "labels.npy")).astype(np.int32)
    split = np.load(os.path.join(a.dump, "split.npy"))
    tabular = json.load(open(os.path.join(a.dump, "columns.json")))["tabular"]
    result = {
        "rows": int(len(y)), "columns": int(X.shape[1]), "tabular_columns": tabular, "positives": int(y.sum()),
        "test_rows": int((split == 2).sum()), "test_positives": int(y[split == 2].sum()), "negative_sample_rate": a.negative_sample_rate,
        "threads": a.threads,
        "amlgraph": {"all": ours(a.ours_all), "tabular": ours(a.ours_tabular)},
        "lightgbm": {"all": run_lightgbm(X, y, split, a.negative_sample_rate, a.threads, a.seed),
                     "tabular": run_lightgbm(np.ascontiguousarray(X[:, :tabular]), y, split, a.negative_sample_rate, a.threads, a.seed)},
    }
    if a.fused:
        result["amlgraph"]["fused"] = fused(a.fused)
    if a.gnn:
        result["amlgraph"]["gnn"] = ours(a.gnn)
        g = json.load(open(a.gnn)).get("gnn") or {}
        result["amlgraph"]["gnn"]["epoch_loss"] = g.get("epoch_loss", g.get("epochLoss"))
    if a.scoring:
        result["scoring"] = json.load(open(a.scoring))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
