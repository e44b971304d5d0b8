// Validated transfers handed from the parsing thread to the inserting thread.

/// A batch of validated transfer rows: numeric columns plus the text fields (id, currency,
/// channel) packed into one byte arena, so a batch costs a handful of allocations.
struct TransferBatch {
    static let capacity = 8192

    var source: [Int64] = []
    var target: [Int64] = []
    var amount: [Double] = []
    var timestamp: [Int64] = []
    var label: [Int8] = []
    /// id, currency and channel of row i are `text[ends[3i-1]..<ends[3i]]`, and so on.
    var text: [UInt8] = []
    var ends: [Int32] = []

    init() {
        source.reserveCapacity(Self.capacity)
        target.reserveCapacity(Self.capacity)
        amount.reserveCapacity(Self.capacity)
        timestamp.reserveCapacity(Self.capacity)
        label.reserveCapacity(Self.capacity)
        ends.reserveCapacity(Self.capacity * 3)
        text.reserveCapacity(Self.capacity * 24)
    }

    var count: Int { source.count }
    var isFull: Bool { source.count >= Self.capacity }

    mutating func append(
        id: UnsafeBufferPointer<UInt8>, currency: UnsafeBufferPointer<UInt8>, channel: UnsafeBufferPointer<UInt8>, row: NativeReader.TransferRow
    ) {
        source.append(row.source)
        target.append(row.target)
        amount.append(row.amount)
        timestamp.append(row.timestamp)
        label.append(row.label)
        for field in [id, currency, channel] {
            text.append(contentsOf: field)
            ends.append(Int32(text.count))
        }
    }

    /// Calls `body` with the id, currency and channel bytes of row `i`.
    func withText<T>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        try text.withUnsafeBufferPointer { all in
            func field(_ k: Int) -> UnsafeBufferPointer<UInt8> {
                let start = k == 0 ? 0 : Int(ends[k - 1])
                return UnsafeBufferPointer(rebasing: all[start..<Int(ends[k])])
            }
            return try body(field(3 * i), field(3 * i + 1), field(3 * i + 2))
        }
    }
}
