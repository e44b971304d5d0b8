// REMOVE: properties and labels.

final class RemoveProperties: SingleInputOperator, LogicalOperator {
    let items: [BoundRemoveItem]

    init(input: any LogicalOperator, items: [BoundRemoveItem]) {
        self.items = items
        super.init(input: input)
    }

    var name: String { "Remove" }
    var details: String { "\(items.count) items" }
}
