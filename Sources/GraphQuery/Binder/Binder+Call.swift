// CALL: arguments bound in the current scope, yielded fields declared as new variables.

extension Binder {
    mutating func bindCall(
        _ name: String, _ arguments: [Expression]?, _ yield: [YieldItem]?, _ yieldStar: Bool, _ predicate: Expression?, _ span: SourceSpan,
        _ scope: inout Scope, standalone: Bool
    ) throws -> BoundClause {
        guard let procedure = procedures.procedure(named: name) else {
            throw QueryError(.procedure, "ProcedureNotFound", "unknown procedure \(name)", span: span)
        }
        if procedure.writes { writes = true }
        let args = try (arguments ?? []).map { try bindExpression($0, scope, allowAggregates: false) }
        var yields: [(String, Int)] = []
        let items: [YieldItem]
        if let yield {
            items = yield
        } else if standalone || yieldStar {
            items = procedure.outputs.map { YieldItem(field: $0, alias: $0, span: span) }
        } else {
            guard procedure.outputs.isEmpty else {
                throw QueryError.semantic("UndefinedVariable", "CALL \(name) inside a query needs YIELD", span)
            }
            items = []
        }
        for item in items {
            guard procedure.outputs.contains(item.field) else {
                throw QueryError.semantic("UndefinedVariable", "procedure \(name) has no output \(item.field)", item.span)
            }
            if scope[item.alias] != nil { throw QueryError.semantic("VariableAlreadyBound", "variable \(item.alias) is already defined", item.span) }
            let slot = newSlot()
            scope.declare(item.alias, slot: slot, kind: .value)
            yields.append((item.field, slot))
        }
        let boundPredicate = try predicate.map { try bindExpression($0, scope, allowAggregates: false) }
        return .call(name: procedure.name, arguments: args, yields: yields, predicate: boundPredicate)
    }
}
