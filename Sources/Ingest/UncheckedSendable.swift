// Moves a non-Sendable value to another thread where the code guarantees exclusive or
// read-only use by construction (documented at each use).

struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
