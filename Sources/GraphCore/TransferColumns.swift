// Transfers as loose columns in any order: what a store reads before a snapshot is built.

/// Transfer edges as parallel columns in arbitrary order, the input of `GraphSnapshot.build`.
public struct TransferColumns: Sendable {
    public var source: [Int32] = []
    public var target: [Int32] = []
    public var amount: [Double] = []
    public var timestamp: [Int64] = []
    public var currency: [UInt8] = []
    public var channel: [UInt8] = []
    public var label: [Int8] = []
    public var rowID: [Int32] = []

    public init() {}

    public init(capacity: Int) {
        reserveCapacity(capacity)
    }

    public var count: Int { source.count }

    public mutating func reserveCapacity(_ n: Int) {
        source.reserveCapacity(n)
        target.reserveCapacity(n)
        amount.reserveCapacity(n)
        timestamp.reserveCapacity(n)
        currency.reserveCapacity(n)
        channel.reserveCapacity(n)
        label.reserveCapacity(n)
        rowID.reserveCapacity(n)
    }

    @inlinable
    public mutating func append(
        source: Int32, target: Int32, amount: Double, timestamp: Int64, currency: UInt8, channel: UInt8, label: Int8, rowID: Int32
    ) {
        self.source.append(source)
        self.target.append(target)
        self.amount.append(amount)
        self.timestamp.append(timestamp)
        self.currency.append(currency)
        self.channel.append(channel)
        self.label.append(label)
        self.rowID.append(rowID)
    }
}
