// `serve --log-format json`: swift-log records as one JSON object per line on stderr
// (`{"ts","level","logger","message",...metadata}`), for log collectors that index fields.
public import Logging
import Foundation

public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    let write: @Sendable (String) -> Void

    /// Writes to standard error.
    public init(label: String) {
        self.init(label: label) { line in FileHandle.standardError.write(Data(line.utf8)) }
    }

    init(label: String, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        write(line(level: event.level, message: event.message, metadata: event.metadata, date: Date()))
    }

    /// The JSON line (with its newline) for one record; record metadata wins over the handler's.
    func line(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, date: Date) -> String {
        var fields: [(String, String)] = [
            ("ts", Self.timestamp(date)), ("level", level.rawValue), ("logger", label), ("message", message.description),
        ]
        let merged = metadata.merging(extra ?? [:]) { _, new in new }
        for key in merged.keys.sorted() where !["ts", "level", "logger", "message"].contains(key) {
            fields.append((key, merged[key]!.description))
        }
        return "{" + fields.map { APIError.quoted($0.0) + ":" + APIError.quoted($0.1) }.joined(separator: ",") + "}\n"
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
