// Runs every golden/*.test case on the fixture graph. A case is
//   -- case: name          (then optionally `-- ordered`)
//   query lines
//   ====                   (or `==== error`)
//   expected rows, one per line, cells as Cypher literals joined by ` | ` (or the exact error text)
// Rows compare unordered unless the case says ordered.
import Foundation
import GraphQuery
import Testing

struct GoldenCase {
    var file: String
    var name: String
    var ordered = false
    var query = ""
    var expectsError = false
    var expected: [String] = []

    static func load(_ path: String) throws -> [GoldenCase] {
        let file = (path as NSString).lastPathComponent
        var cases: [GoldenCase] = []
        var current: GoldenCase?
        var inExpected = false
        for line in try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n") {
            if line.hasPrefix("-- case:") {
                if let c = current { cases.append(c) }
                current = GoldenCase(file: file, name: String(line.dropFirst(8)).trimmingCharacters(in: .whitespaces))
                inExpected = false
            } else if line == "-- ordered" {
                current?.ordered = true
            } else if line.hasPrefix("====") {
                inExpected = true
                current?.expectsError = line.contains("error")
            } else if inExpected {
                current?.expected.append(line)
            } else {
                current?.query += line + "\n"
            }
        }
        if let c = current { cases.append(c) }
        // Trailing blank lines separate cases; an error text keeps its inner lines.
        return cases.map { c in
            var c = c
            while c.expected.last?.isEmpty == true { c.expected.removeLast() }
            while c.query.last?.isNewline == true { c.query.removeLast() }
            return c
        }
    }
}

@Suite("Golden queries")
struct GoldenTests {
    /// Every case of every golden file gives exactly its expected rows or error text.
    @Test func goldenFiles() throws {
        let folder = Fixture.folder + "/golden"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".test") }.sorted()
        #expect(!files.isEmpty)
        let engine = try Fixture.engine()
        var count = 0
        for file in files {
            for c in try GoldenCase.load(folder + "/" + file) {
                count += 1
                do {
                    let result = try engine.run(c.query)
                    #expect(!c.expectsError, "\(c.file): \(c.name) should fail")
                    let got = result.rows.map { Fixture.line(result, $0) }
                    if c.ordered {
                        #expect(got == c.expected, "\(c.file): \(c.name)")
                    } else {
                        #expect(got.sorted() == c.expected.sorted(), "\(c.file): \(c.name)")
                    }
                } catch {
                    #expect(c.expectsError, "\(c.file): \(c.name) failed: \(error)")
                    if c.expectsError { #expect("\(error)" == c.expected.joined(separator: "\n"), "\(c.file): \(c.name)") }
                }
            }
        }
        #expect(count >= 15)
    }
}
