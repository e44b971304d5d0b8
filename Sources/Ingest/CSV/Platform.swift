// Thin wrappers over the C library so the rest of the CSV code stays platform-neutral.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `strerror` text for error messages; kept here so only this file touches libc names directly.
func describeErrno(_ code: Int32) -> String {
    guard let cString = strerror(code) else { return "unknown error" }
    return String(cString: cString)
}

/// Minimal owned file descriptor: open read-only, report size, read into raw memory, close.
struct PosixFile: ~Copyable {
    let fd: Int32

    init(path: String) throws(CSVError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CSVError(file: path, line: 0, kind: .io(operation: "open", errno: errno)) }
        self.fd = fd
        #if canImport(Glibc) || canImport(Musl)
        // The whole file is read front to back exactly once: let the kernel read ahead aggressively.
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
    }

    /// File size in bytes, or nil if fstat fails (e.g. a pipe); only used for progress reporting.
    func size() -> Int? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    /// Reads up to `count` bytes; returns 0 at end of file. Retries on EINTR.
    func read(into pointer: UnsafeMutablePointer<UInt8>, count: Int, path: String) throws(CSVError) -> Int {
        while true {
            #if canImport(Darwin)
            let n = Darwin.read(fd, pointer, count)
            #elseif canImport(Glibc)
            let n = Glibc.read(fd, pointer, count)
            #else
            let n = Musl.read(fd, pointer, count)
            #endif
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw CSVError(file: path, line: 0, kind: .io(operation: "read", errno: errno))
        }
    }

    deinit { close(fd) }
}

/// First occurrence of `byte` in `count` bytes at `start` (libc memchr is vectorised; we use it to
/// skip quickly through long quoted fields).
@inline(__always)
func findByte(_ byte: UInt8, in start: UnsafeMutablePointer<UInt8>, count: Int) -> UnsafeMutablePointer<UInt8>? {
    guard count > 0, let hit = memchr(start, Int32(byte), count) else { return nil }
    return hit.assumingMemoryBound(to: UInt8.self)
}

/// Overlap-safe byte move, used to slide a partial record to the front of the read buffer.
@inline(__always)
func moveBytes(to destination: UnsafeMutablePointer<UInt8>, from source: UnsafeMutablePointer<UInt8>, count: Int) {
    if count > 0 { memmove(destination, source, count) }
}
