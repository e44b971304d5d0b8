// What the dashboard's overview shows: activity totals, alert counts, the country-to-country
// laundering heatmap, alerts per day, and the customers with the riskiest alerts.

/// The overview's numbers, computed from the snapshot (transfers) and the alert tables.
public struct OverviewFigures: Sendable {
    public struct CountryFlow: Sendable, Equatable {
        public var from: String
        public var to: String
        public var transfers: Int
        public var volume: Double
        /// Transfers labelled laundering among those with a label (nil when none is labelled).
        public var launderingShare: Double?
    }

    public struct DayCount: Sendable, Equatable {
        /// Unix seconds of the day's start (UTC).
        public var day: Int64
        public var typology: String
        public var alerts: Int
    }

    public struct RiskyCustomer: Sendable, Equatable {
        public var customer: String
        public var name: String?
        public var country: String?
        public var alerts: Int
        public var maxScore: Double
        public var amount: Double
    }

    public var transfers: Int
    public var volume: Double
    public var accounts: Int
    public var customers: Int
    public var launderingTransfers: Int
    public var timeRange: ClosedRange<Int64>?
    /// Alerts that are open or under investigation, by typology.
    public var activeAlertsByTypology: [String: Int]
    public var alertsByStatus: [String: Int]
    /// Accounts in at least one alert that is not dismissed, over all accounts.
    public var alertedAccountShare: Double
    public var countryFlows: [CountryFlow]
    public var alertsPerDay: [DayCount]
    public var riskyCustomers: [RiskyCustomer]
    public var promotedModel: ModelRun?
}
