// Buffered CSV output with hand-written number formatting: ten million rows through
// String(format:) or string interpolation would cost more than generating the data.

import Foundation

final class ByteSink {
    private let file: UnsafeMutablePointer<FILE>
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var count = 0
    private var failed = false
    let path: String

    init(path: String, capacity: Int = 1 << 22) throws {
        guard let f = fopen(path, "wb") else { throw GeneratorError.cannotOpen(path) }
        file = f
        self.path = path
        self.capacity = capacity
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
    }

    /// Makes room for `n` more bytes; rows call this once with a generous upper bound.
    @inline(__always)
    func ensure(_ n: Int) {
        if count + n > capacity { flush() }
    }

    private func flush() {
        guard count > 0 else { return }
        if fwrite(buffer, 1, count, file) != count { failed = true }
        count = 0
    }

    func close() throws {
        flush()
        let rc = fclose(file)
        if failed || rc != 0 { throw GeneratorError.writeFailed(path) }
    }

    @inline(__always)
    func byte(_ b: UInt8) {
        buffer[count] = b
        count += 1
    }

    @inline(__always)
    func bytes(_ src: UnsafePointer<UInt8>, _ n: Int) {
        // Fields are a few bytes long: a plain loop beats a call into memmove.
        if n <= 16 {
            for k in 0..<n { buffer[count &+ k] = src[k] }
        } else {
            (buffer + count).update(from: src, count: n)
        }
        count += n
    }

    func bytes(_ src: [UInt8]) {
        ensure(src.count)
        src.withUnsafeBufferPointer { bytes($0.baseAddress!, $0.count) }
    }

    /// Raw text with no quoting (headers, fixed vocabulary).
    func text(_ s: String) {
        var s = s
        s.withUTF8 { u in
            ensure(u.count)
            bytes(u.baseAddress!, u.count)
        }
    }

    /// One RFC 4180 field: quoted, with quotes doubled, only if it holds a comma, quote or newline.
    func field(_ s: String) {
        var s = s
        s.withUTF8 { u in
            ensure(u.count * 2 + 2)
            var needsQuotes = false
            for c in u where c == 0x2C || c == 0x22 || c == 0x0A || c == 0x0D {
                needsQuotes = true
                break
            }
            guard needsQuotes else {
                bytes(u.baseAddress!, u.count)
                return
            }
            byte(0x22)
            for c in u {
                if c == 0x22 { byte(0x22) }
                byte(c)
            }
            byte(0x22)
        }
    }

    @inline(__always) func comma() { byte(0x2C) }
    @inline(__always) func newline() { byte(0x0A) }

    /// Decimal digits of a non-negative integer.
    @inline(__always)
    func uint(_ v: UInt64) {
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch, no heap
        withUnsafeMutableBytes(of: &tmp) { raw in
            var n = v
            var i = 24
            repeat {
                i -= 1
                raw[i] = UInt8(truncatingIfNeeded: n % 10) &+ 0x30
                n /= 10
            } while n > 0
            bytes(raw.baseAddress!.assumingMemoryBound(to: UInt8.self) + i, 24 - i)
        }
    }

    @inline(__always)
    func int(_ v: Int64) {
        if v < 0 {
            byte(0x2D)
            uint(UInt64(0 &- v))
        } else {
            uint(UInt64(v))
        }
    }

    /// Zero-padded to at least `width` digits.
    @inline(__always)
    func padded(_ v: UInt64, width: Int) {
        var digits = 1
        var t = v
        while t >= 10 { t /= 10; digits += 1 }
        if digits < width { for _ in digits..<width { byte(0x30) } }
        uint(v)
    }

    /// Cents as `123.45`.
    @inline(__always)
    func cents(_ c: Int64) {
        if c < 0 { byte(0x2D) }
        let m = UInt64(c < 0 ? 0 &- c : c)
        uint(m / 100)
        byte(0x2E)
        let frac = m % 100
        byte(UInt8(frac / 10) &+ 0x30)
        byte(UInt8(frac % 10) &+ 0x30)
    }

    /// Two digits, for clock fields.
    @inline(__always)
    func twoDigits(_ v: Int) {
        byte(UInt8(v / 10) &+ 0x30)
        byte(UInt8(v % 10) &+ 0x30)
    }
}

/// Fixed-width id strings for every account, built once, so each row copies bytes instead of
/// formatting two ids.
struct FixedWidthIDs {
    let width: Int
    private(set) var storage: [UInt8]

    init(count: Int, width: Int, make: (Int, inout [UInt8]) -> Void) {
        self.width = width
        storage = []
        storage.reserveCapacity(count * width)
        var scratch: [UInt8] = []
        for i in 0..<count {
            scratch.removeAll(keepingCapacity: true)
            make(i, &scratch)
            precondition(scratch.count == width, "id width mismatch")
            storage.append(contentsOf: scratch)
        }
    }

    func string(_ i: Int) -> String {
        String(decoding: storage[i * width..<(i + 1) * width], as: UTF8.self)
    }

    @inline(__always)
    func write(_ i: Int, to sink: ByteSink) {
        storage.withUnsafeBufferPointer { sink.bytes($0.baseAddress! + i * width, width) }
    }

    static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    static func appendHex(_ v: UInt64, digits: Int, to out: inout [UInt8]) {
        for k in stride(from: digits - 1, through: 0, by: -1) {
            out.append(hexDigits[Int((v >> (UInt64(k) * 4)) & 0xF)])
        }
    }

    static func appendDecimal(_ v: UInt64, digits: Int, to out: inout [UInt8]) {
        var d = [UInt8](repeating: 0x30, count: digits)
        var n = v
        var i = digits - 1
        while n > 0, i >= 0 {
            d[i] = UInt8(n % 10) + 0x30
            n /= 10
            i -= 1
        }
        out.append(contentsOf: d)
    }
}
