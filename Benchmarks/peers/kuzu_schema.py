"""The Kùzu side of the peer benchmarks: the schema AMLGraph's native folder maps to, the two
CSV projections Kùzu needs (OWNS from accounts.csv; transfers reordered so the FROM and TO keys
come first), and the COPY statements. Shared by kuzu_copy.py and kuzu_queries.py."""
import os

SCHEMA = [
    "CREATE NODE TABLE Customer(customer_id STRING, name STRING, country STRING, segment STRING, kyc_risk STRING, PRIMARY KEY(customer_id))",
    "CREATE NODE TABLE Account(account_id STRING, customer_id STRING, bank STRING, currency STRING, opened_at INT64, PRIMARY KEY(account_id))",
    "CREATE REL TABLE OWNS(FROM Customer TO Account)",
    "CREATE REL TABLE TRANSFER(FROM Account TO Account, transfer_id STRING, amount DOUBLE, currency STRING, ts INT64, channel STRING, is_laundering INT64)",
]


def create_schema(conn) -> None:
    for statement in SCHEMA:
        conn.execute(statement)


def prepare_csv(folder: str, work: str) -> tuple:
    """Writes owns.csv and transfers.csv into `work` (untimed by both scripts); returns their paths."""
    owns = os.path.join(work, "owns.csv")
    with open(os.path.join(folder, "accounts.csv")) as src, open(owns, "w") as dst:
        next(src)
        dst.write("customer_id,account_id\n")
        for line in src:
            parts = line.rstrip("\n").split(",")
            dst.write(f"{parts[1]},{parts[0]}\n")
    transfers = os.path.join(work, "transfers.csv")
    with open(os.path.join(folder, "transfers.csv")) as src, open(transfers, "w") as dst:
        next(src)
        dst.write("src_account,dst_account,transfer_id,amount,currency,ts,channel,is_laundering\n")
        for line in src:
            p = line.rstrip("\n").split(",")
            dst.write(f"{p[1]},{p[2]},{p[0]},{p[3]},{p[4]},{p[5]},{p[6]},{p[7] or 0}\n")
    return owns, transfers


def copy_statements(folder: str, owns: str, transfers: str) -> list:
    """(name, COPY statement) in load order."""
    return [
        ("customers", f"COPY Customer FROM '{folder}/customers.csv' (header=true)"),
        ("accounts", f"COPY Account FROM '{folder}/accounts.csv' (header=true)"),
        ("owns", f"COPY OWNS FROM '{owns}' (header=true)"),
        ("transfers", f"COPY TRANSFER FROM '{transfers}' (header=true)"),
    ]
