// Rendering query results for `amlgraph query`: an aligned table or CSV (JSON is
// `QueryResult.jsonDocument` in Investigation, shared with the server).
import GraphQuery

enum QueryOutput {
    static func cell(_ r: QueryResult, _ v: Value) -> String {
        if case let .string(s) = v { return s }
        return r.literal(v)
    }

    static func csv(_ r: QueryResult) -> String {
        func quote(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var out = r.columns.map(quote).joined(separator: ",") + "\n"
        for row in r.rows { out += row.map { quote(cell(r, $0)) }.joined(separator: ",") + "\n" }
        return out
    }

    static func table(_ r: QueryResult) -> String {
        let cells = r.rows.map { $0.map { cell(r, $0) } }
        var widths = r.columns.map(\.count)
        for row in cells { for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ values: [String]) -> String {
            values.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }.joined(separator: " | ") + "\n"
        }
        var out = line(r.columns) + widths.map { String(repeating: "-", count: $0) }.joined(separator: "-+-") + "\n"
        for row in cells { out += line(row) }
        out += "(\(r.rows.count) rows, \(r.elapsedMs) ms, load \(r.loadMs) ms)\n"
        if let plan = r.plan, r.columns != ["plan"] { out += plan.joined(separator: "\n") + "\n" }
        return out
    }
}
