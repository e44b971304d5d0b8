// Breadth-first search between two bound nodes; all shortest paths when asked.

extension ShortestPath: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        let rows = try ctx.run(input as! any PhysicalOperator)
        var out: [Row] = []
        for row in rows {
            guard case let .node(a) = row[from], case let .node(b) = row[to] else { continue }
            for path in try search(ctx, a, b) {
                try ctx.charge(values: path.count)
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
            try ctx.visited(next.count)
            frontier = next
        }
        guard found else { return [] }
        // Back from b to a along parents one level closer, depth first with an explicit stack:
        // a shortest path can be as long as the graph is deep (recursion along a 20,000-hop chain
        // overflows a thread's stack), and allShortestPaths can find very many, so each is
        // charged to the memory budget as it is found.
        var results: [[Int64]] = []
        var suffix: [Int64] = []  // the relationships from the top node to b, b's end first
        var stack: [(node: Int64, next: Int)] = [(b, 0)]
        var steps = 0
        while let top = stack.last {
            steps += 1
            if steps & 4_095 == 0 { try ctx.checkTime() }
            var i = top.next
            if top.node == a {
                try ctx.charge(values: suffix.count)
                results.append(suffix.reversed())
                if !all { break }
                i = .max
            }
            let options = parents[top.node] ?? []
            let wanted = (depth[top.node] ?? 0) - 1
            while i < options.count, depth[options[i].0] != wanted { i += 1 }
            guard i < options.count else {
                stack.removeLast()
                if !stack.isEmpty { suffix.removeLast() }
                continue
            }
            stack[stack.count - 1].next = i + 1
            suffix.append(options[i].1)
            stack.append((options[i].0, 0))
        }
        return results.filter { $0.count >= length.min }
    }
}
