// WITH and RETURN: items, aggregates, DISTINCT, ORDER BY (which sees both the projected names
// and the variables before), SKIP/LIMIT (constant, non-negative integers) and WITH ... WHERE.

extension Binder {
    mutating func bindProjection(_ p: Projection, scope: Scope, isReturn: Bool) throws -> (BoundProjection, Scope) {
        var items: [ProjectionItem] = []
        if p.star {
            let names = isReturn ? scope.visibleNames.sorted() : scope.visibleNames
            // `WITH *` over nothing passes the rows on (openCypher allows it); `RETURN *` would have no columns.
            if isReturn && names.isEmpty && p.items.isEmpty {
                throw QueryError.semantic("NoVariablesInScope", "RETURN * / WITH * needs at least one variable in scope", p.span)
            }
            for name in names { items.append(ProjectionItem(expression: .variable(name, p.span), name: name, hasAlias: true, span: p.span)) }
        }
        items += p.items
        var newScope = Scope()
        var bound: [(slot: Int, expression: Expression, name: String)] = []
        var aggregates: [AggregateCall] = []
        var seen = Set<String>()
        var aggregatingItems: [Expression] = []
        for item in items {
            if !isReturn, !item.hasAlias {
                guard case .variable = item.expression else {
                    throw QueryError.semantic("NoExpressionAlias", "expression in WITH must be aliased (use AS)", item.span)
                }
            }
            guard seen.insert(item.name).inserted else {
                throw QueryError.semantic("ColumnNameConflict", "multiple result columns with the same name \(item.name)", item.span)
            }
            var expression = try bindExpression(item.expression, scope, allowAggregates: true)
            if Self.containsAggregate(expression) { aggregatingItems.append(expression) }
            expression = try extractAggregates(expression, into: &aggregates)
            let slot = newSlot()
            var kind = Self.staticKind(expression)
            if case let .slot(old, _) = expression, let v = scope.variables.values.first(where: { $0.slot == old }) { kind = v.kind }
            newScope.declare(item.name, slot: slot, kind: kind)
            bound.append((slot, expression, item.name))
        }
        if !aggregates.isEmpty { try checkAggregatingItems(aggregatingItems, bound, scope) }
        let projectionAggregates = !aggregates.isEmpty
        // ORDER BY sees the new names first, then the old ones (unless they were hidden by aggregation).
        var sortScope = scope
        for (name, v) in newScope.variables { sortScope.declare(name, slot: v.slot, kind: v.kind) }
        var orderBy: [(Expression, ascending: Bool)] = []
        for s in p.orderBy {
            if let match = bound.first(where: { $0.name == s.text }) {
                orderBy.append((.slot(match.slot, match.name), s.ascending))
                continue
            }
            var e = try bindExpression(s.expression, sortScope, allowAggregates: true)
            if Self.containsAggregate(e) {
                guard projectionAggregates else {
                    throw QueryError.semantic("InvalidAggregation", "ORDER BY can use aggregate functions only when the projection aggregates")
                }
                let computed = aggregates.count
                e = try extractAggregates(e, into: &aggregates, reusing: true)
                // After grouping, ORDER BY may only repeat aggregates the projection computes.
                guard aggregates.count == computed else {
                    throw QueryError.semantic("UndefinedVariable", "ORDER BY can only use aggregates the projection computes")
                }
            }
            if !aggregates.isEmpty || p.distinct {
                // After grouping only projected values exist: an expression equal to a projected
                // one (`ORDER BY a.name` after `WITH a.name AS name, ...`) reads its column.
                e = Self.replacingProjected(e, bound)
                let projected = Set(bound.map(\.slot)).union(aggregates.map(\.slot))
                if !Self.slots(in: e).isSubset(of: projected) {
                    throw QueryError.semantic("UndefinedVariable", "ORDER BY after aggregation or DISTINCT can only use projected values")
                }
            }
            orderBy.append((e, s.ascending))
        }
        let skip = try p.skip.map { try bindCount($0, "SKIP") }
        let limit = try p.limit.map { try bindCount($0, "LIMIT") }
        let predicate = try p.predicate.map { try bindExpression($0, sortScope.merging(newScope), allowAggregates: false) }
        return (
            BoundProjection(items: bound, aggregates: aggregates, distinct: p.distinct, orderBy: orderBy, skip: skip, limit: limit,
                            predicate: predicate, isReturn: isReturn),
            newScope
        )
    }

    /// SKIP and LIMIT take a constant non-negative integer (a literal or a parameter).
    func bindCount(_ e: Expression, _ what: String) throws -> Expression {
        switch e {
        case let .literal(.int(i)):
            guard i >= 0 else { throw QueryError.semantic("NegativeIntegerArgument", "\(what) must not be negative") }
            return e
        case .literal(.double): throw QueryError.semantic("InvalidArgumentType", "\(what) must be an integer")
        case .parameter: return e
        default:
            if !Self.slots(in: e).isEmpty || Self.hasVariables(e) {
                throw QueryError.semantic("NonConstantExpression", "\(what) must be a constant expression")
            }
            return e
        }
    }

    static func hasVariables(_ e: Expression) -> Bool {
        if case .variable = e { return true }
        var found = false
        e.visitChildren { if hasVariables($0) { found = true } }
        return found
    }

    /// In `RETURN x.a + count(*)` the part outside the aggregate must be a grouping key: a
    /// projected variable or property, never a variable that is not grouped on (openCypher's
    /// AmbiguousAggregationExpression).
    func checkAggregatingItems(_ items: [Expression], _ bound: [(slot: Int, expression: Expression, name: String)], _ scope: Scope) throws {
        var keys = Set<String>()
        for b in bound {
            switch b.expression {
            case .slot, .property: if let k = b.expression.structuralKey { keys.insert(k) }
            default: break
            }
        }
        let outer = Set(scope.variables.values.map(\.slot))
        func check(_ e: Expression) throws {
            if Self.isAggregateCall(e) { return }
            if let k = e.structuralKey, keys.contains(k) { return }
            if case let .slot(s, name) = e, outer.contains(s) {
                throw QueryError.semantic(
                    "AmbiguousAggregationExpression", "\(name) is used next to an aggregate function but is not a grouping key")
            }
            var failure: (any Error)?
            e.visitChildren { child in
                if failure == nil { do { try check(child) } catch { failure = error } }
            }
            if let failure { throw failure }
        }
        for item in items { try check(item) }
    }

    static func isAggregateCall(_ e: Expression) -> Bool {
        switch e {
        case .countStar: return true
        case let .function(name, _, _, _): return ExecutionContext.aggregateNames.contains(name.lowercased())
        default: return false
        }
    }

    /// Replaces subexpressions equal to a projected item's expression by that item's slot.
    static func replacingProjected(_ e: Expression, _ bound: [(slot: Int, expression: Expression, name: String)]) -> Expression {
        if let k = e.structuralKey, let match = bound.first(where: { $0.expression.structuralKey == k }) {
            return .slot(match.slot, match.name)
        }
        return e.mapChildren { replacingProjected($0, bound) }
    }

    /// Replaces each aggregate call by a fresh slot and records the call; with `reusing`, a call
    /// equal to one already recorded (ORDER BY repeating a projected aggregate) reads its slot.
    mutating func extractAggregates(_ e: Expression, into calls: inout [AggregateCall], reusing: Bool = false) throws -> Expression {
        if reusing, let k = e.structuralKey, Self.isAggregateCall(e),
           let same = calls.first(where: { Self.aggregateKey($0) == k }) {
            return .slot(same.slot, k)
        }
        switch e {
        case .countStar:
            let slot = newSlot()
            calls.append(AggregateCall(function: "count", distinct: false, argument: nil, parameter: nil, slot: slot))
            return .slot(slot, "count(*)")
        case let .function(name, distinct, args, _) where ExecutionContext.aggregateNames.contains(name.lowercased()):
            guard let first = args.first else { throw QueryError.semantic("InvalidNumberOfArguments", "\(name) needs an argument") }
            if args.contains(where: Self.containsAggregate) {
                throw QueryError.semantic("NestedAggregation", "aggregate functions cannot be nested")
            }
            let slot = newSlot()
            calls.append(AggregateCall(function: name.lowercased(), distinct: distinct, argument: first, parameter: args.count > 1 ? args[1] : nil, slot: slot))
            return .slot(slot, name)
        default:
            return try e.mapChildren { try extractAggregates($0, into: &calls, reusing: reusing) }
        }
    }

    /// The structural key the call had as an expression.
    static func aggregateKey(_ c: AggregateCall) -> String? {
        guard let argument = c.argument else { return c.function == "count" ? "count(*)" : nil }
        let args = [argument] + (c.parameter.map { [$0] } ?? [])
        return Expression.function(name: c.function, distinct: c.distinct, arguments: args, span: SourceSpan(start: 0, end: 0)).structuralKey
    }

    /// What an expression certainly evaluates to, when its form says so: `MATCH (n)` after
    /// `WITH 1 AS n` or `WITH [n] AS n` is a type conflict the binder can name.
    static func staticKind(_ e: Expression) -> Scope.Kind {
        switch e {
        case .literal(.null): return .value
        case .literal(.list): return .list
        case .literal(.node), .literal(.relationship), .literal(.path): return .value
        case .literal, .map, .mapProjection: return .nonEntity
        case .list, .listComprehension, .patternComprehension: return .list
        default: return .value
        }
    }

    static func containsAggregate(_ e: Expression) -> Bool {
        switch e {
        case .countStar: return true
        case let .function(name, _, _, _) where ExecutionContext.aggregateNames.contains(name.lowercased()): return true
        case .listComprehension, .quantifier, .reduce, .patternComprehension: return false
        default:
            var found = false
            e.visitChildren { if containsAggregate($0) { found = true } }
            return found
        }
    }

    /// Slots an expression reads.
    static func slots(in e: Expression) -> Set<Int> {
        if case let .slot(s, _) = e { return [s] }
        var out = Set<Int>()
        e.visitChildren { out.formUnion(slots(in: $0)) }
        if case let .pathOf(nodes, rels) = e { out.formUnion(nodes + rels) }
        return out
    }
}

extension Scope {
    func merging(_ other: Scope) -> Scope {
        var out = self
        for name in other.order { out.declare(name, slot: other[name]!.slot, kind: other[name]!.kind) }
        return out
    }
}
