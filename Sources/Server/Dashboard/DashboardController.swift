// The dashboard's own routes: `/` (to the overview), the stylesheet, login and logout; each
// page family adds its routes from its own file under Pages/.
import Foundation
import Hummingbird
import Investigation

struct DashboardController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/") { _, _ in DashboardAuth.redirect(to: "/ui/overview") }
        router.get("/ui") { _, _ in DashboardAuth.redirect(to: "/ui/overview") }
        router.get("/ui/static/style.css") { _, _ in DashboardStyle.response() }
        router.get("/ui/login", use: loginForm)
        router.post("/ui/login", use: login)
        router.post("/ui/logout", use: logout)
        OverviewPage(services: services).addRoutes(to: router)
        AlertsPages(services: services).addRoutes(to: router)
        AccountPage(services: services).addRoutes(to: router)
        CustomerPage(services: services).addRoutes(to: router)
        NetworkPage(services: services).addRoutes(to: router)
        QueryPage(services: services).addRoutes(to: router)
        ModelsPage(services: services).addRoutes(to: router)
        JobsPage(services: services).addRoutes(to: router)
        AdminPage(services: services).addRoutes(to: router)
    }

    var auth: DashboardAuth { DashboardAuth(services: services) }

    func loginForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        if context.record.session != nil { return DashboardAuth.redirect(to: DashboardAuth.safeNext(request.uri.queryParameters.get("next"))) }
        return loginPage(next: request.uri.queryParameters.get("next"), message: nil, status: .ok)
    }

    /// The form with a fresh login CSRF token, set in a cookie and in the form.
    func loginPage(next: String?, message: HTML?, status: HTTPResponse.Status) -> Response {
        let token = FormToken.random()
        let content: HTML = """
            <form method="post" action="/ui/login" class="login">
            \(message.map { "<div class=\"error\">\($0)</div>" as HTML } ?? .empty)
            <input type="hidden" name="csrf" value="\(token)">
            <input type="hidden" name="next" value="\(DashboardAuth.safeNext(next))">
            <label>Name <input name="name" autocomplete="username" required autofocus></label>
            <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
            <p><button type="submit">Sign in</button></p>
            <p class="muted">Accounts are created with <code>amlgraph users add</code>.</p>
            </form>
            """
        var response = DashboardLayout.response(DashboardLayout.page(title: "Sign in", session: nil, content: content), status: status)
        response.setCookie(auth.cookie(DashboardAuth.loginCSRFCookie, token, maxAge: 3600))
        return response
    }

    func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await FormData.read(&request, context: context)
        let name = form["name"] ?? "", password = form["password"] ?? ""
        let next = form["next"]
        context.record.note("name", name)
        let users = services.workspace.users, sessions = services.workspace.sessions
        let outcome = try await Blocking.run { try users.login(name: name, password: password) }
        switch outcome {
        case .success(let user):
            let (token, session) = try await Blocking.run { try sessions.create(for: user) }
            context.record.principal = user.principal
            context.record.session = session
            var response = DashboardAuth.redirect(to: DashboardAuth.safeNext(next))
            response.setCookie(auth.cookie(DashboardAuth.sessionCookie, token, maxAge: Int(SessionStore.maxAge)))
            response.setCookie(auth.cookie(DashboardAuth.loginCSRFCookie, "", maxAge: 0))
            return response
        case .refused:
            context.record.note("outcome", "refused")
            return loginPage(next: next, message: "Wrong name or password.", status: .unauthorized)
        case .locked(let retryAfter):
            context.record.note("outcome", "locked")
            let minutes = (retryAfter + 59) / 60
            var response = loginPage(
                next: next, message: "Too many failed attempts for this name. Try again in \(minutes) minute\(minutes == 1 ? "" : "s").",
                status: .tooManyRequests
            )
            response.headers[.retryAfter] = String(retryAfter)
            return response
        }
    }

    func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let token = request.cookies[DashboardAuth.sessionCookie]?.value {
            let sessions = services.workspace.sessions
            try await Blocking.run { try sessions.end(token: token) }
        }
        var response = DashboardAuth.redirect(to: "/ui/login")
        response.setCookie(auth.cookie(DashboardAuth.sessionCookie, "", maxAge: 0))
        return response
    }
}

/// Random URL-safe tokens for forms.
enum FormToken {
    static func random() -> String {
        Data(SessionStore.randomBytes(24)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

extension AppRequestContext {
    /// The signed-in user's session (the auth step guarantees one on every non-open page).
    func dashboardSession() throws -> DashboardSession {
        guard let session = record.session else { throw APIError(.unauthorized, "unauthorized", "sign in first") }
        return session
    }

    /// A page in the layout, for the signed-in user.
    func page(_ title: String, active: String?, _ content: HTML, status: HTTPResponse.Status = .ok) -> Response {
        DashboardLayout.response(DashboardLayout.page(title: title, active: active, session: record.session, content: content), status: status)
    }
}
