// NodeDegreeScan: degrees from the CSR offsets when every transfer counts (no deletions in
// this query, and every account has the neighbour labels), else by walking the adjacency;
// relationships outside the snapshot are counted from the catalog.
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
        let anyNeighbour = neighbourLabels.isEmpty || s.accountNodeIDs.allSatisfy { graph.hasLabels($0, neighbourLabels) }
        let fromOffsets = anyNeighbour && deleted.isEmpty
        let onlySnapshot = graph.onlySnapshotEdges(types: types)
        var out: [Row] = []
        for row in rows {
            try ctx.produced(nodes.count)
            for node in nodes {
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
                guard degree > 0 else { continue }
                var r = row
                r[slot] = .node(node)
                r[degreeSlot] = .int(Int64(degree))
                out.append(r)
            }
        }
        return out
    }
}
