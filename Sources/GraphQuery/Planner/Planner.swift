// Turns bound clauses into a logical plan: one operator chain per query part, MATCH as a
// pattern placeholder the optimizer lowers, projections as Project/Aggregate, Distinct,
// Sort, Skip, Limit and Filter, write clauses as write operators, UNION on top.

enum Planner {
    static func plan(_ statement: BoundStatement, procedures: ProcedureRegistry) throws -> any LogicalOperator {
        let parts = try statement.parts.map { try plan($0, procedures: procedures) }
        guard parts.count > 1 else { return parts[0] }
        // UNION ALL only when every UNION of the statement says ALL; mixing is a syntax error.
        let all = statement.unionAll.allSatisfy { $0 }
        if Set(statement.unionAll).count > 1 {
            throw QueryError.semantic("InvalidClauseComposition", "cannot mix UNION and UNION ALL")
        }
        return Union(parts: parts, all: all)
    }

    static func plan(_ query: BoundSingleQuery, procedures: ProcedureRegistry) throws -> any LogicalOperator {
        var op: any LogicalOperator = Start()
        for clause in query.clauses {
            op = try plan(clause, on: op, procedures: procedures)
        }
        return ProduceResults(input: op, slots: query.columnSlots, columns: query.columns)
    }

    static func plan(_ clause: BoundClause, on op: any LogicalOperator, procedures: ProcedureRegistry) throws -> any LogicalOperator {
        switch clause {
        case let .match(pattern, optional):
            return MatchPattern(input: op, pattern: pattern, optional: optional)
        case let .unwind(e, slot):
            return Unwind(input: op, expression: e, slot: slot)
        case let .projection(p):
            return projection(p, on: op)
        case let .create(pattern):
            return Create(input: op, pattern: pattern)
        case let .merge(pattern, onCreate, onMatch):
            let matchPlan = MatchPattern(input: Argument(), pattern: pattern, optional: false)
            return Merge(input: op, pattern: pattern, matchPlan: matchPlan, onCreate: onCreate, onMatch: onMatch)
        case let .set(items):
            return SetProperties(input: op, items: items)
        case let .remove(items):
            return RemoveProperties(input: op, items: items)
        case let .delete(targets, detach):
            return Delete(input: op, targets: targets, detach: detach)
        case let .call(name, arguments, yields, predicate):
            guard let procedure = procedures.procedure(named: name) else {
                throw QueryError(.procedure, "ProcedureNotFound", "unknown procedure \(name)")
            }
            guard procedure.arity.contains(arguments.count) else {
                throw QueryError.semantic("InvalidNumberOfArguments", "\(name) takes \(procedure.arity) arguments, got \(arguments.count)")
            }
            let call = CallProcedure(input: op, procedure: procedure, arguments: arguments, yields: yields)
            return predicate.map { Filter(input: call, predicate: $0) } ?? call
        }
    }

    static func projection(_ p: BoundProjection, on input: any LogicalOperator) -> any LogicalOperator {
        var op: any LogicalOperator = input
        if p.aggregates.isEmpty {
            op = Project(input: op, items: p.items.map { ($0.slot, $0.expression) })
        } else {
            // Group by the items without aggregates, then compute every item on the group's row.
            let keys = p.items.filter { !Binder.slots(in: $0.expression).contains(where: { s in p.aggregates.contains { $0.slot == s } }) }
            op = Aggregate(input: op, keys: keys.map(\.expression), aggregates: p.aggregates)
            op = Project(input: op, items: p.items.map { ($0.slot, $0.expression) })
        }
        if p.distinct { op = Distinct(input: op, slots: p.items.map(\.slot)) }
        if !p.orderBy.isEmpty { op = Sort(input: op, keys: p.orderBy) }
        if let skip = p.skip { op = Skip(input: op, count: skip) }
        if let limit = p.limit { op = Limit(input: op, count: limit) }
        if let predicate = p.predicate { op = Filter(input: op, predicate: predicate) }
        return op
    }
}
