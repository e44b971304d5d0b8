// Applies the rewrite rules in a fixed order. The order matters:
//   1. PushFiltersIntoPattern  — WHERE equalities and label tests become pattern constraints,
//                                 so that the next rules can see them;
//   2. UseKeyLookups           — a key equality on Account/Customer becomes an index lookup;
//   3. ChooseChainDirection    — each chain starts at its cheaper end (bound < key < label);
//   4. CountDegrees            — count(*) per node over one relationship whose far end is
//                                 otherwise unused becomes a degree scan (before lowering,
//                                 while the pattern is still visible whole);
//   5. LowerPatterns           — patterns become scans, expands and filters placed as early
//                                 as their variables allow;
//   6. FuseExpandChains        — runs of single-hop expands and filters become one pipelined
//                                 ExpandChain (needs the lowered operators of rule 5);
//   7. CountPaths              — count(*) over a variable-length expand counts its paths
//                                 instead of building a row per path (after rule 5);
//   8. SortLimitToTopK         — ORDER BY + LIMIT keeps a bounded heap instead of sorting all;
//   9. TopKBeforeProjection    — that heap is filled before the projection, which then runs
//                                 on the kept rows only (needs the TopK of rule 8);
//  10. DegreeTopKPrefilter     — a degree scan under a TopK ordered by degree yields only the
//                                 nodes that can be kept (needs rules 4 and 9).
// Rules 4, 6, 7, 9 and 10 only change how rows are found, never which: `QueryOptions.fusedOperators =
// false` leaves them out, and the tests compare both plans' results.

/// A rewrite of a logical plan.
protocol OptimizerRule: Sendable {
    func rewrite(_ op: any LogicalOperator, _ graph: GraphView) throws -> any LogicalOperator
}

enum Optimizer {
    static let rules: [any OptimizerRule] = [
        PushFiltersIntoPattern(), UseKeyLookups(), ChooseChainDirection(), CountDegrees(), LowerPatterns(), FuseExpandChains(),
        CountPaths(), SortLimitToTopK(), TopKBeforeProjection(), DegreeTopKPrefilter(),
    ]

    static func optimize(_ plan: any LogicalOperator, graph: GraphView, fusedOperators: Bool = true) throws -> any LogicalOperator {
        var plan = plan
        for rule in rules {
            if !fusedOperators, rule is CountDegrees || rule is FuseExpandChains || rule is CountPaths || rule is TopKBeforeProjection || rule is DegreeTopKPrefilter { continue }
            plan = try apply(rule, plan, graph)
        }
        return plan
    }

    /// Rewrites children first, then the operator itself.
    static func apply(_ rule: any OptimizerRule, _ op: any LogicalOperator, _ graph: GraphView) throws -> any LogicalOperator {
        op.children = try op.children.map { try apply(rule, $0, graph) }
        return try rule.rewrite(op, graph)
    }
}
