// CALL: evaluates the arguments per row, runs the procedure and binds the yielded fields.

extension CallProcedure: PhysicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row] {
        var out: [Row] = []
        let graph = ctx.graph
        for row in try ctx.run(input as! any PhysicalOperator) {
            let args = try arguments.map { try ctx.evaluate($0, row) }
            var procedureInput = ProcedureInput(arguments: args, snapshot: graph.snapshot) { v in
                switch v {
                case let .node(id): return graph.snapshot.account(nodeID: id)
                case let .string(key): return graph.lookup(label: "Account", key: key).flatMap { graph.snapshot.account(nodeID: $0) }
                default: return nil
                }
            }
            procedureInput.rowsLeft = max(0, ctx.budget.maxRows - ctx.rowsProduced)
            procedureInput.bytesLeft = max(0, ctx.budget.maxBytes - ctx.bytesCharged)
            procedureInput.deadline = ctx.deadline
            let results = try procedure.body(procedureInput)
            try ctx.produced(results.count)
            for result in results {
                for case let .list(items) in result { try ctx.charge(values: items.count) }
            }
            for result in results {
                var r = row
                for (field, slot) in yields {
                    if let i = procedure.outputs.firstIndex(of: field), i < result.count { r[slot] = result[i] }
                }
                out.append(r)
            }
        }
        return out
    }
}
