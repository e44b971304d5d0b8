// All nodes with the given labels, per input row.

final class NodeScan: SingleInputOperator, LogicalOperator {
    let slot: Int
    let labels: [String]

    init(input: any LogicalOperator, slot: Int, labels: [String]) {
        self.slot = slot
        self.labels = labels
        super.init(input: input)
    }

    var name: String { labels.isEmpty ? "AllNodesScan" : "NodeByLabelScan" }
    var details: String { "slot \(slot)" + labels.map { ":" + $0 }.joined() }
}
