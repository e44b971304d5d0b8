// At most a few heavy requests at a time: each query may use up to its memory budget, so
// concurrent ones added up (eight at once took the server to 3 GB under a 1 GiB budget each).

/// Admits at most `limit` pieces of work at a time; the others wait their turn in arrival
/// order, up to `maxWaiting` of them, and past that are refused as busy (503).
actor AdmissionGate {
    let limit: Int
    let maxWaiting: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int, maxWaiting: Int = 64) {
        self.limit = max(1, limit)
        self.maxWaiting = max(0, maxWaiting)
    }

    /// Runs `work` off the request threads (`Blocking.run`) once a slot is free.
    ///
    /// - Throws: `APIError` 503 when `maxWaiting` requests already wait, else what `work` throws.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        if running < limit {
            running += 1
        } else {
            guard waiting.count < maxWaiting else {
                throw APIError(.serviceUnavailable, "busy", "\(limit) queries are running and \(waiting.count) are waiting; try again shortly")
            }
            // `leave` hands its slot over, so `running` already counts this one when it resumes.
            await withCheckedContinuation { waiting.append($0) }
        }
        defer { leave() }
        return try await Blocking.run(work)
    }

    private func leave() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }

    /// Pieces of work running and waiting now (for tests and metrics).
    var load: (running: Int, waiting: Int) { (running, waiting.count) }
}
