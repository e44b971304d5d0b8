// The logical plan: a tree of operators, each in its own file. The executor gives each one
// its run-time behaviour (Executor/), the optimizer rewrites the tree (Optimizer/).

/// A node of a logical plan.
public protocol LogicalOperator: AnyObject {
    /// Operator name as EXPLAIN shows it.
    var name: String { get }
    /// One line of detail for EXPLAIN.
    var details: String { get }
    var children: [any LogicalOperator] { get set }
}

/// An operator that can run: every logical operator but the pattern placeholder, which the
/// optimizer lowers before execution.
protocol PhysicalOperator: LogicalOperator {
    func execute(_ ctx: ExecutionContext) throws -> [Row]
}

/// Operators with a single input share this shape.
class SingleInputOperator {
    var input: any LogicalOperator

    init(input: any LogicalOperator) { self.input = input }

    var children: [any LogicalOperator] {
        get { [input] }
        set { input = newValue[0] }
    }
}

extension LogicalOperator {
    /// The plan as indented lines (EXPLAIN).
    func explain(indent: Int = 0) -> [String] {
        let line = String(repeating: "  ", count: indent) + name + (details.isEmpty ? "" : " (\(details))")
        return [line] + children.flatMap { $0.explain(indent: indent + 1) }
    }
}
