import Tensor

/// The vision tower's outputs per image while the backbone is frozen: its last hidden states
/// `[T, D]` and projected embedding `[proj]` never change then, so each image runs the tower once
/// per training run instead of once per step (issue 4 item 5). Memory: `(T·D + proj)` floats
/// per image (ViT-B/32: 154 KB).
public final class VisionFeatureCache: @unchecked Sendable {
    let tokens: Int, dim: Int, projectionDim: Int
    private var rows: [String: FloatBuffer] = [:]

    init(tokens: Int, dim: Int, projectionDim: Int) { self.tokens = tokens; self.dim = dim; self.projectionDim = projectionDim }

    var count: Int { rows.count }

    func lookup(_ key: String) -> FloatBuffer? { rows[key] }

    func store(_ key: String, last: UnsafePointer<Float>, embed: UnsafePointer<Float>) {
        let b = FloatBuffer(count: tokens * dim + projectionDim)
        b.pointer.update(from: last, count: tokens * dim)
        (b.pointer + tokens * dim).update(from: embed, count: projectionDim)
        rows[key] = b
    }
}
