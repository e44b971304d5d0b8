// Sentry's event payload and the envelope that carries it
// (https://develop.sentry.dev/sdk/data-model/envelopes/, .../event-payloads/): a JSON header
// line, an item header line with the payload's type and byte length, then the payload.
import Foundation

/// The event fields AMLGraph sends (a subset of Sentry's event payload).
struct SentryEvent: Encodable, Sendable {
    var eventID: String
    /// Unix seconds with fractions (Sentry accepts numbers or RFC 3339).
    var timestamp: Double
    var platform = "other"
    var level: String
    var logger = "amlgraph"
    var serverName: String?
    var release: String?
    var environment: String?
    var exception: Exceptions
    var tags: [String: String]
    var request: Request?
    var sdk = SDK()

    struct Exceptions: Encodable, Sendable {
        var values: [Exception]
    }

    struct Exception: Encodable, Sendable {
        var type: String
        var value: String
        var mechanism: Mechanism
    }

    struct Mechanism: Encodable, Sendable {
        var type: String
        var handled: Bool
    }

    struct Request: Encodable, Sendable {
        var method: String
        var url: String
        var queryString: String?
        var headers: [String: String]

        enum CodingKeys: String, CodingKey { case method, url, queryString = "query_string", headers }
    }

    struct SDK: Encodable, Sendable {
        var name = SentryReporter.clientName
        var version = SentryReporter.clientVersion
    }

    enum CodingKeys: String, CodingKey {
        case eventID = "event_id", timestamp, platform, level, logger, serverName = "server_name", release, environment, exception, tags
        case request, sdk
    }

    /// The event for `report`, with a fresh id (32 lowercase hex digits, as Sentry wants).
    init(_ report: ErrorReport, settings: ErrorReportingSettings, now: Date = Date()) {
        eventID = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        timestamp = now.timeIntervalSince1970
        level = report.level
        serverName = settings.serverName
        release = settings.release
        environment = settings.environment
        exception = Exceptions(values: [
            Exception(type: report.type, value: report.value, mechanism: Mechanism(type: report.tags["job"] == nil ? "middleware" : "job", handled: false))
        ])
        tags = report.tags
        request = report.request.map {
            Request(method: $0.method, url: $0.path, queryString: $0.query.map(ErrorReport.scrubQuery), headers: $0.headers)
        }
    }
}

enum SentryEnvelope {
    /// The envelope bytes for one event.
    static func encode(_ event: SentryEvent, dsn: SentryDSN, sentAt: Date = Date()) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let payload = try encoder.encode(event)
        let header: [String: String] = [
            "event_id": event.eventID, "dsn": "\(dsn.scheme)://\(dsn.publicKey)@\(dsn.host)\(dsn.port.map { ":\($0)" } ?? "")\(dsn.pathPrefix)/\(dsn.projectID)",
            "sent_at": ISO8601DateFormatter().string(from: sentAt),
        ]
        var data = try encoder.encode(header)
        data.append(0x0A)
        data.append(try JSONSerialization.data(withJSONObject: ["type": "event", "length": payload.count], options: [.sortedKeys]))
        data.append(0x0A)
        data.append(payload)
        data.append(0x0A)
        return data
    }
}
