import CIRData
import Foundation
import XCTest

final class CIRCODatasetTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    override func tearDown() {
        directory.remove()
    }

    private var imageFolder: String { directory.url.standardizedFileURL.path + "/COCO2017_unlabeled/unlabeled2017" }
    private var infoPath: String { directory.url.appendingPathComponent("COCO2017_unlabeled/annotations/image_info_unlabeled2017.json").path }

    private static func fileName(_ id: Int) -> String { String(format: "%012d.jpg", id) }

    /// COCO's image list with the fields the real file has, and (unless `touch` is false) empty
    /// image files: existence is all the loader checks.
    private func writeImages(_ ids: [Int], touch: [Int]? = nil) throws {
        let images = ids.map { id in
            """
            {"license": 4, "file_name": "\(Self.fileName(id))", "coco_url": "http://images.cocodataset.org/unlabeled2017/\(Self.fileName(id))",
             "height": 427, "width": 640, "date_captured": "2013-11-14 11:18:45", "flickr_url": "", "id": \(id)}
            """
        }
        try directory.write("COCO2017_unlabeled/annotations/image_info_unlabeled2017.json",
                            "{\"info\": {\"year\": 2017}, \"licenses\": [], \"images\": [\n" + images.joined(separator: ",\n") + "\n]}")
        try directory.touch((touch ?? ids).map { "COCO2017_unlabeled/unlabeled2017/" + Self.fileName($0) })
    }

    func testLoadsValExactlyWithASortedGallery() throws {
        try writeImages([9761, 85932, 489535, 57541, 375057, 119881, 10, 243611])
        let annotations = try directory.write("annotations/val.json", """
            [
                {"reference_img_id": 85932, "target_img_id": 9761, "relative_caption": "is held by a little girl on a chair",
                 "shared_concept": "a teddy bear", "gt_img_ids": [9761, 489535, 57541, 375057, 119881], "id": 0},
                {"reference_img_id": 10, "target_img_id": 243611, "relative_caption": "has two of them",
                 "shared_concept": "a red \\"bus\\"", "gt_img_ids": [243611, 10], "id": 7, "semantic_aspects": ["cardinality"]}
            ]
            """)
        let data = try CIRCODataset.load(root: directory.url, split: .val)
        XCTAssertEqual(data.split, .val)
        XCTAssertEqual(data.gallery.map(\.name), ["10", "119881", "243611", "375057", "489535", "57541", "85932", "9761"], "UTF-8 byte order")
        XCTAssertEqual(data.gallery[2].path, imageFolder + "/000000243611.jpg")
        XCTAssertEqual(data.queries.map(\.id), ["0", "7"])
        let first = data.queries[0]
        XCTAssertEqual(first.reference, ImageRef(name: "85932", path: imageFolder + "/000000085932.jpg"))
        XCTAssertEqual(first.caption, "is held by a little girl on a chair")
        XCTAssertEqual(first.sharedConcept, "a teddy bear")
        XCTAssertEqual(first.groundTruths.map(\.name), ["9761", "489535", "57541", "375057", "119881"], "file order: the target first")
        XCTAssertEqual(first.groundTruths[1].path, imageFolder + "/000000489535.jpg")
        XCTAssertEqual(first.origin, DataOrigin(file: annotations.path, entry: 0))
        XCTAssertEqual(data.queries[1].sharedConcept, "a red \"bus\"")
        XCTAssertEqual(data.queries[1].groundTruths.map(\.name), ["243611", "10"], "a ground truth may be the reference")
        XCTAssertEqual(data.queries[1].origin.entry, 1)
        XCTAssertEqual(data.problems, [])
    }

    func testTestHasNoGroundTruths() throws {
        try writeImages([1, 2, 3])
        try directory.write("annotations/test.json", """
            [{"reference_img_id": 2, "relative_caption": "is blue", "shared_concept": "a car", "id": 0},
             {"reference_img_id": 3, "relative_caption": "is red", "shared_concept": "a car", "id": 1, "gt_img_ids": []}]
            """)
        let data = try CIRCODataset.load(root: directory.url, split: .test)
        XCTAssertEqual(data.queries.map(\.id), ["0", "1"])
        XCTAssertEqual(data.queries.map(\.reference.name), ["2", "3"])
        XCTAssertEqual(data.queries.map(\.groundTruths), [[], []], "test ground truths are hidden, and ignored if present")
        XCTAssertEqual(data.gallery.map(\.name), ["1", "2", "3"])
    }

    func testImageRootOverrideAndUncheckedImages() throws {
        try writeImages([5, 6], touch: [])
        try directory.write("annotations/val.json", #"[{"reference_img_id": 5, "relative_caption": "c", "shared_concept": "s", "gt_img_ids": [6], "id": 0}]"#)
        XCTAssertThrowsError(try CIRCODataset.load(root: directory.url, split: .val)) { error in
            XCTAssertEqual((error as? DataProblem)?.file, self.infoPath, "with checkImages a missing file is a problem")
        }
        let elsewhere = URL(fileURLWithPath: "/data/coco/unlabeled2017")
        let data = try CIRCODataset.load(root: directory.url, split: .val, options: CIRCOOptions(imageRoot: elsewhere, checkImages: false))
        XCTAssertEqual(data.gallery.map(\.path), ["/data/coco/unlabeled2017/000000000005.jpg", "/data/coco/unlabeled2017/000000000006.jpg"])
        XCTAssertEqual(data.queries.first?.groundTruths.map(\.name), ["6"])
    }

    func testBadEntriesAreReportedWithFileAndEntryIndex() throws {
        try writeImages([1, 2, 3, 4, 5], touch: [1, 2, 3, 4])
        let annotations = try directory.write("annotations/val.json", """
            [{"reference_img_id": 1, "target_img_id": 2, "relative_caption": "ok", "shared_concept": "s", "gt_img_ids": [2, 3], "id": 0},
             17,
             {"reference_img_id": 1, "shared_concept": "s", "gt_img_ids": [2], "id": 2},
             {"reference_img_id": 1, "relative_caption": "c", "shared_concept": "s", "gt_img_ids": [2], "id": "3"},
             {"reference_img_id": 2, "relative_caption": "again", "shared_concept": "s", "gt_img_ids": [3], "id": 0},
             {"reference_img_id": 99, "relative_caption": "c", "shared_concept": "s", "gt_img_ids": [2], "id": 5},
             {"reference_img_id": 1, "relative_caption": "c", "shared_concept": "s", "gt_img_ids": [2, 98], "id": 6},
             {"reference_img_id": 1, "relative_caption": "c", "shared_concept": "s", "gt_img_ids": [5], "id": 7},
             {"reference_img_id": 1, "relative_caption": "c", "shared_concept": "s", "gt_img_ids": [], "id": 8},
             {"reference_img_id": 1, "relative_caption": "c", "shared_concept": "s", "gt_img_ids": [2, "3"], "id": 9},
             {"reference_img_id": 1, "relative_caption": "c", "gt_img_ids": [2], "id": 10},
             {"reference_img_id": 1, "relative_caption": "c", "shared_concept": "s", "id": 11},
             {"reference_img_id": 1, "relative_caption": "c", "shared_concept": "s", "gt_img_ids": [2], "id": -1},
             {"reference_img_id": 1, "target_img_id": "2", "relative_caption": "c", "shared_concept": "s", "gt_img_ids": [2], "id": 13},
             {"reference_img_id": 4, "relative_caption": "fine", "shared_concept": "s", "gt_img_ids": [1], "id": 14}]
            """)
        let data = try CIRCODataset.load(root: directory.url, split: .val, options: CIRCOOptions(policy: .skip))
        XCTAssertEqual(data.queries.map(\.id), ["0", "14"])
        XCTAssertEqual(data.gallery.map(\.name), ["1", "2", "3", "4"], "the image without a file is left out")
        XCTAssertEqual(data.problems.first?.file, infoPath)
        XCTAssertNil(data.problems.first?.entry)
        XCTAssertTrue(data.problems.first?.message.contains("image 5 ('000000000005.jpg') not found") ?? false, "\(data.problems)")
        let entries = data.problems.dropFirst()
        XCTAssertEqual(entries.map(\.file), Array(repeating: annotations.path, count: 13))
        XCTAssertEqual(entries.map(\.entry), Array(1...13))
        let expected = [
            "expected a JSON object for an annotations entry, found a number",
            "missing required field 'relative_caption'",
            "field 'id' must be an integer, found a string",
            "id 0 is already used by entry 0",
            "reference_img_id 99 is not listed in image_info_unlabeled2017.json",
            "gt_img_ids item 1 98 is not listed in image_info_unlabeled2017.json",
            "gt_img_ids item 0 5 has no image file",
            "field 'gt_img_ids' is empty",
            "field 'gt_img_ids' item 1 must be an integer, found a string",
            "missing required field 'shared_concept'",
            "missing required field 'gt_img_ids'",
            "field 'id' must be a non-negative integer, found -1",
            "field 'target_img_id' must be an integer, found a string",
        ]
        for (problem, fragment) in zip(entries, expected) {
            XCTAssertTrue(problem.message.contains(fragment), "\(problem.message) should contain \(fragment)")
        }
        XCTAssertEqual(entries.first?.description, "\(annotations.path): entry 1: expected a JSON object for an annotations entry, found a number")

        XCTAssertThrowsError(try CIRCODataset.load(root: directory.url, split: .val)) { error in
            XCTAssertEqual((error as? DataProblem)?.file, self.infoPath, "under .fail the first problem throws")
        }
        XCTAssertThrowsError(try CIRCODataset.load(root: directory.url, split: .val, options: CIRCOOptions(checkImages: false))) { error in
            XCTAssertEqual((error as? DataProblem)?.entry, 1)
        }
    }

    func testWholeFileProblemsThrowUnderBothPolicies() throws {
        let annotations = directory.url.appendingPathComponent("annotations/val.json").path
        for policy in ProblemPolicy.allCases {
            let options = CIRCOOptions(policy: policy)
            for folder in ["annotations", "COCO2017_unlabeled"] {
                try? FileManager.default.removeItem(at: directory.url.appendingPathComponent(folder))
            }
            func expect(_ file: String, _ fragment: String, line: UInt = #line) {
                XCTAssertThrowsError(try CIRCODataset.load(root: directory.url, split: .val, options: options), line: line) { error in
                    let problem = error as? DataProblem
                    XCTAssertEqual(problem?.file, file, line: line)
                    XCTAssertTrue(problem?.message.contains(fragment) ?? false, "\(error)", line: line)
                }
            }
            expect(annotations, "cannot read")
            expect(annotations, "CIRCO release layout (annotations/val.json and test.json")
            try directory.write("annotations/val.json", #"{"id": 0}"#)
            expect(annotations, "expected a JSON array of query annotations")
            try directory.write("annotations/val.json", "[{\"id\": 0,\n  \"relative_caption\": }]")
            expect(annotations, "not valid JSON")
            expect(annotations, "at line 2, column 23")
            try directory.write("annotations/val.json", "[]")
            expect(infoPath, "cannot read")
            expect(infoPath, "COCO2017_unlabeled/annotations/image_info_unlabeled2017.json")
            try directory.write("COCO2017_unlabeled/annotations/image_info_unlabeled2017.json", "[]")
            expect(infoPath, "expected a JSON object with an 'images' array")
            try directory.write("COCO2017_unlabeled/annotations/image_info_unlabeled2017.json", #"{"images": 3}"#)
            expect(infoPath, "expected an 'images' array of {\"id\", \"file_name\"} objects, found a number")
            try directory.write("COCO2017_unlabeled/annotations/image_info_unlabeled2017.json", #"{"images": [{"id": 1, "file_name": "a.jpg"}, {"id": 2}]}"#)
            expect(infoPath, "images[1]: missing required field 'file_name'")
            try directory.write("COCO2017_unlabeled/annotations/image_info_unlabeled2017.json", #"{"images": [{"id": 7, "file_name": "a.jpg"}, {"id": 7, "file_name": "b.jpg"}]}"#)
            expect(infoPath, "images[1]: id 7 is already used by images[0]")
        }
    }
}
