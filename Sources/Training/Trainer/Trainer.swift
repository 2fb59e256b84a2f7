import Foundation

/// The optimisation loop (issue 4 item 4): seeded data order, gradient accumulation, global-norm
/// clipping, AdamW with warm-up then cosine (optionally with restarts), a learning-rate scale or
/// freezing for the backbone, JSON-lines logs, a progress line, and checkpoints that resume the
/// run exactly where it stopped (same data order, same optimizer state).
public final class Trainer {
    public let model: TrainableModel
    public let task: any TrainingTask
    public private(set) var state: TrainerState
    /// Receives one JSON object per optimizer step (the `train.jsonl` log).
    public var log: (String) -> Void = { _ in }
    /// Receives the human progress line (stderr).
    public var progress: (String) -> Void = { _ in }
    /// Called with the state after each checkpoint-worthy step (`checkpointEvery`) and at the end.
    public var checkpoint: (TrainerState) throws(TrainingError) -> Void = { _ in }

    public init(model: TrainableModel, task: any TrainingTask, state: TrainerState) {
        self.model = model; self.task = task; self.state = state
    }

    var options: TrainerOptions { state.options }
    var batchesPerEpoch: Int { max(1, task.exampleCount / max(options.batchSize, 1)) }
    var stepsPerEpoch: Int { max(1, batchesPerEpoch / max(options.accumulation, 1)) }

    /// Optimizer steps the run will take in total.
    public var totalSteps: Int {
        let byEpochs = stepsPerEpoch * options.epochs
        return min(byEpochs, options.maxSteps ?? byEpochs)
    }

    public var schedule: LearningRateSchedule {
        if let t0 = options.cosineRestartSteps {
            return LearningRateSchedule(baseRate: options.learningRate, warmupSteps: options.warmupSteps, cosineSteps: t0,
                                        cycleGrowth: options.cosineRestartGrowth)
        }
        return LearningRateSchedule(baseRate: options.learningRate, warmupSteps: options.warmupSteps,
                                    cosineSteps: max(1, totalSteps - options.warmupSteps))
    }

    /// The examples of micro-batch `batch` of `epoch`: a Fisher–Yates permutation seeded by
    /// (seed, epoch), so any step's data is known from the state alone (exact resume).
    func batchIndices(epoch: Int, batch: Int) -> [Int] {
        var rng = SeededRandom(seed: options.seed &+ 0x5EED_0000 &+ UInt64(epoch) &* 0x9E37_79B9)
        var order = Array(0..<task.exampleCount)
        if order.count > 1 {
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.below(i + 1)) }
        }
        let b = options.batchSize
        return Array(order[(batch * b)..<min((batch + 1) * b, order.count)])
    }

    /// The next micro-batch (rolling over to the next epoch), without consuming it.
    private func peekBatch() -> [Int]? {
        if state.batchInEpoch >= batchesPerEpoch { state.epoch += 1; state.batchInEpoch = 0 }
        guard state.epoch < options.epochs else { return nil }
        return batchIndices(epoch: state.epoch, batch: state.batchInEpoch)
    }

    /// Runs until `totalSteps` (or `stoppingAfter` steps, as an interrupted run would: the state
    /// is checkpointed there); returns the last step's losses.
    @discardableResult
    public func run(stoppingAfter: Int? = nil) throws(TrainingError) -> StepLosses? {
        let p = model.parameters
        var last: StepLosses?
        let scale: [ParameterSet.Group: Float] = [.backbone: options.backboneLRScale, .head: 1]
        let trainable = Set(ParameterSet.Group.allCases.filter { (scale[$0] ?? 1) > 0 })
        let total = totalSteps, stop = min(total, stoppingAfter ?? total)
        // The batch in hand is not consumed until its step runs (exact resume).
        var pending = peekBatch()
        while state.step < stop, pending != nil {
            let started = Date()
            p.zeroGrads(groups: trainable)
            var sums = StepLosses(total: 0, contrastive: 0, conceptConsistency: 0, phrases: 0), parts = 0, seen = 0
            for _ in 0..<max(options.accumulation, 1) {
                guard let indices = pending else { break }
                state.batchInEpoch += 1
                pending = peekBatch()
                if let upcoming = pending { task.prefetch(upcoming) }
                guard let l = try task.accumulate(indices, lossScale: 1 / Float(max(options.accumulation, 1))) else { continue }
                sums.total += l.total; sums.contrastive += l.contrastive; sums.conceptConsistency += l.conceptConsistency
                sums.phrases += l.phrases
                parts += 1
                seen += indices.count
            }
            guard parts > 0 else { continue }
            let norm = GradientClipping.clip(p, maxNorm: options.clipNorm, groups: trainable)
            let lr = schedule.rate(at: state.step)
            state.adam.update(p, lr: lr, groupScale: scale)
            state.step += 1
            let seconds = Date().timeIntervalSince(started)
            state.seconds += seconds
            let losses = StepLosses(total: sums.total / Float(parts), contrastive: sums.contrastive / Float(parts),
                                    conceptConsistency: sums.conceptConsistency / Float(parts), phrases: sums.phrases)
            last = losses
            let rate = Double(seen) / max(seconds, 1e-9)
            log(String(format: #"{"step":%d,"epoch":%d,"lr":%.6g,"loss":%.6f,"contrastive":%.6f,"tcc":%.6f,"phrases":%d,"grad_norm":%.5g,"examples_per_s":%.3f,"seconds":%.3f}"#,
                       state.step, state.epoch, lr, losses.total, losses.contrastive, losses.conceptConsistency, losses.phrases,
                       norm, rate, state.seconds))
            progress(Self.progressLine(step: state.step, total: total, losses: losses, rate: rate))
            if options.checkpointEvery > 0, state.step % options.checkpointEvery == 0, state.step < stop { try checkpoint(state) }
        }
        try checkpoint(state)
        return last
    }

    static func progressLine(step: Int, total: Int, losses: StepLosses, rate: Double) -> String {
        let width = 24, filled = total > 0 ? min(width, step * width / total) : width
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        return String(format: "[%@] %d/%d loss %.4f tcc %.4f %.1f ex/s", bar, step, total, losses.total, losses.conceptConsistency, rate)
    }
}
