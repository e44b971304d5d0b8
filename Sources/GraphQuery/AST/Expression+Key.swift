// A structural key for bound expressions, so the binder can tell that `ORDER BY a.name`
// after `WITH a.name AS name, count(*) AS c` sorts by the grouping key it projected.

extension Expression {
    /// A text equal for two expressions of the same form over the same slots, or nil for forms
    /// that never count as "the same expression" (comprehensions, patterns, subqueries).
    var structuralKey: String? {
        switch self {
        case let .literal(v): return "lit(\(v))"
        case let .parameter(name, _): return "$\(name)"
        case let .slot(s, _): return "#\(s)"
        case .countStar: return "count(*)"
        case let .property(b, k): return b.structuralKey.map { "\($0).\(k)" }
        case let .unary(op, a): return a.structuralKey.map { "(\(op.rawValue) \($0))" }
        case let .binary(op, a, b):
            guard let l = a.structuralKey, let r = b.structuralKey else { return nil }
            return "(\(l) \(op.rawValue) \(r))"
        case let .subscripted(a, b):
            guard let l = a.structuralKey, let r = b.structuralKey else { return nil }
            return "\(l)[\(r)]"
        case let .isNull(a, negated): return a.structuralKey.map { "(\($0) IS \(negated ? "NOT " : "")NULL)" }
        case let .list(items):
            let keys = items.compactMap(\.structuralKey)
            return keys.count == items.count ? "[\(keys.joined(separator: ","))]" : nil
        case let .function(name, distinct, args, _):
            let keys = args.compactMap(\.structuralKey)
            guard keys.count == args.count else { return nil }
            return "\(name.lowercased())(\(distinct ? "DISTINCT " : "")\(keys.joined(separator: ",")))"
        default: return nil
        }
    }
}
