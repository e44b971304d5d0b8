// Rule 4 (before lowering): `MATCH (a:L)<-[:T]-(x) RETURN <expressions of a>, count(*)` counts
// relationships per node. When x and the relationship are read by nothing but count(...),
// the pattern becomes a NodeDegreeScan (one row per node with its degree, from the CSR
// offsets) and each count becomes a sum of degrees. When the grouping keys include a itself
// or its label's key property, every node is its own group and the sums are the degrees, so
// no grouping is needed at all (q4, top accounts by in-degree: 1M relationship rows become
// 100k node rows).

struct CountDegrees: OptimizerRule {
    func rewrite(_ op: any LogicalOperator, _ graph: GraphView) throws -> any LogicalOperator {
        guard let aggregate = op as? Aggregate, let match = aggregate.input as? MatchPattern, !match.optional, match.input is Start else { return op }
        let p = match.pattern
        guard p.nodes.count == 2, p.relationships.count == 1, p.chains.count == 1, p.predicates.isEmpty else { return op }
        let chain = p.chains[0], r = p.relationships[0]
        guard chain.pathSlot == nil, chain.shortest == .none, chain.nodes.count == 2, chain.nodes[0] != chain.nodes[1],
            r.length == nil, !r.temporal, r.properties.isEmpty, r.propertyMap == nil, !r.bound, r.direction != .both
        else { return op }
        let keySlots = aggregate.keys.reduce(into: Set<Int>()) { $0.formUnion(Binder.slots(in: $1)) }
        // The counted node is the one the grouping keys read (the chain's first when they read none).
        let aIndex = keySlots.contains(p.nodes[chain.nodes[1]].slot) ? 1 : 0
        let a = p.nodes[chain.nodes[aIndex]], x = p.nodes[chain.nodes[1 - aIndex]]
        guard !a.bound, !x.bound, a.keyLookup == nil, x.keyLookup == nil, a.properties.isEmpty, x.properties.isEmpty,
            a.propertyMap == nil, x.propertyMap == nil, a.slot != x.slot,
            keySlots.isSubset(of: [a.slot]), !aggregate.keys.contains(where: PushFiltersIntoPattern.hasSubpattern)
        else { return op }
        for call in aggregate.aggregates {
            guard call.function == "count", !call.distinct else { return op }
            if let argument = call.argument {
                guard case let .slot(s, _) = argument, [a.slot, x.slot, r.slot].contains(s) else { return op }
            }
        }
        // Seen from a: the pattern's arrow points at a when a is its second node.
        let direction = aIndex == 0 ? r.direction : (r.direction == .outgoing ? RelationshipDirection.incoming : .outgoing)
        // x's slot is free (nothing but count reads it), so it carries the degree.
        let scan = NodeDegreeScan(input: match.input, slot: a.slot, labels: a.labels, types: r.types, direction: direction,
                                  neighbourLabels: x.labels, degreeSlot: x.slot)
        let nodeIsGroup = aggregate.keys.contains { key in
            switch key {
            case let .slot(s, _): return s == a.slot
            case let .property(.slot(s, _), property): return s == a.slot && a.labels.contains { GraphCatalog.keyProperties[$0] == property }
            default: return false
            }
        }
        if nodeIsGroup {
            return Project(input: scan, items: aggregate.aggregates.map { ($0.slot, Expression.slot(x.slot, "")) })
        }
        let sums = aggregate.aggregates.map { AggregateCall(function: "sum", distinct: false, argument: .slot(x.slot, ""), parameter: nil, slot: $0.slot) }
        return Aggregate(input: scan, keys: aggregate.keys, aggregates: sums)
    }
}
