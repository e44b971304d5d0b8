// Tests of UnsafeMutableBufferPointer.allocateOnHugePages, the allocation behind the temporal
// searches' timelines.
@testable import GraphAlgorithms
import Testing

@Suite struct HugePagesTests {
    /// Proves that a buffer of at least one huge page is 2 MiB-aligned on Linux (so the whole
    /// advised range is huge-page backed), holds every element written to it, and is freed by
    /// `deallocate()`.
    @Test func largeBufferIsAlignedAndUsable() {
        let count = (3 << 20) / MemoryLayout<TimedLink>.stride + 5
        let buffer = UnsafeMutableBufferPointer<TimedLink>.allocateOnHugePages(capacity: count)
        defer { buffer.deallocate() }
        #expect(buffer.count == count)
        #if os(Linux)
        #expect(Int(bitPattern: buffer.baseAddress!) % UnsafeMutableBufferPointer<TimedLink>.hugePageSize == 0)
        #endif
        for i in 0..<count { buffer.initializeElement(at: i, to: TimedLink(time: Int64(i), account: Int32(i % 97), edge: Int32(i))) }
        var mismatches = 0
        for i in 0..<count {
            let link = buffer[i]
            if link.time != Int64(i) || link.account != Int32(i % 97) || link.edge != Int32(i) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    /// Proves that small buffers (and empty ones) are ordinary allocations of the asked size.
    @Test func smallBufferIsOrdinary() {
        for count in [0, 1, 1000] {
            let buffer = UnsafeMutableBufferPointer<Int32>.allocateOnHugePages(capacity: count)
            defer { buffer.deallocate() }
            #expect(buffer.count == count)
            for i in 0..<count { buffer.initializeElement(at: i, to: Int32(i)) }
            #expect(Array(buffer) == (0..<count).map { Int32($0) })
        }
    }
}
