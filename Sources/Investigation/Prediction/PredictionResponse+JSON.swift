// The /predict answer written straight to JSON bytes: Foundation's JSONEncoder (with sorted
// keys) built and sorted a dictionary per object, which for a batch of 10,000 results cost more
// than scoring them. Same document as `JSONEncoder` with `.sortedKeys, .withoutEscapingSlashes`
// (a test compares the two parsed), keys written in sorted order by hand.
import Dispatch

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
        w.bytes.append(UInt8(ascii: "["))
        let chunks = (results.count + Self.resultsPerPart - 1) / Self.resultsPerPart
        if chunks <= 1 {
            w.bytes.reserveCapacity(1_024 + results.count * 1_500)
            try w.results(results[...], leadingComma: false)
            w.bytes += [UInt8(ascii: "]"), UInt8(ascii: "}")]
            return [w.bytes]
        }
        var parts = [Swift.Result<[UInt8], PredictionError>](repeating: .success([]), count: chunks)
        parts.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let range = (c * Self.resultsPerPart)..<min(results.count, (c + 1) * Self.resultsPerPart)
                var part = JSONWriter()
                part.bytes.reserveCapacity(range.count * 1_000)
                do throws(PredictionError) {
                    try part.results(results[range], leadingComma: c > 0)
                    out.value[c] = .success(part.bytes)
                } catch {
                    out.value[c] = .failure(error)
                }
            }
        }
        var all = [w.bytes]
        for p in parts { all.append(try p.get()) }
        all.append([UInt8(ascii: "]"), UInt8(ascii: "}")])
        return all
    }
}

/// Appends JSON tokens to a byte array.
struct JSONWriter {
    var bytes: [UInt8] = []

    mutating func open() { bytes.append(UInt8(ascii: "{")) }
    mutating func close() { bytes.append(UInt8(ascii: "}")) }

    mutating func key(_ name: StaticString, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        // Byte by byte: an array literal here allocated once per key (about 40 per result).
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// Decimal digits written in place (no String per number: a batch writes ~200,000).
    mutating func integer(_ v: Int) {
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        var m = v.magnitude
        if m < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(m))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var n = 20
            while m > 0 {
                n -= 1
                digits[n] = UInt8(ascii: "0") + UInt8(m % 10)
                m /= 10
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[n...]))
        }
    }

    /// The results, comma-separated (`leadingComma`: one before the first too).
    mutating func results(_ list: ArraySlice<PredictionResponse.Result>, leadingComma: Bool) throws(PredictionError) {
        for (i, r) in list.enumerated() {
            if i > 0 || leadingComma { bytes.append(UInt8(ascii: ",")) }
            try result(r)
        }
    }
    mutating func bool(_ v: Bool) { bytes.append(contentsOf: (v ? "true" : "false").utf8) }
    mutating func null() { bytes.append(contentsOf: "null".utf8) }

    mutating func number(_ v: Double) throws(PredictionError) {
        guard v.isFinite else { throw PredictionError(.internalError, "a non-finite number (\(v)) cannot be written as JSON") }
        // Whole numbers as integers (as JSONEncoder writes them); the rest in Swift's shortest
        // round-trip form, which is valid JSON (`1e-05`, `0.25`).
        if v == v.rounded(), abs(v) < 1e15 {
            integer(Int(v))
        } else {
            bytes.append(contentsOf: v.description.utf8)
        }
    }

    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most strings (ids, keys, typologies) need no escape: copied whole.
        var text = s
        let copied = text.withUTF8 { u in
            guard !u.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) else { return false }
            bytes.append(contentsOf: u)
            return true
        }
        if copied {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func strings(_ list: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (i, s) in list.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            string(s)
        }
        bytes.append(UInt8(ascii: "]"))
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
        bytes.append(UInt8(ascii: "["))
        for (i, reason) in r.reasons.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            open()
            key("contribution", first: true); try number(reason.contribution)
            key("detail"); string(reason.detail)
            key("feature"); string(reason.feature)
            if let finding = reason.finding { key("finding"); string(finding) }
            key("source"); string(reason.source)
            if let value = reason.value { key("value"); try number(value) }
            close()
        }
        bytes.append(UInt8(ascii: "]"))
        if let recorded = r.recorded { key("recorded"); bool(recorded) }
        key("risk"); string(r.risk.rawValue)
        key("score"); try number(r.score)
        key("stored"); bool(r.stored)
        key("transfer_id"); string(r.transferID)
        close()
    }

    mutating func facts(_ f: AccountFacts) throws(PredictionError) {
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
        key("patterns"); strings(f.patterns)
        close()
    }
}
