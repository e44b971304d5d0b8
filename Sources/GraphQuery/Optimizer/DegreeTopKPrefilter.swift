// Rule 10: a TopK whose first sort key is a NodeDegreeScan's degree, directly over that scan,
// lets the scan drop every node whose degree is worse than the (skip + limit)-th best degree:
// such a node loses to at least skip + limit rows on the first key, so the TopK could never
// keep it. Ties with that degree stay (the later keys decide among them), and the kept rows
// arrive in the scan's order, so the TopK answers exactly as before. Top accounts by
// in-degree (q4) then builds a dozen rows instead of one per account.

struct DegreeTopKPrefilter: OptimizerRule {
    func rewrite(_ op: any LogicalOperator, _ graph: GraphView) throws -> any LogicalOperator {
        guard let topK = op as? TopK, let scan = topK.input as? NodeDegreeScan, let first = topK.keys.first,
            case let .slot(s, _) = first.0, s == scan.degreeSlot
        else { return op }
        scan.topDegrees = (topK.skip, topK.limit, !first.ascending)
        return op
    }
}
