// `amlgraph demo`: one command from nothing to a working dashboard on a local file. Generates
// the small data set, ingests it, runs ring detection (detect + raise alerts), trains and
// promotes a model, creates an `admin` login (printing its password once) and serves the
// dashboard. A second run reuses every step already done.
import ArgumentParser
import Foundation
import Ingest
import Investigation
import Server

extension AMLGraph {
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate → ingest → detect → train → serve the dashboard, on a local folder (repeatable).",
            discussion: """
                Everything lives in --dir (default .amlgraph-demo): data/ (the generated CSV files) and aml.sqlite. \\
                The admin password is printed only when the login is created (or with --reset-password).
                """
        )

        static let adminName = "admin"

        @Option(help: "Folder for the generated data and the database.")
        var dir = ".amlgraph-demo"

        @Option(help: "Data size: tiny or small (medium works, but takes minutes to prepare).")
        var scale: DataScale = .small

        @Option(help: "Random seed of the generated data.")
        var seed: UInt64 = 42

        @Option(help: "Address to listen on.")
        var host = "127.0.0.1"

        @Option(help: "Port to listen on.")
        var port = 8080

        @Flag(help: "Give the admin login a new password and print it.")
        var resetPassword = false

        @Flag(help: "Prepare everything, then exit instead of serving.")
        var noServe = false

        func validate() throws {
            guard (1...65_535).contains(port) else { throw ValidationError("--port must be 1 to 65535, got \(port)") }
        }

        func run() async throws {
            let clock = ContinuousClock()
            let started = clock.now
            let db = dir + "/aml.sqlite"
            let workspace = try CommandOutput.reportingErrors { () -> Workspace in
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                let workspace = try Workspace(path: db)
                try prepare(workspace)
                return workspace
            }
            CommandOutput.log("demo ready in \(String(format: "%.1f", Double((clock.now - started).components.seconds))) s: database \(db)")
            if noServe { return }
            var settings = ServerSettings()
            settings.host = host
            settings.port = port
            settings.schedule = nil
            let app = buildApplication(settings, workspace: workspace)
            print("dashboard: http://\(host):\(port)/  (log in as \(Self.adminName); stop with Ctrl-C)")
            try await app.runService()
        }

        func prepare(_ workspace: Workspace) throws {
            let stats = try workspace.store.statistics()
            if stats.transfers == 0 {
                let data = dir + "/data"
                step("generating the \(scale.rawValue) data set (seed \(seed)) into \(data)")
                let summary = try SyntheticDataGenerator(config: GeneratorConfig(scale: scale, seed: seed)).write(to: data)
                step("ingesting \(summary.transfers) transfers")
                _ = try workspace.ingest(path: data, options: IngestOptions(format: .native))
            } else {
                step("reusing \(stats.transfers) transfers already in \(dir)/aml.sqlite")
            }
            if try workspace.jobs.runs(job: RingDetectionJob.name, limit: 1).contains(where: { $0.status == .succeeded }) {
                step("reusing the alerts of earlier ring-detection runs")
            } else {
                step("detecting patterns and raising alerts (ring-detection job)")
                let run = try RingDetectionJob(workspace: workspace).run()
                step("ring detection: \(run.findings ?? 0) findings, \(run.alertsCreated ?? 0) alerts")
            }
            if let promoted = try workspace.models.promotedRunID() {
                step("reusing promoted model run \(promoted)")
            } else {
                step("training a gradient-boosted model")
                let report = try workspace.train(TrainingRequest()) { CommandOutput.progressLine($0) }
                CommandOutput.endProgress()
                try workspace.models.promote(report.runID)
                step(String(format: "promoted run %@ (PR AUC %.3f, ROC AUC %.3f)", report.runID, report.metrics.prAUC, report.metrics.rocAUC))
            }
            if try workspace.users.user(named: Self.adminName) == nil {
                let password = UserDirectory.generatePassword()
                _ = try workspace.users.addUser(name: Self.adminName, role: .admin, password: password)
                step("created the \(Self.adminName) login; its password is shown once (--reset-password makes a new one)")
                print("user: \(Self.adminName)\npassword: \(password)")
            } else if resetPassword {
                let password = UserDirectory.generatePassword()
                try workspace.users.setPassword(name: Self.adminName, password: password)
                step("new password for \(Self.adminName)")
                print("user: \(Self.adminName)\npassword: \(password)")
            } else {
                step("reusing the \(Self.adminName) login (its password was printed when it was created; --reset-password makes a new one)")
            }
        }

        func step(_ text: String) { CommandOutput.log("demo: " + text) }
    }
}
