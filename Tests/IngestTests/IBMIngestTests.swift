import Foundation
import GraphStore
import Testing

@testable import Ingest

@Suite("IBM AML ingest")
struct IBMIngestTests {
    static let header = "Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,Amount Paid,Payment Currency,Payment Format,Is Laundering\n"
    static let rows = """
        2022/09/01 00:20,010,8000EBD30,010,8000EBD30,3697.34,US Dollar,3697.34,US Dollar,Reinvestment,0
        2022/09/01 00:20,03208,8000F4580,001,8000F5340,0.01,US Dollar,0.01,US Dollar,Cheque,0
        2022/09/01 00:20,03208,8000F4580,001,8000F5340,0.01,US Dollar,0.01,US Dollar,Cheque,0
        2022/09/01 00:02,0211,8000F5AD0,0211,8000F5AD0,1000.00,Euro,1100.00,US Dollar,Wire,1
        2022/09/01 00:05,0211,8000F5AD0,010,8000EBD30,50.00,Euro,50.00,Euro,ACH,1

        """
    static let patterns = """
        BEGIN LAUNDERING ATTEMPT - CYCLE: Max 2 hops
        2022/09/01 00:05,0211,8000F5AD0,010,8000EBD30,50.00,Euro,50.00,Euro,ACH,1
        END LAUNDERING ATTEMPT - CYCLE

        BEGIN LAUNDERING ATTEMPT - RANDOM: Max 1 hops
        2022/09/01 00:02,0211,8000F5AD0,0211,8000F5AD0,1000.00,Euro,1100.00,US Dollar,Wire,1
        END LAUNDERING ATTEMPT - RANDOM

        """

    func ingest(_ store: SQLiteGraphStore, _ path: String) throws -> IngestSummary {
        try GraphIngestor(store: store).ingest(path: path, options: IngestOptions(format: .ibm))
    }

    /// IBM rows become (bank, account) accounts and transfers with content-derived ids; identical
    /// rows stay two transfers; conversions keep the received side; Patterns.txt marks members.
    @Test func loadsTransactionsAndPatterns() throws {
        let folder = ScratchFolder()
        folder.write("HI-Tiny_Trans.csv", Self.header + Self.rows)
        folder.write("HI-Tiny_Patterns.txt", Self.patterns)
        let store = try SQLiteGraphStore(path: ":memory:")
        let summary = try ingest(store, folder.path + "/HI-Tiny_Trans.csv")
        #expect(summary.transfers == 5 && summary.accounts == 4)
        #expect(summary.patternMembers == 2)
        #expect(try store.node(label: "Account", key: "010:8000EBD30")?.properties["bank"] == .string("010"))
        let stats = try store.statistics()
        #expect(stats.launderingTransfers == 2 && stats.patterns == 1)
        #expect(stats.timeRange == [1_661_990_520, 1_661_991_600])
        let converted = try store.transfers(ofAccount: "0211:8000F5AD0", limit: 10).filter { $0.channel == "wire" }
        #expect(converted.first?.amount == 1100 && converted.first?.currency == "USD")
    }

    /// Ids are deterministic: ingesting the same file into another store gives the same ids, and
    /// ingesting it again is a no-op. The folder form finds the one *_Trans.csv.
    @Test func deterministicIdsAndReingest() throws {
        let folder = ScratchFolder()
        folder.write("X_Trans.csv", Self.header + Self.rows)
        let a = try SQLiteGraphStore(path: ":memory:")
        let b = try SQLiteGraphStore(path: ":memory:")
        _ = try ingest(a, folder.path)
        _ = try ingest(b, folder.path + "/X_Trans.csv")
        let idsA = try a.transferIDs(rowIDs: a.snapshot().transferRowID).sorted()
        let idsB = try b.transferIDs(rowIDs: b.snapshot().transferRowID).sorted()
        #expect(idsA == idsB && Set(idsA).count == 5)
        let again = try ingest(a, folder.path)
        #expect(again.transfers == 0 && again.duplicateTransfers == 5)
    }

    /// Bad IBM rows name the file, line, column and value; nothing is written.
    @Test(arguments: [
        ("2022/13/01 00:20,010,1,010,2,1,US Dollar,1,US Dollar,Wire,0", "column Timestamp: \"2022/13/01 00:20\""),
        ("2022/09/01 00:20,010,1,010,2,1,US Dollar,1,Doubloon,Wire,0", "column Payment Currency: \"Doubloon\" is not a currency"),
        ("2022/09/01 00:20,010,1,010,2,1,US Dollar,x,US Dollar,Wire,0", "column Amount Paid: \"x\" is not a number"),
        ("2022/09/01 00:20,010,,010,2,1,US Dollar,1,US Dollar,Wire,0", "column Account: \"\" is empty"),
    ])
    func badRows(row: String, message: String) throws {
        let folder = ScratchFolder()
        folder.write("Y_Trans.csv", Self.header + Self.rows + row + "\n")
        let store = try SQLiteGraphStore(path: ":memory:")
        #expect {
            _ = try ingest(store, folder.path)
        } throws: { "\($0)".contains("Y_Trans.csv:7: \(message)") }
        #expect(try store.statistics().transfers == 0 && store.statistics().accounts == 0)
    }

    /// A header that is not IBM's is refused before any row is read.
    @Test func wrongHeader() throws {
        let folder = ScratchFolder()
        folder.write("Z_Trans.csv", NativeFixture.transfers)
        let store = try SQLiteGraphStore(path: ":memory:")
        #expect(throws: IngestError.self) { _ = try ingest(store, folder.path) }
    }
}
