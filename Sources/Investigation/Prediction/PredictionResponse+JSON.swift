// The /predict answer written straight to JSON bytes: Foundation's JSONEncoder (with sorted
// keys) built and sorted a dictionary per object, which for a batch of 10,000 results cost more
// than scoring them. Same document as `JSONEncoder` with `.sortedKeys, .withoutEscapingSlashes`
// (a test compares the two parsed), keys written in sorted order by hand.
import Dispatch
import GraphAlgorithms

extension PredictionResponse {
    /// The response as UTF-8 JSON with sorted keys. Throws `PredictionError` (internal) for a
    /// non-finite number, which JSON cannot hold (as `JSONEncoder` refuses it).
    public func jsonBytes() throws(PredictionError) -> [UInt8] {
        let parts = try jsonParts()
        if parts.count == 1 { return parts[0] }
        var out: [UInt8] = []
        out.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for p in parts { out += p }
        return out
    }

    /// Results per part when a response is written in parallel.
    static let resultsPerPart = 1_024

    /// `jsonBytes` in consecutive parts (their concatenation is the document), so a caller can
    /// copy them into its own buffer once. A large batch is written on all cores, a part of
    /// `resultsPerPart` results each: writing the 7 MB answer of 10,000 results took about as
    /// long on one core as scoring them on two.
    public func jsonParts() throws(PredictionError) -> [[UInt8]] {
        var w = JSONWriter()
        w.open()
        w.key("elapsed_ms", first: true); try w.number(elapsedMs)
        w.key("graph_version"); w.integer(Int(graphVersion))
        w.key("model"); try w.model(model)
        w.key("results")
        w.byte(UInt8(ascii: "["))
        let chunks = (results.count + Self.resultsPerPart - 1) / Self.resultsPerPart
        if chunks <= 1 {
            try w.results(results[...], leadingComma: false)
            w.byte(UInt8(ascii: "]"))
            w.byte(UInt8(ascii: "}"))
            return [w.finish()]
        }
        var parts = [Swift.Result<[UInt8], PredictionError>](repeating: .success([]), count: chunks)
        parts.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let range = (c * Self.resultsPerPart)..<min(results.count, (c + 1) * Self.resultsPerPart)
                var part = JSONWriter(capacity: range.count * 1_600)
                do throws(PredictionError) {
                    try part.results(results[range], leadingComma: c > 0)
                    out.value[c] = .success(part.finish())
                } catch {
                    out.value[c] = .failure(error)
                }
            }
        }
        var all = [w.finish()]
        for p in parts { all.append(try p.get()) }
        all.append([UInt8(ascii: "]"), UInt8(ascii: "}")])
        return all
    }
}

/// Appends JSON tokens to a growable buffer written through a pointer. A batch answer is about
/// 50 tokens per result and 14 MB in all; `Array.append` paid a uniqueness and capacity check
/// and a call per token, which made writing the answer cost half as much as scoring it.
/// Noncopyable: it owns its memory and frees it when it goes (`finish` hands the bytes over).
struct JSONWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes written so far.
    private(set) var count = 0

    init(capacity: Int = 4_096) {
        self.capacity = max(64, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written, as an array (one copy).
    consuming func finish() -> [UInt8] { take() }

    /// The bytes written since the last `take` (one copy); the buffer is kept for what follows.
    mutating func take() -> [UInt8] {
        defer { count = 0 }
        return [UInt8](UnsafeBufferPointer(start: base, count: count))
    }

    /// Room for `n` more bytes.
    @inline(__always) private mutating func reserve(_ n: Int) {
        if count &+ n > capacity { grow(count + n) }
    }

    @inline(never) private mutating func grow(_ needed: Int) {
        let larger = max(needed, 2 * capacity)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.update(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    @inline(__always) mutating func byte(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count &+= 1
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let from = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).update(from: from, count: bytes.count)
        count &+= bytes.count
    }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    mutating func open() { byte(UInt8(ascii: "{")) }
    mutating func close() { byte(UInt8(ascii: "}")) }

    /// `"name":`, after a comma unless `first`: one reservation and one copy per key.
    mutating func key(_ name: StaticString, first: Bool = false) {
        let n = name.utf8CodeUnitCount
        reserve(n + 4)
        var p = base + count
        if !first {
            p.pointee = UInt8(ascii: ",")
            p += 1
        }
        p.pointee = UInt8(ascii: "\"")
        (p + 1).update(from: name.utf8Start, count: n)
        p += n + 1
        p[0] = UInt8(ascii: "\"")
        p[1] = UInt8(ascii: ":")
        count = p + 2 - base
    }

    /// Decimal digits written in place (no String per number: a batch writes ~200,000).
    mutating func integer(_ v: Int) {
        reserve(20)
        var p = base + count
        if v < 0 {
            p.pointee = UInt8(ascii: "-")
            p += 1
        }
        var m = v.magnitude
        if m < 10 {
            p.pointee = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: m)
            count = p + 1 - base
            return
        }
        var digits = 0
        var probe = m
        while probe > 0 {
            digits += 1
            probe /= 10
        }
        var q = p + digits
        count = q - base
        while m > 0 {
            q -= 1
            q.pointee = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: m % 10)
            m /= 10
        }
    }

    /// The results, comma-separated (`leadingComma`: one before the first too).
    mutating func results(_ list: ArraySlice<PredictionResponse.Result>, leadingComma: Bool) throws(PredictionError) {
        for (i, r) in list.enumerated() {
            if i > 0 || leadingComma { byte(UInt8(ascii: ",")) }
            try result(r)
        }
    }
    mutating func bool(_ v: Bool) { append(v ? "true" : "false") }
    mutating func null() { append("null") }

    mutating func number(_ v: Double) throws(PredictionError) {
        guard v.isFinite else { throw PredictionError(.internalError, "a non-finite number (\(v)) cannot be written as JSON") }
        // Whole numbers as integers (as JSONEncoder writes them); the rest in Swift's shortest
        // round-trip form, which is valid JSON (`1e-05`, `0.25`).
        if v == v.rounded(), abs(v) < 1e15 {
            integer(Int(v))
        } else {
            // `description`'s digits written in place: `Double.write(to:)` hands them to the
            // stream as ASCII bytes (the same text), where `description` made a String of them,
            // most of which (17+ bytes) were a heap allocation per number.
            reserve(ASCIISink.capacity)
            var sink = ASCIISink(base: base + count)
            v.write(to: &sink)
            count &+= sink.count
        }
    }

    /// Receives a number's text in place (room for `capacity` bytes, reserved by the caller).
    private struct ASCIISink: TextOutputStream {
        /// A Double's text is at most 24 bytes (`-2.2250738585072014e-308`).
        static let capacity = 48
        let base: UnsafeMutablePointer<UInt8>
        var count = 0

        mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { copy(buffer) }

        mutating func write(_ string: String) {
            var text = string
            text.withUTF8 { copy($0) }
        }

        private mutating func copy(_ bytes: UnsafeBufferPointer<UInt8>) {
            precondition(count + bytes.count <= Self.capacity, "a number's text is longer than \(Self.capacity) bytes")
            if let from = bytes.baseAddress { (base + count).update(from: from, count: bytes.count) }
            count += bytes.count
        }
    }

    mutating func string(_ s: String) {
        // Native strings (all of ours) are read in place, without a copy of the String.
        if s.utf8.withContiguousStorageIfAvailable({ escaped($0) }) != nil { return }
        var text = s
        text.withUTF8 { escaped($0) }
    }

    /// A JSON string of at most `capacity` bytes written by `body` straight into the buffer, and
    /// escaped only when it needs it (a reason sentence holds request strings, the currency and
    /// channel, which may hold a quote): no String in between.
    mutating func text(capacity: Int, _ body: (inout TextCursor) -> Void) {
        reserve(capacity + 2)
        base[count] = UInt8(ascii: "\"")
        let start = base + count + 1
        var cursor = TextCursor(writingAt: start, capacity: capacity)
        body(&cursor)
        let n = cursor.count
        var clean = true
        for i in 0..<n where start[i] == UInt8(ascii: "\"") || start[i] == UInt8(ascii: "\\") || start[i] < 0x20 {
            clean = false
            break
        }
        if clean {
            start[n] = UInt8(ascii: "\"")
            count &+= n + 2
            return
        }
        // Rare: copied out, then written again escaped where the raw text was.
        let raw = [UInt8](UnsafeBufferPointer(start: start, count: n))
        raw.withUnsafeBufferPointer { escaped($0) }
    }

    /// `bytes` as a JSON string: quoted, with `"`, `\\` and control characters escaped (most
    /// strings, ids and keys, need none and are copied whole).
    mutating func escaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        byte(UInt8(ascii: "\""))
        var clean = 0
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 {
            append(UnsafeBufferPointer(rebasing: bytes[clean..<i]))
            clean = i + 1
            switch b {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            default:
                let hex: StaticString = "0123456789abcdef"
                append("\\u00")
                byte(hex.utf8Start[Int(b >> 4)])
                byte(hex.utf8Start[Int(b & 0xF)])
            }
        }
        append(UnsafeBufferPointer(rebasing: bytes[clean...]))
        byte(UInt8(ascii: "\""))
    }

    mutating func strings(_ list: [String]) {
        byte(UInt8(ascii: "["))
        for (i, s) in list.enumerated() {
            if i > 0 { byte(UInt8(ascii: ",")) }
            string(s)
        }
        byte(UInt8(ascii: "]"))
    }

    mutating func model(_ m: PredictionResponse.Model) throws(PredictionError) {
        open()
        key("feature_set", first: true); string(m.featureSet)
        key("high_threshold"); try number(m.highThreshold)
        key("kind"); string(m.kind)
        key("medium_threshold"); try number(m.mediumThreshold)
        key("run_id"); string(m.runID)
        close()
    }

    mutating func result(_ r: PredictionResponse.Result) throws(PredictionError) {
        open()
        key("base_margin", first: true); try number(r.baseMargin)
        key("graph")
        open()
        key("dst", first: true); try facts(r.graph.dst)
        key("patterns"); strings(r.graph.patterns)
        key("src"); try facts(r.graph.src)
        close()
        key("margin"); try number(r.margin)
        key("other_contribution"); try number(r.otherContribution)
        key("reasons")
        byte(UInt8(ascii: "["))
        for i in r.reasons.indices {
            if i > 0 { byte(UInt8(ascii: ",")) }
            let reason = r.reasons[i]
            open()
            key("contribution", first: true); try number(reason.contribution)
            key("detail"); string(reason.detail)
            key("feature"); string(reason.feature)
            if let finding = reason.finding { key("finding"); string(finding) }
            key("source"); string(reason.source)
            if let value = reason.value { key("value"); try number(value) }
            close()
        }
        byte(UInt8(ascii: "]"))
        if let recorded = r.recorded { key("recorded"); bool(recorded) }
        key("risk"); string(r.risk.rawValue)
        key("score"); try number(r.score)
        key("stored"); bool(r.stored)
        key("transfer_id"); string(r.transferID)
        close()
    }

    mutating func facts(_ f: AccountFacts) throws(PredictionError) {
        try facts(f) { w in w.strings(f.patterns) }
    }

    /// `f` with its `patterns` value written by `patterns` (the streamed path writes the ids
    /// straight from the finding index instead of an array per account).
    mutating func facts(_ f: AccountFacts, patterns: (inout JSONWriter) -> Void) throws(PredictionError) {
        open()
        key("account", first: true); string(f.account)
        key("community"); if let c = f.community { integer(c) } else { null() }
        key("community_size"); integer(f.communitySize)
        key("cycles"); integer(f.cycles)
        key("fan_in_1d"); integer(f.fanIn1d)
        key("fan_in_3d"); integer(f.fanIn3d)
        key("fan_out_1d"); integer(f.fanOut1d)
        key("fan_out_3d"); integer(f.fanOut3d)
        key("in_degree"); integer(f.inDegree)
        key("known"); bool(f.known)
        key("out_degree"); integer(f.outDegree)
        key("pagerank"); try number(f.pagerank)
        key("patterns"); patterns(&self)
        close()
    }
}

extension JSONWriter {
    /// `facts(ctx.facts(name, account: a, …))` without the array of pattern ids per account:
    /// the ids are written straight from the context's finding index.
    mutating func facts(
        _ ctx: PredictionContext, _ name: String, account a: Int, ts: Int64, patternLimit: Int, seen: inout AccountMarks, recent: RecentFans?
    ) throws(PredictionError) {
        let f = ctx.facts(name, account: a, ts: ts, patternLimit: 0, seen: &seen, recent: recent)
        try facts(f) { w in
            w.byte(UInt8(ascii: "["))
            if a >= 0 {
                for (n, id) in ctx.findings.of(a).prefix(patternLimit).enumerated() {
                    if n > 0 { w.byte(UInt8(ascii: ",")) }
                    w.string(ctx.findings.ids[Int(id)])
                }
            }
            w.byte(UInt8(ascii: "]"))
        }
    }
}
