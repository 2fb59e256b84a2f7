import Foundation
import ModelIO

extension TrainableModel {
    /// Loads a model directory (DESIGN §2). Tensors present under either spelling are loaded; a
    /// checkpoint without the head (a hub CLIP folder) gets a freshly initialised head exactly as
    /// the reference initialises one (`headSeed`), with `headConfig` when its config has none.
    /// - Throws: `TrainingError` naming the file and tensor at fault.
    public static func load(directory: URL, headConfig: ContextHeadConfig = ContextHeadConfig(),
                            headSeed: UInt64 = 0) throws(TrainingError) -> TrainableModel {
        let configURL = directory.appendingPathComponent("config.json")
        guard let json = try? Data(contentsOf: configURL) else { throw .io(path: configURL.path, detail: "cannot read the model config") }
        var config: CLIPConfig
        do { config = try CLIPConfig(json: json, file: configURL.path) } catch { throw .io(path: configURL.path, detail: "\(error)") }
        let hasHead = config.head != nil
        if config.head == nil { config.head = headConfig }
        let model = try TrainableModel(config: config)
        let weightsURL = directory.appendingPathComponent("model.safetensors")
        let store: WeightStore
        do { store = WeightStore(file: try SafeTensorsFile(path: weightsURL.path)) } catch {
            throw .io(path: weightsURL.path, detail: "\(error)")
        }
        let p = model.parameters
        do {
            for e in p.entries {
                if e.group == .head && !hasHead { continue }
                if e.name == "logit_scale" {
                    // The reference module keeps none; hub checkpoints store it as [] or [1].
                    p.value(e.name).pointee = Float(Foundation.log(1 / 0.07))
                    if let stored = store.resolve(e.name), let shape = store.file.header.entries[stored]?.shape,
                       shape.reduce(1, *) == 1 {
                        p.value(e.name).pointee = try store.load(e.name, shape: shape).array[0]
                    }
                    continue
                }
                let buf = try store.load(e.name, shape: e.shape)
                // The pointer is only valid while `buf` lives.
                withExtendedLifetime(buf) { p.value(e.name).update(from: buf.pointer, count: e.count) }
            }
            try store.finish()
        } catch {
            throw .io(path: weightsURL.path, detail: "\(error)")
        }
        if !hasHead { model.initializeHead(seed: headSeed) }
        return model
    }

    /// Writes a model directory the server loads unchanged (DESIGN §2): `config.json` with every
    /// field spelled out and the `context_cir` block, `model.safetensors` in `dtype` under HF and
    /// reference-head names, and the tokenizer and preprocessor files copied from `assets` when
    /// given (a model directory or the data the model was trained with).
    /// `includeHead: false` writes a plain CLIP model directory (no head tensors, no `context_cir`):
    /// what contrastive pre-training produces, so ConText training starts it with a head
    /// initialised from its own seed, as from a hub checkpoint.
    public func export(to directory: URL, dtype: SafeTensorsDType = .f32, assets: URL?, preprocessor: [String: Any]? = nil,
                       includeHead: Bool = true) throws(TrainingError) {
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: directory, withIntermediateDirectories: true)
            var json = configJSON()
            if !includeHead { json["context_cir"] = nil }
            let cfg = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
            try cfg.write(to: directory.appendingPathComponent("config.json"), options: .atomic)
            let tensors = parameters.entries.filter { includeHead || $0.group != .head }.map { e in
                SafeTensorsWriter.Tensor(name: e.name, shape: e.shape, floats: parameters.array(e.name), dtype: dtype)
            }
            try SafeTensorsWriter.write(tensors, to: directory.appendingPathComponent("model.safetensors"), metadata: ["format": "pt"])
            if let assets {
                for f in ["vocab.json", "merges.txt", "preprocessor_config.json"] {
                    let src = assets.appendingPathComponent(f), dst = directory.appendingPathComponent(f)
                    guard fm.fileExists(atPath: src.path), src.standardizedFileURL != dst.standardizedFileURL else { continue }
                    try? fm.removeItem(at: dst)
                    try Data(contentsOf: src).write(to: dst, options: .atomic)
                }
            }
            if let preprocessor {
                let data = try JSONSerialization.data(withJSONObject: preprocessor, options: [.prettyPrinted, .sortedKeys])
                try data.write(to: directory.appendingPathComponent("preprocessor_config.json"), options: .atomic)
            }
        } catch {
            throw .io(path: directory.path, detail: "export failed: \(error)")
        }
    }

    /// HF `CLIPConfig` JSON with every field written (no reliance on HF defaults).
    func configJSON() -> [String: Any] {
        let t = config.text, v = config.vision
        var out: [String: Any] = [
            "architectures": ["CLIPModel"],
            "model_type": "clip",
            "projection_dim": config.projectionDim,
            "text_config": [
                "vocab_size": t.vocabSize, "hidden_size": t.hiddenSize, "intermediate_size": t.intermediateSize,
                "num_hidden_layers": t.layers, "num_attention_heads": t.heads, "max_position_embeddings": t.maxPositions,
                "hidden_act": t.hiddenAct, "layer_norm_eps": Double(t.layerNormEps), "eos_token_id": t.eosTokenID,
                "projection_dim": config.projectionDim,
            ] as [String: Any],
            "vision_config": [
                "hidden_size": v.hiddenSize, "intermediate_size": v.intermediateSize, "num_hidden_layers": v.layers,
                "num_attention_heads": v.heads, "num_channels": v.numChannels, "image_size": v.imageSize,
                "patch_size": v.patchSize, "hidden_act": v.hiddenAct, "layer_norm_eps": Double(v.layerNormEps),
                "projection_dim": config.projectionDim,
            ] as [String: Any],
        ]
        if let h = config.head { out["context_cir"] = ["cross_attn_layers": h.crossAttnLayers, "heads": h.heads] }
        return out
    }
}
