// Splitting node ranges into work chunks for DispatchQueue.concurrentPerform.
import Dispatch

/// Wraps values that are shared across worker threads by design (raw buffers whose chunks
/// are disjoint). Swift cannot prove disjointness, so the contract is documented here instead.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Node ranges of roughly equal work, where a node's work is 1 + its in-degree.
///
/// The split depends only on the graph (never on the CPU count), so per-chunk partial sums
/// are added in the same order everywhere and parallel results are bit-identical to serial.
struct ParallelChunks {
    let bounds: [Int]  // chunk c is bounds[c]..<bounds[c+1]

    var count: Int { bounds.count - 1 }
    func range(_ c: Int) -> Range<Int> { bounds[c]..<bounds[c + 1] }

    /// - Parameters:
    ///   - offsets: CSR offsets (`nodeCount + 1` entries) describing per-node work.
    ///   - minimumWork: below this total work per chunk, splitting costs more than it saves.
    init<Offsets: RandomAccessCollection<Int32>>(offsets: Offsets, maxChunks: Int = 64, minimumWork: Int = 32_768) where Offsets.Index == Int {
        let n = offsets.count - 1
        let total = n + Int(offsets[n])
        let chunks = max(1, min(maxChunks, total / minimumWork))
        var b = [0]
        var node = 0
        for c in 1..<chunks {
            let goal = total * c / chunks
            // Advance until the work before `node` reaches this chunk's share.
            while node < n, node + Int(offsets[node]) < goal { node += 1 }
            if node > b.last! { b.append(node) }
        }
        if n > b.last! || b.count == 1 { b.append(n) }
        bounds = b
    }

    /// Runs `body` for every chunk, on several threads when `parallel` and there is > 1 chunk.
    func forEach(parallel: Bool, _ body: @Sendable (Int) -> Void) {
        if parallel && count > 1 {
            DispatchQueue.concurrentPerform(iterations: count, execute: body)
        } else {
            for c in 0..<count { body(c) }
        }
    }
}
