import Foundation
import ModelIO
import Tensor

/// The whole ConText-CIR model as the trainer sees it: the CLIP towers, the fusion head and the
/// parameter arena under checkpoint names.
public final class TrainableModel: @unchecked Sendable {
    public let config: CLIPConfig
    public let parameters = ParameterSet()
    let vision: VisionTower
    let text: TextTower
    let head: FusionHead

    /// Declares every tensor of `config` (whose `head` must be set); values start at zero.
    public init(config: CLIPConfig) throws(TrainingError) {
        guard let h = config.head else { throw .invalid("the model config has no context_cir head block") }
        guard config.vision.hiddenSize % h.heads == 0 else { throw .invalid("context_cir.heads must divide the vision width") }
        self.config = config
        vision = try VisionTower(config: config.vision, projectionDim: config.projectionDim)
        text = try TextTower(config: config.text, projectionDim: config.projectionDim)
        head = FusionHead(layers: h.crossAttnLayers, heads: h.heads, visionDim: config.vision.hiddenSize,
                          textDim: config.text.hiddenSize, projectionDim: config.projectionDim, tokens: config.vision.tokens)
        vision.declare(parameters)
        text.declare(parameters)
        parameters.declare("logit_scale", [], group: .backbone)
        head.declare(parameters)
        parameters.seal()
    }

    /// Names of the head's tensors.
    public var headParameterNames: [String] { parameters.entries.filter { $0.group == .head }.map(\.name) }

    /// Values per tensor, for tests and export.
    public func tensor(_ name: String) -> [Float] { parameters.array(name) }
}
