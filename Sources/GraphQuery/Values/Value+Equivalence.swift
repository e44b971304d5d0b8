// Equivalence (DISTINCT, grouping, hashing): null equals null, 1 equals 1.0, NaN equals NaN.
// This is not the `=` operator, which is three-valued; see Value+Comparison.

extension Value: Hashable {
    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.double(x), .double(y)): return x == y || (x.isNaN && y.isNaN)
        case let (.int(x), .double(y)), let (.double(y), .int(x)): return Double(x) == y && Double(exactly: y).map { Int64(exactly: $0) == x } != false
        case let (.string(x), .string(y)): return x == y
        case let (.list(x), .list(y)): return x == y
        case let (.map(x), .map(y)): return x == y
        case let (.node(x), .node(y)): return x == y
        case let (.relationship(x), .relationship(y)): return x == y
        case let (.path(x), .path(y)): return x == y
        default: return false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .null: h.combine(0)
        case let .bool(b): h.combine(1); h.combine(b)
        case let .int(i): h.combine(2); h.combine(Double(i))
        case let .double(d): h.combine(2); h.combine(d.isNaN ? Double.nan.bitPattern : d.bitPattern == (-0.0).bitPattern ? 0 : d.bitPattern)
        case let .string(s): h.combine(3); h.combine(s)
        case let .list(l): h.combine(4); h.combine(l)
        case let .map(m): h.combine(5); h.combine(m)
        case let .node(n): h.combine(6); h.combine(n)
        case let .relationship(r): h.combine(7); h.combine(r)
        case let .path(p): h.combine(8); h.combine(p)
        }
    }
}
