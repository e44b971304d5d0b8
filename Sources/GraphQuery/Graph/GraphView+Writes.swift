// Writes: applied to the store transaction (persisted when the statement commits) and to the
// execution's catalog copy (so later clauses of the same query see them).
import Foundation
import GraphCore
import GraphStore

extension GraphView {
    func requireTransaction() throws -> GraphWriteTransaction {
        guard let transaction else {
            throw QueryError(.readOnly, "ReadOnly", "this query writes to the graph, but it runs read-only (allow writes to run it)")
        }
        return transaction
    }

    static func storable(_ properties: [String: Value]) throws -> [String: PropertyValue] {
        var out: [String: PropertyValue] = [:]
        for (k, v) in properties where !v.isNull {
            guard let p = v.propertyValue else { throw QueryError.type("property \(k) cannot hold a \(v.typeName)", code: "InvalidPropertyType") }
            out[k] = p
        }
        return out
    }

    func createNode(labels: [String], properties: [String: Value]) throws -> Int64 {
        let tx = try requireTransaction()
        var properties = properties.filter { !$0.value.isNull }
        var key: String?
        for label in labels {
            if let keyProperty = GraphCatalog.keyProperties[label] {
                guard let value = properties[keyProperty], !value.isNull else {
                    throw QueryError.argument("a \(label) node needs the \(keyProperty) property", code: "MissingKey")
                }
                key = Self.keyText(value)
                properties[keyProperty] = .string(key!)
            }
        }
        var stored = try Self.storable(properties)
        for label in labels { if let keyProperty = GraphCatalog.keyProperties[label] { stored[keyProperty] = nil } }
        let id: Int64
        do {
            id = try tx.createNode(labels: labels, key: key, properties: stored)
        } catch let error as StoreError where error.kind == .constraint {
            throw QueryError(.constraint, "UniqueKey", "a \(labels.first ?? "") node with key \(key ?? "") exists already")
        }
        catalog.nodes[id] = NodeRecord(labels: labels, properties: properties)
        catalog.allNodeIDs.append(id)
        for label in labels {
            catalog.nodesByLabel[label, default: []].append(id)
            if let key, GraphCatalog.keyProperties[label] != nil { catalog.keyIndex[label, default: [:]][key] = id }
        }
        return id
    }

    static func keyText(_ v: Value) -> String {
        switch v {
        case let .string(s): s
        case let .int(i): String(i)
        default: v.propertyValue?.jsonText ?? ""
        }
    }

    func createRelationship(type: String, source: Int64, target: Int64, properties: [String: Value]) throws -> Int64 {
        let tx = try requireTransaction()
        let properties = properties.filter { !$0.value.isNull }
        if type == "TRANSFER" { return try createTransfer(tx, source: source, target: target, properties: properties) }
        let id = try tx.createEdge(type: type, source: source, target: target, properties: try Self.storable(properties))
        addEdgeRecord(id, EdgeRecord(type: type, source: source, target: target, properties: properties))
        return id
    }

    private func addEdgeRecord(_ id: Int64, _ record: EdgeRecord) {
        catalog.edges[id] = record
        catalog.outgoing[record.source, default: []].append(id)
        catalog.incoming[record.target, default: []].append(id)
    }

    /// A TRANSFER joins two accounts and keeps its hot attributes in columns.
    private func createTransfer(_ tx: GraphWriteTransaction, source: Int64, target: Int64, properties: [String: Value]) throws -> Int64 {
        guard labels(source).contains("Account"), labels(target).contains("Account") else {
            throw QueryError.argument("a TRANSFER must join two Account nodes", code: "InvalidTransfer")
        }
        guard let amount = properties["amount"]?.asDouble else { throw QueryError.argument("a TRANSFER needs a numeric amount", code: "InvalidTransfer") }
        var properties = properties
        let transferID = properties["transfer_id"].map(Self.keyText) ?? "q-" + UUID().uuidString.prefix(13).lowercased()
        let ts: Int64 = if case let .int(t)? = properties["ts"] { t } else { Int64(Date().timeIntervalSince1970) }
        let currency = properties["currency"]?.stringValue ?? "XXX"
        let channel = properties["channel"]?.stringValue ?? ""
        let laundering: Int8 = if case let .int(l)? = properties["is_laundering"] { Int8(clamping: l) } else { -1 }
        for (k, v) in [("transfer_id", Value.string(transferID)), ("ts", .int(ts)), ("currency", .string(currency)), ("channel", .string(channel)), ("amount", .double(amount))] {
            properties[k] = v
        }
        let extra = properties.filter { !["transfer_id", "ts", "currency", "channel", "amount", "is_laundering"].contains($0.key) }
        let row: Int64
        do {
            row = try tx.createTransfer(
                NewTransfer(transferID: transferID, source: source, target: target, amount: amount, currency: currency, timestamp: ts,
                            channel: channel, isLaundering: laundering),
                properties: try Self.storable(extra)
            )
        } catch let error as StoreError {
            throw QueryError(.constraint, "UniqueKey", error.message)
        }
        let id = GraphCatalog.createdTransferBase + row
        createdTransfers = true
        addEdgeRecord(id, EdgeRecord(type: "TRANSFER", source: source, target: target, properties: properties, transferRow: row))
        return id
    }

    func setNodeProperties(_ id: Int64, _ properties: [String: Value]) throws {
        let tx = try requireTransaction()
        guard var record = catalog.nodes[id], !deletedNodes.contains(id) else { return }
        var stored = properties.filter { !$0.value.isNull }
        for label in record.labels {
            if let keyProperty = GraphCatalog.keyProperties[label] {
                guard stored[keyProperty] == record.properties[keyProperty] else {
                    throw QueryError.argument("the key \(keyProperty) of a \(label) cannot change", code: "KeyChange")
                }
                stored[keyProperty] = nil
            }
        }
        try tx.setNodeProperties(id: id, try Self.storable(stored))
        record.properties = properties.filter { !$0.value.isNull }
        catalog.nodes[id] = record
    }

    func setRelationshipProperties(_ id: Int64, _ properties: [String: Value]) throws {
        let tx = try requireTransaction()
        let properties = properties.filter { !$0.value.isNull }
        if GraphCatalog.snapshotEdge(id) != nil || catalog.edges[id]?.transferRow != nil {
            let row: Int64
            if let e = GraphCatalog.snapshotEdge(id) { row = Int64(snapshot.transferRowID[e]) } else { row = catalog.edges[id]!.transferRow! }
            guard let amount = properties["amount"]?.asDouble, case let .int(ts)? = properties["ts"] else {
                throw QueryError.argument("a TRANSFER keeps a numeric amount and an integer ts", code: "InvalidTransfer")
            }
            let laundering: Int8 = if case let .int(l)? = properties["is_laundering"] { Int8(clamping: l) } else { -1 }
            let extra = properties.filter { !["transfer_id", "ts", "currency", "channel", "amount", "is_laundering"].contains($0.key) }
            try tx.updateTransfer(
                row: row, amount: amount, currency: properties["currency"]?.stringValue ?? "XXX", timestamp: ts,
                channel: properties["channel"]?.stringValue ?? "", isLaundering: laundering, properties: try Self.storable(extra)
            )
            if GraphCatalog.snapshotEdge(id) != nil { catalog.transferOverrides[id] = properties } else { catalog.edges[id]!.properties = properties }
            return
        }
        try tx.setEdgeProperties(id: id, try Self.storable(properties))
        catalog.edges[id]?.properties = properties
    }

    func addLabels(_ id: Int64, _ labels: [String]) throws {
        let tx = try requireTransaction()
        guard var record = catalog.nodes[id] else { return }
        for label in labels where !record.labels.contains(label) {
            guard GraphCatalog.keyProperties[label] == nil else {
                throw QueryError.argument("the label \(label) cannot be added to an existing node", code: "KeyLabel")
            }
            try tx.addLabel(node: id, label)
            record.labels.append(label)
            catalog.nodesByLabel[label, default: []].append(id)
        }
        catalog.nodes[id] = record
    }

    func removeLabels(_ id: Int64, _ labels: [String]) throws {
        let tx = try requireTransaction()
        guard var record = catalog.nodes[id] else { return }
        for label in labels where record.labels.contains(label) {
            try tx.removeLabel(node: id, label)
            record.labels.removeAll { $0 == label }
            catalog.nodesByLabel[label]?.removeAll { $0 == id }
        }
        catalog.nodes[id] = record
    }

    func deleteRelationship(_ id: Int64) throws {
        let tx = try requireTransaction()
        guard relationshipExists(id) else { return }
        if let e = GraphCatalog.snapshotEdge(id) {
            try tx.deleteTransfer(row: Int64(snapshot.transferRowID[e]))
            catalog.deletedTransfers.insert(id)
        } else if let row = catalog.edges[id]?.transferRow {
            try tx.deleteTransfer(row: row)
            deletedEdges.insert(id)
        } else {
            try tx.deleteEdge(id: id)
            deletedEdges.insert(id)
        }
    }

    func deleteNode(_ id: Int64, detach: Bool) throws {
        guard nodeExists(id) else { return }
        var rels: [(Int64, Int64)] = []
        expand(id, .both, types: [], into: &rels)
        if !rels.isEmpty {
            guard detach else {
                throw QueryError(.constraint, "DeleteConnectedNode", "cannot delete a node that still has relationships; use DETACH DELETE")
            }
            for (rel, _) in rels { try deleteRelationship(rel) }
        }
        try requireTransaction().deleteNode(id: id, detach: true)
        deletedNodes.insert(id)
    }
}
