// The graph one query execution reads and writes: a private copy of the catalog (so a query
// sees its own writes), the snapshot for transfers, and the store transaction for writes.
import Foundation
import GraphCore
import GraphStore

/// Read and write access to the graph for the operators of one query.
final class GraphView {
    var catalog: GraphCatalog
    let store: (any GraphReader)?
    /// Set while a writing query runs inside `GraphWriter.write`.
    var transaction: GraphWriteTransaction?
    var deletedNodes: Set<Int64> = []
    var deletedEdges: Set<Int64> = []
    private var transferExtras: [Int64: TransferExtras] = [:]
    /// Node property reads of this query so far, and the property columns cached after many.
    var propertyReads = 0
    var propertyColumns: [(key: String, values: [Value?])] = []
    /// Set once the running query created a TRANSFER (kept in `catalog.edges`, not the snapshot).
    var createdTransfers = false
    /// Per-label node bitsets for read-only queries (GraphView+FastPaths), built on first use.
    var labelBits: [(label: String, bits: [UInt64])] = []
    var labelTests = 0
    /// The node id range the label bitsets cover.
    lazy var nodeIDRange: ClosedRange<Int64>? = {
        guard let lo = catalog.allNodeIDs.min(), let hi = catalog.allNodeIDs.max() else { return nil }
        return lo...hi
    }()
    /// `accountNodeIDs[0]` when the snapshot's account node ids are consecutive, so an account's
    /// number is its node id minus this base.
    lazy var denseAccountBase: Int64? = {
        let ids = snapshot.accountNodeIDs
        guard let first = ids.first, let last = ids.last, last - first == Int64(ids.count - 1) else { return nil }
        return first
    }()

    init(catalog: GraphCatalog, store: (any GraphReader)?) {
        self.catalog = catalog
        self.store = store
    }

    var snapshot: GraphSnapshot { catalog.snapshot }

    // MARK: Nodes

    func nodeExists(_ id: Int64) -> Bool { catalog.nodes[id] != nil && !deletedNodes.contains(id) }

    func labels(_ id: Int64) -> [String] { catalog.nodes[id]?.labels ?? [] }

    func nodeProperties(_ id: Int64) -> [String: Value] { catalog.nodes[id]?.properties ?? [:] }

    func nodeProperty(_ id: Int64, _ key: String) -> Value {
        if transaction == nil, let cached = cachedNodeProperty(id, key) { return cached }
        return catalog.nodes[id]?.properties[key] ?? .null
    }

    /// Nodes having every label in `labels` (all nodes when empty), in id order.
    func scan(labels: [String]) -> [Int64] {
        let base: [Int64]
        if labels.isEmpty {
            base = catalog.allNodeIDs
        } else {
            base = labels.map { catalog.nodesByLabel[$0] ?? [] }.min { $0.count < $1.count } ?? []
        }
        if labels.count <= 1 && deletedNodes.isEmpty { return base }
        return base.filter { id in
            !deletedNodes.contains(id) && (labels.count <= 1 || labels.allSatisfy { self.labels(id).contains($0) })
        }
    }

    /// How many nodes a scan of `labels` would visit (the optimizer's cost estimate).
    func estimate(labels: [String]) -> Int {
        labels.isEmpty ? catalog.allNodeIDs.count : labels.map { catalog.nodesByLabel[$0]?.count ?? 0 }.min() ?? 0
    }

    /// The node with `label` whose key property equals `key`, when the label has a key.
    func lookup(label: String, key: String) -> Int64? {
        guard let id = catalog.keyIndex[label]?[key], !deletedNodes.contains(id) else { return nil }
        return id
    }

    // MARK: Relationships

    /// Relationships at `node` in `direction` with one of `types` (any when empty), paired
    /// with the node at their other end. A self-loop is reported once, also for `.both`.
    func expand(_ node: Int64, _ direction: RelationshipDirection, types: [String], into out: inout [(Int64, Int64)]) {
        out.removeAll(keepingCapacity: true)
        let wantsTransfers = types.isEmpty || types.contains("TRANSFER")
        if wantsTransfers, let account = snapshot.account(nodeID: node) {
            let s = snapshot
            if direction != .incoming {
                for e in s.outgoing(account) {
                    let id = GraphCatalog.transferID(e)
                    if !catalog.deletedTransfers.contains(id) { out.append((id, s.accountNodeIDs[Int(s.target[e])])) }
                }
            }
            if direction != .outgoing {
                for e in s.incoming(account) {
                    let id = GraphCatalog.transferID(Int(e))
                    let src = s.accountNodeIDs[Int(s.source[Int(e)])]
                    if direction == .both && src == node { continue }
                    if !catalog.deletedTransfers.contains(id) { out.append((id, src)) }
                }
            }
        }
        if direction != .incoming, let list = catalog.outgoing[node] {
            for id in list where !deletedEdges.contains(id) {
                let e = catalog.edges[id]!
                if types.isEmpty || types.contains(e.type) { out.append((id, e.target)) }
            }
        }
        if direction != .outgoing, let list = catalog.incoming[node] {
            for id in list where !deletedEdges.contains(id) {
                let e = catalog.edges[id]!
                if direction == .both && e.source == node { continue }
                if types.isEmpty || types.contains(e.type) { out.append((id, e.source)) }
            }
        }
    }

    func relationshipExists(_ id: Int64) -> Bool {
        if let e = GraphCatalog.snapshotEdge(id) { return e < snapshot.transferCount && !catalog.deletedTransfers.contains(id) }
        return catalog.edges[id] != nil && !deletedEdges.contains(id)
    }

    func type(_ rel: Int64) -> String {
        GraphCatalog.snapshotEdge(rel) != nil ? "TRANSFER" : catalog.edges[rel]?.type ?? ""
    }

    func endpoints(_ rel: Int64) -> (source: Int64, target: Int64) {
        if let e = GraphCatalog.snapshotEdge(rel) {
            return (snapshot.accountNodeIDs[Int(snapshot.source[e])], snapshot.accountNodeIDs[Int(snapshot.target[e])])
        }
        let r = catalog.edges[rel]
        return (r?.source ?? -1, r?.target ?? -1)
    }

    /// The time of a transfer (its `ts` property for relationships outside the snapshot).
    func timestamp(_ rel: Int64) -> Int64? {
        if let e = GraphCatalog.snapshotEdge(rel), catalog.transferOverrides[rel] == nil { return snapshot.timestamp[e] }
        if case let .int(t) = relationshipProperty(rel, "ts") { return t }
        return nil
    }

    func relationshipProperty(_ rel: Int64, _ key: String) -> Value {
        if let e = GraphCatalog.snapshotEdge(rel) {
            if let overridden = catalog.transferOverrides[rel] { return overridden[key] ?? .null }
            let s = snapshot
            switch key {
            case "amount": return .double(s.amount[e])
            case "ts": return .int(s.timestamp[e])
            case "currency": return .string(s.currencies[Int(s.currency[e])])
            case "channel": return .string(s.channels[Int(s.channel[e])])
            case "is_laundering": return s.label[e] < 0 ? .null : .int(Int64(s.label[e]))
            case "transfer_id": return extras(rel).map { .string($0.transferID) } ?? .null
            default: return extras(rel)?.properties[key].map(Value.init) ?? .null
            }
        }
        return catalog.edges[rel]?.properties[key] ?? .null
    }

    func relationshipProperties(_ rel: Int64) -> [String: Value] {
        if GraphCatalog.snapshotEdge(rel) != nil {
            if let overridden = catalog.transferOverrides[rel] { return overridden }
            var out: [String: Value] = [:]
            for key in ["amount", "ts", "currency", "channel", "is_laundering", "transfer_id"] { out[key] = relationshipProperty(rel, key) }
            for (k, v) in extras(rel)?.properties ?? [:] { out[k] = Value(v) }
            return out.filter { !$0.value.isNull }
        }
        return catalog.edges[rel]?.properties ?? [:]
    }

    private func extras(_ rel: Int64) -> TransferExtras? {
        if let cached = transferExtras[rel] { return cached }
        guard let e = GraphCatalog.snapshotEdge(rel), let store,
            let loaded = try? store.transferExtras(row: snapshot.transferRowID[e])
        else { return nil }
        transferExtras[rel] = loaded
        return loaded
    }
}
