// Generic traversal of expression trees: visit or rebuild the direct children.

extension Expression {
    /// Calls `body` on each direct child expression.
    func visitChildren(_ body: (Expression) -> Void) {
        switch self {
        case .literal, .parameter, .variable, .slot, .countStar, .pathOf: break
        case let .property(b, _): body(b)
        case let .subscripted(a, b): body(a); body(b)
        case let .slice(a, b, c): body(a); b.map(body); c.map(body)
        case let .list(items): items.forEach(body)
        case let .map(entries): entries.forEach { body($0.1) }
        case let .unary(_, a): body(a)
        case let .binary(_, a, b): body(a); body(b)
        case let .isNull(a, _): body(a)
        case let .hasLabels(a, _): body(a)
        case let .function(_, _, args, _): args.forEach(body)
        case let .caseWhen(s, branches, o): s.map(body); branches.forEach { body($0.0); body($0.1) }; o.map(body)
        case let .listComprehension(_, s, p, m): body(s); p.map(body); m.map(body)
        case let .quantifier(_, _, s, p): body(s); body(p)
        case let .reduce(_, i, _, s, b): body(i); body(s); body(b)
        case let .patternComprehension(_, p, m, _): p.map(body); body(m)
        case let .patternExists(_, p, _): p.map(body)
        case let .mapProjection(b, items):
            body(b)
            for item in items { if case let .variable(_, e) = item { body(e) } else if case let .entry(_, e) = item { body(e) } }
        }
    }

    /// Rebuilds this node with `transform` applied to each direct child.
    func mapChildren(_ transform: (Expression) throws -> Expression) rethrows -> Expression {
        switch self {
        case .literal, .parameter, .variable, .slot, .countStar, .pathOf, .patternExists, .patternComprehension: return self
        case let .property(b, k): return .property(try transform(b), k)
        case let .subscripted(a, b): return .subscripted(try transform(a), try transform(b))
        case let .slice(a, b, c): return .slice(try transform(a), try b.map(transform), try c.map(transform))
        case let .list(items): return .list(try items.map(transform))
        case let .map(entries): return .map(try entries.map { ($0.0, try transform($0.1)) })
        case let .unary(op, a): return .unary(op, try transform(a))
        case let .binary(op, a, b): return .binary(op, try transform(a), try transform(b))
        case let .isNull(a, n): return .isNull(try transform(a), negated: n)
        case let .hasLabels(a, l): return .hasLabels(try transform(a), l)
        case let .function(n, d, args, s): return .function(name: n, distinct: d, arguments: try args.map(transform), span: s)
        case let .caseWhen(s, branches, o):
            return .caseWhen(subject: try s.map(transform), branches: try branches.map { (try transform($0.0), try transform($0.1)) },
                             otherwise: try o.map(transform))
        case let .listComprehension(v, s, p, m):
            return .listComprehension(variable: v, source: try transform(s), predicate: try p.map(transform), mapping: try m.map(transform))
        case let .quantifier(q, v, s, p): return .quantifier(q, variable: v, source: try transform(s), predicate: try transform(p))
        case let .reduce(a, i, v, s, b):
            return .reduce(accumulator: a, initial: try transform(i), variable: v, source: try transform(s), body: try transform(b))
        case let .mapProjection(b, items):
            return .mapProjection(try transform(b), try items.map { item in
                switch item {
                case let .variable(k, e): .variable(k, try transform(e))
                case let .entry(k, e): .entry(k, try transform(e))
                default: item
                }
            })
        }
    }
}
