// The dashboard in a real browser: headless Chromium driven through chromedriver's WebDriver
// protocol against a live server. Signs in through the form, applies an alerts filter, follows
// a node link in an account's network SVG, and saves a screenshot of every page under
// .build/screenshots/.
import Foundation
import HummingbirdTesting
import Investigation
import Testing
@testable import Server

@Suite("dashboard in Chromium", .serialized)
struct BrowserTests {
    static let screenshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/screenshots").path

    /// Login, a filter, a click on an SVG node and every page, in Chromium with JavaScript on.
    @Test func signInFilterAndFollowNodeLink() async throws {
        let server = try TestServer()
        try server.addUsers()
        _ = try server.raiseAlerts()
        var training = TrainingRequest()
        training.gbdt.rounds = 8
        let report = try server.workspace.train(training)
        try server.workspace.models.promote(report.runID)
        let alert = try #require(try server.workspace.alerts.list(AlertQuery()).alerts.first)
        defer { server.remove() }
        try await server.application.test(.live) { client in
            let port = try #require(client.port)
            let base = "http://127.0.0.1:\(port)"
            let browser = try await WebDriver()
            do {
                try await browser.open(base + "/ui/alerts")
                #expect(try await browser.waitForURL { $0.contains("/ui/login") }.contains("/ui/login"))
                try await browser.screenshot(to: Self.screenshots + "/login.png")
                try await browser.type("input[name=name]", "admin")
                try await browser.type("input[name=password]", DashboardBrowser.password)
                try await browser.click("form.login button[type=submit]")
                #expect(try await browser.waitForURL { $0 == base + "/ui/alerts" } == base + "/ui/alerts")

                // Typing into a focused <select> picks the option with that text, as a keyboard user would.
                try await browser.type("select[name=typology]", alert.typology)
                try await browser.type("input[name=min_score]", "0.1")
                try await browser.click("form.filters button[type=submit]")
                let filtered = try await browser.waitForURL { $0.contains("typology=") }
                #expect(filtered.contains("typology=\(alert.typology)") && filtered.contains("min_score=0.1"), "\(filtered)")
                let page = try await browser.source()
                #expect(page.contains("alerts match"))
                try await browser.screenshot(to: Self.screenshots + "/alerts.png")

                let account = alert.accounts[0]
                try await browser.open(base + "/ui/accounts/\(account)?hops=1")
                let links = try await browser.find(".network svg a")
                #expect(!links.isEmpty)
                try await browser.screenshot(to: Self.screenshots + "/account.png")
                // Follow the first node that is another account.
                var followed = false
                for link in links {
                    var href = try await browser.attribute(link, "href") ?? ""
                    if href.isEmpty { href = try await browser.attribute(link, "xlink:href") ?? "" }
                    guard href.hasPrefix("/ui/accounts/"), !href.hasSuffix("/\(account)") else { continue }
                    try await browser.click(element: link)
                    let now = try await browser.waitForURL { $0 == base + href }
                    #expect(now == base + href, "clicked \(href), at \(now)")
                    #expect(try await browser.source().contains("Network view"))
                    followed = true
                    break
                }
                #expect(followed, "no node link to another account in the SVG")

                for (name, path) in [
                    ("overview", "/ui/overview"), ("alert", "/ui/alerts/\(alert.id)"), ("network", "/ui/network?finding=\(alert.findingID)"),
                    ("query", "/ui/query?saved=01_money_flow_from_account"), ("models", "/ui/models/\(report.runID)"), ("jobs", "/ui/jobs"), ("admin", "/ui/admin"),
                ] {
                    try await browser.open(base + path)
                    let html = try await browser.source()
                    #expect(!html.contains("Something went wrong"), "\(path)")
                    try await browser.screenshot(to: Self.screenshots + "/\(name).png")
                }
            } catch {
                await browser.quit()
                throw error
            }
            await browser.quit()
        }
    }
}
