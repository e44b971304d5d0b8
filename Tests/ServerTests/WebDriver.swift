// A small W3C WebDriver client for the browser tests: starts Debian's chromedriver, opens a
// headless Chromium session and speaks the WebDriver HTTP protocol directly (no Selenium, no
// download). Missing chromium or chromedriver is an error: the browser test fails, it does not skip.
// HTTP goes through HummingbirdTesting's NIO client: FoundationNetworking's URLSession rejects
// chromedriver's header lines (`Content-Length:250`, no space) with "Failed writing header".
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

struct WebDriverError: Error, CustomStringConvertible {
    let description: String
}

final class WebDriver: @unchecked Sendable {
    static let chromedriver = "/usr/bin/chromedriver"
    static let chromium = "/usr/bin/chromium"

    let process: Process
    let port: Int
    private var client: TestClient?
    private(set) var session = ""

    /// Starts chromedriver on a free port and a headless Chromium session of 1280×900.
    init() async throws {
        for path in [Self.chromedriver, Self.chromium] where !FileManager.default.isExecutableFile(atPath: path) {
            throw WebDriverError(description: "\(path) is missing: install the chromium and chromium-driver packages (scripts/install-deps does with AMLGRAPH_NEEDS_BROWSER=1)")
        }
        port = Int.random(in: 20_000...40_000)
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.chromedriver)
        process.arguments = ["--port=\(port)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var ready = false
        var last = "no answer"
        for _ in 0..<300 {
            do {
                let probe = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(60)))
                probe.connect()
                client = probe
                let status = try await call("GET", "/status")
                if (status["value"] as? [String: Any])?["ready"] as? Bool == true {
                    ready = true
                    break
                }
                last = "\(status)"
            } catch {
                last = "\(error)"
                try? await client?.shutdown()
                client = nil
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        guard ready else {
            Self.kill(process)
            throw WebDriverError(description: "chromedriver did not become ready on port \(port): \(last)")
        }
        let capabilities: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    "goog:chromeOptions": [
                        "binary": Self.chromium,
                        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"],
                    ],
                ]
            ]
        ]
        let created = try await call("POST", "/session", capabilities)
        guard let id = (created["value"] as? [String: Any])?["sessionId"] as? String else {
            Self.kill(process)
            throw WebDriverError(description: "no session: \(created)")
        }
        session = id
    }

    func quit() async {
        _ = try? await call("DELETE", "/session/\(session)")
        try? await client?.shutdown()
        Self.kill(process)
    }

    /// SIGKILL: the child inherits the test process's blocked signal mask, so SIGTERM
    /// (`Process.terminate`) is not delivered and chromedriver would outlive the test.
    static func kill(_ process: Process) {
        guard process.isRunning else { return }
        _ = Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    @discardableResult
    func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        guard let client else { throw WebDriverError(description: "not connected") }
        var headers: HTTPFields = [:]
        var buffer: ByteBuffer?
        if let body {
            buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
            headers[.contentType] = "application/json"
        }
        let response = try await client.execute(TestClient.Request(path, method: HTTPRequest.Method(method)!, authority: "127.0.0.1:\(port)", headers: headers, body: buffer))
        let data = Data(buffer: response.body ?? ByteBuffer())
        let json = (try JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        if let value = json["value"] as? [String: Any], let error = value["error"] as? String {
            throw WebDriverError(description: "\(method) \(path): \(error): \(value["message"] as? String ?? "")")
        }
        return json
    }

    func value(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        try await call(method, "/session/\(session)" + path, body)["value"]
    }

    func open(_ url: String) async throws { _ = try await value("POST", "/url", ["url": url]) }

    func currentURL() async throws -> String { try await value("GET", "/url") as? String ?? "" }

    /// The current URL once `accept` holds for it (navigation after a click may still be under
    /// way when the click returns), or the last URL seen after `seconds`.
    func waitForURL(seconds: Double = 15, _ accept: (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var url = try await currentURL()
        while !accept(url), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            url = try await currentURL()
        }
        return url
    }

    func source() async throws -> String { try await value("GET", "/source") as? String ?? "" }

    /// Element ids of every match of a CSS selector.
    func find(_ css: String) async throws -> [String] {
        let found = try await value("POST", "/elements", ["using": "css selector", "value": css]) as? [[String: Any]] ?? []
        return found.compactMap { $0.values.first as? String }
    }

    func first(_ css: String) async throws -> String {
        guard let id = try await find(css).first else { throw WebDriverError(description: "no element matches \(css)") }
        return id
    }

    func type(_ css: String, _ text: String) async throws {
        _ = try await value("POST", "/element/\(try await first(css))/value", ["text": text])
    }

    func click(element id: String) async throws { _ = try await value("POST", "/element/\(id)/click", [:]) }

    func click(_ css: String) async throws { try await click(element: try await first(css)) }

    func attribute(_ element: String, _ name: String) async throws -> String? {
        try await value("GET", "/element/\(element)/attribute/\(name)") as? String
    }

    /// Saves a PNG of the viewport.
    func screenshot(to path: String) async throws {
        guard let text = try await value("GET", "/screenshot") as? String, let png = Data(base64Encoded: text) else {
            throw WebDriverError(description: "no screenshot")
        }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try png.write(to: URL(fileURLWithPath: path))
    }
}
