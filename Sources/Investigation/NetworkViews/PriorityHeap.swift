// A binary heap: the best-first cut of a network view pops the highest-amount transfer next.

/// A binary heap; `first` is the element for which `ordered(first, x)` holds for every other x.
struct PriorityHeap<Element> {
    private var items: [Element] = []
    private let ordered: (Element, Element) -> Bool

    /// `ordered(a, b)` is true when `a` must come out before `b`.
    init(_ ordered: @escaping (Element, Element) -> Bool) {
        self.ordered = ordered
    }

    var isEmpty: Bool { items.isEmpty }

    mutating func push(_ element: Element) {
        items.append(element)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard ordered(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Element? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var best = parent
            if left < items.count, ordered(items[left], items[best]) { best = left }
            if right < items.count, ordered(items[right], items[best]) { best = right }
            if best == parent { break }
            items.swapAt(parent, best)
            parent = best
        }
        return top
    }
}
