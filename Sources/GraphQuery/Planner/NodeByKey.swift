// One node found through its label's key index (`Account.account_id`, `Customer.customer_id`).

final class NodeByKey: SingleInputOperator, LogicalOperator {
    let slot: Int
    let label: String
    let key: Expression

    init(input: any LogicalOperator, slot: Int, label: String, key: Expression) {
        self.slot = slot
        self.label = label
        self.key = key
        super.init(input: input)
    }

    var name: String { "NodeByKey" }
    var details: String { "slot \(slot):\(label)" }
}
