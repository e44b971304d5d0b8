// Rule 3: start each chain at its cheaper end. A bound node costs nothing, a key lookup one
// row, a label scan the label's node count, an unlabeled scan every node.

struct ChooseChainDirection: OptimizerRule {
    func rewrite(_ op: any LogicalOperator, _ graph: GraphView) throws -> any LogicalOperator {
        guard let match = op as? MatchPattern else { return op }
        for c in match.pattern.chains.indices {
            let chain = match.pattern.chains[c]
            guard chain.relationships.count > 0, chain.shortest == .none else { continue }
            let first = cost(match.pattern.nodes[chain.nodes.first!], graph)
            let last = cost(match.pattern.nodes[chain.nodes.last!], graph)
            if last < first { match.pattern.chains[c].reversed = true }
        }
        return match
    }

    func cost(_ node: PatternNode, _ graph: GraphView) -> Int {
        if node.bound { return 0 }
        if node.keyLookup != nil { return 1 }
        // Property constraints make a scan cheaper to continue from; count them a little.
        return max(2, graph.estimate(labels: node.labels) / (node.properties.isEmpty ? 1 : 10))
    }
}
