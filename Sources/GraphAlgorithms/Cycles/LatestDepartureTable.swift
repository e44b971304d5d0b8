// The backward, time-bounded reachability pass behind 2SCENT-style pruning (Kumar & Calders,
// "2SCENT: an efficient algorithm to enumerate all simple temporal cycles in a directed graph",
// PVLDB 11(11), 2018, https://doi.org/10.14778/3229863.3229868): before a depth-first search
// goes deep, know for every account how late it may still depart and reach the target in time,
// so the search never enters an account that cannot finish. The table is shared by all the
// searches of one target, in time order, and grows as their deadline advances.
import CPrefetch
import GraphCore

/// For one target account `z`, a deadline `D` and a hop budget `K`, the latest time each
/// account can still send money that reaches `z` by a time-respecting path of at most `k`
/// transfers (every `k ≤ K`) whose timestamps are strictly increasing and `≤ D`.
///
/// `latest(x, withinHops: k)` is the largest `τ` such that some transfer `x → y` at time `τ`
/// starts such a path. A search standing at `x` at time `t` with `k` hops left can finish only
/// if that value is `> t`. The paths counted here may repeat accounts and ignore amount bands,
/// so the bound over-approximates and pruning with it never loses a result.
///
/// **Shared across searches.** The values depend on the deadline, not on when the search
/// started: a path that leaves `x` after `t` uses only transfers after `t`, so transfers before
/// a search's start can only produce values `≤ t`, which never pass the test. The searches of one
/// target come in time order (a cycle finder walks a root's out-transfers in time order; an
/// all-paths query walks the origin's), so their deadlines never decrease, and the values only
/// grow: `advance(through:)` adds the target's transfers up to the new deadline and propagates
/// each increase backwards. An account's in-transfers are scanned, per hop count, only between
/// its old and new value, so all the searches of a target together cost about what one build
/// over the union of their windows costs, instead of one build per search (measured: building
/// a table per start transfer was about two thirds of the run time of 6-hop cycles on a
/// million transfers).
///
/// Values are kept per hop count (a Bellman-Ford, not one Dijkstra-like sweep), because a
/// hop-bounded value prunes far harder in power-law graphs: a hub is reachable from almost
/// everywhere, but not within the two or three hops a deep search has left.
///
/// - Complexity: per target, O(K × Σ in-degree in the union window of the accounts reached ×
///   log d) time; O(reached accounts × K) memory, reset in time proportional to it.
struct LatestDepartureTable {
    /// An increase still to propagate: `account`'s value for `hops` grew from `old` to `new`.
    struct Raise {
        var account: Int32
        var hops: Int32
        var old: Int64
        var new: Int64
    }

    /// A logged raise: `account` can depart at `time` and arrive within `hops` transfers.
    struct LoggedRaise {
        var account: Int32
        var hops: Int32
        var time: Int64
    }

    // The memory is raw, behind classes (`ScratchVector`): through a Swift array held by this
    // struct, every write and append checked the array's uniqueness, 22 M calls in one search of
    // medium (3.7% of its instructions). So a copy of a table shares its memory: a table is used
    // in place, never copied (`seed` only reads the table it is given).

    /// Slot of each account in `values`, or -1 when the current target never reached it.
    private let slotOf: ScratchVector<Int32>
    /// Accounts that have a slot, in slot order, so a reset touches only them.
    private let touched = ScratchVector<Int32>()
    /// `values[slot * stride + k − 1]`: the latest departure within `k` hops (nondecreasing in k),
    /// for `k` in `1...maxHops` (no unused column for k = 0: for a one-hop table that halves its
    /// rows).
    private let values = ScratchVector<Int64>()
    /// Increases still to propagate.
    private var pending = ScratchVector<Raise>()
    /// The round of `pending` being scanned (two buffers swapped, so a round allocates nothing).
    private var draining = ScratchVector<Raise>()
    private var stride = 1

    // The key of the current table: what it was built for, and how far it got.
    private var target = -1
    private var excluded = -1
    private var maxHops = 0
    private var after: Int64 = .max
    private(set) var deadline: Int64 = .min
    /// The next position in the target's incoming list not yet added.
    private var targetCursor = 0

    /// With `restricted`, only accounts numbered below the target may be intermediate hops (the
    /// anchored cycle search numbers accounts by rank, and an anchor is the highest-ranked
    /// account of its cycles).
    private var restricted = false
    /// When `logsRaises`, every raise that increased a value, in order, as (account, hops, time):
    /// the anchored cycle search feeds them into its second table. Cleared by a reset.
    var logsRaises = false
    let raiseLog = ScratchVector<LoggedRaise>()

    /// A table over `accountCount` accounts; with `belowTargetOnly`, its paths may pass only
    /// through accounts numbered below the target.
    init(accountCount: Int, belowTargetOnly: Bool = false) {
        slotOf = ScratchVector(repeating: -1, count: accountCount)
        restricted = belowTargetOnly
    }

    /// Whether `account` may not be an intermediate hop of the current table's paths.
    @inline(__always)
    private func barred(_ account: Int) -> Bool {
        account == target || account == excluded || (restricted && account > target)
    }

    /// The latest departure time from `account` that still reaches the target within `hops`
    /// transfers, or `Int64.min` when it cannot. `hops` must be in `1...maxHops` of the table.
    @inline(__always)
    func latest(_ account: Int, withinHops hops: Int) -> Int64 {
        let slot = Int(slotOf.values[account])
        return slot < 0 ? .min : values.values[slot * stride + hops - 1]
    }

    /// Makes the table answer for paths into `target` whose transfers lie in `(after, through]`.
    ///
    /// Reuses the current values when they are for the same target, excluded account and hop
    /// budget, and `after` and `through` did not move backwards; otherwise starts afresh.
    ///
    /// - Parameters:
    ///   - maxHops: the largest hop count that will be queried (at least 1).
    ///   - excluded: an account that may not be an intermediate hop (the origin of a path
    ///     search), or -1; `target` is never an intermediate hop either.
    /// - Returns: true when the table started afresh (the values and the raise log were cleared).
    @discardableResult
    mutating func prepare(timeline: IncomingTimeline, target: Int, after: Int64, through: Int64, maxHops: Int, excluded: Int) -> Bool {
        var fresh = false
        if target != self.target || excluded != self.excluded || maxHops != self.maxHops || after < self.after || through < deadline {
            reset()
            fresh = true
            self.target = target
            self.excluded = excluded
            self.maxHops = maxHops
            stride = maxHops
            targetCursor = timeline.firstSlot(of: target, after: after)
        }
        self.after = after
        let end = timeline.endSlot(of: target)
        while targetCursor < end {
            let time = timeline.time(targetCursor)
            if time > through { break }
            let x = Int(timeline.sender(targetCursor))
            targetCursor += 1
            if time <= after || barred(x) { continue }
            raise(x, hops: 1, to: time)
        }
        deadline = through
        propagate(timeline)
        return fresh
    }

    /// Records, for each logged raise `(x, k, τ)` of `other` with `k ≤ limit`, that `x` can finish within `k`
    /// transfers when departing up to `τ + shift` by some rule of the caller's (the anchored
    /// search's wrap-around), then propagates what that enables. The table must be prepared;
    /// the logged accounts must not be barred here either (same target and rank limit).
    mutating func seed(fromLogOf other: LatestDepartureTable, from start: Int, shift: Int64, upToHops limit: Int, timeline: IncomingTimeline) {
        let log = other.raiseLog
        for i in start..<log.count {
            let entry = log.values[i]
            if Int(entry.hops) > limit { continue }
            raise(Int(entry.account), hops: Int(entry.hops), to: temporalSaturatingAdd(entry.time, shift))
        }
        propagate(timeline)
    }

    /// Records that `account` can depart at `time` and arrive within `hops` transfers (so within
    /// any larger hop count too), queueing every entry that grew.
    @inline(__always)
    private mutating func raise(_ account: Int, hops: Int, to time: Int64) {
        var slot = Int(slotOf.values[account])
        if slot < 0 { slot = addSlot(account) }
        let row = values.values + slot * stride
        let firstOld = row[hops - 1]
        if time <= firstOld { return }
        for k in hops...maxHops {
            if time <= row[k - 1] { break }  // values grow with k, so the larger hop counts are set too
            row[k - 1] = time
        }
        // One entry for the lowest hop count is enough: it rescans the in-transfers of every
        // higher count's range too (theirs start no earlier, as values grow with k), and the
        // `raise` it makes sets all the higher counts. One entry per raised count scanned the
        // same in-transfers once per count.
        if logsRaises { raiseLog.append(LoggedRaise(account: Int32(account), hops: Int32(hops), time: time)) }
        if hops < maxHops { pending.append(Raise(account: Int32(account), hops: Int32(hops), old: firstOld, new: time)) }
    }

    /// Drains `pending`: an account whose value for `k` hops grew from `old` to `new` lets each
    /// transfer into it at a time in `[old, new)` (and after `after`) start a `k + 1`-hop path.
    /// Earlier transfers were already counted when the value first passed them.
    ///
    /// Works in rounds: each round first reads the list bounds of every queued account and
    /// prefetches its first line (independent reads, whose cache misses the processor overlaps;
    /// a prefetch does not hold up the scans that follow as a load would), then scans them;
    /// the raises of a round queue the next. The order does not matter: each entry scans its own
    /// range of times, and `raise` only ever increases a value.
    private mutating func propagate(_ timeline: IncomingTimeline) {
        let links = timeline.links, offsets = timeline.offsets
        while pending.count > 0 {
            swap(&pending, &draining)
            let round = UnsafeBufferPointer(start: draining.values, count: draining.count)
            for item in round {
                let w = Int(item.account)
                aml_prefetch(links.baseAddress! + Int(offsets[w]))
            }
            for item in round {
                let w = Int(item.account)
                let lower = item.old == .min ? after : max(after, item.old - 1)
                var slot = timeline.firstSlot(of: w, after: lower)
                let end = timeline.endSlot(of: w)
                let hops = Int(item.hops) + 1
                while slot < end {
                    let link = links[slot]
                    let t = link.time
                    if t >= item.new { break }
                    let x = Int(link.account)
                    slot += 1
                    if barred(x) { continue }
                    raise(x, hops: hops, to: t)
                }
            }
            draining.removeAll()
        }
    }

    private mutating func reset() {
        let slots = slotOf.values
        for i in 0..<touched.count { slots[Int(touched.values[i])] = -1 }
        touched.removeAll()
        values.removeAll()
        pending.removeAll()
        raiseLog.removeAll()
        deadline = .min
        after = .min
    }

    private func addSlot(_ account: Int) -> Int {
        let s = touched.count
        slotOf.values[account] = Int32(s)
        touched.append(Int32(account))
        values.append(repeating: .min, count: stride)
        return s
    }
}
