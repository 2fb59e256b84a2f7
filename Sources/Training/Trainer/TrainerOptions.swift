/// Every knob of a training run (issue 4 item 4), with the reference's defaults. Stored in the
/// checkpoint so a resumed run continues with the same settings.
public struct TrainerOptions: Sendable, Codable, Equatable {
    /// Passes over the data (a run ends at `epochs` or `maxSteps`, whichever comes first).
    public var epochs = 1
    /// Optimizer steps at most (nil: epochs decide).
    public var maxSteps: Int?
    /// Triplets (or caption pairs) per micro-batch.
    public var batchSize = 32
    /// Micro-batches per optimizer step (gradient accumulation).
    public var accumulation = 1
    /// Peak learning rate of the head (and of the backbone times `backboneLRScale`).
    public var learningRate: Float = 1e-4
    /// Backbone learning rate relative to the head's; 0 freezes the backbone (towers and projections).
    public var backboneLRScale: Float = 1
    /// Linear warm-up steps (reference 500).
    public var warmupSteps = 500
    /// Cosine restarts: first cycle length T_0 (reference 2500) and growth T_mult (2); nil for one
    /// cosine decay over the run.
    public var cosineRestartSteps: Int?
    public var cosineRestartGrowth = 2
    /// Global gradient-norm clip; 0 disables.
    public var clipNorm: Float = 1
    /// AdamW weight decay (reference 1e-3).
    public var weightDecay: Float = 1e-3
    /// λ of the TCC loss (reference 0.08; 0 = off) and its ε (reference 0).
    public var tccWeight: Float = 0.08
    public var tccEpsilon: Float = 0
    /// Noun phrases per caption at most (reference 10).
    public var maxPhrases = 10
    /// Contrastive temperature (reference 0.07).
    public var temperature: Float = 0.07
    /// Seed of the data order (and of any fresh initialisation).
    public var seed: UInt64 = 0
    /// Write a resumable checkpoint every this many optimizer steps (0: only at the end).
    public var checkpointEvery = 500

    public init() {}
}

/// Where a run is; saved with each checkpoint.
public struct TrainerState: Sendable, Codable, Equatable {
    public var step = 0
    public var epoch = 0
    /// Micro-batches of the current epoch already consumed.
    public var batchInEpoch = 0
    public var adam = AdamW()
    public var options: TrainerOptions
    /// Seconds spent training so far (throughput over resumed runs).
    public var seconds: Double = 0

    public init(options: TrainerOptions) {
        self.options = options
        adam = AdamW(weightDecay: options.weightDecay)
    }
}
