/// Scratch memory for one forward pass: a few aligned buffers reused between layers so the hot
/// path allocates once per call, not once per layer or per element.
public struct Workspace: ~Copyable {
    private var buffers: [FloatBuffer] = []

    public init() {}

    /// Returns scratch slot `slot` with room for at least `count` floats. Contents are undefined
    /// (whatever the previous user left) and stay valid until the next request for the same slot.
    public mutating func scratch(_ slot: Int, count: Int) -> UnsafeMutablePointer<Float> {
        while buffers.count <= slot { buffers.append(FloatBuffer(count: 0)) }
        if buffers[slot].count < count { buffers[slot] = FloatBuffer(count: count) }
        return buffers[slot].pointer
    }
}
