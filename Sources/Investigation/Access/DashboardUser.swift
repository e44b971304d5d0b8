// A dashboard login as `users list` and the admin see it: never the password hash.

/// A person who signs in to the dashboard with a name and password.
public struct DashboardUser: Sendable, Codable, Equatable {
    public var id: Int64
    public var name: String
    public var role: Role
    public var createdAt: Int64

    enum CodingKeys: String, CodingKey {
        case id, name, role
        case createdAt = "created_at"
    }

    /// How the user appears in the audit log: `user:<name>`, apart from keys and the CLI.
    public var principal: Principal { Principal(name: "user:\(name)", role: role) }
}
