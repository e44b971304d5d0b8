// Runs one TCK scenario on a fresh in-memory store: builds its graph, runs its query and
// compares the result table (ordered when the scenario says so) or the error category.
import Foundation
import GraphQuery
import GraphStore

enum Outcome {
    case passed
    case failed(String)
    case skipped(String)
}

struct ScenarioRunner {
    let graphsFolder: String

    func run(_ scenario: Scenario) -> Outcome {
        do {
            return try execute(scenario)
        } catch {
            return .failed("setup: \(error)")
        }
    }

    func execute(_ scenario: Scenario) throws -> Outcome {
        let store = try SQLiteGraphStore(path: ":memory:")
        let engine = QueryEngine(store: store)
        var options = QueryOptions(allowWrites: true, budget: QueryBudget(maxRows: 2_000_000, maxSeconds: 20))
        var parameters: [String: Value] = [:]
        var result: Result<QueryResult, any Error>?
        for step in scenario.steps {
            let text = step.text
            if text == "an empty graph" || text == "any graph" { continue }
            if text.hasPrefix("the "), text.hasSuffix(" graph") {
                let name = String(text.dropFirst(4).dropLast(6))
                let setup = try String(contentsOfFile: "\(graphsFolder)/\(name)/\(name).cypher", encoding: .utf8)
                _ = try engine.run(setup, options: options)
            } else if text.hasPrefix("having executed") {
                do {
                    _ = try engine.run(step.docString ?? "", options: options)
                } catch {
                    return .failed("setup query failed: \(error)")
                }
            } else if text.hasPrefix("parameters are") {
                for row in step.table {
                    guard row.count == 2, let v = TCKLiteral.value(row[1]) else { return .skipped("unreadable parameter") }
                    parameters[row[0]] = v
                }
            } else if text.hasPrefix("there exists a procedure") {
                guard let procedure = TableProcedure.make(signature: text, table: step.table) else { return .skipped("procedure signature") }
                options.procedures.register(procedure)
            } else if text.hasPrefix("executing query") || text.hasPrefix("executing control query") {
                result = Result { try engine.run(step.docString ?? "", parameters: parameters, options: options) }
            } else if text.hasPrefix("the result should be") {
                guard let result else { return .failed("no query ran") }
                let actual: QueryResult
                switch result {
                case let .success(r): actual = r
                case let .failure(e): return .failed("expected rows, got error: \(e)")
                }
                if let problem = compare(actual, step, text) { return .failed(problem) }
            } else if text.contains("should be raised") {
                guard let result else { return .failed("no query ran") }
                let expected = text.split(separator: " ")[1]
                switch result {
                case .success: return .failed("expected \(text), but the query succeeded")
                case let .failure(e):
                    let category = Self.category(e)
                    if category != expected { return .failed("expected \(expected), got \(category): \(e)") }
                }
            } else if text.hasPrefix("no side effects") || text.hasPrefix("the side effects should be") {
                continue
            } else {
                return .skipped("unknown step: \(text)")
            }
        }
        return .passed
    }

    static func category(_ e: any Error) -> String {
        if e is ParseError { return "SyntaxError" }
        if let q = e as? QueryError {
            switch q.category {
            case .semantic: return "SyntaxError"
            case .procedure: return q.code == "UnknownFunction" ? "SyntaxError" : "ProcedureError"
            default: return q.category.rawValue
            }
        }
        return "\(type(of: e))"
    }

    func compare(_ actual: QueryResult, _ step: Step, _ text: String) -> String? {
        let ordered = text.contains("in order")
        let ignoreListOrder = text.contains("ignoring element order")
        if text.hasSuffix("empty") {
            return actual.rows.isEmpty ? nil : "expected no rows, got \(actual.rows.count)"
        }
        guard let header = step.table.first else { return "no table" }
        if header != actual.columns { return "columns \(actual.columns) ≠ \(header)" }
        var expected: [String] = []
        for row in step.table.dropFirst() {
            var cells: [String] = []
            for cell in row {
                guard let c = TCKLiteral.canonical(cell, sortLists: ignoreListOrder) else { return "unreadable expected cell \(cell)" }
                cells.append(c)
            }
            expected.append(cells.joined(separator: " | "))
        }
        let got = actual.rows.map { row in
            row.map { v in
                let text = actual.literal(v)
                return ignoreListOrder ? TCKLiteral.canonical(text, sortLists: true) ?? text : text
            }.joined(separator: " | ")
        }
        if ordered ? got == expected : got.sorted() == expected.sorted() { return nil }
        return "rows differ:\n  expected \(expected.prefix(8))\n  got      \(got.prefix(8))"
    }
}
