// Rendering result values: Cypher literal text (tables, the TCK) and JSON (CLI, API).
import GraphCore

extension QueryResult {
    /// Cypher literal form: `(:A {k: 1})`, `[:T {k: 'v'}]`, `<(:A)-[:T]->(:B)>`; labels and map
    /// keys sorted so equal values always print the same.
    public func literal(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case let .bool(b): return b ? "true" : "false"
        case let .int(i): return String(i)
        case let .double(d): return Self.formatDouble(d)
        case let .string(s): return "'" + s + "'"
        case let .list(items): return "[" + items.map(literal).joined(separator: ", ") + "]"
        case let .map(m): return "{" + m.keys.sorted().map { "\($0): \(literal(m[$0]!))" }.joined(separator: ", ") + "}"
        case let .node(n): return nodeLiteral(n)
        case let .relationship(r): return relationshipLiteral(r)
        case let .path(p):
            var out = "<" + nodeLiteral(p.nodes[0])
            for (i, r) in p.relationships.enumerated() {
                let forward = relationships[r]?.source == p.nodes[i]
                out += forward ? "-" + relationshipLiteral(r) + "->" : "<-" + relationshipLiteral(r) + "-"
                out += nodeLiteral(p.nodes[i + 1])
            }
            return out + ">"
        }
    }

    func propertiesLiteral(_ props: [String: Value]) -> String {
        props.isEmpty ? "" : " " + literal(.map(props))
    }

    func nodeLiteral(_ n: Int64) -> String {
        let d = nodes[n]
        return "(" + (d?.labels.sorted().map { ":" + $0 }.joined() ?? "") + propertiesLiteral(d?.properties ?? [:]) + ")"
    }

    func relationshipLiteral(_ r: Int64) -> String {
        let d = relationships[r]
        return "[:" + (d?.type ?? "") + propertiesLiteral(d?.properties ?? [:]) + "]"
    }

    public static func formatDouble(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
        if d == d.rounded(), abs(d) < 1e16 { return String(Int64(d)) + ".0" }
        return "\(d)"
    }

    /// JSON: nodes as `{"id","labels","properties"}`, relationships as
    /// `{"id","type","start","end","properties"}`, paths as `{"nodes":[...],"relationships":[...]}`.
    public func json(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case let .bool(b): return b ? "true" : "false"
        case let .int(i): return String(i)
        case let .double(d): return d.isFinite ? "\(d)" : "null"
        case let .string(s):
            var out = ""
            PropertyValue.writeJSONString(s, into: &out)
            return out
        case let .list(items): return "[" + items.map(json).joined(separator: ",") + "]"
        case let .map(m): return "{" + m.keys.sorted().map { json(.string($0)) + ":" + json(m[$0]!) }.joined(separator: ",") + "}"
        case let .node(n):
            let d = nodes[n]
            return "{\"id\":\(n),\"labels\":\(json(.list((d?.labels ?? []).map(Value.string)))),\"properties\":\(json(.map(d?.properties ?? [:])))}"
        case let .relationship(r):
            let d = relationships[r]
            return "{\"id\":\(r),\"type\":\(json(.string(d?.type ?? ""))),\"start\":\(d?.source ?? 0),\"end\":\(d?.target ?? 0),"
                + "\"properties\":\(json(.map(d?.properties ?? [:])))}"
        case let .path(p):
            return "{\"nodes\":[" + p.nodes.map { json(.node($0)) }.joined(separator: ",") + "],\"relationships\":["
                + p.relationships.map { json(.relationship($0)) }.joined(separator: ",") + "]}"
        }
    }
}
