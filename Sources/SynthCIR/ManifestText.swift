/// The text files of a benchmark, built in memory so that writing them and digesting them see
/// the same bytes. Paths are relative to the benchmark directory; every file ends with "\n".
enum ManifestText {
    /// All manifests in a fixed order (the order of the manifest digest).
    static func files(for dataset: SynthDataset) -> [(path: String, text: String)] {
        var files: [(String, String)] = [("captions.train.jsonl", captions(dataset[.train]))]
        for split in SynthSplit.allCases {
            files.append(("triplets.\(split.rawValue).jsonl", triplets(dataset[split])))
        }
        for split in SynthSplit.allCases {
            files.append(("cirr/captions/cap.rc2.\(split.cirrName).json", cirrCaptions(dataset[split])))
            files.append(("cirr/image_splits/split.rc2.\(split.cirrName).json", cirrImageSplit(dataset[split])))
        }
        return files
    }

    /// `{"image": "images/x.png", "caption": "…"}` per image of the split.
    static func captions(_ data: SynthSplitData) -> String {
        data.images.map { image in
            JSONText.object([("image", JSONText.string(image.path)), ("caption", JSONText.string(image.caption))]) + "\n"
        }.joined()
    }

    /// One triplet per query, image paths relative to the benchmark directory.
    static func triplets(_ data: SynthSplitData) -> String {
        data.queries.map { q in
            JSONText.object([
                ("id", JSONText.string(q.id)),
                ("reference", JSONText.string("images/\(q.reference).png")),
                ("target", JSONText.string("images/\(q.target).png")),
                ("caption", JSONText.string(q.caption)),
                ("noun_phrases", JSONText.array(q.nounPhrases)),
                ("conditions", String(q.conditions.count)),
                ("members", JSONText.array(q.members.map { "images/\($0).png" })),
            ]) + "\n"
        }.joined()
    }

    /// CIRR's `cap.rc2.<split>.json`: a list of pairs naming images by stem.
    static func cirrCaptions(_ data: SynthSplitData) -> String {
        let entries = data.queries.map { q in
            "  " + JSONText.object([
                ("pairid", String(q.pairID)),
                ("reference", JSONText.string(q.reference)),
                ("target_hard", JSONText.string(q.target)),
                ("target_soft", JSONText.object([(q.target, "1.0")])),
                ("caption", JSONText.string(q.caption)),
                ("img_set", JSONText.object([("id", String(q.group)), ("members", JSONText.array(q.members))])),
            ])
        }
        return entries.isEmpty ? "[]\n" : "[\n" + entries.joined(separator: ",\n") + "\n]\n"
    }

    /// CIRR's `split.rc2.<split>.json`: every image of the split, stem to path relative to the
    /// benchmark directory (the CIRR root, which holds `cirr/` and `images/`).
    static func cirrImageSplit(_ data: SynthSplitData) -> String {
        let entries = data.images.map { "  \(JSONText.string($0.name)): \(JSONText.string("./images/\($0.name).png"))" }
        return entries.isEmpty ? "{}\n" : "{\n" + entries.joined(separator: ",\n") + "\n}\n"
    }
}
