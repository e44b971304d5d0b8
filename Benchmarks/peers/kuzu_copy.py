#!/usr/bin/env python3
"""Peer benchmark: Kùzu 0.11.3 COPY of the same native folder AMLGraph ingests.

Loads customers, accounts (with OWNS) and transfers into a new Kùzu database and prints JSON
with the time of each COPY and their total, median over --repeat runs.
Usage: pip install kuzu==0.11.3; python3 Benchmarks/peers/kuzu_copy.py DATA_FOLDER [--repeat N]
"""
import json, os, shutil, statistics, sys, tempfile, time

import kuzu

from kuzu_schema import copy_statements, create_schema, prepare_csv


def run_once(folder: str) -> dict:
    work = tempfile.mkdtemp(prefix="kuzu-bench-")
    try:
        db = kuzu.Database(os.path.join(work, "db"))
        conn = kuzu.Connection(db)
        create_schema(conn)
        # Kùzu reads a relationship's FROM and TO keys from the first two columns: reorder
        # transfers.csv once (untimed) to (src, dst, transfer_id, amount, ...).
        owns, transfers = prepare_csv(folder, work)
        timings = {}
        total = time.perf_counter()
        for name, statement in copy_statements(folder, owns, transfers):
            start = time.perf_counter()
            conn.execute(statement)
            timings[name] = time.perf_counter() - start
        timings["total"] = time.perf_counter() - total
        return timings
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    folder = os.path.abspath(sys.argv[1])
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 3
    runs = [run_once(folder) for _ in range(repeat)]
    print(json.dumps({
        "peer": f"kuzu {kuzu.__version__}",
        "data": folder,
        "runs": runs,
        "median_total_s": statistics.median(r["total"] for r in runs),
        "median_transfers_s": statistics.median(r["transfers"] for r in runs),
    }, indent=2))


if __name__ == "__main__":
    main()
