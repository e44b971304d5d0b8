// The bulk-ingest path shared by both backends: an in-memory index of account and customer
// keys (so a known node is merged and a new one inserted without asking the database), the
// counts an ingest reports, and a `BulkSink` that writes rows the backend's fastest way
// (prepared multi-row statements on SQLite, COPY FROM STDIN into staging tables on PostgreSQL).
public import GraphCore

/// Loads nodes, ownership and transfers inside one transaction opened by a store's `bulkLoad`.
///
/// Counts are read through throwing properties: a backend that batches its writes
/// (PostgreSQL) sends what it holds first, so a count is exact at the moment it is read.
public final class BulkLoader {
    let sink: any BulkSink
    private var accountIDs = NodeKeyIndex(minimumCapacity: 1 << 16)
    private var customerIDs = NodeKeyIndex(minimumCapacity: 1 << 16)
    var counts = BulkCounts()

    /// Transfers inserted (duplicates of an existing id are not counted).
    public var transfersInserted: Int { get throws { try sync().transfers } }
    /// Nodes inserted or whose properties changed.
    public var nodesChanged: Int { get throws { try sync().nodes } }
    public var edgesInserted: Int { get throws { try sync().edges } }
    /// Other rows written (pattern members, watermarks): they change the store too.
    public var otherChanges: Int { get throws { try sync().other } }

    init(sink: any BulkSink) throws {
        self.sink = sink
        try sink.loadKeys(accounts: &accountIDs, customers: &customerIDs)
    }

    /// Sends any rows the sink holds and returns the counts including them.
    func sync() throws -> BulkCounts {
        counts.add(try sink.flush())
        return counts
    }

    /// Inserts or merges a node and returns its id; an unchanged node is not rewritten.
    @discardableResult
    public func upsertNode(label: String, key: String, properties: [String: PropertyValue]) throws -> Int64 {
        try upsertNode(label: label, key: key, json: PropertyValue.map(properties).jsonText)
    }

    /// As `upsertNode(label:key:properties:)`, with the properties already encoded as a JSON object.
    ///
    /// Accounts and customers are all known to the loader (it read their keys at the start), so a
    /// new one is a plain insert and a known one a conditional merge; other labels take the
    /// general upsert.
    @discardableResult
    public func upsertNode(label: String, key: String, json: String) throws -> Int64 {
        let isAccount = label == "Account", isCustomer = label == "Customer"
        if isAccount || isCustomer {
            if let known = isAccount ? accountIDs.id(key) : customerIDs.id(key) {
                counts.nodes += try sink.mergeNode(id: known, json: json)
                return known
            }
            let id = try sink.insertNode(label: label, key: key, json: json)
            counts.nodes += 1
            if isAccount { accountIDs.set(key, id) } else { customerIDs.set(key, id) }
            return id
        }
        let (id, changed) = try sink.upsertNode(label: label, key: key, json: json)
        counts.nodes += changed
        return id
    }

    public func accountID(_ key: String) -> Int64? { accountIDs.id(key) }
    /// The id of the account whose key is these UTF-8 bytes (no String is made).
    @inline(__always)
    public func accountID(_ key: UnsafeBufferPointer<UInt8>) -> Int64? {
        if let id = accountIDs.id(key) { return id }
        return Self.repaired(key).flatMap { accountIDs.id($0) }
    }
    public func customerID(_ key: String) -> Int64? { customerIDs.id(key) }
    public func customerID(_ key: UnsafeBufferPointer<UInt8>) -> Int64? {
        if let id = customerIDs.id(key) { return id }
        return Self.repaired(key).flatMap { customerIDs.id($0) }
    }

    /// Keys are stored as Strings, where invalid UTF-8 became U+FFFD; a miss on raw bytes that
    /// are not valid UTF-8 retries with the same repair (nil when the bytes were valid).
    private static func repaired(_ key: UnsafeBufferPointer<UInt8>) -> String? {
        let text = String(decoding: key, as: UTF8.self)
        return text.utf8.elementsEqual(key) ? nil : text
    }
    public var accountCount: Int { accountIDs.count }

    /// Adds an edge (not a transfer); duplicates are ignored.
    public func addEdge(type: String, source: Int64, target: Int64) throws {
        counts.edges += try sink.addEdge(type: type, source: source, target: target)
    }

    public func addPatternMember(patternID: String, typology: String, account: Int64) throws {
        counts.other += try sink.addPatternMember(patternID: patternID, typology: typology, account: account)
    }

    /// Adds one transfer from raw UTF-8 fields; duplicates of an existing id are ignored.
    @inline(__always)
    public func addTransfer(
        id: UnsafeBufferPointer<UInt8>, source: Int64, target: Int64, amount: Double, currency: UnsafeBufferPointer<UInt8>,
        timestamp: Int64, channel: UnsafeBufferPointer<UInt8>, isLaundering: Int8, properties: [String: PropertyValue]? = nil
    ) throws {
        counts.transfers += try sink.addTransfer(
            id: id, source: source, target: target, amount: amount, currency: currency, timestamp: timestamp, channel: channel,
            isLaundering: isLaundering, properties: properties.map { PropertyValue.map($0).jsonText }
        )
    }

    /// Adds a batch of transfers; duplicates of an existing id are ignored, and of ids repeated
    /// within the input the first is kept, as in `addTransfer`.
    public func addTransfers(_ batch: TransferBatch) throws {
        counts.transfers += try sink.addTransfers(batch)
    }

    /// The watermark recorded for (source, table) by an earlier incremental load, if any.
    public func watermark(source: String, table: String) throws -> Int64? {
        try sink.watermark(source: source, table: table)
    }

    /// Records how far an incremental load got; committed with the rows it covers. A stored
    /// watermark never moves back.
    public func setWatermark(source: String, table: String, value: Int64) throws {
        try sink.setWatermark(source: source, table: table, value: value)
        counts.other += 1
    }

    /// Sends what is held and lets the backend finish (SQLite rebuilds what its fast path
    /// dropped). Returns the transfers the finish removed as repeats within the input.
    func finish() throws -> Int {
        _ = try sync()
        let removed = try sink.finish()
        counts.transfers -= removed.transfers
        counts.edges -= removed.edges
        return removed.transfers
    }

    /// True when anything reached the store (so its version must be bumped).
    var changedAnything: Bool { counts.transfers > 0 || counts.nodes > 0 || counts.edges > 0 || counts.other > 0 }
}

/// Rows changed, by kind.
struct BulkCounts {
    var transfers = 0
    var nodes = 0
    var edges = 0
    var other = 0

    mutating func add(_ o: BulkCounts) {
        transfers += o.transfers
        nodes += o.nodes
        edges += o.edges
        other += o.other
    }
}

/// How one backend writes what `BulkLoader` decided. Methods return the rows they changed
/// now; a sink that holds rows back reports their changes from `flush`.
protocol BulkSink: AnyObject {
    /// Fills the indexes with every stored account and customer key.
    func loadKeys(accounts: inout NodeKeyIndex, customers: inout NodeKeyIndex) throws
    /// Inserts an account or customer whose key is not stored yet; returns its id.
    func insertNode(label: String, key: String, json: String) throws -> Int64
    /// Merges `json` into a stored node's properties (RFC 7396 at the top level).
    func mergeNode(id: Int64, json: String) throws -> Int
    /// Inserts or merges a node of another label.
    func upsertNode(label: String, key: String, json: String) throws -> (id: Int64, changed: Int)
    func addEdge(type: String, source: Int64, target: Int64) throws -> Int
    func addPatternMember(patternID: String, typology: String, account: Int64) throws -> Int
    func addTransfer(
        id: UnsafeBufferPointer<UInt8>, source: Int64, target: Int64, amount: Double, currency: UnsafeBufferPointer<UInt8>,
        timestamp: Int64, channel: UnsafeBufferPointer<UInt8>, isLaundering: Int8, properties: String?
    ) throws -> Int
    func addTransfers(_ batch: TransferBatch) throws -> Int
    func watermark(source: String, table: String) throws -> Int64?
    func setWatermark(source: String, table: String, value: Int64) throws
    /// Sends held rows; returns the changes they made.
    func flush() throws -> BulkCounts
    /// The last step before commit; returns rows removed again (repeats within the input).
    func finish() throws -> BulkCounts
}
