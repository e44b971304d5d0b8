// Batched transfer inserts: many rows per statement, with the same columns and duplicate
// handling as one row at a time.
import Foundation
import Testing

@testable import GraphStore

@Suite("BulkLoader")
struct BulkLoaderTests {
    func batch(_ ids: [String], source: Int64, target: Int64) -> TransferBatch {
        var batch = TransferBatch()
        for (n, id) in ids.enumerated() {
            let id = Array(id.utf8), currency = Array((n % 2 == 0 ? "EUR" : "USD").utf8), channel = Array((n % 3 == 0 ? "" : "wire").utf8)
            id.withUnsafeBufferPointer { id in
                currency.withUnsafeBufferPointer { currency in
                    channel.withUnsafeBufferPointer { channel in
                        batch.append(
                            id: id, source: source, target: target, amount: Double(n) + 0.25, currency: currency, timestamp: Int64(1_000 + n),
                            channel: channel, isLaundering: Int8(n % 3) - 1
                        )
                    }
                }
            }
        }
        return batch
    }

    /// 200 rows (three full multi-row statements and a single-row tail) land with every
    /// column as given, on a file and an in-memory store; a second batch with ids already
    /// stored and ids repeated within it adds only the new ids, each once (first wins).
    @Test(arguments: StoreKind.allCases)
    func batchesMatchRowByRow(kind: StoreKind) throws {
        let (store, dir) = try makeStore(kind)
        defer { withExtendedLifetime(dir) {} }
        let first = (0..<200).map { "T\($0)" }
        var inserted = 0
        _ = try store.bulkLoad { loader in
            let a = try loader.upsertNode(label: "Account", key: "A1", json: "{}")
            let b = try loader.upsertNode(label: "Account", key: "A2", json: "{}")
            try loader.addTransfers(batch(first, source: a, target: b))
            inserted = try loader.transfersInserted
        }
        #expect(inserted == 200)
        let rows = try store.withReader { db -> [[SQLValue]] in
            let s = try db.prepare("SELECT transfer_id, amount, currency, ts, channel, is_laundering, props FROM transfers ORDER BY id")
            var rows: [[SQLValue]] = []
            while try s.step() { rows.append((0..<7).map { s.value($0) }) }
            return rows
        }
        #expect(rows.count == 200)
        for (n, row) in rows.enumerated() {
            let label: SQLValue = n % 3 == 0 ? .null : .integer(Int64(n % 3 - 1))
            let expected: [SQLValue] = [
                .text("T\(n)"), .real(Double(n) + 0.25), .text(n % 2 == 0 ? "EUR" : "USD"), .integer(Int64(1_000 + n)),
                .text(n % 3 == 0 ? "" : "wire"), label, .null,
            ]
            #expect(row == expected, "row \(n)")
        }
        // 150 ids already stored, 70 new ones of which 10 repeat within the batch.
        let second = (50..<200).map { "T\($0)" } + (200..<260).map { "T\($0)" } + (200..<210).map { "T\($0)" }
        let removed = try store.bulkLoad { loader in
            try loader.addTransfers(batch(second, source: 1, target: 2))
            inserted = try loader.transfersInserted
        }.duplicatesRemoved
        #expect(inserted - removed == 60)
        #expect(try store.statistics().transfers == 260)
        let firstOfRepeats = try store.withReader { db in try db.scalarInt("SELECT ts FROM transfers WHERE transfer_id = 'T205'") }
        #expect(firstOfRepeats == Int64(1_000 + 150 + 5))
    }
}
