// Sends error reports to Sentry over its envelope HTTP endpoint, off the request path: capture
// encodes the event and puts it on a bounded queue (dropping it when the queue is full), and
// one background task posts the queue's envelopes one at a time with a timeout. A slow, dead
// or rate-limiting Sentry therefore never delays or fails a request.
import Foundation
import Logging

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

final class SentryReporter: Sendable {
    static let clientName = "amlgraph-sentry"
    static let clientVersion = ServerSettings.version
    /// How long to stay quiet after a 429 without Retry-After.
    static let defaultBackoffSeconds = 60.0

    /// What happened to captured events so far.
    struct Counts: Sendable, Equatable {
        var queued = 0
        var sent = 0
        /// Refused because the queue was full, the reporter closed, or Sentry asked us to back off.
        var dropped = 0
        /// Posted but not accepted (network error, timeout, non-2xx).
        var failed = 0
    }

    let settings: ErrorReportingSettings
    private let continuation: AsyncStream<Data>.Continuation
    private let sender: Task<Void, Never>
    private let state: LockedValue<State>

    struct State {
        var counts = Counts()
        var quietUntil: Date?
    }

    init(settings: ErrorReportingSettings, logger: Logger) {
        self.settings = settings
        let (stream, continuation) = AsyncStream<Data>.makeStream(bufferingPolicy: .bufferingOldest(max(1, settings.queueCapacity)))
        self.continuation = continuation
        let state = LockedValue(State())
        self.state = state
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = settings.timeoutSeconds
        configuration.timeoutIntervalForResource = settings.timeoutSeconds
        let session = URLSession(configuration: configuration)
        let (dsn, timeout) = (settings.dsn, settings.timeoutSeconds)
        sender = Task.detached {
            for await envelope in stream {
                await Self.post(envelope, dsn: dsn, timeout: timeout, session: session, state: state, logger: logger)
            }
            session.finishTasksAndInvalidate()
        }
        logger.info("reporting errors to Sentry", metadata: ["sentry": "\(settings.dsn)"])
    }

    var counts: Counts { state.withLock { $0.counts } }

    /// Queues `report` for sending; never waits and never throws.
    func capture(_ report: ErrorReport) {
        let quiet = state.withLock { s in s.quietUntil.map { $0 > Date() } ?? false }
        guard !quiet, let envelope = try? SentryEnvelope.encode(SentryEvent(report, settings: settings), dsn: settings.dsn) else {
            state.withLock { $0.counts.dropped += 1 }
            return
        }
        switch continuation.yield(envelope) {
        case .enqueued: state.withLock { $0.counts.queued += 1 }
        case .dropped, .terminated: state.withLock { $0.counts.dropped += 1 }
        @unknown default: state.withLock { $0.counts.dropped += 1 }
        }
    }

    /// Stops taking reports and waits up to `timeout` for the queue to drain (graceful shutdown).
    func close(timeout: Duration = .seconds(5)) async {
        continuation.finish()
        let sender = self.sender
        // Race the sender against the deadline without waiting for the loser: a task group
        // would wait for the sender even after cancelling it, and an HTTP request in flight
        // does not always stop at once.
        let resumed = LockedValue(false)
        let drained = await withCheckedContinuation { (done: CheckedContinuation<Bool, Never>) in
            let finish: @Sendable (Bool) -> Void = { value in
                let first = resumed.withLock { already -> Bool in
                    defer { already = true }
                    return !already
                }
                if first { done.resume(returning: value) }
            }
            Task { await sender.value; finish(true) }
            Task { try? await Task.sleep(for: timeout); finish(false) }
        }
        if !drained { sender.cancel() }
    }

    private static func post(_ envelope: Data, dsn: SentryDSN, timeout: Double, session: URLSession, state: LockedValue<State>, logger: Logger) async {
        var request = URLRequest(url: dsn.envelopeURL, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/x-sentry-envelope", forHTTPHeaderField: "Content-Type")
        request.setValue(dsn.authHeader(client: "\(clientName)/\(clientVersion)"), forHTTPHeaderField: "X-Sentry-Auth")
        request.httpBody = envelope
        do {
            let (_, response) = try await session.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            if (200..<300).contains(status) {
                state.withLock { $0.counts.sent += 1 }
                return
            }
            if status == 429 {
                let wait = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Retry-After").flatMap(Double.init) ?? defaultBackoffSeconds
                state.withLock { $0.quietUntil = Date().addingTimeInterval(wait) }
            }
            state.withLock { $0.counts.failed += 1 }
            logger.warning("Sentry did not accept an event", metadata: ["sentry": "\(dsn)", "status": "\(status)"])
        } catch {
            state.withLock { $0.counts.failed += 1 }
            logger.warning("could not send an event to Sentry", metadata: ["sentry": "\(dsn)", "error": "\(error.localizedDescription)"])
        }
    }
}
