import CIRData
import Foundation
import ModelIO
import SynthCIR
@testable import Training

/// A tiny synthetic benchmark on disk (generated once per test run) and a tiny model config.
enum TrainingFixture {
    static let benchmark: URL = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("synth-tiny-\(ProcessInfo.processInfo.processIdentifier)")
        if !FileManager.default.fileExists(atPath: dir.appendingPathComponent("benchmark.json").path) {
            _ = try! SynthBenchmark.generate(config: .tiny, into: dir, replaceExisting: true)
        }
        return dir
    }()

    static let tokenizerDirectory = GradientGoldenTests.fixtures.appendingPathComponent("tokenizer")

    /// Widths 32, one layer per tower, 48-pixel images in 16-pixel patches, one head layer.
    static var config: CLIPConfig {
        var v = CLIPVisionConfig()
        v.hiddenSize = 32; v.intermediateSize = 64; v.layers = 1; v.heads = 2; v.imageSize = 48; v.patchSize = 16
        var t = CLIPTextConfig()
        t.hiddenSize = 32; t.intermediateSize = 64; t.layers = 1; t.heads = 2
        return CLIPConfig(text: t, vision: v, projectionDim: 16, head: ContextHeadConfig(crossAttnLayers: 1, heads: 2))
    }

    static func model(seed: UInt64 = 1) throws -> TrainableModel {
        let m = try TrainableModel(config: config)
        m.initializeFromScratch(seed: seed)
        return m
    }

    static func assets() throws -> ModelAssets { try ModelAssets(directory: tokenizerDirectory, imageSize: 48) }

    static func triplets(_ split: String = "train") throws -> [TripletRecord] {
        try TripletManifest.load(from: benchmark.appendingPathComponent("triplets.\(split).jsonl")).records
    }

    static func temporaryDirectory(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
    }
}
