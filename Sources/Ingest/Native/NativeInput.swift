// Where the native tables come from: a folder of CSV files, or a database streaming CSV.
import Foundation

/// The tables of the native format, in the order they must be loaded.
enum NativeTable: String, CaseIterable, Sendable {
    case customers, accounts, transfers, truth

    var fileName: String { rawValue + ".csv" }
}

/// One table's CSV: a path the reader opens and the name errors show.
struct NativeSource {
    let path: String
    let name: String
}

/// A provider of native tables as CSV.
protocol NativeInput {
    /// Shown in errors about the input as a whole.
    var name: String { get }
    func availableTables() throws -> Set<NativeTable>
    /// Makes the table's CSV available while `body` runs.
    func withSource(_ table: NativeTable, _ body: (NativeSource) throws -> Void) throws
}

/// A folder with customers.csv, accounts.csv, transfers.csv and truth.csv (any may be missing).
struct FolderInput: NativeInput {
    let folder: String
    var name: String { folder }

    func path(_ table: NativeTable) -> String { (folder as NSString).appendingPathComponent(table.fileName) }

    func availableTables() throws -> Set<NativeTable> {
        Set(NativeTable.allCases.filter { FileManager.default.fileExists(atPath: path($0)) })
    }

    func withSource(_ table: NativeTable, _ body: (NativeSource) throws -> Void) throws {
        try body(NativeSource(path: path(table), name: path(table)))
    }
}
