// Groups rows by the grouping expressions and computes aggregates per group.

final class Aggregate: SingleInputOperator, LogicalOperator {
    let keys: [Expression]
    let aggregates: [AggregateCall]

    init(input: any LogicalOperator, keys: [Expression], aggregates: [AggregateCall]) {
        self.keys = keys
        self.aggregates = aggregates
        super.init(input: input)
    }

    var name: String { "Aggregate" }
    var details: String { "\(keys.count) keys, " + aggregates.map(\.function).joined(separator: ", ") }
}
