// Handing memory the C allocator holds free back to the operating system, after the service's
// large, short-lived builds.
#if canImport(Glibc)
import Glibc
#endif
import GraphAlgorithms

/// glibc keeps freed memory in its heap for reuse and returns it to the system only from the
/// heap's top. After a graph context is rebuilt, most of what the build allocated is free but
/// scattered, so the process stayed at its peak: measured on a medium store (one recorded
/// transfer, one 6-hop hub view, then a `/predict` that rebuilds the context), the rebuild peaked
/// at 3.2-3.8 GB and the process then stayed at 2.9-3.5 GB resident with 171 MB in use
/// (`malloc_stats`); `malloc_trim(0)` took it to 271 MB.
enum FreeMemory {
    /// Frees the buffers the graph searches keep for reuse, and returns the allocator's free
    /// pages to the system (the trim is a no-op where the C library has no `malloc_trim`).
    static func release() {
        SearchBuffers.releaseKept()
        trim?(0)
    }

    /// glibc's `malloc_trim`, looked up at run time: Swift's Glibc module does not export
    /// `malloc.h`, and another C library may not have it.
    private static let trim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
        return nil
        #endif
    }()
}
