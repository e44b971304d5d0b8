// The depth-first enumeration behind the all-paths query: "every time-respecting simple path
// that starts with this transfer and ends with a transfer into that account" (with the target
// equal to the origin it enumerates cycles, as the cycle finder did before AnchoredCycleSearch).
import GraphCore

/// Enumerates the time-respecting simple paths that begin with a given transfer, pruned by a
/// `LatestDepartureTable` (2SCENT's backward pass) and by binary search on time-sorted lists.
///
/// One walker per thread: it owns O(accounts) scratch memory that is reused between searches.
struct TimeRespectingWalker {
    let graph: GraphSnapshot
    /// The packed incoming lists the backward table reads and the packed outgoing lists the
    /// search reads (shared by all walkers of one run; built with `outgoing: true`).
    let timeline: IncomingTimeline
    private var table: LatestDepartureTable
    private var onPath: [Bool]
    /// The transfers of the current path; a found path is handed to the visitor from here.
    private var path: [Int32] = []

    // Parameters of the running search, kept here so the recursion passes only what changes.
    private var target = 0
    private var deadline: Int64 = 0
    private var maxHops = 0
    private var ratio: ClosedRange<Double>? = nil
    private var origin = 0
    private var start: Int64 = 0
    /// How many hop layers the backward table covers, and whether it is ready for this search.
    private var layers = 0
    private var tableBuilt = false
    /// A sink for `warm`'s reads, so the optimizer keeps them.
    private var warmed = 0
    /// When set, a search stops at this instant (checked every 4,096 extensions) and sets
    /// `timedOut`, which stays set until the caller clears it.
    var stopAt: ContinuousClock.Instant?
    var timedOut = false
    private var extensions = 0

    init(graph: GraphSnapshot, timeline: IncomingTimeline) {
        precondition(timeline.outOffsets.count == graph.accountCount + 1, "the walker needs a timeline built with outgoing: true")
        self.graph = graph
        self.timeline = timeline
        table = LatestDepartureTable(accountCount: graph.accountCount)
        onPath = [Bool](repeating: false, count: graph.accountCount)
    }

    /// Calls `visit` with every path that starts with the transfer in outgoing slot `firstSlot` of
    /// the timeline (whose sender is the origin; in an unfiltered timeline the slot is the edge
    /// number), ends with a transfer into `target`, has at most `maxHops` transfers, strictly
    /// increasing timestamps all `<= deadline`, and repeats no account (except that `target`
    /// may equal the origin, which makes the path a cycle). With `amountRatio`, every transfer's
    /// amount must lie within that band times the previous transfer's amount. Only transfers the
    /// timeline holds are used; paths are handed over as snapshot edge numbers.
    ///
    /// - Returns: false when `visit` returned false (asked to stop), true otherwise.
    mutating func enumerate(
        firstSlot: Int, target: Int, deadline: Int64, maxHops: Int, amountRatio: ClosedRange<Double>?,
        visit: ([Int32]) -> Bool
    ) -> Bool {
        let first = timeline.outLinks[firstSlot]
        // The timeline's times are codes; so is the deadline from here on.
        let deadline = timeline.encoding.bound(deadline)
        let firstEdge = timeline.outEdges[firstSlot]
        let origin = Int(graph.source[Int(firstEdge)])
        let next = Int(first.account)
        let start = first.time
        if next == origin || start > deadline { return true }  // a self-loop is never simple
        path.removeAll(keepingCapacity: true)
        path.append(firstEdge)
        if next == target { return visit(.handedOver(path[...])) }  // cannot continue through the target
        guard maxHops >= 2, timeline.hasIncoming(target, after: start, through: deadline) else { return true }

        // Meet in the middle: the table covers only the last ⌊maxHops/2⌋ hops, and is built only
        // when the search first gets that close to its end. A full-depth backward pass from a hub
        // touches most of the graph and cost more than it saved (measured: 3 layers for
        // maxHops 6 ran 2.7× faster than 5, and 4 layers no faster than 3 once the table read
        // packed lists); most start transfers die before needing it at all.
        layers = max(1, min(maxHops - 1, maxHops / 2))
        tableBuilt = false
        self.origin = origin
        self.start = start
        self.target = target
        self.deadline = deadline
        self.maxHops = maxHops
        self.ratio = amountRatio
        guard maxHops - 1 > layers || canFinish(next, at: start, hops: maxHops - 1) else { return true }
        onPath[origin] = true
        onPath[next] = true
        let completed = extend(from: next, at: start, hops: 1, previousEdge: Int(firstEdge), visit: visit)
        onPath[origin] = false
        onPath[next] = false
        return completed
    }

    /// Whether `account`, reached at `time`, can still reach the target within `hops` transfers
    /// before the deadline; builds the backward table on first use.
    @inline(__always)
    private mutating func canFinish(_ account: Int, at time: Int64, hops: Int) -> Bool {
        if !tableBuilt {
            // Successive searches of one target reuse and extend the same table.
            table.prepare(
                timeline: timeline, target: target, after: start, through: deadline, maxHops: layers,
                excluded: origin == target ? -1 : origin)
            tableBuilt = true
        }
        return table.latest(account, withinHops: hops) > time
    }

    /// Extends the current path, which ends at `account` at time `time` after `hops` transfers,
    /// the last of them `previousEdge` (a snapshot edge number).
    ///
    /// Reads the packed (time, receiver) lists only: it is the innermost loop of every cycle and
    /// path search, and the amount and currency columns are read only under an amount band.
    private mutating func extend(from account: Int, at time: Int64, hops: Int, previousEdge: Int, visit: ([Int32]) -> Bool) -> Bool {
        if let stopAt {
            extensions &+= 1
            if extensions & 4_095 == 0, ContinuousClock.now > stopAt {
                timedOut = true
                return false
            }
        }
        let links = timeline.outLinks
        var edge = firstLater(in: links, Int(timeline.outOffsets[account]), Int(timeline.outOffsets[account + 1]), than: time)
        let end = Int(timeline.outOffsets[account + 1])
        let hopsLeftAfter = maxHops - hops - 1  // transfers still allowed after this one
        if hopsLeftAfter > layers { warm(links, from: edge, to: end) }
        while edge < end {
            let link = links[edge]
            let t = link.time
            if t > deadline { break }
            defer { edge += 1 }
            // The edge number (a side array) is read only for a band check or a path step.
            if let r = ratio, !Self.withinBand(r, Int(timeline.outEdges[edge]), after: previousEdge, graph) { continue }
            let w = Int(link.account)
            if w == target {
                path.append(timeline.outEdges[edge])
                let keepGoing = visit(.handedOver(path[...]))
                path.removeLast()
                if !keepGoing { return false }
            } else if hopsLeftAfter >= 1, !onPath[w], hopsLeftAfter > layers || canFinish(w, at: t, hops: hopsLeftAfter) {
                onPath[w] = true
                let linkEdge = timeline.outEdges[edge]
                path.append(linkEdge)
                let completed = extend(from: w, at: t, hops: hops + 1, previousEdge: Int(linkEdge), visit: visit)
                path.removeLast()
                onPath[w] = false
                if !completed { return false }
            }
        }
        return true
    }

    /// Touches, for each transfer in `from..<to` up to the deadline, the receiver's list bounds
    /// and first entry, before the loop that recurses into them: these reads are independent, so
    /// the processor overlaps their cache misses, where inside the loop each waited behind a
    /// whole subtree of the search. Used only above the table's layers, where every receiver is
    /// entered without a table check.
    @inline(__always)
    private mutating func warm(_ links: UnsafeMutableBufferPointer<TimedLink>, from: Int, to end: Int) {
        let offsets = timeline.outOffsets
        var sum = 0
        var edge = from
        while edge < end {
            let link = links[edge]
            if link.time > deadline { break }
            let w = Int(link.account)
            let lo = Int(offsets[w])
            sum &+= lo &+ (lo < Int(offsets[w + 1]) ? Int(truncatingIfNeeded: links[lo].time) : 0)
            edge += 1
        }
        warmed &+= sum
    }

    /// Whether `edge`'s amount lies within `band` times the amount of `previous`. Amounts in two
    /// currencies are not comparable without exchange rates, so the band applies only between
    /// hops in the same currency (a cross-currency hop passes). Compares by multiplication, so a
    /// zero previous amount needs no special case.
    @inline(__always)
    static func withinBand(_ band: ClosedRange<Double>, _ edge: Int, after previous: Int, _ graph: GraphSnapshot) -> Bool {
        guard graph.currency[edge] == graph.currency[previous] else { return true }
        let amount = graph.amount[edge], before = graph.amount[previous]
        return !(amount < band.lowerBound * before || amount > band.upperBound * before)
    }
}
