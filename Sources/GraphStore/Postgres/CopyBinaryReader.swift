// COPY's binary format (`COPY ... TO STDOUT (FORMAT binary)`): a file header, then per row a
// 16-bit field count and length-prefixed big-endian fields, and -1 as the trailer. Numbers
// cross as their 8 bytes, so neither the server (float8out) nor the client (strtod) converts
// text: what the snapshot's million transfers are read with. Rows are parsed in libpq's
// buffer with their field bounds inline, so a row costs no allocation.
import Foundation

/// Splits the messages of one binary COPY into rows.
struct CopyBinaryReader {
    static let signature: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00]
    private var headerSeen = false
    /// True once the trailer arrived.
    private(set) var finished = false

    /// Calls `body` with each row of one COPY message (libpq hands over one message at a time;
    /// the header comes with the first).
    mutating func rows(in message: UnsafeRawBufferPointer, _ body: (CopyBinaryRow) throws -> Void) throws {
        var offset = 0
        if !headerSeen {
            guard message.count >= 19, Self.signature.indices.allSatisfy({ message[$0] == Self.signature[$0] }) else {
                throw StoreError(.snapshot, "the binary COPY stream has no PGCOPY header")
            }
            let extensionLength = Int(Self.int32(message, 15))
            offset = 19 + max(0, extensionLength)
            headerSeen = true
        }
        while offset < message.count {
            guard !finished, offset + 2 <= message.count else { throw StoreError(.snapshot, "the binary COPY stream is cut short") }
            let fields = Int(Int16(bitPattern: UInt16(bigEndian: message.loadUnaligned(fromByteOffset: offset, as: UInt16.self))))
            offset += 2
            if fields == -1 {
                finished = true
                continue
            }
            guard (0...CopyBinaryRow.maxFields).contains(fields) else {
                throw StoreError(.snapshot, "a binary COPY row has \(fields) fields; at most \(CopyBinaryRow.maxFields) are read")
            }
            var bounds = CopyBinaryRow.Bounds(repeating: 0)
            for f in 0..<fields {
                guard offset + 4 <= message.count else { throw StoreError(.snapshot, "the binary COPY stream is cut short") }
                let length = Int(Self.int32(message, offset))
                offset += 4
                bounds[2 * f] = offset
                bounds[2 * f + 1] = length
                if length > 0 { offset += length }
                guard offset <= message.count else { throw StoreError(.snapshot, "the binary COPY stream is cut short") }
            }
            try body(CopyBinaryRow(bytes: message, fieldCount: fields, bounds: bounds))
        }
    }

    @inline(__always) static func int32(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> Int32 {
        Int32(bitPattern: UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
    }
}

/// One row of a binary COPY, valid only while libpq's buffer is.
struct CopyBinaryRow {
    static let maxFields = 8
    /// Start and length (-1 for NULL) of field i at 2i and 2i + 1.
    typealias Bounds = SIMD16<Int>

    let bytes: UnsafeRawBufferPointer
    let fieldCount: Int
    let bounds: Bounds

    @inline(__always) func isNull(_ i: Int) -> Bool { i >= fieldCount || bounds[2 * i + 1] < 0 }

    /// An integer column (int2, int4 or int8).
    func int64(_ i: Int) throws -> Int64 {
        guard !isNull(i) else { throw StoreError(.snapshot, "expected an integer in column \(i + 1), got NULL") }
        let start = bounds[2 * i]
        switch bounds[2 * i + 1] {
        case 8: return Int64(bigEndian: bytes.loadUnaligned(fromByteOffset: start, as: Int64.self))
        case 4: return Int64(CopyBinaryReader.int32(bytes, start))
        case 2: return Int64(Int16(bigEndian: bytes.loadUnaligned(fromByteOffset: start, as: Int16.self)))
        default: throw StoreError(.snapshot, "expected an integer in column \(i + 1), got \(bounds[2 * i + 1]) bytes")
        }
    }

    /// A float8 column.
    func double(_ i: Int) throws -> Double {
        guard !isNull(i), bounds[2 * i + 1] == 8 else { throw StoreError(.snapshot, "expected a double precision number in column \(i + 1)") }
        return Double(bitPattern: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: bounds[2 * i], as: UInt64.self)))
    }

    /// A text column's UTF-8 bytes (binary COPY sends text unescaped); empty for NULL.
    func raw(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let base = bytes.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) }
        guard !isNull(i), let base else { return UnsafeBufferPointer(start: base, count: 0) }
        return UnsafeBufferPointer(start: base + bounds[2 * i], count: bounds[2 * i + 1])
    }
}
