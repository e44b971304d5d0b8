// Reads the TCK's expected values (`(:A {num: 1})`, `[:T]`, `<(:A)-[:T]->(:B)>`, lists, maps,
// strings, numbers) and renders them in the canonical form `QueryResult.literal` prints.
import GraphQuery

struct TCKLiteral {
    let chars: [Character]
    var i = 0

    init(_ text: String) { chars = Array(text) }

    /// The canonical text of an expected cell, or nil when it cannot be read.
    static func canonical(_ text: String, sortLists: Bool = false) -> String? {
        var p = TCKLiteral(text)
        guard let v = try? p.value(sortLists: sortLists) else { return nil }
        p.skip()
        return p.i == p.chars.count ? v : nil
    }

    /// A parameter value (no graph entities).
    static func value(_ text: String) -> Value? {
        var p = TCKLiteral(text)
        return try? p.plainValue()
    }

    struct Bad: Error {}

    mutating func skip() { while i < chars.count, chars[i] == " " { i += 1 } }

    mutating func expect(_ c: Character) throws {
        skip()
        guard i < chars.count, chars[i] == c else { throw Bad() }
        i += 1
    }

    func peek() -> Character? { i < chars.count ? chars[i] : nil }

    mutating func value(sortLists: Bool) throws -> String {
        skip()
        guard let c = peek() else { throw Bad() }
        switch c {
        case "(": return try node()
        case "[" where i + 1 < chars.count && chars[i + 1] == ":": return try relationship()
        case "[":
            i += 1
            var items: [String] = []
            skip()
            if peek() == "]" { i += 1; return "[]" }
            while true {
                items.append(try value(sortLists: sortLists))
                skip()
                if peek() == "," { i += 1; continue }
                try expect("]")
                break
            }
            if sortLists { items.sort() }
            return "[" + items.joined(separator: ", ") + "]"
        case "{": return try map()
        case "<":
            i += 1
            var out = "<" + (try node())
            while true {
                skip()
                if peek() == ">" { i += 1; return out + ">" }
                if peek() == "<" {
                    i += 2
                    let r = try relationship()
                    try expect("-")
                    out += "<-" + r + "-"
                } else {
                    try expect("-")
                    let r = try relationship()
                    try expect("-")
                    try expect(">")
                    out += "-" + r + "->"
                }
                out += try node()
            }
        default:
            let v = try plainValue()
            return QueryResult(columns: [], rows: []).literal(v)
        }
    }

    mutating func name() -> String {
        skip()
        var out = ""
        if peek() == "`" {
            i += 1
            while let c = peek(), c != "`" { out.append(c); i += 1 }
            i += 1
            return out
        }
        while let c = peek(), c.isLetter || c.isNumber || c == "_" { out.append(c); i += 1 }
        return out
    }

    mutating func node() throws -> String {
        try expect("(")
        var labels: [String] = []
        skip()
        while peek() == ":" {
            i += 1
            labels.append(name())
            skip()
        }
        var props = ""
        if peek() == "{" {
            let m = try map()
            if m != "{}" { props = " " + m }
        }
        try expect(")")
        return "(" + labels.sorted().map { ":" + $0 }.joined() + props + ")"
    }

    mutating func relationship() throws -> String {
        try expect("[")
        try expect(":")
        let type = name()
        skip()
        var props = ""
        if peek() == "{" {
            let m = try map()
            if m != "{}" { props = " " + m }
        }
        try expect("]")
        return "[:" + type + props + "]"
    }

    mutating func map() throws -> String {
        try expect("{")
        var entries: [(String, String)] = []
        skip()
        if peek() == "}" { i += 1; return "{}" }
        while true {
            let key = name()
            try expect(":")
            entries.append((key, try value(sortLists: false)))
            skip()
            if peek() == "," { i += 1; continue }
            try expect("}")
            break
        }
        return "{" + entries.sorted { $0.0 < $1.0 }.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}"
    }

    mutating func plainValue() throws -> Value {
        skip()
        guard let c = peek() else { throw Bad() }
        if c == "'" || c == "\"" {
            i += 1
            var out = ""
            while let d = peek(), d != c {
                if d == "\\", i + 1 < chars.count {
                    i += 1
                    out.append(chars[i] == "n" ? "\n" : chars[i] == "t" ? "\t" : chars[i])
                } else {
                    out.append(d)
                }
                i += 1
            }
            try expect(c)
            return .string(out)
        }
        if c == "[" {
            i += 1
            var items: [Value] = []
            skip()
            if peek() == "]" { i += 1; return .list([]) }
            while true {
                items.append(try plainValue())
                skip()
                if peek() == "," { i += 1; continue }
                try expect("]")
                return .list(items)
            }
        }
        if c == "{" {
            i += 1
            var m: [String: Value] = [:]
            skip()
            if peek() == "}" { i += 1; return .map(m) }
            while true {
                let key = name()
                try expect(":")
                m[key] = try plainValue()
                skip()
                if peek() == "," { i += 1; continue }
                try expect("}")
                return .map(m)
            }
        }
        var word = ""
        while let d = peek(), !",]}) ".contains(d) { word.append(d); i += 1 }
        switch word {
        case "null": return .null
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "NaN": return .double(.nan)
        case "Inf", "Infinity": return .double(.infinity)
        case "-Inf", "-Infinity": return .double(-.infinity)
        default:
            if let n = Int64(word) { return .int(n) }
            if let d = Double(word) { return .double(d) }
            throw Bad()
        }
    }
}
