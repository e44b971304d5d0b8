// Sort followed by SKIP/LIMIT, keeping only skip + limit rows in a bounded heap.

final class TopK: SingleInputOperator, LogicalOperator {
    let keys: [(Expression, ascending: Bool)]
    let skip: Expression?
    let limit: Expression

    init(input: any LogicalOperator, keys: [(Expression, ascending: Bool)], skip: Expression?, limit: Expression) {
        self.keys = keys
        self.skip = skip
        self.limit = limit
        super.init(input: input)
    }

    var name: String { "TopK" }
    var details: String { "\(keys.count) keys" }
}
