// The binder's output: clauses with every name resolved to a row slot.

struct AggregateCall {
    var function: String
    var distinct: Bool
    /// nil for count(*).
    var argument: Expression?
    /// Extra constant argument (percentiles).
    var parameter: Expression?
    var slot: Int
}

struct BoundProjection {
    var items: [(slot: Int, expression: Expression, name: String)]
    var aggregates: [AggregateCall]
    var distinct: Bool
    var orderBy: [(Expression, ascending: Bool)]
    var skip: Expression?
    var limit: Expression?
    var predicate: Expression?
    var isReturn: Bool
}

enum BoundSetItem {
    case property(target: Expression, key: String, value: Expression)
    case replaceAll(slot: Int, value: Expression)
    case mergeAll(slot: Int, value: Expression)
    case labels(slot: Int, labels: [String])
}

enum BoundRemoveItem {
    case property(target: Expression, key: String)
    case labels(slot: Int, labels: [String])
}

enum BoundClause {
    case match(PatternGraph, optional: Bool)
    case unwind(Expression, slot: Int)
    case projection(BoundProjection)
    case create(PatternGraph)
    case merge(PatternGraph, onCreate: [BoundSetItem], onMatch: [BoundSetItem])
    case set([BoundSetItem])
    case remove([BoundRemoveItem])
    case delete([Expression], detach: Bool)
    case call(name: String, arguments: [Expression], yields: [(field: String, slot: Int)], predicate: Expression?)
}

struct BoundSingleQuery {
    var clauses: [BoundClause]
    var columns: [String]
    var columnSlots: [Int]
}

struct BoundStatement {
    var parts: [BoundSingleQuery]
    var unionAll: [Bool]
    var slotCount: Int
    var mode: ExplainMode
    var writes: Bool
}
