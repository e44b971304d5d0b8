// Small sets and counters of account numbers that one worker thread reuses for every seed of a
// pattern search: building a `Set`/`Dictionary` per seed (hashing, allocation) was most of the
// stack and bipartite detectors' time.

/// A set of account numbers backed by an epoch-stamped array indexed by account number, plus the
/// members in insertion order. `clear()` is O(1) (it bumps the epoch); `insert` and `contains`
/// are one array access, with no hashing and no allocation once the member list has grown.
///
/// - Complexity: 4 V bytes for V accounts, allocated once per worker.
/// Inlinable across modules: scoring counts a transfer's distinct counterparties with it, and a
/// call per insert was about 1% of a scored batch.
public struct AccountMarks {
    @usableFromInline var stamp: [UInt32]
    @usableFromInline var epoch: UInt32 = 1
    @usableFromInline var list: [Int32] = []
    /// The members in insertion order.
    public var members: [Int32] { list }

    public init(accountCount: Int) { stamp = [UInt32](repeating: 0, count: accountCount) }

    @inlinable public var count: Int { list.count }
    var isEmpty: Bool { list.isEmpty }

    @inline(__always) func contains(_ a: Int32) -> Bool { stamp[Int(a)] == epoch }

    /// Inserts `a`; returns whether it was new.
    @inlinable @inline(__always) @discardableResult
    public mutating func insert(_ a: Int32) -> Bool {
        if stamp[Int(a)] == epoch { return false }
        stamp[Int(a)] = epoch
        list.append(a)
        return true
    }

    @inlinable public mutating func clear() {
        list.removeAll(keepingCapacity: true)
        epoch &+= 1
        if epoch == 0 {
            // Wrapped after 2^32 clears: old stamps could match again, so wipe them once.
            for i in stamp.indices { stamp[i] = 0 }
            epoch = 1
        }
    }

    /// Makes this set equal to `other` (same members, same order).
    mutating func assign(_ other: AccountMarks) {
        clear()
        for a in other.members { insert(a) }
    }

    /// The members in ascending order.
    func sorted() -> [Int32] { members.sorted() }
}

/// Counters per account number with O(1) reset, the `[Int32: Int]` of a per-seed search
/// without hashing: an account not touched since the last `clear()` counts 0.
///
/// - Complexity: 8 V bytes for V accounts, allocated once per worker.
struct AccountCounts {
    private var stamp: [UInt32]
    private var value: [Int32]
    private var epoch: UInt32 = 1

    init(accountCount: Int) {
        stamp = [UInt32](repeating: 0, count: accountCount)
        value = [Int32](repeating: 0, count: accountCount)
    }

    @inline(__always) subscript(_ a: Int32) -> Int {
        stamp[Int(a)] == epoch ? Int(value[Int(a)]) : 0
    }

    @inline(__always) mutating func add(_ a: Int32, _ n: Int32 = 1) {
        if stamp[Int(a)] != epoch {
            stamp[Int(a)] = epoch
            value[Int(a)] = 0
        }
        value[Int(a)] += n
    }

    mutating func clear() {
        epoch &+= 1
        if epoch == 0 {
            for i in stamp.indices { stamp[i] = 0 }
            epoch = 1
        }
    }
}
