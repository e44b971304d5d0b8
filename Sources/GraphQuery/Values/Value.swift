// The values queries compute with: property values plus graph entities and paths.
public import GraphCore

/// A query value. Nodes and relationships are references into the graph being queried.
public enum Value: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case list([Value])
    case map([String: Value])
    /// A node by its store id.
    case node(Int64)
    /// A relationship by its graph-view id (`GraphView` numbers transfers and other edges apart).
    case relationship(Int64)
    case path(PathValue)

    public init(_ p: PropertyValue) {
        switch p {
        case .null: self = .null
        case let .bool(b): self = .bool(b)
        case let .int(i): self = .int(i)
        case let .double(d): self = .double(d)
        case let .string(s): self = .string(s)
        case let .list(l): self = .list(l.map(Value.init))
        case let .map(m): self = .map(m.mapValues(Value.init))
        }
    }

    /// The storable form, or nil for values a property cannot hold (nodes, paths, maps).
    public var propertyValue: PropertyValue? {
        switch self {
        case .null: return .null
        case let .bool(b): return .bool(b)
        case let .int(i): return .int(i)
        case let .double(d): return .double(d)
        case let .string(s): return .string(s)
        case let .list(items):
            var out: [PropertyValue] = []
            for item in items {
                guard let p = item.propertyValue, p != .null else { return nil }
                out.append(p)
            }
            return .list(out)
        case .map, .node, .relationship, .path: return nil
        }
    }

    public var isNull: Bool { if case .null = self { true } else { false } }

    /// The openCypher type name, for error messages.
    public var typeName: String {
        switch self {
        case .null: "NULL"
        case .bool: "BOOLEAN"
        case .int: "INTEGER"
        case .double: "FLOAT"
        case .string: "STRING"
        case .list: "LIST"
        case .map: "MAP"
        case .node: "NODE"
        case .relationship: "RELATIONSHIP"
        case .path: "PATH"
        }
    }
}

/// A path: nodes and the relationships between them (`relationships.count == nodes.count - 1`).
public struct PathValue: Sendable, Hashable {
    public var nodes: [Int64]
    public var relationships: [Int64]

    public init(nodes: [Int64], relationships: [Int64]) {
        self.nodes = nodes
        self.relationships = relationships
    }
}

extension Value {
    public var stringValue: String? { if case let .string(s) = self { s } else { nil } }

    /// True, false, or nil for null; a non-boolean is a type error.
    func truth() throws -> Bool? {
        switch self {
        case let .bool(b): return b
        case .null: return nil
        default: throw QueryError.type("expected a boolean, got \(typeName)")
        }
    }
}
