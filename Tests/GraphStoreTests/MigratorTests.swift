import Foundation
import Testing

@testable import GraphStore

@Suite("Migrator")
struct MigratorTests {
    /// The migrations compiled into the binary are exactly the files of schema/, in order.
    @Test func bundledMatchesSchemaFolder() throws {
        let schemaDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../schema").standardized.path
        let files = try FileManager.default.contentsOfDirectory(atPath: schemaDir).filter { $0.hasSuffix(".sql") }.sorted()
        #expect(Migrator.bundled.migrations.map(\.name) == files)
        for migration in Migrator.bundled.migrations {
            let text = try String(contentsOfFile: schemaDir + "/" + migration.name, encoding: .utf8)
            #expect(migration.sql == text)
        }
        // Numbers may have gaps (branches reserve numbers, e.g. 003 before 002 lands); versions
        // are the file-name numbers, strictly increasing.
        #expect(Migrator.bundled.migrations.map(\.version) == files.map { Int($0.prefix(3))! })
        #expect(Set(Migrator.bundled.migrations.map(\.version)).count == files.count)
    }

    /// Migrations run once each, in version order, and are recorded.
    @Test func appliedOnceInOrder() throws {
        let db = try SQLiteConnection(path: ":memory:")
        let migrator = Migrator(migrations: [
            Migration(version: 2, name: "002_b.sql", sql: "INSERT INTO log VALUES ('b')"),
            Migration(version: 1, name: "001_a.sql", sql: "CREATE TABLE log (step TEXT); INSERT INTO log VALUES ('a')"),
        ])
        #expect(try migrator.migrate(db) == [1, 2])
        #expect(try migrator.migrate(db) == [])
        let s = try db.prepare("SELECT group_concat(step, '') FROM log")
        _ = try s.step()
        #expect(s.string(0) == "ab")
        #expect(try migrator.appliedVersions(db) == [1, 2])
    }

    /// A failing migration leaves nothing of itself behind and names itself.
    @Test func failingMigrationRollsBack() throws {
        let db = try SQLiteConnection(path: ":memory:")
        let migrator = Migrator(migrations: [Migration(version: 1, name: "001_bad.sql", sql: "CREATE TABLE t (x); SELECT * FROM nope")])
        #expect {
            try migrator.migrate(db)
        } throws: { "\($0)".contains("001_bad.sql") }
        #expect(try migrator.appliedVersions(db) == [])
        #expect(try db.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 't'") == 0)
    }

    /// A database migrated by a newer build is refused rather than misread.
    @Test func newerDatabaseIsRefused() throws {
        let db = try SQLiteConnection(path: ":memory:")
        try Migrator(migrations: [Migration(version: 1, name: "001.sql", sql: ""), Migration(version: 2, name: "002.sql", sql: "")]).migrate(db)
        #expect(throws: StoreError.self) { try Migrator(migrations: [Migration(version: 1, name: "001.sql", sql: "")]).migrate(db) }
    }
}
