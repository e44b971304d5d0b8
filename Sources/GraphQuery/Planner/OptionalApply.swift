// Left-outer join of each input row with a sub-plan (OPTIONAL MATCH): rows with nulls when
// the sub-plan finds nothing.

final class OptionalApply: LogicalOperator {
    var input: any LogicalOperator
    var inner: any LogicalOperator
    let nullSlots: [Int]

    init(input: any LogicalOperator, inner: any LogicalOperator, nullSlots: [Int]) {
        self.input = input
        self.inner = inner
        self.nullSlots = nullSlots
    }

    var name: String { "Optional" }
    var details: String { "" }
    var children: [any LogicalOperator] {
        get { [input, inner] }
        set {
            input = newValue[0]
            inner = newValue[1]
        }
    }
}
