// Options every command that opens a database shares.
import ArgumentParser

struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The AMLGraph database file (SQLite; created when missing), or a PostgreSQL store (postgresql://...) for every command but export store.")
    var db: String

    func validate() throws {
        if db.isEmpty { throw ValidationError("--db must name a database file") }
    }
}
