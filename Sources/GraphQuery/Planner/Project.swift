// Computes expressions into new slots.

final class Project: SingleInputOperator, LogicalOperator {
    let items: [(slot: Int, expression: Expression)]

    init(input: any LogicalOperator, items: [(slot: Int, expression: Expression)]) {
        self.items = items
        super.init(input: input)
    }

    var name: String { "Project" }
    var details: String { "\(items.count) items" }
}
