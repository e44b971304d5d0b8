// The common /predict body read straight from its bytes: one pass, no JSON tree, no coding
// paths. Foundation's JSONDecoder was about 6% of the server's CPU per single-transfer call
// under load. Anything out of the ordinary goes back to JSONDecoder, so every error message
// (and every lenient case) stays what `PredictionRequest.decode` documents.

extension PredictionRequest {
    /// The request in `body` when it is plain: one transfer object, or `{"transfers": [...]}`
    /// with nothing else, whose objects hold strings without escapes or non-ASCII bytes,
    /// numbers, booleans and nulls only, no key twice, every field of `TransferInput` given in
    /// its usual type (ids as text or integers, `amount` a number, `ts` an integer), 1 to
    /// `maxBatch` transfers, all valid. Nil for anything else, which `decode` then reads with
    /// JSONDecoder; a plain body gives the same request either way (a test compares them).
    static func plain(_ body: UnsafeRawBufferPointer) -> PredictionRequest? {
        var reader = PlainJSONReader(bytes: body)
        guard reader.consume(UInt8(ascii: "{")) else { return nil }
        guard let first = reader.string(), reader.consume(UInt8(ascii: ":")) else { return nil }
        var request: PredictionRequest
        if first == "transfers" {
            guard reader.consume(UInt8(ascii: "[")) else { return nil }
            var list: [TransferInput] = []
            repeat {
                guard list.count < maxBatch, reader.consume(UInt8(ascii: "{")), let key = reader.string(), reader.consume(UInt8(ascii: ":")),
                    let t = reader.transfer(firstKey: key)
                else { return nil }
                list.append(t)
            } while reader.consume(UInt8(ascii: ","))
            guard reader.consume(UInt8(ascii: "]")), reader.consume(UInt8(ascii: "}")) else { return nil }
            request = PredictionRequest(transfers: list, isBatch: true)
        } else {
            guard let t = reader.transfer(firstKey: first) else { return nil }
            request = PredictionRequest(transfers: [t], isBatch: false)
        }
        guard reader.atEnd else { return nil }
        // Decoding validates each transfer; an invalid one is left to JSONDecoder's path, which
        // reports the first in order with its field.
        for (i, t) in request.transfers.enumerated() {
            do { try t.validate(fieldPrefix: request.fieldPrefix(i)) } catch { return nil }
        }
        request.explain = true
        return request
    }
}

/// A forward reader over JSON bytes that gives up (nil or false) on anything it does not know.
struct PlainJSONReader {
    let bytes: UnsafeRawBufferPointer
    var at = 0

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func skipSpace() {
        while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 { at += 1 }
    }

    /// Whether only whitespace is left.
    var atEnd: Bool {
        mutating get {
            skipSpace()
            return at == bytes.count
        }
    }

    /// Consumes `byte` after whitespace, if it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        skipSpace()
        guard at < bytes.count, bytes[at] == byte else { return false }
        at += 1
        return true
    }

    /// A string without escapes, control or non-ASCII bytes.
    mutating func string() -> String? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = at
        while at < bytes.count {
            let c = bytes[at]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
                at += 1
                return s
            }
            if c == UInt8(ascii: "\\") || c < 0x20 || c >= 0x80 { return nil }
            at += 1
        }
        return nil
    }

    /// A JSON number's text and whether it is an integer (no fraction, no exponent).
    mutating func number() -> (text: String, integer: Bool)? {
        skipSpace()
        let start = at
        func digits() -> Int {
            let from = at
            while at < bytes.count, bytes[at] >= UInt8(ascii: "0"), bytes[at] <= UInt8(ascii: "9") { at += 1 }
            return at - from
        }
        if at < bytes.count, bytes[at] == UInt8(ascii: "-") { at += 1 }
        let first = at
        guard digits() > 0 else { return nil }
        // JSON forbids leading zeros (`01`).
        if bytes[first] == UInt8(ascii: "0"), at - first > 1 { return nil }
        var integer = true
        if at < bytes.count, bytes[at] == UInt8(ascii: ".") {
            at += 1
            integer = false
            guard digits() > 0 else { return nil }
        }
        if at < bytes.count, bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E") {
            at += 1
            integer = false
            if at < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") { at += 1 }
            guard digits() > 0 else { return nil }
        }
        return (String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self), integer)
    }

    /// Skips a string, number, boolean or null; false for an array or object.
    mutating func skipScalar() -> Bool {
        skipSpace()
        guard at < bytes.count else { return false }
        switch bytes[at] {
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: return number() != nil
        }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard at + n <= bytes.count else { return false }
        for k in 0..<n where bytes[at + k] != word.utf8Start[k] { return false }
        at += n
        return true
    }

    /// The rest of a transfer object whose first key (and its colon) has been read.
    mutating func transfer(firstKey: String) -> TransferInput? {
        var id: String?, src: String?, dst: String?, currency: String?, channel: String?
        var amount: Double?, ts: Int64?
        var key = firstKey
        while true {
            func text(_ slot: inout String?, integers: Bool) -> Bool {
                guard slot == nil else { return false }
                skipSpace()
                if at < bytes.count, bytes[at] == UInt8(ascii: "\"") {
                    slot = string()
                } else if integers, let n = number(), n.integer, let i = Int64(n.text) {
                    slot = String(i)
                }
                return slot != nil
            }
            let ok: Bool
            switch key {
            case "transfer_id": ok = text(&id, integers: true)
            case "src_account": ok = text(&src, integers: true)
            case "dst_account": ok = text(&dst, integers: true)
            case "currency": ok = text(&currency, integers: false)
            case "channel": ok = text(&channel, integers: false)
            case "amount":
                guard amount == nil, let n = number(), let x = Double(n.text), x.isFinite else { return nil }
                amount = x
                ok = true
            case "ts":
                guard ts == nil, let n = number(), n.integer, let t = Int64(n.text) else { return nil }
                ts = t
                ok = true
            // A lone object with this key is a batch to `decode`.
            case "transfers": ok = false
            default: ok = skipScalar()
            }
            guard ok else { return nil }
            if consume(UInt8(ascii: "}")) { break }
            guard consume(UInt8(ascii: ",")), let next = string(), consume(UInt8(ascii: ":")) else { return nil }
            key = next
        }
        guard let id, let src, let dst, let amount, let currency, let ts, let channel else { return nil }
        return TransferInput(transferID: id, srcAccount: src, dstAccount: dst, amount: amount, currency: currency, ts: ts, channel: channel)
    }
}
