#!/usr/bin/env python3
"""Peer benchmark: Kùzu 0.11.3 COPY of the same native folder AMLGraph ingests.

Loads customers, accounts (with OWNS) and transfers into a new Kùzu database and prints JSON
with the time of each COPY and their total, median over --repeat runs.
Usage: pip install kuzu==0.11.3; python3 Benchmarks/peers/kuzu_copy.py DATA_FOLDER [--repeat N]
"""
import json, os, shutil, statistics, sys, tempfile, time

import kuzu


def run_once(folder: str) -> dict:
    work = tempfile.mkdtemp(prefix="kuzu-bench-")
    try:
        db = kuzu.Database(os.path.join(work, "db"))
        conn = kuzu.Connection(db)
        conn.execute("CREATE NODE TABLE Customer(customer_id STRING, name STRING, country STRING, segment STRING, kyc_risk STRING, PRIMARY KEY(customer_id))")
        conn.execute("CREATE NODE TABLE Account(account_id STRING, customer_id STRING, bank STRING, currency STRING, opened_at INT64, PRIMARY KEY(account_id))")
        conn.execute("CREATE REL TABLE OWNS(FROM Customer TO Account)")
        conn.execute("CREATE REL TABLE TRANSFER(FROM Account TO Account, transfer_id STRING, amount DOUBLE, currency STRING, ts INT64, channel STRING, is_laundering INT64)")
        # OWNS comes from accounts.csv: a projection of (customer_id, account_id).
        owns = os.path.join(work, "owns.csv")
        with open(os.path.join(folder, "accounts.csv")) as src, open(owns, "w") as dst:
            next(src)
            dst.write("customer_id,account_id\n")
            for line in src:
                parts = line.rstrip("\n").split(",")
                dst.write(f"{parts[1]},{parts[0]}\n")
        # Kùzu reads a relationship's FROM and TO keys from the first two columns: reorder
        # transfers.csv once (untimed) to (src, dst, transfer_id, amount, ...).
        transfers = os.path.join(work, "transfers.csv")
        with open(os.path.join(folder, "transfers.csv")) as src, open(transfers, "w") as dst:
            next(src)
            dst.write("src_account,dst_account,transfer_id,amount,currency,ts,channel,is_laundering\n")
            for line in src:
                p = line.rstrip("\n").split(",")
                dst.write(f"{p[1]},{p[2]},{p[0]},{p[3]},{p[4]},{p[5]},{p[6]},{p[7] or 0}\n")
        timings = {}
        total = time.perf_counter()
        for name, statement in [
            ("customers", f"COPY Customer FROM '{folder}/customers.csv' (header=true)"),
            ("accounts", f"COPY Account FROM '{folder}/accounts.csv' (header=true)"),
            ("owns", f"COPY OWNS FROM '{owns}' (header=true)"),
            ("transfers", f"COPY TRANSFER FROM '{transfers}' (header=true)"),
        ]:
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
