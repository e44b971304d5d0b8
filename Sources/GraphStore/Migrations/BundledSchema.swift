// The schema/ files, embedded into the binary at build time so an installed amlgraph needs
// no files beside it. (Sources/GraphStore/Schema is a link to the top-level schema/ folder.)

enum BundledSchema {
    static var migrations: [Migration] {
        files.map { name, bytes in
            let version = Int(name.prefix(while: \.isNumber)) ?? -1
            return Migration(version: version, name: name, sql: String(decoding: bytes, as: UTF8.self))
        }
    }

    /// File name → contents; a test checks this list against the schema/ folder.
    static let files: [(String, [UInt8])] = [
        ("001_init.sql", PackageResources._01_init_sql),
        ("002_multi_label_nodes.sql", PackageResources._02_multi_label_nodes_sql),
        ("003_models.sql", PackageResources._03_models_sql),
        ("004_ingest_watermarks.sql", PackageResources._04_ingest_watermarks_sql),
        ("005_access.sql", PackageResources._05_access_sql),
        ("006_alerts_jobs.sql", PackageResources._06_alerts_jobs_sql),
        ("007_dashboard_sessions.sql", PackageResources._07_dashboard_sessions_sql),
    ]
}
