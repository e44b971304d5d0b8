// The application core on a PostgreSQL store (`--db postgresql://...`, what `serve` and
// `query` open): the same query rows and the same /predict answers as on SQLite for the same
// data, and two workspaces (two servers) on one database see each other's writes. Runs
// against the server scripts/with-postgres starts; without it the tests fail.
import Foundation
import GraphQuery
import GraphStore
import Investigation
import Testing

@Suite("workspace on PostgreSQL", .serialized)
struct PostgresWorkspaceTests {
    static let queriesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../queries").standardized.path

    /// The prediction fixture's graph copied into a new PostgreSQL database, with the
    /// fixture's promoted model registered and promoted there too.
    static func postgresCopy(_ f: PredictionFixture) throws -> PostgresScratchDatabase {
        let database = try PostgresScratchDatabase()
        _ = try f.workspace.exportStore(to: database.url)
        let columns = """
            run_id, kind, created_at, feature_set, params, data_fingerprint, store_version, train_rows, validation_rows, test_rows,
            train_seconds, metrics, curves, model_path, model_checksum
            """
        let row = try #require(try f.workspace.store.read { try $0.query("SELECT \(columns) FROM model_runs WHERE run_id = ?", [.text(f.runID)]).first })
        let pg = try Workspace(path: database.url)
        try pg.store.transaction { db in
            try db.execute("INSERT INTO model_runs (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row.values)
        }
        try pg.models.promote(f.runID)
        return database
    }

    /// Every saved query in queries/, and a few more, returns the same rows on PostgreSQL as
    /// on SQLite for the same graph.
    @Test func queriesMatchSQLite() throws {
        let f = try PredictionFixture.get()
        let database = try Self.postgresCopy(f)
        let pg = try Workspace(path: database.url)
        #expect(pg.sqliteStore == nil && pg.store.location.hasPrefix("postgresql://"))
        let sqlite = f.workspace
        let first = try sqlite.query(text: "MATCH (a:Account)-[:TRANSFER]->(b) RETURN a.account_id, b.account_id ORDER BY a.account_id LIMIT 1").rows[0]
        let customer = try sqlite.query(text: "MATCH (c:Customer)-[:OWNS]->() RETURN c.customer_id ORDER BY c.customer_id LIMIT 1").rows[0][0]
        let parameters: [String: Value] = [
            "account": first[0], "from": first[0], "to": first[1], "customer": customer, "threshold": .int(10_000), "top": .int(10),
            "min_receivers": .int(5), "limit": .int(10), "ratio": .double(0.9), "countries": .list([.string("US"), .string("GB")]),
        ]
        var texts = try FileManager.default.contentsOfDirectory(atPath: Self.queriesFolder).filter { $0.hasSuffix(".cypher") }.sorted().map {
            try String(contentsOfFile: Self.queriesFolder + "/" + $0, encoding: .utf8)
        }
        #expect(texts.count >= 15)
        texts += [
            "MATCH (a:Account)-[t:TRANSFER]->(b:Account) WHERE t.amount > 5000 RETURN a.account_id, b.account_id, t.amount, t.transfer_id, t.ts ORDER BY t.transfer_id LIMIT 200",
            "MATCH (c:Customer)-[:OWNS]->(a:Account) RETURN c.country AS country, count(a) AS accounts ORDER BY country",
            "MATCH (a:Account) RETURN a ORDER BY a.account_id LIMIT 5",
            "MATCH ()-[t:TRANSFER]->() RETURN count(t), sum(t.amount), min(t.ts), max(t.ts)",
        ]
        var answered = 0
        for text in texts {
            let a = try sqlite.query(text: text, params: parameters)
            let b = try pg.query(text: text, params: parameters)
            #expect(a.columns == b.columns, "\(text.prefix(80))")
            #expect(a.rows == b.rows, "\(text.prefix(80))")
            if !a.rows.isEmpty { answered += 1 }
        }
        // Most of them find something on this data, so equal rows are not just equal emptiness.
        #expect(answered >= texts.count * 2 / 3, "\(answered) of \(texts.count) queries returned rows")
    }

    /// /predict on PostgreSQL gives the same results (scores, bands, reasons, graph context,
    /// stored flags) as on SQLite for the same data and model, unknown accounts included.
    @Test func predictionsMatchSQLite() throws {
        let f = try PredictionFixture.get()
        let database = try Self.postgresCopy(f)
        let pg = try Workspace(path: database.url)
        var inputs = try f.transfers(where: "t.is_laundering = 1", limit: 40) + f.transfers(where: "t.is_laundering = 0", limit: 60)
        let known = inputs[0]
        inputs.append(TransferInput(transferID: "NEW-1", srcAccount: known.srcAccount, dstAccount: "NOBODY", amount: 9_500, currency: "EUR", ts: known.ts + 60, channel: "wire"))
        let a = try f.workspace.predict(PredictionRequest(transfers: inputs))
        let b = try pg.predict(PredictionRequest(transfers: inputs))
        #expect(a.model == b.model)
        #expect(a.results.count == inputs.count && b.results.count == inputs.count)
        for (x, y) in zip(a.results, b.results) { #expect(x == y, "\(x.transferID)") }
        #expect(b.results.prefix(100).allSatisfy(\.stored) && !b.results[100].stored && !b.results[100].graph.dst.known)
    }

    /// Two workspaces on one PostgreSQL database (two servers on two machines) see each
    /// other's writes at once: a Cypher CREATE / SET / DELETE on one is in the other's next
    /// query, and a transfer recorded by /predict?record=true on one is a stored transfer
    /// (left out of its own windows) in the other's next prediction.
    @Test func twoWorkspacesShareOneStore() throws {
        let f = try PredictionFixture.get()
        let database = try Self.postgresCopy(f)
        let one = try Workspace(path: database.url)
        let two = try Workspace(path: database.url)
        let writes = QueryOptions(allowWrites: true)
        let count = "MATCH (a:Account {account_id: 'SHARED-1'}) RETURN a.account_id, a.note"
        #expect(try two.query(text: count).rows.isEmpty)
        _ = try one.query(text: "CREATE (:Account {account_id: 'SHARED-1', note: 'first'})", options: writes)
        #expect(try two.query(text: count).rows == [[.string("SHARED-1"), .string("first")]])
        _ = try two.query(text: "MATCH (a:Account {account_id: 'SHARED-1'}) SET a.note = 'second'", options: writes)
        #expect(try one.query(text: count).rows == [[.string("SHARED-1"), .string("second")]])

        let known = try #require(try f.transfers(where: "t.is_laundering = 0", limit: 1).first)
        let t = TransferInput(transferID: "SHARED-T1", srcAccount: known.srcAccount, dstAccount: "SHARED-1", amount: 4_000, currency: "EUR", ts: known.ts + 30, channel: "wire")
        let before = try one.predict(PredictionRequest(transfers: [t]))
        let recorded = try two.predict(PredictionRequest(transfers: [t]), record: true)
        #expect(recorded.results[0].recorded == true && !recorded.results[0].stored)
        #expect(recorded.results[0].score == before.results[0].score, "both servers scored against the same graph")
        let after = try one.predict(PredictionRequest(transfers: [t]))
        #expect(after.results[0].stored && after.results[0].graph.dst.known, "the other server's recorded transfer is in this one's graph")
        #expect(after.graphVersion != before.graphVersion)
        let edge = "MATCH (:Account)-[t:TRANSFER {transfer_id: 'SHARED-T1'}]->(b:Account) RETURN b.account_id, t.amount"
        #expect(try one.query(text: edge).rows == [[.string("SHARED-1"), .double(4_000)]])
        // Recording it again from the other server is a no-op, as on SQLite.
        #expect(try one.predict(PredictionRequest(transfers: [t]), record: true).results[0].recorded == false)
        _ = try one.query(text: "MATCH (a:Account {account_id: 'SHARED-1'}) DETACH DELETE a", options: writes)
        #expect(try two.query(text: count).rows.isEmpty && two.query(text: edge).rows.isEmpty)
        #expect(try two.store.transfer(id: "SHARED-T1") == nil)
    }

    /// A Cypher write that breaks a rule on PostgreSQL fails as on SQLite (same error code)
    /// and writes nothing; ingest into a PostgreSQL store is refused with one clear line.
    @Test func refusedWritesLeaveNothing() throws {
        let f = try PredictionFixture.get()
        let database = try Self.postgresCopy(f)
        let pg = try Workspace(path: database.url)
        let sqlite = try f.copy()
        let existing = try #require(try f.transfers(where: "1 = 1", limit: 1).first)
        let text = "CREATE (:Account {account_id: 'NEW-X'}) CREATE (:Account {account_id: '\(existing.srcAccount)'})"
        var codes: [String] = []
        for w in [sqlite, pg] {
            let version = try w.store.storeVersion()
            #expect {
                _ = try w.query(text: text, options: QueryOptions(allowWrites: true))
            } throws: { error in
                codes.append((error as? QueryError)?.code ?? "\(error)")
                return true
            }
            #expect(try w.store.node(label: "Account", key: "NEW-X") == nil)
            #expect(try w.store.storeVersion() == version)
        }
        #expect(codes.count == 2 && codes[0] == codes[1] && codes[0] == "UniqueKey", "\(codes)")
        // Ingesting the fixture's data again into the copied store changes nothing, as on SQLite.
        let again = try pg.ingest(path: f.folder + "/data", options: .init())
        #expect(again.transfers == 0 && again.duplicateTransfers > 0 && !again.source.contains(":secret@"))
    }
}
