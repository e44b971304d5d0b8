// Whole-table reads for the query engine's catalog and the feature columns, on PostgreSQL:
// the same answers as SQLiteGraphStore+Scan.
import GraphCore

extension PostgresGraphStore {
    public func allNodes() throws -> [LabeledNode] {
        try transaction("REPEATABLE READ READ ONLY") { c in
            var extra: [Int64: [String]] = [:]
            for r in try c.query("SELECT node, label FROM node_labels ORDER BY node, label COLLATE \"C\"") {
                extra[Int64(r[0] ?? "") ?? 0, default: []].append(r[1] ?? "")
            }
            return try c.query("SELECT id, label, key, props FROM nodes ORDER BY id").map { r in
                let id = Int64(r[0] ?? "") ?? 0
                let first = r[1] ?? ""
                return LabeledNode(
                    id: id, labels: (first.isEmpty ? [] : [first]) + (extra[id] ?? []), key: r[2] ?? "", properties: JSONProperties.decode(r[3])
                )
            }
        }
    }

    public func allEdges() throws -> [StoredEdge] {
        try withConnection { c in
            try c.query("SELECT id, type, src, dst, props FROM edges ORDER BY id").map(Self.readEdge)
        }
    }

    public func transferExtras(row: Int32) throws -> TransferExtras? {
        try withConnection { c in
            try c.query("SELECT transfer_id, props FROM transfers WHERE id = $1", [String(row)]).first.map {
                TransferExtras(transferID: $0[0] ?? "", properties: JSONProperties.decode($0[1]))
            }
        }
    }

    public func nodeProperties(label: String, names: [String]) throws -> [NodePropertyRow] {
        // `->>` gives a JSON number in its JSON spelling and a JSON null as SQL NULL, as
        // SQLite's json_extract read back as text does.
        let columns = names.indices.map { ", props::jsonb ->> $\($0 + 2)" }.joined()
        return try withConnection { c in
            try c.query("SELECT id, key\(columns) FROM nodes WHERE label = $1 ORDER BY id", [label] + names).map { r in
                NodePropertyRow(id: Int64(r[0] ?? "") ?? 0, key: r[1] ?? "", values: Array(r.dropFirst(2)))
            }
        }
    }

    static func readEdge(_ r: [String?]) -> StoredEdge {
        StoredEdge(
            id: Int64(r[0] ?? "") ?? 0, type: r[1] ?? "", source: Int64(r[2] ?? "") ?? 0, target: Int64(r[3] ?? "") ?? 0,
            properties: JSONProperties.decode(r[4])
        )
    }
}
