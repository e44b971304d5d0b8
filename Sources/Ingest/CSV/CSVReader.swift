/// Streaming RFC 4180 reader over a file, built for bulk ingest speed.
///
/// How it stays fast: the file is read with `read(2)` in large chunks into one buffer, and fields
/// are reported as (start, end) offsets into that buffer, so unquoted fields cost no allocation and
/// no copy. Quoted fields containing `""` are unescaped in place (the result is never longer than
/// the source). A `\n` sentinel after the buffered data lets the unquoted-field loop test a single
/// condition per byte instead of also checking for the end of the buffer.
///
/// Chunk boundaries: when a record runs past the buffered data, the parser keeps the fields it has
/// already completed, slides the partial record to the front of the buffer, reads more, and
/// resumes at the start of the unfinished field. Nothing is modified in place until a field is
/// known to be complete, so resuming is always safe.
///
/// Accepted input: quoted fields with `""` escapes and embedded newlines, CRLF / LF / bare CR line
/// ends, a UTF-8 BOM, a missing final newline, empty fields. Entirely blank lines are skipped (they
/// still count as physical lines). Line numbers count LF, CRLF and bare CR as one line end each;
/// inside quoted fields only LF is counted.
public final class CSVReader {
    /// 4 MiB: large enough to amortise syscalls, small enough to stay in L2/L3-friendly territory.
    static let defaultChunkSize = 4 << 20

    public let path: String
    /// Size of the file at open time, for progress reporting (0 if unknown).
    public let fileSize: Int
    /// Bytes read from the file so far, for progress reporting.
    public private(set) var bytesRead = 0
    /// Field count every record must have; set by `readHeader()`. `nil` disables the check.
    public var expectedFieldCount: Int?

    private let file: PosixFile
    private let chunkSize: Int

    // Read buffer: `capacity` usable bytes plus one sentinel byte.
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var dataEnd = 0
    private var eof = false
    private var bomChecked = false

    // Parse position. `recordStart` is the first byte of the record in progress (kept on refill);
    // `cursor` is the start of the next field to parse; `line` is the physical line at `cursor`.
    private var recordStart = 0
    private var cursor = 0
    private var line = 1
    private var recordLine = 1
    /// The last record ended with CR; an LF at the start of the next record belongs to it.
    private var pendingCR = false

    // Completed fields of the record in progress, as start/end offset pairs into `buffer`.
    private var bounds: UnsafeMutablePointer<Int>
    private var boundsCapacity = 64 // in fields
    private var fieldCount = 0
    private var recordFieldCount = 0

    public convenience init(path: String) throws(CSVError) {
        try self.init(path: path, chunkSize: CSVReader.defaultChunkSize)
    }

    /// `chunkSize` is the most bytes requested per `read(2)`; tests use tiny values (e.g. 7) to
    /// force records, quoted fields and CRLF pairs across chunk boundaries.
    init(path: String, chunkSize: Int) throws(CSVError) {
        precondition(chunkSize > 0)
        self.path = path
        self.file = try PosixFile(path: path)
        self.fileSize = file.size() ?? 0
        self.chunkSize = chunkSize
        self.capacity = 2 * chunkSize
        self.buffer = .allocate(capacity: capacity + 1)
        self.buffer[0] = 10
        self.bounds = .allocate(capacity: 2 * boundsCapacity)
    }

    deinit {
        buffer.deallocate()
        bounds.deallocate()
    }

    /// Reads the first record as column names and makes its width the expected width of every
    /// following record. Names are returned exactly as written (HeaderMap normalises them).
    public func readHeader() throws(CSVError) -> [String] {
        guard try nextRecord() else { throw CSVError(file: path, line: 1, kind: .emptyFile) }
        let names = (0..<recordFieldCount).map { index in
            let start = bounds[2 * index], end = bounds[2 * index + 1]
            return String(decoding: UnsafeBufferPointer(start: buffer + start, count: end - start), as: UTF8.self)
        }
        expectedFieldCount = names.count
        return names
    }

    /// Calls `body` once per record, in file order. The record is only valid during the call.
    /// Throws `CSVError` for malformed input, or whatever `body` throws.
    public func forEachRecord(_ body: (borrowing CSVRecord) throws -> Void) throws {
        while try nextRecord() {
            let record = CSVRecord(base: buffer, bounds: bounds, count: recordFieldCount, line: recordLine)
            try body(record)
        }
    }

    // MARK: - Record assembly

    /// Parses the next record into `bounds`; false at end of file.
    func nextRecord() throws(CSVError) -> Bool {
        if !bomChecked {
            while dataEnd - cursor < 3 && !eof { try refill() }
            if dataEnd - cursor >= 3 && buffer[cursor] == 0xEF && buffer[cursor + 1] == 0xBB && buffer[cursor + 2] == 0xBF {
                cursor += 3
                recordStart = cursor
            }
            bomChecked = true
        }
        while true {
            switch try scan() {
            case .record:
                if let expected = expectedFieldCount, recordFieldCount != expected {
                    throw CSVError(file: path, line: recordLine,
                                   kind: .fieldCountMismatch(expected: expected, found: recordFieldCount))
                }
                return true
            case .endOfFile:
                return false
            case .needMore:
                try refill()
            }
        }
    }

    private enum Step { case record, needMore, endOfFile }

    /// Scans as far as the buffered data allows. Works on local copies of the hot state (the
    /// optimiser cannot keep class properties in registers across stores through raw pointers)
    /// and writes them back on every exit.
    private func scan() throws(CSVError) -> Step {
        let base = buffer
        let end = dataEnd
        var p = cursor
        var n = fieldCount
        var line = self.line

        while true {
            let fieldStart = p
            let lineAtFieldStart = line

            if n == 0 {
                // Record start: finish a CRLF split across records, skip blank lines.
                if p == end {
                    recordStart = p; cursor = p; self.line = line
                    return eof ? .endOfFile : .needMore
                }
                let first = base[p]
                if pendingCR {
                    pendingCR = false
                    if first == 10 { p += 1; continue }
                }
                if first == 10 { line += 1; p += 1; continue }
                if first == 13 { line += 1; p += 1; pendingCR = true; continue }
                recordStart = p
                recordLine = line
            } else if p == end {
                // Field starts exactly at the end of the data: either more is coming, or the
                // record ended with a comma and this is its empty last field.
                if !eof {
                    cursor = p; self.line = line; fieldCount = n
                    return .needMore
                }
                appendField(n, p, p); n += 1
                return finishRecord(n: n, at: p, line: line)
            }

            var c = base[p]
            if c != 34 {
                // Unquoted field: the sentinel `\n` at `end` guarantees the loop stops.
                while !(c < 45 && (c == 44 || c == 10 || c == 13 || c == 34)) {
                    p += 1
                    c = base[p]
                }
                if p == end && !eof {
                    cursor = fieldStart; self.line = lineAtFieldStart; fieldCount = n
                    return .needMore
                }
                if c == 34 {
                    self.line = line
                    throw CSVError(file: path, line: line, kind: .strayQuote)
                }
                appendField(n, fieldStart, p); n += 1
            } else {
                // Quoted field. Find the closing quote first (no writes until it is certain).
                var q = p + 1
                var hasEscapes = false
                var closing = 0
                while true {
                    guard let hit = findByte(34, in: base + q, count: end - q) else {
                        if eof { throw CSVError(file: path, line: lineAtFieldStart, kind: .unterminatedQuote) }
                        cursor = fieldStart; self.line = lineAtFieldStart; fieldCount = n
                        return .needMore
                    }
                    let k = hit - base
                    if k + 1 == end && !eof {
                        // Cannot yet tell a closing quote from the first half of `""`.
                        cursor = fieldStart; self.line = lineAtFieldStart; fieldCount = n
                        return .needMore
                    }
                    if k + 1 < end && base[k + 1] == 34 {
                        hasEscapes = true
                        q = k + 2
                        continue
                    }
                    closing = k
                    break
                }
                line += countNewlines(base + p + 1, closing - p - 1)
                p = closing + 1
                if p < end {
                    c = base[p]
                    if c != 44 && c != 10 && c != 13 {
                        self.line = line
                        throw CSVError(file: path, line: line, kind: .textAfterClosingQuote)
                    }
                }
                let contentStart = fieldStart + 1
                let contentEnd = hasEscapes ? contentStart + unescape(base + contentStart, closing - contentStart) : closing
                appendField(n, contentStart, contentEnd); n += 1
            }

            // Terminator after a complete field: comma, line end, or end of file.
            if p == end { return finishRecord(n: n, at: p, line: line) }
            c = base[p]
            p += 1
            if c == 44 { continue }
            line += 1
            if c == 13 { pendingCR = true }
            return finishRecord(n: n, at: p, line: line)
        }
    }

    @inline(__always)
    private func finishRecord(n: Int, at p: Int, line: Int) -> Step {
        recordFieldCount = n
        fieldCount = 0
        cursor = p
        recordStart = p
        self.line = line
        return .record
    }

    @inline(__always)
    private func appendField(_ index: Int, _ start: Int, _ end: Int) {
        if index == boundsCapacity { growBounds() }
        bounds[2 &* index] = start
        bounds[2 &* index &+ 1] = end
    }

    private func growBounds() {
        let bigger = UnsafeMutablePointer<Int>.allocate(capacity: 4 * boundsCapacity)
        bigger.update(from: bounds, count: 2 * boundsCapacity)
        bounds.deallocate()
        bounds = bigger
        boundsCapacity *= 2
    }

    /// Collapses `""` to `"` in place; returns the new length. Only called on a complete field.
    private func unescape(_ start: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
        var read = 0, write = 0
        while read < count {
            let byte = start[read]
            start[write] = byte
            write += 1
            read += byte == 34 ? 2 : 1
        }
        return write
    }

    private func countNewlines(_ start: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
        var newlines = 0
        var cursor = start
        var remaining = count
        while let hit = findByte(10, in: cursor, count: remaining) {
            newlines += 1
            remaining -= hit - cursor + 1
            cursor = hit + 1
        }
        return newlines
    }

    // MARK: - Buffer management

    /// Keeps the record in progress (sliding it to the front), grows the buffer if the record is
    /// too big to leave room for a full chunk, then appends up to `chunkSize` new bytes.
    private func refill() throws(CSVError) {
        let keep = dataEnd - recordStart
        if recordStart > 0 {
            moveBytes(to: buffer, from: buffer + recordStart, count: keep)
            for index in 0..<fieldCount {
                bounds[2 * index] -= recordStart
                bounds[2 * index + 1] -= recordStart
            }
            cursor -= recordStart
            recordStart = 0
            dataEnd = keep
        }
        if capacity - dataEnd < chunkSize {
            let newCapacity = max(2 * capacity, dataEnd + chunkSize)
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity + 1)
            bigger.update(from: buffer, count: dataEnd)
            buffer.deallocate()
            buffer = bigger
            capacity = newCapacity
        }
        let got = try file.read(into: buffer + dataEnd, count: chunkSize, path: path)
        if got == 0 { eof = true }
        dataEnd += got
        bytesRead += got
        buffer[dataEnd] = 10 // sentinel for the unquoted-field loop
    }
}
