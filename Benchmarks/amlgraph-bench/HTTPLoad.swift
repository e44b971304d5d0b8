// An HTTP/1.1 load generator for the service benchmarks: keep-alive connections on plain
// blocking sockets, one thread each, so it needs nothing beyond the C library and costs little
// CPU next to the server on the same two cores.
//
// Open loop (`rate` > 0): request i is due at start + i / rate whatever happened before it, and
// its latency is measured from that due time, so a stalled server is charged for the requests
// that waited behind it (no coordinated omission). Closed loop (`rate` 0): every connection
// sends its next request as soon as the previous answer is in (saturation, like wrk).
#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// One request to send: raw bytes built once, and a label to group results by.
struct RawRequest: Sendable {
    let label: String
    let bytes: [UInt8]

    init(label: String, method: String, path: String, host: String, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.label = label
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PATCH" { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        bytes = Array(head.utf8) + body
    }

    init(label: String, raw: [UInt8]) {
        self.label = label
        bytes = raw
    }
}

struct LoadPlan: Sendable {
    var host = "127.0.0.1"
    var port: Int
    var connections = 32
    /// Requests per second in total; 0 = closed loop.
    var rate = 0.0
    /// Stop scheduling after this many seconds (nil: only `requests` bounds the run).
    var duration: Double?
    /// Stop after this many requests (nil: only `duration` bounds the run).
    var requests: Int?
    /// Per-request socket timeout.
    var timeoutSeconds = 30.0
}

/// What a run measured; latencies in milliseconds.
struct LoadReport: Codable, Sendable {
    struct Latency: Codable, Sendable {
        var count: Int
        var p50: Double
        var p90: Double
        var p99: Double
        var p999: Double
        var max: Double
        var mean: Double

        init(_ sorted: [Double]) {
            count = sorted.count
            func q(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)] }
            p50 = q(0.5)
            p90 = q(0.9)
            p99 = q(0.99)
            p999 = q(0.999)
            max = sorted.last ?? 0
            mean = sorted.isEmpty ? 0 : sorted.reduce(0, +) / Double(sorted.count)
        }
    }

    var mode: String
    var targetRate: Double
    var connections: Int
    var seconds: Double
    var requests: Int
    var requestsPerSecond: Double
    /// Status code → count ("error" for connection or protocol failures).
    var statuses: [String: Int]
    var latencyMs: Latency
    var byLabel: [String: LabelStats]
    /// Up to 20 failures (5xx, connection errors) with what was sent.
    var failures: [String]

    struct LabelStats: Codable, Sendable {
        var statuses: [String: Int]
        var latencyMs: Latency
    }

    enum CodingKeys: String, CodingKey {
        case mode, targetRate = "target_rate", connections, seconds, requests, requestsPerSecond = "requests_per_second", statuses
        case latencyMs = "latency_ms", byLabel = "by_label", failures
    }
}

final class HTTPLoad: @unchecked Sendable {
    let plan: LoadPlan
    let requests: [RawRequest]
    private let lock = NSLock()
    private var next = 0
    private var samples: [(label: Int, status: Int, ms: Double)] = []
    /// Status per request index (the bad-input run checks each against its expectation).
    private var byIndex: [Int: Int] = [:]
    private var failures: [String] = []

    init(plan: LoadPlan, requests: [RawRequest]) {
        self.plan = plan
        self.requests = requests
    }

    /// Runs the plan and reports.
    func run() -> LoadReport {
        signal(SIGPIPE, SIG_IGN)
        let start = Date().timeIntervalSince1970
        let group = DispatchGroup()
        for _ in 0..<plan.connections {
            let thread = Thread { [self] in
                worker(start: start)
                group.leave()
            }
            thread.stackSize = 1 << 20
            group.enter()
            thread.start()
        }
        group.wait()
        let seconds = Date().timeIntervalSince1970 - start
        return report(seconds: seconds)
    }

    /// The next request's sequence number, or nil when the plan is done.
    private func take(start: Double) -> (Int, due: Double)? {
        lock.lock()
        defer { lock.unlock() }
        let i = next
        if let limit = plan.requests, i >= limit { return nil }
        let due = plan.rate > 0 ? start + Double(i) / plan.rate : Date().timeIntervalSince1970
        if let duration = plan.duration, due - start >= duration { return nil }
        next += 1
        return (i, due)
    }

    private func record(_ index: Int, _ label: Int, _ status: Int, _ ms: Double, failure: String? = nil) {
        lock.lock()
        samples.append((label, status, ms))
        byIndex[index] = status
        if let failure, failures.count < 20 { failures.append(failure) }
        lock.unlock()
    }

    private func worker(start: Double) {
        var connection: Connection?
        while let (i, due) = take(start: start) {
            let wait = due - Date().timeIntervalSince1970
            if wait > 0 { usleep(useconds_t(wait * 1_000_000)) }
            let request = requests[i % requests.count]
            let label = i % requests.count
            var retried = false
            while true {
                let fresh = connection == nil
                if fresh { connection = Connection(host: plan.host, port: plan.port, timeout: plan.timeoutSeconds) }
                guard let c = connection else {
                    record(i, label, -1, (Date().timeIntervalSince1970 - due) * 1000, failure: "\(request.label): connect failed")
                    break
                }
                let sent = c.send(request.bytes)
                if let response = c.readResponse() {
                    let ms = (Date().timeIntervalSince1970 - due) * 1000
                    let failure = response.status >= 500 ? "\(request.label): \(response.status) \(response.body.prefix(300))" : nil
                    record(i, label, response.status, ms, failure: failure)
                    if response.close { connection = nil }
                    break
                }
                connection = nil
                // A kept-alive connection the server had closed is retried once on a new one,
                // as HTTP clients do; a fresh connection that fails counts as an error.
                if fresh || retried {
                    record(i, label, -1, (Date().timeIntervalSince1970 - due) * 1000, failure: "\(request.label): no response (request sent: \(sent))")
                    break
                }
                retried = true
            }
        }
    }

    /// (request index, status) for every request sent, in sending order.
    func statusesInOrder() -> [(index: Int, status: Int)] {
        lock.lock()
        defer { lock.unlock() }
        return byIndex.keys.sorted().map { ($0 % requests.count, byIndex[$0]!) }
    }

    private func report(seconds: Double) -> LoadReport {
        var statuses: [String: Int] = [:]
        var byLabel: [String: ([String: Int], [Double])] = [:]
        var all: [Double] = []
        all.reserveCapacity(samples.count)
        for s in samples {
            let key = s.status < 0 ? "error" : String(s.status)
            statuses[key, default: 0] += 1
            all.append(s.ms)
            let label = requests[s.label].label
            var entry = byLabel[label] ?? ([:], [])
            entry.0[key, default: 0] += 1
            entry.1.append(s.ms)
            byLabel[label] = entry
        }
        return LoadReport(
            mode: plan.rate > 0 ? "open-loop" : "closed-loop", targetRate: plan.rate, connections: plan.connections, seconds: seconds,
            requests: samples.count, requestsPerSecond: Double(samples.count) / seconds, statuses: statuses, latencyMs: .init(all.sorted()),
            byLabel: byLabel.mapValues { .init(statuses: $0.0, latencyMs: .init($0.1.sorted())) }, failures: failures)
    }
}

/// One keep-alive TCP connection with just enough HTTP/1.1 to read a response.
final class Connection {
    let fd: Int32
    private var buffer: [UInt8] = []

    struct Response {
        var status: Int
        var body: String
        var close: Bool
    }

    init?(host: String, port: Int, timeout: Double) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let ok = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard ok == 0 else {
            close(fd)
            return nil
        }
    }

    deinit { close(fd) }

    /// Writes all of `bytes`; false when the peer closed (a server may answer a huge body
    /// early and close, so the caller still tries to read the answer).
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, 65_536, 0) }
        if n <= 0 { return false }
        buffer.append(contentsOf: chunk[0..<n])
        return true
    }

    /// Reads one response (Content-Length or chunked); nil when the connection failed.
    func readResponse() -> Response? {
        var headerEnd: Int?
        while headerEnd == nil {
            headerEnd = Self.find([13, 10, 13, 10], in: buffer)
            if headerEnd == nil, !fill() { return nil }
        }
        let head = String(decoding: buffer[0..<headerEnd!], as: UTF8.self)
        var lines = head.split(separator: "\r\n")
        guard !lines.isEmpty else { return nil }
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        var length = 0
        var chunked = false
        var close = false
        for line in lines {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let name = parts[0].lowercased(), value = parts[1].trimmingCharacters(in: .whitespaces).lowercased()
            if name == "content-length" { length = Int(value) ?? 0 }
            if name == "transfer-encoding", value.contains("chunked") { chunked = true }
            if name == "connection", value == "close" { close = true }
        }
        var bodyStart = headerEnd! + 4
        var body: [UInt8] = []
        if chunked {
            while true {
                var lineEnd = Self.find([13, 10], in: buffer, from: bodyStart)
                while lineEnd == nil {
                    guard fill() else { return nil }
                    lineEnd = Self.find([13, 10], in: buffer, from: bodyStart)
                }
                let size = Int(String(decoding: buffer[bodyStart..<lineEnd!], as: UTF8.self).split(separator: ";")[0], radix: 16) ?? 0
                let dataStart = lineEnd! + 2
                while buffer.count < dataStart + size + 2 { guard fill() else { return nil } }
                body += buffer[dataStart..<(dataStart + size)]
                bodyStart = dataStart + size + 2
                if size == 0 { break }
            }
            buffer.removeFirst(bodyStart)
        } else {
            while buffer.count < bodyStart + length { guard fill() else { return nil } }
            body = Array(buffer[bodyStart..<(bodyStart + length)])
            buffer.removeFirst(bodyStart + length)
        }
        return Response(status: status, body: String(decoding: body.prefix(2_000), as: UTF8.self), close: close)
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        guard haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var i = start
        while i <= haystack.count - needle.count {
            if haystack[i] == needle[0] {
                var match = true
                for j in 1..<needle.count where haystack[i + j] != needle[j] {
                    match = false
                    break
                }
                if match { return i }
            }
            i += 1
        }
        return nil
    }
}
