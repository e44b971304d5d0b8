/// One CSV record, borrowed from the reader's buffer.
///
/// Valid only inside the `forEachRecord` callback: the bytes it points at are overwritten by the
/// next read. Copy out what you need (`string(_:)`, or parse the bytes of `field(_:)` directly,
/// which allocates nothing). It is deliberately Copyable: a `~Copyable` record crashed the Swift
/// 6.3 compiler (SILGenCleanup, signal 11) when a local function inside the callback captured it,
/// a natural pattern for building error messages.
public struct CSVRecord {
    @usableFromInline let base: UnsafePointer<UInt8>
    /// 2 × `count` offsets into `base`: start and end of each field's (unescaped) bytes.
    @usableFromInline let bounds: UnsafePointer<Int>
    /// Number of fields in this record.
    public let count: Int
    /// Physical line (1-based, header = 1) on which the record starts.
    public let line: Int

    @usableFromInline
    init(base: UnsafePointer<UInt8>, bounds: UnsafePointer<Int>, count: Int, line: Int) {
        self.base = base
        self.bounds = bounds
        self.count = count
        self.line = line
    }

    /// The unescaped bytes of field `index` (quotes removed, `""` collapsed). No allocation.
    @inlinable @inline(__always)
    public func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        precondition(index >= 0 && index < count, "CSV field index \(index) out of range 0..<\(count)")
        let start = bounds[2 &* index]
        return UnsafeBufferPointer(start: base + start, count: bounds[2 &* index &+ 1] &- start)
    }

    /// Field `index` decoded as UTF-8 (invalid bytes become U+FFFD). Allocates; off the hot path.
    public func string(_ index: Int) -> String {
        String(decoding: field(index), as: UTF8.self)
    }

    /// All fields as strings; convenient for headers and tests.
    public var strings: [String] {
        (0..<count).map { string($0) }
    }
}
