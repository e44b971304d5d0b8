// Property values as JSON through Codable: the API reads query parameters and writes node
// properties with it. Integers stay integers (1 is .int, 1.5 is .double).

extension PropertyValue: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int64.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let items = try? c.decode([PropertyValue].self) {
            self = .list(items)
        } else {
            self = .map(try c.decode([String: PropertyValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case let .bool(b): try c.encode(b)
        case let .int(i): try c.encode(i)
        // JSON has no NaN or infinities: null, as `jsonText` writes them.
        case let .double(d): if d.isFinite { try c.encode(d) } else { try c.encodeNil() }
        case let .string(s): try c.encode(s)
        case let .list(items): try c.encode(items)
        case let .map(entries): try c.encode(entries)
        }
    }
}
