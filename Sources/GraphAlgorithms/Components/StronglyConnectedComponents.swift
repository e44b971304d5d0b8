// Strongly connected components: groups of accounts where money can flow from each to each,
// the skeleton of round-tripping and layering cycles.
public import GraphCore

/// Strongly connected components by Tarjan's algorithm, made iterative.
///
/// The recursive formulation would overflow the thread stack on long transfer chains of a
/// 1M-account graph, so the DFS keeps its own call stack of `(account, next edge)` frames.
/// Self-transfers and parallel transfers are harmless. Ids are made canonical (ordered by
/// smallest member) so results compare equal to any other SCC algorithm's.
///
/// - Parameter snapshot: the graph; there are no options.
/// - Returns: `ComponentPartition`; an account on no cycle is a component of size 1.
/// - Complexity: O(V + E) time; 16 bytes per account of scratch memory.
/// - Reference: R. E. Tarjan, "Depth-first search and linear graph algorithms", SIAM J.
///   Comput. 1(2), 1972, https://doi.org/10.1137/0201010
///
/// ```swift
/// let scc = StronglyConnectedComponents.compute(snapshot)
/// let cyclic = scc.sizes.filter { $0 > 1 }.count
/// ```
public enum StronglyConnectedComponents {
    public static func compute(_ snapshot: GraphSnapshot) -> ComponentPartition {
        let n = snapshot.accountCount
        var index = [Int32](repeating: -1, count: n)  // DFS discovery order, -1 = unvisited
        var low = [Int32](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var label = [Int32](repeating: -1, count: n)  // SCC root per account
        var stack: [Int32] = []  // Tarjan's stack of open accounts
        var frames: [(node: Int32, edge: Int32)] = []  // the explicit DFS call stack
        var counter: Int32 = 0

        snapshot.outOffsets.withUnsafeBufferPointer { off in
            snapshot.target.withUnsafeBufferPointer { dst in
                index.withUnsafeMutableBufferPointer { idx in
                    low.withUnsafeMutableBufferPointer { low in
                        onStack.withUnsafeMutableBufferPointer { on in
                            for root in 0..<n where idx[root] < 0 {
                                idx[root] = counter
                                low[root] = counter
                                counter += 1
                                stack.append(Int32(root))
                                on[root] = true
                                frames.append((Int32(root), off[root]))
                                while let top = frames.last {
                                    let v = Int(top.node)
                                    let e = Int(top.edge)
                                    if e < Int(off[v + 1]) {
                                        frames[frames.count - 1].edge += 1
                                        let w = Int(dst[e])
                                        if idx[w] < 0 {  // tree edge: "recurse" into w
                                            idx[w] = counter
                                            low[w] = counter
                                            counter += 1
                                            stack.append(Int32(w))
                                            on[w] = true
                                            frames.append((Int32(w), off[w]))
                                        } else if on[w] {
                                            low[v] = min(low[v], idx[w])
                                        }
                                        continue
                                    }
                                    // All edges of v done: "return" to the parent frame.
                                    frames.removeLast()
                                    if let parent = frames.last {
                                        let p = Int(parent.node)
                                        low[p] = min(low[p], low[v])
                                    }
                                    if low[v] == idx[v] {  // v roots an SCC: pop it
                                        while true {
                                            let w = Int(stack.removeLast())
                                            on[w] = false
                                            label[w] = Int32(v)
                                            if w == v { break }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return ComponentPartition.canonical(labels: label)
    }
}
