// Per-thread working memory of the feature extractor: marker arrays for counting distinct
// counterparties without clearing anything between transfers.

/// Reusable scratch space for `TransferFeatureExtractor`. Not thread-safe: one per thread.
///
/// Eight stamp arrays of one `UInt32` per account (32 bytes per account in all): an account
/// counts as seen when its slot holds the current row's stamp, so moving to the next row costs
/// one increment instead of a clear. A serving process keeps one per worker thread; creating
/// one costs O(accounts) and is the only part of a single-transfer call that is not O(window).
public final class FeatureScratch {
    /// 0 src out, 1 src in, 2 dst out, 3 dst in (long window); 4...7 the same for the short one.
    let marks: UnsafeMutablePointer<UInt32>
    let accountCount: Int
    private(set) var stamp: UInt32 = 0
    /// Distinct counterparties before the last row's time in its short and long windows, per
    /// side (0 src, 1 dst) and direction: `[4 side + 2 direction + window]`, direction 0 paid
    /// and 1 paying, window 0 short and 1 long. Written for each known account of the row.
    let before: UnsafeMutablePointer<Int32>

    public init(accountCount: Int) {
        self.accountCount = accountCount
        marks = .allocate(capacity: max(1, 8 * accountCount))
        marks.initialize(repeating: 0, count: max(1, 8 * accountCount))
        before = .allocate(capacity: 8)
        before.initialize(repeating: 0, count: 8)
    }

    deinit {
        marks.deallocate()
        before.deallocate()
    }

    /// Distinct counterparties the last row's account on `side` (0 src, 1 dst) paid and was paid
    /// by in `[ts − 1 day, ts)` and `[ts − 3 days, ts)`, `ts` the row's time, all transfers but
    /// the row's own stored one (`excluding`) counted. Valid when the extractor
    /// `countsRecentFans` and that account is in the snapshot.
    public func recentFans(side: Int) -> (outDay: Int, outThreeDays: Int, inDay: Int, inThreeDays: Int) {
        let b = before + 4 * side
        return (Int(b[0]), Int(b[1]), Int(b[2]), Int(b[3]))
    }

    /// The marker array of one (scan, window) pair.
    @inline(__always) func mark(_ which: Int) -> UnsafeMutablePointer<UInt32> { marks + which * accountCount }

    /// Starts a new row: every mark from earlier rows becomes stale.
    @inline(__always) func nextRow() -> UInt32 {
        if stamp == .max {
            marks.update(repeating: 0, count: 8 * accountCount)
            stamp = 0
        }
        stamp &+= 1
        return stamp
    }
}
