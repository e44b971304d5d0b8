// The column layout of the transfer feature matrix: names, groups and where each block starts.

/// Which features a model uses.
public enum FeatureSet: String, Sendable, Codable, CaseIterable {
    /// Attributes of the transfer and its two accounts only (no graph).
    case tabular
    /// Tabular plus graph features (windows, cycles, scatter-gather, PageRank, communities).
    case all
}

/// The columns of `TransferFeatureExtractor`'s matrix, in order.
///
/// Tabular block (18): `log_amount` (ln(1 + amount)), `round_100` and `round_1000` (amount is a
/// whole multiple), `just_under_10k` (8,000 ≤ amount < 10,000, the structuring band under the
/// usual reporting threshold), `currency_mismatch_src` / `_dst` (transfer currency differs from
/// the account's), `channel`, `hour` (UTC), `weekday` (0 = Monday), `src_age_days` /
/// `dst_age_days` (account age at the transfer; -1 unknown), `src_country` / `dst_country`,
/// `cross_border`, `src_segment` / `dst_segment`, `src_kyc` / `dst_kyc` (`AttributeCodes`).
///
/// Graph block (45), for `side` in src, dst: `side_out_degree`, `side_in_degree` (whole
/// snapshot); for `w` in 1d, 3d (the short and long windows): `side_out_count_w`,
/// `side_in_count_w`, `side_payees_w`, `side_payers_w` (distinct counterparties),
/// `side_out_sum_w`, `side_in_sum_w`, `side_out_max_w`, `side_in_max_w` (ln(1 + amount));
/// `side_pagerank` (× accounts, so the mean is 1), `side_community_size` (Louvain),
/// `side_cycles` (temporal cycles through the account). Then per transfer: `pair_cycles`
/// (cycles using a transfer between the same two accounts), `scatter_gather_out` and
/// `scatter_gather_in` (see `TransferFeatureExtractor`).
///
/// Window features describe *other* transfers: the transfer being described never counts.
public enum FeatureSchema {
    public static let tabularNames = [
        "log_amount", "round_100", "round_1000", "just_under_10k", "currency_mismatch_src", "currency_mismatch_dst",
        "channel", "hour", "weekday", "src_age_days", "dst_age_days", "src_country", "dst_country", "cross_border",
        "src_segment", "dst_segment", "src_kyc", "dst_kyc",
    ]

    /// Per window, in this order, starting at `sideBase + 2 + 8 × windowIndex`.
    static let windowStatNames = ["out_count", "in_count", "payees", "payers", "out_sum", "in_sum", "out_max", "in_max"]
    static let windowSuffixes = ["1d", "3d"]

    /// Columns per side: 2 degrees + 2 windows × 8 + pagerank, community, cycles.
    static let sideWidth = 2 + 16 + 3

    public static let graphNames: [String] = {
        var names: [String] = []
        for side in ["src", "dst"] {
            names += ["\(side)_out_degree", "\(side)_in_degree"]
            for w in windowSuffixes { names += windowStatNames.map { "\(side)_\($0)_\(w)" } }
            names += ["\(side)_pagerank", "\(side)_community_size", "\(side)_cycles"]
        }
        return names + ["pair_cycles", "scatter_gather_out", "scatter_gather_in"]
    }()

    /// Every column of the full matrix.
    public static let allNames = tabularNames + graphNames

    public static var tabularCount: Int { tabularNames.count }
    public static var count: Int { allNames.count }
    /// First column of the src (side 0) or dst (side 1) graph block.
    static func sideBase(_ side: Int) -> Int { tabularCount + side * sideWidth }
    static var pairBase: Int { tabularCount + 2 * sideWidth }

    /// Column indices of a feature set within the full matrix.
    public static func columns(_ set: FeatureSet) -> [Int] {
        switch set {
        case .tabular: Array(0..<tabularCount)
        case .all: Array(0..<count)
        }
    }
}
