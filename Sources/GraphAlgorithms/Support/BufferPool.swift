// The temporal searches' large copies of the transfer lists: backed by 2 MiB pages where the
// kernel allows it, and kept for the next search instead of being handed back at once.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Large, uninitialized buffers that are kept for reuse for a while after they are given back.
///
/// **Why kept.** A fresh buffer costs a page fault and a zeroed page on first touch, and on this
/// kind of virtual machine more. Measured on medium (1M transfers, two threads, the cycle
/// finder's rank-numbered copy of the lists, 27 MB): 34-37 ms into fresh memory, 5-6 ms into
/// memory a previous search used; the unfiltered copy 11-13 ms against 5-7. So a buffer given back
/// waits in the pool (at most `keptLimit` buffers and `keptBytesLimit` bytes), the next search of
/// about the same size takes it, and buffers nobody took for `idleDrain` are freed: a server is
/// back at its resting memory a few seconds after its last search. `releaseKept()` frees them
/// at once (the service calls it when it hands free memory back to the system).
///
/// **Why 2 MiB pages.** The searches read the lists at random, a few cache lines per account
/// reached: with 4 KiB pages 27 MB of lists span 6,600 pages, more than the processor's
/// translation cache holds, and each miss there walks the page tables (twice over, under a
/// hypervisor). Buffers of 2 MiB or more are aligned to and sized in 2 MiB pages and advised
/// `MADV_HUGEPAGE`: measured on medium, the cycle search phase took 129-145 ms against 141-172 ms.
/// Smaller buffers come from the C allocator and are not kept.
final class BufferPool: @unchecked Sendable {
    /// The pool of the temporal searches' transfer-list copies.
    static let searches = BufferPool(keptLimit: 8, keptBytesLimit: 4 << 30, idleDrain: .seconds(10))

    static let hugePage = 2 << 20

    let keptLimit: Int
    let keptBytesLimit: Int
    let idleDrain: DispatchTimeInterval

    private let lock = DispatchSemaphore(value: 1)
    /// Buffers waiting for reuse.
    private var kept: [(pointer: UnsafeMutableRawPointer, bytes: Int)] = []
    /// The size of each pooled buffer out on loan, by address.
    private var lent: [UnsafeMutableRawPointer: Int] = [:]
    /// Bumped by every take and give-back; the idle drain frees the kept buffers only if it did not move.
    private var generation = 0
    private var drainScheduled = false

    init(keptLimit: Int, keptBytesLimit: Int, idleDrain: DispatchTimeInterval) {
        self.keptLimit = keptLimit
        self.keptBytesLimit = keptBytesLimit
        self.idleDrain = idleDrain
    }

    deinit {
        for buffer in kept { free(buffer.pointer) }
    }

    /// A buffer for `count` values of `T`, uninitialized: for 2 MiB or more, the smallest kept
    /// buffer that fits and is at most twice the size, else a new one; smaller, the C allocator's.
    /// Hand it back with `giveBack`.
    func take<T>(_ type: T.Type, count: Int) -> UnsafeMutableBufferPointer<T> {
        let bytes = count * MemoryLayout<T>.stride
        if bytes < Self.hugePage { return .allocate(capacity: count) }
        let rounded = (bytes + Self.hugePage - 1) / Self.hugePage * Self.hugePage
        let pointer: UnsafeMutableRawPointer = locked {
            generation += 1
            var best = -1
            for (i, buffer) in kept.enumerated()
            where buffer.bytes >= rounded && buffer.bytes <= 2 * rounded && (best < 0 || buffer.bytes < kept[best].bytes) {
                best = i
            }
            let buffer = best >= 0 ? kept.remove(at: best) : (pointer: Self.allocate(rounded), bytes: rounded)
            lent[buffer.pointer] = buffer.bytes
            return buffer.pointer
        }
        return UnsafeMutableBufferPointer(start: pointer.bindMemory(to: T.self, capacity: count), count: count)
    }

    /// Takes back a buffer from `take` (its values need no deinitialization): kept for reuse while
    /// the limits allow, freed otherwise.
    func giveBack<T>(_ buffer: UnsafeMutableBufferPointer<T>) {
        guard let base = buffer.baseAddress else { return }
        let pointer = UnsafeMutableRawPointer(base)
        let outcome: (pooled: Bool, kept: Bool, schedule: Bool) = locked {
            guard let bytes = lent.removeValue(forKey: pointer) else { return (false, false, false) }
            generation += 1
            let total = kept.reduce(bytes) { $0 + $1.bytes }
            guard kept.count < keptLimit, total <= keptBytesLimit else { return (true, false, false) }
            kept.append((pointer, bytes))
            let schedule = !drainScheduled
            drainScheduled = true
            return (true, true, schedule)
        }
        if !outcome.pooled {
            buffer.deallocate()
        } else if !outcome.kept {
            free(pointer)
        }
        if outcome.schedule { scheduleDrain(seen: locked { generation }) }
    }

    /// Frees every kept buffer; returns how many bytes that was.
    @discardableResult
    func releaseKept() -> Int {
        let buffers = locked {
            let all = kept
            kept.removeAll()
            return all
        }
        for buffer in buffers { free(buffer.pointer) }
        return buffers.reduce(0) { $0 + $1.bytes }
    }

    /// Bytes kept for reuse.
    var keptBytes: Int { locked { kept.reduce(0) { $0 + $1.bytes } } }

    /// After `idleDrain`, frees the kept buffers if nothing was taken or given back meanwhile,
    /// else looks again later.
    private func scheduleDrain(seen: Int) {
        DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + idleDrain) { [self] in
            let (idle, current) = locked { () -> (Bool, Int) in
                let idle = generation == seen || kept.isEmpty
                if idle { drainScheduled = false }
                return (idle, generation)
            }
            if idle {
                releaseKept()
            } else {
                scheduleDrain(seen: current)
            }
        }
    }

    private func locked<R>(_ body: () -> R) -> R {
        lock.wait()
        defer { lock.signal() }
        return body()
    }

    private static func allocate(_ bytes: Int) -> UnsafeMutableRawPointer {
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, hugePage, bytes) == 0, let raw else { fatalError("out of memory: \(bytes) bytes for a search buffer") }
        #if canImport(Glibc)
        _ = madvise(raw, bytes, Int32(MADV_HUGEPAGE))
        #endif
        return raw
    }
}

/// Frees the temporal searches' buffers kept for reuse (see `BufferPool`), at once instead of
/// after their idle time; returns how many bytes that was.
public enum SearchBuffers {
    @discardableResult
    public static func releaseKept() -> Int { BufferPool.searches.releaseKept() }
}
