// Expressions as parsed; the binder replaces variable names by row slots (`.slot`).

/// An expression tree.
public indirect enum Expression: Sendable {
    case literal(Value)
    case parameter(String, SourceSpan)
    case variable(String, SourceSpan)
    /// A variable resolved by the binder to a position in the row.
    case slot(Int, String)
    case property(Expression, String)
    case subscripted(Expression, Expression)
    case slice(Expression, Expression?, Expression?)
    case list([Expression])
    case map([(String, Expression)])
    case unary(UnaryOperator, Expression)
    case binary(BinaryOperator, Expression, Expression)
    case isNull(Expression, negated: Bool)
    case hasLabels(Expression, [String])
    case function(name: String, distinct: Bool, arguments: [Expression], span: SourceSpan)
    case countStar
    case caseWhen(subject: Expression?, branches: [(Expression, Expression)], otherwise: Expression?)
    /// `[x IN list WHERE pred | map]`; the variable is a slot after binding.
    case listComprehension(variable: Binding, source: Expression, predicate: Expression?, mapping: Expression?)
    case quantifier(Quantifier, variable: Binding, source: Expression, predicate: Expression)
    case reduce(accumulator: Binding, initial: Expression, variable: Binding, source: Expression, body: Expression)
    /// `[(a)-->(b) WHERE pred | expr]`.
    case patternComprehension(PatternPart, predicate: Expression?, mapping: Expression, plan: SubPattern?)
    /// A pattern used as a predicate (`WHERE (a)-->(b)`) or in `exists { ... }`.
    case patternExists(PatternPart, predicate: Expression?, plan: SubPattern?)
    case mapProjection(Expression, [MapProjectionItem])
    /// Built by the binder for a named path: node slots and relationship slots in pattern order
    /// (a variable-length relationship slot holds a list).
    case pathOf(nodes: [Int], relationships: [Int])
}

/// A variable introduced inside an expression (list comprehension, quantifier, reduce).
public struct Binding: Sendable {
    public var name: String
    public var slot: Int = -1
}

/// A pattern inside an expression: bound by the binder, planned on first use, run per row.
public final class SubPattern: @unchecked Sendable {
    let pattern: PatternGraph
    var plan: (any PhysicalOperator)?
    init(pattern: PatternGraph) { self.pattern = pattern }
}

public enum MapProjectionItem: Sendable {
    case property(String)
    case allProperties
    case variable(String, Expression)
    case entry(String, Expression)
}

public enum Quantifier: String, Sendable {
    case all, any, none, single
}

public enum UnaryOperator: String, Sendable {
    case not = "NOT", negate = "-", plus = "+"
}

public enum BinaryOperator: String, Sendable {
    case or = "OR", xor = "XOR", and = "AND"
    case equal = "=", notEqual = "<>", less = "<", greater = ">", lessEqual = "<=", greaterEqual = ">="
    case regex = "=~", startsWith = "STARTS WITH", endsWith = "ENDS WITH", contains = "CONTAINS", `in` = "IN"
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", power = "^"
}
