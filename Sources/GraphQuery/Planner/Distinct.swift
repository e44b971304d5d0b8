// Keeps the first row of each distinct combination of the given slots.

final class Distinct: SingleInputOperator, LogicalOperator {
    let slots: [Int]

    init(input: any LogicalOperator, slots: [Int]) {
        self.slots = slots
        super.init(input: input)
    }

    var name: String { "Distinct" }
    var details: String { "" }
}
