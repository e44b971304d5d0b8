// `/ui/admin` (admins): dashboard users and API keys. Add and remove users, create keys (the
// key is shown once, on the page that created it) and revoke them. Every change is audited by
// the core with the admin as principal.
import Foundation
import Hummingbird
import Investigation

struct AdminPage {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/ui/admin", use: show)
        router.post("/ui/admin/users", use: addUser)
        router.post("/ui/admin/users/remove", use: removeUser)
        router.post("/ui/admin/keys", use: createKey)
        router.post("/ui/admin/keys/revoke", use: revokeKey)
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.admin)
        return try await page(context, notice: request.uri.queryParameters.get("done").map { "<div class=\"notice\">\($0)</div>" as HTML } ?? .empty)
    }

    func page(_ context: AppRequestContext, notice: HTML, status: HTTPResponse.Status = .ok) async throws -> Response {
        let session = try context.dashboardSession()
        let workspace = services.workspace
        let (users, keys) = try await Blocking.run { (try workspace.users.listUsers(), try workspace.access.listKeys()) }
        let csrf = DashboardLayout.csrfField(session)
        let roles: [HTML] = Role.allCases.map { "<option value=\"\($0.rawValue)\">\($0.rawValue)</option>" }
        let userRows: [HTML] = users.map { u in
            let remove: HTML = u.name == session.user.name
                ? "<span class=\"muted\">you</span>"
                : "<form method=\"post\" action=\"/ui/admin/users/remove\" class=\"inline\">\(csrf)<input type=\"hidden\" name=\"name\" value=\"\(u.name)\"><button class=\"secondary\" type=\"submit\">Remove</button></form>"
            return "<tr><td>\(u.name)</td><td>\(u.role.rawValue)</td><td>\(DashboardText.dateTime(u.createdAt))</td><td>\(remove)</td></tr>"
        }
        let keyRows: [HTML] = keys.map { k in
            let revoke: HTML = k.revokedAt.map { "revoked \(DashboardText.dateTime($0))" as HTML }
                ?? "<form method=\"post\" action=\"/ui/admin/keys/revoke\" class=\"inline\">\(csrf)<input type=\"hidden\" name=\"id\" value=\"\(k.id)\"><button class=\"secondary\" type=\"submit\">Revoke</button></form>"
            return "<tr><td class=\"num\">\(k.id)</td><td><code>\(k.prefix)…</code></td><td>\(k.name)</td><td>\(k.role.rawValue)</td><td>\(DashboardText.dateTime(k.createdAt))</td><td>\(revoke)</td></tr>"
        }
        let content: HTML = """
            \(notice)
            <h2>Dashboard users</h2>
            <table><thead><tr><th>Name</th><th>Role</th><th>Created</th><th></th></tr></thead><tbody>\(userRows)</tbody></table>
            <form method="post" action="/ui/admin/users" class="filters">\(csrf)
            <label>Name<input name="name" required maxlength="64"></label><label>Role<select name="role">\(roles)</select></label>
            <label>Password (12 or more characters)<input name="password" type="password" required minlength="12" autocomplete="new-password"></label>
            <button type="submit">Add user</button></form>
            <h2>API keys</h2>
            <table><thead><tr><th class="num">Id</th><th>Prefix</th><th>Name</th><th>Role</th><th>Created</th><th></th></tr></thead><tbody>\(keyRows)</tbody></table>
            <form method="post" action="/ui/admin/keys" class="filters">\(csrf)
            <label>Name<input name="name" required maxlength="200"></label><label>Role<select name="role">\(roles)</select></label>
            <button type="submit">Create key</button></form>
            """
        return context.page("Administration", active: "/ui/admin", content, status: status)
    }

    func form(_ request: Request, _ context: AppRequestContext) async throws -> FormData {
        var request = request
        return try await FormData.read(&request, context: context)
    }

    func role(_ form: FormData) throws -> Role {
        do { return try Role(parsing: form["role"] ?? "", field: "role") } catch { throw APIError.from(error) }
    }

    func addUser(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.require(.admin)
        let form = try await form(request, context)
        let name = form["name"] ?? "", password = form["password"] ?? "", role = try role(form)
        context.record.note("name", name)
        let users = services.workspace.users
        let user = try await Blocking.run { try users.addUser(name: name, role: role, password: password, by: admin) }
        return DashboardAuth.redirect(to: "/ui/admin" + HTML.query([("done", "Added \(user.name) (\(user.role.rawValue)).")]))
    }

    func removeUser(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.require(.admin)
        let session = try context.dashboardSession()
        let name = try await form(request, context)["name"] ?? ""
        guard name != session.user.name else { throw APIError(.conflict, "conflict", "you cannot remove your own login", field: "name") }
        context.record.note("name", name)
        let users = services.workspace.users
        try await Blocking.run { try users.removeUser(name: name, by: admin) }
        return DashboardAuth.redirect(to: "/ui/admin" + HTML.query([("done", "Removed \(name).")]))
    }

    /// The new key is shown on this response only (a redirect would have to carry it in a URL).
    func createKey(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.require(.admin)
        let form = try await form(request, context)
        let name = form["name"] ?? "", role = try role(form)
        context.record.note("name", name)
        let access = services.workspace.access
        let (key, token) = try await Blocking.run { try access.createKey(name: name, role: role, by: admin) }
        let notice: HTML = """
            <div class="notice">Key \(key.id) for \(key.name) (\(key.role.rawValue)). Copy it now; it is not shown again:
            <pre>\(token)</pre></div>
            """
        return try await page(context, notice: notice)
    }

    func revokeKey(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.require(.admin)
        let text = try await form(request, context)["id"] ?? ""
        guard let id = Int64(text) else { throw APIError.badRequest("id must be a key id, got \"\(text.prefix(40))\"", field: "id") }
        context.record.note("key", text)
        let access = services.workspace.access
        try await Blocking.run { try access.revokeKey(id: id, by: admin) }
        return DashboardAuth.redirect(to: "/ui/admin" + HTML.query([("done", "Revoked key \(id).")]))
    }
}
