import ArgumentParser
import Foundation
import SynthCIR

/// `context-train synth`: writes the seeded synthetic CIR benchmark (docs/synthetic-benchmark.md).
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "synth", abstract: "Generate the synthetic CIR benchmark.")

    @Option(help: "Output folder (created; must be empty unless --replace).") var out: String
    @Option(help: "Seed: the same seed and options give byte-identical output.") var seed: UInt64 = 0
    @Option(help: "Image side in pixels (default 64; the tiny preset 48).") var imageSize: Int?
    @Option(help: "Reference/target groups in the training split.") var trainGroups: Int?
    @Option(help: "Groups in the val and test splits.") var evalGroups: Int?
    @Flag(help: "The tiny preset (tests).") var tiny = false
    @Flag(help: "Replace a previous generation in --out.") var replace = false

    func run() throws {
        var config = tiny ? SynthConfig.tiny : SynthConfig()
        config.seed = seed
        if let imageSize { config.imageSize = imageSize }
        if let trainGroups { config.train.groups = trainGroups }
        if let evalGroups { config.val.groups = evalGroups; config.test.groups = evalGroups }
        let bar = ProgressLine(label: "render")
        let summary = try SynthBenchmark.generate(config: config, into: URL(fileURLWithPath: out), replaceExisting: replace) { done, total in
            bar.update(done, total)
        }
        bar.finish()
        for s in summary.splits {
            print("\(s.split): \(s.images) images, \(s.queries) queries (by conditions \(s.queriesByConditions))")
        }
        print("manifest digest \(summary.manifestDigest), pixel digest \(summary.pixelDigest)")
    }
}
