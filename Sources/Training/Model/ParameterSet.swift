import Tensor

/// Every trainable tensor of a model in one contiguous arena, under its checkpoint name.
///
/// One arena for values, one for gradients and two for AdamW's moments make the optimizer, gradient
/// clipping, zeroing and checkpointing single loops over flat memory. Names are the HF `CLIPModel`
/// and reference-head names the server's loader reads (DESIGN §2), so export is a plain dump.
/// Tensors that one matrix product reads together (q/k/v projections, the head's k/v) are allocated
/// next to each other so the forward pass runs them as one stacked product.
public final class ParameterSet: @unchecked Sendable {
    /// Which learning-rate group a tensor belongs to (reference `configure_optimizers`).
    public enum Group: String, Sendable, Codable, CaseIterable {
        /// The CLIP towers and `visual_projection`/`text_projection`/`logit_scale`.
        case backbone
        /// The ConText head (fusion layers, pooler, `query_projection`).
        case head
    }

    /// One named tensor.
    public struct Entry: Sendable {
        public let name: String
        public let shape: [Int]
        public let offset: Int
        public let group: Group
        public var count: Int { shape.reduce(1, *) }
    }

    public private(set) var entries: [Entry] = []
    private var index: [String: Int] = [:]
    public private(set) var count = 0

    /// Values, gradients and AdamW moments, each `count` floats (allocated by `seal()`).
    public private(set) var values = FloatBuffer(count: 0)
    public private(set) var grads = FloatBuffer(count: 0)
    public private(set) var adamM = FloatBuffer(count: 0)
    public private(set) var adamV = FloatBuffer(count: 0)

    public init() {}

    /// Declares a tensor; all declarations precede `seal()`. `packed: true` places the next tensor
    /// right after this one (no alignment gap) so the two read as one stacked matrix.
    public func declare(_ name: String, _ shape: [Int], group: Group, packed: Bool = false) {
        precondition(index[name] == nil, "parameter \(name) declared twice")
        let n = shape.reduce(1, *)
        index[name] = entries.count
        entries.append(Entry(name: name, shape: shape, offset: count, group: group))
        // 16-float alignment keeps every tensor on a 64-byte boundary for the vector kernels.
        count += packed ? n : (n + 15) / 16 * 16
    }

    /// Allocates the arenas (zero-filled). Pages take memory when first written, so a frozen
    /// group's gradients and moments, never written, cost nothing.
    public func seal() {
        values = FloatBuffer(lazyZeroCount: count)
        grads = FloatBuffer(lazyZeroCount: count)
        adamM = FloatBuffer(lazyZeroCount: count)
        adamV = FloatBuffer(lazyZeroCount: count)
    }

    public func entry(_ name: String) -> Entry {
        guard let i = index[name] else { preconditionFailure("unknown parameter \(name)") }
        return entries[i]
    }

    public func contains(_ name: String) -> Bool { index[name] != nil }

    /// The value storage of `name`.
    public func value(_ name: String) -> UnsafeMutablePointer<Float> { values.pointer + entry(name).offset }
    /// The gradient storage of `name`.
    public func grad(_ name: String) -> UnsafeMutablePointer<Float> { grads.pointer + entry(name).offset }

    /// Sets every gradient to zero, or only those of `groups` (a frozen backbone's gradients are
    /// never written, so a head-only step need not sweep its ~150M floats).
    public func zeroGrads(groups: Set<Group>? = nil) {
        guard let groups else { grads.pointer.update(repeating: 0, count: count); return }
        for e in entries where groups.contains(e.group) { (grads.pointer + e.offset).update(repeating: 0, count: e.count) }
    }

    /// A copy of `name`'s values.
    public func array(_ name: String) -> [Float] { Array(UnsafeBufferPointer(start: value(name), count: entry(name).count)) }
    /// A copy of `name`'s gradient.
    public func gradArray(_ name: String) -> [Float] { Array(UnsafeBufferPointer(start: grad(name), count: entry(name).count)) }
}
