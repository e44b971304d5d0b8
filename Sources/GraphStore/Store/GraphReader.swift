// The read side of the store, as a protocol: what queries, algorithms and the API may read.
// Both backends implement it (`SQLiteGraphStore`, `PostgresGraphStore`); callers hold an
// `any GraphReader` and read the snapshot, not the protocol, in their inner loops.
public import GraphCore

/// Read access to a property graph. Implementations are safe to call from any thread.
public protocol GraphReader: Sendable {
    /// Bumped by every committed write; equal versions mean equal contents.
    func storeVersion() throws -> Int64
    func statistics() throws -> StoreStatistics
    func node(label: String, key: String) throws -> StoredNode?
    func node(id: Int64) throws -> StoredNode?
    func nodes(label: String, limit: Int, offset: Int) throws -> [StoredNode]
    func edges(of node: Int64, type: String?, direction: EdgeDirection) throws -> [StoredEdge]
    func transfer(id transferID: String) throws -> StoredTransfer?
    /// An account's transfers in either direction, newest first.
    func transfers(ofAccount key: String, limit: Int) throws -> [StoredTransfer]
    /// External transfer ids of snapshot rows (`GraphSnapshot.transferRowID`), in the given order.
    func transferIDs(rowIDs: [Int32]) throws -> [String]
    /// The in-memory transfer graph at the current version (cached on disk beside the store).
    func snapshot() throws -> GraphSnapshot

    // Whole-table reads for the query engine's catalog (`GraphCatalog.load`).

    /// Every node, in id order, with its labels (first label first, then the others sorted).
    func allNodes() throws -> [LabeledNode]
    /// Every edge of the `edges` table (every type but TRANSFER), in id order.
    func allEdges() throws -> [StoredEdge]
    /// The external id and JSON properties of a transfer row, or nil when it is gone.
    func transferExtras(row: Int32) throws -> TransferExtras?
    /// For every node with `label`, in id order: its id, key, and the top-level JSON
    /// properties `names` as text (numbers in their JSON spelling; nil when absent or null).
    /// One scan, for the feature columns of accounts and customers.
    func nodeProperties(label: String, names: [String]) throws -> [NodePropertyRow]
}

/// Write access: everything happens in a transaction that commits all or nothing.
public protocol GraphWriter: GraphReader {
    /// Runs `body` in one write transaction and bumps the store version when it commits.
    @discardableResult
    func write<T>(_ body: (GraphWriteTransaction) throws -> T) throws -> T
}

/// One row of `GraphReader.nodeProperties`.
public struct NodePropertyRow: Sendable, Equatable {
    public let id: Int64
    public let key: String
    /// Aligned with the `names` asked for.
    public let values: [String?]

    public init(id: Int64, key: String, values: [String?]) {
        self.id = id
        self.key = key
        self.values = values
    }
}
