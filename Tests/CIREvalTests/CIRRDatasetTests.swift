import CIRData
import Foundation
import XCTest

final class CIRRDatasetTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    override func tearDown() {
        directory.remove()
    }

    private func writeSplit(_ split: String, names: [String], folder: String = "dev", under prefix: String = "") throws {
        let entries = names.map { "\"\($0)\": \"./\(folder)/\($0).png\"" }.joined(separator: ", ")
        try directory.write(prefix + "image_splits/split.rc2.\(split).json", "{\(entries)}")
    }

    func testLoadsValWithTargetsMembersAndASortedGallery() throws {
        try TinyCIRRCase.writeCIRR(into: directory)
        let data = try CIRRDataset.load(root: directory.url, split: .val)
        XCTAssertEqual(data.split, .val)
        XCTAssertEqual(data.gallery.map(\.name), ["Elk", "cat", "dog", "fox", "gnu", "hen", "img10", "img2"], "UTF-8 byte order")
        XCTAssertEqual(data.gallery[0].path, directory.url.standardizedFileURL.path + "/dev/Elk.png")
        XCTAssertEqual(data.triplets.map(\.id), ["100", "101", "102", "103"])
        XCTAssertEqual(data.triplets[0].reference.name, "dog")
        XCTAssertEqual(data.triplets[0].target?.name, "hen")
        XCTAssertEqual(data.triplets[0].caption, "make it a hen")
        XCTAssertEqual(data.triplets[0].members?.map(\.name), ["dog", "hen", "fox", "cat", "img2", "img10"])
        XCTAssertEqual(data.triplets[2].origin, DataOrigin(file: directory.url.appendingPathComponent("captions/cap.rc2.val.json").path, entry: 2))
    }

    func testTest1HasNoTargets() throws {
        try directory.touch(["test1/t-0.png", "test1/t-1.png"])
        try writeSplit("test1", names: ["t-0", "t-1"], folder: "test1")
        try directory.write("captions/cap.rc2.test1.json", #"[{"pairid": 12063, "reference": "t-0", "caption": "c", "img_set": {"id": 1, "members": ["t-0", "t-1"]}}]"#)
        let data = try CIRRDataset.load(root: directory.url, split: .test1)
        XCTAssertNil(data.triplets.first?.target)
        XCTAssertEqual(data.triplets.first?.members?.map(\.name), ["t-0", "t-1"])
    }

    /// CIRR's download puts images under img_raw/; the synthetic benchmark puts cirr/ beside images/.
    func testFindsTheImageRootOfBothLayouts() throws {
        try directory.touch(["img_raw/dev/x.png", "img_raw/dev/y.png"])
        try writeSplit("val", names: ["x", "y"])
        try directory.write("captions/cap.rc2.val.json", #"[{"pairid": 1, "reference": "x", "target_hard": "y", "caption": "c"}]"#)
        let raw = try CIRRDataset.load(root: directory.url, split: .val)
        XCTAssertEqual(raw.gallery.first?.path, directory.url.standardizedFileURL.path + "/img_raw/dev/x.png")
        XCTAssertNil(raw.triplets.first?.members)

        try directory.touch(["bench/images/p.png", "bench/images/q.png"])
        try writeSplit("val", names: ["p", "q"], folder: "images", under: "bench/cirr/")
        try directory.write("bench/cirr/captions/cap.rc2.val.json", #"[{"pairid": 1, "reference": "p", "target_hard": "q", "caption": "c"}]"#)
        let synthetic = try CIRRDataset.load(root: directory.url.appendingPathComponent("bench/cirr"), split: .val)
        XCTAssertEqual(synthetic.gallery.map(\.path), ["p", "q"].map { directory.url.standardizedFileURL.path + "/bench/images/\($0).png" })
    }

    func testBadEntriesAreReportedWithFileAndEntryIndex() throws {
        try directory.touch(["dev/a.png", "dev/b.png", "dev/c.png"])
        try writeSplit("val", names: ["a", "b", "c", "gone"])
        let captions = try directory.write("captions/cap.rc2.val.json", """
            [{"pairid": 1, "reference": "a", "target_hard": "b", "caption": "ok", "img_set": {"members": ["a", "b", "c"]}},
             {"pairid": 2, "reference": "a", "target_hard": "b"},
             {"pairid": "3", "reference": "a", "target_hard": "b", "caption": "x"},
             {"pairid": 4, "reference": "nobody", "target_hard": "b", "caption": "x"},
             {"pairid": 5, "reference": "a", "target_hard": "gone", "caption": "x"},
             {"pairid": 1, "reference": "a", "target_hard": "c", "caption": "again"},
             {"pairid": 7, "reference": "a", "caption": "no target in val"},
             {"pairid": 8, "reference": "a", "target_hard": "b", "caption": "x", "img_set": {"members": "a"}},
             17,
             {"pairid": 10, "reference": "b", "target_hard": "c", "caption": "fine"}]
            """)
        let data = try CIRRDataset.load(root: directory.url, split: .val, options: CIRROptions(policy: .skip))
        XCTAssertEqual(data.triplets.map(\.id), ["1", "10"])
        XCTAssertEqual(data.gallery.map(\.name), ["a", "b", "c"], "the image without a file is left out")
        let splitFile = directory.url.appendingPathComponent("image_splits/split.rc2.val.json").path
        XCTAssertEqual(data.problems.first?.file, splitFile)
        XCTAssertTrue(data.problems.first?.message.contains("image 'gone'") ?? false)
        let entries = data.problems.dropFirst()
        XCTAssertEqual(entries.map(\.file), Array(repeating: captions.path, count: 8))
        XCTAssertEqual(entries.map(\.entry), [1, 2, 3, 4, 5, 6, 7, 8])
        let messages = entries.map(\.message)
        let expected = [
            "missing required field 'caption'",
            "field 'pairid' must be an integer, found a string",
            "reference 'nobody' is not listed in split.rc2.val.json",
            "target_hard 'gone' has no image file",
            "pairid 1 is already used by entry 0",
            "missing required field 'target_hard'",
            "img_set field 'members' must be an array of strings, found a string",
            "expected a JSON object for a captions entry, found a number",
        ]
        for (message, fragment) in zip(messages, expected) {
            XCTAssertTrue(message.contains(fragment), "\(message) should contain \(fragment)")
        }
        XCTAssertEqual(entries.first?.description, "\(captions.path): entry 1: missing required field 'caption'")

        XCTAssertThrowsError(try CIRRDataset.load(root: directory.url, split: .val)) { error in
            XCTAssertEqual((error as? DataProblem)?.file, splitFile, "under .fail the first problem throws")
        }
        XCTAssertThrowsError(try CIRRDataset.load(root: directory.url, split: .val, options: CIRROptions(checkImages: false))) { error in
            XCTAssertEqual((error as? DataProblem)?.entry, 1)
        }
    }

    func testWholeFileProblemsThrowUnderBothPolicies() throws {
        for policy in ProblemPolicy.allCases {
            let options = CIRROptions(policy: policy)
            for folder in ["captions", "image_splits"] {
                try? FileManager.default.removeItem(at: directory.url.appendingPathComponent(folder))
            }
            XCTAssertThrowsError(try CIRRDataset.load(root: directory.url, split: .train, options: options)) { error in
                XCTAssertTrue((error as? DataProblem)?.message.contains("cannot read") ?? false, "\(error)")
            }
            try writeSplit("train", names: [])
            try directory.write("captions/cap.rc2.train.json", #"{"pairid": 1}"#)
            XCTAssertThrowsError(try CIRRDataset.load(root: directory.url, split: .train, options: options)) { error in
                XCTAssertTrue((error as? DataProblem)?.message.contains("expected a JSON array") ?? false, "\(error)")
            }
            try directory.write("captions/cap.rc2.train.json", "[{\"pairid\": 1,\n  \"caption\": }]")
            XCTAssertThrowsError(try CIRRDataset.load(root: directory.url, split: .train, options: options)) { error in
                XCTAssertTrue((error as? DataProblem)?.message.contains("at line 2, column 14") ?? false, "\(error)")
            }
            try directory.write("image_splits/split.rc2.train.json", #"{"a": 3}"#)
            XCTAssertThrowsError(try CIRRDataset.load(root: directory.url, split: .train, options: options)) { error in
                XCTAssertTrue((error as? DataProblem)?.message.contains("the path of image 'a' must be a string") ?? false, "\(error)")
            }
        }
    }
}
