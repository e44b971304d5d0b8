// The expressions an operator holds, for passes that look inside them (sub-pattern planning).

enum ExpressionCollector {
    static func expressions(of op: any LogicalOperator) -> [Expression] {
        switch op {
        case let f as Filter: return [f.predicate]
        case let p as Project: return p.items.map(\.expression)
        case let a as Aggregate: return a.keys + a.aggregates.compactMap(\.argument)
        case let s as Sort: return s.keys.map(\.0)
        case let u as Unwind: return [u.expression]
        case let c as CallProcedure: return c.arguments
        case let s as SetProperties: return s.items.flatMap(setExpressions)
        case let m as Merge: return (m.onCreate + m.onMatch).flatMap(setExpressions)
        case let d as Delete: return d.targets
        case let e as Expand: return expandExpressions(e) + e.countFilters
        case let c as ExpandChain:
            return c.steps.flatMap { step -> [Expression] in
                switch step {
                case let .expand(e, bounds): expandExpressions(e) + bounds.flatMap { [$0.value, $0.predicate] }
                case let .filter(predicate): [predicate]
                case let .compare(comparison): [comparison.predicate]
                case .labels, .unique: []
                }
            }
        case let k as NodeByKey: return [k.key]
        case let l as Limit: return [l.count]
        case let s as Skip: return [s.count]
        case let t as TopK: return t.keys.map(\.0) + [t.limit] + (t.skip.map { [$0] } ?? [])
        case let n as NodeDegreeScan: return n.topDegrees.map { [$0.limit] + ($0.skip.map { [$0] } ?? []) } ?? []
        default: return []
        }
    }

    /// What an expand evaluates: its relationships' property constraints and its time window.
    static func expandExpressions(_ e: Expand) -> [Expression] {
        e.properties.map(\.1) + (e.window.map { [$0] } ?? [])
    }

    static func setExpressions(_ item: BoundSetItem) -> [Expression] {
        switch item {
        case let .property(target, _, value): [target, value]
        case let .replaceAll(_, value), let .mergeAll(_, value): [value]
        case .labels: []
        }
    }
}
