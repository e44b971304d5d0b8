// Keeps the first n rows.

final class Limit: SingleInputOperator, LogicalOperator {
    let count: Expression

    init(input: any LogicalOperator, count: Expression) {
        self.count = count
        super.init(input: input)
    }

    var name: String { "Limit" }
    var details: String { "" }
}
