// What the engine reads, loaded once per store version: every node with its labels and
// properties, every non-transfer edge with adjacency, and the transfer snapshot (CSR), which
// stays the fast path for TRANSFER relationships and their columns.
public import GraphCore
public import GraphStore

/// A node as the engine sees it.
struct NodeRecord: Sendable {
    var labels: [String]
    var properties: [String: Value]
}

/// A non-transfer edge, or a transfer created by the running query (not in the snapshot yet).
struct EdgeRecord: Sendable {
    var type: String
    var source: Int64
    var target: Int64
    var properties: [String: Value]
    /// The transfers row id when this record is a TRANSFER.
    var transferRow: Int64?
}

/// The property graph at one store version. A value type: a writing query mutates its copy.
public struct GraphCatalog: Sendable {
    public let storeVersion: Int64
    public let snapshot: GraphSnapshot
    var nodes: [Int64: NodeRecord] = [:]
    /// Node ids per label, ascending at load; queries append created nodes.
    var nodesByLabel: [String: [Int64]] = [:]
    var allNodeIDs: [Int64] = []
    /// label → key property value → node id, for the labels with a natural key.
    var keyIndex: [String: [String: Int64]] = [:]
    var edges: [Int64: EdgeRecord] = [:]
    var outgoing: [Int64: [Int64]] = [:]
    var incoming: [Int64: [Int64]] = [:]
    /// Snapshot transfers removed by the running query.
    var deletedTransfers: Set<Int64> = []
    /// Snapshot transfers whose properties the running query changed.
    var transferOverrides: [Int64: [String: Value]] = [:]

    /// The property that holds the store key of nodes with this label.
    public static let keyProperties = ["Account": "account_id", "Customer": "customer_id"]

    /// Loads the catalog at the store's current version.
    public static func load(from store: any GraphReader) throws -> GraphCatalog {
        let snapshot = try store.snapshot()
        var catalog = GraphCatalog(storeVersion: snapshot.storeVersion, snapshot: snapshot)
        for node in try store.allNodes() {
            var properties = node.properties.mapValues(Value.init)
            for label in node.labels {
                if let keyProperty = keyProperties[label] {
                    properties[keyProperty] = .string(node.key)
                    catalog.keyIndex[label, default: [:]][node.key] = node.id
                }
                catalog.nodesByLabel[label, default: []].append(node.id)
            }
            catalog.nodes[node.id] = NodeRecord(labels: node.labels, properties: properties)
            catalog.allNodeIDs.append(node.id)
        }
        for edge in try store.allEdges() {
            catalog.edges[edge.id] = EdgeRecord(
                type: edge.type, source: edge.source, target: edge.target, properties: edge.properties.mapValues(Value.init)
            )
            catalog.outgoing[edge.source, default: []].append(edge.id)
            catalog.incoming[edge.target, default: []].append(edge.id)
        }
        return catalog
    }

    // MARK: Relationship ids

    /// Transfers are numbered `-(edge + 1)` (edge = snapshot forward edge number); store
    /// edges keep their positive row id.
    @inline(__always) static func transferID(_ edge: Int) -> Int64 { -Int64(edge) - 1 }
    @inline(__always) static func snapshotEdge(_ id: Int64) -> Int? { id < 0 ? Int(-id - 1) : nil }

    /// Ids given to transfers a query creates, apart from store edge ids.
    static let createdTransferBase: Int64 = 1 << 48
}
