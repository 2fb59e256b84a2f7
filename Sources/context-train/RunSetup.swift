import CIRData
import Foundation
import ModelIO
import Training

/// What `pretrain`, `train` and `eval` share: where the model comes from, loading the data,
/// reporting problems, running the trainer with a progress line and exporting the result.
enum RunSetup {
    /// The model and state to start from: a checkpoint (resume), a model directory, or fresh
    /// weights from a config.json. Returns the folder holding the tokenizer files too.
    static func model(config: String?, model: String?, resume: String?, assets: String?, options: TrainerOptions,
                      head: ContextHeadConfig = ContextHeadConfig()) throws -> (TrainableModel, TrainerState, URL) {
        let given = [config, model, resume].compactMap { $0 }
        guard given.count == 1 else { throw TrainingError.invalid("give exactly one of --config, --model and --resume") }
        if let resume {
            let dir = URL(fileURLWithPath: resume)
            let (m, state) = try Checkpoint.load(from: dir)
            eprint("resuming at step \(state.step) (epoch \(state.epoch)) from \(dir.path)")
            return (m, state, assets.map { URL(fileURLWithPath: $0) } ?? dir)
        }
        if let model {
            let dir = URL(fileURLWithPath: model)
            let m = try TrainableModel.load(directory: dir, headConfig: head, headSeed: options.seed)
            return (m, TrainerState(options: options), assets.map { URL(fileURLWithPath: $0) } ?? dir)
        }
        guard let config, let assets else { throw TrainingError.invalid("--config needs --assets (the tokenizer files)") }
        let url = URL(fileURLWithPath: config)
        guard let data = try? Data(contentsOf: url) else { throw TrainingError.io(path: url.path, detail: "cannot read") }
        var c = try CLIPConfig(json: data, file: url.path)
        if c.head == nil { c.head = head }
        let m = try TrainableModel(config: c)
        m.initializeFromScratch(seed: options.seed)
        return (m, TrainerState(options: options), URL(fileURLWithPath: assets))
    }

    /// Triplets from a manifest or a CIRR split.
    static func triplets(manifest: String?, imageRoot: String?, cirr: String?, split: CIRRSplit,
                         policy: ProblemPolicy) throws -> (records: [TripletRecord], gallery: [ImageRef], origin: DataOrigin) {
        if let manifest {
            let url = URL(fileURLWithPath: manifest)
            let r = try TripletManifest.load(from: url, options: ManifestOptions(imageRoot: imageRoot.map { URL(fileURLWithPath: $0) },
                                                                                  checkImages: true, policy: policy))
            report(r.problems)
            return (r.records, ImageRef.union(of: r.records), DataOrigin(file: url.path))
        }
        let root = URL(fileURLWithPath: cirr!)
        let d = try CIRRDataset.load(root: root, split: split, options: CIRROptions(checkImages: true, policy: policy))
        report(d.problems)
        return (d.triplets, d.gallery, DataOrigin(file: root.appendingPathComponent("image_splits").path))
    }

    /// A CIRCO split, and the origin its gallery images' problems are reported against (COCO's
    /// image list, where they are named).
    static func circo(root: String, split: CIRCOSplit, imageRoot: String?, policy: ProblemPolicy) throws -> (CIRCOSplitData, DataOrigin) {
        let url = URL(fileURLWithPath: root)
        let options = CIRCOOptions(imageRoot: imageRoot.map { URL(fileURLWithPath: $0) }, checkImages: true, policy: policy)
        let data = try CIRCODataset.load(root: url, split: split, options: options)
        report(data.problems)
        return (data, DataOrigin(file: url.appendingPathComponent("COCO2017_unlabeled/annotations/image_info_unlabeled2017.json").path))
    }

    static func report(_ problems: [DataProblem]) {
        for p in problems { eprint("skipped: \(p)") }
    }

    /// Runs the trainer with a progress line, then exports the final model directory.
    static func train(run: TrainingRun, model: TrainableModel, task: any TrainingTask, state: TrainerState, includeHead: Bool = true) throws {
        guard task.exampleCount >= state.options.batchSize else {
            throw TrainingError.invalid("\(task.exampleCount) usable examples, fewer than one batch of \(state.options.batchSize)")
        }
        let line = ProgressLine(label: "train")
        let trainer = try run.trainer(model: model, task: task, state: state, progress: { line.show($0) })
        let last = try trainer.run()
        line.finish()
        try model.export(to: run.modelDirectory, dtype: .f32, assets: run.assetsDirectory, includeHead: includeHead)
        let s = trainer.state
        print(String(format: "%d steps, %.1f s, %.2f examples/s; last loss %.4f (tcc %.4f); model: %@",
                     s.step, s.seconds, Double(s.step * s.options.batchSize * s.options.accumulation) / max(s.seconds, 1e-9),
                     last?.total ?? .nan, last?.conceptConsistency ?? .nan, run.modelDirectory.path))
    }
}

func eprint(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }
