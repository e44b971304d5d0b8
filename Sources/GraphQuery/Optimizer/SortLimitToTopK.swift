// Rule 8: Sort → [Skip] → Limit becomes TopK, which keeps only skip + limit rows.

struct SortLimitToTopK: OptimizerRule {
    func rewrite(_ op: any LogicalOperator, _ graph: GraphView) throws -> any LogicalOperator {
        guard let limit = op as? Limit else { return op }
        if let sort = limit.input as? Sort {
            return TopK(input: sort.input, keys: sort.keys, skip: nil, limit: limit.count)
        }
        if let skip = limit.input as? Skip, let sort = skip.input as? Sort {
            return TopK(input: sort.input, keys: sort.keys, skip: skip.count, limit: limit.count)
        }
        return op
    }
}
