// The SQLite side of the bulk-ingest path: prepared statements reused for millions of rows,
// many transfer rows per INSERT, and, when the transfers table starts empty, indexes dropped
// during the load and rebuilt after (sorting once is much faster than growing a B-tree row
// by row).

/// Writes a bulk load's rows into one SQLite transaction (opened by `SQLiteGraphStore.bulkLoad`).
final class SQLiteBulkSink: BulkSink {
    let db: SQLiteConnection
    private let insertNode: Statement
    private let insertNewNode: Statement
    private let mergeNode: Statement
    private let insertEdge: Statement
    private let insertPattern: Statement
    private let insertTransfer: Statement
    /// `rowsPerInsert` rows of `insertTransfer` in one statement.
    private let insertTransferRows: Statement
    /// True when the transfers table was empty at the start and its indexes were dropped.
    let fastPath: Bool
    /// True when the edges table was empty at the start and its indexes were dropped.
    let edgesFastPath: Bool

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
    }

    func loadKeys(accounts: inout NodeKeyIndex, customers: inout NodeKeyIndex) throws {
        let a = try db.prepare("SELECT key, id FROM nodes WHERE label = 'Account'")
        while try a.step() { accounts.set(a.textBytes(0), a.int64(1)) }
        let c = try db.prepare("SELECT key, id FROM nodes WHERE label = 'Customer'")
        while try c.step() { customers.set(c.textBytes(0), c.int64(1)) }
    }

    func insertNode(label: String, key: String, json: String) throws -> Int64 {
        try insertNewNode.bind([.text(label), .text(key), .text(json)])
        try insertNewNode.run()
        return db.lastInsertRowID
    }

    func mergeNode(id: Int64, json: String) throws -> Int {
        try mergeNode.bind([.text(json), .integer(id)])
        try mergeNode.run()
        return db.changes
    }

    func upsertNode(label: String, key: String, json: String) throws -> (id: Int64, changed: Int) {
        try insertNode.bind([.text(label), .text(key), .text(json)])
        defer { insertNode.reset() }
        if try insertNode.step() { return (insertNode.int64(0), 1) }
        insertNode.reset()
        guard let found = try db.scalarInt("SELECT id FROM nodes WHERE label = ? AND key = ?", [.text(label), .text(key)]) else {
            throw StoreError(.sql, "node upsert returned no id", sql: insertNode.sql)
        }
        return (found, 0)
    }

    func addEdge(type: String, source: Int64, target: Int64) throws -> Int {
        try insertEdge.bind([.text(type), .integer(source), .integer(target)])
        try insertEdge.run()
        return db.changes
    }

    func addPatternMember(patternID: String, typology: String, account: Int64) throws -> Int {
        try insertPattern.bind([.text(patternID), .text(typology), .integer(account)])
        try insertPattern.run()
        return db.changes
    }

    @inline(__always)
    func addTransfer(
        id: UnsafeBufferPointer<UInt8>, source: Int64, target: Int64, amount: Double, currency: UnsafeBufferPointer<UInt8>,
        timestamp: Int64, channel: UnsafeBufferPointer<UInt8>, isLaundering: Int8, properties: String?
    ) throws -> Int {
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
        if let properties { try s.bind(properties, at: 9) } else { try s.bindNull(at: 9) }
        try s.run()
        return db.changes
    }

    /// `rowsPerInsert` rows per INSERT statement (a statement's fixed cost, step and reset, was
    /// a third of a single-row insert). Text is bound without a copy: the batch outlives every
    /// statement run here.
    func addTransfers(_ batch: TransferBatch) throws -> Int {
        let n = batch.count
        var inserted = 0
        try batch.withText { text in
            var i = 0
            while n - i >= Self.rowsPerInsert {
                for r in 0..<Self.rowsPerInsert { try bindTransfer(insertTransferRows, at: Int32(r * 9), batch, i + r, text) }
                try insertTransferRows.run()
                inserted += db.changes
                i += Self.rowsPerInsert
            }
            while i < n {
                try bindTransfer(insertTransfer, at: 0, batch, i, text)
                try insertTransfer.run()
                inserted += db.changes
                i += 1
            }
        }
        return inserted
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

    func watermark(source: String, table: String) throws -> Int64? {
        try db.scalarInt("SELECT value FROM ingest_watermarks WHERE source = ? AND table_name = ?", [.text(source), .text(table)])
    }

    func setWatermark(source: String, table: String, value: Int64) throws {
        let s = try db.prepare(
            """
            INSERT INTO ingest_watermarks (source, table_name, value, updated_at) VALUES (?1, ?2, ?3, strftime('%s', 'now'))
            ON CONFLICT (source, table_name) DO UPDATE SET value = max(value, excluded.value), updated_at = excluded.updated_at
            """
        )
        try s.bind([.text(source), .text(table), .integer(value)])
        try s.run()
    }

    /// Every write ran at once.
    func flush() throws -> BulkCounts { BulkCounts() }

    /// Rebuilds what the fast path dropped. Duplicate ids within the loaded rows keep their
    /// first occurrence, exactly as the conflict clause would have.
    func finish() throws -> BulkCounts {
        var removed = BulkCounts()
        if edgesFastPath {
            do {
                try db.execute(Self.edgeIndexes[0])
            } catch let error as StoreError where error.kind == .constraint {
                try db.execute("DELETE FROM edges WHERE id NOT IN (SELECT min(id) FROM edges GROUP BY src, type, dst, dup)")
                removed.edges = db.changes
                try db.execute(Self.edgeIndexes[0])
            }
            try db.execute(Self.edgeIndexes[1])
        }
        guard fastPath else { return removed }
        do {
            try db.execute(Self.transferIndex)
        } catch let error as StoreError where error.kind == .constraint {
            try db.execute("DELETE FROM transfers WHERE id NOT IN (SELECT min(id) FROM transfers GROUP BY transfer_id)")
            removed.transfers = db.changes
            try db.execute(Self.transferIndex)
        }
        return removed
    }
}
