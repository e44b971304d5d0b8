// Phase timings on stderr when AMLGRAPH_TRACE is set: where an ingest spends its time.
import Foundation

final class PhaseTrace {
    static let enabled = ProcessInfo.processInfo.environment["AMLGRAPH_TRACE"] != nil
    private var last = ContinuousClock.now

    func reset() { last = .now }

    func mark(_ phase: String) {
        guard Self.enabled else { return }
        let now = ContinuousClock.now
        let (s, atto) = (now - last).components
        FileHandle.standardError.write(Data(String(format: "trace: %@ %.3f s\n", phase, Double(s) + Double(atto) / 1e18).utf8))
        last = now
    }
}
