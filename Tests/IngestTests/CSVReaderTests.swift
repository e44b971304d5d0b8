import Foundation
import Testing
@testable import Ingest

@Suite struct CSVReaderTests {
    /// Plain rows come back field by field with 1-based physical line numbers (header is line 1).
    @Test func simpleRows() throws {
        let result = try parse("id,amount\nT1,10.5\nT2,7\n")
        #expect(result.header == ["id", "amount"])
        #expect(result.rows == [["T1", "10.5"], ["T2", "7"]])
        #expect(result.lines == [2, 3])
    }

    /// Quoted fields lose their quotes, `""` becomes `"`, and commas inside quotes do not split.
    @Test func quotesEscapesAndEmbeddedCommas() throws {
        let result = try parse("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"\"\n\"\"\"\",plain,\"q\"\n")
        #expect(result.rows == [["x, y", "say \"hi\"", ""], ["\"", "plain", "q"]])
    }

    /// A quoted field spanning lines keeps its newlines, and later records report the physical
    /// line they start on (not the record index).
    @Test func embeddedNewlinesKeepLineNumbers() throws {
        let result = try parse("a,b\n1,\"line one\nline two\nline three\"\n2,x\n3,\"p\r\nq\"\n4,y\n")
        #expect(result.rows == [["1", "line one\nline two\nline three"], ["2", "x"], ["3", "p\r\nq"], ["4", "y"]])
        #expect(result.lines == [2, 5, 6, 8])
    }

    /// CRLF line ends are stripped (no trailing \r in the last field) and count as one line each.
    @Test func crlfLineEndings() throws {
        let result = try parse("a,b\r\n1,2\r\n3,\"4\"\r\n")
        #expect(result.header == ["a", "b"])
        #expect(result.rows == [["1", "2"], ["3", "4"]])
        #expect(result.lines == [2, 3])
    }

    /// A bare CR also ends a record (old Mac exports), counted as one line.
    @Test func bareCarriageReturn() throws {
        let result = try parse("a,b\r1,2\r3,4")
        #expect(result.rows == [["1", "2"], ["3", "4"]])
        #expect(result.lines == [2, 3])
    }

    /// A UTF-8 byte-order mark is skipped, so the first column name matches without it.
    @Test func byteOrderMarkIsSkipped() throws {
        let path = makeTempFile([0xEF, 0xBB, 0xBF] + Array("transfer_id,amount\nT1,5\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try readAll(path)
        #expect(result.header == ["transfer_id", "amount"])
        #expect(result.rows == [["T1", "5"]])
    }

    /// The last record is delivered even without a final newline, quoted or not.
    @Test func noTrailingNewline() throws {
        #expect(try parse("a,b\n1,2").rows == [["1", "2"]])
        #expect(try parse("a,b\n1,\"2\"").rows == [["1", "2"]])
    }

    /// Empty fields are kept: in the middle, last on a line, and last before end of file.
    @Test func emptyFields() throws {
        let result = try parse("a,b,c\n,,\n1,,3\n1,2,\n,,")
        #expect(result.rows == [["", "", ""], ["1", "", "3"], ["1", "2", ""], ["", "", ""]])
    }

    /// Blank lines are skipped but still advance the physical line count.
    @Test func blankLinesSkipped() throws {
        let result = try parse("a,b\n\n1,2\r\n\r\n3,4\n\n")
        #expect(result.rows == [["1", "2"], ["3", "4"]])
        #expect(result.lines == [3, 5])
    }

    /// A record narrower or wider than the header fails with its line and both counts.
    @Test func fieldCountMismatch() throws {
        let error = csvError("a,b,c\n1,2,3\n\"multi\nline\",2,3\n4,5\n")
        #expect(error == CSVError(file: error?.file ?? "", line: 5, kind: .fieldCountMismatch(expected: 3, found: 2)))
        #expect(error?.description.hasSuffix(":5: expected 3 fields (as in the header), found 2") == true)
        #expect(csvError("a,b\n1,2,3\n")?.kind == .fieldCountMismatch(expected: 2, found: 3))
    }

    /// An unclosed quote is reported at the line where the quoted field opened.
    @Test func unterminatedQuote() throws {
        let error = csvError("a,b\n1,2\n3,\"never closed\n4,5\n")
        #expect(error?.kind == .unterminatedQuote)
        #expect(error?.line == 3)
    }

    /// Quotes in the middle of an unquoted field, or text after a closing quote, are rejected.
    @Test func malformedQuotes() throws {
        let stray = csvError("a,b\n1,ab\"c\n")
        #expect(stray?.kind == .strayQuote)
        #expect(stray?.line == 2)
        #expect(csvError("a,b\n1,\"ab\"c\n")?.kind == .textAfterClosingQuote)
    }

    /// An empty file has no header, which is an error rather than zero rows.
    @Test func emptyFileHasNoHeader() throws {
        #expect(csvError("")?.kind == .emptyFile)
        #expect(csvError("\n\n")?.kind == .emptyFile)
    }

    /// Opening a missing file fails with an I/O error naming the path, not a crash.
    @Test func missingFile() throws {
        #expect(throws: CSVError.self) { try CSVReader(path: "/nonexistent/transfers.csv") }
    }

    /// Progress counters: after a full read, bytesRead equals the file size.
    @Test func progressCounters() throws {
        let path = makeTempFile("a,b\n1,2\n3,4\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try CSVReader(path: path, chunkSize: 5)
        _ = try reader.readHeader()
        try reader.forEachRecord { _ in }
        #expect(reader.fileSize == 12)
        #expect(reader.bytesRead == 12)
    }

    /// A field longer than the chunk and initial buffer forces buffer growth and still round-trips.
    @Test func fieldLargerThanBuffer() throws {
        let big = String(repeating: "x", count: 10_000)
        let quoted = String(repeating: "q\"\"", count: 3_000)
        let result = try parse("a,b\n\(big),\"\(quoted)\"\n1,2\n", chunkSize: 7)
        #expect(result.rows[0][0] == big)
        #expect(result.rows[0][1] == String(repeating: "q\"", count: 3_000))
        #expect(result.rows[1] == ["1", "2"])
    }

    /// Property: random CSV (quotes, commas, CR/LF inside fields, CRLF or LF ends, optional BOM
    /// and final newline) reads back to the original fields and line numbers, whatever the chunk
    /// size — so no record, quote pair or CRLF split across a chunk boundary is mis-parsed.
    @Test func chunkBoundaryRoundTrip() throws {
        var rng = SplitMix64(seed: 0xC5F_2026)
        let pieces = ["a", "b", "Z", "1", " ", "é", "€", ",", "\"", "\"\"", "\n", "\r\n", "\r", "x,y"]
        for iteration in 0..<300 {
            let columns = Int.random(in: 2...5, using: &rng)
            let rowCount = Int.random(in: 0...12, using: &rng)
            var records: [[String]] = []
            for _ in 0...rowCount {
                records.append((0..<columns).map { _ in
                    (0..<Int.random(in: 0...6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
                })
            }
            var text = Bool.random(using: &rng) ? "\u{FEFF}" : ""
            var expectedLines: [Int] = []
            for (index, record) in records.enumerated() {
                expectedLines.append(1 + text.utf8.filter { $0 == 10 }.count)
                text += record.map { field in
                    let mustQuote = field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
                    guard mustQuote || Int.random(in: 0..<4, using: &rng) == 0 else { return field }
                    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                }.joined(separator: ",")
                if index < records.count - 1 || Bool.random(using: &rng) {
                    text += Bool.random(using: &rng) ? "\r\n" : "\n"
                }
            }
            let path = makeTempFile(text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let expected = ReadResult(header: records[0], rows: Array(records.dropFirst()), lines: Array(expectedLines.dropFirst()))
            for chunkSize in [1, 2, 3, 7, 13, 64, nil] {
                let result = try readAll(path, chunkSize: chunkSize)
                #expect(result == expected, "iteration \(iteration), chunk \(chunkSize.map(String.init) ?? "default"): \(text.debugDescription)")
                if result != expected { return }
            }
        }
    }
}
