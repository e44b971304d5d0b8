// The PostgreSQL side of the bulk-ingest path (`PostgresGraphStore.bulkLoad`). Rows are held
// in memory as binary COPY streams and sent with `COPY ... FROM STDIN (FORMAT binary)`:
// new accounts and customers straight into `nodes` (their keys are known to be new: the
// loader read every stored key after taking the graph write lock, and every other writer
// takes it too), everything that may meet a stored row (edges, transfers, pattern members,
// property merges) into a temporary staging table first, then into the graph table in one
// `INSERT ... SELECT ... ON CONFLICT DO NOTHING` (or one UPDATE) in input order, so a
// repeated id keeps its first row, exactly as the SQLite path's conflict clause does.
import Foundation

/// Writes a bulk load's rows into the PostgreSQL transaction `PostgresGraphStore.bulkLoad` opened.
final class PostgresBulkSink: BulkSink {
    let c: PostgresConnection
    private var nodes = CopyBinaryWriter()
    private var merges = CopyBinaryWriter()
    /// Nodes with a merge held in `merges`: a second merge of one node waits for the first.
    private var mergedIDs = Set<Int64>()
    private var edges = CopyBinaryWriter()
    private var transfers = CopyBinaryWriter()
    private var patterns = CopyBinaryWriter()
    /// Node ids taken from the `nodes` identity sequence and not used yet.
    private var freeIDs: [Int64] = []
    private var idBlock = 1024
    private var staged = false
    /// Changes made by rows sent since `flush` last reported.
    private var unreported = BulkCounts()

    /// Bytes held before they are sent (8 MiB by default: a COPY and an INSERT ... SELECT
    /// per about 100,000 transfers).
    let flushSize: Int
    static let defaultFlushSize = 8 << 20

    init(connection: PostgresConnection, flushSize: Int = PostgresBulkSink.defaultFlushSize) {
        c = connection
        self.flushSize = flushSize
    }

    func loadKeys(accounts: inout NodeKeyIndex, customers: inout NodeKeyIndex) throws {
        for (label, index) in [("Account", 0), ("Customer", 1)] {
            var reader = CopyBinaryReader()
            try c.copyOut("COPY (SELECT key, id FROM nodes WHERE label = '\(label)') TO STDOUT (FORMAT binary)") { message in
                try reader.rows(in: message) { row in
                    if index == 0 { accounts.set(row.raw(0), try row.int64(1)) } else { customers.set(row.raw(0), try row.int64(1)) }
                }
            }
        }
    }

    /// The staging tables, dropped at commit (or with a rollback). `seq` keeps input order.
    private func stage() throws {
        guard !staged else { return }
        try c.execute(
            """
            CREATE TEMP TABLE ingest_node_merges (seq bigint GENERATED ALWAYS AS IDENTITY, id bigint, props text) ON COMMIT DROP;
            CREATE TEMP TABLE ingest_edges (seq bigint GENERATED ALWAYS AS IDENTITY, type text, src bigint, dst bigint) ON COMMIT DROP;
            CREATE TEMP TABLE ingest_transfers (seq bigint GENERATED ALWAYS AS IDENTITY, transfer_id text, src bigint, dst bigint,
              amount double precision, currency text, ts bigint, channel text, is_laundering bigint, props text) ON COMMIT DROP;
            CREATE TEMP TABLE ingest_patterns (seq bigint GENERATED ALWAYS AS IDENTITY, pattern_id text, typology text, account bigint) ON COMMIT DROP;
            """
        )
        staged = true
    }

    private func nextNodeID() throws -> Int64 {
        if freeIDs.isEmpty {
            // Ids come from the table's own sequence, so rows others insert later never collide;
            // a rolled-back load leaves a gap, as any rolled-back insert does.
            let rows = try c.query("SELECT nextval(pg_get_serial_sequence('nodes', 'id')) FROM generate_series(1, $1)", [String(idBlock)])
            freeIDs = rows.compactMap { $0.first.flatMap { $0 }.flatMap { Int64($0) } }.reversed()
            idBlock = min(idBlock * 4, 65_536)
            guard !freeIDs.isEmpty else { throw StoreError(.sql, "the nodes id sequence returned no values") }
        }
        return freeIDs.removeLast()
    }

    func insertNode(label: String, key: String, json: String) throws -> Int64 {
        let id = try nextNodeID()
        nodes.beginRow(fields: 4)
        nodes.int64(id)
        nodes.text(label)
        nodes.text(key)
        nodes.text(json)
        try flushIfFull()
        return id
    }

    func mergeNode(id: Int64, json: String) throws -> Int {
        if mergedIDs.contains(id) { try send() }
        merges.beginRow(fields: 2)
        merges.int64(id)
        merges.text(json)
        mergedIDs.insert(id)
        try flushIfFull()
        return 0
    }

    func upsertNode(label: String, key: String, json: String) throws -> (id: Int64, changed: Int) {
        let sql = """
            INSERT INTO nodes (label, key, props) VALUES ($1, $2, $3) ON CONFLICT (label, key)
            DO UPDATE SET props = \(PostgresDialect.jsonPatch("nodes.props", "excluded.props"))
            WHERE (\(PostgresDialect.jsonPatch("nodes.props", "excluded.props")))::jsonb <> nodes.props::jsonb RETURNING id
            """
        if let id = try c.query(sql, [label, key, json]).first?.first.flatMap({ $0 }).flatMap({ Int64($0) }) { return (id, 1) }
        guard let found = try c.query("SELECT id FROM nodes WHERE label = $1 AND key = $2", [label, key]).first?.first.flatMap({ $0 }),
            let id = Int64(found)
        else { throw StoreError(.sql, "node upsert returned no id", sql: sql) }
        return (id, 0)
    }

    func addEdge(type: String, source: Int64, target: Int64) throws -> Int {
        edges.beginRow(fields: 3)
        edges.text(type)
        edges.int64(source)
        edges.int64(target)
        try flushIfFull()
        return 0
    }

    func addPatternMember(patternID: String, typology: String, account: Int64) throws -> Int {
        patterns.beginRow(fields: 3)
        patterns.text(patternID)
        patterns.text(typology)
        patterns.int64(account)
        try flushIfFull()
        return 0
    }

    func addTransfer(
        id: UnsafeBufferPointer<UInt8>, source: Int64, target: Int64, amount: Double, currency: UnsafeBufferPointer<UInt8>,
        timestamp: Int64, channel: UnsafeBufferPointer<UInt8>, isLaundering: Int8, properties: String?
    ) throws -> Int {
        appendTransfer(id, source, target, amount, currency, timestamp, channel, isLaundering, properties)
        try flushIfFull()
        return 0
    }

    func addTransfers(_ batch: TransferBatch) throws -> Int {
        batch.withText { text in
            for i in 0..<batch.count {
                appendTransfer(
                    text.field(3 * i), batch.source[i], batch.target[i], batch.amount[i], text.field(3 * i + 1), batch.timestamp[i],
                    text.field(3 * i + 2), batch.label[i], nil
                )
            }
        }
        try flushIfFull()
        return 0
    }

    @inline(__always)
    private func appendTransfer(
        _ id: UnsafeBufferPointer<UInt8>, _ source: Int64, _ target: Int64, _ amount: Double, _ currency: UnsafeBufferPointer<UInt8>,
        _ timestamp: Int64, _ channel: UnsafeBufferPointer<UInt8>, _ isLaundering: Int8, _ properties: String?
    ) {
        transfers.beginRow(fields: 9)
        transfers.text(id)
        transfers.int64(source)
        transfers.int64(target)
        transfers.double(amount)
        transfers.text(currency)
        transfers.int64(timestamp)
        transfers.text(channel)
        if isLaundering < 0 { transfers.null() } else { transfers.int64(Int64(isLaundering)) }
        if let properties { transfers.text(properties) } else { transfers.null() }
    }

    func watermark(source: String, table: String) throws -> Int64? {
        let rows = try c.query("SELECT value FROM ingest_watermarks WHERE source = $1 AND table_name = $2", [source, table])
        return rows.first?.first.flatMap { $0 }.flatMap { Int64($0) }
    }

    func setWatermark(source: String, table: String, value: Int64) throws {
        try c.query(
            """
            INSERT INTO ingest_watermarks (source, table_name, value, updated_at) VALUES ($1, $2, $3, extract(epoch from now())::bigint)
            ON CONFLICT (source, table_name) DO UPDATE SET value = greatest(ingest_watermarks.value, excluded.value), updated_at = excluded.updated_at
            """,
            [source, table, String(value)]
        )
    }

    private func flushIfFull() throws {
        if nodes.size + merges.size + edges.size + transfers.size + patterns.size >= flushSize { try send() }
    }

    /// Sends every held row and reports the changes of all rows sent since the last report.
    func flush() throws -> BulkCounts {
        try send()
        defer { unreported = BulkCounts() }
        return unreported
    }

    /// Sends every held row, parents first: new nodes, then merges into nodes, then the rows
    /// that reference nodes.
    private func send() throws {
        if !nodes.isEmpty {
            try nodes.copy(into: "nodes (id, label, key, props)", c)
            nodes = CopyBinaryWriter()
        }
        if !merges.isEmpty {
            try stage()
            try merges.copy(into: "ingest_node_merges (id, props)", c)
            // Unchanged properties are left alone (compared as JSON, not as text).
            unreported.nodes += try changed(
                """
                UPDATE nodes SET props = \(PostgresDialect.jsonPatch("nodes.props", "m.props")) FROM ingest_node_merges m
                WHERE nodes.id = m.id AND (\(PostgresDialect.jsonPatch("nodes.props", "m.props")))::jsonb <> nodes.props::jsonb
                """
            )
            try c.execute("TRUNCATE ingest_node_merges")
            merges = CopyBinaryWriter()
            mergedIDs.removeAll(keepingCapacity: true)
        }
        if !edges.isEmpty {
            unreported.edges += try moveStaged(
                edges, through: "ingest_edges", columns: "type, src, dst",
                "INSERT INTO edges (type, src, dst, props) SELECT type, src, dst, '{}' FROM ingest_edges ORDER BY seq ON CONFLICT DO NOTHING"
            )
            edges = CopyBinaryWriter()
        }
        if !transfers.isEmpty {
            unreported.transfers += try moveStaged(
                transfers, through: "ingest_transfers", columns: "transfer_id, src, dst, amount, currency, ts, channel, is_laundering, props",
                """
                INSERT INTO transfers (transfer_id, src, dst, amount, currency, ts, channel, is_laundering, props)
                SELECT transfer_id, src, dst, amount, currency, ts, channel, is_laundering, props FROM ingest_transfers ORDER BY seq
                ON CONFLICT (transfer_id) DO NOTHING
                """
            )
            transfers = CopyBinaryWriter()
        }
        if !patterns.isEmpty {
            unreported.other += try moveStaged(
                patterns, through: "ingest_patterns", columns: "pattern_id, typology, account",
                "INSERT INTO patterns (pattern_id, typology, account) SELECT pattern_id, typology, account FROM ingest_patterns ORDER BY seq ON CONFLICT DO NOTHING"
            )
            patterns = CopyBinaryWriter()
        }
    }

    /// Sends `rows` by COPY into the staging table `staging` (its `columns`), moves them on with
    /// `insert` (which reads them in input order), and empties the staging table; returns the
    /// rows `insert` changed.
    private func moveStaged(_ rows: CopyBinaryWriter, through staging: String, columns: String, _ insert: String) throws -> Int {
        try stage()
        try rows.copy(into: "\(staging) (\(columns))", c)
        let moved = try changed(insert)
        try c.execute("TRUNCATE \(staging)")
        return moved
    }

    private func changed(_ sql: String) throws -> Int {
        try c.run(sql, [], sourceSQL: sql).changed
    }

    /// Conflicts were settled row by row on the way in: nothing to remove.
    func finish() throws -> BulkCounts { BulkCounts() }
}
