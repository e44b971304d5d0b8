// Clauses and whole statements.

public struct ProjectionItem: Sendable {
    public var expression: Expression
    /// The column name: the alias, or the expression's text as written.
    public var name: String
    public var hasAlias: Bool
    public var span: SourceSpan
}

public struct SortItem: Sendable {
    public var expression: Expression
    public var ascending: Bool
    /// The expression as written, to match it against the projected items.
    public var text: String
}

/// The body of WITH and RETURN.
public struct Projection: Sendable {
    public var distinct = false
    public var star = false
    public var items: [ProjectionItem] = []
    public var orderBy: [SortItem] = []
    public var skip: Expression?
    public var limit: Expression?
    /// WITH ... WHERE.
    public var predicate: Expression?
    public var span: SourceSpan
}

public enum SetItem: Sendable {
    case property(target: Expression, key: String, value: Expression)
    case replaceAll(variable: String, value: Expression, span: SourceSpan)
    case mergeAll(variable: String, value: Expression, span: SourceSpan)
    case labels(variable: String, labels: [String], span: SourceSpan)
}

public enum RemoveItem: Sendable {
    case property(target: Expression, key: String)
    case labels(variable: String, labels: [String], span: SourceSpan)
}

public struct YieldItem: Sendable {
    public var field: String
    public var alias: String
    public var span: SourceSpan
}

public enum Clause: Sendable {
    case match(optional: Bool, patterns: [PatternPart], predicate: Expression?, span: SourceSpan)
    case unwind(Expression, variable: String, span: SourceSpan)
    case with(Projection)
    case `return`(Projection)
    case create([PatternPart], span: SourceSpan)
    case merge(PatternPart, onCreate: [SetItem], onMatch: [SetItem], span: SourceSpan)
    case set([SetItem], span: SourceSpan)
    case remove([RemoveItem], span: SourceSpan)
    case delete([Expression], detach: Bool, span: SourceSpan)
    /// `CALL name(args) YIELD ...`; `arguments` nil for the implicit form `CALL name`.
    case call(name: String, arguments: [Expression]?, yield: [YieldItem]?, yieldStar: Bool, predicate: Expression?, span: SourceSpan)
}

/// One query without UNION.
public struct SingleQuery: Sendable {
    public var clauses: [Clause]
}

public enum ExplainMode: Sendable {
    case none, explain, profile
}

/// A statement: single queries joined by UNION / UNION ALL.
public struct Statement: Sendable {
    public var parts: [SingleQuery]
    /// For each UNION between parts: true for UNION ALL.
    public var unionAll: [Bool]
    public var mode: ExplainMode
}
