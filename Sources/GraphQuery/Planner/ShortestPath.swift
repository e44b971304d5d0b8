// Breadth-first shortest path(s) between two bound nodes.

final class ShortestPath: SingleInputOperator, LogicalOperator {
    let from: Int
    let to: Int
    let relationship: Int
    let types: [String]
    let direction: RelationshipDirection
    let length: (min: Int, max: Int)
    let all: Bool

    init(input: any LogicalOperator, from: Int, to: Int, relationship: Int, types: [String], direction: RelationshipDirection,
         length: (min: Int, max: Int), all: Bool) {
        self.from = from
        self.to = to
        self.relationship = relationship
        self.types = types
        self.direction = direction
        self.length = length
        self.all = all
        super.init(input: input)
    }

    var name: String { all ? "AllShortestPaths" : "ShortestPath" }
    var details: String { "\(from) -> \(to)" }
}
