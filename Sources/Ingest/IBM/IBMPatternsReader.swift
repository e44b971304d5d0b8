// Reads IBM's `*_Patterns.txt`: laundering attempts delimited by BEGIN/END lines, each holding
// transaction rows in the `_Trans.csv` layout. Their accounts become known pattern members.
import Foundation
import GraphCore
import GraphStore

struct IBMPatternsReader {
    let path: String
    let loader: BulkLoader


    /// Records every attempt's accounts; returns how many (pattern, account) pairs it added.
    func run() throws -> Int {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw IngestError(file: path, reason: "cannot be read: \(error.localizedDescription)")
        }
        var added = 0
        var attempt = 0
        var typology: String?
        var beganAt = 0
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.hasPrefix("BEGIN LAUNDERING ATTEMPT") {
                guard typology == nil else {
                    throw IngestError(file: path, line: offset + 1, reason: "BEGIN inside the attempt begun on line \(beganAt)")
                }
                attempt += 1
                beganAt = offset + 1
                let name = line.dropFirst("BEGIN LAUNDERING ATTEMPT - ".count).split(separator: ":").first.map(String.init) ?? ""
                // IBM's RANDOM attempts have no typology of ours: their rows are skipped ("").
                typology = LaunderingTypology(ibmName: name.trimmingCharacters(in: .whitespaces))?.rawValue ?? ""
            } else if line.hasPrefix("END LAUNDERING ATTEMPT") {
                guard typology != nil else { throw IngestError(file: path, line: offset + 1, reason: "END without BEGIN") }
                typology = nil
            } else if let current = typology, !line.isEmpty, !current.isEmpty {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard fields.count >= 5 else {
                    throw IngestError(file: path, line: offset + 1, reason: "expected a transaction row inside the attempt")
                }
                for (bank, account) in [(fields[1], fields[2]), (fields[3], fields[4])] {
                    guard let id = loader.accountID(IBMTransactionsReader.accountKey(bank: bank, account: account)) else {
                        throw IngestError(file: path, line: offset + 1, column: "Account", value: account, reason: "is not in the transactions file")
                    }
                    try loader.addPatternMember(patternID: "ibm-\(attempt)", typology: current, account: id)
                    added += 1
                }
            }
        }
        if typology != nil { throw IngestError(file: path, line: beganAt, reason: "attempt never ends") }
        return added
    }
}
