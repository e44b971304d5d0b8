// Reads IBM's synthetic AML transactions (`*_Trans.csv`, Altman et al., NeurIPS 2023) and the
// `*_Patterns.txt` beside it. Accounts are (bank, account) pairs; each row gets a transfer id
// derived from its content so that ingesting the same file twice changes nothing.
import Foundation
import GraphCore
import GraphStore

struct IBMTransactionsReader {
    let path: String
    let loader: BulkLoader
    let options: IngestOptions

    static let header = [
        "Timestamp", "From Bank", "Account", "To Bank", "Account", "Amount Received", "Receiving Currency", "Amount Paid",
        "Payment Currency", "Payment Format", "Is Laundering",
    ]

    init(path: String, isDirectory: Bool, loader: BulkLoader, options: IngestOptions) throws {
        if isDirectory {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            let trans = names.filter { $0.hasSuffix("_Trans.csv") }.sorted()
            guard trans.count == 1 else {
                throw IngestError(
                    file: path, reason: trans.isEmpty ? "holds no *_Trans.csv file" : "holds several *_Trans.csv files; name one"
                )
            }
            self.path = (path as NSString).appendingPathComponent(trans[0])
        } else {
            self.path = path
        }
        self.loader = loader
        self.options = options
    }

    /// `X_Trans.csv` → `X_Patterns.txt`, when that file exists.
    var patternsPath: String? {
        guard path.hasSuffix("_Trans.csv") else { return nil }
        let candidate = String(path.dropLast("_Trans.csv".count)) + "_Patterns.txt"
        return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
    }

    static func accountKey(bank: String, account: String) -> String { bank + ":" + account }

    mutating func run(summary: inout IngestSummary, policy: inout BadRowPolicy) throws {
        let reader = try CSVReader(path: path)
        let header = HeaderMap(header: try reader.readHeader(), file: path)
        try header.requireExact(Self.header)
        reader.expectedFieldCount = nil
        var occurrences: [UInt64: UInt32] = [:]
        var accepted = 0, rows = 0
        let insertedBefore = try loader.transfersInserted, nodesBefore = try loader.nodesChanged
        let path = self.path
        let loader = self.loader
        let progress = options.progress
        try reader.forEachRecord { record in
            rows += 1
            let row: Row
            do { row = try Self.parse(record, path: path) } catch let error as IngestError {
                return try policy.reject(error)
            }
            let src = try account(bank: row.fromBank, account: row.fromAccount)
            let dst = try account(bank: row.toBank, account: row.toAccount)
            // Identical rows are distinct transfers: number them by occurrence in the file.
            let hash = Self.contentHash(record)
            let n = occurrences[hash, default: 0]
            occurrences[hash] = n + 1
            var id = Self.transferID(hash: hash, occurrence: n)
            var currency = row.paidCurrency
            // Channels use the native vocabulary (wire, ach, card, ...) whatever the source format.
            var channel = IBMFormat.paymentFormats[row.paymentFormat] ?? row.paymentFormat
            // The paid side is the transfer; a conversion keeps the received side as properties.
            let props: [String: PropertyValue]? =
                row.receivedCurrency != row.paidCurrency || row.received != row.paid
                ? ["amount_received": .double(row.received), "receiving_currency": .string(row.receivedCurrency)] : nil
            try id.withUTF8 { idBytes in
                try currency.withUTF8 { cur in
                    try channel.withUTF8 { chan in
                    try loader.addTransfer(
                        id: idBytes, source: src, target: dst, amount: row.paid, currency: cur, timestamp: row.timestamp, channel: chan,
                        isLaundering: row.label, properties: props
                    )
                    }
                }
            }
            accepted += 1
            if rows & 0x3FFFF == 0, let progress {
                progress(IngestProgress(file: path, bytesRead: reader.bytesRead, fileSize: reader.fileSize, rows: rows))
            }
        }
        progress?(IngestProgress(file: path, bytesRead: reader.fileSize, fileSize: reader.fileSize, rows: rows))
        let inserted = try loader.transfersInserted - insertedBefore
        summary.rowsRead += rows
        summary.transfers += inserted
        summary.duplicateTransfers += accepted - inserted
        summary.accounts += try loader.nodesChanged - nodesBefore
        summary.files.append(path)
        if let patternsPath {
            summary.files.append(patternsPath)
            summary.patternMembers += try IBMPatternsReader(path: patternsPath, loader: loader).run()
        }
    }

    /// One validated row of the transactions file.
    struct Row {
        var timestamp: Int64
        var fromBank: String, fromAccount: String, toBank: String, toAccount: String
        var received: Double, receivedCurrency: String, paid: Double, paidCurrency: String
        var paymentFormat: String
        var label: Int8
    }

    /// Validates a record; the error names the file, line, column and value at fault.
    static func parse(_ record: borrowing CSVRecord, path: String) throws(IngestError) -> Row {
        let line = record.line
        guard record.count == header.count else {
            throw IngestError(file: path, line: line, reason: "expected \(header.count) fields, found \(record.count)")
        }
        func bad(_ column: Int, _ value: String, _ reason: String) -> IngestError {
            IngestError(file: path, line: line, column: header[column], value: value, reason: reason)
        }
        let ts: Int64
        do { ts = try FieldParser.parseIBMTimestamp(record.field(0)) } catch { throw bad(0, record.string(0), error.reason) }
        for column in [1, 2, 3, 4] where record.field(column).isEmpty { throw bad(column, "", "is empty") }
        guard let paid = FieldParser.parseDecimal(record.field(7)), paid >= 0 else { throw bad(7, record.string(7), FieldParser.notANumber) }
        guard let received = FieldParser.parseDecimal(record.field(5)), received >= 0 else {
            throw bad(5, record.string(5), FieldParser.notANumber)
        }
        guard let paidCurrency = ISO4217.code(forIBMName: record.string(8)) else {
            throw bad(8, record.string(8), "is not a currency of the IBM data set")
        }
        guard let receivedCurrency = ISO4217.code(forIBMName: record.string(6)) else {
            throw bad(6, record.string(6), "is not a currency of the IBM data set")
        }
        guard let label = FieldParser.parseBool01(record.field(10)) else { throw bad(10, record.string(10), FieldParser.notABoolean) }
        return Row(
            timestamp: ts, fromBank: record.string(1), fromAccount: record.string(2), toBank: record.string(3), toAccount: record.string(4),
            received: received, receivedCurrency: receivedCurrency, paid: paid, paidCurrency: paidCurrency,
            paymentFormat: record.string(9), label: label
        )
    }

    /// The account node for (bank, account), created on first sight.
    func account(bank: String, account: String) throws -> Int64 {
        let key = Self.accountKey(bank: bank, account: account)
        if let id = loader.accountID(key) { return id }
        return try loader.upsertNode(label: "Account", key: key, properties: ["bank": .string(bank), "account": .string(account)])
    }

    static func transferID(hash: UInt64, occurrence: UInt32) -> String {
        let hex = String(hash, radix: 16)
        return "ibm-" + String(repeating: "0", count: 16 - hex.count) + hex + (occurrence == 0 ? "" : "-\(occurrence)")
    }

    /// FNV-1a over the fields and their separators: stable across runs and machines, unlike
    /// Swift's seeded `Hasher`.
    static func contentHash(_ record: borrowing CSVRecord) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for i in 0..<record.count {
            for byte in record.field(i) {
                h ^= UInt64(byte)
                h = h &* 0x0000_0100_0000_01B3
            }
            h ^= 0x1F
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }
}
