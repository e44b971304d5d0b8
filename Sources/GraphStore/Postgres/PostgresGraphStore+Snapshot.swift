// The snapshot from PostgreSQL: nodes, OWNS edges (text format) and transfers (binary format)
// streamed with COPY ... TO STDOUT inside one REPEATABLE READ transaction, so it is consistent, and
// parsed straight from libpq's row buffers into the snapshot's columns. Kept in memory per
// store version; there is no cache file, as the store has no folder of its own.
import Foundation
public import GraphCore

extension PostgresGraphStore {
    public func snapshot() throws -> GraphSnapshot {
        try withConnection { _ in
            let version = try storeVersion()
            if let cached = cachedSnapshot, cached.storeVersion == version { return cached }
            let built = try buildSnapshot()
            cachedSnapshot = built
            return built
        }
    }

    /// Builds the snapshot; same columns and numbering as `SQLiteGraphStore.buildSnapshot`.
    public func buildSnapshot() throws -> GraphSnapshot {
        try transaction("REPEATABLE READ READ ONLY") { c in
            let version = try Self.version(c)

            var customerColumns = SnapshotCustomers()
            try c.copyOut("COPY (SELECT id, key, props::jsonb ->> 'country' FROM nodes WHERE label = 'Customer' ORDER BY id) TO STDOUT") { row in
                let f = CopyTextRow(row)
                customerColumns.append(nodeID: try f.int64(0), key: f.string(1) ?? "", country: f.string(2))
            }

            var accountKeys: [String] = []
            var accountNodeIDs: [Int64] = []
            try c.copyOut("COPY (SELECT id, key FROM nodes WHERE label = 'Account' ORDER BY id) TO STDOUT") { row in
                let f = CopyTextRow(row)
                accountNodeIDs.append(try f.int64(0))
                accountKeys.append(f.string(1) ?? "")
            }
            let index = DenseIDIndex(ids: accountNodeIDs)
            var accountCustomer = [Int32](repeating: -1, count: accountKeys.count)
            try c.copyOut("COPY (SELECT src, dst FROM edges WHERE type = 'OWNS') TO STDOUT") { row in
                let f = CopyTextRow(row)
                if let a = index[try f.int64(1)], let customer = customerColumns.index[try f.int64(0)] { accountCustomer[Int(a)] = customer }
            }

            let count = Int(try c.query("SELECT count(*) FROM transfers").first?.first.flatMap { $0 }.flatMap { Int($0) } ?? 0)
            var columns = TransferColumns(capacity: count)
            var currencies = SmallDictionary()
            var channels = SmallDictionary()
            // In row-id order, as SQLite reads them, so currency and channel codes come out the same.
            // Binary format: the numbers cross as bytes, with no text formatting or parsing.
            var reader = CopyBinaryReader()
            try c.copyOut(
                "COPY (SELECT id, src, dst, amount, currency, ts, channel, is_laundering FROM transfers ORDER BY id) TO STDOUT (FORMAT binary)"
            ) { message in
                try reader.rows(in: message) { f in
                    let id = try f.int64(0)
                    guard id <= Int64(Int32.max) else { throw StoreError(.snapshot, "transfer row id \(id) exceeds the snapshot's 31-bit limit") }
                    guard let s = index[try f.int64(1)], let d = index[try f.int64(2)] else {
                        throw StoreError(.snapshot, "transfer row \(id) connects nodes that are not accounts")
                    }
                    let currency = try currencies.code(f.raw(4), what: "currencies")
                    let channel = try channels.code(f.raw(6), what: "channels")
                    let label: Int8 = f.isNull(7) ? -1 : Int8(truncatingIfNeeded: try f.int64(7))
                    columns.append(
                        source: s, target: d, amount: try f.double(3), timestamp: try f.int64(5), currency: currency, channel: channel, label: label,
                        rowID: Int32(id)
                    )
                }
            }
            guard reader.finished else { throw StoreError(.snapshot, "the transfers COPY ended without its trailer") }
            do {
                return try GraphSnapshot.build(
                    storeVersion: version, accountKeys: accountKeys, accountNodeIDs: accountNodeIDs, accountCustomer: accountCustomer,
                    customerKeys: customerColumns.keys, customerCountry: customerColumns.country, countries: customerColumns.countries,
                    transfers: columns, currencies: currencies.values, channels: channels.values
                )
            } catch let error as SnapshotError {
                throw StoreError(.snapshot, error.description)
            }
        }
    }
}

/// One row of COPY's text format: fields split by tabs, `\N` for NULL, backslash escapes in
/// text. Valid only while libpq's buffer is. The field bounds live inline (no allocation per
/// row: the snapshot reads a million rows this way); fields past `maxFields` read as NULL.
struct CopyTextRow {
    static let maxFields = 8
    private let bytes: UnsafeBufferPointer<UInt8>
    private let fieldCount: Int
    /// Start and end offsets of field i at 2i and 2i + 1.
    private let bounds: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int)

    init(_ row: UnsafeRawBufferPointer) {
        let data = row.bindMemory(to: UInt8.self)
        bytes = data
        var end = data.count
        if end > 0, data[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        var found: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let n = withUnsafeMutableBytes(of: &found) { raw -> Int in
            let b = raw.bindMemory(to: Int.self)
            var n = 0
            var start = 0
            for i in 0..<end where data[i] == UInt8(ascii: "\t") {
                if n < Self.maxFields {
                    b[2 * n] = start
                    b[2 * n + 1] = i
                }
                n += 1
                start = i + 1
            }
            if n < Self.maxFields {
                b[2 * n] = start
                b[2 * n + 1] = end
            }
            return min(n + 1, Self.maxFields)
        }
        bounds = found
        fieldCount = n
    }

    @inline(__always) private func start(_ i: Int) -> Int { withUnsafeBytes(of: bounds) { $0.load(fromByteOffset: 2 * i * MemoryLayout<Int>.stride, as: Int.self) } }
    @inline(__always) private func end(_ i: Int) -> Int { withUnsafeBytes(of: bounds) { $0.load(fromByteOffset: (2 * i + 1) * MemoryLayout<Int>.stride, as: Int.self) } }

    func isNull(_ i: Int) -> Bool {
        i >= fieldCount || (end(i) - start(i) == 2 && bytes[start(i)] == UInt8(ascii: "\\") && bytes[start(i) + 1] == UInt8(ascii: "N"))
    }

    /// The field's bytes as sent (escapes not decoded): for codes and numbers.
    func raw(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        guard i < fieldCount else { return UnsafeBufferPointer(rebasing: bytes[0..<0]) }
        return UnsafeBufferPointer(rebasing: bytes[start(i)..<end(i)])
    }

    /// The field as text with escapes decoded; nil for NULL.
    func string(_ i: Int) -> String? {
        if isNull(i) { return nil }
        let field = raw(i)
        guard field.contains(UInt8(ascii: "\\")) else { return String(decoding: field, as: UTF8.self) }
        var out: [UInt8] = []
        var j = 0
        while j < field.count {
            if field[j] == UInt8(ascii: "\\"), j + 1 < field.count {
                let next = field[j + 1]
                switch next {
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "r"): out.append(13)
                case UInt8(ascii: "b"): out.append(8)
                case UInt8(ascii: "f"): out.append(12)
                case UInt8(ascii: "v"): out.append(11)
                default: out.append(next)
                }
                j += 2
            } else {
                out.append(field[j])
                j += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    func int64(_ i: Int) throws -> Int64 {
        let field = raw(i)
        var value: Int64 = 0
        var negative = false
        var j = 0
        if j < field.count, field[j] == UInt8(ascii: "-") {
            negative = true
            j = 1
        }
        guard j < field.count else { throw StoreError(.snapshot, "expected an integer, got \"\(String(decoding: field, as: UTF8.self))\"") }
        while j < field.count {
            let d = field[j] &- UInt8(ascii: "0")
            guard d < 10 else { throw StoreError(.snapshot, "expected an integer, got \"\(String(decoding: field, as: UTF8.self))\"") }
            value = value &* 10 &+ Int64(d)
            j += 1
        }
        return negative ? -value : value
    }

    func double(_ i: Int) throws -> Double {
        let field = raw(i)
        // strtod needs a terminated string; numbers are short.
        return try withUnsafeTemporaryAllocation(of: CChar.self, capacity: field.count + 1) { buffer in
            for j in 0..<field.count { buffer[j] = CChar(bitPattern: field[j]) }
            buffer[field.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &end)
            guard field.count > 0, end == buffer.baseAddress! + field.count else {
                throw StoreError(.snapshot, "expected a number, got \"\(String(decoding: field, as: UTF8.self))\"")
            }
            return value
        }
    }
}
