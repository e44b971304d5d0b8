// One row per element of a list.

final class Unwind: SingleInputOperator, LogicalOperator {
    let expression: Expression
    let slot: Int

    init(input: any LogicalOperator, expression: Expression, slot: Int) {
        self.expression = expression
        self.slot = slot
        super.init(input: input)
    }

    var name: String { "Unwind" }
    var details: String { "slot \(slot)" }
}
