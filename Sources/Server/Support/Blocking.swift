// SQLite reads, detection, Graphviz layout and queries are synchronous and can take a while;
// running them on a Dispatch queue keeps Swift concurrency's few threads (two cores here)
// free to accept and answer other requests meanwhile.
import Dispatch

enum Blocking {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
