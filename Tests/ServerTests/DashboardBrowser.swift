// A minimal browser for in-process dashboard tests: keeps cookies between requests, reads the
// CSRF token out of pages, and signs in through the real login form.
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Investigation
import NIOCore

struct DashboardBrowser {
    var cookies: [String: String] = [:]
    /// The last `Set-Cookie` lines seen, to check their attributes.
    var lastSetCookies: [String] = []

    static let password = "a long test password"

    /// Takes the cookies a response sets; an empty value or Max-Age=0 deletes one.
    mutating func absorb(_ response: TestResponse) {
        lastSetCookies = response.headers[values: .setCookie]
        for line in lastSetCookies {
            guard let pair = line.split(separator: ";").first, let eq = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<eq]).trimmingCharacters(in: .whitespaces), value = String(pair[pair.index(after: eq)...])
            if value.isEmpty || line.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
    }

    var headers: HTTPFields {
        var h: HTTPFields = [:]
        if !cookies.isEmpty { h[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        return h
    }

    /// The value of the first `name="csrf"` field of a page.
    static func csrf(in page: String) -> String? {
        guard let r = page.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(page[r.upperBound...].prefix { $0 != "\"" })
    }

    static func formBody(_ fields: [(String, String)]) -> String {
        fields.map { "\(percent($0.0))=\(percent($0.1))" }.joined(separator: "&")
    }

    static func percent(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? s
    }
}

extension TestClientProtocol {
    /// A GET as the browser, keeping the cookies it sets.
    func get(_ uri: String, _ browser: inout DashboardBrowser) async throws -> TestResponse {
        let r = try await execute(uri: uri, method: .get, headers: browser.headers, body: nil)
        browser.absorb(r)
        return r
    }

    /// A form POST as the browser.
    func post(_ uri: String, _ fields: [(String, String)], _ browser: inout DashboardBrowser) async throws -> TestResponse {
        var headers = browser.headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        let r = try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: DashboardBrowser.formBody(fields)))
        browser.absorb(r)
        return r
    }

    /// Signs in through the form; returns the login POST's response.
    @discardableResult
    func signIn(_ name: String, password: String = DashboardBrowser.password, _ browser: inout DashboardBrowser) async throws -> TestResponse {
        let form = try await get("/ui/login", &browser)
        let token = DashboardBrowser.csrf(in: form.text) ?? ""
        return try await post("/ui/login", [("csrf", token), ("name", name), ("password", password), ("next", "/ui/overview")], &browser)
    }

    /// A POST of a form on `page` (its CSRF token included).
    func submit(from page: String, to uri: String, _ fields: [(String, String)], _ browser: inout DashboardBrowser) async throws -> TestResponse {
        let p = try await get(page, &browser)
        return try await post(uri, [("csrf", DashboardBrowser.csrf(in: p.text) ?? "")] + fields, &browser)
    }
}

extension TestServer {
    /// One dashboard user per role, named after it, with `DashboardBrowser.password`
    /// (bcrypt cost 4 keeps the tests fast; the cost is part of each hash).
    func addUsers() throws {
        for role in Role.allCases {
            _ = try workspace.users.addUser(name: role.rawValue, role: role, password: DashboardBrowser.password, cost: 4)
        }
    }
}
