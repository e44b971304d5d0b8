// A bound pattern: nodes and relationships with their row slots and constraints, and the
// chains they form. The optimizer rewrites it (filters, key lookups, direction) and lowers it
// to scans and expands.

struct PatternNode {
    var slot: Int
    var labels: [String]
    /// Equality constraints `property = value`.
    var properties: [(String, Expression)]
    /// A `{...}` given as a parameter (a map of equality constraints).
    var propertyMap: Expression?
    /// Bound by an earlier clause (or an earlier chain, during lowering).
    var bound: Bool
    /// Set by the key-lookup rule: find the node through its label's key index.
    var keyLookup: (label: String, key: Expression)?
}

struct PatternRelationship {
    var slot: Int
    var types: [String]
    var direction: RelationshipDirection
    var properties: [(String, Expression)]
    var propertyMap: Expression?
    var length: (min: Int, max: Int)?
    /// Time-respecting: each hop later than the previous, all within the window (seconds).
    var temporal: Bool
    var window: Expression?
    var bound: Bool
}

struct PatternChain {
    /// Indices into `PatternGraph.nodes`; `nodes.count == relationships.count + 1`.
    var nodes: [Int]
    /// Indices into `PatternGraph.relationships`.
    var relationships: [Int]
    var pathSlot: Int?
    var shortest: ShortestKind
    /// Set when the optimizer starts the chain from its end.
    var reversed = false
}

struct PatternGraph {
    var nodes: [PatternNode] = []
    var relationships: [PatternRelationship] = []
    var chains: [PatternChain] = []
    /// WHERE conjuncts not absorbed into node or relationship constraints.
    var predicates: [Expression] = []
    /// Slots this pattern binds (null-padded by OPTIONAL MATCH when nothing matches).
    var newSlots: [Int] = []
}
