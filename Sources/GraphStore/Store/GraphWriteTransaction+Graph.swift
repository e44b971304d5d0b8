// General property-graph writes for the query language (CREATE, SET, REMOVE, DELETE): nodes
// with any number of labels, parallel edges, and transfer rows addressed by row id.
public import GraphCore

extension GraphWriteTransaction {
    /// Creates a node with `labels` (possibly none). The first label goes to `nodes.label`;
    /// the node's key is `key` when given, otherwise generated from its row id so it is unique.
    @discardableResult
    public func createNode(labels: [String], key: String?, properties: [String: PropertyValue]) throws -> Int64 {
        let primary = labels.first ?? ""
        let s = try statement("INSERT INTO nodes (label, key, props) VALUES (?, ?, ?) RETURNING id")
        // A generated key must be unique under the label: a placeholder first, then the id.
        try s.bind([.text(primary), .text(key ?? "\u{1}pending"), .text(JSONProperties.encode(properties))])
        defer { s.reset() }
        guard try s.step() else { throw StoreError(.sql, "node insert returned no id") }
        let id = s.int64(0)
        s.reset()
        if key == nil {
            let rekey = try statement("UPDATE nodes SET key = ? WHERE id = ?")
            try rekey.bind([.text("_\(id)"), .integer(id)])
            try rekey.run()
        }
        for label in labels.dropFirst() { try addLabel(node: id, label) }
        changed = true
        return id
    }

    /// Adds a label beyond the node's first one; nothing happens when it has it already.
    public func addLabel(node: Int64, _ label: String) throws {
        let current = try statement("SELECT label FROM nodes WHERE id = ?")
        try current.bind([.integer(node)])
        defer { current.reset() }
        guard try current.step() else { throw StoreError(.notFound, "no node with id \(node)") }
        let primary = current.string(0) ?? ""
        current.reset()
        if primary == label { return }
        if primary.isEmpty {
            let s = try statement("UPDATE nodes SET label = ? WHERE id = ?")
            try s.bind([.text(label), .integer(node)])
            try s.run()
        } else {
            let s = try statement("INSERT INTO node_labels (node, label) VALUES (?, ?) ON CONFLICT DO NOTHING")
            try s.bind([.integer(node), .text(label)])
            try s.run()
        }
        changed = true
    }

    /// Removes a label; when it was the first one, another label (or none) takes its place.
    public func removeLabel(node: Int64, _ label: String) throws {
        let extra = try statement("DELETE FROM node_labels WHERE node = ? AND label = ?")
        try extra.bind([.integer(node), .text(label)])
        try extra.run()
        if db.changes > 0 {
            changed = true
            return
        }
        let next = try statement("SELECT label FROM node_labels WHERE node = ? ORDER BY label LIMIT 1")
        try next.bind([.integer(node)])
        let replacement = try next.step() ? next.string(0) ?? "" : ""
        next.reset()
        let s = try statement("UPDATE nodes SET label = ? WHERE id = ? AND label = ?")
        try s.bind([.text(replacement), .integer(node), .text(label)])
        try s.run()
        guard db.changes > 0 else { return }
        changed = true
        if !replacement.isEmpty {
            try extra.bind([.integer(node), .text(replacement)])
            try extra.run()
        }
    }

    /// Creates an edge even when one of the same type joins the same nodes (a parallel edge).
    @discardableResult
    public func createEdge(type: String, source: Int64, target: Int64, properties: [String: PropertyValue]) throws -> Int64 {
        guard type != "TRANSFER" else { throw StoreError(.invalidArgument, "transfers are added with addTransfer") }
        let s = try statement(
            "INSERT INTO edges (type, src, dst, props, dup) VALUES (?, ?, ?, ?, (SELECT coalesce(max(id), 0) + 1 FROM edges)) RETURNING id"
        )
        try s.bind([.text(type), .integer(source), .integer(target), .text(JSONProperties.encode(properties))])
        defer { s.reset() }
        guard try s.step() else { throw StoreError(.sql, "edge insert returned no id") }
        changed = true
        return s.int64(0)
    }

    /// Replaces an edge's properties entirely.
    public func setEdgeProperties(id: Int64, _ properties: [String: PropertyValue]) throws {
        let s = try statement("UPDATE edges SET props = ? WHERE id = ?")
        try s.bind([.text(JSONProperties.encode(properties)), .integer(id)])
        try s.run()
        changed = true
    }

    public func deleteEdge(id: Int64) throws {
        let s = try statement("DELETE FROM edges WHERE id = ?")
        try s.bind([.integer(id)])
        try s.run()
        changed = true
    }

    /// Adds a transfer and returns its row id (the snapshot's `transferRowID`).
    public func createTransfer(_ t: NewTransfer, properties: [String: PropertyValue]) throws -> Int64 {
        guard try addTransfer(t) else { throw StoreError(.constraint, "a transfer with id \(t.transferID) exists already") }
        let row = db.lastInsertRowID
        if !properties.isEmpty {
            let s = try statement("UPDATE transfers SET props = ? WHERE id = ?")
            try s.bind([.text(JSONProperties.encode(properties)), .integer(row)])
            try s.run()
        }
        return row
    }

    /// Updates a transfer's columns and its extra (JSON) properties.
    public func updateTransfer(row: Int64, amount: Double, currency: String, timestamp: Int64, channel: String, isLaundering: Int8,
                               properties: [String: PropertyValue]) throws {
        let s = try statement("UPDATE transfers SET amount = ?, currency = ?, ts = ?, channel = ?, is_laundering = ?, props = ? WHERE id = ?")
        try s.bind([
            .real(amount), .text(currency), .integer(timestamp), .text(channel),
            isLaundering < 0 ? .null : .integer(Int64(isLaundering)),
            properties.isEmpty ? .null : .text(JSONProperties.encode(properties)), .integer(row),
        ])
        try s.run()
        changed = true
    }

    public func deleteTransfer(row: Int64) throws {
        let s = try statement("DELETE FROM transfers WHERE id = ?")
        try s.bind([.integer(row)])
        try s.run()
        changed = true
    }
}
