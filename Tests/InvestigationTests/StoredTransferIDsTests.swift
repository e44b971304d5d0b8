// The stored-id filter that spares /predict a SQL lookup for new transfer ids: never a false
// "not stored", few false "maybe", and the paged build reads every row.
import Foundation
import GraphStore
@testable import Investigation
import Testing

@Suite("stored transfer ids")
struct StoredTransferIDsTests {
    /// Every inserted id is found; of ids never inserted, few are (16 bits per id: about 1%).
    @Test(arguments: [0, 1, 5, 1_000, 100_000]) func noFalseNegativesAndFewFalsePositives(count: Int) {
        var filter = StoredTransferIDs(capacity: count)
        var g = SystemRandomNumberGenerator()
        let ids = (0..<count).map { i in i % 3 == 0 ? "T\(i)" : "\(UInt64.random(in: 0...UInt64.max, using: &g))-é-\(i)" }
        for id in ids { filter.insert(id) }
        #expect(ids.allSatisfy { filter.mayContain($0) })
        let others = (0..<20_000).map { "new-\($0)" }
        let wrong = others.filter { filter.mayContain($0) }.count
        #expect(count > 0 || wrong == 0, "an empty filter holds nothing")
        #expect(Double(wrong) / Double(others.count) < 0.05, "\(wrong) of \(others.count) new ids taken for stored")
    }

    /// Ids are their UTF-8 bytes, as the database compares them: the precomposed and the
    /// decomposed é are two ids (Swift's `==` calls them equal).
    @Test func idsAreBytes() {
        var filter = StoredTransferIDs(capacity: 1)
        filter.insert("caf\u{E9}")
        #expect(filter.mayContain("caf\u{E9}"))
        #expect("cafe\u{301}" == "caf\u{E9}")
        #expect(!filter.mayContain("cafe\u{301}"))
    }

    /// Built from a store in pages smaller than the table, the filter holds every stored id.
    @Test func pagedBuildReadsEveryTransfer() throws {
        let (folder, db) = try TinyDatabase.make(seed: 5)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteGraphStore(path: db)
        let ids = try store.read { db in try db.query("SELECT transfer_id FROM transfers", []).map { $0.string(0)! } }
        #expect(ids.count > 100)
        let filter = try StoredTransferIDs(store: store, page: 7)
        #expect(ids.allSatisfy { filter.mayContain($0) })
        let wrong = (0..<5_000).filter { filter.mayContain("not-stored-\($0)") }.count
        #expect(wrong < 250)
    }
}
