import ArgumentParser
import CIRData
import CIREval
import Foundation
import Training

/// `context-train eval`: the CIRR protocol on a manifest split or a CIRR release, for the model
/// and the three baselines; CIRR test-server submission files for test1.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eval", abstract: "Evaluate with the CIRR protocol.")

    @Option(help: "Model directory (or a checkpoint folder).") var model: String
    @Option(help: "Triplet manifest of the evaluation split (gallery: every image it names).") var triplets: String?
    @Option(help: "Image root of the manifest (default: its folder).") var imageRoot: String?
    @Option(help: "CIRR release root.") var cirr: String?
    @Option(help: "CIRR split: val or test1.") var split: String = "val"
    @Option(help: "Comma-separated methods: composed, image, text, sum.") var methods: String = "composed,image,text,sum"
    @Option(help: "Write the results as JSON here.") var json: String?
    @Option(help: "Write CIRR submission files (recall and recall_subset) into this folder.") var submission: String?
    @Option(help: "Unusable images: skip (reported) or fail.") var onBadData: String = "fail"
    @Option(help: "Write each query's top 10 (composed method) as JSON lines here, for error analysis.") var rankings: String?

    func validate() throws {
        guard (triplets == nil) != (cirr == nil) else { throw ValidationError("give exactly one of --triplets and --cirr") }
        guard CIRRSplit(rawValue: split) != nil else { throw ValidationError("--split must be train, val or test1") }
        for m in methods.split(separator: ",") where RetrievalMethod(rawValue: String(m)) == nil {
            throw ValidationError("unknown method \(m): use composed, image, text, sum")
        }
    }

    func run() throws {
        let policy: ProblemPolicy = onBadData == "skip" ? .skip : .fail
        let dir = URL(fileURLWithPath: model)
        let m = try TrainableModel.load(directory: dir)
        let assets = try ModelAssets(directory: dir, imageSize: m.config.vision.imageSize)
        let data = try RunSetup.triplets(manifest: triplets, imageRoot: imageRoot, cirr: cirr, split: CIRRSplit(rawValue: split)!,
                                         policy: policy)
        let evaluator = Evaluator(model: m, assets: assets, cache: ImageCache(preprocessor: assets.preprocessor), policy: policy)
        let wanted = methods.split(separator: ",").compactMap { RetrievalMethod(rawValue: String($0)) }
        let hasTargets = data.records.contains { $0.target != nil }
        let reports = try evaluator.evaluate(records: data.records, gallery: data.gallery, galleryOrigin: data.origin,
                                             methods: hasTargets ? wanted : [.composed], keepRankings: submission != nil || rankings != nil || !hasTargets,
                                             requireTargets: hasTargets)
        RunSetup.report(evaluator.problems)
        if hasTargets { print(EvalTable.render(reports)) }
        if let json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            try enc.encode(reports.map { r in var c = r; c.ranked = nil; return c }).write(to: URL(fileURLWithPath: json))
        }
        if let rankings, let ranked = reports.first(where: { $0.method == .composed })?.ranked {
            let byID = Dictionary(data.records.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            var text = ""
            for q in ranked {
                let r = byID[q.id]
                let obj: [String: Any] = [
                    "id": q.id, "reference": r?.reference.name ?? "", "target": r?.target?.name ?? "", "caption": r?.caption ?? "",
                    "conditions": r?.conditions ?? 0, "target_rank": q.targetRank ?? -1, "top": Array(q.top.prefix(10)),
                ]
                text += String(decoding: try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys]), as: UTF8.self) + "\n"
            }
            try Data(text.utf8).write(to: URL(fileURLWithPath: rankings))
        }
        if let submission, let ranked = reports.first(where: { $0.method == .composed })?.ranked {
            let folder = URL(fileURLWithPath: submission)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try CIRRSubmission.recall(ranked).write(to: folder.appendingPathComponent("recall_submission_\(split).json"))
            try CIRRSubmission.recallSubset(ranked).write(to: folder.appendingPathComponent("recall_subset_submission_\(split).json"))
            print("submission files in \(folder.path)")
        }
    }
}

/// The results table: one row per method.
enum EvalTable {
    static func render(_ reports: [Evaluator.Report]) -> String {
        func f(_ v: Double?) -> String { v.map { String(format: "%6.2f", $0) } ?? "     -" }
        var lines = ["method     R@1    R@5   R@10   R@50  Rs@1  Rs@2  Rs@3    Avg  R@1 by conditions"]
        for r in reports {
            guard let m = r.metrics else { continue }
            let by = r.byConditions.keys.sorted().map { "\($0): \(f(r.byConditions[$0]?[1]))" }.joined(separator: "  ")
            lines.append("\(r.method.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(f(m.recallAt1)) \(f(m.recallAt5)) \(f(m.recallAt10)) \(f(m.recallAt50)) \(f(m.subsetRecallAt1)) \(f(m.subsetRecallAt2)) \(f(m.subsetRecallAt3)) \(f(m.average))  \(by)")
        }
        lines.append("queries: \(reports.first?.metrics?.queries ?? 0)")
        return lines.joined(separator: "\n")
    }
}
