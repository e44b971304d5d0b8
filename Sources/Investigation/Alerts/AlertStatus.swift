// The alert workflow: open → investigating → escalated or dismissed.

public enum AlertStatus: String, Sendable, Codable, CaseIterable {
    case open, investigating, escalated, dismissed

    /// The statuses an alert may move to from this one. Escalated and dismissed are final: a
    /// reopened case is a new finding (and so a new alert) in this design.
    public var next: Set<AlertStatus> {
        switch self {
        case .open: [.investigating]
        case .investigating: [.escalated, .dismissed]
        case .escalated, .dismissed: []
        }
    }
}
