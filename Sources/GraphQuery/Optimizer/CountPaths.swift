// Rule 7 (after lowering and fusing): `count(*)` without grouping over a variable-length or
// time-respecting expand, through the filters right above it, counts the walk's paths instead
// of building one row per path (each holding a list of its relationships). The walk keeps only
// the current path, so `MATCH (a:Account)-[:TRANSFER*1..2]->(b:Account) RETURN count(*)` on a
// million transfers counts 21 M paths in constant memory where it built 6.5 GB of rows.

struct CountPaths: OptimizerRule {
    func rewrite(_ op: any LogicalOperator, _ graph: GraphView) throws -> any LogicalOperator {
        guard let aggregate = op as? Aggregate, aggregate.keys.isEmpty, !aggregate.aggregates.isEmpty else { return op }
        var filters: [Expression] = []
        var below = aggregate.input
        while let filter = below as? Filter {
            filters.insert(filter.predicate, at: 0)
            below = filter.input
        }
        guard let expand = below as? Expand, expand.length != nil, expand.countSlots == nil else { return op }
        // A count of a variable the expand binds is the same number (never null).
        for call in aggregate.aggregates {
            guard call.function == "count", !call.distinct else { return op }
            if let argument = call.argument {
                guard case let .slot(s, _) = argument, s == expand.to || s == expand.relationship else { return op }
            }
        }
        expand.countSlots = aggregate.aggregates.map(\.slot)
        expand.countFilters = filters
        return expand
    }
}
