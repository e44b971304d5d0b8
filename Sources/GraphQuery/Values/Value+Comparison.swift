// The `=` and `<` operators (three-valued: nil means null) and the total order ORDER BY uses.

extension Value {
    /// `a = b`: nil when the answer is unknown (a null is involved).
    public static func equals(_ a: Value, _ b: Value) -> Bool? {
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case let (.int(x), .int(y)): return x == y
        case let (.double(x), .double(y)): return x == y
        case let (.int(x), .double(y)), let (.double(y), .int(x)): return Double(x) == y
        case let (.list(x), .list(y)):
            guard x.count == y.count else { return false }
            var unknown = false
            for (p, q) in zip(x, y) {
                switch equals(p, q) {
                case false?: return false
                case nil: unknown = true
                default: break
                }
            }
            return unknown ? nil : true
        case let (.map(x), .map(y)):
            guard Set(x.keys) == Set(y.keys) else { return false }
            var unknown = false
            for (k, v) in x {
                switch equals(v, y[k]!) {
                case false?: return false
                case nil: unknown = true
                default: break
                }
            }
            return unknown ? nil : true
        case (.bool, .bool), (.string, .string), (.node, .node), (.relationship, .relationship), (.path, .path): return a == b
        default: return false
        }
    }

    /// `a < b` and friends: -1, 0, 1, or nil when the values are not comparable.
    public static func compare(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case let (.int(x), .int(y)): return x < y ? -1 : x == y ? 0 : 1
        case (.int, .double), (.double, .int), (.double, .double):
            let x = a.asDouble!, y = b.asDouble!
            if x.isNaN || y.isNaN { return nil }
            if case let (.int(i), .double(d)) = (a, b) { return compareIntDouble(i, d) }
            if case let (.double(d), .int(i)) = (a, b) { return -compareIntDouble(i, d) }
            return x < y ? -1 : x == y ? 0 : 1
        case let (.string(x), .string(y)): return x < y ? -1 : x == y ? 0 : 1
        case let (.bool(x), .bool(y)): return x == y ? 0 : (!x ? -1 : 1)
        case let (.list(x), .list(y)):
            for (p, q) in zip(x, y) {
                guard let c = compare(p, q) else { return nil }
                if c != 0 { return c }
            }
            return x.count < y.count ? -1 : x.count == y.count ? 0 : 1
        default: return nil
        }
    }

    static func compareIntDouble(_ i: Int64, _ d: Double) -> Int {
        if d.isNaN { return 0 }
        let x = Double(i)
        if x < d { return -1 }
        if x > d { return 1 }
        // Equal as doubles; decide exactly when the double is a whole number in range.
        if let exact = Int64(exactly: d) { return i < exact ? -1 : i == exact ? 0 : 1 }
        return 0
    }

    var asDouble: Double? {
        switch self {
        case let .int(i): Double(i)
        case let .double(d): d
        default: nil
        }
    }

    /// Rank of a type in the global sort order openCypher defines for ORDER BY.
    private var orderRank: Int {
        switch self {
        case .map: 0
        case .node: 1
        case .relationship: 2
        case .list: 3
        case .path: 4
        case .string: 5
        case .bool: 6
        case .int, .double: 7
        case .null: 9
        }
    }

    /// A total order over all values (ORDER BY, min, max): types by rank, nulls last.
    public static func orderCompare(_ a: Value, _ b: Value) -> Int {
        let ra = a.orderRank, rb = b.orderRank
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a, b) {
        case (.int, _), (.double, _):
            let x = a.asDouble!, y = b.asDouble!
            if x.isNaN || y.isNaN { return x.isNaN == y.isNaN ? 0 : (x.isNaN ? 1 : -1) }
            return compare(a, b) ?? 0
        case let (.list(x), .list(y)):
            for (p, q) in zip(x, y) {
                let c = orderCompare(p, q)
                if c != 0 { return c }
            }
            return x.count < y.count ? -1 : x.count == y.count ? 0 : 1
        case let (.node(x), .node(y)), let (.relationship(x), .relationship(y)): return x < y ? -1 : x == y ? 0 : 1
        case let (.map(x), .map(y)):
            let kx = x.keys.sorted(), ky = y.keys.sorted()
            let c = orderCompare(.list(kx.map(Value.string)), .list(ky.map(Value.string)))
            if c != 0 { return c }
            return orderCompare(.list(kx.map { x[$0]! }), .list(ky.map { y[$0]! }))
        case let (.path(x), .path(y)):
            return orderCompare(.list(x.nodes.map(Value.node)), .list(y.nodes.map(Value.node)))
        default: return compare(a, b) ?? 0
        }
    }
}
