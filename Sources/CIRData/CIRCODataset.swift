import Foundation

/// Loads the CIRCO release layout (github.com/miccunifi/CIRCO, README "Data Structure"):
///
/// ```
/// <root>/annotations/{val,test}.json     [{"reference_img_id": 85932, "target_img_id": 9761 (not in test),
///                                          "relative_caption": "is held by a little girl on a chair",
///                                          "shared_concept": "a teddy bear",
///                                          "gt_img_ids": [9761, 489535, …] (not in test), "id": 0}, …]
/// <root>/COCO2017_unlabeled/annotations/image_info_unlabeled2017.json
///                                        {"images": [{"file_name": "000000243611.jpg", "id": 243611, …}, …], …}
/// <root>/COCO2017_unlabeled/unlabeled2017/000000243611.jpg …
/// ```
/// Images are named by their COCO id in decimal ("243611"): the annotations refer to them that
/// way, and the evaluation server's submission file lists them that way.
public enum CIRCODataset {
    private static let layout = "the CIRCO release layout (annotations/val.json and test.json, "
        + "COCO2017_unlabeled/annotations/image_info_unlabeled2017.json, COCO2017_unlabeled/unlabeled2017/)"

    /// Loads `split` from the dataset folder `root` (the folder holding `annotations/` and
    /// `COCO2017_unlabeled/`).
    ///
    /// An entry is bad when it is not an object; lacks or mistypes `id` (a non-negative integer),
    /// `reference_img_id`, `relative_caption`, `shared_concept` or, in `val`, `gt_img_ids` (a
    /// non-empty array of integers; `target_img_id` is only type-checked, since CIRCO defines it
    /// as `gt_img_ids[0]`); repeats an `id`; or names an image absent from the image list or
    /// (with `checkImages`) from disk. Bad entries are reported with the annotations file and
    /// their 0-based entry index; a listed image whose file is missing is reported against the
    /// image list and left out of the gallery.
    /// - Throws: `DataProblem`: the first problem under `.fail`; under either policy a file that is
    ///   missing, unreadable, not JSON, or not of the expected shape (the image list must be an
    ///   object whose `images` are objects with an integer `id`, unique, and a string `file_name`).
    public static func load(root: URL, split: CIRCOSplit, options: CIRCOOptions = CIRCOOptions()) throws(DataProblem) -> CIRCOSplitData {
        let annotationsURL = root.appendingPathComponent("annotations/\(split.rawValue).json")
        let infoURL = root.appendingPathComponent("COCO2017_unlabeled/annotations/image_info_unlabeled2017.json")
        var log = ProblemLog(policy: options.policy)

        // The annotations file is small and the image list about 30 MB: a wrong root should fail
        // before the long parse.
        let entries = try JSONFile.array(annotationsURL, of: "query annotations", in: layout)
        let listing = try imageListing(infoURL)
        let imageRoot = options.imageRoot ?? root.appendingPathComponent("COCO2017_unlabeled/unlabeled2017")
        var resolver = ImageResolver(root: imageRoot, checkImages: options.checkImages)
        var gallery: [String: ImageRef] = [:]
        gallery.reserveCapacity(listing.count)
        for (name, fileName) in listing.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            let path = resolver.absolute(fileName)
            do throws(FieldError) {
                try resolver.check(path, describe: "image \(name) ('\(fileName)')")
                gallery[name] = ImageRef(name: name, path: path)
            } catch {
                try log.report(DataProblem(file: infoURL.path, message: error.message))
            }
        }

        var queries: [CIRCORecord] = []
        var idEntries: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            let origin = DataOrigin(file: annotationsURL.path, entry: index)
            do throws(FieldError) {
                let record = try query(entry, split: split, origin: origin, listing: listing, gallery: gallery, infoFile: infoURL.lastPathComponent)
                if let first = idEntries[record.id] {
                    throw FieldError("id \(record.id) is already used by entry \(first); query ids must be unique")
                }
                idEntries[record.id] = index
                queries.append(record)
            } catch {
                try log.report(origin.problem(error.message))
            }
        }
        let sortedGallery = gallery.values.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        return CIRCOSplitData(split: split, queries: queries, gallery: sortedGallery, problems: log.problems)
    }

    private static func query(
        _ entry: JSONValue, split: CIRCOSplit, origin: DataOrigin,
        listing: [String: String], gallery: [String: ImageRef], infoFile: String
    ) throws(FieldError) -> CIRCORecord {
        let fields = try FieldReader(entry, what: "an annotations entry")
        let id = try fields.requiredInt("id")
        // The server checks that the keys are the query ids 0, 1, …; a negative one cannot be.
        guard id >= 0 else { throw FieldError("field 'id' must be a non-negative integer, found \(id)") }
        func image(_ imageID: Int, _ role: String) throws(FieldError) -> ImageRef {
            let name = String(imageID)
            if let found = gallery[name] { return found }
            if listing[name] == nil {
                throw FieldError("\(role) \(imageID) is not listed in \(infoFile)")
            }
            throw FieldError("\(role) \(imageID) has no image file (reported against \(infoFile))")
        }
        let reference = try image(try fields.requiredInt("reference_img_id"), "reference_img_id")
        let caption = try fields.requiredString("relative_caption")
        let concept = try fields.requiredString("shared_concept")
        var truths: [ImageRef] = []
        if split == .val {
            _ = try fields.optionalInt("target_img_id")
            let ids = try fields.requiredIntArray("gt_img_ids")
            if ids.isEmpty {
                throw FieldError("field 'gt_img_ids' is empty; a val query needs at least one ground truth")
            }
            for (index, imageID) in ids.enumerated() {
                truths.append(try image(imageID, "gt_img_ids item \(index)"))
            }
        }
        return CIRCORecord(id: String(id), reference: reference, caption: caption, sharedConcept: concept, groundTruths: truths, origin: origin)
    }

    /// `{decimal COCO id: file_name}` of the image list.
    private static func imageListing(_ url: URL) throws(DataProblem) -> [String: String] {
        let file = url.path
        guard case let .object(top) = try JSONFile.parse(url, expecting: "COCO's image list, an object with an 'images' array", in: layout) else {
            throw DataProblem(file: file, message: "expected a JSON object with an 'images' array (COCO's image_info_unlabeled2017.json)")
        }
        guard case let .array(images)? = top["images"] else {
            throw DataProblem(file: file, message: "expected an 'images' array of {\"id\", \"file_name\"} objects, found \(top["images"]?.kind ?? "none")")
        }
        var listing: [String: String] = [:]
        listing.reserveCapacity(images.count)
        var firstIndex: [Int: Int] = [:]
        firstIndex.reserveCapacity(images.count)
        for (index, image) in images.enumerated() {
            do throws(FieldError) {
                let fields = try FieldReader(image, what: "an image")
                let id = try fields.requiredInt("id")
                let fileName = try fields.requiredString("file_name")
                if let first = firstIndex[id] {
                    throw FieldError("id \(id) is already used by images[\(first)]")
                }
                firstIndex[id] = index
                listing[String(id)] = fileName
            } catch {
                throw DataProblem(file: file, message: "images[\(index)]: \(error.message)")
            }
        }
        return listing
    }
}
