// amlgraph-bench: performance checks for the issues' targets, printing JSON results.
// Usage: amlgraph-bench store DATA_FOLDER [--repeat N] [--out FILE.json] [--work DIR]
//        amlgraph-bench cycles DB [--max-hops K] [--window-days D] [--threads T] [--repeat N] [--warmup N]
//        amlgraph-bench detect DB [--repeat N] [--each TYPE,...|none] [--out FILE.json]
//        amlgraph-bench quality --scale small|medium [--seed N] [--data FOLDER] [--repeat N] [--out FILE.json] [--work DIR]
//        amlgraph-bench predict-load|mixed|bad-input ... (HTTP load against a running server; see ServiceCommands.swift)
//        amlgraph-bench predict-phases DB BODY.json [--repeat N] [--explain true|false]   (/predict in-process: decode, score, encode)
//        amlgraph-bench pg-store DB POSTGRES_URL [--repeat N]   (the URL's database must be new)
//        amlgraph-bench score DUMP_DIR [--threads T] [--repeat N] [--negative-sample-rate R]   (GBDT train + batch scoring)
//        amlgraph-bench shap MODEL_FILE DUMP_DIR [--rows N] [--repeat N] [--block-only] [--service-block N]   (TreeSHAP per row vs block kernel, one thread)
import Foundation
import GraphAlgorithms
import GraphStore
import Ingest

func argument(_ name: String, in args: [String]) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

let usage = """
    usage: amlgraph-bench store DATA_FOLDER [--repeat N] [--out FILE.json] [--work DIR]
           amlgraph-bench cycles DB [--max-hops K] [--window-days D] [--threads T] [--repeat N] [--warmup N]
           amlgraph-bench detect DB [--repeat N] [--each TYPE,...|none] [--out FILE.json]
           amlgraph-bench quality --scale small|medium [--seed N] [--data FOLDER] [--repeat N] [--out FILE.json] [--work DIR]
           amlgraph-bench predict-load --port P --db DB [--key K] [--rate R] [--duration S | --requests N] [--connections C] [--batch N]
           amlgraph-bench mixed --port P --db DB --key K [--rate R] [--duration S] [--connections C]
           amlgraph-bench bad-input --port P --db DB --viewer K --analyst K [--count N] [--connections C]
           amlgraph-bench predict-phases DB BODY.json [--repeat N] [--explain true|false]
           amlgraph-bench pg-store DB POSTGRES_URL [--repeat N]
           amlgraph-bench score DUMP_DIR [--threads T] [--repeat N] [--negative-sample-rate R]
           amlgraph-bench shap MODEL_FILE DUMP_DIR [--rows N] [--repeat N] [--block-only] [--service-block N]

    """
let args = Array(CommandLine.arguments.dropFirst())
if let command = args.first, ServiceCommands.names.contains(command) || command == "predict-phases" {
    do {
        let result: any Encodable = command == "predict-phases" ? try PredictPhases.run(args) : try ServiceCommands.run(args)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = try encoder.encode(result)
        if let out = argument("--out", in: args) { try json.write(to: URL(fileURLWithPath: out)) }
        FileHandle.standardOutput.write(json + Data("\n".utf8))
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("amlgraph-bench: error: \(error)\n".utf8))
        exit(1)
    }
}
guard args.count >= 2, ["store", "cycles", "detect", "quality", "pg-store", "score", "shap"].contains(args[0]) else {
    FileHandle.standardError.write(Data(usage.utf8))
    exit(2)
}
// A database argument must exist: opening a mistyped path (or `--help`) would create an empty
// database and time nothing.
if ["cycles", "detect", "pg-store"].contains(args[0]), !FileManager.default.fileExists(atPath: args[1]) {
    FileHandle.standardError.write(Data("amlgraph-bench: error: there is no database at \(args[1])\n\(usage)".utf8))
    exit(2)
}
if args[0] == "pg-store" {
    do {
        guard args.count >= 3 else { throw StoreError(.invalidArgument, "pg-store needs DB and POSTGRES_URL") }
        let result = try PostgresStoreBenchmark(database: args[1], url: args[2], repeats: Int(argument("--repeat", in: args) ?? "3") ?? 3).run()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        FileHandle.standardOutput.write(try encoder.encode(result) + Data("\n".utf8))
    } catch {
        FileHandle.standardError.write(Data("amlgraph-bench: error: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
}
if args[0] == "cycles" {
    do {
        /// A count option: its value, the default when absent, an error naming it when it is not
        /// an integer of at least `minimum`.
        func count(_ name: String, default value: Int, minimum: Int) throws -> Int {
            guard let text = argument(name, in: args) else { return value }
            guard let n = Int(text), n >= minimum else { throw StoreError(.invalidArgument, "\(name) needs an integer of at least \(minimum), got '\(text)'") }
            return n
        }
        var benchmark = CycleBenchmark(
            database: args[1], maxHops: Int(argument("--max-hops", in: args) ?? "6") ?? 6,
            windowDays: Int(argument("--window-days", in: args) ?? "30") ?? 30, threads: Int(argument("--threads", in: args) ?? "0") ?? 0,
            repeats: try count("--repeat", default: 3, minimum: 1)
        )
        benchmark.warmups = try count("--warmup", default: 0, minimum: 0)
        let result = try benchmark.run()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        FileHandle.standardOutput.write(try encoder.encode(result) + Data("\n".utf8))
    } catch {
        FileHandle.standardError.write(Data("amlgraph-bench: error: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
}
do {
    let repeats = Int(argument("--repeat", in: args) ?? "3") ?? 3
    let work = argument("--work", in: args) ?? NSTemporaryDirectory()
    let result: any Encodable
    if args[0] == "store" {
        result = try StoreBenchmark(data: args[1], workDir: work, repeats: repeats).run()
    } else if args[0] == "score" {
        result = try ScoringBenchmark(
            dump: args[1], threads: Int(argument("--threads", in: args) ?? "0") ?? 0, repeats: repeats,
            negativeSampleRate: Double(argument("--negative-sample-rate", in: args) ?? "0.1") ?? 0.1
        ).run()
    } else if args[0] == "shap" {
        guard args.count >= 3 else { throw BenchmarkInputError("shap needs MODEL_FILE and DUMP_DIR") }
        var bench = TreeSHAPBenchmark(
            modelPath: args[1], dump: args[2], rows: Int(argument("--rows", in: args) ?? "10000") ?? 10_000, repeats: repeats)
        bench.blockOnly = args.contains("--block-only")
        bench.serviceBlock = Int(argument("--service-block", in: args) ?? "128") ?? 128
        result = try bench.run()
    } else if args[0] == "detect" {
        var bench = DetectBenchmark(database: args[1], repeats: repeats)
        if let each = argument("--each", in: args) { bench.each = each.split(separator: ",").compactMap { Typology(rawValue: String($0)) } }
        result = try bench.run()
    } else {
        guard let scale = DataScale(rawValue: argument("--scale", in: args) ?? "") else {
            FileHandle.standardError.write(Data(usage.utf8))
            exit(2)
        }
        // A fresh seed per run unless one is given: quality must hold for data not tuned on.
        let seed = argument("--seed", in: args).flatMap { UInt64($0) } ?? UInt64.random(in: 1...999_999)
        FileHandle.standardError.write(Data("quality: scale \(scale.rawValue), seed \(seed)\n".utf8))
        var quality = DetectionQuality(scale: scale, seed: seed, workDir: work, data: argument("--data", in: args), repeats: repeats)
        if let only = argument("--typologies", in: args) { quality.typologies = Set(only.split(separator: ",").compactMap { Typology(rawValue: String($0)) }) }
        result = try quality.run()
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let json = try encoder.encode(result)
    if let out = argument("--out", in: args) { try json.write(to: URL(fileURLWithPath: out)) }
    FileHandle.standardOutput.write(json + Data("\n".utf8))
} catch {
    FileHandle.standardError.write(Data("amlgraph-bench: error: \(error)\n".utf8))
    exit(1)
}
