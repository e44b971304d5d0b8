// Point reads and statistics on PostgreSQL: the same answers as SQLiteGraphStore+Reading.
import GraphCore

extension PostgresGraphStore {
    public func statistics() throws -> StoreStatistics {
        try transaction("REPEATABLE READ") { c in
            var labels: [String: Int] = [:]
            for row in try c.query("SELECT label, count(*) FROM nodes GROUP BY label") { labels[row[0] ?? ""] = Int(row[1] ?? "0") ?? 0 }
            var types: [String: Int] = [:]
            for row in try c.query("SELECT type, count(*) FROM edges GROUP BY type") { types[row[0] ?? ""] = Int(row[1] ?? "0") ?? 0 }
            let t = try c.query("SELECT count(*), min(ts), max(ts), count(*) FILTER (WHERE is_laundering = 1) FROM transfers")[0]
            let count = Int(t[0] ?? "0") ?? 0
            types["TRANSFER"] = count
            let range: [Int64]? = count == 0 ? nil : [Int64(t[1] ?? "0") ?? 0, Int64(t[2] ?? "0") ?? 0]
            let patterns = Int(try c.query("SELECT count(DISTINCT pattern_id) FROM patterns")[0][0] ?? "0") ?? 0
            return StoreStatistics(
                customers: labels["Customer"] ?? 0, accounts: labels["Account"] ?? 0, transfers: count,
                launderingTransfers: Int(t[3] ?? "0") ?? 0, timeRange: range, nodesByLabel: labels, edgesByType: types,
                patterns: patterns, storeVersion: try Self.version(c)
            )
        }
    }

    public func node(label: String, key: String) throws -> StoredNode? {
        try withConnection { c in
            try c.query("SELECT id, label, key, props FROM nodes WHERE label = $1 AND key = $2", [label, key]).first.map(Self.readNode)
        }
    }

    public func node(id: Int64) throws -> StoredNode? {
        try withConnection { c in try c.query("SELECT id, label, key, props FROM nodes WHERE id = $1", [String(id)]).first.map(Self.readNode) }
    }

    public func nodes(label: String, limit: Int, offset: Int) throws -> [StoredNode] {
        guard limit >= 0, offset >= 0 else { throw StoreError(.invalidArgument, "limit and offset must not be negative") }
        return try withConnection { c in
            try c.query("SELECT id, label, key, props FROM nodes WHERE label = $1 ORDER BY id LIMIT $2 OFFSET $3", [label, String(limit), String(offset)])
                .map(Self.readNode)
        }
    }

    public func edges(of node: Int64, type: String?, direction: EdgeDirection) throws -> [StoredEdge] {
        try withConnection { c in
            let sides: [String] =
                switch direction {
                case .outgoing: ["src"]
                case .incoming: ["dst"]
                case .both: ["src", "dst"]
                }
            var out: [StoredEdge] = []
            for side in sides {
                let rows = try c.query(
                    "SELECT id, type, src, dst, props FROM edges WHERE \(side) = $1\(type == nil ? "" : " AND type = $2") ORDER BY id",
                    [String(node)] + (type.map { [$0] } ?? [])
                )
                for r in rows {
                    out.append(
                        StoredEdge(
                            id: Int64(r[0] ?? "") ?? 0, type: r[1] ?? "", source: Int64(r[2] ?? "") ?? 0, target: Int64(r[3] ?? "") ?? 0,
                            properties: JSONProperties.decode(r[4])
                        )
                    )
                }
            }
            return out
        }
    }

    static let transferColumns = """
        SELECT t.id, t.transfer_id, s.key, d.key, t.amount, t.currency, t.ts, t.channel, t.is_laundering
        FROM transfers t JOIN nodes s ON s.id = t.src JOIN nodes d ON d.id = t.dst
        """

    public func transfer(id transferID: String) throws -> StoredTransfer? {
        try withConnection { c in try c.query(Self.transferColumns + " WHERE t.transfer_id = $1", [transferID]).first.map(Self.readTransfer) }
    }

    /// Through the snapshot's adjacency, like the SQLite store, then one query for the rows.
    public func transfers(ofAccount key: String, limit: Int) throws -> [StoredTransfer] {
        guard limit >= 0 else { throw StoreError(.invalidArgument, "limit must not be negative") }
        let snapshot = try snapshot()
        guard let node = try node(label: "Account", key: key), let account = snapshot.account(nodeID: node.id) else {
            throw StoreError(.notFound, "no account with id \(key)")
        }
        var edges = Array(snapshot.outgoing(account).map { Int32($0) }) + Array(snapshot.incoming(account))
        edges.sort { (snapshot.timestamp[Int($0)], snapshot.transferRowID[Int($0)]) > (snapshot.timestamp[Int($1)], snapshot.transferRowID[Int($1)]) }
        var seen = Set<Int32>()
        let rows = Array(edges.map { snapshot.transferRowID[Int($0)] }.filter { seen.insert($0).inserted }.prefix(limit))
        let byRow = try withConnection { c in
            try c.query(Self.transferColumns + " WHERE t.id = ANY($1::bigint[])", ["{" + rows.map(String.init).joined(separator: ",") + "}"])
                .map(Self.readTransfer)
        }
        let index = Dictionary(uniqueKeysWithValues: byRow.map { ($0.rowID, $0) })
        return try rows.map { row in
            guard let t = index[Int64(row)] else { throw StoreError(.notFound, "transfer row \(row) vanished") }
            return t
        }
    }

    public func transferIDs(rowIDs: [Int32]) throws -> [String] {
        let found = try withConnection { c in
            try c.query("SELECT id, transfer_id FROM transfers WHERE id = ANY($1::bigint[])", ["{" + rowIDs.map(String.init).joined(separator: ",") + "}"])
        }
        let index = Dictionary(found.map { (Int64($0[0] ?? "") ?? 0, $0[1] ?? "") }, uniquingKeysWith: { a, _ in a })
        return try rowIDs.map { row in
            guard let id = index[Int64(row)] else { throw StoreError(.notFound, "no transfer with row id \(row)") }
            return id
        }
    }

    static func readNode(_ r: [String?]) -> StoredNode {
        StoredNode(id: Int64(r[0] ?? "") ?? 0, label: r[1] ?? "", key: r[2] ?? "", properties: JSONProperties.decode(r[3]))
    }

    static func readTransfer(_ r: [String?]) -> StoredTransfer {
        StoredTransfer(
            rowID: Int64(r[0] ?? "") ?? 0, transferID: r[1] ?? "", sourceAccount: r[2] ?? "", targetAccount: r[3] ?? "",
            amount: Double(r[4] ?? "") ?? 0, currency: r[5] ?? "", timestamp: Int64(r[6] ?? "") ?? 0, channel: r[7] ?? "",
            isLaundering: r[8].map { $0 == "1" }
        )
    }
}
