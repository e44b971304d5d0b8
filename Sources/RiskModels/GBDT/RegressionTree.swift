// One regression tree of a boosted ensemble, in flat arrays (struct of arrays) so it encodes
// compactly and scores without pointer chasing.

/// A binary regression tree.
///
/// Internal node `k` sends a row left when `x[feature[k]] <= threshold[k]` or the value is NaN
/// (NaN sits in bin 0, the lowest), else right. A child index `c >= 0` is an internal node,
/// `c < 0` is leaf `~c`. A tree with one leaf has no internal nodes. `nodeCover` and
/// `leafCover` count the training rows that reached each node, as TreeSHAP needs.
public struct RegressionTree: Sendable, Codable, Equatable {
    public var feature: [Int32] = []
    public var threshold: [Float] = []
    /// The same split in bin space: `bin <= thresholdBin` goes left.
    public var thresholdBin: [UInt8] = []
    public var left: [Int32] = []
    public var right: [Int32] = []
    /// Loss reduction of each split (for gain importance).
    public var gain: [Float] = []
    public var nodeCover: [Double] = []
    /// Leaf outputs, learning rate already applied.
    public var leafValue: [Double] = []
    public var leafCover: [Double] = []

    public init() {}

    public var leafCount: Int { leafValue.count }
    public var nodeCount: Int { feature.count }

    /// The leaf a row of raw features falls into.
    @inline(__always) public func leaf(_ x: UnsafePointer<Float>) -> Int {
        if feature.isEmpty { return 0 }
        var n = 0
        while true {
            let v = x[Int(feature[n])]
            let c = v > threshold[n] ? right[n] : left[n]
            if c < 0 { return Int(~c) }
            n = Int(c)
        }
    }

    /// The leaf a row of bins falls into.
    @inline(__always) func leaf(bins x: UnsafePointer<UInt8>) -> Int {
        if feature.isEmpty { return 0 }
        var n = 0
        while true {
            let c = x[Int(feature[n])] > thresholdBin[n] ? right[n] : left[n]
            if c < 0 { return Int(~c) }
            n = Int(c)
        }
    }

    public func predict(_ x: [Float]) -> Double {
        x.withUnsafeBufferPointer { leafValue[leaf($0.baseAddress!)] }
    }

    /// Depth of the deepest leaf (a lone leaf has depth 0).
    public var depth: Int {
        func d(_ c: Int32) -> Int { c < 0 ? 0 : 1 + max(d(left[Int(c)]), d(right[Int(c)])) }
        return feature.isEmpty ? 0 : d(0)
    }
}
