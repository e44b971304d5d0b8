// The frame every dashboard page shares: head, navigation (role-aware), the signed-in user,
// the logout form, and the page's content.
import HTTPTypes
import Hummingbird
import Investigation

enum DashboardLayout {
    /// Navigation entries: path, label, and the least role that sees them.
    static let navigation: [(path: String, label: String, role: Role)] = [
        ("/ui/overview", "Overview", .viewer), ("/ui/alerts", "Alerts", .viewer), ("/ui/network", "Network", .viewer),
        ("/ui/query", "Query", .viewer), ("/ui/models", "Models", .viewer), ("/ui/jobs", "Jobs", .viewer), ("/ui/admin", "Admin", .admin),
    ]

    static func page(title: String, active: String? = nil, session: DashboardSession?, content: HTML) -> HTML {
        var nav: HTML = .empty
        var user: HTML = .empty
        if let session {
            for entry in navigation where session.user.role >= entry.role {
                let current: HTML = entry.path == active ? " aria-current=\"page\"" : ""
                nav += "<a href=\"\(entry.path)\"\(current)>\(entry.label)</a>"
            }
            user = """
                <span class="who">\(session.user.name) · \(session.user.role.rawValue)</span>
                <form method="post" action="/ui/logout" class="inline">\(csrfField(session))<button type="submit">Log out</button></form>
                """
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · AMLGraph</title><link rel="stylesheet" href="\(DashboardStyle.path)"></head>
            <body><header class="top"><a class="brand" href="/ui/overview">AMLGraph</a><nav>\(nav)</nav><div class="user">\(user)</div></header>
            <main><h1>\(title)</h1>
            \(content)
            </main></body></html>
            """
    }

    static func csrfField(_ session: DashboardSession) -> HTML {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(session.csrf)\">"
    }

    static func response(_ html: HTML, status: HTTPResponse.Status = .ok) -> Response {
        var response = JSONResponse.text(html.description, contentType: "text/html; charset=utf-8", status: status)
        // Pages show case data: never cache them, never frame them, no scripts from elsewhere.
        response.headers[.cacheControl] = "no-store"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("Content-Security-Policy")!] =
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'none'; frame-ancestors 'none'; form-action 'self'"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        return response
    }
}

/// Errors on dashboard routes as a page with the same status the API would give.
enum DashboardErrorPage {
    static func response(_ error: APIError, request: Request, context: AppRequestContext) -> Response {
        let content: HTML = """
            <div class="error"><p><strong>\(error.status.code) \(error.status.reasonPhrase)</strong></p>
            <pre>\(error.detail)</pre>\(error.field.map { "<p>Field: <code>\($0)</code></p>" as HTML } ?? .empty)</div>
            <p><a href="/ui/overview">Back to the overview</a></p>
            """
        return DashboardLayout.response(
            DashboardLayout.page(title: "Something went wrong", session: context.record.session, content: content), status: error.status
        )
    }
}
