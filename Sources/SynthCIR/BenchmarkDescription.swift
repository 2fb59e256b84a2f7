/// `benchmark.json` and `README.txt`: the config and counts of a generation, so a folder says
/// how to reproduce it.
enum BenchmarkDescription {
    static func json(config: SynthConfig, summary: SynthSummary) -> String {
        func size(_ s: SynthSplitSize) -> String {
            JSONText.object([("groups", String(s.groups)), ("distractors", String(s.distractors))])
        }
        let configJSON = JSONText.object([
            ("seed", String(config.seed)),
            ("image_size", String(config.imageSize)),
            ("supersampling", String(config.supersampling)),
            ("max_objects", String(config.maxObjects)),
            ("max_conditions", String(config.maxConditions)),
            ("hard_negatives_per_query", String(config.hardNegativesPerQuery)),
            ("train", size(config.train)),
            ("val", size(config.val)),
            ("test", size(config.test)),
            ("derived_train_queries", config.derivedTrainQueries ? "true" : "false"),
            ("png_compression_level", String(config.pngCompressionLevel)),
        ])
        let splits = summary.splits.map { s in
            "    " + JSONText.string(s.split.rawValue) + ": " + JSONText.object([
                ("images", String(s.images)),
                ("groups", String(s.groups)),
                ("distractors", String(s.distractors)),
                ("queries", String(s.queries)),
                ("queries_by_conditions", JSONText.object([("1", String(s.queriesByConditions[0])),
                                                           ("2", String(s.queriesByConditions[1])),
                                                           ("3", String(s.queriesByConditions[2]))])),
            ])
        }
        return """
        {
          "generator": "SynthCIR",
          "generator_version": \(SynthBenchmark.generatorVersion),
          "config": \(configJSON),
          "splits": {
        \(splits.joined(separator: ",\n"))
          },
          "digests": {"manifests_fnv1a64": \(JSONText.string(summary.manifestDigest)), "pixels_fnv1a64": \(JSONText.string(summary.pixelDigest))}
        }

        """
    }

    static func readme(config: SynthConfig, summary: SynthSummary) -> String {
        let rows = summary.splits.map { s in
            "  \(s.split.rawValue): \(s.images) images (\(s.groups) groups, \(s.distractors) distractors), "
                + "\(s.queries) queries (1/2/3 conditions: \(s.queriesByConditions.map(String.init).joined(separator: "/")))"
        }
        return """
        SynthCIR synthetic composed-image-retrieval benchmark (generator version \(SynthBenchmark.generatorVersion))

        Seed \(config.seed), \(config.imageSize)x\(config.imageSize) images, up to \(config.maxObjects) objects, \
        1-\(config.maxConditions) conditions per query, \(config.hardNegativesPerQuery) hard negatives per query.
        \(rows.joined(separator: "\n"))

        Files:
          images/<name>.png                       rendered scenes (8-bit RGB PNG)
          captions.train.jsonl                    {"image", "caption"} per training image
          triplets.{train,val,test}.jsonl         {"id", "reference", "target", "caption", "noun_phrases", "conditions", "members"}
          cirr/captions/cap.rc2.{train,val,test1}.json     CIRR release layout (this folder is the CIRR root)
          cirr/image_splits/split.rc2.{train,val,test1}.json
          benchmark.json                          config, counts and digests (written last)

        Digests (FNV-1a 64): manifests \(summary.manifestDigest), pixels \(summary.pixelDigest).
        The same seed and config reproduce the same manifests and pixels on any machine
        (context-train synth --out DIR --seed \(config.seed)); docs/synthetic-benchmark.md describes the world.

        """
    }
}
