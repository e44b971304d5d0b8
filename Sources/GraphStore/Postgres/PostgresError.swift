// Errors talking to PostgreSQL, as one line without secrets.

/// A PostgreSQL failure: what was being done, the server's message, and the SQLSTATE if any.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    public let context: String
    public let message: String
    public let sqlState: String?

    public init(context: String, message: String, sqlState: String?) {
        self.context = context
        self.message = message
        self.sqlState = sqlState
    }

    public var description: String {
        let flat = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return "\(context): \(flat.joined(separator: " ")) " + (sqlState.map { "(SQLSTATE \($0))" } ?? "")
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}

extension Set where Element == Character {
    fileprivate static let whitespaces: Set<Character> = [" ", "\t"]
}

/// Connection strings with their passwords hidden, for messages, logs and watermark keys.
public enum ConnectionString {
    /// `postgresql://user:secret@host/db` → `postgresql://user@host/db`; `password=x` dropped.
    public static func redacted(_ url: String) -> String {
        if let scheme = url.range(of: "://") {
            let rest = url[scheme.upperBound...]
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@") {
                let userInfo = authority[..<at]
                let user = userInfo.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
                let query = redactQuery(String(rest[authorityEnd...]))
                return String(url[..<scheme.upperBound]) + user + "@" + String(authority[authority.index(after: at)...]) + query
            }
            return String(url[..<scheme.upperBound]) + authority + redactQuery(String(rest[authorityEnd...]))
        }
        // Key/value conninfo: drop password=... words.
        return url.split(separator: " ").filter { !$0.lowercased().hasPrefix("password=") }.joined(separator: " ")
    }

    private static func redactQuery(_ pathAndQuery: String) -> String {
        guard let q = pathAndQuery.firstIndex(of: "?") else { return pathAndQuery }
        let kept = pathAndQuery[pathAndQuery.index(after: q)...].split(separator: "&").filter { !$0.lowercased().hasPrefix("password=") }
        return String(pathAndQuery[..<q]) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
    }
}
