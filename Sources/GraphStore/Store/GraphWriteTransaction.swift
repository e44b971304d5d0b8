// The write side used inside `GraphWriter.write`: node and edge upserts and deletes, with
// statements prepared once per transaction.
public import GraphCore

/// Writes within one open transaction. Valid only inside the `write` closure that made it.
///
/// The statements are written once, in the SQL both backends accept (`?` parameters, `?1`
/// for a repeated one, `ON CONFLICT`, `RETURNING`); on PostgreSQL `PostgresDialect.statement`
/// rewrites what differs (placeholders, `json_patch`). On SQLite each statement is prepared
/// once per transaction.
public final class GraphWriteTransaction {
    enum Connection {
        case sqlite(SQLiteConnection)
        case postgres(PostgresConnection)
    }

    let connection: Connection
    var changed = false
    private var statements: [String: Statement] = [:]
    private var translated: [String: String] = [:]

    init(db: SQLiteConnection) { connection = .sqlite(db) }

    init(postgres: PostgresConnection) { connection = .postgres(postgres) }

    func statement(_ db: SQLiteConnection, _ sql: String) throws -> Statement {
        if let s = statements[sql] { return s }
        let s = try db.prepare(sql)
        statements[sql] = s
        return s
    }

    /// Runs one statement; returns how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        switch connection {
        case .sqlite(let db):
            let s = try statement(db, sql)
            try s.bind(arguments)
            try s.run()
            return db.changes
        case .postgres(let c):
            return try c.run(postgresSQL(sql), arguments, sourceSQL: sql).changed
        }
    }

    /// Runs one statement and returns its first row (a `RETURNING` or a lookup), or nil.
    func firstRow(_ sql: String, _ arguments: [SQLValue]) throws -> SQLRow? {
        switch connection {
        case .sqlite(let db):
            let s = try statement(db, sql)
            try s.bind(arguments)
            defer { s.reset() }
            guard try s.step() else { return nil }
            return SQLRow((0..<s.columnCount).map { s.value($0) })
        case .postgres(let c):
            return try c.run(postgresSQL(sql), arguments, sourceSQL: sql).rows.first
        }
    }

    private func postgresSQL(_ sql: String) -> String {
        if let t = translated[sql] { return t }
        let t = PostgresDialect.statement(sql)
        translated[sql] = t
        return t
    }

    func finish() throws { statements.removeAll() }

    /// Inserts the node or, when (label, key) exists, merges `properties` into it; returns its id.
    @discardableResult
    public func upsertNode(label: String, key: String, properties: [String: PropertyValue] = [:]) throws -> Int64 {
        guard !label.isEmpty else { throw StoreError(.invalidArgument, "a node needs a label") }
        let inserted = try firstRow(
            """
            INSERT INTO nodes (label, key, props) VALUES (?1, ?2, ?3)
            ON CONFLICT (label, key) DO UPDATE SET props = json_patch(nodes.props, excluded.props)
            WHERE excluded.props <> '{}' RETURNING id
            """,
            [.text(label), .text(key), .text(JSONProperties.encode(properties))]
        )
        if let inserted {
            changed = true
            return inserted.int64(0)
        }
        // Nothing to merge: the row exists unchanged.
        return try nodeID(label: label, key: key)!
    }

    /// The id of a node, or nil.
    public func nodeID(label: String, key: String) throws -> Int64? {
        try firstRow("SELECT id FROM nodes WHERE label = ? AND key = ?", [.text(label), .text(key)])?.int64(0)
    }

    /// Replaces a node's properties entirely.
    public func setNodeProperties(id: Int64, _ properties: [String: PropertyValue]) throws {
        let n = try execute("UPDATE nodes SET props = ? WHERE id = ?", [.text(JSONProperties.encode(properties)), .integer(id)])
        guard n == 1 else { throw StoreError(.notFound, "no node with id \(id)") }
        changed = true
    }

    /// Adds an edge of `type` (not TRANSFER); false when that (type, src, dst) edge exists.
    @discardableResult
    public func addEdge(type: String, source: Int64, target: Int64, properties: [String: PropertyValue] = [:]) throws -> Bool {
        guard type != "TRANSFER" else { throw StoreError(.invalidArgument, "transfers are added with addTransfer") }
        let added =
            try execute(
                "INSERT INTO edges (type, src, dst, props) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [.text(type), .integer(source), .integer(target), .text(JSONProperties.encode(properties))]
            ) == 1
        changed = changed || added
        return added
    }

    /// Adds a transfer; false when a transfer with its id already exists (re-ingest is a no-op).
    @discardableResult
    public func addTransfer(_ t: NewTransfer) throws -> Bool {
        try insertTransfer(t) != nil
    }

    /// Adds a transfer and returns its row id, or nil when a transfer with its id exists.
    func insertTransfer(_ t: NewTransfer) throws -> Int64? {
        let row = try firstRow(
            """
            INSERT INTO transfers (transfer_id, src, dst, amount, currency, ts, channel, is_laundering)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (transfer_id) DO NOTHING RETURNING id
            """,
            [
                .text(t.transferID), .integer(t.source), .integer(t.target), .real(t.amount), .text(t.currency),
                .integer(t.timestamp), .text(t.channel), t.isLaundering < 0 ? .null : .integer(Int64(t.isLaundering)),
            ]
        )
        if row != nil { changed = true }
        return row?.int64(0)
    }

    /// Records that `account` belongs to a known pattern (truth.csv).
    public func addPatternMember(patternID: String, typology: String, account: Int64) throws {
        let n = try execute(
            "INSERT INTO patterns (pattern_id, typology, account) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [.text(patternID), .text(typology), .integer(account)]
        )
        changed = changed || n == 1
    }

    /// Deletes a transfer by its external id; false when there is none.
    @discardableResult
    public func deleteTransfer(id transferID: String) throws -> Bool {
        let deleted = try execute("DELETE FROM transfers WHERE transfer_id = ?", [.text(transferID)]) == 1
        changed = changed || deleted
        return deleted
    }

    /// Deletes a node; with `detach` its edges and transfers go too, otherwise a node that
    /// still has relationships is refused (as Cypher's DELETE versus DETACH DELETE).
    public func deleteNode(id: Int64, detach: Bool) throws {
        let related =
            try firstRow(
                "SELECT (SELECT count(*) FROM edges WHERE src = ?1 OR dst = ?1) + (SELECT count(*) FROM transfers WHERE src = ?1 OR dst = ?1)",
                [.integer(id)]
            )?.int64(0) ?? 0
        if related > 0 && !detach {
            throw StoreError(.constraint, "node \(id) still has \(related) relationships; delete them first or detach")
        }
        for sql in [
            "DELETE FROM edges WHERE src = ?1 OR dst = ?1", "DELETE FROM transfers WHERE src = ?1 OR dst = ?1",
            "DELETE FROM patterns WHERE account = ?1", "DELETE FROM nodes WHERE id = ?1",
        ] {
            try execute(sql, [.integer(id)])
        }
        changed = true
    }
}
