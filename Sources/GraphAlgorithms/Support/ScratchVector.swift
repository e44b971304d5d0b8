// A growable buffer of plain values for the searches' hot loops.

/// Plain values (no references) in raw memory owned by a class, for the scratch state of a
/// search held in a struct: through the class, an append or a write is a store, where a Swift
/// array stored in the struct costs a uniqueness check each time (the search's per-prefix appends
/// and per-group writes ran that check millions of times a run). The memory grows by doubling and
/// is kept until the box is freed.
final class ScratchVector<Element: BitwiseCopyable> {
    /// The live values are `values[0..<count]`; the rest is capacity.
    private(set) var values: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 64) {
        self.capacity = max(1, capacity)
        values = .allocate(capacity: self.capacity)
    }

    /// `count` copies of the zero bit pattern, as a fixed-size table.
    convenience init(zeros count: Int) {
        self.init(capacity: count)
        UnsafeMutableRawPointer(values).initializeMemory(as: UInt8.self, repeating: 0, count: count * MemoryLayout<Element>.stride)
        self.count = count
    }

    /// `count` copies of `value`, as a fixed-size table.
    convenience init(repeating value: Element, count: Int) {
        self.init(capacity: count)
        values.initialize(repeating: value, count: count)
        self.count = count
    }

    deinit { values.deallocate() }

    @inline(__always)
    subscript(index: Int) -> Element {
        get {
            precondition(index >= 0 && index < count, "index out of range")
            return values[index]
        }
        set {
            precondition(index >= 0 && index < count, "index out of range")
            values[index] = newValue
        }
    }

    @inline(__always)
    func append(_ value: Element) {
        if count == capacity { grow() }
        (values + count).initialize(to: value)
        count += 1
    }

    /// Appends `n` copies of `value`.
    @inline(__always)
    func append(repeating value: Element, count n: Int) {
        while count + n > capacity { grow() }
        (values + count).initialize(repeating: value, count: n)
        count += n
    }

    /// Forgets the values, keeping the memory.
    func removeAll() { count = 0 }

    private func grow() {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: 2 * capacity)
        bigger.moveInitialize(from: values, count: count)
        values.deallocate()
        values = bigger
        capacity *= 2
    }
}
