// A small native folder written by the tests themselves, and helpers to open stores on it.
import Foundation
import GraphStore

@testable import Ingest

/// A temporary folder removed at deinit.
final class ScratchFolder {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "amlgraph-ingest-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ name: String, _ text: String) {
        _ = FileManager.default.createFile(atPath: path + "/" + name, contents: Data(text.utf8))
    }

    func subfolder(_ name: String) -> String {
        let p = path + "/" + name
        try? FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
        return p
    }
}

enum NativeFixture {
    static let customers = """
        customer_id,name,country,segment,kyc_risk
        C1,"Doe, Jane \"\"JJ\"\"\",DE,retail,low
        C2,Bob,US,sme,high
        C3,"Multi
        Line",GB,corporate,medium

        """
    static let accounts = """
        account_id,customer_id,bank,currency,opened_at
        A1,C1,B1,EUR,1600000000
        A2,C2,B2,USD,1600000000
        A3,C2,B2,USD,1600000000
        A4,C3,B3,GBP,1600000000

        """
    static let header = "transfer_id,src_account,dst_account,amount,currency,ts,channel,is_laundering\n"
    static let transfers =
        header + """
        T1,A1,A2,100.50,EUR,1700000000,wire,0
        T2,A2,A3,99,USD,1700000100,wire,1
        T3,A3,A1,98,USD,1700000200,ach,
        T4,A4,A1,5000,GBP,1700000300,card,0

        """
    static let truth = """
        pattern_id,typology,account_id
        P1,cycle,A1
        P1,cycle,A2
        P1,cycle,A3

        """

    /// Writes the whole fixture into `folder`; transfers may be replaced.
    static func write(to folder: ScratchFolder, transfers: String = transfers, crlf: Bool = false) {
        func fix(_ s: String) -> String { crlf ? s.replacingOccurrences(of: "\n", with: "\r\n") : s }
        folder.write("customers.csv", "\u{FEFF}" + fix(customers))
        folder.write("accounts.csv", fix(accounts))
        folder.write("transfers.csv", fix(transfers))
        folder.write("truth.csv", fix(truth))
    }
}
