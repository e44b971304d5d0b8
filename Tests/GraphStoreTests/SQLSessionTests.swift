// The application-table SQL interface: the PostgreSQL rewriting of `?` parameters, and the
// same statements giving the same typed rows on SQLite and on PostgreSQL.
import Foundation
import Testing

@testable import GraphStore

@Suite("SQL sessions on both backends", .serialized)
struct SQLSessionTests {
    /// `?` becomes `$1`, `$2`, ... except inside string literals, quoted identifiers and comments.
    @Test func numbersParameters() {
        #expect(
            PostgresDialect.numberedParameters("SELECT a FROM t WHERE b = ? AND c = '?' AND \"d?\" = ? -- ?\nLIMIT ?")
                == "SELECT a FROM t WHERE b = $1 AND c = '?' AND \"d?\" = $2 -- ?\nLIMIT $3")
        #expect(PostgresDialect.numberedParameters("x = 'it''s ?' OR y = ?") == "x = 'it''s ?' OR y = $1")
        #expect(PostgresDialect.statement("ORDER BY name COLLATE BINARY") == "ORDER BY name COLLATE \"C\"")
    }

    /// Integers, doubles, text (quotes, newlines, non-ASCII), NULL, sums and booleans read back
    /// the same on both backends; RETURNING ids, change counts, and ON CONFLICT DO NOTHING agree.
    @Test(arguments: [false, true])
    func sameRowsOnBothBackends(postgres: Bool) throws {
        let scratch = postgres ? try PostgresScratch() : nil
        let database: any SQLDatabase
        if let scratch { database = try PostgresGraphStore(url: scratch.url) } else { database = try SQLiteGraphStore(path: ":memory:") }
        let text = "Zoë \"Q\" O'Neil\n? tab\t"
        let id = try database.transaction { db in
            try db.insertReturningID(
                "INSERT INTO ingest_runs (source, format, started_at, finished_at, customers, accounts, transfers, skipped) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [.text(text), .text("csv"), .integer(-5), .integer(Int64.max), .integer(1), .integer(2), .integer(3), .integer(0)]
            )
        }
        #expect(id == 1)
        let rows = try database.read { db in
            try db.query(
                "SELECT source, started_at, finished_at, customers + 0.5, sum(transfers), max(skipped) > 0, NULL FROM ingest_runs WHERE id = ? GROUP BY id",
                [.integer(1)])
        }
        #expect(rows.count == 1)
        let r = rows[0]
        #expect(r.string(0) == text && r.int64(1) == -5 && r.int64(2) == Int64.max && r.double(3) == 1.5)
        #expect(r.int64(4) == 3 && r.int64(5) == 0 && r.isNull(6) && r.string(6) == nil)
        let changed = try database.transaction { db in
            try db.execute(
                "INSERT INTO ingest_watermarks (source, table_name, value, updated_at) VALUES (?, ?, ?, 0) ON CONFLICT DO NOTHING",
                [.text("s"), .text("t"), .integer(1)])
                + db.execute(
                    "INSERT INTO ingest_watermarks (source, table_name, value, updated_at) VALUES (?, ?, ?, 0) ON CONFLICT DO NOTHING",
                    [.text("s"), .text("t"), .integer(2)])
                + db.execute(
                    "INSERT INTO ingest_watermarks (source, table_name, value, updated_at) VALUES (?, ?, ?, 0) ON CONFLICT (source, table_name) DO UPDATE SET value = excluded.value",
                    [.text("s"), .text("t"), .integer(7)]
                )
        }
        #expect(changed == 2)
        #expect(try database.read { try $0.scalarInt("SELECT value FROM ingest_watermarks WHERE source = ?", [.text("s")]) } == 7)
        // A failed transaction leaves nothing behind.
        #expect(throws: StoreError.self) {
            try database.transaction { db in
                try db.execute("UPDATE ingest_watermarks SET value = 8", [])
                try db.execute("SELECT no_such_column FROM ingest_watermarks", [])
            }
        }
        #expect(try database.read { try $0.scalarInt("SELECT value FROM ingest_watermarks") } == 7)
    }
}
