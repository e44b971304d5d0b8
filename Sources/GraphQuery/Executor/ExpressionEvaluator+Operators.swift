// Boolean logic (three-valued), comparison, string predicates and arithmetic with integer
// overflow detection.
import Foundation

extension ExecutionContext {
    func unary(_ op: UnaryOperator, _ v: Value) throws -> Value {
        switch (op, v) {
        case (_, .null): return .null
        case let (.not, .bool(b)): return .bool(!b)
        case let (.negate, .int(i)):
            guard i != .min else { throw QueryError.argument("integer overflow", code: "IntegerOverflow") }
            return .int(-i)
        case let (.negate, .double(d)): return .double(-d)
        case (.plus, .int), (.plus, .double): return v
        default: throw QueryError.type("cannot apply \(op.rawValue) to a \(v.typeName)")
        }
    }

    func binary(_ op: BinaryOperator, _ l: Expression, _ r: Expression, _ row: Row) throws -> Value {
        switch op {
        case .and:
            let a = try evaluate(l, row).truth()
            if a == false { return .bool(false) }
            let b = try evaluate(r, row).truth()
            if b == false { return .bool(false) }
            return a == nil || b == nil ? .null : .bool(true)
        case .or:
            let a = try evaluate(l, row).truth()
            if a == true { return .bool(true) }
            let b = try evaluate(r, row).truth()
            if b == true { return .bool(true) }
            return a == nil || b == nil ? .null : .bool(false)
        case .xor:
            guard let a = try evaluate(l, row).truth(), let b = try evaluate(r, row).truth() else { return .null }
            return .bool(a != b)
        default:
            return try apply(op, try evaluate(l, row), try evaluate(r, row))
        }
    }

    func apply(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        switch op {
        case .equal: return Value.equals(a, b).map(Value.bool) ?? .null
        case .notEqual: return Value.equals(a, b).map { .bool(!$0) } ?? .null
        case .less, .greater, .lessEqual, .greaterEqual:
            if a.isNull || b.isNull { return .null }
            guard let c = Value.compare(a, b) else { return .null }
            switch op {
            case .less: return .bool(c < 0)
            case .greater: return .bool(c > 0)
            case .lessEqual: return .bool(c <= 0)
            default: return .bool(c >= 0)
            }
        case .startsWith, .endsWith, .contains:
            guard case let .string(x) = a, case let .string(y) = b else { return .null }
            return .bool(op == .startsWith ? x.hasPrefix(y) : op == .endsWith ? x.hasSuffix(y) : (y.isEmpty || x.contains(y)))
        case .regex:
            guard case let .string(x) = a, case let .string(pattern) = b else { return .null }
            guard let re = try? NSRegularExpression(pattern: "^(?:" + pattern + ")$", options: [.dotMatchesLineSeparators]) else {
                throw QueryError.argument("invalid regular expression \(pattern)", code: "InvalidRegex")
            }
            return .bool(re.firstMatch(in: x, range: NSRange(x.startIndex..., in: x)) != nil)
        case .in:
            guard case let .list(items) = b else {
                if b.isNull { return .null }
                throw QueryError.type("IN needs a list, got \(b.typeName)")
            }
            var unknown = false
            for item in items {
                switch Value.equals(a, item) {
                case true?: return .bool(true)
                case nil: unknown = true
                default: break
                }
            }
            return unknown ? .null : .bool(false)
        case .add: return try add(a, b)
        case .subtract, .multiply, .divide, .modulo, .power: return try arithmetic(op, a, b)
        case .and, .or, .xor: fatalError("handled by binary(_:_:_:_:)")
        }
    }

    /// The longest string `+` builds: 64 MiB.
    static let maxStringBytes = 64 << 20

    func add(_ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case (.null, _), (_, .null): return .null
        case let (.list(x), .list(y)):
            // Bounded like range(): repeated doubling (`WITH r + r AS r`) built 128 M elements
            // (6 GB) inside one row before any budget saw it.
            guard x.count + y.count <= budget.maxRows else {
                throw QueryError(.budget, "RowBudget", "list concatenation is larger than the row budget of \(budget.maxRows)")
            }
            try charge(values: x.count + y.count)
            return .list(x + y)
        case let (.list(x), _):
            try charge(values: x.count + 1)
            return .list(x + [b])
        case let (_, .list(y)):
            try charge(values: y.count + 1)
            return .list([a] + y)
        case let (.string(x), .string(y)):
            guard x.utf8.count + y.utf8.count <= Self.maxStringBytes else {
                throw QueryError(.budget, "RowBudget", "string concatenation is longer than \(Self.maxStringBytes) bytes")
            }
            try charge(bytes: x.utf8.count + y.utf8.count + Self.arrayBytes)
            return .string(x + y)
        case let (.string(x), .int), let (.string(x), .double): return .string(x + Self.text(b))
        case let (.int, .string(y)), let (.double, .string(y)): return .string(Self.text(a) + y)
        default: return try arithmetic(.add, a, b)
        }
    }

    static func text(_ v: Value) -> String {
        switch v {
        case let .int(i): String(i)
        case let .double(d): formatDouble(d)
        case let .string(s): s
        case let .bool(b): b ? "true" : "false"
        default: ""
        }
    }

    static func formatDouble(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
        if d == d.rounded(), abs(d) < 1e15 { return String(format: "%.1f", d) }
        return "\(d)"
    }

    func arithmetic(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case (.null, _), (_, .null): return .null
        case let (.int(x), .int(y)):
            let result: (Int64, Bool)
            switch op {
            case .add: result = x.addingReportingOverflow(y)
            case .subtract: result = x.subtractingReportingOverflow(y)
            case .multiply: result = x.multipliedReportingOverflow(by: y)
            case .divide:
                guard y != 0 else { throw QueryError.argument("division by zero", code: "DivisionByZero") }
                result = x.dividedReportingOverflow(by: y)
            case .modulo:
                guard y != 0 else { throw QueryError.argument("division by zero", code: "DivisionByZero") }
                result = x.remainderReportingOverflow(dividingBy: y)
            default: return .double(pow(Double(x), Double(y)))
            }
            guard !result.1 else { throw QueryError.argument("integer overflow", code: "IntegerOverflow") }
            return .int(result.0)
        default:
            guard let x = a.asDouble, let y = b.asDouble else {
                throw QueryError.type("cannot apply \(op.rawValue) to \(a.typeName) and \(b.typeName)")
            }
            switch op {
            case .add: return .double(x + y)
            case .subtract: return .double(x - y)
            case .multiply: return .double(x * y)
            case .divide: return .double(x / y)
            case .modulo: return .double(fmod(x, y))
            default: return .double(pow(x, y))
            }
        }
    }
}
