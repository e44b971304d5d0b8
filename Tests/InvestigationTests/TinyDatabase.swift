// A throwaway database file holding the generator's tiny data set, for job and alert tests.
import Foundation
import GraphStore
import Ingest
import Investigation

enum TinyDatabase {
    /// A fresh folder with `aml.sqlite` ingested from tiny data of `seed`; remove it when done.
    static func make(seed: UInt64 = 7) throws -> (folder: String, db: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("amlgraph-inv-\(UUID().uuidString)").path
        _ = try SyntheticDataGenerator(config: GeneratorConfig(scale: .tiny, seed: seed)).write(to: folder + "/data")
        let db = folder + "/aml.sqlite"
        _ = try Workspace(path: db).ingest(path: folder + "/data", options: IngestOptions(format: .native))
        return (folder, db)
    }

    /// Stored transfers as prediction inputs: `where` is a SQL condition on `t`.
    static func transfers(_ store: any SQLDatabase, where condition: String, limit: Int) throws -> [TransferInput] {
        try store.read { db in
            try db.query(
                """
                SELECT t.transfer_id, s.key, d.key, t.amount, t.currency, t.ts, t.channel FROM transfers t
                JOIN nodes s ON s.id = t.src JOIN nodes d ON d.id = t.dst WHERE \(condition) ORDER BY t.id LIMIT \(limit)
                """, []
            ).map { s in
                TransferInput(
                    transferID: s.string(0)!, srcAccount: s.string(1)!, dstAccount: s.string(2)!, amount: s.double(3),
                    currency: s.string(4)!, ts: s.int64(5), channel: s.string(6)!)
            }
        }
    }
}
