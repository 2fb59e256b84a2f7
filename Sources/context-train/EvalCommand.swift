import ArgumentParser
import CIRData
import CIREval
import Foundation
import Training

/// `context-train eval`: the CIRR protocol on a manifest split or a CIRR release, or CIRCO's mAP@K
/// on a CIRCO release, for the model and the three baselines; the test servers' submission files
/// for CIRR test1 and CIRCO test.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eval", abstract: "Evaluate with the CIRR or the CIRCO protocol.")

    @Option(help: "Model directory (or a checkpoint folder).") var model: String
    @Option(help: "Triplet manifest of the evaluation split (gallery: every image it names).") var triplets: String?
    @Option(help: "Image root of the manifest (default: its folder), or of the CIRCO images (default: ROOT/COCO2017_unlabeled/unlabeled2017).")
    var imageRoot: String?
    @Option(help: "CIRR release root.") var cirr: String?
    @Option(help: "CIRCO release root (annotations/, COCO2017_unlabeled/).") var circo: String?
    @Option(help: "Split: val or test1 (CIRR), val or test (CIRCO).") var split: String = "val"
    @Option(help: "CIRCO query text: caption (relative_caption) or concept-caption (shared_concept, then relative_caption).")
    var circoText: String?
    @Option(help: "Comma-separated methods: composed, image, text, sum.") var methods: String = "composed,image,text,sum"
    @Option(help: "Write the results as JSON here.") var json: String?
    @Option(help: "Write the test server's submission files (composed method) into this folder.") var submission: String?
    @Option(help: "Bad entries and unusable images: skip (reported) or fail.") var onBadData: String = "fail"
    @Option(help: "Write each query's top 10 (composed method) as JSON lines here, for error analysis.") var rankings: String?

    func validate() throws {
        guard [triplets, cirr, circo].compactMap({ $0 }).count == 1 else { throw ValidationError("give exactly one of --triplets, --cirr and --circo") }
        if circo != nil {
            guard CIRCOSplit(rawValue: split) != nil else { throw ValidationError("--split must be val or test with --circo") }
        } else {
            guard CIRRSplit(rawValue: split) != nil else { throw ValidationError("--split must be train, val or test1") }
            if circoText != nil { throw ValidationError("--circo-text applies to --circo only") }
        }
        if let circoText, CIRCOQueryText(rawValue: circoText) == nil {
            throw ValidationError("--circo-text must be caption or concept-caption")
        }
        guard ["skip", "fail"].contains(onBadData) else { throw ValidationError("--on-bad-data must be skip or fail") }
        for m in methods.split(separator: ",") where RetrievalMethod(rawValue: String(m)) == nil {
            throw ValidationError("unknown method \(m): use composed, image, text, sum")
        }
    }

    func run() throws {
        let policy: ProblemPolicy = onBadData == "skip" ? .skip : .fail
        let dir = URL(fileURLWithPath: model)
        let m = try TrainableModel.load(directory: dir)
        let assets = try ModelAssets(directory: dir, imageSize: m.config.vision.imageSize)
        let wanted = methods.split(separator: ",").compactMap { RetrievalMethod(rawValue: String($0)) }
        if let circo {
            return try runCIRCO(root: circo, model: m, assets: assets, methods: wanted, policy: policy)
        }
        let data = try RunSetup.triplets(manifest: triplets, imageRoot: imageRoot, cirr: cirr, split: CIRRSplit(rawValue: split)!,
                                         policy: policy)
        let evaluator = Evaluator(model: m, assets: assets, cache: ImageCache(preprocessor: assets.preprocessor), policy: policy)
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

    /// CIRCO: mAP@K for val, the server's file for either split; the test split runs the
    /// composed method only, since without ground truths only its submission file means anything.
    private func runCIRCO(root: String, model m: TrainableModel, assets: ModelAssets, methods wanted: [RetrievalMethod],
                          policy: ProblemPolicy) throws {
        let circoSplit = CIRCOSplit(rawValue: split)!
        let (data, origin) = try RunSetup.circo(root: root, split: circoSplit, imageRoot: imageRoot, policy: policy)
        let evaluator = Evaluator(model: m, assets: assets, cache: ImageCache(preprocessor: assets.preprocessor), policy: policy)
        let scored = circoSplit == .val
        let reports = try evaluator.evaluate(circo: data, galleryOrigin: origin, methods: scored ? wanted : [.composed],
                                             text: circoText.flatMap(CIRCOQueryText.init(rawValue:)) ?? .caption)
        RunSetup.report(evaluator.problems)
        if scored {
            print(EvalTable.render(reports))
        } else if submission == nil {
            eprint("CIRCO test has no ground truths to score: pass --submission DIR to write the evaluation server's file")
        }
        if let json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            try enc.encode(reports).write(to: URL(fileURLWithPath: json))
        }
        let composed = reports.first { $0.method == .composed }
        if let rankings, let composed {
            let byID = Dictionary(data.queries.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            var text = ""
            for (query, ranked) in zip(composed.queries, composed.rankings) {
                let r = byID[query.id]
                let truths = Set(query.groundTruths)
                let obj: [String: Any] = [
                    "id": query.id, "reference": query.reference ?? "", "caption": r?.caption ?? "", "shared_concept": r?.sharedConcept ?? "",
                    "ground_truths": query.groundTruths, "first_hit": ranked.firstIndex { truths.contains($0) }.map { $0 + 1 } ?? -1,
                    "top": Array(ranked.prefix(10)),
                ]
                text += String(decoding: try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys]), as: UTF8.self) + "\n"
            }
            try Data(text.utf8).write(to: URL(fileURLWithPath: rankings))
        }
        if let submission {
            guard let composed else { throw TrainingError.invalid("--submission writes the composed method's rankings: add composed to --methods") }
            let folder = URL(fileURLWithPath: submission)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let file = folder.appendingPathComponent("circo_submission_\(split).json")
            try CIRCOSubmission.file(queries: composed.queries, rankings: composed.rankings).write(to: file)
            print("submission file: \(file.path)")
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

    /// CIRCO's table: mAP@K in percent per method.
    static func render(_ reports: [Evaluator.CIRCOReport]) -> String {
        var lines = ["method    mAP@5  mAP@10  mAP@25  mAP@50  queries"]
        for r in reports {
            guard let m = r.metrics else { continue }
            let values = [m.mapAt5, m.mapAt10, m.mapAt25, m.mapAt50].map { String(format: "%6.2f", $0) }
            lines.append("\(r.method.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(values[0])  \(values[1])  \(values[2])  \(values[3])  \(m.queries)")
        }
        return lines.joined(separator: "\n")
    }
}
