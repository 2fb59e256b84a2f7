import CIRData
import Foundation
import ModelIO
import XCTest
@testable import Training

/// The training loop on the tiny synthetic benchmark: it learns, it is deterministic, and a run
/// interrupted and resumed from its checkpoint ends bit-identical to an uninterrupted one.
final class TrainerTests: XCTestCase {
    private func options(steps: Int) -> TrainerOptions {
        var o = TrainerOptions()
        o.maxSteps = steps; o.epochs = 100; o.batchSize = 4; o.learningRate = 1e-3; o.warmupSteps = 1; o.seed = 7
        o.checkpointEvery = 0
        return o
    }

    private func run(_ model: TrainableModel, state: TrainerState, out: URL, stoppingAfter: Int? = nil) throws -> Trainer {
        let assets = try TrainingFixture.assets()
        let task = TrainingRun.composedTask(model: model, triplets: try TrainingFixture.triplets(), assets: assets,
                                            cache: ImageCache(preprocessor: assets.preprocessor), options: state.options,
                                            report: { _ in }, policy: .fail)
        let trainer = try TrainingRun(out: out, assetsDirectory: TrainingFixture.tokenizerDirectory)
            .trainer(model: model, task: task, state: state, progress: { _ in })
        try trainer.run(stoppingAfter: stoppingAfter)
        return trainer
    }

    func testInterruptedRunResumesToTheSameWeightsAsAnUninterruptedOne() throws {
        let a = TrainingFixture.temporaryDirectory("run-a"), b = TrainingFixture.temporaryDirectory("run-b")
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        let straight = try TrainingFixture.model()
        _ = try run(straight, state: TrainerState(options: options(steps: 6)), out: a)

        let first = try TrainingFixture.model()
        let stopped = try run(first, state: TrainerState(options: options(steps: 6)), out: b, stoppingAfter: 3)
        XCTAssertEqual(stopped.state.step, 3)
        let (resumed, state) = try Checkpoint.load(from: b.appendingPathComponent("checkpoint"))
        XCTAssertEqual(state.step, 3)
        let finished = try run(resumed, state: state, out: b)
        XCTAssertEqual(finished.state.step, 6)

        for e in straight.parameters.entries {
            XCTAssertEqual(straight.parameters.array(e.name), resumed.parameters.array(e.name), "\(e.name) differs after resume")
        }
        let log = try String(contentsOf: b.appendingPathComponent("train.jsonl"), encoding: .utf8)
        XCTAssertEqual(log.split(separator: "\n").count, 6, "one JSON line per optimizer step across both runs")
    }

    func testTrainingLowersTheLossAndChangesOnlyTrainableGroups() throws {
        let m = try TrainingFixture.model()
        let before = m.parameters.array("vision_model.encoder.layers.0.mlp.fc1.weight")
        var o = options(steps: 12)
        o.backboneLRScale = 0
        let out = TrainingFixture.temporaryDirectory("run-frozen")
        defer { try? FileManager.default.removeItem(at: out) }
        let assets = try TrainingFixture.assets()
        let task = TrainingRun.composedTask(model: m, triplets: try TrainingFixture.triplets(), assets: assets,
                                            cache: ImageCache(preprocessor: assets.preprocessor), options: o, report: { _ in }, policy: .fail)
        var losses: [Float] = []
        let trainer = try TrainingRun(out: out, assetsDirectory: TrainingFixture.tokenizerDirectory)
            .trainer(model: m, task: task, state: TrainerState(options: o), progress: { _ in })
        trainer.log = { line in
            if let r = line.range(of: #""loss":([0-9.]+)"#, options: .regularExpression) {
                losses.append(Float(line[r].dropFirst(7))!)
            }
        }
        try trainer.run()
        XCTAssertEqual(losses.count, 12)
        XCTAssertLessThan(losses.suffix(3).reduce(0, +), losses.prefix(3).reduce(0, +), "loss did not go down: \(losses)")
        XCTAssertEqual(before, m.parameters.array("vision_model.encoder.layers.0.mlp.fc1.weight"), "a frozen backbone moved")
        let composed = task as! ComposedRetrievalTask
        XCTAssertGreaterThan(composed.objective.featureCache.count, 0, "frozen backbone should cache vision features")

        // The frozen backbone's moments stay zero and are left out of the checkpoint; the head's
        // are there, and loading restores both exactly.
        let dir = out.appendingPathComponent("frozen-checkpoint")
        try Checkpoint.save(m, state: trainer.state, to: dir, assets: nil)
        let stored = try SafeTensorsFile(path: dir.appendingPathComponent("optimizer.safetensors").path).header.entries.keys
        let p = m.parameters
        for e in p.entries where e.group == .backbone {
            XCTAssertFalse(stored.contains("m." + e.name) || stored.contains("v." + e.name), "\(e.name): frozen, yet moments stored")
        }
        XCTAssertTrue(p.entries.contains { $0.group == .head && stored.contains("m." + $0.name) }, "the head's moments are stored")
        let (loaded, _) = try Checkpoint.load(from: dir)
        for e in p.entries {
            XCTAssertEqual(Array(UnsafeBufferPointer(start: loaded.parameters.adamM.pointer + e.offset, count: e.count)),
                           Array(UnsafeBufferPointer(start: p.adamM.pointer + e.offset, count: e.count)), "m of \(e.name)")
            XCTAssertEqual(Array(UnsafeBufferPointer(start: loaded.parameters.adamV.pointer + e.offset, count: e.count)),
                           Array(UnsafeBufferPointer(start: p.adamV.pointer + e.offset, count: e.count)), "v of \(e.name)")
        }
    }
}
