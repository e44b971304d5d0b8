// String functions.
import Foundation

extension ExecutionContext {
    /// A string function's result, its bytes charged to the memory budget: each call builds a
    /// new string, and `[i IN range(1, 300) | toUpper(s)]` over a 16 MiB `s` took 5 GB.
    func stringFunction(_ lower: String, _ name: String, _ args: [Value]) throws -> Value {
        let result = try uncheckedStringFunction(lower, name, args)
        if case let .string(s) = result { try charge(bytes: s.utf8.count + Self.arrayBytes) }
        return result
    }

    private func uncheckedStringFunction(_ lower: String, _ name: String, _ args: [Value]) throws -> Value {
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
            return .string(from.isEmpty ? s : try replacing(from, with: to, in: s))
        case "split":
            guard args.count == 2 else { throw QueryError.semantic("InvalidNumberOfArguments", "split() takes 2 arguments") }
            guard let separator = try stringArg(1) else { return .null }
            let parts = separator.isEmpty ? s.map { String($0) } : s.components(separatedBy: separator)
            try charge(values: parts.count)
            try charge(bytes: s.utf8.count)
            return .list(parts.map(Value.string))
        default:
            throw QueryError(.procedure, "UnknownFunction", "unknown function \(name)")
        }
    }

    /// `s` with every occurrence of `from` (non-empty) replaced by `to`, left to right without
    /// overlaps, matched by `Character` (so canonically equivalent text matches), refused once
    /// the result would pass `maxStringBytes`: nested replaces multiply the length (eleven of
    /// them asked for 16^12 bytes and ran past the time budget), and nothing bounded one call.
    func replacing(_ from: String, with to: String, in s: String) throws -> String {
        var out = ""
        func bounded() throws {
            guard out.utf8.count <= Self.maxStringBytes else {
                throw QueryError(.budget, "MemoryBudget", "replace() would build a string longer than \(Self.maxStringBytes) bytes")
            }
        }
        var rest = s.startIndex
        var steps = 0
        while let found = s[rest...].firstRange(of: from) {
            out += s[rest..<found.lowerBound]
            out += to
            rest = found.upperBound
            try bounded()
            steps += 1
            if steps & 4_095 == 0 { try checkTime() }
        }
        out += s[rest...]
        try bounded()
        return out
    }

    static let stringFunctions: Set<String> = ["toupper", "tolower", "trim", "ltrim", "rtrim", "left", "right", "substring", "replace", "split"]
}
