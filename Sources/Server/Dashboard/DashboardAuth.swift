// Who a browser is: the session cookie on every dashboard route, the login redirect when there
// is none, and the CSRF check on every POST form. Called by `AuthMiddleware` for `/` and
// `/ui/...`; the JSON API never reads cookies, so a browser session cannot be used to call it
// cross-site.
import Foundation
import Hummingbird
import Investigation

struct DashboardAuth: Sendable {
    static let sessionCookie = "amlg_session"
    /// The login form's CSRF token lives in this cookie and in the form (double submit), since
    /// there is no session yet to hold it.
    static let loginCSRFCookie = "amlg_login_csrf"
    /// Dashboard routes anyone may reach: the login form and the stylesheet it uses.
    static let openPaths: Set<String> = ["/ui/login", DashboardStyle.path]

    let services: AppServices

    static func isDashboard(_ path: String) -> Bool {
        path == "/" || path == "/ui" || path.hasPrefix("/ui/")
    }

    func handle(
        _ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        var request = request
        let sessions = services.workspace.sessions
        if let token = request.cookies[Self.sessionCookie]?.value,
            let session = try await Blocking.run({ try sessions.session(token: token) })
        {
            context.record.session = session
            context.record.principal = session.user.principal
        }
        let path = request.uri.path
        if request.method == .post {
            let form = try await FormData.read(&request, context: context)
            let expected = context.record.session?.csrf ?? (path == "/ui/login" ? request.cookies[Self.loginCSRFCookie]?.value : nil)
            guard let expected, let sent = form["csrf"], SessionStore.tokensMatch(sent, expected) else {
                context.record.note("refused", "csrf")
                throw APIError(.forbidden, "csrf", "the form's security token is missing or stale; reload the page and try again")
            }
        }
        if context.record.session == nil, !Self.openPaths.contains(path) {
            // Not signed in: a page asks for the login form, coming back here afterwards.
            let target = path + (request.uri.query.map { "?" + $0 } ?? "")
            return Self.redirect(to: "/ui/login" + HTML.query([("next", request.method == .get ? target : nil)]))
        }
        return try await next(request, context)
    }

    /// 303 See Other: after a POST the browser follows it with a GET.
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .contentType: "text/plain; charset=utf-8"])
    }

    /// A `next=` target is only followed when it is a dashboard path on this site.
    static func safeNext(_ target: String?) -> String {
        guard let target, target.hasPrefix("/"), !target.hasPrefix("//"), !target.contains("\\"), isDashboard(String(target.prefix { $0 != "?" })) else {
            return "/ui/overview"
        }
        return target
    }

    func cookie(_ name: String, _ value: String, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: services.settings.secureCookies, httpOnly: true, sameSite: .strict)
    }
}
