// Whole-table reads for the query engine's graph view: every node with all its labels, every
// non-transfer edge, and the extra columns of transfers the snapshot does not keep.
public import GraphCore

/// A node with every label it has (the query language's view of a node).
public struct LabeledNode: Sendable, Equatable {
    public let id: Int64
    public let labels: [String]
    public let key: String
    public let properties: [String: PropertyValue]

    public init(id: Int64, labels: [String], key: String, properties: [String: PropertyValue]) {
        self.id = id
        self.labels = labels
        self.key = key
        self.properties = properties
    }
}

/// The columns of a transfer row the snapshot leaves in the database.
public struct TransferExtras: Sendable, Equatable {
    public let transferID: String
    public let properties: [String: PropertyValue]

    public init(transferID: String, properties: [String: PropertyValue]) {
        self.transferID = transferID
        self.properties = properties
    }
}

extension SQLiteGraphStore {
    /// Every node, in id order, with its labels (first label first, then the others sorted).
    public func allNodes() throws -> [LabeledNode] {
        try withReader { db in
            var extra: [Int64: [String]] = [:]
            let labels = try db.prepare("SELECT node, label FROM node_labels ORDER BY node, label")
            while try labels.step() { extra[labels.int64(0), default: []].append(labels.string(1) ?? "") }
            var out: [LabeledNode] = []
            let s = try db.prepare("SELECT id, label, key, props FROM nodes ORDER BY id")
            while try s.step() {
                let id = s.int64(0)
                let first = s.string(1) ?? ""
                out.append(
                    LabeledNode(
                        id: id, labels: (first.isEmpty ? [] : [first]) + (extra[id] ?? []), key: s.string(2) ?? "",
                        properties: JSONProperties.decode(s.string(3))
                    )
                )
            }
            return out
        }
    }

    /// Every edge of the `edges` table (every type but TRANSFER), in id order.
    public func allEdges() throws -> [StoredEdge] {
        try withReader { db in
            var out: [StoredEdge] = []
            let s = try db.prepare("SELECT id, type, src, dst, props FROM edges ORDER BY id")
            while try s.step() {
                out.append(
                    StoredEdge(id: s.int64(0), type: s.string(1) ?? "", source: s.int64(2), target: s.int64(3),
                               properties: JSONProperties.decode(s.string(4)))
                )
            }
            return out
        }
    }

    /// The external id and JSON properties of a transfer row, or nil when it is gone.
    public func transferExtras(row: Int32) throws -> TransferExtras? {
        try withReader { db in
            let s = try db.prepare("SELECT transfer_id, props FROM transfers WHERE id = ?")
            try s.bind([.integer(Int64(row))])
            guard try s.step() else { return nil }
            return TransferExtras(transferID: s.string(0) ?? "", properties: JSONProperties.decode(s.string(1)))
        }
    }

    public func nodeProperties(label: String, names: [String]) throws -> [NodePropertyRow] {
        // json_extract gives numbers as numbers; `string` reads them back in their JSON spelling.
        let sql = "SELECT id, key" + String(repeating: ", json_extract(props, ?)", count: names.count) + " FROM nodes WHERE label = ? ORDER BY id"
        return try withReader { db in
            let s = try db.prepare(sql)
            try s.bind(names.map { .text("$.\"" + $0 + "\"") } + [.text(label)])
            var out: [NodePropertyRow] = []
            while try s.step() {
                out.append(NodePropertyRow(id: s.int64(0), key: s.string(1) ?? "", values: names.indices.map { s.isNull($0 + 2) ? nil : s.string($0 + 2) }))
            }
            return out
        }
    }
}
