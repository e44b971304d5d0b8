import Foundation
@testable import Ingest

/// Deterministic generator so property-test failures reproduce (seed is printed on failure).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Writes `content` to a fresh temporary file and returns its path; the caller removes it.
func makeTempFile(_ content: [UInt8]) -> String {
    let path = NSTemporaryDirectory() + "ingest-csv-\(UUID().uuidString).csv"
    _ = FileManager.default.createFile(atPath: path, contents: Data(content))
    return path
}

func makeTempFile(_ content: String) -> String { makeTempFile(Array(content.utf8)) }

/// Everything a reader produced, copied out of the borrowed records.
struct ReadResult: Equatable {
    var header: [String]
    var rows: [[String]]
    var lines: [Int]
}

/// Reads a whole file: the first record as header (checked width), then all records.
func readAll(_ path: String, chunkSize: Int? = nil) throws -> ReadResult {
    let reader = try chunkSize.map { try CSVReader(path: path, chunkSize: $0) } ?? CSVReader(path: path)
    let header = try reader.readHeader()
    var rows: [[String]] = []
    var lines: [Int] = []
    try reader.forEachRecord { record in
        rows.append(record.strings)
        lines.append(record.line)
    }
    return ReadResult(header: header, rows: rows, lines: lines)
}

/// Convenience: write `content`, read it, delete the file.
func parse(_ content: String, chunkSize: Int? = nil) throws -> ReadResult {
    let path = makeTempFile(content)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try readAll(path, chunkSize: chunkSize)
}

/// The CSVError thrown while reading `content`, or nil if it read cleanly.
func csvError(_ content: String, chunkSize: Int? = nil) -> CSVError? {
    do {
        _ = try parse(content, chunkSize: chunkSize)
        return nil
    } catch let error as CSVError {
        return error
    } catch {
        return nil
    }
}
