// Large, randomly read buffers on 2 MiB pages: the temporal searches' timelines (16 bytes per
// transfer and direction, tens of MiB) are read at random, and with 4 KiB pages most first touches
// of an account's list also miss the TLB (about 3,000 entries on this machine's EPYC, mapping 12 MiB).
#if canImport(Glibc)
import Glibc
#endif

extension UnsafeMutableBufferPointer {
    /// Transparent huge pages are 2 MiB on x86-64 and arm64 Linux.
    static var hugePageSize: Int { 2 << 20 }

    /// Allocates uninitialized memory for `capacity` elements like `allocate(capacity:)`, but, on
    /// Linux and from one huge page's size up, aligned to 2 MiB and marked `MADV_HUGEPAGE`, so the
    /// kernel backs it with huge pages where `transparent_hugepage` is `madvise` (the default of
    /// many distributions, and this machine's) or `always`. Free it with `deallocate()`.
    ///
    /// Measured on medium (6-hop cycles, one thread, process CPU, alternated): 1.06-1.10x less CPU
    /// with the timelines on huge pages. Elsewhere, or below 2 MiB, it is `allocate(capacity:)`.
    static func allocateOnHugePages(capacity: Int) -> UnsafeMutableBufferPointer<Element> {
        #if os(Linux)
        let bytes = capacity * MemoryLayout<Element>.stride
        if bytes >= hugePageSize {
            // Whole pages, so the advice covers the buffer's last page too.
            let rounded = (bytes + hugePageSize - 1) / hugePageSize * hugePageSize
            let raw = UnsafeMutableRawPointer.allocate(byteCount: rounded, alignment: hugePageSize)
            // Only advice: if the kernel refuses, the buffer works on small pages.
            _ = madvise(raw, rounded, MADV_HUGEPAGE)
            return UnsafeMutableBufferPointer(start: raw.bindMemory(to: Element.self, capacity: capacity), count: capacity)
        }
        #endif
        return allocate(capacity: capacity)
    }
}
