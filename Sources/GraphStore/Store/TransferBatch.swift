// Validated transfers handed from the parsing thread to the inserting thread, and inserted
// by `BulkLoader.addTransfers` many rows per statement.

/// A batch of validated transfer rows: numeric columns plus the text fields (id, currency,
/// channel) packed into one byte arena, so a batch costs a handful of allocations.
public struct TransferBatch: Sendable {
    public static let capacity = 8192

    var source: [Int64] = []
    var target: [Int64] = []
    var amount: [Double] = []
    var timestamp: [Int64] = []
    /// 0 or 1, or -1 when unknown (stored as NULL).
    var label: [Int8] = []
    /// id, currency and channel of row i are `text[ends[3i-1]..<ends[3i]]`, and so on.
    var text: [UInt8] = []
    var ends: [Int32] = []

    public init() {
        source.reserveCapacity(Self.capacity)
        target.reserveCapacity(Self.capacity)
        amount.reserveCapacity(Self.capacity)
        timestamp.reserveCapacity(Self.capacity)
        label.reserveCapacity(Self.capacity)
        ends.reserveCapacity(Self.capacity * 3)
        text.reserveCapacity(Self.capacity * 24)
    }

    public var count: Int { source.count }
    public var isFull: Bool { source.count >= Self.capacity }

    /// Appends one row; `source` and `target` are node ids the loader resolved.
    public mutating func append(
        id: UnsafeBufferPointer<UInt8>, source: Int64, target: Int64, amount: Double, currency: UnsafeBufferPointer<UInt8>,
        timestamp: Int64, channel: UnsafeBufferPointer<UInt8>, isLaundering: Int8
    ) {
        self.source.append(source)
        self.target.append(target)
        self.amount.append(amount)
        self.timestamp.append(timestamp)
        label.append(isLaundering)
        text.append(contentsOf: id)
        ends.append(Int32(text.count))
        text.append(contentsOf: currency)
        ends.append(Int32(text.count))
        text.append(contentsOf: channel)
        ends.append(Int32(text.count))
    }

    /// Calls `body` with the batch's text arena; `field(k)` of the arena is text field k (row
    /// i's id, currency and channel are fields 3i, 3i+1, 3i+2).
    func withText<T>(_ body: (TextFields) throws -> T) rethrows -> T {
        try text.withUnsafeBufferPointer { all in try ends.withUnsafeBufferPointer { ends in try body(TextFields(all: all, ends: ends)) } }
    }

    struct TextFields {
        let all: UnsafeBufferPointer<UInt8>
        let ends: UnsafeBufferPointer<Int32>

        @inline(__always)
        func field(_ k: Int) -> UnsafeBufferPointer<UInt8> {
            let start = k == 0 ? 0 : Int(ends[k - 1])
            return UnsafeBufferPointer(start: all.baseAddress.map { $0 + start }, count: Int(ends[k]) - start)
        }
    }
}
