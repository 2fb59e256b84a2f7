import CIRData
import CIREval
import Foundation
import XCTest
@testable import Training

/// `context-train eval --circo` driven as a user would, on a tiny folder in CIRCO's release
/// layout built from the synthetic benchmark's images: mAP@K equal to CIRCOProtocol's on the same
/// model's embeddings computed here, the image baseline against a hand-computed case, the test
/// split's submission file, and bad entries under fail and skip.
final class CIRCOEvalCommandTests: XCTestCase {
    private let tmp = TrainingFixture.temporaryDirectory("circo-eval")
    private var root: URL { tmp.appendingPathComponent("CIRCO") }
    private var modelDirectory: URL { tmp.appendingPathComponent("model") }

    /// COCO ids whose UTF-8 order ("100" < "119881" < "12" < …) is not their numeric order.
    private static let ids = [85932, 9761, 489535, 57541, 375057, 119881, 12, 243611, 7, 100]

    /// (id, reference, caption, concept, ground truths) of the val split. With the reference kept in
    /// the ranking, the image baseline ranks each reference first (its own embedding), so:
    ///   q0: ground truths {reference}                 → AP@K = 1 for every K;
    ///   q1: ground truths every image but the reference → positions 2…10:
    ///       AP@5 = (1/2 + 2/3 + 3/4 + 4/5) / 5, AP@10 = AP@25 = AP@50 = Σ_{i=2…10} (i−1)/i / 9;
    ///   q2: ground truths all ten images, reference first → AP@K = 1 for every K.
    private static let val: [(id: Int, reference: Int, caption: String, concept: String, truths: [Int])] = [
        (0, 85932, "is held by a little girl on a chair", "a teddy bear", [85932]),
        (1, 9761, "is red and larger", "a circle", ids.filter { $0 != 9761 }),
        (2, 12, "has two of them", "a blue square", [12] + ids.filter { $0 != 12 }),
    ]

    override func setUpWithError() throws {
        let fm = FileManager.default
        let images = root.appendingPathComponent("COCO2017_unlabeled/unlabeled2017")
        try fm.createDirectory(at: images, withIntermediateDirectories: true)
        for folder in ["annotations", "COCO2017_unlabeled/annotations"] {
            try fm.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        // Every seventh synthetic image: different scenes, not one scene and its edits.
        let source = TrainingFixture.benchmark.appendingPathComponent("images")
        let pngs = try fm.contentsOfDirectory(atPath: source.path).filter { $0.hasSuffix(".png") }.sorted()
        var listing: [String] = []
        for (n, id) in Self.ids.enumerated() {
            // COCO's names are .jpg; these are PNGs, and the loader takes file_name as written.
            let name = String(format: "%012d.png", id)
            try fm.copyItem(at: source.appendingPathComponent(pngs[n * 7]), to: images.appendingPathComponent(name))
            listing.append(#"{"file_name": "\#(name)", "height": 48, "width": 48, "id": \#(id)}"#)
        }
        try write("COCO2017_unlabeled/annotations/image_info_unlabeled2017.json", #"{"info": {}, "images": ["# + listing.joined(separator: ", ") + "]}")
        try writeVal()
        try write("annotations/test.json", """
            [{"reference_img_id": 7, "relative_caption": "is green", "shared_concept": "a triangle", "id": 0},
             {"reference_img_id": 100, "relative_caption": "has no circle", "shared_concept": "two shapes", "id": 1},
             {"reference_img_id": 243611, "relative_caption": "is smaller", "shared_concept": "a star", "id": 2}]
            """)
        try TrainingFixture.model(seed: 5).export(to: modelDirectory, assets: TrainingFixture.tokenizerDirectory)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: tmp) }

    private func write(_ relative: String, _ text: String) throws {
        try Data(text.utf8).write(to: root.appendingPathComponent(relative))
    }

    private func writeVal(extra: [String] = []) throws {
        let entries = Self.val.map { q in
            #"{"reference_img_id": \#(q.reference), "target_img_id": \#(q.truths[0]), "relative_caption": "\#(q.caption)", "shared_concept": "\#(q.concept)", "gt_img_ids": [\#(q.truths.map(String.init).joined(separator: ", "))], "id": \#(q.id)}"#
        }
        try write("annotations/val.json", "[\n" + (entries + extra).joined(separator: ",\n") + "\n]\n")
    }

    // MARK: running the binary

    @discardableResult
    private func eval(_ args: [String], expect status: Int32 = 0, line: UInt = #line) throws -> (out: String, err: String) {
        try BuiltCommand.run("context-train", ["eval", "--model", modelDirectory.path] + args, expect: status, line: line)
    }

    /// `--json` output: method → metrics.
    private func readMetrics(_ path: String) throws -> [String: [String: Double]] {
        let reports = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [[String: Any]])
        var out: [String: [String: Double]] = [:]
        for r in reports {
            out[try XCTUnwrap(r["method"] as? String)] = try XCTUnwrap(r["metrics"] as? [String: Double], "\(r)")
        }
        return out
    }

    // MARK: the same evaluation, recomputed here

    /// The exported model's embeddings of the gallery and of every query per method, computed
    /// directly (not through the Evaluator), and the scores CIRCOProtocol ranks.
    private func recompute(_ split: CIRCOSplit, text: CIRCOQueryText, methods: [RetrievalMethod])
        throws -> (queries: [CIRCOQuery], galleryNames: [String], scores: [RetrievalMethod: ScoreMatrix]) {
        let data = try CIRCODataset.load(root: root, split: split)
        let m = try TrainableModel.load(directory: modelDirectory)
        let assets = try ModelAssets(directory: modelDirectory, imageSize: m.config.vision.imageSize)
        let cache = ImageCache(preprocessor: assets.preprocessor)
        func pixels(_ refs: [ImageRef]) throws -> [Float] {
            var px: [Float] = []
            for r in refs { cache.appendPixels(try cache.load(r.path).get(), to: &px) }
            return px
        }
        let pd = m.config.projectionDim
        let gallery = m.imageEmbeddings(pixels: try pixels(data.gallery), count: data.gallery.count)
        let names = data.gallery.map(\.name)
        let row = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let ids = data.queries.map { assets.tokenize(text.text(for: $0)) }
        var references: [Float] = []
        for q in data.queries { let g = row[q.reference.name]!; references += gallery[(g * pd)..<((g + 1) * pd)] }
        let texts = m.textEmbeddings(ids: ids)
        var scores: [RetrievalMethod: ScoreMatrix] = [:]
        for method in methods {
            var q: [Float]
            switch method {
            case .image: q = references
            case .text: q = texts
            case .composed: q = m.queryEmbeddings(pixels: try pixels(data.queries.map(\.reference)), ids: ids)
            case .sum:
                // normalise(image + text), rounded as the Evaluator rounds it (one reciprocal per row).
                q = zip(references, texts).map { $0 + $1 }
                for i in 0..<data.queries.count {
                    let inv = 1 / max(q[(i * pd)..<((i + 1) * pd)].reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-12)
                    for j in 0..<pd { q[i * pd + j] *= inv }
                }
            }
            scores[method] = try ScoreMatrix.cosine(queries: Embeddings(count: data.queries.count, dim: pd, values: q),
                                                    gallery: Embeddings(count: names.count, dim: pd, values: gallery))
        }
        let queries = data.queries.map { CIRCOQuery(id: $0.id, reference: $0.reference.name, groundTruths: $0.groundTruths.map(\.name)) }
        return (queries, names, scores)
    }

    private func assertMatches(_ metrics: [String: Double]?, _ expected: CIRCOMetrics, _ what: String, line: UInt = #line) {
        let got = [metrics?["mapAt5"], metrics?["mapAt10"], metrics?["mapAt25"], metrics?["mapAt50"]]
        let want = [expected.mapAt5, expected.mapAt10, expected.mapAt25, expected.mapAt50]
        for (g, w) in zip(got, want) {
            XCTAssertEqual(g ?? -1, w, accuracy: 1e-9, "\(what): \(got) vs \(want)", line: line)
            XCTAssertTrue((0...100).contains(g ?? -1), line: line)
        }
        XCTAssertEqual(metrics?["queries"], Double(expected.queries), what, line: line)
    }

    // MARK: tests

    func testValMetricsEqualCIRCOProtocolOnTheModelsEmbeddings() throws {
        let json = tmp.appendingPathComponent("val.json").path
        let (table, _) = try eval(["--circo", root.path, "--json", json])
        XCTAssertTrue(table.contains("mAP@5  mAP@10  mAP@25  mAP@50  queries"), table)
        XCTAssertTrue(table.contains("composed") && table.contains("sum"), table)
        let got = try readMetrics(json)
        XCTAssertEqual(Set(got.keys), ["composed", "image", "text", "sum"])

        let (queries, names, scores) = try recompute(.val, text: .caption, methods: RetrievalMethod.allCases)
        XCTAssertEqual(names, ["100", "119881", "12", "243611", "375057", "489535", "57541", "7", "85932", "9761"])
        for method in RetrievalMethod.allCases {
            let expected = try CIRCOProtocol.evaluate(scores: scores[method]!, galleryNames: names, queries: queries)
            assertMatches(got[method.rawValue], expected, method.rawValue)
        }

        // The image baseline by hand (the case in `val`'s comment).
        let ap1at5: Double = (1.0 / 2 + 2.0 / 3 + 3.0 / 4 + 4.0 / 5) / 5
        var ap1 = 0.0
        for i in 2...10 { ap1 += Double(i - 1) / Double(i) }
        ap1 /= 9
        let image = got["image"]
        XCTAssertEqual(image?["mapAt5"] ?? -1, (1 + ap1at5 + 1) / 3 * 100, accuracy: 1e-9)
        for k in ["mapAt10", "mapAt25", "mapAt50"] {
            XCTAssertEqual(image?[k] ?? -1, (1 + ap1 + 1) / 3 * 100, accuracy: 1e-9, k)
        }
    }

    func testConceptCaptionTextAndMethodsOption() throws {
        let json = tmp.appendingPathComponent("concept.json").path
        try eval(["--circo", root.path, "--split", "val", "--circo-text", "concept-caption", "--methods", "composed,text", "--json", json])
        let got = try readMetrics(json)
        XCTAssertEqual(Set(got.keys), ["composed", "text"])
        let (queries, names, scores) = try recompute(.val, text: .conceptCaption, methods: [.composed, .text])
        for method in [RetrievalMethod.composed, .text] {
            let expected = try CIRCOProtocol.evaluate(scores: scores[method]!, galleryNames: names, queries: queries)
            assertMatches(got[method.rawValue], expected, method.rawValue)
        }
    }

    func testTestSplitWritesTheServersSubmissionFile() throws {
        let folder = tmp.appendingPathComponent("submission")
        let (out, _) = try eval(["--circo", root.path, "--split", "test", "--submission", folder.path])
        XCTAssertFalse(out.contains("mAP@5"), "no ground truths, no table")
        let file = folder.appendingPathComponent("circo_submission_test.json")
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["0", "1", "2"])
        let (queries, names, scores) = try recompute(.test, text: .caption, methods: [.composed])
        let expected = try CIRCOProtocol.rank(scores: scores[.composed]!, galleryNames: names, queries: queries)
        for (query, ranking) in zip(queries, expected) {
            let ids = try XCTUnwrap(object[query.id] as? [Int], "integers, not strings")
            XCTAssertEqual(ids.count, min(50, Self.ids.count))
            XCTAssertEqual(Set(ids), Set(Self.ids))
            XCTAssertEqual(ids.map(String.init), ranking, "the composed ranking, reference kept")
        }
    }

    func testBadEntriesFailOrAreSkippedWithFileAndEntry() throws {
        // An eleventh listed image that is not an image, used by one more query only.
        let info = root.appendingPathComponent("COCO2017_unlabeled/annotations/image_info_unlabeled2017.json")
        let listing = try String(contentsOf: info, encoding: .utf8)
        try write("COCO2017_unlabeled/annotations/image_info_unlabeled2017.json",
                  String(listing.dropLast(2)) + #", {"file_name": "000000004242.png", "id": 4242}]}"#)
        try Data("not an image".utf8).write(to: root.appendingPathComponent("COCO2017_unlabeled/unlabeled2017/000000004242.png"))
        try writeVal(extra: [
            #"{"reference_img_id": 31337, "relative_caption": "c", "shared_concept": "s", "gt_img_ids": [12], "id": 3}"#,
            #"{"reference_img_id": 12, "relative_caption": "c", "shared_concept": "s", "gt_img_ids": [], "id": 4}"#,
            #"{"reference_img_id": 4242, "relative_caption": "c", "shared_concept": "s", "gt_img_ids": [12], "id": 5}"#,
        ])
        let annotations = root.appendingPathComponent("annotations/val.json").path
        let (_, fatal) = try eval(["--circo", root.path], expect: 1)
        XCTAssertTrue(fatal.contains("\(annotations): entry 3: reference_img_id 31337 is not listed"), fatal)
        let (table, skipped) = try eval(["--circo", root.path, "--on-bad-data", "skip", "--methods", "image"])
        XCTAssertTrue(skipped.contains("skipped: \(annotations): entry 3:"), skipped)
        XCTAssertTrue(skipped.contains("skipped: \(annotations): entry 4: field 'gt_img_ids' is empty"), skipped)
        XCTAssertTrue(skipped.contains("skipped: \(info.path): 4242: cannot be decoded"), skipped)
        XCTAssertTrue(skipped.contains("skipped: \(annotations): entry 5: query 5 left out: its reference 4242 could not be used"), skipped)
        XCTAssertTrue(table.contains("image"), table)
        XCTAssertTrue(table.hasSuffix("3\n") || table.hasSuffix("3"), "the three good queries: \(table)")
    }

    func testSourceAndSplitValidation() throws {
        let (_, both) = try eval(["--circo", root.path, "--cirr", root.path], expect: 64)
        XCTAssertTrue(both.contains("exactly one of --triplets, --cirr and --circo"), both)
        let (_, split) = try eval(["--circo", root.path, "--split", "test1"], expect: 64)
        XCTAssertTrue(split.contains("--split must be val or test with --circo"), split)
        let (_, text) = try eval(["--circo", root.path, "--circo-text", "concept"], expect: 64)
        XCTAssertTrue(text.contains("caption or concept-caption"), text)
        let (_, missing) = try eval(["--circo", tmp.appendingPathComponent("nowhere").path], expect: 1)
        XCTAssertTrue(missing.contains("annotations/val.json") && missing.contains("CIRCO release layout"), missing)
    }
}
