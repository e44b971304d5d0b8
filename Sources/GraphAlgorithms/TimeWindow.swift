// A half-open time interval used to restrict algorithms to the transfers of a period.
import GraphCore

/// The transfers with `from <= timestamp < to` (Unix seconds). Half-open, so consecutive
/// windows such as calendar months never count a transfer twice.
public struct TimeWindow: Sendable, Hashable, CustomStringConvertible {
    public var from: Int64
    public var to: Int64

    public init(from: Int64, to: Int64) {
        self.from = from
        self.to = to
    }

    /// Throws `AlgorithmError.emptyTimeWindow` unless `from < to`.
    public func validate() throws(AlgorithmError) {
        guard from < to else { throw .emptyTimeWindow(from: from, to: to) }
    }

    @inlinable public func contains(_ t: Int64) -> Bool { t >= from && t < to }

    /// The longest window or lookback any option accepts: 100 years. On real data a longer one is
    /// no window at all, and the arithmetic that adds windows to timestamps must not overflow (a
    /// window near Int64.max crashed the fan detectors; 1e300 days trapped the CLI).
    public static let longestDays = 36_500
    public static let longestSeconds = Int64(longestDays) * 86_400

    /// Throws `AlgorithmError.invalidOption` naming `option` unless `seconds` is in
    /// `1...longestSeconds`.
    public static func checkLength(_ seconds: Int64, option: String) throws(AlgorithmError) {
        guard (1...longestSeconds).contains(seconds) else {
            throw .option(option, "must be 1 to \(longestSeconds) seconds (100 years)", seconds)
        }
    }

    public var description: String { "[\(from), \(to))" }
}

extension TimeWindow {
    /// The sub-range of `account`'s outgoing edge numbers inside the window. Valid because the
    /// snapshot keeps each account's out-edges sorted by timestamp: two binary searches.
    func outgoing(_ s: GraphSnapshot, _ account: Int) -> Range<Int> {
        let all = s.outgoing(account)
        return s.timestamp.withUnsafeBufferPointer { ts in
            let lo = Self.lowerBound(all, from) { ts[$0] }
            let hi = Self.lowerBound(lo..<all.upperBound, to) { ts[$0] }
            return lo..<hi
        }
    }

    /// The sub-range of `account`'s incoming slots (positions in `inEdges`) inside the window;
    /// the reverse lists are time-sorted as well.
    func incomingSlots(_ s: GraphSnapshot, _ account: Int) -> Range<Int> {
        let all = s.incomingSlots(account)
        return s.timestamp.withUnsafeBufferPointer { ts in
            s.inEdges.withUnsafeBufferPointer { ie in
                let lo = Self.lowerBound(all, from) { ts[Int(ie[$0])] }
                let hi = Self.lowerBound(lo..<all.upperBound, to) { ts[Int(ie[$0])] }
                return lo..<hi
            }
        }
    }

    /// First position in `range` whose key is >= `bound` (keys ascending over the range).
    ///
    /// Branch-free halving (a conditional move per step): every detector calls this for each
    /// account it looks at, and the textbook form's mispredicted jumps profiled as an eighth of
    /// `detect all`.
    @inline(__always)
    static func lowerBound(_ range: Range<Int>, _ bound: Int64, key: (Int) -> Int64) -> Int {
        var base = range.lowerBound, n = range.count
        if n == 0 { return base }
        while n > 1 {
            let half = n >> 1
            base = key(base + half) < bound ? base + half : base
            n -= half
        }
        return key(base) < bound ? base + 1 : base
    }
}
