// Follows relationships from a bound node: single hop, variable length (relationship-unique
// per path), or time-respecting (each hop later than the previous, all within a window).

final class Expand: SingleInputOperator, LogicalOperator {
    let from: Int
    let relationship: Int
    let to: Int
    let types: [String]
    let direction: RelationshipDirection
    /// nil for a single hop.
    let length: (min: Int, max: Int)?
    let temporal: Bool
    let window: Expression?
    /// Property equality constraints on every relationship traversed.
    let properties: [(String, Expression)]
    /// The target is already bound: only check that it is reached.
    let into: Bool
    /// The chain runs against the pattern's direction: a variable-length list is reversed.
    let reversed: Bool
    /// The relationship variable was bound by an earlier clause: only that one may match.
    let relationshipBound: Bool
    /// Set for a variable-length expand that feeds `count(*)` without grouping (through the
    /// filters in `countFilters`, bottom first): it yields one row holding the number of paths
    /// that pass them in each of these slots, and builds no row per path (CountPaths).
    var countSlots: [Int]?
    var countFilters: [Expression] = []

    init(input: any LogicalOperator, from: Int, relationship: Int, to: Int, types: [String], direction: RelationshipDirection,
         length: (min: Int, max: Int)?, temporal: Bool, window: Expression?, properties: [(String, Expression)], into: Bool, reversed: Bool, relationshipBound: Bool = false) {
        self.from = from
        self.relationship = relationship
        self.to = to
        self.types = types
        self.direction = direction
        self.length = length
        self.temporal = temporal
        self.window = window
        self.properties = properties
        self.into = into
        self.reversed = reversed
        self.relationshipBound = relationshipBound
        super.init(input: input)
    }

    var name: String { into ? "ExpandInto" : temporal ? "TimeRespectingExpand" : length != nil ? "VarLengthExpand" : "Expand" }
    var details: String {
        let arrow = direction == .outgoing ? "->" : direction == .incoming ? "<-" : "--"
        let range = length.map { "*\($0.min)..\($0.max == Int.max ? "" : String($0.max))" } ?? ""
        return "\(from) \(arrow)[\(types.joined(separator: "|"))\(range)] \(to)"
            + (countSlots.map { " → \(countFilters.isEmpty ? "" : "Filter × \(countFilters.count) → ")Count(slots \($0))" } ?? "")
    }
}
