import CIRData
import Foundation

/// A training run on disk: `out/checkpoint/` (resumable, itself a model directory),
/// `out/model/` (the final model directory for the server), `out/train.jsonl` (one JSON object
/// per optimizer step) and `out/problems.txt` (skipped data, with file and line).
public struct TrainingRun {
    public let out: URL
    /// Folder whose tokenizer and preprocessor files are copied into every written model.
    public let assetsDirectory: URL

    public init(out: URL, assetsDirectory: URL) { self.out = out; self.assetsDirectory = assetsDirectory }

    public var checkpointDirectory: URL { out.appendingPathComponent("checkpoint") }
    public var modelDirectory: URL { out.appendingPathComponent("model") }

    /// Builds the trainer for `task`, wiring logs, progress and checkpoints to the run folder.
    public func trainer(model: TrainableModel, task: any TrainingTask, state: TrainerState,
                        progress: @escaping (String) -> Void) throws(TrainingError) -> Trainer {
        do { try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true) } catch {
            throw .io(path: out.path, detail: "cannot create the run folder: \(error)")
        }
        let logURL = out.appendingPathComponent("train.jsonl")
        if !FileManager.default.fileExists(atPath: logURL.path) { _ = FileManager.default.createFile(atPath: logURL.path, contents: nil) }
        let handle = try? FileHandle(forWritingTo: logURL)
        _ = try? handle?.seekToEnd()
        let t = Trainer(model: model, task: task, state: state)
        t.log = { line in handle?.write(Data((line + "\n").utf8)) }
        t.progress = progress
        let ckpt = checkpointDirectory, assets = assetsDirectory
        t.checkpoint = { (s: TrainerState) throws(TrainingError) in try Checkpoint.save(model, state: s, to: ckpt, assets: assets) }
        return t
    }

    /// Contrastive image–caption pre-training on a caption manifest.
    public static func pretrainingTask(model: TrainableModel, captions: [CaptionRecord], assets: ModelAssets,
                                       cache: ImageCache, policy: ProblemPolicy, temperature: Float,
                                       report: @escaping (DataProblem) -> Void) -> any TrainingTask {
        let loader = ImageBatchLoader(cache: cache, policy: policy)
        loader.report = report
        return ContrastivePretrainingTask(model: model, records: captions, assets: assets, loader: loader, temperature: temperature)
    }

    /// ConText training on triplets.
    public static func composedTask(model: TrainableModel, triplets: [TripletRecord], assets: ModelAssets, cache: ImageCache,
                                    options: TrainerOptions, report: @escaping (DataProblem) -> Void,
                                    policy: ProblemPolicy) -> any TrainingTask {
        let objective = ConTextObjective(model: model)
        objective.tccWeight = options.tccWeight
        objective.concept = ConceptConsistency(epsilon: options.tccEpsilon, maxPhrases: options.maxPhrases)
        objective.contrastive = ContrastiveLoss(temperature: options.temperature)
        objective.trainBackbone = options.backboneLRScale > 0
        let loader = ImageBatchLoader(cache: cache, policy: policy)
        loader.report = report
        let examples = TripletExamples.make(triplets, assets: assets, maxPhrases: options.maxPhrases)
        return ComposedRetrievalTask(objective: objective, examples: examples, loader: loader)
    }
}
