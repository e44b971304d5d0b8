// The write side used inside `GraphWriter.write`: node and edge upserts and deletes, with
// statements prepared once per transaction.
public import GraphCore

/// Writes within one open transaction. Valid only inside the `write` closure that made it.
public final class GraphWriteTransaction {
    let db: SQLiteConnection
    var changed = false
    private var statements: [String: Statement] = [:]

    init(db: SQLiteConnection) { self.db = db }

    func statement(_ sql: String) throws -> Statement {
        if let s = statements[sql] { return s }
        let s = try db.prepare(sql)
        statements[sql] = s
        return s
    }

    func finish() throws { statements.removeAll() }

    /// Inserts the node or, when (label, key) exists, merges `properties` into it; returns its id.
    @discardableResult
    public func upsertNode(label: String, key: String, properties: [String: PropertyValue] = [:]) throws -> Int64 {
        guard !label.isEmpty else { throw StoreError(.invalidArgument, "a node needs a label") }
        let s = try statement(
            """
            INSERT INTO nodes (label, key, props) VALUES (?1, ?2, ?3)
            ON CONFLICT (label, key) DO UPDATE SET props = json_patch(props, excluded.props)
            WHERE excluded.props <> '{}' RETURNING id
            """
        )
        try s.bind([.text(label), .text(key), .text(JSONProperties.encode(properties))])
        defer { s.reset() }
        if try s.step() {
            let id = s.int64(0)
            changed = true
            return id
        }
        // Nothing to merge: the row exists unchanged.
        s.reset()
        return try nodeID(label: label, key: key)!
    }

    /// The id of a node, or nil.
    public func nodeID(label: String, key: String) throws -> Int64? {
        let s = try statement("SELECT id FROM nodes WHERE label = ? AND key = ?")
        try s.bind([.text(label), .text(key)])
        defer { s.reset() }
        return try s.step() ? s.int64(0) : nil
    }

    /// Replaces a node's properties entirely.
    public func setNodeProperties(id: Int64, _ properties: [String: PropertyValue]) throws {
        let s = try statement("UPDATE nodes SET props = ? WHERE id = ?")
        try s.bind([.text(JSONProperties.encode(properties)), .integer(id)])
        try s.run()
        guard db.changes == 1 else { throw StoreError(.notFound, "no node with id \(id)") }
        changed = true
    }

    /// Adds an edge of `type` (not TRANSFER); false when that (type, src, dst) edge exists.
    @discardableResult
    public func addEdge(type: String, source: Int64, target: Int64, properties: [String: PropertyValue] = [:]) throws -> Bool {
        guard type != "TRANSFER" else { throw StoreError(.invalidArgument, "transfers are added with addTransfer") }
        let s = try statement("INSERT INTO edges (type, src, dst, props) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
        try s.bind([.text(type), .integer(source), .integer(target), .text(JSONProperties.encode(properties))])
        try s.run()
        let added = db.changes == 1
        changed = changed || added
        return added
    }

    /// Adds a transfer; false when a transfer with its id already exists (re-ingest is a no-op).
    @discardableResult
    public func addTransfer(_ t: NewTransfer) throws -> Bool {
        let s = try statement(
            """
            INSERT INTO transfers (transfer_id, src, dst, amount, currency, ts, channel, is_laundering)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (transfer_id) DO NOTHING
            """
        )
        try s.bind([
            .text(t.transferID), .integer(t.source), .integer(t.target), .real(t.amount), .text(t.currency),
            .integer(t.timestamp), .text(t.channel), t.isLaundering < 0 ? .null : .integer(Int64(t.isLaundering)),
        ])
        try s.run()
        let added = db.changes == 1
        changed = changed || added
        return added
    }

    /// Records that `account` belongs to a known pattern (truth.csv).
    public func addPatternMember(patternID: String, typology: String, account: Int64) throws {
        let s = try statement("INSERT INTO patterns (pattern_id, typology, account) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        try s.bind([.text(patternID), .text(typology), .integer(account)])
        try s.run()
        changed = changed || db.changes == 1
    }

    /// Deletes a transfer by its external id; false when there is none.
    @discardableResult
    public func deleteTransfer(id transferID: String) throws -> Bool {
        let s = try statement("DELETE FROM transfers WHERE transfer_id = ?")
        try s.bind([.text(transferID)])
        try s.run()
        let deleted = db.changes == 1
        changed = changed || deleted
        return deleted
    }

    /// Deletes a node; with `detach` its edges and transfers go too, otherwise a node that
    /// still has relationships is refused (as Cypher's DELETE versus DETACH DELETE).
    public func deleteNode(id: Int64, detach: Bool) throws {
        let related =
            try db.scalarInt(
                "SELECT (SELECT count(*) FROM edges WHERE src = ?1 OR dst = ?1) + (SELECT count(*) FROM transfers WHERE src = ?1 OR dst = ?1)",
                [.integer(id)]
            ) ?? 0
        if related > 0 && !detach {
            throw StoreError(.constraint, "node \(id) still has \(related) relationships; delete them first or detach")
        }
        for sql in [
            "DELETE FROM edges WHERE src = ?1 OR dst = ?1", "DELETE FROM transfers WHERE src = ?1 OR dst = ?1",
            "DELETE FROM patterns WHERE account = ?1", "DELETE FROM nodes WHERE id = ?1",
        ] {
            let s = try statement(sql)
            try s.bind([.integer(id)])
            try s.run()
        }
        changed = true
    }
}
