// Deduplicating a sorted array in place, for the detectors' reusable per-worker buffers.

extension Array where Element: Equatable {
    /// Removes adjacent repeats (all repeats when the array is sorted).
    mutating func removeDuplicatesFromSorted() {
        guard count > 1 else { return }
        var w = 1
        for r in 1..<count where self[r] != self[w - 1] {
            self[w] = self[r]
            w += 1
        }
        removeLast(count - w)
    }
}

extension Array where Element: Hashable {
    /// The distinct elements in order of first appearance.
    func uniquedInOrder() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
