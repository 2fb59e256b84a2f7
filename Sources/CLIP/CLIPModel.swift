import ModelIO
import Tensor

/// The two CLIP towers and their projections into the shared embedding space.
public struct CLIPModel: Sendable {
    public let config: CLIPConfig
    public let vision: VisionTransformer
    public let text: TextTransformer
    public let visualProjection: Linear      // [P, Dv], no bias
    /// Absent from trained ConText-CIR state dicts (the reference module has none); text-only
    /// queries then need a hub checkpoint's projection.
    public let textProjection: Linear?       // [P, Dt], no bias

    /// Loads both towers from `store`; `file` names the config in errors.
    public static func load(_ s: WeightStore, config c: CLIPConfig, configFile: String) throws(ModelLoadError) -> CLIPModel {
        let vision = try VisionTransformer.load(s, config: c.vision, file: configFile)
        let text = try TextTransformer.load(s, config: c.text, file: configFile)
        let vp = try Linear.load(s, "visual_projection", in: c.vision.hiddenSize, out: c.projectionDim, bias: false)
        let tp: Linear? = s.contains("text_projection.weight")
            ? try Linear.load(s, "text_projection", in: c.text.hiddenSize, out: c.projectionDim, bias: false) : nil
        s.ignore("logit_scale")
        return CLIPModel(config: c, vision: vision, text: text, visualProjection: vp, textProjection: tp)
    }
}
