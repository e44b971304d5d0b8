// The all-or-nothing rule, and its --skip-bad-rows relaxation, in one place.

/// Decides what a bad row does: stop the ingest (the default, so nothing is written) or be
/// skipped and counted, keeping the first few for the summary.
struct BadRowPolicy {
    let skip: Bool
    let keep: Int
    private(set) var count = 0
    private(set) var samples: [String] = []
    /// Set per row by readers whose sources name rows by key rather than line.
    var rowKey: (column: String, value: String)?

    init(skip: Bool, keep: Int) {
        self.skip = skip
        self.keep = keep
    }

    /// Throws `error` unless bad rows are skipped; then records it.
    mutating func reject(_ error: IngestError) throws(IngestError) {
        var error = error
        if let rowKey, error.rowKey == nil { error.rowKey = rowKey }
        guard skip else { throw error }
        count += 1
        if samples.count < keep { samples.append(error.description) }
    }
}
