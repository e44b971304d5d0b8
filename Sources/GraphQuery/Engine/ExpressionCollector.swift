// The expressions an operator holds, for passes that look inside them (sub-pattern planning).

enum ExpressionCollector {
    static func expressions(of op: any LogicalOperator) -> [Expression] {
        switch op {
        case let f as Filter: return [f.predicate]
        case let p as Project: return p.items.map(\.expression)
        case let a as Aggregate: return a.keys + a.aggregates.compactMap(\.argument)
        case let s as Sort: return s.keys.map(\.0)
        case let t as TopK: return t.keys.map(\.0)
        case let u as Unwind: return [u.expression]
        case let c as CallProcedure: return c.arguments
        case let s as SetProperties: return s.items.flatMap(setExpressions)
        case let m as Merge: return (m.onCreate + m.onMatch).flatMap(setExpressions)
        case let d as Delete: return d.targets
        default: return []
        }
    }

    static func setExpressions(_ item: BoundSetItem) -> [Expression] {
        switch item {
        case let .property(target, _, value): [target, value]
        case let .replaceAll(_, value), let .mergeAll(_, value): [value]
        case .labels: []
        }
    }
}
