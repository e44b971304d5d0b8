// Who is asking: the authenticated caller a request (or a CLI command) acts for.

/// An authenticated caller: an API key, a dashboard user, or the command line.
public struct Principal: Sendable, Equatable {
    /// The name written to the audit log (the key's or user's name, `cli:<user>`).
    public var name: String
    public var role: Role
    /// The API key's row id, when the caller used a key; rate limits are kept per key.
    public var keyID: Int64?

    public init(name: String, role: Role, keyID: Int64? = nil) {
        self.name = name
        self.role = role
        self.keyID = keyID
    }

    /// The operator at the terminal: the CLI acts with full rights, as the database file's owner.
    public static var commandLine: Principal {
        let user = ProcessEnvironment.value("USER") ?? "unknown"
        return Principal(name: "cli:\(user)", role: .admin)
    }
}
