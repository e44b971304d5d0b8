// Sampling a transfer's tree from the scoring table into flat buffers: the tree
// `NeighbourhoodSampler.sample` draws, built so that the cache misses of one level overlap.
import CGNNKernels
import Foundation

extension EgoInputTable {
    /// Samples the tree of a transfer between account numbers `source` and `target` (negative:
    /// not in the snapshot) at `ts`, leaving out snapshot edge `excluding` (−1: none), into
    /// `tree` (which `reserve`d this fanout): node for node and link for link the tree of
    /// `NeighbourhoodSampler(snapshot:fanout:windowSeconds:seed:).sample(...)` on this table's
    /// snapshot (`GNNFlatTreeTests` check it).
    ///
    /// The order of work differs, never the result: per level, the cache lines of every node's
    /// adjacency times are requested first, then every node's window is found (each search
    /// independent of the others, and branch-free, so the processor runs several at once),
    /// then the nodes draw from their windows in the reference order with the same random
    /// numbers, and the node inputs are filled last, from account records prefetched when the
    /// nodes were added. (Profiled on the 10,000-transfer batch: the window searches' first
    /// probes, cache misses in random accounts' times, were most of the sampler's time.)
    ///
    /// - Complexity: as `NeighbourhoodSampler.sample`; no allocation.
    func sample(
        source: Int, target: Int, amount: Double, timestamp ts: Int64, currency: UInt8?, excluding: Int, salt: UInt64,
        fanout: [Int], windowSeconds: Int64, seed: UInt64, into tree: FlatEgoTree
    ) {
        var rng = SplitMix64(
            seed: seed ^ (UInt64(bitPattern: Int64(source)) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(bitPattern: Int64(target)) &* 0xC2B2_AE3D_27D4_EB4F)
                ^ (UInt64(bitPattern: ts) &* 0x1656_67B1_9E37_79F9) ^ (salt &* 0x27D4_EB2F_1656_67C5))
        let window = Double(max(1, windowSeconds))
        let accounts = self.accounts
        // Every buffer in a local: a stored `var` of a class read in the loops below cost a
        // dynamic exclusivity check (`swift_beginAccess`) per link, about 3% of a batch's CPU.
        let x = tree.x, e = tree.e, picked = tree.picked, windows = tree.windows, account = tree.account, depth = tree.depth
        let parent = tree.parent, child = tree.child, linkDirection = tree.direction, targetInputs = tree.target
        // The excluded edge as a slot of each direction (outgoing slots are edge numbers).
        let known = excluding >= 0 && excluding < transferCount
        let excludedOut = known ? excluding : -1, excludedIn = known ? Int(inSlot[excluding]) : -1
        let sameCurrency = currency.map { Int($0) } ?? -1
        var nodes = 0, links = 0
        @inline(__always) func addNode(_ a: Int, depth d: Int) {
            if a >= 0 { amlgraph_prefetch(accounts + a) }
            account[nodes] = Int32(truncatingIfNeeded: a)
            depth[nodes] = Int32(d)
            nodes += 1
        }
        targetInputs[0] = log1p(amount) / 10
        targetInputs[1] = Double(Int64(0)) / window
        targetInputs[2] = amount.isMultiple(of: 1_000) ? 1 : 0
        targetInputs[3] = 1
        addNode(source, depth: 0)
        addNode(target, depth: 0)
        var levelStart = 0
        let from = ts - windowSeconds, after = ts + windowSeconds + 1
        for d in 0..<fanout.count {
            let levelEnd = nodes, limit = fanout[d]
            // Ask for every node's time lines (first, middle and last slot of each direction:
            // all of a typical account's lines) before searching any, so the misses overlap.
            for n in levelStart..<levelEnd {
                let a = Int(account[n])
                guard a >= 0 else { continue }
                let r = accounts[a]
                let inStart = Int(r.inStart), inEnd = Int(r.inEnd), outStart = Int(r.outStart), outEnd = Int(r.outEnd)
                if inEnd > inStart {
                    amlgraph_prefetch(inTime + inStart)
                    amlgraph_prefetch(inTime + (inStart + inEnd) / 2)
                    amlgraph_prefetch(inTime + inEnd - 1)
                }
                if outEnd > outStart {
                    amlgraph_prefetch(outTime + outStart)
                    amlgraph_prefetch(outTime + (outStart + outEnd) / 2)
                    amlgraph_prefetch(outTime + outEnd - 1)
                }
            }
            for n in levelStart..<levelEnd {
                let a = Int(account[n])
                guard a >= 0 else { continue }
                let r = accounts[a], w = windows + 4 * (n - levelStart)
                // Both bounds of a direction in one loop: the same slots as searching `after`
                // from the first slot on.
                let incoming = TimeSearch.window(inTime, Int(r.inStart)..<Int(r.inEnd), from: from, after: after)
                let outgoing = TimeSearch.window(outTime, Int(r.outStart)..<Int(r.outEnd), from: from, after: after)
                w[0] = incoming.lowerBound
                w[1] = incoming.upperBound
                w[2] = outgoing.lowerBound
                w[3] = outgoing.upperBound
                // The first and last link of each window (four 16-byte links a line: a window of
                // a typical account spans one to three lines, and the draws read across it).
                amlgraph_prefetch(inLinks + w[0])
                amlgraph_prefetch(inLinks + max(w[0], w[1] - 1))
                amlgraph_prefetch(outLinks + w[2])
                amlgraph_prefetch(outLinks + max(w[2], w[3] - 1))
            }
            for n in levelStart..<levelEnd {
                guard account[n] >= 0 else { continue }
                let w = windows + 4 * (n - levelStart)
                for direction in 0..<2 {
                    let incoming = direction == 0
                    let lo = w[2 * direction], hi = w[2 * direction + 1]
                    var count = 0
                    if hi - lo <= limit + 1 {
                        for k in lo..<hi {
                            picked[count] = k
                            count += 1
                        }
                    } else {
                        // Floyd's algorithm, as `sample`: `limit + 1` distinct slots, then sorted.
                        let span = hi - lo, k = limit + 1
                        for j in (span - k)..<span {
                            let r = rng.below(j + 1)
                            var seen = false
                            for q in 0..<count where picked[q] == lo + r { seen = true }
                            picked[count] = seen ? lo + j : lo + r
                            count += 1
                        }
                        // Insertion sort: at most 65 slots.
                        for q in 1..<max(1, count) {
                            let v = picked[q]
                            var p = q - 1
                            while p >= 0 && picked[p] > v {
                                picked[p + 1] = picked[p]
                                p -= 1
                            }
                            picked[p + 1] = v
                        }
                    }
                    let excluded = incoming ? excludedIn : excludedOut
                    let slotLinks = incoming ? inLinks : outLinks, slotTimes = incoming ? inTime : outTime
                    var taken = 0
                    for q in 0..<count where taken < limit {
                        let k = picked[q]
                        guard k != excluded else { continue }
                        taken += 1
                        let link = slotLinks[k]
                        parent[links] = Int32(n)
                        child[links] = Int32(nodes)
                        linkDirection[links] = UInt8(direction)
                        addNode(Int(link.other), depth: d + 1)
                        let v = e + links * EgoGraph.edgeWidth
                        v[0] = link.logAmount
                        v[1] = Double(slotTimes[k] - ts) / window
                        v[2] = link.round ? 1 : 0
                        v[3] = Int(link.currency) == sameCurrency ? 1 : 0
                        links += 1
                    }
                }
            }
            levelStart = levelEnd
        }
        // Node inputs last: the account records were prefetched as the nodes were added.
        for n in 0..<nodes {
            let a = Int(account[n]), v = x + n * EgoGraph.nodeWidth
            if a >= 0 {
                let r = accounts[a]
                v[0] = r.outDegree
                v[1] = r.inDegree
                v[2] = a == source ? 1 : 0
                v[3] = a == target ? 1 : 0
            } else {
                v.update(repeating: 0, count: EgoGraph.nodeWidth)
            }
        }
        tree.nodes = nodes
        tree.links = links
    }
}
