import ArgumentParser
import CIRData
import Foundation
import ModelIO
import Training

/// `context-train train`: ConText training (cir_infonce + λ·TCC) on a triplet manifest or a CIRR
/// release, from a model directory (a hub CLIP folder gets a fresh head) or a checkpoint.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train", abstract: "Train ConText-CIR on triplets.")

    @Option(help: "Start from this model directory (hub CLIP folder, pre-trained or ConText model).") var model: String?
    @Option(help: "config.json of a new model (random weights); needs --assets.") var config: String?
    @Option(help: "Resume from a checkpoint folder (<out>/checkpoint).") var resume: String?
    @Option(help: "Folder with the tokenizer files (default: the model directory).") var assets: String?
    @Option(help: "Triplet manifest (JSON lines).") var triplets: String?
    @Option(help: "Image root of the manifest (default: its folder).") var imageRoot: String?
    @Option(help: "CIRR release root (captions/, image_splits/, images); trains on its train split.") var cirr: String?
    @Option(help: "Run folder (checkpoint/, model/, train.jsonl).") var out: String
    @Option(help: "Fusion layers of a new head (a model without one). Reference: 4.") var headLayers: Int = 4
    @Option(help: "Attention heads of a new head; must divide both widths. Reference: 8.") var headHeads: Int = 8
    @OptionGroup var flags: TrainingFlags

    func validate() throws {
        guard (triplets == nil) != (cirr == nil) else { throw ValidationError("give exactly one of --triplets and --cirr") }
    }

    func run() throws {
        let (m, state, assetsDir) = try RunSetup.model(config: config, model: model, resume: resume, assets: assets,
                                                       options: flags.options,
                                                       head: ContextHeadConfig(crossAttnLayers: headLayers, heads: headHeads))
        let modelAssets = try ModelAssets(directory: assetsDir, imageSize: m.config.vision.imageSize)
        let records = try RunSetup.triplets(manifest: triplets, imageRoot: imageRoot, cirr: cirr, split: .train, policy: flags.policy).records
        let run = TrainingRun(out: URL(fileURLWithPath: out), assetsDirectory: assetsDir)
        let cache = ImageCache(preprocessor: modelAssets.preprocessor)
        let task = TrainingRun.composedTask(model: m, triplets: records, assets: modelAssets, cache: cache, options: state.options,
                                            report: { RunSetup.report([$0]) }, policy: flags.policy)
        try RunSetup.train(run: run, model: m, task: task, state: state)
    }
}
