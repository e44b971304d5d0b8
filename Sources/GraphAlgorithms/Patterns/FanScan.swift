// The fan-out and fan-in detectors are mirror images: one account and many counterparties in a
// short window, outgoing or incoming. This is the shared per-account scan.
import GraphCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which side of an account a fan scan looks at.
enum FanDirection: Sendable {
    case outgoing, incoming
}

/// One maximal burst of an account, before it is turned into a `Finding`.
struct FanBurst {
    var account: Int32
    /// Edge numbers in time order.
    var edges: [Int32]
    /// Distinct counterparties in order of first transfer.
    var counterparties: [Int32]
    /// The scan statistic of `PatternContext.surprise`, in 0...1.
    var surprise: Double
}

/// Scans every account for bursts of transfers to (or from) many distinct counterparties.
struct FanScan: Sendable {
    var direction: FanDirection
    var window: Int64
    var minCounterparties: Int
    var ignoreRecurring: Bool
    var minSurprise: Double
    /// Bursts of an account that *has* other activity also need this share of quiet counterparties.
    var minQuietShare: Double
    var parallel: Bool
    /// Which transfers count at all (amount filters, the smurfing band).
    var eligible: @Sendable (Int) -> Bool

    /// - Complexity: O(E) plus the context's precomputation, and O(d log E) more for an account
    ///   of degree d with a burst that fails the plain surprise (the quiet counterparty checks),
    ///   plus O(b * m) for the dense core of a turned-down burst of b transfers with at most m in
    ///   one window; memory O(V) scratch per worker.
    func run(_ s: GraphSnapshot, context: PatternContext) -> [FanBurst] {
        let offsets = direction == .outgoing ? s.outOffsets : s.inOffsets
        let chunks = ParallelChunks(offsets: offsets, maxChunks: 16)
        return chunks.collect(parallel: parallel, until: context.deadline) { range in
            var scanner = BurstScanner(accountCount: s.accountCount)
            var out: [FanBurst] = []
            var edges: [Int32] = [], times: [Int64] = [], parties: [Int32] = []
            for a in range {
                edges.removeAll(keepingCapacity: true)
                times.removeAll(keepingCapacity: true)
                parties.removeAll(keepingCapacity: true)
                let degree = direction == .outgoing ? s.outDegree(a) : s.inDegree(a)
                if degree < minCounterparties { continue }
                for i in 0..<degree {
                    let e = direction == .outgoing ? Int(s.outOffsets[a]) + i : Int(s.inEdges[Int(s.inOffsets[a]) + i])
                    guard eligible(e), !(ignoreRecurring && context.isRecurring(e, horizon: window)) else { continue }
                    edges.append(Int32(e))
                    times.append(s.timestamp[e])
                    parties.append(direction == .outgoing ? s.target[e] : s.source[e])
                }
                // Transfers of `a` to (from) quiet counterparties, counted once per account and
                // only when a burst needs them (see `quietSurprise`).
                var quietTotal: Int? = nil
                /// The surprise of the quiet counterparties in `peak` alone, against the account's
                /// rate of dealing with quiet counterparties elsewhere; 0 when fewer than
                /// `minCounterparties` are quiet. A busy account's burst to accounts that exist for
                /// it alone (mules paid once) is unusual even when its payment count is not.
                func quietSurprise(_ peak: Range<Int>, duration: Int64) -> Double {
                    let quietInPeak = peak.count { quiet(s, parties[$0], around: times[$0]) }
                    guard quietInPeak >= minCounterparties else { return 0 }
                    if quietTotal == nil { quietTotal = times.indices.count { quiet(s, parties[$0], around: times[$0]) } }
                    return context.surprise(count: quietInPeak, outside: quietTotal! - quietInPeak, burstDuration: duration, window: window)
                }
                /// Whether `cps`, first paid in `r`, are quiet enough: at least `minQuietShare` of them
                /// when the account has transfers outside `r` (an account doing nothing else passes).
                func quietEnough(_ cps: [Int32], _ r: Range<Int>) -> Bool {
                    guard edges.count > r.count, minQuietShare > 0 else { return true }
                    return Double(cps.count { quiet(s, $0, around: times[r.lowerBound]) }) >= minQuietShare * Double(cps.count)
                }
                /// Distinct counterparties of `r` in order of first transfer.
                func distinctParties(_ r: Range<Int>) -> [Int32] {
                    var seen = Set<Int32>()
                    return parties[r].filter { seen.insert($0).inserted }
                }

                /// The burst's *dense core*, when the burst is unusual but its counterparties are not
                /// quiet enough (`minQuietShare`), so only with the quiet check on: the stretch
                /// of `r` whose distinct counterparties are least likely at the account's own rate,
                /// over its own length (at least `coreMinDuration`) rather than a whole window.
                /// A busy account's planted fan (ten new payees in a day from an account paying
                /// one a day) is buried in a five-day window among its ordinary payees, which
                /// dilute the quiet share below `minQuietShare`; its core is the fan itself.
                /// Reported when it is as surprising (Bonferroni over stretches of its length on
                /// the timeline and over the stretches of `r` it was picked from), as quiet as a
                /// burst must be, and holds at least `minCounterparties` quiet counterparties.
                func denseCore(_ r: Range<Int>) -> FanBurst? {
                    let floor = min(window, Self.coreMinDuration)
                    let core = scanner.densest(times: times, parties: parties, in: r, window: window, minDistinct: minCounterparties) {
                        distinct, first, last in
                        let d = max(times[last] - times[first], floor)
                        return context.logSignificance(count: distinct, outside: edges.count - (last + 1 - first), burstDuration: d, window: d)
                    }
                    guard let core else { return nil }
                    // The core was picked as the most unusual of `weighed` stretches: Bonferroni
                    // over them, so that picking is not itself what makes it look unusual (the first
                    // try, without it and for every burst turned down, let 7 fan-outs and 2 fan-ins
                    // of ordinary accounts through on medium seed 477382, at p near 0.005).
                    let surprise = 1 - min(1, exp(core.cost) * Double(core.weighed))
                    guard surprise >= minSurprise else { return nil }
                    let cps = distinctParties(core.range)
                    // The quiet payees must make a fan by themselves, as in `quietSurprise`: with
                    // three or four quiet ones in a core of five or six, two ordinary accounts
                    // (25 and 33 payments) came through on medium seed 76994.
                    let quietCount = cps.count { quiet(s, $0, around: times[core.range.lowerBound]) }
                    guard quietCount >= minCounterparties, quietEnough(cps, core.range) else { return nil }
                    return FanBurst(account: Int32(a), edges: Array(edges[core.range]), counterparties: cps, surprise: surprise)
                }
                for burst in scanner.bursts(times: times, parties: parties, window: window, minDistinct: minCounterparties) {
                    let peak = burst.peak
                    // A burst longer than two windows is sustained activity around it: only its
                    // busiest window is reported (a busy account's own payments before and after
                    // a planted fan used to stretch the burst past two windows and drop it).
                    let b = times[burst.range.upperBound - 1] - times[burst.range.lowerBound] <= 2 * window ? burst.range : peak
                    // Judged by its busiest window against the account's rate everywhere else, so
                    // an account that is busy all the time (one long burst) is not surprising.
                    let duration = times[peak.upperBound - 1] - times[peak.lowerBound]
                    var surprise = context.surprise(
                        count: burst.peakDistinct, outside: edges.count - peak.count, burstDuration: duration, window: window)
                    if surprise < minSurprise { surprise = max(surprise, quietSurprise(peak, duration: duration)) }
                    // Letting a burst through here when its quiet counterparties alone are
                    // surprising (seed 820551's fan-out hid seven mules among eleven payees) was
                    // tried: it let 8 big bursts of busy accounts through per medium seed. The
                    // dense core below finds that fan without them.
                    guard surprise >= minSurprise else { continue }
                    let cps = distinctParties(b)
                    if quietEnough(cps, b) {
                        out.append(FanBurst(account: Int32(a), edges: Array(edges[b]), counterparties: cps, surprise: surprise))
                    } else if let core = denseCore(b) {
                        // Unusual, but its payees are mostly not quiet: a busy account's ordinary
                        // payees in the window may be diluting a fan of quiet ones (see `denseCore`).
                        out.append(core)
                    }
                }
            }
            return out
        }
    }

    /// Shortest stretch a dense core is judged over: payments follow the working day, so an
    /// hour or two of them is denser than the account's daily rate says without being unusual.
    static let coreMinDuration: Int64 = 86_400

    /// Whether `account` makes or receives at most one transfer from a window before `t` to two after:
    /// a counterparty that exists for this payment only (a typical mule or dormant account).
    private func quiet(_ s: GraphSnapshot, _ account: Int32, around t: Int64) -> Bool {
        let w = TimeWindow(from: t - window, to: t + 2 * window)
        return w.outgoing(s, Int(account)).count + w.incomingSlots(s, Int(account)).count <= 1
    }
}
