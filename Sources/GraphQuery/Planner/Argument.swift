// The leaf of a sub-plan (OPTIONAL MATCH, MERGE, pattern predicates): the current outer row.

final class Argument: LogicalOperator {
    var name: String { "Argument" }
    var details: String { "" }
    var children: [any LogicalOperator] {
        get { [] }
        set {}
    }
}
