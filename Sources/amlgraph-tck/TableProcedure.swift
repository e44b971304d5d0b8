// The TCK's `there exists a procedure name(in :: T) :: (out :: T)` steps: a procedure whose
// body is the step's table (rows whose inputs equal the arguments yield their outputs).
import GraphQuery

enum TableProcedure {
    static func make(signature: String, table: [[String]]) -> Procedure? {
        // "there exists a procedure test.my.proc(in :: INTEGER?) :: (out :: STRING?):"
        let text = signature.replacingOccurrences(of: "there exists a procedure ", with: "")
        guard let open = text.firstIndex(of: "("), let close = text.firstIndex(of: ")") else { return nil }
        let name = String(text[..<open]).trimmingCharacters(in: .whitespaces)
        let inputs = fields(String(text[text.index(after: open)..<close]))
        let rest = text[text.index(after: close)...]
        guard let o = rest.firstIndex(of: "("), let c = rest.lastIndex(of: ")") else { return nil }
        let outputs = fields(String(rest[rest.index(after: o)..<c]))
        guard let header = table.first else { return nil }
        let rows = table.dropFirst().map { $0.map { TCKLiteral.value($0) ?? .null } }
        let inputColumns = inputs.compactMap { header.firstIndex(of: $0) }
        let outputColumns = outputs.compactMap { header.firstIndex(of: $0) }
        return Procedure(name: name, arity: inputs.count...inputs.count, outputs: outputs) { input in
            rows.filter { row in
                zip(inputColumns, input.arguments).allSatisfy { column, argument in row[column] == argument }
            }.map { row in outputColumns.map { row[$0] } }
        }
    }

    static func fields(_ list: String) -> [String] {
        list.split(separator: ",").compactMap { part in
            let name = part.split(separator: ":").first?.trimmingCharacters(in: .whitespaces) ?? ""
            return name.isEmpty ? nil : name
        }
    }
}
