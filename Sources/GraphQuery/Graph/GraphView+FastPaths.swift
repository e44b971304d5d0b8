// Array-indexed answers to the questions hot loops ask millions of times: is this node an
// account (and which), does it carry these labels, which relationships join these two nodes.
// The answers equal the dictionary-based ones in GraphView.swift; the label bitsets are only
// used by read-only queries, whose catalog cannot change while they run.
import GraphCore

extension GraphView {
    /// The snapshot account number of a node, without a binary search when the account node
    /// ids are consecutive (the store numbers them so after an ingest).
    @inline(__always) func accountIndex(_ node: Int64) -> Int? {
        if let base = denseAccountBase {
            let i = node - base
            return i >= 0 && i < Int64(snapshot.accountCount) ? Int(i) : nil
        }
        return snapshot.account(nodeID: node)
    }

    /// Label tests before a read-only query builds label bitsets.
    static let labelBitsetThreshold = 4096

    /// Whether `node` has every label in `labels`: a bit test per label in read-only queries,
    /// the catalog's label list otherwise.
    @inline(__always) func hasLabels(_ node: Int64, _ labels: [String]) -> Bool {
        // The bitsets pay once a query tests many nodes; the first tests read the catalog.
        if labelTests < Self.labelBitsetThreshold { labelTests += 1 }
        guard transaction == nil, labelTests >= Self.labelBitsetThreshold, let range = nodeIDRange else {
            return labels.allSatisfy(self.labels(node).contains)
        }
        guard range.contains(node) else { return false }
        let bit = Int(node - range.lowerBound)
        for label in labels {
            let bits = labelBitset(label)
            if bits[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
        }
        return true
    }

    /// Whether every node of `nodes` has every label in `labels`: bitset reads in read-only
    /// queries (no per-node label lookup), the catalog's label lists otherwise.
    func allHaveLabels(_ nodes: [Int64], _ labels: [String]) -> Bool {
        guard !labels.isEmpty else { return true }
        guard transaction == nil, let range = nodeIDRange else { return nodes.allSatisfy { hasLabels($0, labels) } }
        for label in labels {
            let bits = labelBitset(label)
            for id in nodes {
                guard range.contains(id) else { return false }
                let bit = Int(id - range.lowerBound)
                if bits[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
            }
        }
        return true
    }

    /// The bitset of `label` over `nodeIDRange`, built on first use.
    func labelBitset(_ label: String) -> [UInt64] {
        // A short list searched linearly: queries test one or two labels, and comparing small
        // strings is cheaper than hashing them.
        for entry in labelBits where entry.label == label { return entry.bits }
        guard let range = nodeIDRange else { return [] }
        var bits = [UInt64](repeating: 0, count: Int(range.upperBound - range.lowerBound) / 64 + 1)
        // Read-only queries delete nothing, so every listed node exists.
        for id in catalog.nodesByLabel[label] ?? [] where range.contains(id) {
            let bit = Int(id - range.lowerBound)
            bits[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        labelBits.append((label, bits))
        return bits
    }

    /// Whether snapshot TRANSFER relationships are the only ones of `types` (no store edge of
    /// those types and none created by this query), so a walk may read the CSR alone.
    func onlySnapshotEdges(types: [String]) -> Bool {
        types == ["TRANSFER"] && !createdTransfers
    }

    /// The relationships from `source` to `target` (`.outgoing`), from `target` to `source`
    /// (`.incoming`) or both (`.both`, a self-loop once) with one of `types`, in the order
    /// `expand(source, ...)` reports them. For transfers the shorter of the source's outgoing
    /// and the target's incoming list is searched, so the cost is the smaller degree.
    func connecting(_ source: Int64, _ target: Int64, _ direction: RelationshipDirection, types: [String], into out: inout [Int64]) {
        out.removeAll(keepingCapacity: true)
        if direction != .incoming { appendConnecting(from: source, to: target, types: types, &out) }
        if direction != .outgoing, direction == .incoming || source != target { appendConnecting(from: target, to: source, types: types, &out) }
    }

    private func appendConnecting(from source: Int64, to target: Int64, types: [String], _ out: inout [Int64]) {
        if types.isEmpty || types.contains("TRANSFER"), let s = accountIndex(source), let t = accountIndex(target) {
            let snapshot = self.snapshot
            let deleted = catalog.deletedTransfers
            let start = out.count
            if snapshot.outDegree(s) <= snapshot.inDegree(t) {
                let t32 = Int32(t)
                for e in snapshot.outgoing(s) where snapshot.target[e] == t32 { out.append(GraphCatalog.transferID(e)) }
            } else {
                let s32 = Int32(s)
                for e in snapshot.incoming(t) where snapshot.source[Int(e)] == s32 { out.append(GraphCatalog.transferID(Int(e))) }
                // Forward edge numbers ascend in the source's outgoing order; ids are their negation.
                out[start...].sort(by: >)
            }
            if !deleted.isEmpty {
                let kept = out[start...].filter { !deleted.contains($0) }
                out.removeSubrange(start...)
                out.append(contentsOf: kept)
            }
        }
        if types != ["TRANSFER"] || createdTransfers, let list = catalog.outgoing[source] {
            for id in list where !deletedEdges.contains(id) {
                let e = catalog.edges[id]!
                if e.target == target, types.isEmpty || types.contains(e.type) { out.append(id) }
            }
        }
    }
}

extension GraphView {
    /// Node property reads before a read-only query caches the property as a column.
    static let propertyColumnThreshold = 4096

    /// A node property from a column indexed by node id, filled on first read of each node, once
    /// the query has read enough properties for the column to pay (a filter comparing two
    /// nodes' keys over millions of rows); nil when the dictionary should answer.
    @inline(__always) func cachedNodeProperty(_ id: Int64, _ key: String) -> Value? {
        // Small queries never pay for the columns (nor for finding the id range).
        if propertyReads < Self.propertyColumnThreshold {
            propertyReads += 1
            return nil
        }
        guard let range = nodeIDRange, range.contains(id) else { return nil }
        let index = Int(id - range.lowerBound)
        var c = 0
        while c < propertyColumns.count, propertyColumns[c].key != key { c += 1 }
        if c == propertyColumns.count {
            propertyColumns.append((key, [Value?](repeating: nil, count: Int(range.upperBound - range.lowerBound) + 1)))
        }
        if let value = propertyColumns[c].values[index] { return value }
        let value = catalog.nodes[id]?.properties[key] ?? .null
        propertyColumns[c].values[index] = value
        return value
    }
}
