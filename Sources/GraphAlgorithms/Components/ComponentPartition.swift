// The result shape shared by the connected-component algorithms.

/// A partition of the accounts into components, numbered canonically.
///
/// Component ids are `0..<count`, ordered by each component's smallest account number, so two
/// algorithms (or a brute-force oracle) that find the same partition return identical values.
public struct ComponentPartition: Sendable, Equatable {
    /// Component id per account (index = account number).
    public var componentOf: [Int32]
    /// Number of components (isolated accounts are components of size 1).
    public var count: Int
    /// Number of accounts per component id.
    public var sizes: [Int]

    /// The largest component's id (the smallest id on ties), or nil for an empty graph.
    public var largest: Int? { sizes.indices.max { sizes[$0] < sizes[$1] || (sizes[$0] == sizes[$1] && $0 > $1) } }

    /// Accounts of every component, each list ascending.
    public func members() -> [[Int]] {
        var out = [[Int]](repeating: [], count: count)
        for (i, c) in componentOf.enumerated() { out[Int(c)].append(i) }
        return out
    }

    /// Renumbers any labelling (`label[i]` arbitrary Int32) into the canonical form above.
    static func canonical(labels: [Int32]) -> ComponentPartition {
        var map = [Int32](repeating: -1, count: labels.count)
        var componentOf = [Int32](repeating: 0, count: labels.count)
        var sizes: [Int] = []
        for i in labels.indices {
            let l = Int(labels[i])
            if map[l] < 0 {
                map[l] = Int32(sizes.count)
                sizes.append(0)
            }
            componentOf[i] = map[l]
            sizes[Int(map[l])] += 1
        }
        return ComponentPartition(componentOf: componentOf, count: sizes.count, sizes: sizes)
    }
}
