import Foundation
import GraphCore
import GraphStore
import Testing

@testable import Ingest

@Suite("Native folder ingest")
struct NativeIngestTests {
    func ingest(_ store: SQLiteGraphStore, _ path: String, skip: Bool = false) throws -> IngestSummary {
        try GraphIngestor(store: store).ingest(path: path, options: IngestOptions(format: .native, skipBadRows: skip))
    }

    /// A folder with BOM, CRLF, quoted commas, escaped quotes and multi-line names loads exactly.
    @Test(arguments: [false, true])
    func loadsFolder(crlf: Bool) throws {
        let folder = ScratchFolder()
        NativeFixture.write(to: folder, crlf: crlf)
        let store = try SQLiteGraphStore(path: ":memory:")
        let summary = try ingest(store, folder.path)
        #expect(summary.customers == 3 && summary.accounts == 4 && summary.transfers == 4 && summary.patternMembers == 3)
        let c1 = try #require(try store.node(label: "Customer", key: "C1"))
        #expect(c1.properties["name"] == .string("Doe, Jane \"JJ\""))
        #expect(c1.properties["country"] == .string("DE"))
        let c3 = try #require(try store.node(label: "Customer", key: "C3"))
        #expect(c3.properties["name"] == .string(crlf ? "Multi\r\nLine" : "Multi\nLine"))
        #expect(try store.node(label: "Account", key: "A1")?.properties["opened_at"] == .int(1_600_000_000))
        let t3 = try #require(try store.transfer(id: "T3"))
        #expect(t3.isLaundering == nil && t3.channel == "ach" && t3.amount == 98)
        let stats = try store.statistics()
        #expect(stats.patterns == 1 && stats.launderingTransfers == 1)
        let snapshot = try store.snapshot()
        #expect(snapshot.transferCount == 4)
        #expect(snapshot.country(ofAccount: Int(snapshot.accountKeys.firstIndex(of: "A4")!)) == "GB")
    }

    /// Every kind of bad row stops the ingest with one line naming file, line, column and value,
    /// and nothing of the call is written.
    @Test(arguments: [
        ("T5,A1,A2,12a,EUR,1700000400,wire,0", "column amount: \"12a\" is not a number"),
        ("T5,A1,A2,10,EUR,1700000400,wire", "expected 8 fields as in the header, found 7"),
        ("T5,A1,A2,10,XYZ,1700000400,wire,0", "column currency: \"XYZ\" is not an ISO 4217 currency code"),
        ("T5,A1,A2,10,EUR,2023-11-14,wire,0", "column ts: \"2023-11-14\" is not a unix timestamp"),
        ("T5,A1,A9,10,EUR,1700000400,wire,0", "column dst_account: \"A9\" is not a known account"),
        ("T5,A8,A1,10,EUR,1700000400,wire,0", "column src_account: \"A8\" is not a known account"),
        ("T5,A1,A2,-10,EUR,1700000400,wire,0", "column amount: \"-10\" is negative"),
        ("T5,A1,A2,10,EUR,1700000400,wire,yes", "column is_laundering: \"yes\" is not 0, 1 or empty"),
        (",A1,A2,10,EUR,1700000400,wire,0", "column transfer_id: \"\" is empty"),
        ("T5,A1,A2,10,EUR,1700000400,\"wire,0", "unterminated"),
    ])
    func badRowStopsWithNothingWritten(row: String, message: String) throws {
        let folder = ScratchFolder()
        NativeFixture.write(to: folder, transfers: NativeFixture.transfers + row + "\n")
        let store = try SQLiteGraphStore(path: ":memory:")
        let version = try store.storeVersion()
        #expect {
            _ = try ingest(store, folder.path)
        } throws: { error in
            let text = "\(error)"
            return text.contains("transfers.csv:6") && text.contains(message) && !text.contains("\n")
        }
        let stats = try store.statistics()
        #expect(stats.customers == 0 && stats.accounts == 0 && stats.transfers == 0 && stats.patterns == 0)
        #expect(try store.storeVersion() == version)
    }

    /// A bad row in an earlier file (accounts.csv) also leaves nothing written.
    @Test func badAccountRowWritesNothing() throws {
        let folder = ScratchFolder()
        NativeFixture.write(to: folder)
        folder.write("accounts.csv", NativeFixture.accounts + "A5,C9,B1,EUR,1600000000\n")
        let store = try SQLiteGraphStore(path: ":memory:")
        #expect {
            _ = try ingest(store, folder.path)
        } throws: { "\($0)".contains("accounts.csv:6: column customer_id: \"C9\" is not a known customer") }
        #expect(try store.statistics().customers == 0)
    }

    /// With --skip-bad-rows bad rows are skipped, counted, and the first ones listed; good rows load.
    @Test func skipBadRowsReports() throws {
        let folder = ScratchFolder()
        var transfers = NativeFixture.transfers
        for i in 0..<25 { transfers += "X\(i),A1,A2,bad,EUR,1700000400,wire,0\n" }
        transfers += "T6,A1,A2,1,EUR,1700000500,wire,0\n"
        NativeFixture.write(to: folder, transfers: transfers)
        let store = try SQLiteGraphStore(path: ":memory:")
        let summary = try ingest(store, folder.path, skip: true)
        #expect(summary.transfers == 5)
        #expect(summary.skippedRows == 25)
        #expect(summary.badRows.count == 20)
        #expect(summary.badRows.first?.contains("transfers.csv:6: column amount: \"bad\" is not a number") == true)
        #expect(try store.transfer(id: "T6") != nil)
    }

    /// Re-ingesting the same folder changes nothing, not even the store version.
    @Test func reingestIsNoOp() throws {
        let folder = ScratchFolder()
        NativeFixture.write(to: folder)
        let dir = ScratchFolder()
        let store = try SQLiteGraphStore(path: dir.path + "/g.sqlite")
        _ = try ingest(store, folder.path)
        let before = try store.statistics()
        let snapshot = try store.snapshot()
        let again = try ingest(store, folder.path)
        #expect(again.transfers == 0 && again.customers == 0 && again.accounts == 0)
        #expect(again.duplicateTransfers == 4)
        #expect(try store.statistics() == before)
        #expect(try store.snapshot() == snapshot)
    }

    /// A later folder with new transfers (and no customers/accounts files) adds to what is there,
    /// and duplicate ids inside one file keep their first row.
    @Test func incrementalIngest() throws {
        let folder = ScratchFolder()
        NativeFixture.write(to: folder)
        let store = try SQLiteGraphStore(path: ":memory:")
        _ = try ingest(store, folder.path)
        let later = ScratchFolder()
        later.write(
            "transfers.csv",
            NativeFixture.header + "T4,A4,A1,1,GBP,1700000300,card,0\nT7,A2,A4,7,USD,1700000700,wire,0\nT7,A2,A4,8,USD,1700000800,wire,0\n"
        )
        let summary = try ingest(store, later.path)
        #expect(summary.transfers == 1 && summary.duplicateTransfers == 2)
        #expect(try store.statistics().transfers == 5)
        #expect(try store.transfer(id: "T4")?.amount == 5000)
        #expect(try store.transfer(id: "T7")?.amount == 7)
        #expect(try store.snapshot().transferCount == 5)
    }

    /// Duplicate ids inside the first file (the fast path without indexes) keep the first row.
    @Test func duplicatesOnFastPath() throws {
        let folder = ScratchFolder()
        NativeFixture.write(to: folder, transfers: NativeFixture.transfers + "T1,A2,A1,1,EUR,1700000900,wire,0\n")
        let store = try SQLiteGraphStore(path: ":memory:")
        let summary = try ingest(store, folder.path)
        #expect(summary.transfers == 4 && summary.duplicateTransfers == 1)
        #expect(try store.transfer(id: "T1")?.amount == 100.5)
        // The unique index is back: a second insert of T1 is refused.
        #expect(try store.write { try $0.addTransfer(NewTransfer(transferID: "T1", source: 1, target: 1, amount: 1, currency: "EUR", timestamp: 1, channel: "", isLaundering: 0)) } == false)
    }

    /// Missing folders, missing columns and unknown typologies are clear one-line errors.
    @Test func structuralErrors() throws {
        let store = try SQLiteGraphStore(path: ":memory:")
        #expect { _ = try ingest(store, "/no/such/folder") } throws: { "\($0)".contains("/no/such/folder: no such file or folder") }
        let empty = ScratchFolder()
        #expect { _ = try ingest(store, empty.path) } throws: { "\($0)".contains("holds none of customers.csv") }
        let folder = ScratchFolder()
        NativeFixture.write(to: folder)
        folder.write("transfers.csv", "transfer_id,src_account,dst_account,amount,ts,channel,is_laundering\n")
        #expect { _ = try ingest(store, folder.path) } throws: { "\($0)".contains("transfers.csv:1: column currency: required column is missing") }
        NativeFixture.write(to: folder)
        folder.write("truth.csv", "pattern_id,typology,account_id\nP1,smurf,A1\n")
        #expect { _ = try ingest(store, folder.path) } throws: { "\($0)".contains("truth.csv:2: column typology: \"smurf\" is not one of") }
        #expect(try store.statistics().transfers == 0)
    }
}
