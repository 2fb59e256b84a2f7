import ArgumentParser
import CIRData
import Training

/// The optimisation flags shared by `pretrain` and `train` (defaults: the reference's).
struct TrainingFlags: ParsableArguments {
    @Option(help: "Passes over the data.") var epochs: Int = 1
    @Option(help: "Stop after this many optimizer steps.") var maxSteps: Int?
    @Option(help: "Examples per micro-batch.") var batchSize: Int = 32
    @Option(help: "Micro-batches per optimizer step (gradient accumulation).") var accumulation: Int = 1
    @Option(name: .customLong("lr"), help: "Peak learning rate.") var learningRate: Float = 1e-4
    @Option(help: "Backbone learning rate relative to the head's.") var backboneLRScale: Float = 1
    @Flag(help: "Freeze the backbone (towers and projections); caches vision features.") var freezeBackbone = false
    @Option(help: "Linear warm-up steps.") var warmup: Int = 500
    @Option(help: "Cosine with warm restarts: first cycle length (omit for one cosine decay).") var restartSteps: Int?
    @Option(help: "Cycle growth factor of the restarts (T_mult).") var restartGrowth: Int = 2
    @Option(help: "Global gradient-norm clip (0: off).") var clip: Float = 1
    @Option(help: "AdamW weight decay.") var weightDecay: Float = 1e-3
    @Option(help: "TCC loss weight lambda (0: off).") var tccWeight: Float = 0.08
    @Option(help: "TCC epsilon.") var tccEpsilon: Float = 0
    @Option(help: "Noun phrases per caption at most.") var maxPhrases: Int = 10
    @Option(help: "Contrastive temperature.") var temperature: Float = 0.07
    @Option(help: "Seed of the data order and of fresh weights.") var seed: UInt64 = 0
    @Option(help: "Checkpoint every N optimizer steps (0: only at the end).") var checkpointEvery: Int = 500
    @Option(help: "Bad manifest lines and unusable images: skip (reported) or fail.") var onBadData: String = "fail"

    var policy: ProblemPolicy { onBadData == "skip" ? .skip : .fail }

    func validate() throws {
        guard ["skip", "fail"].contains(onBadData) else { throw ValidationError("--on-bad-data must be skip or fail") }
        guard batchSize >= 2 else { throw ValidationError("--batch-size must be at least 2 (InfoNCE needs negatives)") }
        guard accumulation >= 1, epochs >= 1 else { throw ValidationError("--accumulation and --epochs must be at least 1") }
    }

    var options: TrainerOptions {
        var o = TrainerOptions()
        o.epochs = epochs; o.maxSteps = maxSteps; o.batchSize = batchSize; o.accumulation = accumulation
        o.learningRate = learningRate; o.backboneLRScale = freezeBackbone ? 0 : backboneLRScale; o.warmupSteps = warmup
        o.cosineRestartSteps = restartSteps; o.cosineRestartGrowth = restartGrowth; o.clipNorm = clip; o.weightDecay = weightDecay
        o.tccWeight = tccWeight; o.tccEpsilon = tccEpsilon; o.maxPhrases = maxPhrases; o.temperature = temperature; o.seed = seed
        o.checkpointEvery = checkpointEvery
        return o
    }
}
