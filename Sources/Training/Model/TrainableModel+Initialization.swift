import Foundation

extension TrainableModel {
    /// HF `CLIPPreTrainedModel._init_weights` for the towers (factor 1, initializer_range 0.02)
    /// and the reference's head initialisation (`ConText.__init__`): torch's default `nn.Linear`
    /// init (uniform ±1/√fan_in for weight and bias), zeroed `out_proj` of every fusion
    /// cross-attention and zeroed second FFN linear (each fusion block starts as the identity),
    /// pooler queries `randn · D^-½`, LayerNorms at (1, 0). Deterministic in `seed`.
    public func initializeFromScratch(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        initializeTowers(&rng)
        initializeHead(&rng)
    }

    /// Only the head, as the reference does when it starts from a hub CLIP checkpoint.
    public func initializeHead(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        initializeHead(&rng)
    }

    private func fill(_ name: String, _ f: (inout SeededRandom) -> Double, _ rng: inout SeededRandom) {
        let p = parameters.value(name)
        for i in 0..<parameters.entry(name).count { p[i] = Float(f(&rng)) }
    }

    private func normal(_ name: String, std: Double, _ rng: inout SeededRandom) { fill(name, { std * $0.normal() }, &rng) }
    private func constant(_ name: String, _ v: Float) {
        parameters.value(name).update(repeating: v, count: parameters.entry(name).count)
    }

    private func layerNorm(_ prefix: String) { constant(prefix + ".weight", 1); constant(prefix + ".bias", 0) }

    private func torchLinear(_ prefix: String, fanIn: Int, bias: Bool = true, _ rng: inout SeededRandom) {
        let bound = 1 / Double(fanIn).squareRoot()
        fill(prefix + ".weight", { bound * (2 * $0.unit() - 1) }, &rng)
        if bias { fill(prefix + ".bias", { bound * (2 * $0.unit() - 1) }, &rng) }
    }

    private func initializeTowers(_ rng: inout SeededRandom) {
        let r = 0.02
        func blocks(_ prefix: String, dim d: Int, layers n: Int) {
            let inProj = pow(Double(d), -0.5) * pow(2.0 * Double(n), -0.5), outProj = pow(Double(d), -0.5), fc = pow(2.0 * Double(d), -0.5)
            for l in 0..<n {
                let b = "\(prefix).encoder.layers.\(l)"
                for lin in ["q", "k", "v"] { normal("\(b).self_attn.\(lin)_proj.weight", std: inProj, &rng); constant("\(b).self_attn.\(lin)_proj.bias", 0) }
                normal("\(b).self_attn.out_proj.weight", std: outProj, &rng); constant("\(b).self_attn.out_proj.bias", 0)
                normal("\(b).mlp.fc1.weight", std: fc, &rng); constant("\(b).mlp.fc1.bias", 0)
                normal("\(b).mlp.fc2.weight", std: inProj, &rng); constant("\(b).mlp.fc2.bias", 0)
                layerNorm("\(b).layer_norm1"); layerNorm("\(b).layer_norm2")
            }
        }
        let dv = config.vision.hiddenSize, dt = config.text.hiddenSize
        normal("vision_model.embeddings.class_embedding", std: pow(Double(dv), -0.5), &rng)
        normal("vision_model.embeddings.patch_embedding.weight", std: r, &rng)
        normal("vision_model.embeddings.position_embedding.weight", std: r, &rng)
        layerNorm("vision_model.pre_layrnorm")
        blocks("vision_model", dim: dv, layers: config.vision.layers)
        layerNorm("vision_model.post_layernorm")
        normal("visual_projection.weight", std: pow(Double(dv), -0.5), &rng)
        normal("text_model.embeddings.token_embedding.weight", std: r, &rng)
        normal("text_model.embeddings.position_embedding.weight", std: r, &rng)
        blocks("text_model", dim: dt, layers: config.text.layers)
        layerNorm("text_model.final_layer_norm")
        normal("text_projection.weight", std: pow(Double(dt), -0.5), &rng)
        constant("logit_scale", Float(Foundation.log(1 / 0.07)))
    }

    private func initializeHead(_ rng: inout SeededRandom) {
        let d = config.vision.hiddenSize, dt = config.text.hiddenSize
        for i in 0..<head.layers {
            let c = "cross_attn_layers.\(i)"
            torchLinear(c + ".q_proj", fanIn: d, &rng)
            torchLinear(c + ".k_proj", fanIn: dt, &rng)
            torchLinear(c + ".v_proj", fanIn: dt, &rng)
            constant(c + ".out_proj.weight", 0); constant(c + ".out_proj.bias", 0)
            layerNorm("fusion_attn_norms.\(i)"); layerNorm("fusion_ffn_norms.\(i)")
            torchLinear("fusion_ffns.\(i).0", fanIn: d, &rng)
            constant("fusion_ffns.\(i).3.weight", 0); constant("fusion_ffns.\(i).3.bias", 0)
        }
        normal("attn_pooler.queries", std: pow(Double(d), -0.5), &rng)
        for lin in ["q", "k", "v", "out"] { torchLinear("attn_pooler.attention.\(lin)_proj", fanIn: d, &rng) }
        layerNorm("attn_pooler.norm")
        torchLinear("query_projection", fanIn: d, &rng)
    }
}
