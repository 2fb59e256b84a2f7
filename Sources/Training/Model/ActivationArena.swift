import Tensor

/// Named activation buffers kept from the forward pass for the backward pass.
///
/// Buffers are reused from step to step (a buffer grows when a larger batch needs it), so a
/// training step allocates nothing once the largest batch has run. Contents are undefined until
/// written; `zeroed` clears a gradient buffer before backward accumulates into it.
public final class ActivationArena: @unchecked Sendable {
    private var buffers: [String: FloatBuffer] = [:]

    public init() {}

    /// The buffer `key` with room for `count` floats (contents undefined).
    public func buffer(_ key: String, _ count: Int) -> UnsafeMutablePointer<Float> {
        if let b = buffers[key], b.count >= count { return b.pointer }
        let b = FloatBuffer(count: max(count, 1))
        buffers[key] = b
        return b.pointer
    }

    /// The buffer `key`, set to zero over its first `count` floats.
    public func zeroed(_ key: String, _ count: Int) -> UnsafeMutablePointer<Float> {
        let p = buffer(key, count)
        p.update(repeating: 0, count: count)
        return p
    }

    /// Bytes held (for the progress line and memory planning).
    public var bytes: Int { buffers.values.reduce(0) { $0 + $1.count * 4 } }
}
