import ArgumentParser
import CIRData
import Foundation
import ModelIO
import Training

/// `context-train pretrain`: a model from scratch (random weights from a config.json) or from a
/// model directory, trained with the contrastive image–caption loss.
struct PretrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pretrain",
                                                    abstract: "Contrastive image-caption pre-training of the CLIP towers.")

    @Option(help: "config.json of a new model (random weights, seeded); needs --assets.") var config: String?
    @Option(help: "Start from this model directory instead.") var model: String?
    @Option(help: "Resume from a checkpoint folder (<out>/checkpoint).") var resume: String?
    @Option(help: "Folder with vocab.json, merges.txt (and optionally preprocessor_config.json).") var assets: String?
    @Option(help: "Caption manifest (JSON lines of {image, caption}).") var captions: String
    @Option(help: "Image root (default: the manifest's folder).") var imageRoot: String?
    @Option(help: "Run folder (checkpoint/, model/, train.jsonl).") var out: String
    @OptionGroup var flags: TrainingFlags

    func run() throws {
        let (m, state, assetsDir) = try RunSetup.model(config: config, model: model, resume: resume, assets: assets,
                                                       options: flags.options)
        let modelAssets = try ModelAssets(directory: assetsDir, imageSize: m.config.vision.imageSize)
        let loaded = try CaptionManifest.load(from: URL(fileURLWithPath: captions),
                                              options: ManifestOptions(imageRoot: imageRoot.map { URL(fileURLWithPath: $0) },
                                                                       checkImages: true, policy: flags.policy))
        RunSetup.report(loaded.problems)
        let run = TrainingRun(out: URL(fileURLWithPath: out), assetsDirectory: assetsDir)
        let cache = ImageCache(preprocessor: modelAssets.preprocessor)
        let task = TrainingRun.pretrainingTask(model: m, captions: loaded.records, assets: modelAssets, cache: cache,
                                               policy: flags.policy, temperature: state.options.temperature,
                                               report: { RunSetup.report([$0]) })
        // The head is untouched by pre-training: the model is written as plain CLIP, so ConText
        // training gives it a head initialised from its own seed.
        try RunSetup.train(run: run, model: m, task: task, state: state, includeHead: false)
    }
}
