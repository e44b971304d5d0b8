// The end of a query part: the returned columns, in order.

final class ProduceResults: SingleInputOperator, LogicalOperator {
    let slots: [Int]
    let columns: [String]

    init(input: any LogicalOperator, slots: [Int], columns: [String]) {
        self.slots = slots
        self.columns = columns
        super.init(input: input)
    }

    var name: String { "ProduceResults" }
    var details: String { columns.joined(separator: ", ") }
}
