import Autograd
import Foundation

extension TrainableModel {
    /// L2-normalised embeddings computed by the training forward pass (no gradients), in chunks
    /// of `chunk` items so memory stays bounded on large galleries. These are what evaluation
    /// ranks with, and what the exported model directory must reproduce in the server.
    public func imageEmbeddings(pixels: [Float], count n: Int, chunk: Int = 64, arena: ActivationArena = ActivationArena()) -> [Float] {
        let per = config.vision.numChannels * config.vision.imageSize * config.vision.imageSize, pd = config.projectionDim
        precondition(pixels.count == n * per)
        var out = [Float](repeating: 0, count: n * pd)
        var start = 0
        while start < n {
            let m = min(chunk, n - start)
            pixels.withUnsafeBufferPointer { px in
                let (_, e) = vision.forward(parameters, pixels: px.baseAddress! + start * per, batch: m, arena: arena, key: "embed.vision")
                out.withUnsafeMutableBufferPointer { o in
                    let norms = arena.buffer("embed.norms", m)
                    L2NormalizeOp.forward(x: e, y: o.baseAddress! + start * pd, norms: norms, rows: m, dim: pd)
                }
            }
            start += m
        }
        return out
    }

    /// Text-only embeddings (`text_projection` of the EOS state), L2-normalised, `[N, proj]`.
    public func textEmbeddings(ids: [[Int32]], chunk: Int = 256, arena: ActivationArena = ActivationArena()) -> [Float] {
        let pd = config.projectionDim
        var out = [Float](repeating: 0, count: ids.count * pd)
        var start = 0
        while start < ids.count {
            let m = min(chunk, ids.count - start)
            let (_, e) = text.forward(parameters, ids: Array(ids[start..<(start + m)]), arena: arena, key: "embed.text")
            out.withUnsafeMutableBufferPointer { o in
                L2NormalizeOp.forward(x: e, y: o.baseAddress! + start * pd, norms: arena.buffer("embed.norms", m), rows: m, dim: pd)
            }
            start += m
        }
        return out
    }

    /// Composed-query embeddings (the head's `query_projection`), L2-normalised, `[N, proj]`.
    public func queryEmbeddings(pixels: [Float], ids: [[Int32]], chunk: Int = 64, arena: ActivationArena = ActivationArena()) -> [Float] {
        let per = config.vision.numChannels * config.vision.imageSize * config.vision.imageSize, pd = config.projectionDim
        precondition(pixels.count == ids.count * per)
        var out = [Float](repeating: 0, count: ids.count * pd)
        var start = 0
        while start < ids.count {
            let m = min(chunk, ids.count - start)
            let sub = Array(ids[start..<(start + m)])
            pixels.withUnsafeBufferPointer { px in
                let (last, _) = vision.forward(parameters, pixels: px.baseAddress! + start * per, batch: m, arena: arena, key: "embed.vision")
                let (states, _) = text.forward(parameters, ids: sub, arena: arena, key: "embed.text")
                let q = head.forward(parameters, vision: last, text: states, segments: TextTower.segments(sub), arena: arena, key: "embed.head")
                out.withUnsafeMutableBufferPointer { o in
                    L2NormalizeOp.forward(x: q, y: o.baseAddress! + start * pd, norms: arena.buffer("embed.norms", m), rows: m, dim: pd)
                }
            }
            start += m
        }
        return out
    }
}
