// NodeDegreeScan: degrees from the CSR offsets when every transfer counts (no deletions in
// this query, and every account has the neighbour labels), else by walking the adjacency;
// relationships outside the snapshot are counted from the catalog. Under a TopK by degree
// (DegreeTopKPrefilter) only the nodes whose degree can be kept become rows.
import GraphCore

extension NodeDegreeScan: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        let rows = try ctx.run(input as! any PhysicalOperator)
        let graph = ctx.graph, s = graph.snapshot, catalog = graph.catalog
        let nodes = graph.scan(labels: labels)
        let transfers = types.isEmpty || types.contains("TRANSFER")
        let deleted = catalog.deletedTransfers
        // Every transfer endpoint is an account: when all accounts carry the neighbour labels,
        // no endpoint needs a test.
        let anyNeighbour = graph.allHaveLabels(s.accountNodeIDs, neighbourLabels)
        let fromOffsets = anyNeighbour && deleted.isEmpty
        let onlySnapshot = graph.onlySnapshotEdges(types: types)
        guard !rows.isEmpty else { return [] }
        // Degrees do not depend on the input row: compute them once.
        var degrees = [Int](repeating: 0, count: nodes.count)
        for (n, node) in nodes.enumerated() {
            var degree = 0
            if transfers, let account = graph.accountIndex(node) {
                if fromOffsets {
                    degree = direction == .outgoing ? s.outDegree(account) : s.inDegree(account)
                } else if direction == .outgoing {
                    for e in s.outgoing(account) where !deleted.contains(GraphCatalog.transferID(e)) {
                        if anyNeighbour || graph.hasLabels(s.accountNodeIDs[Int(s.target[e])], neighbourLabels) { degree += 1 }
                    }
                } else {
                    for e in s.incoming(account) where !deleted.contains(GraphCatalog.transferID(Int(e))) {
                        if anyNeighbour || graph.hasLabels(s.accountNodeIDs[Int(s.source[Int(e)])], neighbourLabels) { degree += 1 }
                    }
                }
            }
            if !onlySnapshot, let list = direction == .outgoing ? catalog.outgoing[node] : catalog.incoming[node] {
                for id in list where !graph.deletedEdges.contains(id) {
                    let e = catalog.edges[id]!
                    guard types.isEmpty || types.contains(e.type) else { continue }
                    if graph.hasLabels(direction == .outgoing ? e.target : e.source, neighbourLabels) { degree += 1 }
                }
            }
            degrees[n] = degree
        }
        // The TopK above has read SKIP and LIMIT already (before running this scan), so they are valid.
        var cutoff: Int?
        let descending = topDegrees?.descending ?? true
        if let top = topDegrees {
            let skip = try top.skip.map { try ctx.count($0, "SKIP") } ?? 0
            let (keep, overflow) = skip.addingReportingOverflow(try ctx.count(top.limit, "LIMIT"))
            cutoff = Self.cutoff(degrees, keep: overflow ? Int.max : keep, descending: descending)
        }
        var out: [Row] = []
        for row in rows {
            try ctx.produced(nodes.count)
            for (n, node) in nodes.enumerated() {
                let degree = degrees[n]
                guard degree > 0 else { continue }
                if let cutoff, descending ? degree < cutoff : degree > cutoff { continue }
                var r = row
                r[slot] = .node(node)
                r[degreeSlot] = .int(Int64(degree))
                out.append(r)
            }
        }
        return out
    }

    /// The `keep`-th best positive degree (highest when descending): no node with a worse
    /// degree is among a TopK's first `keep` rows, whatever its other sort keys. With fewer
    /// than `keep` positive degrees, the worst of them (every node stays).
    static func cutoff(_ degrees: [Int], keep: Int, descending: Bool) -> Int {
        guard keep > 0 else { return descending ? Int.max : 0 }
        guard keep < degrees.count else { return descending ? 0 : Int.max }
        // The best `keep` degrees so far, worst first: a small sorted buffer, since keep is a
        // LIMIT (tens) and most degrees lose against its worst entry at once.
        var best: [Int] = []
        best.reserveCapacity(min(keep, degrees.count) + 1)
        for d in degrees where d > 0 {
            let key = descending ? d : -d
            if best.count == keep, key <= best[0] { continue }
            var lo = 0, hi = best.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if best[mid] < key { lo = mid + 1 } else { hi = mid }
            }
            best.insert(key, at: lo)
            if best.count > keep { best.removeFirst() }
        }
        guard let worst = best.first else { return descending ? Int.max : 0 }
        return descending ? worst : -worst
    }
}
