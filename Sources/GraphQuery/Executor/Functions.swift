// Scalar functions: graph, list, string, math and conversion functions of openCypher.
import Foundation

extension ExecutionContext {
    static let aggregateNames: Set<String> = ["count", "sum", "avg", "min", "max", "collect", "stdev", "stdevp", "percentilecont", "percentiledisc"]

    func callFunction(_ name: String, distinct: Bool, _ args: [Value]) throws -> Value {
        let lower = name.lowercased()
        func arity(_ n: ClosedRange<Int>) throws {
            guard n.contains(args.count) else {
                throw QueryError.semantic("InvalidNumberOfArguments", "\(name) takes \(n.lowerBound == n.upperBound ? "\(n.lowerBound)" : "\(n.lowerBound) to \(n.upperBound)") arguments")
            }
        }
        if let math = Self.math1[lower] {
            try arity(1...1)
            guard let x = args[0].asDouble else {
                if args[0].isNull { return .null }
                throw QueryError.type("\(name) needs a number, got \(args[0].typeName)")
            }
            return .double(math(x))
        }
        switch lower {
        case " matchesmap":
            guard case let .map(m) = args[1] else { return .bool(args[1].isNull) }
            for (k, v) in m where Value.equals(try property(args[0], k), v) != true { return .bool(false) }
            return .bool(true)
        case "coalesce": return args.first { !$0.isNull } ?? .null
        case "pi": return .double(Double.pi)
        case "e": return .double(M_E)
        case "rand": return .double(Double.random(in: 0..<1))
        case "timestamp": return .int(Int64(Date().timeIntervalSince1970 * 1000))
        default: break
        }
        try arity(lower == "substring" || lower == "range" || lower == "replace" || lower == "split" || lower == "atan2"
                  || lower == "left" || lower == "right" || lower == "round" ? 1...3 : 1...1)
        let a = args[0]
        if lower == "exists" { return a.isNull ? .bool(false) : a }
        if a.isNull { return .null }
        switch lower {
        case "id":
            switch a {
            case let .node(n): return .int(n)
            case let .relationship(r): return .int(r)
            default: throw QueryError.type("id() needs a node or relationship")
            }
        case "labels":
            guard case let .node(n) = a else { throw QueryError.type("labels() needs a node") }
            return .list(graph.labels(n).map(Value.string))
        case "type":
            guard case let .relationship(r) = a else { throw QueryError.type("type() needs a relationship") }
            return .string(graph.type(r))
        case "properties":
            switch a {
            case let .node(n): return .map(graph.nodeProperties(n))
            case let .relationship(r): return .map(graph.relationshipProperties(r))
            case .map: return a
            default: throw QueryError.type("properties() needs a node, relationship or map")
            }
        case "keys":
            switch a {
            case let .node(n): return .list(graph.nodeProperties(n).keys.sorted().map(Value.string))
            case let .relationship(r): return .list(graph.relationshipProperties(r).keys.sorted().map(Value.string))
            case let .map(m): return .list(m.keys.sorted().map(Value.string))
            default: throw QueryError.type("keys() needs a node, relationship or map")
            }
        case "startnode", "endnode":
            guard case let .relationship(r) = a else { throw QueryError.type("\(name)() needs a relationship") }
            let (s, t) = graph.endpoints(r)
            return .node(lower == "startnode" ? s : t)
        case "nodes":
            guard case let .path(p) = a else { throw QueryError.type("nodes() needs a path") }
            try charge(values: p.nodes.count)
            return .list(p.nodes.map(Value.node))
        case "relationships", "rels":
            guard case let .path(p) = a else { throw QueryError.type("relationships() needs a path") }
            try charge(values: p.relationships.count)
            return .list(p.relationships.map(Value.relationship))
        case "length":
            switch a {
            case let .path(p): return .int(Int64(p.relationships.count))
            default: throw QueryError.type("length() needs a path, got \(a.typeName)")
            }
        case "size":
            switch a {
            case let .list(l): return .int(Int64(l.count))
            case let .string(s): return .int(Int64(s.count))
            default: throw QueryError.type("size() needs a list or string, got \(a.typeName)")
            }
        case "head", "last", "tail", "reverse":
            if case let .string(s) = a, lower == "reverse" {
                try charge(bytes: s.utf8.count + Self.arrayBytes)
                return .string(String(s.reversed()))
            }
            guard case let .list(l) = a else { throw QueryError.type("\(name)() needs a list, got \(a.typeName)") }
            switch lower {
            case "head": return l.first ?? .null
            case "last": return l.last ?? .null
            case "tail":
                try charge(values: l.count)
                return .list(Array(l.dropFirst()))
            default:
                try charge(values: l.count)
                return .list(l.reversed())
            }
        case "range": return try range(args)
        case "tostring":
            switch a {
            case .string: return a
            case .int, .double, .bool: return .string(Self.text(a))
            default: throw QueryError.type("toString() cannot convert a \(a.typeName)")
            }
        case "tointeger":
            switch a {
            case .int: return a
            case let .double(d): return d.isFinite ? try Self.integer(truncating: d) : .null
            case let .string(s):
                if let i = Int64(s.trimmingCharacters(in: .whitespaces)) { return .int(i) }
                if let d = Double(s.trimmingCharacters(in: .whitespaces)), d.isFinite { return try Self.integer(truncating: d) }
                return .null
            case let .bool(b): return .int(b ? 1 : 0)
            default: throw QueryError.type("toInteger() cannot convert a \(a.typeName)")
            }
        case "tofloat":
            switch a {
            case let .int(i): return .double(Double(i))
            case .double: return a
            case let .string(s): return Double(s.trimmingCharacters(in: .whitespaces)).map(Value.double) ?? .null
            default: throw QueryError.type("toFloat() cannot convert a \(a.typeName)")
            }
        case "toboolean":
            switch a {
            case .bool: return a
            case let .string(s):
                switch s.lowercased().trimmingCharacters(in: .whitespaces) {
                case "true": return .bool(true)
                case "false": return .bool(false)
                default: return .null
                }
            case let .int(i): return .bool(i != 0)
            default: throw QueryError.type("toBoolean() cannot convert a \(a.typeName)")
            }
        case "abs":
            switch a {
            case let .int(i): return i == .min ? .double(-Double(i)) : .int(abs(i))
            case let .double(d): return .double(abs(d))
            default: throw QueryError.type("abs() needs a number")
            }
        case "sign":
            guard let d = a.asDouble else { throw QueryError.type("sign() needs a number") }
            return .int(d > 0 ? 1 : d < 0 ? -1 : 0)
        case "round":
            guard let d = a.asDouble else { throw QueryError.type("round() needs a number") }
            if args.count >= 2, case let .int(p) = args[1] {
                let f = pow(10.0, Double(p))
                return .double((d * f).rounded(.toNearestOrAwayFromZero) / f)
            }
            return .double((d + 0.5).rounded(.down))
        case "atan2":
            guard args.count == 2, let y = a.asDouble, let x = args[1].asDouble else { return .null }
            return .double(atan2(y, x))
        default:
            return try stringFunction(lower, name, args)
        }
    }

    static let math1: [String: @Sendable (Double) -> Double] = [
        "ceil": { $0.rounded(.up) }, "floor": { $0.rounded(.down) }, "sqrt": { $0.squareRoot() }, "exp": { Foundation.exp($0) },
        "log": { Foundation.log($0) }, "log10": { Foundation.log10($0) }, "sin": { Foundation.sin($0) }, "cos": { Foundation.cos($0) },
        "tan": { Foundation.tan($0) }, "asin": { Foundation.asin($0) }, "acos": { Foundation.acos($0) }, "atan": { Foundation.atan($0) },
        "cot": { 1 / Foundation.tan($0) }, "degrees": { $0 * 180 / .pi }, "radians": { $0 * .pi / 180 }, "haversin": { (1 - Foundation.cos($0)) / 2 },
    ]

    /// `range(start, end[, step])`; a non-integer argument is an ArgumentError (InvalidArgumentType),
    /// as the openCypher TCK (List11) specifies, not a TypeError.
    /// `d` truncated toward zero as an integer, or an integer-overflow error when it is outside
    /// the 64-bit range (`toInteger(1e300)` trapped before).
    static func integer(truncating d: Double) throws -> Value {
        guard let i = Int64(exactly: d.rounded(.towardZero)) else {
            throw QueryError.argument("integer overflow: \(d) is outside the 64-bit integer range", code: "IntegerOverflow")
        }
        return .int(i)
    }

    func range(_ args: [Value]) throws -> Value {
        guard args.count >= 2 else { throw QueryError.semantic("InvalidNumberOfArguments", "range() takes 2 or 3 arguments") }
        guard case let .int(start) = args[0], case let .int(end) = args[1] else { throw QueryError.argument("range() needs integers", code: "InvalidArgumentType") }
        var step: Int64 = 1
        if args.count == 3 {
            guard case let .int(s) = args[2] else { throw QueryError.argument("range() needs integers", code: "InvalidArgumentType") }
            guard s != 0 else { throw QueryError.argument("range() step must not be zero", code: "NumberOutOfRange") }
            step = s
        }
        var out: [Value] = []
        var i = start
        while step > 0 ? i <= end : i >= end {
            out.append(.int(i))
            try produced(0)
            try charge(bytes: MemoryLayout<Value>.stride)
            if out.count > budget.maxRows { throw QueryError(.budget, "RowBudget", "range() is larger than the row budget") }
            let (n, overflow) = i.addingReportingOverflow(step)
            if overflow { break }
            i = n
        }
        return .list(out)
    }
}
