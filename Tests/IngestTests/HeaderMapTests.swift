import Testing
@testable import Ingest

@Suite struct HeaderMapTests {
    /// Required columns resolve case- and whitespace-insensitively, in the order asked.
    @Test func resolvesRequiredColumns() throws {
        let map = HeaderMap(header: ["Transfer_ID", " amount ", "currency"], file: "transfers.csv")
        #expect(try map.indices(of: ["currency", "transfer_id", "AMOUNT"]) == [2, 0, 1])
        #expect(try map.optionalIndex(of: "channel") == nil)
    }

    /// A missing column throws one line naming the file and the column.
    @Test func missingColumnNamesFileAndColumn() throws {
        let map = HeaderMap(header: ["id", "amount"], file: "transfers.csv")
        #expect {
            try map.index(of: "currency")
        } throws: { error in
            let text = String(describing: error)
            return text.hasPrefix("transfers.csv:1: column currency: required column is missing") && !text.contains("\n")
        }
    }

    /// IBM's duplicated `Account` header must be addressed by occurrence (or positionally);
    /// a bare lookup is refused instead of silently picking the sender.
    @Test func duplicateNamesNeedOccurrence() throws {
        let ibm = ["Timestamp", "From Bank", "Account", "To Bank", "Account", "Amount Received", "Receiving Currency",
                   "Amount Paid", "Payment Currency", "Payment Format", "Is Laundering"]
        let map = HeaderMap(header: ibm, file: "HI-Small_Trans.csv")
        #expect(try map.index(of: "Account", occurrence: 1) == 2)
        #expect(try map.index(of: "Account", occurrence: 2) == 4)
        #expect(throws: IngestError.self) { try map.index(of: "Account") }
        #expect(throws: IngestError.self) { try map.index(of: "Account", occurrence: 3) }
        try map.requireExact(ibm)
        #expect(throws: IngestError.self) { try map.requireExact(Array(ibm.dropLast())) }
        #expect(throws: IngestError.self) { try map.requireExact(ibm.reversed()) }
    }
}
