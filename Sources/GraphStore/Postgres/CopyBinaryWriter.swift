// Rows for `COPY ... FROM STDIN (FORMAT binary)`, the writing half of `CopyBinaryReader`: a
// file header, then per row a 16-bit field count and length-prefixed big-endian fields, and
// -1 as the trailer. Numbers go as their 8 bytes, so neither side formats or parses text.

/// Builds one binary COPY stream in memory, row by row.
struct CopyBinaryWriter {
    private(set) var bytes: [UInt8] = []
    private(set) var rows = 0

    init(reserve: Int = 1 << 20) {
        bytes.reserveCapacity(reserve)
        bytes.append(contentsOf: CopyBinaryReader.signature)
        bytes.append(contentsOf: [0, 0, 0, 0, 0, 0, 0, 0])  // flags, header extension length
    }

    /// Bytes held beyond the header.
    var size: Int { bytes.count - 19 }
    var isEmpty: Bool { rows == 0 }

    mutating func beginRow(fields: Int) {
        append16(UInt16(fields))
        rows += 1
    }

    mutating func int64(_ v: Int64) {
        append32(8)
        append64(UInt64(bitPattern: v))
    }

    mutating func double(_ v: Double) {
        append32(8)
        append64(v.bitPattern)
    }

    mutating func null() { append32(UInt32(bitPattern: -1)) }

    /// A text field. PostgreSQL refuses invalid UTF-8 and NUL bytes in text, where SQLite
    /// stores them; the bytes are repaired as the CSV property encoder repairs them (invalid
    /// sequences become U+FFFD) and NUL becomes U+FFFD too, so one odd byte in a file does
    /// not fail a nightly load on one backend only.
    mutating func text(_ field: UnsafeBufferPointer<UInt8>) {
        if field.allSatisfy({ $0 != 0 && $0 < 0x80 }) {
            append32(UInt32(field.count))
            bytes.append(contentsOf: field)
        } else {
            text(String(decoding: field, as: UTF8.self))
        }
    }

    mutating func text(_ s: String) {
        var s = s
        if s.utf8.contains(0) { s = String(s.map { $0 == "\0" ? "\u{FFFD}" : $0 }) }
        let utf8 = s.utf8
        append32(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// Sends the stream and its trailer as one `COPY ... FROM STDIN (FORMAT binary)`.
    func copy(into target: String, _ c: PostgresConnection) throws {
        try c.copyIn("COPY \(target) FROM STDIN (FORMAT binary)") { send in
            try send(bytes)
            try send([0xFF, 0xFF])
        }
    }

    @inline(__always) private mutating func append16(_ v: UInt16) {
        bytes.append(UInt8(v >> 8))
        bytes.append(UInt8(v & 0xFF))
    }

    @inline(__always) private mutating func append32(_ v: UInt32) {
        withUnsafeBytes(of: v.bigEndian) { bytes.append(contentsOf: $0) }
    }

    @inline(__always) private mutating func append64(_ v: UInt64) {
        withUnsafeBytes(of: v.bigEndian) { bytes.append(contentsOf: $0) }
    }
}
