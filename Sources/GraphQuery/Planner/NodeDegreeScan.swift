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
    /// Set by DegreeTopKPrefilter when a TopK ordered first by the degree sits on this scan:
    /// nodes whose degree cannot be among the TopK's first `skip + limit` rows yield no row.
    var topDegrees: (skip: Expression?, limit: Expression, descending: Bool)?

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
        let top = topDegrees.map { $0.descending ? ", highest degrees only" : ", lowest degrees only" } ?? ""
        return "slot \(slot)" + labels.map { ":" + $0 }.joined() + " \(arrow) (" + neighbourLabels.map { ":" + $0 }.joined() + ") degree → slot \(degreeSlot)" + top
    }
}
