// The /predict answer sent while the batch is still being scored: the head as soon as the model
// and graph are known, each block of results as soon as it and every block before it are
// scored, the end once all are. Sending overlaps scoring instead of following it, and each block
// is written to JSON on the thread that scored it, while its results are in cache.
import Foundation

/// Receives a prediction as consecutive pieces of one JSON document
/// (`PredictionService.predict(_:record:stream:)`); `deliver` gets them in document order, from
/// whichever thread finished the piece (never two at once).
///
/// The document is the one `PredictionResponse.jsonBytes` writes, but for the key order:
/// `graph_version`, `model`, `results`, then `elapsed_ms` (known only at the end).
public final class PredictionStream: @unchecked Sendable {
    private let lock = NSLock()
    private let deliver: @Sendable ([UInt8]) -> Void
    /// Blocks scored before an earlier one, by block number.
    private var pending: [Int: [UInt8]] = [:]
    private var next = 0
    private var opened = false
    private var failure: PredictionError?

    public init(deliver: @escaping @Sendable ([UInt8]) -> Void) {
        self.deliver = deliver
    }

    /// Whether the head was delivered: before it, a failure is the caller's to answer (a 4xx
    /// or 5xx); after it, the document can only be cut short.
    public var started: Bool {
        lock.lock()
        defer { lock.unlock() }
        return opened
    }

    /// `{"graph_version":…,"model":{…},"results":[`.
    func open(model: PredictionResponse.Model, graphVersion: Int64) throws(PredictionError) {
        var w = JSONWriter()
        w.open()
        w.key("graph_version", first: true); w.integer(Int(graphVersion))
        w.key("model"); try w.model(model)
        w.key("results")
        w.byte(UInt8(ascii: "["))
        let head = w.finish()
        lock.lock()
        defer { lock.unlock() }
        opened = true
        deliver(head)
    }

    /// Block `index` (blocks are numbered from 0 in request order) as JSON: its results,
    /// comma-separated, with a comma before the first unless it is block 0. Delivered at once
    /// when every block before it was, else kept until they are; an empty block is counted and
    /// not delivered (an empty chunk would end a chunked body).
    func block(_ index: Int, _ bytes: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        pending[index] = bytes
        while let ready = pending.removeValue(forKey: next) {
            if !ready.isEmpty { deliver(ready) }
            next += 1
        }
    }

    /// Block `index` written from built results (`record`: they carry `recorded`).
    func block(_ index: Int, _ results: ArraySlice<PredictionResponse.Result>) throws(PredictionError) {
        var w = JSONWriter(capacity: results.count * 1_600)
        try w.results(results, leadingComma: index > 0)
        block(index, w.finish())
    }

    /// Keeps `error` (the first one) as the stream's failure, thrown by `check` and `close`.
    func fail(_ error: PredictionError) {
        lock.lock()
        defer { lock.unlock() }
        if failure == nil { failure = error }
    }

    /// Throws the first failure of a block.
    func check() throws(PredictionError) {
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw failure }
    }

    /// `],"elapsed_ms":…}` after the `blocks` blocks.
    func close(blocks: Int, elapsedMs: Double) throws(PredictionError) {
        try check()
        var w = JSONWriter(capacity: 64)
        w.byte(UInt8(ascii: "]"))
        w.key("elapsed_ms"); try w.number(elapsedMs)
        w.close()
        let tail = w.finish()
        lock.lock()
        defer { lock.unlock() }
        guard next == blocks, pending.isEmpty else {
            throw PredictionError(.internalError, "the answer ended after \(next) of \(blocks) blocks")
        }
        deliver(tail)
    }
}
