// The common /predict body read straight from its bytes: one pass, no JSON tree, no coding
// paths. Foundation's JSONDecoder was about 6% of the server's CPU per single-transfer call
// under load. Anything out of the ordinary goes back to JSONDecoder, so every error message
// (and every lenient case) stays what `PredictionRequest.decode` documents.

import Dispatch

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
        guard let first = reader.key() else { return nil }
        var request: PredictionRequest
        if PlainJSONReader.same(first, "transfers") {
            guard reader.consume(UInt8(ascii: "[")), let list = plainTransfers(&reader) else { return nil }
            guard reader.consume(UInt8(ascii: "]")), reader.consume(UInt8(ascii: "}")) else { return nil }
            request = PredictionRequest(transfers: list, isBatch: true)
        } else {
            guard let t = reader.transfer(firstKey: first) else { return nil }
            request = PredictionRequest(transfers: [t], isBatch: false)
        }
        guard reader.atEnd else { return nil }
        // Every transfer is valid (a batch's are checked as they are read, `transfers(until:)`);
        // an invalid one is left to JSONDecoder's path, which reports the first in order with
        // its field.
        if !request.isBatch {
            do { try request.transfers[0].validate() } catch { return nil }
        }
        request.explain = true
        return request
    }

    /// Arrays of at least this many bytes are read in two halves at once (`plainTransfers`).
    static let splitBytes = 128 * 1_024

    /// The objects of a batch's `transfers` array, the reader left after the last (before `]`);
    /// nil when one is not plain or there are more than `maxBatch`.
    ///
    /// A large array is read in two halves at once: a guess at an element boundary near the
    /// middle (`PlainJSONReader.elementStart`, a `{` after `},`) starts the second half while
    /// the first is read from the beginning up to it. The guess is used only when the first
    /// half's reading arrives at that very byte between two elements, so the two halves are
    /// exactly what one pass reads (a guess inside a string is never arrived at: the first half
    /// then reads on to the end alone, and the second is dropped).
    static func plainTransfers(_ reader: inout PlainJSONReader) -> [TransferInput]? {
        let bytes = reader.bytes
        guard bytes.count - reader.at >= splitBytes, let cut = PlainJSONReader.elementStart(in: bytes, from: reader.at + (bytes.count - reader.at) / 2)
        else { return reader.transfers(until: nil)?.list }
        return plainTransfers(&reader, splitAt: cut)
    }

    /// `plainTransfers` with the second half started at `cut` (any byte after the reader; the
    /// result does not depend on it, only the time does).
    static func plainTransfers(_ reader: inout PlainJSONReader, splitAt cut: Int) -> [TransferInput]? {
        let bytes = reader.bytes
        final class Halves: @unchecked Sendable {
            var first: (list: [TransferInput], atCut: Bool)?
            var second: [TransferInput]?
            var firstReader: PlainJSONReader
            var secondReader: PlainJSONReader
            init(_ a: PlainJSONReader, _ b: PlainJSONReader) {
                firstReader = a
                secondReader = b
            }
        }
        let halves = Halves(reader, PlainJSONReader(bytes: bytes, at: cut))
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            if i == 0 {
                halves.first = halves.firstReader.transfers(until: cut)
            } else {
                halves.second = halves.secondReader.transfers(until: nil)?.list
            }
        }
        guard let first = halves.first else { return nil }
        guard first.atCut else {
            reader = halves.firstReader
            return first.list
        }
        guard let second = halves.second, first.list.count + second.count <= maxBatch else { return nil }
        reader = halves.secondReader
        return first.list + second
    }
}

/// A forward reader over JSON bytes that gives up (nil or false) on anything it does not know.
struct PlainJSONReader {
    let bytes: UnsafeRawBufferPointer
    var at = 0

    init(bytes: UnsafeRawBufferPointer, at: Int = 0) {
        self.bytes = bytes
        self.at = at
    }

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
        guard let text = stringBytes() else { return nil }
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes of a string without escapes, control or non-ASCII bytes (between the quotes).
    /// The scan keeps its position in a local, not in `at` (which it would store at every byte).
    mutating func stringBytes() -> UnsafeRawBufferPointer? {
        guard consume(UInt8(ascii: "\"")), let base = bytes.baseAddress else { return nil }
        let start = at, end = bytes.count
        let text = base.assumingMemoryBound(to: UInt8.self)
        var i = start
        while i < end {
            let c = text[i]
            if c == UInt8(ascii: "\"") {
                at = i + 1
                return UnsafeRawBufferPointer(start: base + start, count: i - start)
            }
            if c == UInt8(ascii: "\\") || c < 0x20 || c >= 0x80 { break }
            i += 1
        }
        at = i
        return nil
    }

    /// An object key and its colon: the key's bytes, compared with `same` (no String per key).
    mutating func key() -> UnsafeRawBufferPointer? {
        guard let name = stringBytes(), consume(UInt8(ascii: ":")) else { return nil }
        return name
    }

    /// Whether `bytes` are the text `word`.
    static func same(_ bytes: UnsafeRawBufferPointer, _ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard bytes.count == n else { return false }
        for k in 0..<n where bytes[k] != word.utf8Start[k] { return false }
        return true
    }

    /// Where an element of an array of objects seems to start at or after `from`: a `{` whose
    /// previous bytes but whitespace are `}` and `,`. A guess (the bytes may be inside a
    /// string), within 64 KiB of `from`; nil when there is none.
    static func elementStart(in bytes: UnsafeRawBufferPointer, from: Int) -> Int? {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
        var i = max(from, 1)
        let end = min(bytes.count, from + 64 * 1_024)
        while i < end {
            if bytes[i] == UInt8(ascii: "{") {
                var j = i - 1
                while j > 0, isSpace(bytes[j]) { j -= 1 }
                if bytes[j] == UInt8(ascii: ",") {
                    j -= 1
                    while j > 0, isSpace(bytes[j]) { j -= 1 }
                    if bytes[j] == UInt8(ascii: "}") { return i }
                }
            }
            i += 1
        }
        return nil
    }

    /// Comma-separated transfer objects from here; stops before the element starting at `cut`
    /// (`atCut`) if it reaches that byte between two elements. Nil when one is not plain or not
    /// valid (`TransferInput.validate`), or there are more than `maxBatch`.
    mutating func transfers(until cut: Int?) -> (list: [TransferInput], atCut: Bool)? {
        var list: [TransferInput] = []
        list.reserveCapacity(min(PredictionRequest.maxBatch, (bytes.count - at) / 100 + 1))
        repeat {
            if let cut {
                skipSpace()
                if at == cut { return (list, true) }
            }
            guard list.count < PredictionRequest.maxBatch, consume(UInt8(ascii: "{")), let key = key(), let t = transfer(firstKey: key) else { return nil }
            do { try t.validate() } catch { return nil }
            list.append(t)
        } while consume(UInt8(ascii: ","))
        return (list, false)
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
    mutating func transfer(firstKey: UnsafeRawBufferPointer) -> TransferInput? {
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
            if Self.same(key, "transfer_id") {
                ok = text(&id, integers: true)
            } else if Self.same(key, "src_account") {
                ok = text(&src, integers: true)
            } else if Self.same(key, "dst_account") {
                ok = text(&dst, integers: true)
            } else if Self.same(key, "currency") {
                ok = text(&currency, integers: false)
            } else if Self.same(key, "channel") {
                ok = text(&channel, integers: false)
            } else if Self.same(key, "amount") {
                guard amount == nil, let n = number(), let x = Double(n.text), x.isFinite else { return nil }
                amount = x
                ok = true
            } else if Self.same(key, "ts") {
                guard ts == nil, let n = number(), n.integer, let t = Int64(n.text) else { return nil }
                ts = t
                ok = true
            } else if Self.same(key, "transfers") {
                // A lone object with this key is a batch to `decode`.
                ok = false
            } else {
                ok = skipScalar()
            }
            guard ok else { return nil }
            if consume(UInt8(ascii: "}")) { break }
            guard consume(UInt8(ascii: ",")), let next = self.key() else { return nil }
            key = next
        }
        guard let id, let src, let dst, let amount, let currency, let ts, let channel else { return nil }
        return TransferInput(transferID: id, srcAccount: src, dstAccount: dst, amount: amount, currency: currency, ts: ts, channel: channel)
    }
}
