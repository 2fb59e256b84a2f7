import Foundation

/// The seeded synthetic composed-image-retrieval benchmark (issue 4): scenes of simple objects,
/// modification texts built from the difference between two scenes, and query groups whose
/// hard negatives each fail a condition. See docs/synthetic-benchmark.md for the world and the
/// file formats.
public enum SynthBenchmark {
    /// Bumped whenever the same config would produce different data.
    public static let generatorVersion = 1

    /// The benchmark in memory: scenes, captions, queries (no pixels). Deterministic: the same
    /// config gives an equal dataset on any machine.
    /// - Throws: `SynthError.invalidConfig`, or `.samplingFailed` if a group cannot be built.
    public static func build(config: SynthConfig) throws(SynthError) -> SynthDataset {
        try config.validate()
        var usedKeys = Set<SceneKey>()
        // Test first, then val, then train: resizing the training split leaves the evaluation
        // splits untouched.
        var built: [SynthSplit: SynthSplitData] = [:]
        for split in [SynthSplit.test, .val, .train] {
            built[split] = try SplitBuilder(config: config, split: split).build(usedKeys: &usedKeys)
        }
        return SynthDataset(config: config, splits: SynthSplit.allCases.map { built[$0]! })
    }

    /// The pixels of one image of a dataset built with `config`.
    public static func render(_ image: SynthImage, config: SynthConfig) -> SynthRaster {
        SceneRenderer.render(image.scene, size: config.imageSize, supersampling: config.supersampling)
    }

    /// The manifests of `dataset` as `(relative path, text)`, exactly as `generate` writes them.
    public static func manifests(for dataset: SynthDataset) -> [(path: String, text: String)] {
        ManifestText.files(for: dataset)
    }

    /// Generates the benchmark into `directory`:
    /// `images/<name>.png`, `captions.train.jsonl`, `triplets.{train,val,test}.jsonl`,
    /// `cirr/captions/cap.rc2.{train,val,test1}.json`, `cirr/image_splits/split.rc2.{…}.json`,
    /// `README.txt`, and `benchmark.json` last (its presence marks a complete benchmark).
    /// - Parameters:
    ///   - directory: created if missing; must be empty unless `replaceExisting`.
    ///   - replaceExisting: delete the files and folders a previous generation wrote (only those)
    ///     before writing.
    ///   - progress: called after each image with (images written, total images).
    /// - Throws: `SynthError.invalidConfig`, `.samplingFailed`, `.outputNotEmpty`, `.io`, `.encoding`.
    @discardableResult
    public static func generate(config: SynthConfig, into directory: URL, replaceExisting: Bool = false,
                                progress: ((Int, Int) -> Void)? = nil) throws(SynthError) -> SynthSummary {
        let dataset = try build(config: config)
        let output = BenchmarkDirectory(root: directory)
        try output.prepare(replaceExisting: replaceExisting)

        let total = dataset.splits.reduce(0) { $0 + $1.images.count }
        var pixels = FNV1a64()
        var written = 0
        for data in dataset.splits {
            for image in data.images {
                let raster = render(image, config: config)
                pixels.update(image.name)
                pixels.update(raster.pixels)
                try output.write(PNGEncoder.encode(raster, level: config.pngCompressionLevel), to: image.path)
                written += 1
                progress?(written, total)
            }
        }
        var digest = FNV1a64()
        for file in manifests(for: dataset) {
            digest.update(file.path)
            digest.update(file.text)
            try output.write(Array(file.text.utf8), to: file.path)
        }
        let summary = SynthSummary(splits: SynthSummary.counts(for: dataset), manifestDigest: digest.hex, pixelDigest: pixels.hex)
        try output.write(Array(BenchmarkDescription.readme(config: config, summary: summary).utf8), to: "README.txt")
        try output.write(Array(BenchmarkDescription.json(config: config, summary: summary).utf8), to: "benchmark.json")
        return summary
    }

    /// The summary of `dataset` without writing anything (the pixel digest is left empty).
    public static func summary(of dataset: SynthDataset) -> SynthSummary {
        var digest = FNV1a64()
        for file in manifests(for: dataset) {
            digest.update(file.path)
            digest.update(file.text)
        }
        return SynthSummary(splits: SynthSummary.counts(for: dataset), manifestDigest: digest.hex, pixelDigest: "")
    }
}
