// Applies the rewrite rules in a fixed order. The order matters:
//   1. PushFiltersIntoPattern  — WHERE equalities and label tests become pattern constraints,
//                                 so that the next rules can see them;
//   2. UseKeyLookups           — a key equality on Account/Customer becomes an index lookup;
//   3. ChooseChainDirection    — each chain starts at its cheaper end (bound < key < label);
//   4. LowerPatterns           — patterns become scans, expands and filters placed as early
//                                 as their variables allow;
//   5. SortLimitToTopK         — ORDER BY + LIMIT keeps a bounded heap instead of sorting all.

/// A rewrite of a logical plan.
protocol OptimizerRule: Sendable {
    func rewrite(_ op: any LogicalOperator, _ graph: GraphView) throws -> any LogicalOperator
}

enum Optimizer {
    static let rules: [any OptimizerRule] = [
        PushFiltersIntoPattern(), UseKeyLookups(), ChooseChainDirection(), LowerPatterns(), SortLimitToTopK(),
    ]

    static func optimize(_ plan: any LogicalOperator, graph: GraphView) throws -> any LogicalOperator {
        var plan = plan
        for rule in rules { plan = try apply(rule, plan, graph) }
        return plan
    }

    /// Rewrites children first, then the operator itself.
    static func apply(_ rule: any OptimizerRule, _ op: any LogicalOperator, _ graph: GraphView) throws -> any LogicalOperator {
        op.children = try op.children.map { try apply(rule, $0, graph) }
        return try rule.rewrite(op, graph)
    }
}
