// FreeMemory hands the C allocator's free pages back to the system.
@testable import Investigation
import Testing
#if canImport(Glibc)
import Glibc
#endif

#if canImport(Glibc)
/// Resident memory of this process in bytes (the second field of /proc/self/statm, in pages).
private func residentBytes() -> Int {
    guard let file = fopen("/proc/self/statm", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 128)
    guard fgets(&line, 128, file) != nil else { return 0 }
    let fields = String(cString: line).split(separator: " ")
    guard fields.count >= 2, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// 256 MiB in 64 KiB blocks (served from the heap, not mapped one by one), all freed but the
/// last, which pins the heap's top: glibc keeps the rest resident until `FreeMemory.release()`.
@Test func releaseReturnsFreedHeapPages() {
    let block = 64 * 1024, count = 4096
    var blocks: [UnsafeMutableRawPointer] = []
    for _ in 0..<count {
        guard let p = malloc(block) else { break }
        memset(p, 1, block)
        blocks.append(p)
    }
    for p in blocks.dropLast() { free(p) }
    let before = residentBytes()
    FreeMemory.release()
    let after = residentBytes()
    free(blocks[blocks.count - 1])
    #expect(before - after >= 128 * 1024 * 1024, "resident \(before >> 20) MiB before, \(after >> 20) MiB after")
}
#endif
