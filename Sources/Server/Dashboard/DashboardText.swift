// How the dashboard writes numbers, dates, scores and statuses.
import Foundation
import Investigation
import Rendering

enum DashboardText {
    static func amount(_ v: Double) -> String { DisplayFormat.amount(v) }
    static func date(_ ts: Int64) -> String { DisplayFormat.date(ts) }
    static func dateTime(_ ts: Int64) -> String { DisplayFormat.dateTime(ts) }
    static func count(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0, i % 3 == 0, c != "-" { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }
    static func score(_ v: Double) -> String { String(format: "%.3f", v) }
    static func percent(_ v: Double) -> String { String(format: "%.2f%%", v * 100) }

    static func status(_ s: AlertStatus) -> HTML { "<span class=\"badge \(s.rawValue)\">\(s.rawValue)</span>" }

    static func accountLink(_ id: String) -> HTML { "<a href=\"/ui/accounts/\(HTML.urlComponent(id))\">\(id)</a>" }

    /// `YYYY-MM-DD` (a date input's value) as unix seconds at 00:00 UTC; `endOfDay` adds a day minus a second.
    static func parseDate(_ text: String?, field: String, endOfDay: Bool = false) throws -> Int64? {
        guard let text, !text.isEmpty else { return nil }
        let parts = text.split(separator: "-").map { Int($0) }
        guard parts.count == 3, let y = parts[0], let m = parts[1], let d = parts[2], (1...12).contains(m), (1...31).contains(d), (1...9999).contains(y) else {
            throw APIError.badRequest("\(field) must be a date YYYY-MM-DD, got \"\(text.prefix(40))\"", field: field)
        }
        var components = DateComponents()
        components.year = y
        components.month = m
        components.day = d
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: components) else { throw APIError.badRequest("\(field) is not a real date: \(text)", field: field) }
        return Int64(date.timeIntervalSince1970) + (endOfDay ? 86_399 : 0)
    }

    /// An inline Graphviz SVG: the XML prolog and doctype removed so it can sit in HTML.
    static func inlineSVG(_ svg: String) -> HTML {
        guard let start = svg.range(of: "<svg") else { return .empty }
        return HTML(trusted: String(svg[start.lowerBound...]))
    }
}
