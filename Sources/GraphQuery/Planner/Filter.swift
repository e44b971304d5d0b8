// Keeps the rows for which the predicate is true.

final class Filter: SingleInputOperator, LogicalOperator {
    var predicate: Expression

    init(input: any LogicalOperator, predicate: Expression) {
        self.predicate = predicate
        super.init(input: input)
    }

    var name: String { "Filter" }
    var details: String { "" }
}
