// Results handed from a search's scratch buffers to a visitor that keeps them.

extension Array where Element == Int32 {
    /// A new array holding `first` then `second`, of exactly their length. A search that handed
    /// over its scratch array and then cleared it for the next result made Swift reallocate the
    /// scratch at its old capacity, which malloc's rounding only ever raised: on a medium store
    /// the kept cycles grew to 3 KB each, 2.4 GB in all for one context rebuild.
    static func handedOver(_ first: ArraySlice<Int32>, _ second: ArraySlice<Int32> = []) -> [Int32] {
        [Int32](unsafeUninitializedCapacity: first.count + second.count) { buffer, count in
            count = 0
            for e in first { buffer[count] = e; count += 1 }
            for e in second { buffer[count] = e; count += 1 }
        }
    }
}
