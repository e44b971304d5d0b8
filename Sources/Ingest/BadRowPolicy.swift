// The all-or-nothing rule, and its --skip-bad-rows relaxation, in one place.

/// Decides what a bad row does: stop the ingest (the default, so nothing is written) or be
/// skipped and counted, keeping the first few for the summary.
struct BadRowPolicy {
    let skip: Bool
    let keep: Int
    private(set) var count = 0
    private(set) var samples: [String] = []
    /// Set once by readers whose sources name rows by key rather than line (PostgreSQL tables):
    /// the key column, and per row the bytes of the current row's key. The key becomes a String
    /// only when the row is rejected (per row, that String was measurable in a million-row load).
    var rowKeyColumn: String?
    var rowKeyBytes: UnsafeBufferPointer<UInt8>?

    init(skip: Bool, keep: Int) {
        self.skip = skip
        self.keep = keep
    }

    /// Throws `error` unless bad rows are skipped; then records it.
    mutating func reject(_ error: IngestError) throws(IngestError) {
        var error = error
        if let rowKeyColumn, let rowKeyBytes, error.rowKey == nil {
            error.rowKey = (rowKeyColumn, String(decoding: rowKeyBytes, as: UTF8.self))
        }
        guard skip else { throw error }
        count += 1
        if samples.count < keep { samples.append(error.description) }
    }
}
