// Why a cron expression was refused: which field, what text, and what would be valid.

public struct CronParseError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The field's name (minute, hour, day-of-month, month, day-of-week), or "expression".
    public let field: String
    public let text: String
    public let message: String

    public var description: String {
        field == "expression" ? "cron expression \"\(text)\": \(message)" : "cron \(field) field \"\(text)\": \(message)"
    }
}
