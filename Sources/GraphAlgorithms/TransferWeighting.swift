// How transfers become edge weights, shared by PageRank, Louvain, Leiden and Modularity.
import GraphCore

/// What one transfer contributes to the weight between its two accounts.
///
/// Parallel transfers between the same pair always *add up*, which is how NetworkX treats a
/// `MultiDiGraph` and how a multigraph is collapsed before igraph's community detection.
public enum TransferWeighting: String, Sendable, Hashable, CaseIterable {
    /// Each transfer weighs its `amount` (amounts must be finite and non-negative).
    case amount
    /// Each transfer weighs 1, so a pair's weight is its number of transfers.
    case count
}

extension TransferWeighting {
    /// The weight of every edge in forward order, validated once so the hot loops need no checks.
    func edgeWeights(_ snapshot: GraphSnapshot) throws(AlgorithmError) -> [Double] {
        switch self {
        case .count:
            return [Double](repeating: 1, count: snapshot.transferCount)
        case .amount:
            let amounts = snapshot.amount
            for (edge, a) in amounts.enumerated() where !(a.isFinite && a >= 0) {
                throw .invalidTransferWeight(edge: edge, amount: a)
            }
            return amounts
        }
    }
}
