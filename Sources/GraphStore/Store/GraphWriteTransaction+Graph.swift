// General property-graph writes for the query language (CREATE, SET, REMOVE, DELETE): nodes
// with any number of labels, parallel edges, and transfer rows addressed by row id.
public import GraphCore

extension GraphWriteTransaction {
    /// Creates a node with `labels` (possibly none). The first label goes to `nodes.label`;
    /// the node's key is `key` when given, otherwise generated from its row id so it is unique.
    @discardableResult
    public func createNode(labels: [String], key: String?, properties: [String: PropertyValue]) throws -> Int64 {
        let primary = labels.first ?? ""
        // A generated key must be unique under the label: a placeholder first, then the id.
        guard
            let id = try firstRow(
                "INSERT INTO nodes (label, key, props) VALUES (?, ?, ?) RETURNING id",
                [.text(primary), .text(key ?? "\u{1}pending"), .text(JSONProperties.encode(properties))]
            )?.int64(0)
        else { throw StoreError(.sql, "node insert returned no id") }
        if key == nil {
            try execute("UPDATE nodes SET key = ? WHERE id = ?", [.text("_\(id)"), .integer(id)])
        }
        for label in labels.dropFirst() { try addLabel(node: id, label) }
        changed = true
        return id
    }

    /// Adds a label beyond the node's first one; nothing happens when it has it already.
    public func addLabel(node: Int64, _ label: String) throws {
        guard let current = try firstRow("SELECT label FROM nodes WHERE id = ?", [.integer(node)]) else {
            throw StoreError(.notFound, "no node with id \(node)")
        }
        let primary = current.string(0) ?? ""
        if primary == label { return }
        if primary.isEmpty {
            try execute("UPDATE nodes SET label = ? WHERE id = ?", [.text(label), .integer(node)])
        } else {
            try execute("INSERT INTO node_labels (node, label) VALUES (?, ?) ON CONFLICT DO NOTHING", [.integer(node), .text(label)])
        }
        changed = true
    }

    /// Removes a label; when it was the first one, another label (or none) takes its place.
    public func removeLabel(node: Int64, _ label: String) throws {
        let removeExtra = "DELETE FROM node_labels WHERE node = ? AND label = ?"
        if try execute(removeExtra, [.integer(node), .text(label)]) > 0 {
            changed = true
            return
        }
        let replacement =
            try firstRow("SELECT label FROM node_labels WHERE node = ? ORDER BY label LIMIT 1", [.integer(node)])?.string(0) ?? ""
        guard try execute("UPDATE nodes SET label = ? WHERE id = ? AND label = ?", [.text(replacement), .integer(node), .text(label)]) > 0
        else { return }
        changed = true
        if !replacement.isEmpty {
            try execute(removeExtra, [.integer(node), .text(replacement)])
        }
    }

    /// Creates an edge even when one of the same type joins the same nodes (a parallel edge).
    @discardableResult
    public func createEdge(type: String, source: Int64, target: Int64, properties: [String: PropertyValue]) throws -> Int64 {
        guard type != "TRANSFER" else { throw StoreError(.invalidArgument, "transfers are added with addTransfer") }
        guard
            let id = try firstRow(
                "INSERT INTO edges (type, src, dst, props, dup) VALUES (?, ?, ?, ?, (SELECT coalesce(max(id), 0) + 1 FROM edges)) RETURNING id",
                [.text(type), .integer(source), .integer(target), .text(JSONProperties.encode(properties))]
            )?.int64(0)
        else { throw StoreError(.sql, "edge insert returned no id") }
        changed = true
        return id
    }

    /// Replaces an edge's properties entirely.
    public func setEdgeProperties(id: Int64, _ properties: [String: PropertyValue]) throws {
        try execute("UPDATE edges SET props = ? WHERE id = ?", [.text(JSONProperties.encode(properties)), .integer(id)])
        changed = true
    }

    public func deleteEdge(id: Int64) throws {
        try execute("DELETE FROM edges WHERE id = ?", [.integer(id)])
        changed = true
    }

    /// Adds a transfer and returns its row id (the snapshot's `transferRowID`).
    public func createTransfer(_ t: NewTransfer, properties: [String: PropertyValue]) throws -> Int64 {
        guard let row = try insertTransfer(t) else { throw StoreError(.constraint, "a transfer with id \(t.transferID) exists already") }
        if !properties.isEmpty {
            try execute("UPDATE transfers SET props = ? WHERE id = ?", [.text(JSONProperties.encode(properties)), .integer(row)])
        }
        return row
    }

    /// Updates a transfer's columns and its extra (JSON) properties.
    public func updateTransfer(row: Int64, amount: Double, currency: String, timestamp: Int64, channel: String, isLaundering: Int8,
                               properties: [String: PropertyValue]) throws {
        try execute(
            "UPDATE transfers SET amount = ?, currency = ?, ts = ?, channel = ?, is_laundering = ?, props = ? WHERE id = ?",
            [
                .real(amount), .text(currency), .integer(timestamp), .text(channel),
                isLaundering < 0 ? .null : .integer(Int64(isLaundering)),
                properties.isEmpty ? .null : .text(JSONProperties.encode(properties)), .integer(row),
            ]
        )
        changed = true
    }

    public func deleteTransfer(row: Int64) throws {
        try execute("DELETE FROM transfers WHERE id = ?", [.integer(row)])
        changed = true
    }
}
