// Leaves and node sources: Start, Argument, NodeScan, NodeByKey (and the pattern
// placeholder, which must have been lowered).

extension Start: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] { [Row(repeating: .null, count: ctx.slotCount)] }
}

extension Argument: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] { ctx.argumentRows }
}

extension MatchPattern: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        throw QueryError(.semantic, "Internal", "pattern was not lowered before execution")
    }
}

extension NodeScan: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        let rows = try ctx.run(input as! any PhysicalOperator)
        let nodes = ctx.graph.scan(labels: labels)
        var out: [Row] = []
        out.reserveCapacity(ctx.reservable(rows.count.multipliedSaturating(by: nodes.count)))
        for row in rows {
            try ctx.produced(nodes.count)
            for n in nodes {
                var r = row
                r[slot] = .node(n)
                out.append(r)
            }
        }
        return out
    }
}

extension NodeByKey: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        let rows = try ctx.run(input as! any PhysicalOperator)
        var out: [Row] = []
        for row in rows {
            let k = try ctx.evaluate(key, row)
            guard !k.isNull, let id = ctx.graph.lookup(label: label, key: GraphView.keyText(k)) else { continue }
            var r = row
            r[slot] = .node(id)
            out.append(r)
        }
        try ctx.produced(out.count)
        return out
    }
}
