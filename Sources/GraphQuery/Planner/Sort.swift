// Orders rows (stable) by the sort keys.

final class Sort: SingleInputOperator, LogicalOperator {
    let keys: [(Expression, ascending: Bool)]

    init(input: any LogicalOperator, keys: [(Expression, ascending: Bool)]) {
        self.keys = keys
        super.init(input: input)
    }

    var name: String { "Sort" }
    var details: String { "\(keys.count) keys" }
}
