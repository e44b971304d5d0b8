// CREATE: new nodes and relationships per input row.

final class Create: SingleInputOperator, LogicalOperator {
    let pattern: PatternGraph

    init(input: any LogicalOperator, pattern: PatternGraph) {
        self.pattern = pattern
        super.init(input: input)
    }

    var name: String { "Create" }
    var details: String { "\(pattern.nodes.filter { !$0.bound }.count) nodes, \(pattern.relationships.count) relationships" }
}
