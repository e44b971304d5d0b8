// String functions.
import Foundation

extension ExecutionContext {
    func stringFunction(_ lower: String, _ name: String, _ args: [Value]) throws -> Value {
        guard case let .string(s) = args[0] else {
            if Self.stringFunctions.contains(lower) { throw QueryError.type("\(name)() needs a string, got \(args[0].typeName)") }
            throw QueryError(.procedure, "UnknownFunction", "unknown function \(name)")
        }
        func intArg(_ i: Int) throws -> Int? {
            guard i < args.count else { return nil }
            if args[i].isNull { return nil }
            guard case let .int(v) = args[i] else { throw QueryError.type("\(name)() needs an integer argument") }
            guard v >= 0 else { throw QueryError.argument("\(name)() needs a non-negative argument", code: "NumberOutOfRange") }
            return Int(clamping: v)
        }
        func stringArg(_ i: Int) throws -> String? {
            guard i < args.count else { return nil }
            if args[i].isNull { return nil }
            guard case let .string(v) = args[i] else { throw QueryError.type("\(name)() needs a string argument") }
            return v
        }
        switch lower {
        case "toupper": return .string(s.uppercased())
        case "tolower": return .string(s.lowercased())
        case "trim": return .string(s.trimmingCharacters(in: .whitespaces))
        case "ltrim": return .string(String(s.drop { $0 == " " || $0 == "\t" }))
        case "rtrim": return .string(String(s.reversed().drop { $0 == " " || $0 == "\t" }.reversed()))
        case "reverse": return .string(String(s.reversed()))
        case "left", "right":
            guard args.count == 2 else { throw QueryError.semantic("InvalidNumberOfArguments", "\(name)() takes 2 arguments") }
            guard let n = try intArg(1) else { throw QueryError.argument("\(name)() needs a length", code: "NumberOutOfRange") }
            return .string(String(lower == "left" ? s.prefix(n) : s.suffix(n)))
        case "substring":
            guard args.count >= 2 else { throw QueryError.semantic("InvalidNumberOfArguments", "substring() takes 2 or 3 arguments") }
            guard let start = try intArg(1) else { return .null }
            let chars = Array(s)
            guard start < chars.count else { return .string("") }
            let length = try intArg(2) ?? chars.count
            // Saturating: a length near Int.max must not overflow the end index.
            let (end, overflow) = start.addingReportingOverflow(length)
            return .string(String(chars[start..<(overflow ? chars.count : min(chars.count, end))]))
        case "replace":
            guard args.count == 3 else { throw QueryError.semantic("InvalidNumberOfArguments", "replace() takes 3 arguments") }
            guard let from = try stringArg(1), let to = try stringArg(2) else { return .null }
            return .string(from.isEmpty ? s : s.replacingOccurrences(of: from, with: to))
        case "split":
            guard args.count == 2 else { throw QueryError.semantic("InvalidNumberOfArguments", "split() takes 2 arguments") }
            guard let separator = try stringArg(1) else { return .null }
            if separator.isEmpty { return .list(s.map { .string(String($0)) }) }
            return .list(s.components(separatedBy: separator).map(Value.string))
        default:
            throw QueryError(.procedure, "UnknownFunction", "unknown function \(name)")
        }
    }

    static let stringFunctions: Set<String> = ["toupper", "tolower", "trim", "ltrim", "rtrim", "left", "right", "substring", "replace", "split"]
}
