// The service tables of a workspace's database: access, audit, alerts and job runs.

extension Workspace {
    public var access: AccessControl { AccessControl(store: store) }
    public var audit: AuditLog { AuditLog(store: store, queue: auditQueue) }
    public var alerts: AlertStore { AlertStore(store: store) }
    public var jobs: JobLedger { JobLedger(store: store) }
}
