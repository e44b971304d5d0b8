// Reads the native tables (DESIGN.md): customers, then accounts, then transfers, then the
// optional truth, each validated row by row before anything reaches the store. Where the CSV
// comes from (a folder, or PostgreSQL through COPY) is the `NativeInput`'s business.
import Foundation
import Dispatch
import GraphCore
import GraphStore

struct NativeReader {
    let input: any NativeInput
    let loader: BulkLoader
    let options: IngestOptions

    static let customerColumns = ["customer_id", "name", "country", "segment", "kyc_risk"]
    static let accountColumns = ["account_id", "customer_id", "bank", "currency", "opened_at"]
    static let transferColumns = ["transfer_id", "src_account", "dst_account", "amount", "currency", "ts", "channel", "is_laundering"]
    static let truthColumns = ["pattern_id", "typology", "account_id"]
    /// Typologies truth.csv may name (DESIGN.md).
    static let typologies = Set(LaunderingTypology.allCases.map(\.rawValue))

    mutating func run(summary: inout IngestSummary, policy: inout BadRowPolicy) throws {
        let tables = try input.availableTables()
        guard !tables.isDisjoint(with: [.customers, .accounts, .transfers]) else {
            throw IngestError(file: input.name, reason: "holds none of customers.csv, accounts.csv, transfers.csv")
        }
        let trace = PhaseTrace()
        for table in NativeTable.allCases where tables.contains(table) {
            try input.withSource(table) { source in
                switch table {
                case .customers: try readCustomers(source, &summary, &policy)
                case .accounts: try readAccounts(source, &summary, &policy)
                case .transfers: try readTransfers(source, &summary, &policy)
                case .truth: try readTruth(source, &summary, &policy)
                }
                summary.files.append(source.name)
            }
            trace.mark(table.rawValue)
        }
    }

    /// Opens a file, checks its header and hands each record with the column indices to `body`.
    /// Records with the wrong number of fields are bad rows like any other.
    func forEachRow(
        _ source: NativeSource, required: [String], summary: inout IngestSummary, policy: inout BadRowPolicy,
        _ body: (borrowing CSVRecord, [Int], HeaderMap, inout BadRowPolicy) throws -> Void
    ) throws {
        do {
            try forEachRecord(source, required: required, summary: &summary, policy: &policy, body)
        } catch var error as CSVError {
            // Name the source as the user knows it, not the descriptor it was read through.
            error = CSVError(file: source.name, line: error.line, kind: error.kind)
            throw IngestError(error)
        }
    }

    private func forEachRecord(
        _ source: NativeSource, required: [String], summary: inout IngestSummary, policy: inout BadRowPolicy,
        _ body: (borrowing CSVRecord, [Int], HeaderMap, inout BadRowPolicy) throws -> Void
    ) throws {
        let path = source.name
        let reader = try CSVReader(path: source.path)
        let header = HeaderMap(header: try reader.readHeader(), file: path)
        reader.expectedFieldCount = nil
        let indices = try header.indices(of: required)
        let width = header.names.count
        var rows = 0
        let progress = options.progress
        let namesRowKeys = source.namesRowKeys
        if namesRowKeys { policy.rowKeyColumn = header.names.first }
        defer { (policy.rowKeyColumn, policy.rowKeyBytes) = (nil, nil) }
        try reader.forEachRecord { record in
            rows += 1
            if namesRowKeys { policy.rowKeyBytes = record.count > 0 ? record.field(0) : UnsafeBufferPointer(start: nil, count: 0) }
            if record.count != width {
                try policy.reject(
                    IngestError(file: path, line: record.line, reason: "expected \(width) fields as in the header, found \(record.count)")
                )
                return
            }
            try body(record, indices, header, &policy)
            if rows & 0x3FFFF == 0, let progress {
                progress(IngestProgress(file: path, bytesRead: reader.bytesRead, fileSize: reader.fileSize, rows: rows))
            }
        }
        progress?(IngestProgress(file: path, bytesRead: reader.fileSize, fileSize: reader.fileSize, rows: rows))
        summary.rowsRead += rows
    }

    func readCustomers(_ source: NativeSource, _ summary: inout IngestSummary, _ policy: inout BadRowPolicy) throws {
        let path = source.name
        let before = try loader.nodesChanged
        var encoder: CSVPropertyEncoder?
        try forEachRow(source, required: Self.customerColumns, summary: &summary, policy: &policy) { record, idx, header, policy in
            let key = record.string(idx[0])
            guard !key.isEmpty else {
                return try policy.reject(IngestError(file: path, line: record.line, column: "customer_id", value: "", reason: "is empty"))
            }
            if encoder == nil { encoder = CSVPropertyEncoder(header: header, skip: [idx[0]]) }
            try loader.upsertNode(label: "Customer", key: key, json: encoder!.encode(record))
        }
        summary.customers += try loader.nodesChanged - before
    }

    func readAccounts(_ source: NativeSource, _ summary: inout IngestSummary, _ policy: inout BadRowPolicy) throws {
        let path = source.name
        let before = try loader.nodesChanged
        var encoder: CSVPropertyEncoder?
        try forEachRow(source, required: Self.accountColumns, summary: &summary, policy: &policy) { record, idx, header, policy in
            let line = record.line
            let key = record.string(idx[0])
            guard !key.isEmpty else {
                return try policy.reject(IngestError(file: path, line: line, column: "account_id", value: "", reason: "is empty"))
            }
            let customerKey = record.string(idx[1])
            guard let customer = loader.customerID(customerKey) else {
                return try policy.reject(
                    IngestError(file: path, line: line, column: "customer_id", value: customerKey, reason: "is not a known customer")
                )
            }
            guard ISO4217.isKnownCurrency(record.field(idx[3])) else {
                return try policy.reject(
                    IngestError(file: path, line: line, column: "currency", value: record.string(idx[3]), reason: "is not an ISO 4217 currency code")
                )
            }
            guard FieldParser.parseInt64(record.field(idx[4])).map(Self.plausibleTimestamp) == true else {
                return try policy.reject(
                    IngestError(file: path, line: line, column: "opened_at", value: record.string(idx[4]), reason: "is not a unix timestamp in seconds")
                )
            }
            if encoder == nil { encoder = CSVPropertyEncoder(header: header, skip: [idx[0]], integers: [idx[4]]) }
            let account = try loader.upsertNode(label: "Account", key: key, json: encoder!.encode(record))
            try loader.addEdge(type: "OWNS", source: customer, target: account)
        }
        summary.accounts += try loader.nodesChanged - before
    }

    /// Unix seconds from 1970 up to 2100: wider is a unit mistake (milliseconds) or garbage.
    static func plausibleTimestamp(_ ts: Int64) -> Bool { ts >= 0 && ts < 4_102_444_800 }

    /// Transfers are parsed and validated on a second thread while this one inserts them.
    func readTransfers(_ source: NativeSource, _ summary: inout IngestSummary, _ policy: inout BadRowPolicy) throws {
        let path = source.name
        let before = try loader.transfersInserted
        let pipe = BatchPipe<TransferBatch>()
        let loader = UncheckedSendable(self.loader)
        let outcome = UncheckedSendable(ProducerOutcome(summary: summary, policy: policy))
        let reader = UncheckedSendable(self)  // the reader's loader is only read on that thread
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            defer { done.signal() }
            var summary = outcome.value.summary, policy = outcome.value.policy
            var batch = TransferBatch()
            do {
                // Only reads the loader's account index, which nothing writes while transfers load.
                try reader.value.forEachRow(source, required: Self.transferColumns, summary: &summary, policy: &policy) { record, idx, _, policy in
                    let row: TransferRow
                    do { row = try Self.parseTransfer(record, idx: idx, path: path, loader: loader.value) } catch let error as IngestError {
                        return try policy.reject(error)
                    }
                    batch.append(
                        id: record.field(idx[0]), source: row.source, target: row.target, amount: row.amount, currency: record.field(idx[4]),
                        timestamp: row.timestamp, channel: record.field(idx[6]), isLaundering: row.label
                    )
                    if batch.isFull {
                        guard pipe.put(batch) else { throw CancellationError() }
                        batch = TransferBatch()
                    }
                }
                if batch.count > 0 { _ = pipe.put(batch) }
            } catch {
                outcome.value.error = error
            }
            outcome.value.summary = summary
            outcome.value.policy = policy
            pipe.close()
        }
        var accepted = 0
        do {
            while let batch = pipe.take() {
                try loader.value.addTransfers(batch)
                accepted += batch.count
            }
        } catch {
            pipe.cancel()
            done.wait()
            throw error
        }
        done.wait()
        if let error = outcome.value.error { throw error }
        summary = outcome.value.summary
        policy = outcome.value.policy
        let inserted = try self.loader.transfersInserted - before
        summary.transfers += inserted
        summary.duplicateTransfers += accepted - inserted
    }

    /// What the parsing thread hands back when it ends.
    final class ProducerOutcome {
        var summary: IngestSummary
        var policy: BadRowPolicy
        var error: (any Error)?
        init(summary: IngestSummary, policy: BadRowPolicy) {
            self.summary = summary
            self.policy = policy
        }
    }

    struct TransferRow {
        var source: Int64, target: Int64, amount: Double, timestamp: Int64, label: Int8
    }

    /// Validates one transfers.csv record; the error names file, line, column and value.
    static func parseTransfer(_ record: borrowing CSVRecord, idx: [Int], path: String, loader: BulkLoader) throws(IngestError) -> TransferRow {
        let line = record.line
        func bad(_ column: String, _ value: String, _ reason: String) -> IngestError {
            IngestError(file: path, line: line, column: column, value: value, reason: reason)
        }
        guard record.field(idx[0]).count > 0 else { throw bad("transfer_id", "", "is empty") }
        guard let src = loader.accountID(record.field(idx[1])) else { throw bad("src_account", record.string(idx[1]), "is not a known account") }
        guard let dst = loader.accountID(record.field(idx[2])) else { throw bad("dst_account", record.string(idx[2]), "is not a known account") }
        guard let amount = FieldParser.parseDecimal(record.field(idx[3])) else { throw bad("amount", record.string(idx[3]), FieldParser.notANumber) }
        guard amount >= 0 else { throw bad("amount", record.string(idx[3]), "is negative") }
        guard ISO4217.isKnownCurrency(record.field(idx[4])) else {
            throw bad("currency", record.string(idx[4]), "is not an ISO 4217 currency code")
        }
        guard let ts = FieldParser.parseInt64(record.field(idx[5])), plausibleTimestamp(ts) else {
            throw bad("ts", record.string(idx[5]), "is not a unix timestamp in seconds")
        }
        guard let label = FieldParser.parseBool01(record.field(idx[7])) else {
            throw bad("is_laundering", record.string(idx[7]), FieldParser.notABoolean)
        }
        return TransferRow(source: src, target: dst, amount: amount, timestamp: ts, label: label)
    }

    func readTruth(_ source: NativeSource, _ summary: inout IngestSummary, _ policy: inout BadRowPolicy) throws {
        let path = source.name
        var members = 0
        try forEachRow(source, required: Self.truthColumns, summary: &summary, policy: &policy) { record, idx, _, policy in
            let line = record.line
            let typology = record.string(idx[1])
            guard Self.typologies.contains(typology) else {
                return try policy.reject(
                    IngestError(
                        file: path, line: line, column: "typology", value: typology,
                        reason: "is not one of \(Self.typologies.sorted().joined(separator: ", "))"
                    )
                )
            }
            let accountKey = record.string(idx[2])
            guard let account = loader.accountID(accountKey) else {
                return try policy.reject(IngestError(file: path, line: line, column: "account_id", value: accountKey, reason: "is not a known account"))
            }
            try loader.addPatternMember(patternID: record.string(idx[0]), typology: typology, account: account)
            members += 1
        }
        summary.patternMembers += members
    }
}
