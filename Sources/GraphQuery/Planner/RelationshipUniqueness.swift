// Drops rows where one relationship is matched twice in a MATCH (openCypher's rule).

final class RelationshipUniqueness: SingleInputOperator, LogicalOperator {
    let slots: [Int]

    init(input: any LogicalOperator, slots: [Int]) {
        self.slots = slots
        super.init(input: input)
    }

    var name: String { "RelationshipUniqueness" }
    var details: String { "slots \(slots)" }
}
