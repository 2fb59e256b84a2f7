import CLIP
import Foundation
import ModelIO
import Tensor

/// A loaded model directory (DESIGN §2) and the three embeddings of DESIGN §3, all L2-normalised:
/// gallery/image (`visual_projection(pooler_output)`), composed query (the head), and text-only
/// (`text_projection(pooled text)`). Immutable and safe to share; each call allocates its own
/// scratch memory, so concurrent calls don't contend.
public final class ConTextModel: Sendable {
    public let config: CLIPConfig
    public let clip: CLIPModel
    /// Absent for hub CLIP checkpoints.
    public let head: ContextHead?
    /// Where it was loaded from.
    public let directory: URL

    public var embeddingDim: Int { config.projectionDim }
    public var imageSize: Int { config.vision.imageSize }
    /// Floats per preprocessed image: `3 · S · S`.
    public var pixelsPerImage: Int { config.vision.numChannels * imageSize * imageSize }

    init(config: CLIPConfig, clip: CLIPModel, head: ContextHead?, directory: URL) {
        self.config = config; self.clip = clip; self.head = head; self.directory = directory
    }

    /// Loads `config.json` and `model.safetensors` from `directory`.
    /// - Throws: `ModelLoadError` naming the file and tensor at fault.
    public static func loadWeights(directory: URL) throws(ModelLoadError) -> ConTextModel {
        let configURL = directory.appendingPathComponent("config.json")
        guard let json = try? Data(contentsOf: configURL) else { throw .missingFile(configURL.path) }
        let config = try CLIPConfig(json: json, file: configURL.path)
        let weightsURL = directory.appendingPathComponent("model.safetensors")
        guard FileManager.default.fileExists(atPath: weightsURL.path) else { throw .missingFile(weightsURL.path) }
        let file: SafeTensorsFile
        do { file = try SafeTensorsFile(path: weightsURL.path) } catch { throw .file(error) }
        let store = WeightStore(file: file)
        let clip = try CLIPModel.load(store, config: config, configFile: configURL.path)
        var head: ContextHead?
        if let hc = config.head {
            head = try ContextHead.load(store, config: hc, visionDim: config.vision.hiddenSize, textDim: config.text.hiddenSize,
                                        projectionDim: config.projectionDim)
        }
        try store.finish()
        // Every tensor passed through a transient row-major copy before packing. glibc serves
        // those from its heap once its mmap threshold has grown past their size, and keeps the
        // freed space: without this the server held ~440 MB of a B/32 load's garbage for good.
        FloatBuffer.releaseFreedMemory()
        return ConTextModel(config: config, clip: clip, head: head, directory: directory)
    }

    /// Gallery / image-only embeddings of preprocessed images (`[3, S, S]` each).
    public func imageEmbeddings(pixelValues images: [[Float]], trace: Trace? = nil) throws(EmbedError) -> [[Float]] {
        guard !images.isEmpty else { return [] }
        let pixels = try packPixels(images)
        var ws = Workspace()
        let v = clip.vision, d = v.width, b = images.count
        let hidden = FloatBuffer(count: b * v.tokens * d), pooled = FloatBuffer(count: b * d)
        v.forward(pixels: pixels.pointer, batch: b, hidden: hidden.pointer, pooled: pooled.pointer, workspace: &ws, trace: trace)
        trace?.record("vision.pooler_output", pooled.pointer, count: b * d)
        return project(pooled.pointer, rows: b, with: clip.visualProjection)
    }

    /// Text-only (text → image search) embeddings of tokenized texts.
    public func textEmbeddings(ids: [[Int32]], trace: Trace? = nil) throws(EmbedError) -> [[Float]] {
        guard let tp = clip.textProjection else { throw .noTextProjection }
        guard !ids.isEmpty else { return [] }
        try validate(ids)
        var ws = Workspace()
        let t = clip.text, d = t.width
        let hidden = FloatBuffer(count: ids.reduce(0) { $0 + $1.count } * d), pooled = FloatBuffer(count: ids.count * d)
        t.forward(ids: ids, hidden: hidden.pointer, pooled: pooled.pointer, workspace: &ws, trace: trace)
        trace?.record("text.last_hidden_state", hidden.pointer, count: hidden.count)
        trace?.record("text.pooler_output", pooled.pointer, count: pooled.count)
        return project(pooled.pointer, rows: ids.count, with: tp)
    }

    /// Composed-query embeddings: image `i` modified by text `i`. With a `trace`, also records each
    /// pair's layer- and head-averaged cross-attention as `head.attn_avg` (`[Tv, Tt_i]` per pair,
    /// rows the vision tokens incl. CLS, columns the real text tokens: the TCC loss's maps).
    public func queryEmbeddings(pixelValues images: [[Float]], ids: [[Int32]], trace: Trace? = nil) throws(EmbedError) -> [[Float]] {
        guard let head else { throw .noFusionHead }
        guard images.count == ids.count else { throw .batchMismatch(images: images.count, texts: ids.count) }
        guard !images.isEmpty else { return [] }
        try validate(ids)
        let pixels = try packPixels(images)
        var ws = Workspace()
        let v = clip.vision, t = clip.text, b = images.count, tv = v.tokens
        let vHidden = FloatBuffer(count: b * tv * v.width), vPooled = FloatBuffer(count: b * v.width)
        v.forward(pixels: pixels.pointer, batch: b, hidden: vHidden.pointer, pooled: vPooled.pointer, workspace: &ws, trace: trace)
        let segments = Segments(lengths: ids.map(\.count))
        let tHidden = FloatBuffer(count: segments.rows * t.width), tPooled = FloatBuffer(count: b * t.width)
        t.forward(ids: ids, hidden: tHidden.pointer, pooled: tPooled.pointer, workspace: &ws, trace: trace)
        let out = FloatBuffer(count: b * config.projectionDim)
        let maps = trace == nil ? nil : FloatBuffer(count: segments.lengths.reduce(0) { $0 + tv * $1 })
        head.forward(vision: vHidden.pointer, tokens: tv, text: tHidden.pointer, textSegments: segments, out: out.pointer,
                     workspace: &ws, trace: trace, attention: maps?.pointer)
        if let trace, let maps { trace.record("head.attn_avg", maps.pointer, count: maps.count) }
        VectorOps.l2NormalizeRows(out.pointer, rows: b, dim: config.projectionDim)
        let p = config.projectionDim
        return (0..<b).map { Array(UnsafeBufferPointer(start: out.pointer + $0 * p, count: p)) }
    }

    private func packPixels(_ images: [[Float]]) throws(EmbedError) -> FloatBuffer {
        let n = pixelsPerImage
        let buf = FloatBuffer(count: images.count * n)
        for (i, img) in images.enumerated() {
            guard img.count == n else { throw .badPixelValues(expected: n, actual: img.count) }
            img.withUnsafeBufferPointer { (buf.pointer + i * n).update(from: $0.baseAddress!, count: n) }
        }
        return buf
    }

    private func validate(_ ids: [[Int32]]) throws(EmbedError) {
        let t = config.text
        for seq in ids {
            guard !seq.isEmpty else { throw .badTokens("empty sequence (expected at least BOS and EOS)") }
            guard seq.count <= t.maxPositions else { throw .badTokens("\(seq.count) tokens exceed the context of \(t.maxPositions)") }
            if let bad = seq.first(where: { $0 < 0 || Int($0) >= t.vocabSize }) { throw .badTokens("id \(bad) outside the vocabulary of \(t.vocabSize)") }
        }
    }

    private func project(_ pooled: UnsafePointer<Float>, rows: Int, with proj: Linear) -> [[Float]] {
        let p = proj.outFeatures
        let out = FloatBuffer(count: rows * p)
        proj(pooled, rows: rows, into: out.pointer)
        VectorOps.l2NormalizeRows(out.pointer, rows: rows, dim: p)
        return (0..<rows).map { Array(UnsafeBufferPointer(start: out.pointer + $0 * p, count: p)) }
    }
}
