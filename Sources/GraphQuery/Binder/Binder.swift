// Resolves names to row slots clause by clause, tracks scopes across WITH, and reports
// semantic errors (undefined or rebound variables, misplaced aggregates, bad CREATE patterns).

/// Binds a parsed statement.
struct Binder {
    let procedures: ProcedureRegistry
    var slotCount = 0
    var writes = false
    var anonymous = 0

    mutating func newSlot() -> Int {
        slotCount += 1
        return slotCount - 1
    }

    mutating func hiddenName() -> String {
        anonymous += 1
        return " anon\(anonymous)"
    }

    init(procedures: ProcedureRegistry) { self.procedures = procedures }

    static func bind(_ statement: Statement, procedures: ProcedureRegistry) throws -> BoundStatement {
        var binder = Binder(procedures: procedures)
        var parts: [BoundSingleQuery] = []
        for part in statement.parts { parts.append(try binder.bind(part)) }
        if let first = parts.first {
            for other in parts.dropFirst() where other.columns != first.columns {
                throw QueryError.semantic("DifferentColumnsInUnion", "all parts of a UNION must return the same columns")
            }
        }
        return BoundStatement(parts: parts, unionAll: statement.unionAll, slotCount: binder.slotCount, mode: statement.mode, writes: binder.writes)
    }

    mutating func bind(_ query: SingleQuery) throws -> BoundSingleQuery {
        var scope = Scope()
        var clauses: [BoundClause] = []
        var columns: [String] = [], columnSlots: [Int] = []
        for (index, clause) in query.clauses.enumerated() {
            let isLast = index == query.clauses.count - 1
            switch clause {
            case let .match(optional, patterns, predicate, _):
                var graph = try bindPattern(patterns, scope: &scope, mode: .match)
                if let predicate {
                    let bound = try bindExpression(predicate, scope, allowAggregates: false)
                    graph.predicates = Self.conjuncts(bound)
                }
                clauses.append(.match(graph, optional: optional))
            case let .unwind(e, variable, span):
                let bound = try bindExpression(e, scope, allowAggregates: false)
                if scope[variable] != nil { throw QueryError.semantic("VariableAlreadyBound", "variable \(variable) is already defined", span) }
                let slot = newSlot()
                scope.declare(variable, slot: slot, kind: .value)
                clauses.append(.unwind(bound, slot: slot))
            case let .with(p):
                let (bound, newScope) = try bindProjection(p, scope: scope, isReturn: false)
                scope = newScope
                clauses.append(.projection(bound))
            case let .return(p):
                guard isLast else { throw QueryError.semantic("InvalidClauseComposition", "RETURN must be the last clause", p.span) }
                let (bound, _) = try bindProjection(p, scope: scope, isReturn: true)
                columns = bound.items.map(\.name)
                columnSlots = bound.items.map(\.slot)
                clauses.append(.projection(bound))
            case let .create(patterns, _):
                writes = true
                clauses.append(.create(try bindPattern(patterns, scope: &scope, mode: .create)))
            case let .merge(part, onCreate, onMatch, _):
                writes = true
                let graph = try bindPattern([part], scope: &scope, mode: .merge)
                clauses.append(.merge(graph, onCreate: try bindSetItems(onCreate, scope), onMatch: try bindSetItems(onMatch, scope)))
            case let .set(items, _):
                writes = true
                clauses.append(.set(try bindSetItems(items, scope)))
            case let .remove(items, _):
                writes = true
                clauses.append(.remove(try items.map { item throws -> BoundRemoveItem in
                    switch item {
                    case let .property(target, key): return .property(target: try bindExpression(target, scope, allowAggregates: false), key: key)
                    case let .labels(variable, labels, span):
                        return .labels(slot: try lookup(variable, scope, span).slot, labels: labels)
                    }
                }))
            case let .delete(targets, detach, _):
                writes = true
                let bound = try targets.map { try bindExpression($0, scope, allowAggregates: false) }
                for (t, b) in zip(targets, bound) {
                    if case .slot = b { continue }
                    if case .variable = t { continue }
                    if case .property = t { throw QueryError.semantic("InvalidDelete", "DELETE needs a node, relationship or path") }
                    if case .literal = t { throw QueryError.semantic("InvalidDelete", "DELETE needs a node, relationship or path") }
                }
                clauses.append(.delete(bound, detach: detach))
            case let .call(name, arguments, yield, yieldStar, predicate, span):
                clauses.append(try bindCall(name, arguments, yield, yieldStar, predicate, span, &scope, standalone: query.clauses.count == 1))
                if query.clauses.count == 1, case let .call(_, _, yields, _)? = clauses.last {
                    columns = yields.map(\.field)
                    columnSlots = yields.map(\.slot)
                }
            }
        }
        if let last = query.clauses.last {
            switch last {
            case .return, .create, .merge, .set, .remove, .delete, .call: break
            default: throw QueryError.semantic("InvalidClauseComposition", "a query must end with RETURN or an updating clause")
            }
        }
        return BoundSingleQuery(clauses: clauses, columns: columns, columnSlots: columnSlots)
    }

    func lookup(_ name: String, _ scope: Scope, _ span: SourceSpan?) throws -> Scope.Variable {
        guard let v = scope[name] else { throw QueryError.semantic("UndefinedVariable", "variable \(name) is not defined", span) }
        return v
    }

    mutating func bindSetItems(_ items: [SetItem], _ scope: Scope) throws -> [BoundSetItem] {
        try items.map { item throws -> BoundSetItem in
            switch item {
            case let .property(target, key, value):
                return .property(target: try bindExpression(target, scope, allowAggregates: false), key: key,
                                 value: try bindExpression(value, scope, allowAggregates: false))
            case let .replaceAll(variable, value, span):
                return .replaceAll(slot: try lookup(variable, scope, span).slot, value: try bindExpression(value, scope, allowAggregates: false))
            case let .mergeAll(variable, value, span):
                return .mergeAll(slot: try lookup(variable, scope, span).slot, value: try bindExpression(value, scope, allowAggregates: false))
            case let .labels(variable, labels, span):
                return .labels(slot: try lookup(variable, scope, span).slot, labels: labels)
            }
        }
    }

    static func conjuncts(_ e: Expression) -> [Expression] {
        if case let .binary(.and, l, r) = e { return conjuncts(l) + conjuncts(r) }
        return [e]
    }
}
