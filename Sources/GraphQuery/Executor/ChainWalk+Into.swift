// Expand-into from a marker: when the target of an expand-into is bound before its source
// (the closing hop of a cycle, `(c)-[:TRANSFER]->(a)` with `a` the first node), the target
// stays the same while the walk tries many sources. Its incoming transfers are grouped by
// source account once per target, so each closing test is one array read instead of a scan
// of the shorter adjacency list.
import GraphCore

/// A target account's incoming transfers, grouped by source account.
struct IncomingMarker {
    /// The marked target account, -1 before the first.
    var target = -1
    /// (source account, edge) pairs of the target's incoming transfers, by source then edge.
    var pairs: [(source: Int32, edge: Int32)] = []
    /// Per source account: the index of its first pair, or -1 (sized on first use).
    var first: [Int32] = []

    /// Marks `t`'s incoming transfers, unmarking the previous target's.
    mutating func mark(_ t: Int, accounts: Int, inOffsets: [Int32], inEdges: [Int32], source: [Int32]) {
        if first.isEmpty { first = [Int32](repeating: -1, count: accounts) }
        for p in pairs { first[Int(p.source)] = -1 }
        pairs.removeAll(keepingCapacity: true)
        for k in Int(inOffsets[t])..<Int(inOffsets[t + 1]) {
            let edge = inEdges[k]
            pairs.append((source[Int(edge)], edge))
        }
        // Edge numbers ascend in a source's outgoing order, the order `connecting` reports.
        if pairs.count > 1 { pairs.sort { $0.source != $1.source ? $0.source < $1.source : $0.edge < $1.edge } }
        for (k, p) in pairs.enumerated() where k == 0 || pairs[k - 1].source != p.source { first[Int(p.source)] = Int32(k) }
        target = t
    }
}

extension ChainWalk {
    /// `expandIntoTransfers` read from the marker of the target's incoming transfers.
    func expandIntoMarked(_ i: Int, _ e: Expand, _ source: Int64, _ target: Int64, _ wanted: [(String, Value)], _ bounds: [ExpandChain.TimeBound]) throws {
        guard let s = account(source), let t = account(target) else { return try ctx.visited(0) }
        if marked.target != t { marked.mark(t, accounts: accountNodeIDs.count, inOffsets: inOffsets, inEdges: inEdges, source: self.source) }
        var k = Int(marked.first[s])
        guard k >= 0 else { return try ctx.visited(0) }
        let s32 = Int32(s)
        var end = k
        while end < marked.pairs.count, marked.pairs[end].source == s32 { end += 1 }
        try ctx.visited(end - k)
        while k < end {
            let edge = Int(marked.pairs[k].edge)
            try emit(i, e, GraphCatalog.transferID(edge), nil, wanted, bounds, checkBounds: true)
            k += 1
        }
    }
}
