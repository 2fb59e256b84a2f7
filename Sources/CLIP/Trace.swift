import Tensor

/// Optional recorder of named intermediate tensors, so a forward pass can be compared with the
/// reference layer by layer (names follow the golden fixtures: `vision.hidden_states.3`,
/// `head.fused.1`, …). Passing `nil` costs nothing.
public final class Trace: @unchecked Sendable {
    public private(set) var tensors: [String: [Float]] = [:]

    public init() {}

    /// Appends `count` floats to the tensor called `name` (batched passes record item by item).
    public func record(_ name: String, _ p: UnsafePointer<Float>, count: Int) {
        tensors[name, default: []].append(contentsOf: UnsafeBufferPointer(start: p, count: count))
    }
}
