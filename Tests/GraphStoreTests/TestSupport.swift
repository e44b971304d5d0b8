// Throwaway stores and a seeded random generator for the store tests.
import Testing
import Foundation
import GraphStore

/// A deterministic generator (SplitMix64) so property tests reproduce from their seed.
struct SeededGenerator: RandomNumberGenerator {
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

/// A fresh temporary folder, removed when the value is dropped by the test.
final class TemporaryDirectory {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "amlgraph-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func file(_ name: String) -> String { path + "/" + name }
}

/// The two kinds of store every store test runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case file, memory
    var testDescription: String { rawValue }
}

/// Opens a store of the given kind; keep the returned directory alive for the test's duration.
func makeStore(_ kind: StoreKind) throws -> (SQLiteGraphStore, TemporaryDirectory) {
    let dir = TemporaryDirectory()
    let store = try SQLiteGraphStore(path: kind == .file ? dir.file("graph.sqlite") : ":memory:")
    return (store, dir)
}
