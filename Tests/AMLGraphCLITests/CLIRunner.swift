// Finds and runs the `amlgraph` binary built beside the test bundle.
import Foundation

struct CLIResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

enum CLIRunner {
    /// The `amlgraph` executable of this build (same products folder as the test runner).
    static var binary: String {
        get throws {
            var candidates: [String] = []
            if let runner = CommandLine.arguments.first {
                var dir = URL(fileURLWithPath: runner).deletingLastPathComponent()
                // The runner may sit inside a .xctest bundle folder.
                for _ in 0..<3 {
                    candidates.append(dir.appendingPathComponent("amlgraph").path)
                    dir = dir.deletingLastPathComponent()
                }
            }
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            candidates.append(root.appendingPathComponent(".build/debug/amlgraph").path)
            if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return found }
            throw CLIError("amlgraph binary not found (run `swift build` first); looked in \(candidates)")
        }
    }

    struct CLIError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    /// Starts amlgraph with `arguments` and returns the running process and its pipes.
    static func start(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary)
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        if stdin != nil { process.standardInput = input }
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        return (process, out, err)
    }

    /// Runs amlgraph to completion; `stdin` (when given) is written to its standard input.
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> CLIResult {
        let (process, out, err) = try start(arguments, stdin: stdin, environment: environment)
        // Read before waiting so a full pipe cannot block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIResult(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self)
        )
    }
}

/// A temporary folder removed at deinit.
final class WorkFolder {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "amlgraph-cli-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func file(_ name: String) -> String { path + "/" + name }

    /// Writes a native folder with `accounts` accounts and `transfers` transfers numbered from `firstTransfer`.
    func writeNative(_ name: String, accounts: Int, transfers: Int, firstTransfer: Int = 0, withParties: Bool = true) -> String {
        let folder = file(name)
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if withParties {
            var customers = "customer_id,name,country,segment,kyc_risk\n"
            var accountsCSV = "account_id,customer_id,bank,currency,opened_at\n"
            for a in 0..<accounts {
                customers += "C\(a),Name \(a),DE,retail,low\n"
                accountsCSV += "A\(a),C\(a),B\(a % 7),EUR,1600000000\n"
            }
            _ = FileManager.default.createFile(atPath: folder + "/customers.csv", contents: Data(customers.utf8))
            _ = FileManager.default.createFile(atPath: folder + "/accounts.csv", contents: Data(accountsCSV.utf8))
        }
        var lines = [String]()
        lines.reserveCapacity(transfers + 1)
        lines.append("transfer_id,src_account,dst_account,amount,currency,ts,channel,is_laundering")
        for t in firstTransfer..<(firstTransfer + transfers) {
            lines.append("T\(t),A\(t % accounts),A\((t * 7 + 3) % accounts),\(t % 9000 + 1).25,EUR,\(1_700_000_000 + t),wire,0")
        }
        _ = FileManager.default.createFile(atPath: folder + "/transfers.csv", contents: Data((lines.joined(separator: "\n") + "\n").utf8))
        return folder
    }
}
