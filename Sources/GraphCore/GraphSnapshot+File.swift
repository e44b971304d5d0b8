// The snapshot's binary cache file: raw little-endian columns behind a small header, so a
// second open reads a few large blocks instead of rebuilding from SQLite.
import Glibc

extension GraphSnapshot {
    /// Format marker and version; bump the version whenever the layout changes.
    static let fileMagic: UInt64 = 0x414D_4C47_534E_5031  // "AMLGSNP1"
    static let fileFormatVersion: UInt32 = 2

    /// Writes the snapshot to `path` atomically (a temporary file renamed into place).
    public func write(to path: String) throws {
        let temp = path + ".tmp.\(getpid())"
        guard let file = fopen(temp, "wb") else {
            throw SnapshotError.corruptCache(path: temp, reason: String(cString: strerror(errno)))
        }
        var ok = true
        func put<T: BitwiseCopyable>(_ array: [T]) {
            var n = UInt64(array.count)
            ok = ok && fwrite(&n, 8, 1, file) == 1
            if !array.isEmpty {
                ok = ok && array.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) == $0.count }
            }
        }
        func put(strings: [String]) {
            var lengths = [UInt32]()
            lengths.reserveCapacity(strings.count)
            var bytes = [UInt8]()
            for s in strings {
                let utf8 = Array(s.utf8)
                lengths.append(UInt32(utf8.count))
                bytes.append(contentsOf: utf8)
            }
            put(lengths)
            put(bytes)
        }
        put([Self.fileMagic])
        put([Self.fileFormatVersion])
        put([storeVersion])
        put(strings: accountKeys)
        put(accountNodeIDs)
        put(accountCustomer)
        put(strings: customerKeys)
        put(customerCountry)
        put(strings: countries)
        put(outOffsets)
        put(target)
        put(source)
        put(inOffsets)
        put(inEdges)
        put(amount)
        put(timestamp)
        put(currency)
        put(channel)
        put(label)
        put(transferRowID)
        put(strings: currencies)
        put(strings: channels)
        ok = fflush(file) == 0 && ok
        ok = fclose(file) == 0 && ok
        guard ok, rename(temp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw SnapshotError.corruptCache(path: path, reason: "write failed: \(reason)")
        }
    }

    /// The store version recorded in a cache file, or nil when the file is missing or not a cache.
    public static func cachedStoreVersion(at path: String) -> Int64? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var reader = ColumnReader(file: file, path: path)
        guard let magic = try? reader.array(UInt64.self), magic == [fileMagic],
            let format = try? reader.array(UInt32.self), format == [fileFormatVersion],
            let version = try? reader.array(Int64.self), version.count == 1
        else { return nil }
        return version[0]
    }

    /// Reads a cache file written by `write(to:)`, checking its structure as it goes.
    public static func read(from path: String) throws -> GraphSnapshot {
        guard let file = fopen(path, "rb") else {
            throw SnapshotError.corruptCache(path: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        var r = ColumnReader(file: file, path: path)
        guard try r.array(UInt64.self) == [fileMagic] else { throw SnapshotError.corruptCache(path: path, reason: "not a snapshot file") }
        guard try r.array(UInt32.self) == [fileFormatVersion] else {
            throw SnapshotError.corruptCache(path: path, reason: "written by another format version")
        }
        let version = try r.array(Int64.self)
        guard version.count == 1 else { throw SnapshotError.corruptCache(path: path, reason: "bad header") }
        let snapshot = GraphSnapshot(
            storeVersion: version[0],
            accountKeys: try r.strings(), accountNodeIDs: try r.array(Int64.self), accountCustomer: try r.array(Int32.self),
            customerKeys: try r.strings(), customerCountry: try r.array(Int32.self), countries: try r.strings(),
            outOffsets: try r.array(Int32.self), target: try r.array(Int32.self), source: try r.array(Int32.self),
            inOffsets: try r.array(Int32.self), inEdges: try r.array(Int32.self),
            amount: try r.array(Double.self), timestamp: try r.array(Int64.self), currency: try r.array(UInt8.self),
            channel: try r.array(UInt8.self), label: try r.array(Int8.self), transferRowID: try r.array(Int32.self),
            currencies: try r.strings(), channels: try r.strings()
        )
        try snapshot.checkStructure(path: path)
        return snapshot
    }

    /// Cheap consistency checks so a truncated or foreign file never yields out-of-range indices.
    func checkStructure(path: String) throws {
        let v = accountCount, e = transferCount
        func fail(_ why: String) -> SnapshotError { .corruptCache(path: path, reason: why) }
        guard accountNodeIDs.count == v, accountCustomer.count == v, customerCountry.count == customerCount else { throw fail("node columns") }
        guard outOffsets.count == v + 1, inOffsets.count == v + 1, outOffsets.last.map(Int.init) == e, inOffsets.last.map(Int.init) == e,
            outOffsets.first == 0, inOffsets.first == 0
        else { throw fail("offsets") }
        guard [source.count, inEdges.count, amount.count, timestamp.count, currency.count, channel.count, label.count, transferRowID.count]
            .allSatisfy({ $0 == e })
        else { throw fail("edge columns") }
        let vv = Int32(v), ee = Int32(e)
        guard target.allSatisfy({ $0 >= 0 && $0 < vv }), source.allSatisfy({ $0 >= 0 && $0 < vv }), inEdges.allSatisfy({ $0 >= 0 && $0 < ee }) else {
            throw fail("edge endpoints")
        }
        guard currency.allSatisfy({ Int($0) < currencies.count }), channel.allSatisfy({ Int($0) < channels.count }) else { throw fail("dictionaries") }
        let nc = Int32(customerCount), ncountry = Int32(countries.count)
        guard accountCustomer.allSatisfy({ $0 >= -1 && $0 < nc }), customerCountry.allSatisfy({ $0 >= -1 && $0 < ncountry }) else {
            throw fail("node references")
        }
    }
}

/// Reads length-prefixed columns from a cache file.
private struct ColumnReader {
    let file: UnsafeMutablePointer<FILE>
    let path: String

    mutating func array<T: BitwiseCopyable>(_: T.Type) throws -> [T] {
        var n: UInt64 = 0
        guard fread(&n, 8, 1, file) == 1 else { throw SnapshotError.corruptCache(path: path, reason: "truncated") }
        guard n < 1 << 36 else { throw SnapshotError.corruptCache(path: path, reason: "implausible column length \(n)") }
        let count = Int(n)
        var failed = false
        let result = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let bytes = count * MemoryLayout<T>.stride
            if bytes > 0 { failed = fread(buffer.baseAddress, 1, bytes, file) != bytes }
            initialized = failed ? 0 : count
        }
        if failed { throw SnapshotError.corruptCache(path: path, reason: "truncated") }
        return result
    }

    mutating func strings() throws -> [String] {
        let lengths = try array(UInt32.self)
        let bytes = try array(UInt8.self)
        var strings = [String]()
        strings.reserveCapacity(lengths.count)
        var start = 0
        try bytes.withUnsafeBufferPointer { buf in
            for len in lengths {
                let end = start + Int(len)
                guard end <= buf.count else { throw SnapshotError.corruptCache(path: path, reason: "string table") }
                strings.append(String(decoding: UnsafeBufferPointer(rebasing: buf[start..<end]), as: UTF8.self))
                start = end
            }
        }
        return strings
    }
}
