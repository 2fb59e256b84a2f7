import Tensor

/// Looks up a checkpoint's tensors by their HF `CLIPModel` names, accepting the reference
/// ConText module's spellings too, converts them to float32 and checks shapes (DESIGN §2).
/// It records what was used so `finish()` can reject tensors nobody asked for: a misspelled or
/// foreign tensor must be an error, not a silently ignored weight.
public final class WeightStore: @unchecked Sendable {
    public let file: SafeTensorsFile
    private var used: Set<String> = []

    /// Prefixes under which the reference module stores the HF backbones.
    private static let aliases: [(hf: String, reference: String)] = [
        ("text_model.", "text_encoder.model.text_model."),
        ("vision_model.", "vision_encoder.model.vision_model."),
    ]

    public init(file: SafeTensorsFile) { self.file = file }

    /// The stored name of a logical (HF) tensor name, if present under either spelling.
    public func resolve(_ name: String) -> String? {
        if file.header.entries[name] != nil { return name }
        for a in Self.aliases where name.hasPrefix(a.hf) {
            let alt = a.reference + name.dropFirst(a.hf.count)
            if file.header.entries[alt] != nil { return alt }
        }
        return nil
    }

    /// Whether a tensor exists under either spelling.
    public func contains(_ name: String) -> Bool { resolve(name) != nil }

    /// Loads a float tensor of exactly `shape` into a new buffer.
    /// - Throws: `ModelLoadError` naming the tensor (missing, wrong shape, non-float dtype).
    public func load(_ name: String, shape: [Int]) throws(ModelLoadError) -> FloatBuffer {
        guard let stored = resolve(name), let e = file.header.entries[stored] else {
            throw .missingTensor(file: file.path, name: name)
        }
        guard e.dtype.isFloatWeight else { throw .wrongDType(file: file.path, name: stored, dtype: e.dtype.rawValue) }
        guard e.shape == shape else { throw .wrongShape(file: file.path, name: stored, expected: shape, actual: e.shape) }
        let buf = FloatBuffer(count: e.elementCount)
        file.readFloats(e, into: buf.pointer)
        used.insert(stored)
        return buf
    }

    /// Loads a tensor if present under either spelling.
    public func loadIfPresent(_ name: String, shape: [Int]) throws(ModelLoadError) -> FloatBuffer? {
        guard contains(name) else { return nil }
        return try load(name, shape: shape)
    }

    /// Marks present-but-unneeded known tensors as accounted for.
    public func ignore(_ name: String) { if let s = resolve(name) { used.insert(s) } }

    /// Throws if a tensor was neither loaded nor ignored. `parser.*` (duplicates the reference
    /// module keeps) and `position_ids` buffers (older HF checkpoints) are always ignored.
    public func finish() throws(ModelLoadError) {
        let unknown = file.header.entries.keys.filter { name in
            !used.contains(name) && !name.hasPrefix("parser.") && !name.hasSuffix("position_ids")
        }.sorted()
        if !unknown.isEmpty { throw .unknownTensors(file: file.path, names: unknown) }
    }
}
