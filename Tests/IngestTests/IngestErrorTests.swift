import Testing
@testable import Ingest

@Suite struct IngestErrorTests {
    /// The description is the documented one-line `file:line: column c: "value" reason` format.
    @Test func oneLineFormat() {
        let error = IngestError(file: "transfers.csv", line: 17, column: "amount", value: "12a", reason: FieldParser.notANumber)
        #expect(error.description == "transfers.csv:17: column amount: \"12a\" is not a number")
        #expect(IngestError(file: "f.csv", reason: "is empty").description == "f.csv: is empty")
    }

    /// Long values are cut at 60 characters with "…" and control characters are escaped,
    /// so the message always stays on one line.
    @Test func truncatesAndEscapes() {
        let long = String(repeating: "é", count: 100)
        let text = IngestError(file: "f.csv", line: 2, column: "memo", value: long, reason: "is too long").description
        #expect(text == "f.csv:2: column memo: \"\(String(repeating: "é", count: 60))…\" is too long")
        let nasty = IngestError(file: "f.csv", line: 3, column: "id", value: "a\nb\r\t\"\u{0}\u{2028}", reason: "is odd").description
        #expect(nasty == "f.csv:3: column id: \"a\\nb\\r\\t\\\"\\u{0}\\u{2028}\" is odd")
        #expect(!nasty.contains("\n"))
    }

    /// Reader errors convert without losing file, line or reason.
    @Test func wrapsCSVError() {
        let wrapped = IngestError(CSVError(file: "t.csv", line: 9, kind: .fieldCountMismatch(expected: 8, found: 7)))
        #expect(wrapped.description == "t.csv:9: expected 8 fields (as in the header), found 7")
    }
}
