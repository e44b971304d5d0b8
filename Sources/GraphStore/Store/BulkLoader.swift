// The bulk-ingest path: prepared statements reused for millions of rows, an in-memory account
// index, and, when the transfers table starts empty, indexes dropped during the load and
// rebuilt after (sorting once is much faster than growing a B-tree row by row).
public import GraphCore

/// Loads nodes, ownership and transfers inside one transaction opened by `SQLiteGraphStore.bulkLoad`.
public final class BulkLoader {
    let db: SQLiteConnection
    private let insertNode: Statement
    private let insertNewNode: Statement
    private let mergeNode: Statement
    private let insertEdge: Statement
    private let insertPattern: Statement
    private let insertTransfer: Statement
    /// `rowsPerInsert` rows of `insertTransfer` in one statement.
    private let insertTransferRows: Statement
    private var accountIDs = NodeKeyIndex(minimumCapacity: 1 << 16)
    private var customerIDs = NodeKeyIndex(minimumCapacity: 1 << 16)
    /// True when the transfers table was empty at the start and its indexes were dropped.
    public let fastPath: Bool
    /// True when the edges table was empty at the start and its indexes were dropped.
    let edgesFastPath: Bool
    public private(set) var transfersInserted = 0
    /// Nodes inserted or whose properties changed.
    public private(set) var nodesChanged = 0
    public private(set) var edgesInserted = 0
    /// Other rows written (pattern members, watermarks): they change the store too.
    public private(set) var otherChanges = 0

    static let edgeIndexes = [
        "CREATE UNIQUE INDEX edges_by_src ON edges (src, type, dst, dup)",
        "CREATE INDEX edges_by_dst ON edges (dst, type)",
    ]

    static let transferIndex = "CREATE UNIQUE INDEX transfers_by_transfer_id ON transfers (transfer_id)"

    init(db: SQLiteConnection) throws {
        self.db = db
        let empty = try db.scalarInt("SELECT NOT EXISTS (SELECT 1 FROM transfers)") == 1
        fastPath = empty
        if empty {
            try db.execute("DROP INDEX IF EXISTS transfers_by_transfer_id")
        }
        insertNode = try db.prepare(
            """
            INSERT INTO nodes (label, key, props) VALUES (?1, ?2, ?3) ON CONFLICT (label, key)
            DO UPDATE SET props = json_patch(props, excluded.props) WHERE json_patch(props, excluded.props) <> props RETURNING id
            """
        )
        edgesFastPath = try db.scalarInt("SELECT NOT EXISTS (SELECT 1 FROM edges)") == 1
        if edgesFastPath {
            try db.execute("DROP INDEX IF EXISTS edges_by_src; DROP INDEX IF EXISTS edges_by_dst")
        }
        insertNewNode = try db.prepare("INSERT INTO nodes (label, key, props) VALUES (?, ?, ?)")
        mergeNode = try db.prepare("UPDATE nodes SET props = json_patch(props, ?1) WHERE id = ?2 AND json_patch(props, ?1) <> props")
        insertEdge = try db.prepare(
            "INSERT INTO edges (type, src, dst, props) VALUES (?, ?, ?, '{}')" + (edgesFastPath ? "" : " ON CONFLICT DO NOTHING")
        )
        insertPattern = try db.prepare("INSERT INTO patterns (pattern_id, typology, account) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        let insertTransfers = "INSERT INTO transfers (transfer_id, src, dst, amount, currency, ts, channel, is_laundering, props) VALUES "
        let conflict = empty ? "" : " ON CONFLICT (transfer_id) DO NOTHING"
        insertTransfer = try db.prepare(insertTransfers + "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)" + conflict)
        insertTransferRows = try db.prepare(
            insertTransfers + Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?)", count: Self.rowsPerInsert).joined(separator: ", ") + conflict
        )
        let accounts = try db.prepare("SELECT key, id FROM nodes WHERE label = 'Account'")
        while try accounts.step() { accountIDs.set(accounts.textBytes(0), accounts.int64(1)) }
        let customers = try db.prepare("SELECT key, id FROM nodes WHERE label = 'Customer'")
        while try customers.step() { customerIDs.set(customers.textBytes(0), customers.int64(1)) }
    }

    /// Inserts or merges a node and returns its id; an unchanged node is not rewritten.
    @discardableResult
    public func upsertNode(label: String, key: String, properties: [String: PropertyValue]) throws -> Int64 {
        try upsertNode(label: label, key: key, json: PropertyValue.map(properties).jsonText)
    }

    /// As `upsertNode(label:key:properties:)`, with the properties already encoded as a JSON object.
    ///
    /// Accounts and customers are all known to the loader (it read their keys at the start), so a
    /// new one is a plain INSERT and a known one a conditional UPDATE; other labels take the
    /// general upsert.
    @discardableResult
    public func upsertNode(label: String, key: String, json: String) throws -> Int64 {
        let isAccount = label == "Account", isCustomer = label == "Customer"
        if isAccount || isCustomer {
            if let known = isAccount ? accountIDs.id(key) : customerIDs.id(key) {
                try mergeNode.bind([.text(json), .integer(known)])
                try mergeNode.run()
                nodesChanged += db.changes
                return known
            }
            try insertNewNode.bind([.text(label), .text(key), .text(json)])
            try insertNewNode.run()
            let id = db.lastInsertRowID
            nodesChanged += 1
            if isAccount { accountIDs.set(key, id) } else { customerIDs.set(key, id) }
            return id
        }
        try insertNode.bind([.text(label), .text(key), .text(json)])
        defer { insertNode.reset() }
        if try insertNode.step() {
            nodesChanged += 1
            return insertNode.int64(0)
        }
        insertNode.reset()
        guard let found = try db.scalarInt("SELECT id FROM nodes WHERE label = ? AND key = ?", [.text(label), .text(key)]) else {
            throw StoreError(.sql, "node upsert returned no id", sql: insertNode.sql)
        }
        return found
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
        try insertEdge.bind([.text(type), .integer(source), .integer(target)])
        try insertEdge.run()
        edgesInserted += db.changes
    }

    public func addPatternMember(patternID: String, typology: String, account: Int64) throws {
        try insertPattern.bind([.text(patternID), .text(typology), .integer(account)])
        try insertPattern.run()
        otherChanges += db.changes
    }

    /// Adds one transfer from raw UTF-8 fields; duplicates of an existing id are ignored.
    @inline(__always)
    public func addTransfer(
        id: UnsafeBufferPointer<UInt8>, source: Int64, target: Int64, amount: Double, currency: UnsafeBufferPointer<UInt8>,
        timestamp: Int64, channel: UnsafeBufferPointer<UInt8>, isLaundering: Int8, properties: [String: PropertyValue]? = nil
    ) throws {
        let s = insertTransfer
        // The text is bound without a copy: the caller's bytes outlive this call, and the
        // statement runs (and is reset) before it returns.
        try s.bindTextNoCopy(id, at: 1)
        try s.bind(source, at: 2)
        try s.bind(target, at: 3)
        try s.bind(amount, at: 4)
        try s.bindTextNoCopy(currency, at: 5)
        try s.bind(timestamp, at: 6)
        try s.bindTextNoCopy(channel, at: 7)
        if isLaundering < 0 { try s.bindNull(at: 8) } else { try s.bind(Int64(isLaundering), at: 8) }
        if let properties { try s.bind(PropertyValue.map(properties).jsonText, at: 9) } else { try s.bindNull(at: 9) }
        try s.run()
        transfersInserted += db.changes
    }

    /// Adds a batch of transfers, `rowsPerInsert` rows per INSERT statement (a statement's
    /// fixed cost, step and reset, was a third of a single-row insert); duplicates of an
    /// existing id are ignored, as in `addTransfer`. Text is bound without a copy: the batch
    /// outlives every statement run here.
    public func addTransfers(_ batch: TransferBatch) throws {
        let n = batch.count
        try batch.withText { text in
            var i = 0
            while n - i >= Self.rowsPerInsert {
                for r in 0..<Self.rowsPerInsert { try bindTransfer(insertTransferRows, at: Int32(r * 9), batch, i + r, text) }
                try insertTransferRows.run()
                transfersInserted += db.changes
                i += Self.rowsPerInsert
            }
            while i < n {
                try bindTransfer(insertTransfer, at: 0, batch, i, text)
                try insertTransfer.run()
                transfersInserted += db.changes
                i += 1
            }
        }
    }

    /// Rows per statement in `addTransfers` (9 parameters each, far below SQLite's limit).
    static let rowsPerInsert = 64

    @inline(__always)
    private func bindTransfer(_ s: Statement, at base: Int32, _ batch: TransferBatch, _ i: Int, _ text: TransferBatch.TextFields) throws {
        try s.bindTextNoCopy(text.field(3 * i), at: base + 1)
        try s.bind(batch.source[i], at: base + 2)
        try s.bind(batch.target[i], at: base + 3)
        try s.bind(batch.amount[i], at: base + 4)
        try s.bindTextNoCopy(text.field(3 * i + 1), at: base + 5)
        try s.bind(batch.timestamp[i], at: base + 6)
        try s.bindTextNoCopy(text.field(3 * i + 2), at: base + 7)
        let label = batch.label[i]
        if label < 0 { try s.bindNull(at: base + 8) } else { try s.bind(Int64(label), at: base + 8) }
        try s.bindNull(at: base + 9)
    }

    /// The watermark recorded for (source, table) by an earlier incremental load, if any.
    public func watermark(source: String, table: String) throws -> Int64? {
        try db.scalarInt("SELECT value FROM ingest_watermarks WHERE source = ? AND table_name = ?", [.text(source), .text(table)])
    }

    /// Records how far an incremental load got; committed with the rows it covers.
    public func setWatermark(source: String, table: String, value: Int64) throws {
        let s = try db.prepare(
            """
            INSERT INTO ingest_watermarks (source, table_name, value, updated_at) VALUES (?1, ?2, ?3, strftime('%s', 'now'))
            ON CONFLICT (source, table_name) DO UPDATE SET value = max(value, excluded.value), updated_at = excluded.updated_at
            """
        )
        try s.bind([.text(source), .text(table), .integer(value)])
        try s.run()
        otherChanges += 1
    }

    /// Rebuilds what the fast path dropped. Duplicate ids within the loaded rows keep their
    /// first occurrence, exactly as the conflict clause would have.
    func finish() throws {
        if edgesFastPath {
            do {
                try db.execute(Self.edgeIndexes[0])
            } catch let error as StoreError where error.kind == .constraint {
                try db.execute("DELETE FROM edges WHERE id NOT IN (SELECT min(id) FROM edges GROUP BY src, type, dst, dup)")
                edgesInserted -= db.changes
                try db.execute(Self.edgeIndexes[0])
            }
            try db.execute(Self.edgeIndexes[1])
        }
        guard fastPath else { return }
        do {
            try db.execute(Self.transferIndex)
        } catch let error as StoreError where error.kind == .constraint {
            try db.execute("DELETE FROM transfers WHERE id NOT IN (SELECT min(id) FROM transfers GROUP BY transfer_id)")
            transfersInserted -= db.changes
            try db.execute(Self.transferIndex)
        }
    }
}
