// Point reads and statistics.
import GraphCore

extension SQLiteGraphStore {
    public func statistics() throws -> StoreStatistics {
        try withReader { db in
            var labels: [String: Int] = [:]
            let byLabel = try db.prepare("SELECT label, count(*) FROM nodes GROUP BY label")
            while try byLabel.step() { labels[byLabel.string(0) ?? ""] = Int(byLabel.int64(1)) }
            var types: [String: Int] = [:]
            let byType = try db.prepare("SELECT type, count(*) FROM edges GROUP BY type")
            while try byType.step() { types[byType.string(0) ?? ""] = Int(byType.int64(1)) }
            let transfers = try db.prepare("SELECT count(*), min(ts), max(ts), coalesce(sum(is_laundering = 1), 0) FROM transfers")
            try transfers.step()
            let count = Int(transfers.int64(0))
            types["TRANSFER"] = count
            let range: [Int64]? = count == 0 ? nil : [transfers.int64(1), transfers.int64(2)]
            let laundering = Int(transfers.int64(3))
            let patterns = Int(try db.scalarInt("SELECT count(DISTINCT pattern_id) FROM patterns") ?? 0)
            return StoreStatistics(
                customers: labels["Customer"] ?? 0, accounts: labels["Account"] ?? 0, transfers: count,
                launderingTransfers: laundering, timeRange: range, nodesByLabel: labels, edgesByType: types,
                patterns: patterns, storeVersion: try Self.version(db)
            )
        }
    }

    public func node(label: String, key: String) throws -> StoredNode? {
        try withReader { db in
            try db.withCachedStatement("SELECT id, label, key, props FROM nodes WHERE label = ? AND key = ?") { s in
                try s.bind([.text(label), .text(key)])
                return try s.step() ? Self.readNode(s) : nil
            }
        }
    }

    public func node(id: Int64) throws -> StoredNode? {
        try withReader { db in
            let s = try db.prepare("SELECT id, label, key, props FROM nodes WHERE id = ?")
            try s.bind([.integer(id)])
            return try s.step() ? Self.readNode(s) : nil
        }
    }

    public func nodes(label: String, limit: Int, offset: Int) throws -> [StoredNode] {
        guard limit >= 0, offset >= 0 else { throw StoreError(.invalidArgument, "limit and offset must not be negative") }
        return try withReader { db in
            let s = try db.prepare("SELECT id, label, key, props FROM nodes WHERE label = ? ORDER BY id LIMIT ? OFFSET ?")
            try s.bind([.text(label), .integer(Int64(limit)), .integer(Int64(offset))])
            var out: [StoredNode] = []
            while try s.step() { out.append(Self.readNode(s)) }
            return out
        }
    }

    public func edges(of node: Int64, type: String?, direction: EdgeDirection) throws -> [StoredEdge] {
        try withReader { db in
            let sides: [String] =
                switch direction {
                case .outgoing: ["src"]
                case .incoming: ["dst"]
                case .both: ["src", "dst"]
                }
            var out: [StoredEdge] = []
            for side in sides {
                let s = try db.prepare(
                    "SELECT id, type, src, dst, props FROM edges WHERE \(side) = ?\(type == nil ? "" : " AND type = ?") ORDER BY id"
                )
                try s.bind(type.map { [.integer(node), .text($0)] } ?? [.integer(node)])
                while try s.step() {
                    out.append(
                        StoredEdge(
                            id: s.int64(0), type: s.string(1) ?? "", source: s.int64(2), target: s.int64(3),
                            properties: JSONProperties.decode(s.string(4))
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
        try withReader { db in
            try db.withCachedStatement(Self.transferColumns + " WHERE t.transfer_id = ?") { s in
                try s.bind([.text(transferID)])
                return try s.step() ? Self.readTransfer(s) : nil
            }
        }
    }

    /// Uses the snapshot's adjacency (both directions, sorted by time) to find the account's
    /// transfers, then reads those rows by primary key.
    public func transfers(ofAccount key: String, limit: Int) throws -> [StoredTransfer] {
        guard limit >= 0 else { throw StoreError(.invalidArgument, "limit must not be negative") }
        let snapshot = try snapshot()
        guard let node = try node(label: "Account", key: key), let account = snapshot.account(nodeID: node.id) else {
            throw StoreError(.notFound, "no account with id \(key)")
        }
        var edges = Array(snapshot.outgoing(account).map { Int32($0) }) + Array(snapshot.incoming(account))
        // Newest first; a self-transfer appears in both lists but is one transfer.
        edges.sort { (snapshot.timestamp[Int($0)], snapshot.transferRowID[Int($0)]) > (snapshot.timestamp[Int($1)], snapshot.transferRowID[Int($1)]) }
        var seen = Set<Int32>()
        let rows = edges.map { snapshot.transferRowID[Int($0)] }.filter { seen.insert($0).inserted }.prefix(limit)
        return try withReader { db in
            let s = try db.prepare(Self.transferColumns + " WHERE t.id = ?")
            return try rows.map { row in
                try s.bind([.integer(Int64(row))])
                defer { s.reset() }
                guard try s.step() else { throw StoreError(.notFound, "transfer row \(row) vanished") }
                return Self.readTransfer(s)
            }
        }
    }

    public func transferIDs(rowIDs: [Int32]) throws -> [String] {
        try withReader { db in
            let s = try db.prepare("SELECT transfer_id FROM transfers WHERE id = ?")
            return try rowIDs.map { row in
                try s.bind([.integer(Int64(row))])
                defer { s.reset() }
                guard try s.step(), let id = s.string(0) else { throw StoreError(.notFound, "no transfer with row id \(row)") }
                return id
            }
        }
    }

    static func readNode(_ s: Statement) -> StoredNode {
        StoredNode(id: s.int64(0), label: s.string(1) ?? "", key: s.string(2) ?? "", properties: JSONProperties.decode(s.string(3)))
    }

    static func readTransfer(_ s: Statement) -> StoredTransfer {
        StoredTransfer(
            rowID: s.int64(0), transferID: s.string(1) ?? "", sourceAccount: s.string(2) ?? "", targetAccount: s.string(3) ?? "",
            amount: s.double(4), currency: s.string(5) ?? "", timestamp: s.int64(6), channel: s.string(7) ?? "",
            isLaundering: s.isNull(8) ? nil : s.int64(8) == 1
        )
    }
}
