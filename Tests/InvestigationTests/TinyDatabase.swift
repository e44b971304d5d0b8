// A throwaway database file holding the generator's tiny data set, for job and alert tests.
import Foundation
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
}
