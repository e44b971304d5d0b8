// A MATCH pattern before optimization; lowered into scans, expands and filters.

final class MatchPattern: SingleInputOperator, LogicalOperator {
    var pattern: PatternGraph
    /// Lowered form of an OPTIONAL MATCH runs per row as a sub-plan.
    let optional: Bool

    init(input: any LogicalOperator, pattern: PatternGraph, optional: Bool) {
        self.pattern = pattern
        self.optional = optional
        super.init(input: input)
    }

    var name: String { optional ? "OptionalMatchPattern" : "MatchPattern" }
    var details: String { "\(pattern.nodes.count) nodes, \(pattern.relationships.count) relationships" }
}
