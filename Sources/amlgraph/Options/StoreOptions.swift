// Options every command that opens a database shares.
import ArgumentParser

struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The AMLGraph database file (SQLite; created when missing), or for stats, detect, algo, jobs, keys, users, models and export alerts a PostgreSQL store (postgresql://...).")
    var db: String

    func validate() throws {
        if db.isEmpty { throw ValidationError("--db must name a database file") }
    }
}
