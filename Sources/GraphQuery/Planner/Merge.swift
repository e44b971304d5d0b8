// MERGE: match the pattern per row, or create it when it is not there.

final class Merge: SingleInputOperator, LogicalOperator {
    let pattern: PatternGraph
    var matchPlan: any LogicalOperator
    let onCreate: [BoundSetItem]
    let onMatch: [BoundSetItem]

    init(input: any LogicalOperator, pattern: PatternGraph, matchPlan: any LogicalOperator, onCreate: [BoundSetItem], onMatch: [BoundSetItem]) {
        self.pattern = pattern
        self.matchPlan = matchPlan
        self.onCreate = onCreate
        self.onMatch = onMatch
        super.init(input: input)
    }

    var name: String { "Merge" }
    var details: String { "" }
    override var children: [any LogicalOperator] {
        get { [input, matchPlan] }
        set {
            input = newValue[0]
            matchPlan = newValue[1]
        }
    }
}
