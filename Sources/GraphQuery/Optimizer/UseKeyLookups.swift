// Rule 2: a node with a keyed label (`Account`, `Customer`) and an equality on its key
// property is found through the key index instead of a label scan.

struct UseKeyLookups: OptimizerRule {
    func rewrite(_ op: any LogicalOperator, _ graph: GraphView) throws -> any LogicalOperator {
        guard let match = op as? MatchPattern else { return op }
        for i in match.pattern.nodes.indices where !match.pattern.nodes[i].bound {
            let node = match.pattern.nodes[i]
            for label in node.labels {
                guard let keyProperty = GraphCatalog.keyProperties[label],
                    let entry = node.properties.firstIndex(where: { $0.0 == keyProperty })
                else { continue }
                match.pattern.nodes[i].keyLookup = (label, node.properties[entry].1)
                match.pattern.nodes[i].properties.remove(at: entry)
                break
            }
        }
        return match
    }
}
