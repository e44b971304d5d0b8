// How `amlgraph serve` writes its logs: swift-log's plain text lines, or one JSON object per
// line (`JSONLogHandler`). Chosen once per process, before the first logger is made.
import Logging

public enum LogFormat: String, Sendable, CaseIterable {
    case text, json

    /// Sets the process-wide log handler; call once, at startup.
    public func bootstrap() {
        switch self {
        case .text: LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        case .json: LoggingSystem.bootstrap { JSONLogHandler(label: $0) }
        }
    }
}
