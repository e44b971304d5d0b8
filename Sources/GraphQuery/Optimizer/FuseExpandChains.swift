// Rule 6: runs of single-hop Expand, Filter and RelationshipUniqueness operators become one
// ExpandChain, which walks the adjacency depth-first with one row instead of building every
// intermediate row. A run starts at an Expand; operators above it join it one by one (the
// rules apply bottom-up). Label tests become bitset steps, and a conjunct comparing a new
// relationship's `ts` with values bound earlier is pushed into the expand that binds it, which
// then reads only the matching slice of the time-sorted adjacency (the 3-cycle with
// increasing timestamps, q3t, skips half of its second hops this way). A conjunct comparing
// one property of two chain variables (`a.account_id < b.account_id`, `t1.ts < t2.ts`)
// becomes a typed Compare step, and a count(*) without grouping over the chain becomes the
// chain's own count, so a 3-cycle count (q3) builds no row per cycle.

struct FuseExpandChains: OptimizerRule {
    func rewrite(_ op: any LogicalOperator, _ graph: GraphView) throws -> any LogicalOperator {
        // A counting chain is finished: nothing above its count joins it.
        let chain = ((op as? SingleInputOperator)?.input as? ExpandChain).flatMap { c -> ExpandChain? in c.countSlots == nil ? c : nil }
        switch op {
        case let expand as Expand where expand.length == nil && !expand.temporal:
            let step = ExpandChain.Step.expand(expand, timeBounds: [])
            guard let chain else { return ExpandChain(input: expand.input, steps: [step]) }
            var at = chain.steps.count
            if expand.into {
                // Expand-into keeps few rows (most pairs are not joined) and binds nothing a
                // filter reads, so it moves ahead of the filters before it.
                while at > 0, Self.isFilter(chain.steps[at - 1]) { at -= 1 }
            }
            chain.steps.insert(step, at: at)
            return chain
        case let filter as Filter:
            guard let chain else { return op }
            if case let .hasLabels(.slot(s, _), labels) = filter.predicate {
                chain.steps.append(.labels(slot: s, labels: labels))
            } else if !Self.pushTimeBound(filter.predicate, into: chain) {
                if let comparison = Self.comparison(filter.predicate, chain) {
                    chain.steps.append(.compare(comparison))
                } else {
                    chain.steps.append(.filter(filter.predicate))
                }
            }
            return chain
        case let unique as RelationshipUniqueness:
            guard let chain else { return op }
            chain.steps.append(.unique(unique.slots))
            return chain
        case let aggregate as Aggregate:
            // count(*) without grouping right over a chain: count the matches, build no rows.
            // A count of a variable the chain binds is the same number (never null).
            guard let chain, chain.countSlots == nil, aggregate.keys.isEmpty, !aggregate.aggregates.isEmpty else { return op }
            let bound = chain.boundSlots
            for call in aggregate.aggregates {
                guard call.function == "count", !call.distinct else { return op }
                if let argument = call.argument {
                    guard case let .slot(s, _) = argument, bound.contains(s) else { return op }
                }
            }
            chain.countSlots = aggregate.aggregates.map(\.slot)
            return chain
        default:
            return op
        }
    }

    /// The conjunct as a typed comparison between two variables the chain walk reads.
    static func comparison(_ predicate: Expression, _ chain: ExpandChain) -> ChainComparison? {
        var nodes = Set<Int>(), relationships = Set<Int>()
        for case let .expand(e, _) in chain.steps {
            nodes.formUnion([e.from, e.to])
            // A bound relationship variable may hold a list or a relationship from elsewhere;
            // the walk checks what it holds anyway, but keep the typed path to its own binds.
            if !e.relationshipBound { relationships.insert(e.relationship) }
        }
        return ChainComparison(predicate, nodeSlots: nodes, relationshipSlots: relationships)
    }

    static func isFilter(_ step: ExpandChain.Step) -> Bool {
        switch step {
        case .filter, .labels, .compare: true
        case .expand, .unique: false
        }
    }

    /// Attaches `r.ts OP x` (or `x OP r.ts`) to the expand binding r when x reads nothing that
    /// expand or a later step binds.
    static func pushTimeBound(_ predicate: Expression, into chain: ExpandChain) -> Bool {
        guard case let .binary(op, lhs, rhs) = predicate, [.less, .lessEqual, .greater, .greaterEqual].contains(op) else { return false }
        let flipped: [BinaryOperator: BinaryOperator] = [.less: .greater, .lessEqual: .greaterEqual, .greater: .less, .greaterEqual: .lessEqual]
        for (relSide, other, relOp) in [(lhs, rhs, op), (rhs, lhs, flipped[op]!)] {
            guard case let .property(.slot(r, _), "ts") = relSide,
                let index = chain.steps.lastIndex(where: { if case let .expand(e, _) = $0 { e.relationship == r && !e.relationshipBound } else { false } }),
                case let .expand(expand, bounds) = chain.steps[index]
            else { continue }
            var later = Set<Int>()
            for step in chain.steps[index...] {
                if case let .expand(e, _) = step { later.formUnion([e.relationship, e.to]) }
            }
            guard Binder.slots(in: other).isDisjoint(with: later), !PushFiltersIntoPattern.hasSubpattern(other) else { continue }
            chain.steps[index] = .expand(expand, timeBounds: bounds + [ExpandChain.TimeBound(op: relOp, value: other, predicate: predicate)])
            return true
        }
        return false
    }
}
