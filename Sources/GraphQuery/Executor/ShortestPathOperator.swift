// Breadth-first search between two bound nodes; all shortest paths when asked.

extension ShortestPath: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        let rows = try ctx.run(input as! any PhysicalOperator)
        var out: [Row] = []
        for row in rows {
            guard case let .node(a) = row[from], case let .node(b) = row[to] else { continue }
            for path in try search(ctx, a, b) {
                var r = row
                r[relationship] = .list(path.map(Value.relationship))
                out.append(r)
                if !all { break }
            }
        }
        try ctx.produced(out.count)
        return out
    }

    /// Paths as relationship lists, shortest first.
    func search(_ ctx: ExecutionContext, _ a: Int64, _ b: Int64) throws -> [[Int64]] {
        if a == b && length.min == 0 { return [[]] }
        // Parents per node at its BFS depth; all parents kept for allShortestPaths.
        var depth: [Int64: Int] = [a: 0]
        var parents: [Int64: [(Int64, Int64)]] = [:]
        var frontier = [a]
        var level = 0
        var buffer: [(Int64, Int64)] = []
        var found = false
        while !frontier.isEmpty, !found, level < length.max {
            level += 1
            var next: [Int64] = []
            for node in frontier {
                ctx.graph.expand(node, direction, types: types, into: &buffer)
                for (rel, other) in buffer {
                    if let d = depth[other], d < level { continue }
                    if depth[other] == nil {
                        depth[other] = level
                        next.append(other)
                    }
                    parents[other, default: []].append((node, rel))
                    if other == b { found = true }
                }
            }
            try ctx.produced(next.count)
            frontier = next
        }
        guard found else { return [] }
        var results: [[Int64]] = []
        func unwind(_ node: Int64, _ suffix: [Int64]) {
            if node == a { results.append(suffix); return }
            for (parent, rel) in parents[node] ?? [] where depth[parent] == depth[node]! - 1 {
                unwind(parent, [rel] + suffix)
                if !all && !results.isEmpty { return }
            }
        }
        unwind(b, [])
        return results.filter { $0.count >= length.min }
    }
}
