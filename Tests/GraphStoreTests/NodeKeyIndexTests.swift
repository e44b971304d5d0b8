// The bulk loader's key → node id table, against a Swift dictionary as the oracle.
import Testing

@testable import GraphStore

@Suite("NodeKeyIndex")
struct NodeKeyIndexTests {
    func lookup(_ index: NodeKeyIndex, _ key: [UInt8]) -> Int64? {
        key.withUnsafeBufferPointer { index.id($0) }
    }

    /// Random keys of every length from 0 to 40 bytes (so every tail length of the word-wise
    /// hash), inserted past several growths, give the dictionary's answers for present keys,
    /// absent keys and replaced ids.
    @Test func matchesADictionary() {
        var random = SeededGenerator(seed: 42)
        var index = NodeKeyIndex(minimumCapacity: 4)
        var oracle: [[UInt8]: Int64] = [:]
        for n in 0..<20_000 {
            let length = Int(random.next() % 41)
            let key = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next() % 4 + 48) }  // few symbols: many near-collisions
            let id = Int64(n)
            key.withUnsafeBufferPointer { index.set($0, id) }
            oracle[key] = id
        }
        #expect(index.count == oracle.count)
        for (key, id) in oracle { #expect(lookup(index, key) == id) }
        for _ in 0..<5_000 {
            let key = (0..<Int(random.next() % 41)).map { _ in UInt8(truncatingIfNeeded: random.next() % 6 + 48) }
            #expect(lookup(index, key) == oracle[key])
        }
    }

    /// String and byte lookups agree, keys differing only in their last byte or in length stay
    /// apart, and the empty key is a key like any other.
    @Test func stringsAndEdgeCases() {
        var index = NodeKeyIndex()
        index.set("A0000001", 1)
        index.set("A0000002", 2)
        index.set("A000000", 3)
        index.set("", 4)
        index.set("Ä-ünïcode-key-longer-than-sixteen-bytes", 5)
        #expect(index.id("A0000001") == 1 && index.id("A0000002") == 2 && index.id("A000000") == 3)
        #expect(index.id("") == 4 && index.id("Ä-ünïcode-key-longer-than-sixteen-bytes") == 5)
        #expect(index.id("A00000010") == nil && index.id("A0000003") == nil)
        #expect(lookup(index, Array("A0000002".utf8)) == 2)
        index.set("A0000001", 9)
        #expect(index.id("A0000001") == 9 && index.count == 5)
    }
}
