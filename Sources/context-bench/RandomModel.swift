import Foundation
import ModelIO

/// A ConText-CIR model directory with ViT-B/32 shapes and random F32 weights (nothing downloaded,
/// nothing committed): `config.json` + `model.safetensors`, about 720 MB.
struct RandomModel {
    /// HF `CLIPConfig` defaults are ViT-B/32 already; spelled out so the benchmark's shapes are
    /// visible here and do not drift with the loader's defaults.
    static let configJSON = """
    {
      "projection_dim": 512,
      "text_config": {"vocab_size": 49408, "hidden_size": 512, "intermediate_size": 2048, "num_hidden_layers": 12,
                      "num_attention_heads": 8, "max_position_embeddings": 77, "hidden_act": "quick_gelu"},
      "vision_config": {"hidden_size": 768, "intermediate_size": 3072, "num_hidden_layers": 12, "num_attention_heads": 12,
                        "image_size": 224, "patch_size": 32, "num_channels": 3, "hidden_act": "quick_gelu"},
      "context_cir": {"cross_attn_layers": 4, "heads": 8}
    }
    """

    private var rng = SplitMix64(seed: 0x5EED)
    private(set) var tensors: [SafeTensorsWriter.Tensor] = []

    /// Writes the directory (created if missing).
    static func write(to dir: URL) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(configJSON.utf8).write(to: dir.appendingPathComponent("config.json"))
        var m = RandomModel()
        m.build()
        try SafeTensorsWriter.write(m.tensors, to: dir.appendingPathComponent("model.safetensors"))
    }

    private mutating func add(_ name: String, _ shape: [Int], std: Float = 0.02, constant: Float? = nil) {
        let n = shape.reduce(1, *)
        var values = [Float](repeating: constant ?? 0, count: n)
        if constant == nil {
            // Uniform with the requested standard deviation: cheap, and activations stay O(1).
            let a = std * 3.0.squareRoot().float
            for i in 0..<n { values[i] = (rng.unit() * 2 - 1) * a }
        }
        let bytes = values.withUnsafeBytes { [UInt8]($0) }
        tensors.append(.init(name: name, dtype: .f32, shape: shape, bytes: bytes))
    }

    private mutating func linear(_ p: String, out: Int, in i: Int, bias: Bool = true) {
        add(p + ".weight", [out, i])
        if bias { add(p + ".bias", [out]) }
    }

    private mutating func layerNorm(_ p: String, _ d: Int) {
        add(p + ".weight", [d], constant: 1)
        add(p + ".bias", [d], constant: 0)
    }

    private mutating func encoder(_ p: String, layers: Int, d: Int, f: Int) {
        for i in 0..<layers {
            let l = "\(p).encoder.layers.\(i)"
            layerNorm(l + ".layer_norm1", d)
            for n in ["q", "k", "v", "out"] { linear("\(l).self_attn.\(n)_proj", out: d, in: d) }
            layerNorm(l + ".layer_norm2", d)
            linear(l + ".mlp.fc1", out: f, in: d)
            linear(l + ".mlp.fc2", out: d, in: f)
        }
    }

    private mutating func build() {
        let dv = 768, dt = 512, p = 512
        add("vision_model.embeddings.patch_embedding.weight", [dv, 3, 32, 32])
        add("vision_model.embeddings.class_embedding", [dv])
        add("vision_model.embeddings.position_embedding.weight", [50, dv])
        layerNorm("vision_model.pre_layrnorm", dv)
        encoder("vision_model", layers: 12, d: dv, f: 3072)
        layerNorm("vision_model.post_layernorm", dv)
        add("text_model.embeddings.token_embedding.weight", [49408, dt])
        add("text_model.embeddings.position_embedding.weight", [77, dt])
        encoder("text_model", layers: 12, d: dt, f: 2048)
        layerNorm("text_model.final_layer_norm", dt)
        linear("visual_projection", out: p, in: dv, bias: false)
        linear("text_projection", out: p, in: dt, bias: false)
        for i in 0..<4 {
            layerNorm("fusion_attn_norms.\(i)", dv)
            linear("cross_attn_layers.\(i).q_proj", out: dv, in: dv)
            linear("cross_attn_layers.\(i).k_proj", out: dv, in: dt)
            linear("cross_attn_layers.\(i).v_proj", out: dv, in: dt)
            linear("cross_attn_layers.\(i).out_proj", out: dv, in: dv)
            layerNorm("fusion_ffn_norms.\(i)", dv)
            linear("fusion_ffns.\(i).0", out: 4 * dv, in: dv)
            linear("fusion_ffns.\(i).3", out: dv, in: 4 * dv)
        }
        add("attn_pooler.queries", [1, 1, dv])
        for n in ["q", "k", "v", "out"] { linear("attn_pooler.attention.\(n)_proj", out: dv, in: dv) }
        layerNorm("attn_pooler.norm", dv)
        linear("query_projection", out: p, in: dv)
    }
}

/// Deterministic generator for weights and inputs (reproducible runs, no Foundation randomness).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func unit() -> Float { Float(next() >> 40) / Float(1 << 24) }
}

private extension Double {
    var float: Float { Float(self) }
}
