// Graph patterns: `(a:Label {k: v})-[r:TYPE*1..3]->(b)`, optionally named and shortest.

public struct NodePattern: Sendable {
    public var variable: String?
    public var labels: [String]
    /// A map literal or a parameter.
    public var properties: Expression?
    public var span: SourceSpan
}

public enum RelationshipDirection: Sendable {
    /// `-->`
    case outgoing
    /// `<--`
    case incoming
    /// `--`
    case both
}

/// The time-respecting form: `-[:TRANSFER*1..4 TIME ORDERED WITHIN 30d]->`.
public struct TemporalConstraint: Sendable {
    /// The first and last hop must lie within this many seconds; nil means no window.
    public var window: Expression?
}

public struct RelationshipPattern: Sendable {
    public var variable: String?
    public var types: [String]
    public var direction: RelationshipDirection
    public var properties: Expression?
    /// `*min..max`; nil when not variable-length. Missing bounds are nil.
    public var length: (min: Int?, max: Int?)?
    public var temporal: TemporalConstraint?
    public var span: SourceSpan

    public var isVariableLength: Bool { length != nil }
}

public enum ShortestKind: Sendable {
    case none, shortest, allShortest
}

/// One comma-separated part of a pattern: a chain of nodes and relationships.
public struct PatternPart: Sendable {
    public var pathVariable: String?
    public var shortest: ShortestKind = .none
    public var nodes: [NodePattern]
    public var relationships: [RelationshipPattern]
    public var span: SourceSpan
}
