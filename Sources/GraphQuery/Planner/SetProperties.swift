// SET: properties, whole property maps and labels.

final class SetProperties: SingleInputOperator, LogicalOperator {
    let items: [BoundSetItem]

    init(input: any LogicalOperator, items: [BoundSetItem]) {
        self.items = items
        super.init(input: input)
    }

    var name: String { "SetProperties" }
    var details: String { "\(items.count) items" }
}
