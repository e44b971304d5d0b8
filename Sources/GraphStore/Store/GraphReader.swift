// The read side of the store, as a protocol: what queries, algorithms and the API may read.
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
}

/// Write access: everything happens in a transaction that commits all or nothing.
public protocol GraphWriter: GraphReader {
    /// Runs `body` in one write transaction and bumps the store version when it commits.
    @discardableResult
    func write<T>(_ body: (GraphWriteTransaction) throws -> T) throws -> T
}
