import Foundation
import Testing

@Suite("amlgraph train and models")
struct TrainCLITests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// train --json on generated data prints the DESIGN keys; the run is listed, shown with its
    /// curves, promoted (exactly one promoted run), and its model file is refused once damaged.
    @Test func trainListShowPromote() throws {
        let work = WorkFolder()
        let data = work.file("tiny")
        #expect(try CLIRunner.run(["generate", "--scale", "tiny", "--seed", "7", "--out", data]).status == 0)
        let db = work.file("g.sqlite")
        #expect(try CLIRunner.run(["ingest", "--db", db, data]).status == 0)

        let train = try CLIRunner.run(["train", "--db", db, "--rounds", "30", "--alert-rate", "0.02", "--json"])
        #expect(train.status == 0, "\(train.stderr)")
        let report = try json(train.stdout)
        let runID = try #require(report["run_id"] as? String)
        // DESIGN: the default model is the fused one; its extras name the alert budget.
        #expect(report["model"] as? String == "fused")
        let alert = (report["fusion"] as? [String: Any])?["alert"] as? [String: Any]
        #expect(alert?["rate"] as? Double == 0.02 && alert?["threshold"] is Double)
        #expect(report["train_seconds"] is Double && report["test_rows"] as? Int == 2_000)
        let metrics = try #require(report["metrics"] as? [String: Any])
        for key in ["pr_auc", "roc_auc", "f1", "precision", "recall", "recall_at_1pct", "threshold"] {
            #expect(metrics[key] is Double, "metrics.\(key)")
        }
        // Seed 7 puts 4 laundering transfers in the test slice (seed 3 only 2: too few to judge).
        #expect((metrics["pr_auc"] as? Double ?? 0) > 0.5)

        let logreg = try CLIRunner.run(["train", "--db", db, "--model", "logreg", "--features", "tabular", "--json"])
        #expect(logreg.status == 0, "\(logreg.stderr)")
        let logregID = try #require(try json(logreg.stdout)["run_id"] as? String)

        let list = try json(try CLIRunner.run(["models", "list", "--db", db, "--json"]).stdout)
        let runs = try #require(list["runs"] as? [[String: Any]])
        #expect(Set(runs.compactMap { $0["run_id"] as? String }) == [runID, logregID])

        let show = try json(try CLIRunner.run(["models", "show", runID, "--db", db, "--json"]).stdout)
        let curves = try #require(show["curves"] as? [String: Any])
        #expect((curves["pr"] as? [Any])?.isEmpty == false && (curves["roc"] as? [Any])?.isEmpty == false)
        #expect(show["data_fingerprint"] is String && show["params"] is String)

        #expect(try CLIRunner.run(["models", "promote", runID, "--db", db]).status == 0)
        #expect(try CLIRunner.run(["models", "promote", logregID, "--db", db]).status == 0)
        let after = try #require(try json(try CLIRunner.run(["models", "list", "--db", db, "--json"]).stdout)["runs"] as? [[String: Any]])
        #expect(after.filter { $0["promoted"] as? Bool == true }.compactMap { $0["run_id"] as? String } == [logregID])

        let unknown = try CLIRunner.run(["models", "show", "nope", "--db", db])
        #expect(unknown.status != 0 && unknown.stderr.contains("no model run nope"))

        let path = try #require(show["model_path"] as? String)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count - 10] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: path))
        let corrupt = try CLIRunner.run(["models", "promote", runID, "--db", db])
        #expect(corrupt.status != 0 && corrupt.stderr.contains("checksum mismatch"))
        #expect(corrupt.stderr.split(separator: "\n").count == 1)
    }

    /// Unusable training data fails with one clear line: no labels, one class, too few rows.
    @Test func badTrainingData() throws {
        let work = WorkFolder()
        let oneClass = work.writeNative("one", accounts: 40, transfers: 400)
        let unlabelled = work.writeNative("none", accounts: 40, transfers: 400)
        let csv = try String(contentsOfFile: unlabelled + "/transfers.csv", encoding: .utf8)
        try csv.replacingOccurrences(of: ",0\n", with: ",\n").write(toFile: unlabelled + "/transfers.csv", atomically: true, encoding: .utf8)
        let few = work.writeNative("few", accounts: 10, transfers: 50)
        let fewCSV = try String(contentsOfFile: few + "/transfers.csv", encoding: .utf8)
        try fewCSV.replacingOccurrences(of: "wire,0\nT4", with: "wire,1\nT4").write(toFile: few + "/transfers.csv", atomically: true, encoding: .utf8)
        let cases = [
            (unlabelled, "no labelled transfers"), (oneClass, "both classes are needed"), (few, "at least 200 are needed"),
        ]
        for (folder, message) in cases {
            let db = work.file(UUID().uuidString + ".sqlite")
            #expect(try CLIRunner.run(["ingest", "--db", db, folder]).status == 0)
            let run = try CLIRunner.run(["train", "--db", db, "--json"])
            #expect(run.status != 0, "\(message)")
            #expect(run.stderr.contains("cannot train: ") && run.stderr.contains(message), "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1 && run.stdout.isEmpty)
        }
        let existing = work.file("x.sqlite")
        #expect(try CLIRunner.run(["ingest", "--db", existing, oneClass]).status == 0)
        let bad = try CLIRunner.run(["train", "--db", existing, "--max-leaves", "1"])
        #expect(bad.status != 0 && bad.stderr.contains("maxLeaves must be in 2...4096, got 1"))
        let budget = try CLIRunner.run(["train", "--db", existing, "--alert-rate", "1.5"])
        #expect(budget.status != 0 && budget.stderr.contains("alertRate must be in (0, 1), got 1.5"), "\(budget.stderr)")
    }
}
