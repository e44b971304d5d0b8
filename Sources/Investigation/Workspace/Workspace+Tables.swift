// The service tables of a workspace's database: access, audit, alerts and job runs.

extension Workspace {
    /// API keys, with this workspace's `principalCache` (the server authenticates through it).
    public var access: AccessControl { AccessControl(database: store, cache: principalCache) }
    public var audit: AuditLog { AuditLog(database: store, queue: auditQueue) }
    public var alerts: AlertStore { AlertStore(database: store) }
    public var jobs: JobLedger { JobLedger(database: store) }
}
