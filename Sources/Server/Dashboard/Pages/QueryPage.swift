// `/ui/query`: the query console. A query with parameters (one `name=value` a line, values as
// JSON when they parse as JSON, like `--param`), EXPLAIN, the saved queries of `queries/`,
// results as a table, and errors with a caret under the place they point at.
import Foundation
import GraphCore
import GraphQuery
import Hummingbird
import Investigation

struct QueryPage {
    let services: AppServices
    /// Rows drawn at most; the count of all rows is still shown.
    static let shownRows = 500

    struct SavedQuery: Sendable {
        var name: String
        var purpose: String
        var params: String
        var text: String
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/ui/query", use: form)
        router.post("/ui/query", use: run)
    }

    /// The `*.cypher` files of the saved-queries folder, by name; their header comments give
    /// the purpose (`// Purpose:`) and the parameters (`// Params:`).
    func savedQueries() -> [SavedQuery] {
        guard let folder = services.settings.savedQueriesFolder,
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder)
        else { return [] }
        return names.filter { $0.hasSuffix(".cypher") }.sorted().compactMap { name in
            guard let text = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8) else { return nil }
            var purpose = "", params = ""
            for line in text.split(separator: "\n") where line.hasPrefix("//") {
                let body = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
                if body.hasPrefix("Purpose:") { purpose = String(body.dropFirst(8)).trimmingCharacters(in: .whitespaces) }
                if body.hasPrefix("Params:") { params = String(body.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            }
            return SavedQuery(name: String(name.dropLast(7)), purpose: purpose, params: params, text: text)
        }
    }

    func form(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.viewer)
        let session = try context.dashboardSession()
        let chosen = request.uri.queryParameters.get("saved")
        let saved = savedQueries()
        let text = chosen.flatMap { c in saved.first { $0.name == c } }?.text ?? "MATCH (a:Account)-[t:TRANSFER]->(b:Account)\nWHERE t.amount > $min\nRETURN a.account_id, b.account_id, t.amount\nORDER BY t.amount DESC LIMIT 20"
        let params = chosen == nil ? "min=5000" : ""
        return context.page("Query console", active: "/ui/query", page(session: session, query: text, params: params, explain: false, result: .empty, saved: saved))
    }

    func page(session: DashboardSession, query: String, params: String, explain: Bool, result: HTML, saved: [SavedQuery]) -> HTML {
        let savedRows: [HTML] = saved.map { q in
            "<tr><td><a href=\"/ui/query?saved=\(HTML.urlComponent(q.name))\">\(q.name)</a></td><td>\(q.purpose)</td><td><code>\(q.params)</code></td></tr>"
        }
        return """
            <form method="post" action="/ui/query">\(DashboardLayout.csrfField(session))
            <label>Query<textarea name="query" rows="8" spellcheck="false">\(query)</textarea></label>
            <label>Parameters, one <code>name=value</code> a line (JSON values allowed)<textarea name="params" rows="3" spellcheck="false">\(params)</textarea></label>
            <p><label><input type="checkbox" name="explain" value="1"\(explain ? " checked" as HTML : .empty)> EXPLAIN (show the plan, do not run)</label>
            <button type="submit">Run</button></p></form>
            \(result)
            <h2>Saved queries</h2>
            \(savedRows.isEmpty ? "<p class=\"muted\">No saved queries folder.</p>" as HTML : "<table><thead><tr><th>Name</th><th>Purpose</th><th>Parameters</th></tr></thead><tbody>\(savedRows)</tbody></table>")
            """
    }

    func run(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.viewer)
        let session = try context.dashboardSession()
        var request = request
        let form = try await FormData.read(&request, context: context)
        let query = form["query"] ?? "", paramText = form["params"] ?? "", explain = form["explain"] == "1"
        context.record.note("query", query)
        if !paramText.isEmpty { context.record.note("params", paramText) }
        var params: [String: Value] = [:]
        var problem: String?
        for (n, line) in paramText.split(whereSeparator: \.isNewline).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            guard let eq = trimmed.firstIndex(of: "="), eq != trimmed.startIndex else {
                problem = "parameter line \(n + 1) is not name=value: \(trimmed)"
                break
            }
            params[String(trimmed[..<eq]).trimmingCharacters(in: .whitespaces)] = Workspace.parameterValue(String(trimmed[trimmed.index(after: eq)...]))
        }
        if query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problem = "the query is empty" }
        var result: HTML
        var status = HTTPResponse.Status.ok
        if let problem {
            result = "<div class=\"error\"><pre>\(problem)</pre></div>"
            status = .badRequest
        } else {
            let text = explain && !query.uppercased().hasPrefix("EXPLAIN") ? "EXPLAIN " + query : query
            let options = QueryOptions(allowWrites: false, budget: services.settings.queryBudget)
            let workspace = services.workspace, parameters = params
            do {
                let r = try await services.queryGate.run { try workspace.query(text: text, params: parameters, options: options) }
                result = table(r)
            } catch {
                let mapped = APIError.from(error)
                guard mapped.status != .internalServerError else { throw error }
                status = mapped.status
                result = "<div class=\"error\"><p><strong>\(mapped.error)</strong></p><pre>\(Self.withCaret(error, text: text, detail: mapped.detail))</pre></div>"
            }
        }
        return context.page("Query console", active: "/ui/query", page(session: session, query: query, params: paramText, explain: explain, result: result, saved: savedQueries()), status: status)
    }

    /// Semantic errors carry a span but no caret in their text: add the line and the caret.
    static func withCaret(_ error: any Error, text: String, detail: String) -> String {
        guard let e = error as? QueryError, let span = e.span else { return detail }
        let (line, column) = span.location(in: text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return detail }
        return "\(detail) (line \(line), column \(column))\n  \(lines[line - 1])\n  \(String(repeating: " ", count: max(0, column - 1)))^"
    }

    /// Characters of one cell drawn at most: a cell may hold a string of 64 MiB, and 500 such
    /// rows made a page of gigabytes.
    static let shownCellCharacters = 2_000

    /// `text`, cut to `shownCellCharacters` with a note of how much was left out.
    static func cell(_ text: String) -> String {
        guard text.count > shownCellCharacters else { return text }
        return String(text.prefix(shownCellCharacters)) + "… (\(DashboardText.count(text.count)) characters)"
    }

    func table(_ r: QueryResult) -> HTML {
        if let plan = r.plan {
            return "<h2>Plan</h2><pre>\(plan.joined(separator: "\n"))</pre>"
        }
        let head: [HTML] = r.columns.map { "<th>\($0)</th>" }
        let rows: [HTML] = r.rows.prefix(Self.shownRows).map { row in
            "<tr>\(row.map { v -> HTML in if case .string(let s) = v { return "<td>\(Self.cell(s))</td>" }; return "<td>\(Self.cell(r.literal(v)))</td>" })</tr>"
        }
        return """
            <h2>Results</h2><p class="muted">\(DashboardText.count(r.rows.count)) row\(r.rows.count == 1 ? "" : "s") in \(String(format: "%.1f", r.elapsedMs)) ms\(r.rows.count > Self.shownRows ? "; the first \(Self.shownRows) are shown" : "").</p>
            <table><thead><tr>\(head)</tr></thead><tbody>\(rows)</tbody></table>
            """
    }
}
