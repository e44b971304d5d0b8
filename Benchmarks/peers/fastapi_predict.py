#!/usr/bin/env python3
"""The usual Python serving stack as the /predict peer (issue 6 benchmark): FastAPI + uvicorn +
LightGBM, on the same feature matrix amlgraph trains on.

Usage: fastapi_predict.py DUMP_DIR --port P [--workers 2] [--key KEY]

DUMP_DIR is written by `amlgraph train --dump-features DIR` (features.npy, labels.npy, split.npy,
columns.json). At start the peer trains LightGBM with amlgraph's default hyper-parameters on the
train/validation rows (or loads DUMP_DIR/peer-model.txt when it exists, so both workers share one
model), then serves:

  POST /predict   one transfer (amlgraph's native fields) or {"transfers": [...]} (up to 10,000)
                  -> {"model": {...}, "results": [{"transfer_id", "score", "risk", "reasons": [top 5 SHAP]}]}

Features at request time come from a feature store: the precomputed row of the dumped matrix
picked by a hash of the transfer id. The peer does therefore LESS work per request than amlgraph,
which computes the 45 graph features of a new transfer from the live graph, explains it with
TreeSHAP and adds the accounts' graph context. Reasons use LightGBM's own SHAP (pred_contrib).
Requests need `Authorization: Bearer KEY` when --key is given (a constant compare).
Needs `pip install fastapi uvicorn lightgbm numpy`.
"""
import argparse, json, os, sys, zlib
import numpy as np

DUMP = os.environ.get("PEER_DUMP_DIR", "")
KEY = os.environ.get("PEER_KEY", "")


def load_dump(path):
    X = np.load(os.path.join(path, "features.npy"))
    y = np.load(os.path.join(path, "labels.npy"))
    split = np.load(os.path.join(path, "split.npy"))
    names = json.load(open(os.path.join(path, "columns.json")))["names"]
    return X, y, split, names


def train_or_load(path):
    import lightgbm as lgb
    model_file = os.path.join(path, "peer-model.txt")
    if os.path.exists(model_file):
        return lgb.Booster(model_file=model_file)
    X, y, split, _ = load_dump(path)
    params = {"objective": "binary", "learning_rate": 0.05, "num_leaves": 31, "min_data_in_leaf": 20, "lambda_l2": 1.0,
              "max_bin": 255, "verbose": -1, "seed": 1, "metric": "binary_logloss", "feature_pre_filter": False,
              "bagging_freq": 1, "pos_bagging_fraction": 1.0, "neg_bagging_fraction": 0.1, "num_threads": 2}
    train, valid = split == 0, split == 1
    dtrain = lgb.Dataset(X[train], y[train])
    dvalid = lgb.Dataset(X[valid], y[valid], reference=dtrain)
    booster = lgb.train(params, dtrain, num_boost_round=500, valid_sets=[dvalid], callbacks=[lgb.early_stopping(50, verbose=False)])
    booster.save_model(model_file, num_iteration=booster.best_iteration)
    return lgb.Booster(model_file=model_file)


def make_app():
    from fastapi import FastAPI, Request, HTTPException
    from fastapi.responses import JSONResponse
    from pydantic import BaseModel, Field, ValidationError
    from typing import List, Optional, Union

    X, _, _, names = load_dump(DUMP)
    booster = train_or_load(DUMP)
    # One thread per prediction: two uvicorn workers already use both cores.
    predict_params = {"num_threads": 1}
    high = 0.5

    class Transfer(BaseModel):
        transfer_id: str = Field(min_length=1)
        src_account: str = Field(min_length=1)
        dst_account: str = Field(min_length=1)
        amount: float = Field(ge=0)
        currency: str = Field(min_length=3, max_length=3)
        ts: int = Field(ge=0)
        channel: Optional[str] = None

    class Batch(BaseModel):
        transfers: List[Transfer] = Field(max_length=10_000)

    app = FastAPI()

    @app.post("/predict")
    async def predict(request: Request):
        if KEY and request.headers.get("authorization") != "Bearer " + KEY:
            raise HTTPException(status_code=401, detail="unknown key")
        try:
            body = await request.json()
            transfers = Batch(**body).transfers if isinstance(body, dict) and "transfers" in body else [Transfer(**body)]
        except (ValueError, ValidationError, TypeError) as e:
            return JSONResponse(status_code=400, content={"error": "bad_request", "detail": str(e)[:500]})
        rows = np.array([zlib.crc32(t.transfer_id.encode()) % len(X) for t in transfers])
        features = X[rows]
        contrib = booster.predict(features, pred_contrib=True, **predict_params)
        margins = contrib.sum(axis=1)
        scores = 1 / (1 + np.exp(-margins))
        results = []
        for i, t in enumerate(transfers):
            phi = contrib[i, :-1]
            top = np.argsort(-np.abs(phi))[:5]
            s = float(scores[i])
            results.append({"transfer_id": t.transfer_id, "score": s,
                            "risk": "high" if s >= high else "medium" if s >= high / 2 else "low",
                            "reasons": [{"feature": names[j], "contribution": float(phi[j]), "value": float(features[i, j])} for j in top]})
        return {"model": {"run_id": "lightgbm-peer", "kind": "lightgbm"}, "results": results}

    return app


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("dump")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--key", default="")
    a = parser.parse_args()
    os.environ["PEER_DUMP_DIR"] = os.path.abspath(a.dump)
    os.environ["PEER_KEY"] = a.key
    DUMP = os.environ["PEER_DUMP_DIR"]
    train_or_load(DUMP)  # once, before the workers start, so they load the same file
    import uvicorn
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    uvicorn.run("fastapi_predict:make_app", factory=True, host="127.0.0.1", port=a.port, workers=a.workers, log_level="warning",
                access_log=False)
