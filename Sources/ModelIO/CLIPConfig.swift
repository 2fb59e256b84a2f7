import Foundation

/// HF `CLIPConfig` as `config.json` stores it, plus the ConText head block. `save_pretrained`
/// omits fields equal to HF's defaults, so every field falls back to the default of
/// transformers' `CLIPTextConfig` / `CLIPVisionConfig` / `CLIPConfig` (DESIGN §3).
public struct CLIPConfig: Sendable, Equatable {
    public var text: CLIPTextConfig
    public var vision: CLIPVisionConfig
    /// Width of the shared embedding space (`visual_projection` / `text_projection` outputs).
    public var projectionDim: Int
    /// The ConText fusion head, when the checkpoint has one.
    public var head: ContextHeadConfig?

    public init(text: CLIPTextConfig, vision: CLIPVisionConfig, projectionDim: Int, head: ContextHeadConfig?) {
        self.text = text; self.vision = vision; self.projectionDim = projectionDim; self.head = head
    }

    /// Parses `config.json` bytes; `file` names the source in errors.
    public init(json: Data, file: String = "config.json") throws(ModelLoadError) {
        let obj: [String: Any]
        do {
            guard let o = try JSONSerialization.jsonObject(with: json) as? [String: Any] else {
                throw ModelLoadError.badConfig(file: file, detail: "not a JSON object")
            }
            obj = o
        } catch let e as ModelLoadError { throw e } catch { throw .badConfig(file: file, detail: "not valid JSON") }
        let reader = ConfigReader(file: file)
        text = try CLIPTextConfig(reader.object(obj, "text_config"), reader: reader)
        vision = try CLIPVisionConfig(reader.object(obj, "vision_config"), reader: reader)
        projectionDim = try reader.int(obj, "projection_dim", default: 512)
        if let h = obj["context_cir"] {
            guard let hd = h as? [String: Any] else { throw .badConfig(file: file, detail: "context_cir is not an object") }
            head = try ContextHeadConfig(hd, reader: reader)
        } else {
            head = nil
        }
        try validate(file: file)
    }

    private func validate(file: String) throws(ModelLoadError) {
        func check(_ ok: Bool, _ msg: String) throws(ModelLoadError) { if !ok { throw .badConfig(file: file, detail: msg) } }
        try check(text.hiddenSize % text.heads == 0, "text_config.hidden_size \(text.hiddenSize) is not divisible by num_attention_heads \(text.heads)")
        try check(vision.hiddenSize % vision.heads == 0, "vision_config.hidden_size \(vision.hiddenSize) is not divisible by num_attention_heads \(vision.heads)")
        try check(vision.imageSize % vision.patchSize == 0, "vision_config.image_size \(vision.imageSize) is not a multiple of patch_size \(vision.patchSize)")
        if let head {
            try check(vision.hiddenSize % head.heads == 0, "context_cir.heads \(head.heads) does not divide the vision width \(vision.hiddenSize)")
            try check(text.hiddenSize % head.heads == 0, "context_cir.heads \(head.heads) does not divide the text width \(text.hiddenSize)")
        }
    }
}

/// HF `CLIPTextConfig` fields the model uses.
public struct CLIPTextConfig: Sendable, Equatable {
    public var vocabSize = 49408, hiddenSize = 512, intermediateSize = 2048, layers = 12, heads = 8
    public var maxPositions = 77
    public var hiddenAct = "quick_gelu"
    public var layerNormEps: Float = 1e-5
    public var eosTokenID = 49407

    public init() {}

    init(_ o: [String: Any], reader r: ConfigReader) throws(ModelLoadError) {
        vocabSize = try r.int(o, "vocab_size", default: vocabSize, min: 1)
        hiddenSize = try r.int(o, "hidden_size", default: hiddenSize, min: 1)
        intermediateSize = try r.int(o, "intermediate_size", default: intermediateSize, min: 1)
        layers = try r.int(o, "num_hidden_layers", default: layers, min: 0)
        heads = try r.int(o, "num_attention_heads", default: heads, min: 1)
        maxPositions = try r.int(o, "max_position_embeddings", default: maxPositions, min: 2)
        hiddenAct = try r.string(o, "hidden_act", default: hiddenAct)
        layerNormEps = try r.float(o, "layer_norm_eps", default: layerNormEps)
        eosTokenID = try r.int(o, "eos_token_id", default: eosTokenID)
    }
}

/// HF `CLIPVisionConfig` fields the model uses.
public struct CLIPVisionConfig: Sendable, Equatable {
    public var hiddenSize = 768, intermediateSize = 3072, layers = 12, heads = 12
    public var numChannels = 3, imageSize = 224, patchSize = 32
    public var hiddenAct = "quick_gelu"
    public var layerNormEps: Float = 1e-5

    public init() {}

    /// Tokens per image: one per patch plus CLS.
    public var tokens: Int { (imageSize / patchSize) * (imageSize / patchSize) + 1 }

    init(_ o: [String: Any], reader r: ConfigReader) throws(ModelLoadError) {
        hiddenSize = try r.int(o, "hidden_size", default: hiddenSize, min: 1)
        intermediateSize = try r.int(o, "intermediate_size", default: intermediateSize, min: 1)
        layers = try r.int(o, "num_hidden_layers", default: layers, min: 0)
        heads = try r.int(o, "num_attention_heads", default: heads, min: 1)
        numChannels = try r.int(o, "num_channels", default: numChannels, min: 1)
        imageSize = try r.int(o, "image_size", default: imageSize, min: 1)
        patchSize = try r.int(o, "patch_size", default: patchSize, min: 1)
        hiddenAct = try r.string(o, "hidden_act", default: hiddenAct)
        layerNormEps = try r.float(o, "layer_norm_eps", default: layerNormEps)
    }
}

/// The `"context_cir"` block: the fusion head's shape.
public struct ContextHeadConfig: Sendable, Equatable {
    /// Number of cross-attention fusion layers (reference default 4).
    public var crossAttnLayers = 4
    /// Attention heads of the fusion layers and the pooler (reference default 8).
    public var heads = 8

    public init(crossAttnLayers: Int = 4, heads: Int = 8) { self.crossAttnLayers = crossAttnLayers; self.heads = heads }

    init(_ o: [String: Any], reader r: ConfigReader) throws(ModelLoadError) {
        crossAttnLayers = try r.int(o, "cross_attn_layers", default: crossAttnLayers, min: 0)
        heads = try r.int(o, "heads", default: heads, min: 1)
    }
}

/// Typed access to JSON fields with defaults and errors naming the field.
struct ConfigReader {
    let file: String

    func object(_ o: [String: Any], _ key: String) throws(ModelLoadError) -> [String: Any] {
        guard let v = o[key], !(v is NSNull) else { return [:] }
        guard let d = v as? [String: Any] else { throw .badConfig(file: file, detail: "\(key) is not an object") }
        return d
    }

    func int(_ o: [String: Any], _ key: String, default d: Int, min: Int = Int.min) throws(ModelLoadError) -> Int {
        guard let v = o[key], !(v is NSNull) else { return d }
        guard let n = v as? NSNumber, n.doubleValue == n.doubleValue.rounded(), abs(n.doubleValue) < 1e9 else {
            throw .badConfig(file: file, detail: "\(key) must be an integer")
        }
        guard n.intValue >= min else { throw .badConfig(file: file, detail: "\(key) must be at least \(min)") }
        return n.intValue
    }

    func float(_ o: [String: Any], _ key: String, default d: Float) throws(ModelLoadError) -> Float {
        guard let v = o[key], !(v is NSNull) else { return d }
        guard let n = v as? NSNumber, n.doubleValue.isFinite, n.doubleValue > 0 else { throw .badConfig(file: file, detail: "\(key) must be a positive number") }
        return n.floatValue
    }

    func string(_ o: [String: Any], _ key: String, default d: String) throws(ModelLoadError) -> String {
        guard let v = o[key], !(v is NSNull) else { return d }
        guard let s = v as? String else { throw .badConfig(file: file, detail: "\(key) must be a string") }
        return s
    }
}
