// DELETE / DETACH DELETE of nodes, relationships and paths.

final class Delete: SingleInputOperator, LogicalOperator {
    let targets: [Expression]
    let detach: Bool

    init(input: any LogicalOperator, targets: [Expression], detach: Bool) {
        self.targets = targets
        self.detach = detach
        super.init(input: input)
    }

    var name: String { detach ? "DetachDelete" : "Delete" }
    var details: String { "" }
}
