// Shared output habits: one JSON document on stdout for --json, logs and progress on stderr,
// and every failure as one line on stderr with a non-zero exit.
import ArgumentParser
import Foundation

enum CommandOutput {
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    static func log(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Prints a value as one pretty JSON document on stdout.
    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }

    /// Runs `body`; any error becomes one line on stderr and exit status 1.
    static func reportingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ExitCode {
            throw error
        } catch {
            log("amlgraph: error: \(error)")
            throw ExitCode.failure
        }
    }

    /// A progress line redrawn in place on a terminal; silent when stderr is not one.
    static func progressLine(_ text: String) {
        guard stderrIsTerminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    static func endProgress() {
        guard stderrIsTerminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
