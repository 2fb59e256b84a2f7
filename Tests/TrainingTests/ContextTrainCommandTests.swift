import Foundation
import XCTest

/// The built `context-train` binary driven as a user would: synth → pretrain → train → eval
/// (manifest and CIRR layout) → the server's `embed` on the exported model; and bad data reported
/// with file and line, fatal or skipped as `--on-bad-data` says.
final class ContextTrainCommandTests: XCTestCase {
    @discardableResult
    private func run(_ name: String, _ args: [String], expect status: Int32 = 0) throws -> (out: String, err: String) {
        try BuiltCommand.run(name, args, expect: status)
    }

    private let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("ctrain-\(UUID().uuidString)")
    override func tearDown() { try? FileManager.default.removeItem(at: tmp) }

    private func tinyConfig() throws -> String {
        let json = """
        {"projection_dim": 16, "context_cir": {"cross_attn_layers": 1, "heads": 2},
         "text_config": {"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 1, "num_attention_heads": 2},
         "vision_config": {"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 1, "num_attention_heads": 2,
                           "image_size": 48, "patch_size": 16}}
        """
        let url = tmp.appendingPathComponent("config.json")
        try Data(json.utf8).write(to: url)
        return url.path
    }

    func testSynthPretrainTrainEvalAndServeTheExportedModel() throws {
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        let data = tmp.appendingPathComponent("data").path, tok = GradientGoldenTests.fixtures.appendingPathComponent("tokenizer").path
        try run("context-train", ["synth", "--out", data, "--seed", "3", "--tiny"])
        let few = ["--max-steps", "2", "--batch-size", "4", "--warmup", "1", "--checkpoint-every", "1"]
        try run("context-train", ["pretrain", "--config", try tinyConfig(), "--assets", tok, "--captions", data + "/captions.train.jsonl",
                                  "--out", tmp.appendingPathComponent("pre").path] + few)
        let pre = tmp.appendingPathComponent("pre/model").path
        try run("context-train", ["train", "--model", pre, "--triplets", data + "/triplets.train.jsonl",
                                  "--out", tmp.appendingPathComponent("ctx").path] + few)
        let model = tmp.appendingPathComponent("ctx/model").path
        let json = tmp.appendingPathComponent("eval.json").path
        let (table, _) = try run("context-train", ["eval", "--model", model, "--triplets", data + "/triplets.test.jsonl", "--json", json])
        XCTAssertTrue(table.contains("composed") && table.contains("sum"), table)
        let reports = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [[String: Any]] ?? []
        XCTAssertEqual(Set(reports.compactMap { $0["method"] as? String }), ["composed", "image", "text", "sum"])
        for r in reports { XCTAssertNotNil((r["metrics"] as? [String: Any])?["recallAt1"], "\(r)") }
        // The same split in the CIRR release layout, with submission files.
        let sub = tmp.appendingPathComponent("submission").path
        try run("context-train", ["eval", "--model", model, "--cirr", data + "/cirr", "--split", "test1", "--submission", sub])
        XCTAssertTrue(FileManager.default.fileExists(atPath: sub + "/recall_submission_test1.json"))
        // The server loads the exported model as is.
        let image = try FileManager.default.contentsOfDirectory(atPath: data + "/images").sorted()[0]
        let (embed, _) = try run("context-server", ["embed", "--model", model, "--image", data + "/images/" + image, "--text", "make it red"])
        XCTAssertTrue(embed.contains("\"embedding\""), embed)
        // Resuming a finished run is a no-op that keeps the model.
        try run("context-train", ["train", "--resume", tmp.appendingPathComponent("ctx/checkpoint").path, "--triplets",
                                  data + "/triplets.train.jsonl", "--out", tmp.appendingPathComponent("ctx").path] + few)
    }

    func testBadManifestLinesAndUnreadableImagesAreReportedWithFileAndLine() throws {
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        let data = tmp.appendingPathComponent("data").path, tok = GradientGoldenTests.fixtures.appendingPathComponent("tokenizer").path
        try run("context-train", ["synth", "--out", data, "--seed", "4", "--tiny"])
        // Line 2 is not JSON, line 3 names a missing image, the image of line 4 is not a PNG at all.
        var lines = try String(contentsOfFile: data + "/triplets.train.jsonl", encoding: .utf8).split(separator: "\n").map(String.init)
        // One batch holding every usable triplet, so the undecodable image is certainly met.
        let usable = lines.count - 1
        lines.insert("{not json", at: 1)
        lines[2] = lines[2].replacingOccurrences(of: "\"reference\": \"images/", with: "\"reference\": \"images/missing-")
        let victimRange = try XCTUnwrap(lines[3].range(of: #"images/[^"]+\.png"#, options: .regularExpression))
        let victim = String(lines[3][victimRange])
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: data + "/" + victim))
        let manifest = tmp.appendingPathComponent("bad.jsonl").path
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: manifest))
        try run("context-train", ["pretrain", "--config", try tinyConfig(), "--assets", tok, "--captions", data + "/captions.train.jsonl",
                                  "--out", tmp.appendingPathComponent("pre").path, "--max-steps", "1", "--batch-size", "4",
                                  "--on-bad-data", "skip"])
        let pre = tmp.appendingPathComponent("pre/model").path
        let args = ["train", "--model", pre, "--triplets", manifest, "--image-root", data, "--out", tmp.appendingPathComponent("ctx").path,
                    "--batch-size", "\(usable)", "--warmup", "1"]
        let (_, fatal) = try run("context-train", args + ["--on-bad-data", "fail"], expect: 1)
        XCTAssertTrue(fatal.contains("bad.jsonl:2"), fatal)
        let (_, skipped) = try run("context-train", args + ["--on-bad-data", "skip"])
        XCTAssertTrue(skipped.contains("bad.jsonl:2"), skipped)
        XCTAssertTrue(skipped.contains("bad.jsonl:3"), skipped)
        XCTAssertTrue(skipped.contains("bad.jsonl:4") && skipped.contains("cannot be decoded"), skipped)
    }
}
