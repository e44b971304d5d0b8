// The dense feature matrix every model in this module reads and writes.

/// A dense matrix of `Float` features, **row-major**: row `r` (one transfer) is
/// `values[r * columns ..< (r + 1) * columns]`.
///
/// Row-major because every consumer walks whole rows: tree scoring visits a few features of
/// one row many times, and the single-transfer path produces exactly one row. Float32 halves
/// the memory against Double (a 1M × 64 matrix is 256 MB), and LightGBM bins in 32 bits too.
public struct FeatureMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public var values: [Float]
    /// Column names, `columns` of them (see `FeatureSchema`).
    public let names: [String]

    public init(rows: Int, columns: Int, values: [Float], names: [String]) throws(RiskModelError) {
        guard values.count == rows * columns else {
            throw .shapeMismatch("\(values.count) values for \(rows) rows × \(columns) columns")
        }
        guard names.count == columns else { throw .shapeMismatch("\(names.count) names for \(columns) columns") }
        self.rows = rows
        self.columns = columns
        self.values = values
        self.names = names
    }

    /// A zero matrix.
    public init(rows: Int, names: [String]) {
        self.rows = rows
        self.columns = names.count
        self.values = [Float](repeating: 0, count: rows * names.count)
        self.names = names
    }

    @inlinable public subscript(row: Int, column: Int) -> Float {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// One row as an array.
    public func row(_ r: Int) -> [Float] { Array(values[(r * columns)..<((r + 1) * columns)]) }

    /// The given rows, in the given order.
    public func selecting(rows picked: [Int]) -> FeatureMatrix {
        var out = [Float]()
        out.reserveCapacity(picked.count * columns)
        values.withUnsafeBufferPointer { v in
            for r in picked { out.append(contentsOf: v[(r * columns)..<((r + 1) * columns)]) }
        }
        return try! FeatureMatrix(rows: picked.count, columns: columns, values: out, names: names)
    }

    /// The given columns, in the given order (e.g. the tabular subset of `FeatureSchema`).
    public func selecting(columns picked: [Int]) -> FeatureMatrix {
        var out = [Float](repeating: 0, count: rows * picked.count)
        values.withUnsafeBufferPointer { v in
            out.withUnsafeMutableBufferPointer { o in
                for r in 0..<rows {
                    for (j, c) in picked.enumerated() { o[r * picked.count + j] = v[r * columns + c] }
                }
            }
        }
        return try! FeatureMatrix(rows: rows, columns: picked.count, values: out, names: picked.map { names[$0] })
    }
}
