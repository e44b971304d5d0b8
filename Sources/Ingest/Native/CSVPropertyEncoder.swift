// Encodes a CSV record's columns straight into a JSON object text, without building a
// dictionary of property values per row (the node-loading hot path).

/// Turns chosen columns of records into `{"column":"value",...}` JSON, keys in header order.
struct CSVPropertyEncoder {
    private let columns: [(index: Int, key: [UInt8], integer: Bool)]
    private var buffer: [UInt8] = []

    /// `skip` columns are left out; `integers` columns are written as JSON numbers when they are
    /// plain integers (and as strings otherwise, so no value is ever lost).
    init(header: HeaderMap, skip: Set<Int>, integers: Set<Int> = []) {
        var columns: [(Int, [UInt8], Bool)] = []
        for (i, name) in header.names.enumerated() where !skip.contains(i) {
            var key: [UInt8] = []
            Self.appendString(Array(name.utf8)[...], to: &key)
            columns.append((i, key, integers.contains(i)))
        }
        self.columns = columns
        buffer.reserveCapacity(256)
    }

    mutating func encode(_ record: borrowing CSVRecord) -> String {
        buffer.removeAll(keepingCapacity: true)
        buffer.append(UInt8(ascii: "{"))
        for (n, column) in columns.enumerated() {
            if n > 0 { buffer.append(UInt8(ascii: ",")) }
            buffer.append(contentsOf: column.key)
            buffer.append(UInt8(ascii: ":"))
            let field = record.field(column.index)
            if column.integer, FieldParser.parseInt64(field) != nil, field.first != UInt8(ascii: "+") {
                buffer.append(contentsOf: field)
            } else {
                Self.appendString(field[...], to: &buffer)
            }
        }
        buffer.append(UInt8(ascii: "}"))
        // Decoding repairs invalid UTF-8, so the store's json_valid check always holds.
        return String(decoding: buffer, as: UTF8.self)
    }

    static func appendString<C: Collection<UInt8>>(_ bytes: C, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in bytes {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
