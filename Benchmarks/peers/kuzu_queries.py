#!/usr/bin/env python3
"""Peer benchmark: the issue-4 queries (q1-q4, q3t) on Kùzu 0.11.3, over the same native folder
AMLGraph ingests, loaded once into a Kùzu database kept beside the data (KUZU_DIR).

Prints JSON: per query the median execution time in ms over --repeat runs (after one untimed
warm-up run), the row count and a checksum of the result so both engines can be compared.
Execution only: the time of conn.execute plus fetching every row, not the load.
Usage: pip install kuzu==0.11.3
       python3 Benchmarks/peers/kuzu_queries.py DATA_FOLDER KUZU_DIR QUERIES.json [--repeat N] [--timeout SECONDS]
A query that exceeds the timeout (default 120 s) is reported with "median_ms": null and the error.
QUERIES.json: {"params": {...}, "queries": {"q1": {"kuzu": TEXT}, ...}} (written by run-queries.sh).
"""
import json, os, statistics, sys, time

import kuzu

from kuzu_schema import copy_statements, create_schema, prepare_csv


def load(folder: str, db_dir: str) -> float:
    """Creates the Kùzu database once (schema in kuzu_schema.py); returns seconds."""
    start = time.perf_counter()
    db = kuzu.Database(db_dir)
    conn = kuzu.Connection(db)
    create_schema(conn)
    work = db_dir + ".csv"
    os.makedirs(work, exist_ok=True)
    owns, transfers = prepare_csv(folder, work)
    for _, statement in copy_statements(folder, owns, transfers):
        conn.execute(statement)
    return time.perf_counter() - start


def run(conn, text: str, params: dict) -> list:
    result = conn.execute(text, params)
    rows = []
    while result.has_next():
        rows.append(result.get_next())
    return rows


def main() -> None:
    folder, db_dir, spec_file = (os.path.abspath(a) for a in sys.argv[1:4])
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 5
    spec = json.load(open(spec_file))
    load_s = None
    if not os.path.exists(db_dir):
        load_s = load(folder, db_dir)
    db = kuzu.Database(db_dir)
    conn = kuzu.Connection(db)
    timeout_s = float(sys.argv[sys.argv.index("--timeout") + 1]) if "--timeout" in sys.argv else 120
    conn.set_query_timeout(int(timeout_s * 1000))
    out = {"peer": f"kuzu {kuzu.__version__}", "data": folder, "load_s": load_s, "repeat": repeat, "queries": {}}
    for name, q in spec["queries"].items():
        params = {k: v for k, v in spec["params"].items() if "$" + k in q["kuzu"]}
        try:
            rows = run(conn, q["kuzu"], params)  # warm-up, untimed
        except RuntimeError as error:  # the query timeout (or any failure) is reported, not hidden
            out["queries"][name] = {"median_ms": None, "error": str(error), "timeout_s": timeout_s}
            print(f"kuzu {name}: failed: {error}", file=sys.stderr)
            continue
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            rows = run(conn, q["kuzu"], params)
            times.append((time.perf_counter() - start) * 1000)
        out["queries"][name] = {"median_ms": statistics.median(times), "runs_ms": times, "rows": len(rows), "checksum": checksum(rows)}
        if len(rows) <= 10:  # small answers (counts) are kept whole, for cross-checks
            out["queries"][name]["values"] = [list(row) for row in rows]
        print(f"kuzu {name}: {statistics.median(times):.1f} ms, {len(rows)} rows", file=sys.stderr)
    print(json.dumps(out, indent=2))


def checksum(rows: list) -> str:
    """Order-independent summary of a result: sorted rows, numbers rounded, as one text hash."""
    import hashlib
    def cell(v):
        return f"{v:.2f}" if isinstance(v, float) else str(v)
    lines = sorted("|".join(cell(v) for v in row) for row in rows)
    return hashlib.sha1("\n".join(lines).encode()).hexdigest()[:16]


if __name__ == "__main__":
    main()
