// One line of the audit log: who did what to which resource, and how it ended.

/// An audit log entry. `status` is the HTTP status, or 0 for a change made outside HTTP.
public struct AuditEntry: Sendable, Codable, Equatable {
    public var id: Int64 = 0
    public var at: Int64
    public var principal: String
    public var role: String?
    public var action: String
    public var resource: String
    public var detail: [String: String]
    public var status: Int

    public init(
        principal: Principal?, action: String, resource: String, detail: [String: String] = [:], status: Int = 0, at: Int64? = nil
    ) {
        self.at = at ?? UnixTime.now
        self.principal = principal?.name ?? "anonymous"
        self.role = principal?.role.rawValue
        self.action = action
        self.resource = resource
        self.detail = detail
        self.status = status
    }
}
