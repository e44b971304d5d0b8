// Options every command that opens a database shares.
import ArgumentParser
import Foundation
import Investigation

/// `--db` for the commands that may create the database: `ingest`, `serve`, `keys create`,
/// `users add` (a deployment can start from an empty store).
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The AMLGraph database file (SQLite; created when missing), or a PostgreSQL store (postgresql://...) for every command but export store.")
    var db: String

    func validate() throws {
        if db.isEmpty { throw ValidationError("--db must name a database file") }
    }
}

/// `--db` for the commands that only read or change an existing database (queries, detection,
/// training, models, jobs, exports, listings): a mistyped path is an error naming the option,
/// not a new empty database that answers every question with nothing.
struct ExistingStoreOptions: ParsableArguments {
    @Option(name: .long, help: "The AMLGraph database file (SQLite; it must exist: `amlgraph ingest` creates it), or a PostgreSQL store (postgresql://...) for every command but export store.")
    var db: String

    func validate() throws {
        if db.isEmpty { throw ValidationError("--db must name a database file") }
        if GraphAnalysis.isPostgresURL(db) { return }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: db, isDirectory: &isDirectory) else {
            throw ValidationError("--db: there is no database at \(db) (`amlgraph ingest --db \(db) DATA` creates one)")
        }
        if isDirectory.boolValue { throw ValidationError("--db: \(db) is a directory, not a database file") }
    }
}
