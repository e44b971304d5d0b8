// Every node with the given labels that has at least one matching relationship, with the
// number of those relationships (its degree) in `degreeSlot`, read from the CSR offsets
// where no per-relationship test is needed (CountDegrees).

final class NodeDegreeScan: SingleInputOperator, LogicalOperator {
    let slot: Int
    let labels: [String]
    let types: [String]
    /// Seen from the scanned node: `.incoming` counts in-degree.
    let direction: RelationshipDirection
    /// Labels the node at the other end must have.
    let neighbourLabels: [String]
    let degreeSlot: Int

    init(input: any LogicalOperator, slot: Int, labels: [String], types: [String], direction: RelationshipDirection,
         neighbourLabels: [String], degreeSlot: Int) {
        self.slot = slot
        self.labels = labels
        self.types = types
        self.direction = direction
        self.neighbourLabels = neighbourLabels
        self.degreeSlot = degreeSlot
        super.init(input: input)
    }

    var name: String { "NodeDegreeScan" }
    var details: String {
        let arrow = direction == .outgoing ? "-[\(types.joined(separator: "|"))]->" : "<-[\(types.joined(separator: "|"))]-"
        return "slot \(slot)" + labels.map { ":" + $0 }.joined() + " \(arrow) (" + neighbourLabels.map { ":" + $0 }.joined() + ") degree → slot \(degreeSlot)"
    }
}
