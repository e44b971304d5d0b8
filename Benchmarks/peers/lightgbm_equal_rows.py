#!/usr/bin/env python3
"""LightGBM on exactly the rows amlgraph's GBDT fits (issue 5 training-time comparison).

Usage: lightgbm_equal_rows.py DUMP_DIR [--negative-sample-rate R] [--seed S] [--threads N] [--repeat K]

`amlgraph train` / `amlgraph-bench score` keep a seeded share of the negative training rows once,
before boosting (GBDTTrainer: SplitMix64 seeded with the seed, one draw per negative row in row
order, kept when the draw < R). This script draws the same rows with the same generator and gives
LightGBM exactly those rows, amlgraph's default hyper-parameters (500 rounds, learning rate 0.05,
31 leaves, min_data_in_leaf 20, lambda_l2 1, max_bin 255) and the same early-stopping rule (50
rounds without a lower validation log-loss), so training times compare work for work.
Prints JSON: rows used, trees, best validation log-loss, test PR-AUC, wall and CPU seconds
(median of K fits). Needs `pip install lightgbm scikit-learn numpy`.
"""
import argparse, json, os, time
import numpy as np
import lightgbm as lgb
from sklearn.metrics import average_precision_score

MASK = (1 << 64) - 1


def splitmix_units(seed, count):
    out, state = np.empty(count), seed
    for i in range(count):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        out[i] = ((z ^ (z >> 31)) >> 11) * 2.0 ** -53
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dump")
    ap.add_argument("--negative-sample-rate", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    X = np.load(os.path.join(a.dump, "features.npy"))
    y = np.load(os.path.join(a.dump, "labels.npy")).astype(np.int32)
    split = np.load(os.path.join(a.dump, "split.npy"))
    train = np.flatnonzero(split == 0)
    negatives = train[y[train] == 0]
    keep = np.zeros(len(y), dtype=bool)
    keep[train[y[train] == 1]] = True
    keep[negatives[splitmix_units(a.seed, len(negatives)) < a.negative_sample_rate]] = True
    used = np.flatnonzero(keep)
    valid, test = split == 1, split == 2
    params = {"objective": "binary", "learning_rate": 0.05, "num_leaves": 31, "min_data_in_leaf": 20, "lambda_l2": 1.0,
              "max_bin": 255, "num_threads": a.threads, "verbose": -1, "seed": a.seed, "deterministic": True,
              "metric": "binary_logloss", "feature_pre_filter": False}
    runs = []
    for _ in range(a.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        dtrain = lgb.Dataset(X[used], y[used], params={"max_bin": 255})
        dvalid = lgb.Dataset(X[valid], y[valid], reference=dtrain)
        booster = lgb.train(params, dtrain, num_boost_round=500, valid_sets=[dvalid], callbacks=[lgb.early_stopping(50, verbose=False)])
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    scores = booster.predict(X[test], num_iteration=booster.best_iteration)
    runs.sort()
    print(json.dumps({"rows_used": int(len(used)), "positives_used": int(y[used].sum()), "threads": a.threads, "trees": booster.best_iteration,
                      "best_validation_logloss": booster.best_score["valid_0"]["binary_logloss"],
                      "test_pr_auc": float(average_precision_score(y[test], scores)),
                      "train_wall_seconds": [r[0] for r in runs], "train_cpu_seconds": [r[1] for r in runs],
                      "median_wall_seconds": runs[len(runs) // 2][0], "lightgbm": lgb.__version__,
                      "load_average": open("/proc/loadavg").read().split()[:3]}, indent=2))


if __name__ == "__main__":
    main()
