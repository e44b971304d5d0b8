// `amlgraph jobs run ring-detection` and `amlgraph jobs list`: the batch jobs the server also
// schedules. Runs take the same lease as the server's, so a CLI run never overlaps one.
import ArgumentParser
import Investigation

extension AMLGraph {
    struct Jobs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run batch jobs and list their runs.", subcommands: [Run.self, List.self])

        struct Run: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Run a job now: ring-detection (incremental: transfers since the last successful run).",
                discussion: "Exits non-zero when another process is running the job."
            )

            @Argument(help: "The job: ring-detection.")
            var job: String

            @OptionGroup var store: ExistingStoreOptions

            @Flag(help: "Print the run as one JSON document.")
            var json = false

            func validate() throws {
                guard job == RingDetectionJob.name else { throw ValidationError("unknown job \(job); the jobs are: \(RingDetectionJob.name)") }
            }

            func run() async throws {
                let run = try CommandOutput.reportingErrors { try ServiceDatabase.open(store.db).ringDetection.run() }
                if json { return try CommandOutput.printJSON(run) }
                print(
                    "run \(run.id): \(run.status.rawValue), transfers \(run.fromRow + 1)...\(run.toRow ?? run.fromRow), \(run.findings ?? 0) new findings, \(run.alertsCreated ?? 0) alerts created, \(run.durationSeconds ?? 0) s"
                )
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Recent job runs, newest first.")

            @OptionGroup var store: ExistingStoreOptions

            @Option(help: "Runs to list.")
            var limit = 20

            @Flag(help: "One JSON document instead of lines.")
            var json = false

            func run() async throws {
                let runs = try CommandOutput.reportingErrors { try ServiceDatabase.open(store.db).jobs.runs(limit: limit) }
                if json { return try CommandOutput.printJSON(["runs": runs]) }
                for r in runs {
                    print("\(r.id)\t\(r.job)\t\(r.status.rawValue)\tstarted \(r.startedAt)\tfindings \(r.findings ?? 0)\talerts \(r.alertsCreated ?? 0)\(r.error.map { "\t\($0)" } ?? "")")
                }
            }
        }
    }
}
