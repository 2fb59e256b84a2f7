#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import ModelIO
import Training

/// `context-train bench`: training throughput (triplets/s) of a model with ViT-B/32 dimensions and
/// random weights, for issue 4's acceptance line. `Scripts/bench_train.sh` runs it beside
/// `Scripts/bench_train_reference.py` (PyTorch); docs/training-benchmark.md explains the modes.
///
/// A timed step is what `Trainer.run` does per optimizer step: zero the gradients,
/// `ConTextObjective.accumulate` (forward and backward of cir_infonce + λ·TCC), global-norm
/// clipping, AdamW. Batches are built before the clock starts: image decoding is not measured.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure training throughput (triplets/s) of a ViT-B/32-sized model with random weights.")

    @Option(help: "Triplets per step.") var batchSize = 8
    @Option(help: "Untimed steps per mode before the timed ones (the cached mode fills its cache there).") var warmup = 1
    @Option(help: "Timed steps per mode.") var steps = 3
    @Option(help: "Modes to run, in order, comma-separated: cached, frozen, full.") var modes = "cached,frozen,full"
    @Option(help: "Folder with the CLIP tokenizer files vocab.json and merges.txt (the default is relative to the repository root).")
    var tokenizer = "Tests/Fixtures/tokenizer"
    @Option(help: "Seed of the weights and the pixels.") var seed: UInt64 = 0
    @Flag(help: "Print JSON instead of a table.") var json = false

    func validate() throws {
        guard batchSize >= 2 else { throw ValidationError("--batch-size must be at least 2 (InfoNCE needs negatives)") }
        guard steps >= 1, warmup >= 0 else { throw ValidationError("--steps must be at least 1 and --warmup at least 0") }
        let parsed = try parsedModes()
        // Without a warm-up step the first timed step of the cached mode would run the vision tower.
        if parsed.contains(.cached), warmup < 1 { throw ValidationError("the cached mode needs --warmup 1 or more") }
    }

    func run() throws {
        // The tokenizer first: a wrong --tokenizer fails before 3 GB of weights are initialised.
        let assets = try ModelAssets(directory: URL(fileURLWithPath: tokenizer), imageSize: Self.vitB32.vision.imageSize)
        let captions = try Self.tokenized(assets)
        let clock = ContinuousClock(), started = clock.now
        let model = try TrainableModel(config: Self.vitB32)
        model.initializeFromScratch(seed: seed)
        let initSeconds = Self.seconds(clock.now - started)
        var rng = SeededRandom(seed: seed &+ 1)
        var results: [ModeResult] = []
        for mode in try parsedModes() {
            results.append(try measure(mode, model: model, captions: captions, rng: &rng))
        }
        let counts = Dictionary(grouping: model.parameters.entries, by: \.group).mapValues { $0.reduce(0) { $0 + $1.count } }
        let report = BenchReport(
            backboneParameters: counts[.backbone] ?? 0, headParameters: counts[.head] ?? 0, batchSize: batchSize,
            warmupSteps: warmup, timedSteps: steps,
            captionTokensMean: Double(captions.reduce(0) { $0 + $1.ids.count }) / Double(captions.count),
            phrasesPerCaption: Double(captions.reduce(0) { $0 + $1.phrases.count }) / Double(captions.count),
            gemmBackend: ComputeSettings.gemmBackend, threads: ComputeSettings.threads, initSeconds: initSeconds, modes: results)
        if json {
            let enc = JSONEncoder()
            enc.keyEncodingStrategy = .convertToSnakeCase
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(report), as: UTF8.self))
        } else {
            print(report.table())
        }
    }

    private func parsedModes() throws -> [BenchMode] {
        try modes.split(separator: ",").map { name in
            guard let m = BenchMode(rawValue: String(name)) else { throw ValidationError("unknown mode \(name): use cached, frozen, full") }
            return m
        }
    }

    /// Runs `warmup + steps` optimizer steps of `mode` and times the last `steps`.
    private func measure(_ mode: BenchMode, model: TrainableModel, captions: [BenchCaption], rng: inout SeededRandom) throws -> ModeResult {
        let p = model.parameters, b = batchSize, total = warmup + steps
        let objective = ConTextObjective(model: model)
        objective.trainBackbone = mode == .full
        // Cached: one batch whose images carry keys, so the warm-up stores their features and
        // every timed step reads them back. Otherwise fresh images every step and no keys: the
        // vision tower runs on every step, as in the first epoch of a frozen-backbone run.
        let batches = mode == .cached
            ? [makeBatch(step: 0, captions: captions, keyed: true, rng: &rng)]
            : (0..<total).map { makeBatch(step: $0, captions: captions, keyed: false, rng: &rng) }
        var adam = AdamW()
        let groupScale: [ParameterSet.Group: Float] = [.backbone: mode == .full ? 1 : 0, .head: 1]
        // As the trainer does: a frozen group's gradients are never written, so neither zeroed nor clipped.
        let trainable = Set(ParameterSet.Group.allCases.filter { (groupScale[$0] ?? 1) > 0 })
        let clock = ContinuousClock()
        var stepSeconds: [Double] = [], passSeconds: [Double] = [], optimizerSeconds: [Double] = []
        var last: StepLosses?
        for s in 0..<total {
            let batch = batches[s % batches.count]
            let t0 = clock.now
            p.zeroGrads(groups: trainable)
            let t1 = clock.now
            last = objective.accumulate(batch)
            let t2 = clock.now
            _ = GradientClipping.clip(p, maxNorm: 1, groups: trainable)
            adam.update(p, lr: 1e-4, groupScale: groupScale)
            let t3 = clock.now
            guard s >= warmup else { continue }
            stepSeconds.append(Self.seconds(t3 - t0))
            passSeconds.append(Self.seconds(t2 - t1))
            optimizerSeconds.append(Self.seconds((t1 - t0) + (t3 - t2)))
        }
        let cached = objective.featureCache.storedImages, expected = mode == .cached ? 2 * b : 0
        guard cached == expected else {
            throw TrainingError.invalid("\(mode.rawValue): the feature cache holds \(cached) images, expected \(expected); the measurement is void")
        }
        let timed = stepSeconds.reduce(0, +)
        return ModeResult(
            mode: mode.rawValue, description: mode.description,
            trainableParameters: p.entries.filter { groupScale[$0.group] ?? 1 > 0 }.reduce(0) { $0 + $1.count },
            tripletsPerSecond: Double(b * steps) / timed, secondsPerStep: timed / Double(steps), stepSeconds: stepSeconds,
            forwardBackwardSeconds: passSeconds.reduce(0, +) / Double(steps),
            optimizerSeconds: optimizerSeconds.reduce(0, +) / Double(steps),
            loss: Double(last?.total ?? .nan), tcc: Double(last?.conceptConsistency ?? .nan), phrasesUsed: last?.phrases ?? 0,
            peakResidentBytes: Self.peakResidentBytes())
    }

    /// Triplets of step `step`: random pixels for `B` references and `B` targets, and the captions
    /// that follow the previous step's in the fixed list.
    private func makeBatch(step: Int, captions: [BenchCaption], keyed: Bool, rng: inout SeededRandom) -> TripletBatch {
        let b = batchSize, per = 3 * Self.vitB32.vision.imageSize * Self.vitB32.vision.imageSize
        // Uniform in [-2, 2]: the range of CLIP-normalised pixels.
        let refs = (0..<(b * per)).map { _ in Float(rng.unit() * 4 - 2) }
        let tgts = (0..<(b * per)).map { _ in Float(rng.unit() * 4 - 2) }
        let chosen = (0..<b).map { captions[(step * b + $0) % captions.count] }
        let keys = keyed ? (0..<b).map { "reference-\($0)" } + (0..<b).map { "target-\($0)" } : nil
        return TripletBatch(references: refs, targets: tgts, captions: chosen.map(\.ids), phrases: chosen.map(\.phrases), imageKeys: keys)
    }

    /// The process's peak resident set so far.
    private static func peakResidentBytes() -> Int {
        var usage = rusage()
        #if canImport(Glibc)
        // Glibc imports RUSAGE_SELF as an enum case, and ru_maxrss counts KiB there.
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
        #else
        getrusage(RUSAGE_SELF, &usage)
        return usage.ru_maxrss
        #endif
    }

    private static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// HF `openai/clip-vit-base-patch32` dimensions plus the reference head (4 layers, 8 heads),
    /// spelled out rather than taken from the config defaults so the benchmark cannot drift.
    static let vitB32: CLIPConfig = {
        var v = CLIPVisionConfig()
        v.hiddenSize = 768; v.intermediateSize = 3072; v.layers = 12; v.heads = 12
        v.numChannels = 3; v.imageSize = 224; v.patchSize = 32; v.hiddenAct = "quick_gelu"
        var t = CLIPTextConfig()
        t.hiddenSize = 512; t.intermediateSize = 2048; t.layers = 12; t.heads = 8
        t.vocabSize = 49408; t.maxPositions = 77; t.hiddenAct = "quick_gelu"
        return CLIPConfig(text: t, vision: v, projectionDim: 512, head: ContextHeadConfig(crossAttnLayers: 4, heads: 8))
    }()

    /// Modification texts of 10 words (about 12 tokens with BOS and EOS), each with the two noun
    /// phrases the TCC term compares. Scripts/bench_train_reference.py holds the same list, so
    /// both sides run texts and phrases of the same lengths.
    static let captionTexts: [(text: String, phrases: [String])] = [
        ("make the dress red and add a thin black belt", ["the dress", "a thin black belt"]),
        ("replace the wooden chair with a small blue sofa please", ["the wooden chair", "a small blue sofa"]),
        ("the dog sits on a green rug instead of grass", ["the dog", "a green rug"]),
        ("same shirt but with long sleeves and a round collar", ["long sleeves", "a round collar"]),
        ("add two red apples next to the white ceramic bowl", ["two red apples", "the white ceramic bowl"]),
        ("show the car from the side with its doors open", ["the car", "the side"]),
        ("remove the hat and give the man a grey scarf", ["the hat", "a grey scarf"]),
        ("make the shoes black leather with a thick white sole", ["the shoes", "a thick white sole"]),
        ("put the lamp on the left side of the desk", ["the lamp", "the desk"]),
        ("change the flowers to yellow tulips in a glass vase", ["yellow tulips", "a glass vase"]),
        ("a larger bag with a gold chain strap and no logo", ["a larger bag", "a gold chain strap"]),
        ("turn the jacket into a denim vest with metal buttons", ["the jacket", "metal buttons"]),
        ("the same room but with a bigger window and plants", ["a bigger window", "plants"]),
        ("swap the red ball for a soft brown teddy bear", ["the red ball", "a soft brown teddy bear"]),
        ("make the skirt shorter and add a floral pattern on it", ["the skirt", "a floral pattern"]),
        ("two people walking a dog along the beach at sunset", ["two people", "the beach"]),
    ]

    /// The captions tokenized; every phrase must be a token span of its caption, or the TCC term
    /// would silently skip it and the two sides would not do the same work.
    static func tokenized(_ assets: ModelAssets) throws -> [BenchCaption] {
        try captionTexts.map { text, phrases in
            let ids = assets.tokenize(text), phraseIDs = phrases.map { assets.tokenize($0) }
            for (phrase, pid) in zip(phrases, phraseIDs) where ConceptConsistency.span(of: Array(pid.dropFirst().dropLast()), in: ids) == nil {
                throw ValidationError("noun phrase \"\(phrase)\" is not a token span of \"\(text)\"")
            }
            return BenchCaption(ids: ids, phrases: phraseIDs)
        }
    }
}

/// What one step trains and reads.
enum BenchMode: String, CaseIterable {
    /// Every tensor trained: towers and head forward and backward.
    case full
    /// Backbone frozen, new images every step: towers forward only, head forward and backward.
    case frozen
    /// Backbone frozen, the same images every step: vision features from the cache, text tower
    /// forward only, head forward and backward.
    case cached

    var description: String {
        switch self {
        case .full: return "full fine-tuning"
        case .frozen: return "frozen backbone, vision tower runs"
        case .cached: return "frozen backbone, vision features cached"
        }
    }
}

/// One caption's token ids and its noun phrases', each BOS … EOS.
struct BenchCaption {
    let ids: [Int32]
    let phrases: [[Int32]]
}

/// One mode's measurement; times are seconds, per-step values are means over the timed steps.
struct ModeResult: Encodable {
    let mode: String
    let description: String
    let trainableParameters: Int
    let tripletsPerSecond: Double
    let secondsPerStep: Double
    let stepSeconds: [Double]
    /// `ConTextObjective.accumulate`: forward, loss and backward.
    let forwardBackwardSeconds: Double
    /// Zeroing the gradients, clipping and the AdamW update.
    let optimizerSeconds: Double
    /// Losses of the last timed step (a sanity check that both sides compute the same objective).
    let loss: Double
    let tcc: Double
    let phrasesUsed: Int
    /// Peak resident set of the process after this mode (it only grows: modes run in order).
    let peakResidentBytes: Int
}

/// The whole run, as printed (`--json` keys are the snake_case property names).
struct BenchReport: Encodable {
    let implementation = "swift"
    let backboneParameters: Int
    let headParameters: Int
    let batchSize: Int
    let warmupSteps: Int
    let timedSteps: Int
    let captionTokensMean: Double
    let phrasesPerCaption: Double
    let gemmBackend: String
    let threads: Int
    let initSeconds: Double
    let modes: [ModeResult]

    func table() -> String {
        var lines = [
            String(format: "ConText-CIR training throughput, ViT-B/32 dimensions, random weights (%.1fM backbone + %.1fM head parameters)",
                   Double(backboneParameters) / 1e6, Double(headParameters) / 1e6),
            String(format: "batch %d, captions of %.1f tokens with %.0f noun phrases, %d warm-up + %d timed steps per mode, GEMM %@ on %d threads",
                   batchSize, captionTokensMean, phrasesPerCaption, warmupSteps, timedSteps, gemmBackend, threads),
            "mode    " + "what".padding(toLength: 40, withPad: " ", startingAt: 0)
                + " triplets/s   s/step  fwd+bwd  optimizer    loss  peak RSS",
        ]
        for m in modes {
            lines.append(String(format: "%@ %@ %10.2f %8.2f %8.2f %10.2f %7.4f %5.0f MiB",
                                m.mode.padding(toLength: 7, withPad: " ", startingAt: 0),
                                m.description.padding(toLength: 40, withPad: " ", startingAt: 0),
                                m.tripletsPerSecond, m.secondsPerStep, m.forwardBackwardSeconds, m.optimizerSeconds, m.loss,
                                Double(m.peakResidentBytes) / 1_048_576))
        }
        return lines.joined(separator: "\n")
    }
}
