// Drops the first n rows.

final class Skip: SingleInputOperator, LogicalOperator {
    let count: Expression

    init(input: any LogicalOperator, count: Expression) {
        self.count = count
        super.init(input: input)
    }

    var name: String { "Skip" }
    var details: String { "" }
}
