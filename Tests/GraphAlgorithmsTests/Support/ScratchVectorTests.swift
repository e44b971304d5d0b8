// Tests of ScratchVector, the search's growable scratch buffer: values survive growth, a reset
// forgets them, and a zero-filled table reads as zeros.
@testable import GraphAlgorithms
import Testing

/// Appending past the capacity many times over keeps every value in order, and after
/// `removeAll` the vector is empty and fills again from the start.
@Test func scratchVectorKeepsValuesAcrossGrowth() {
    let v = ScratchVector<PathState>(capacity: 1)
    for i in 0..<1_000 {
        v.append(PathState(stamp: UInt32(i) * 3, parent: Int32(i - 1), account: Int32(i % 7), slot: Int32(i), root: 0, wrap: -1))
    }
    #expect(v.count == 1_000)
    #expect((0..<1_000).allSatisfy { v[$0].time == Int64($0) * 3 && v[$0].slot == Int32($0) && v[$0].parent == Int32($0 - 1) })
    v.removeAll()
    #expect(v.count == 0)
    v.append(PathState(stamp: 42, parent: -1, account: 1, slot: 9, root: 0, wrap: -1))
    #expect(v.count == 1 && v[0].time == 42 && v[0].slot == 9)
}

@Test func scratchVectorOfZerosIsATable() {
    let table = ScratchVector<Int32>(zeros: 96)
    #expect(table.count == 96)
    #expect((0..<96).allSatisfy { table[$0] == 0 })
    table[95] = 7
    #expect(table[95] == 7)
}
