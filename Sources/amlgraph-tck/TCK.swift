// amlgraph-tck: runs the openCypher TCK feature files against the query engine and prints
// pass/fail counts, overall and per feature.
import Foundation

@main
struct TCK {
    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let json = arguments.contains("--json")
        let verbose = arguments.contains("--verbose")
        var filter: String?
        if let i = arguments.firstIndex(of: "--filter"), i + 1 < arguments.count {
            filter = arguments[i + 1]
            arguments.removeSubrange(i...i + 1)
        }
        arguments.removeAll { $0.hasPrefix("--") }
        guard let root = arguments.first else {
            FileHandle.standardError.write(Data("usage: amlgraph-tck [--json] [--verbose] [--filter TEXT] FEATURES_DIR\n".utf8))
            exit(2)
        }
        // The TCK's named graphs sit beside `features/`; look upward so a sub-folder can be run alone.
        var graphs = (root as NSString).appendingPathComponent("../graphs")
        for up in ["../../graphs", "../../../graphs"] where !FileManager.default.fileExists(atPath: graphs) {
            graphs = (root as NSString).appendingPathComponent(up)
        }
        let runner = ScenarioRunner(graphsFolder: graphs)
        var files: [String] = []
        if let e = FileManager.default.enumerator(atPath: root) {
            while let f = e.nextObject() as? String {
                if f.hasSuffix(".feature") { files.append(f) }
            }
        }
        files.sort()
        var passed = 0, failed = 0, skipped = 0
        var byFeature: [String: [String: Int]] = [:]
        for file in files where filter.map({ file.contains($0) }) ?? true {
            let feature = String(file.dropLast(".feature".count))
            let scenarios = try Gherkin.scenarios(in: root + "/" + file, feature: feature)
            var counts = ["passed": 0, "failed": 0, "skipped": 0]
            for scenario in scenarios {
                // Temporal types (date, time, duration) are outside this engine's value model.
                let outcome: Outcome = feature.contains("temporal") ? .skipped("temporal") : runner.run(scenario)
                switch outcome {
                case .passed: counts["passed"]! += 1
                case let .failed(why):
                    counts["failed"]! += 1
                    if verbose { FileHandle.standardError.write(Data("FAIL \(feature) — \(scenario.name)\n  \(why)\n".utf8)) }
                case .skipped: counts["skipped"]! += 1
                }
            }
            passed += counts["passed"]!
            failed += counts["failed"]!
            skipped += counts["skipped"]!
            byFeature[feature] = counts
        }
        let total = passed + failed + skipped
        if json {
            let document: [String: Any] = ["scenarios": total, "passed": passed, "failed": failed, "skipped": skipped, "by_feature": byFeature]
            let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        } else {
            for (feature, c) in byFeature.sorted(by: { $0.key < $1.key }) {
                print("\(feature): \(c["passed"]!) passed, \(c["failed"]!) failed, \(c["skipped"]!) skipped")
            }
            print("total: \(total) scenarios, \(passed) passed, \(failed) failed, \(skipped) skipped")
        }
    }
}
