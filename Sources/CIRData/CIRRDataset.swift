import Foundation

/// Loads the CIRR release layout (github.com/Cuberick-Orion/CIRR, README "Dataset File
/// Description"):
///
/// ```
/// <root>/captions/cap.rc2.{train,val,test1}.json      [{"pairid": 12063, "reference": "test1-147-1-img1",
///                                                      "target_hard": "test1-83-0-img1" (not in test1),
///                                                      "target_soft": {"test1-83-0-img1": 1.0},
///                                                      "caption": "…", "img_set": {"id": 1, "members": [6 names]}}, …]
/// <root>/image_splits/split.rc2.{train,val,test1}.json {"test1-147-1-img1": "./test1/test1-147-1-img1.png", …}
/// ```
/// The project's synthetic benchmark writes the same layout, so one loader serves both.
public enum CIRRDataset {
    private static let layout = "the CIRR release layout (captions/, image_splits/)"

    /// Loads `split` from the dataset folder `root` (the folder holding `captions/` and
    /// `image_splits/`).
    ///
    /// An entry is bad when it is not an object, lacks or mistypes `pairid`, `reference`,
    /// `caption`, `target_hard` (outside `test1`) or `img_set.members`, repeats a `pairid`, or
    /// names an image absent from the image-split file or (with `checkImages`) from disk. Bad
    /// entries are reported with the captions file and their 0-based entry index; a listed image
    /// whose file is missing is reported against the image-split file and left out of the gallery.
    /// - Throws: `DataProblem`: the first problem under `.fail`; under either policy a file that is
    ///   missing, unreadable, not JSON, or not of the expected top-level type.
    public static func load(root: URL, split: CIRRSplit, options: CIRROptions = CIRROptions()) throws(DataProblem) -> CIRRSplitData {
        let splitURL = root.appendingPathComponent("image_splits/split.\(options.version).\(split.rawValue).json")
        let captionsURL = root.appendingPathComponent("captions/cap.\(options.version).\(split.rawValue).json")
        var log = ProblemLog(policy: options.policy)

        let listing = try imageListing(splitURL)
        let imageRoot = options.imageRoot ?? guessImageRoot(root: root, listing: listing)
        var resolver = ImageResolver(root: imageRoot, checkImages: options.checkImages)
        var gallery: [String: ImageRef] = [:]
        for (name, relative) in listing.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            let path = resolver.absolute(relative)
            do throws(FieldError) {
                try resolver.check(path, describe: "image '\(name)' ('\(relative)')")
                gallery[name] = ImageRef(name: name, path: path)
            } catch {
                try log.report(DataProblem(file: splitURL.path, message: error.message))
            }
        }

        let entries = try JSONFile.array(captionsURL, of: "caption entries", in: layout)
        var triplets: [TripletRecord] = []
        var pairEntries: [Int: Int] = [:]
        for (index, entry) in entries.enumerated() {
            let origin = DataOrigin(file: captionsURL.path, entry: index)
            do throws(FieldError) {
                let record = try triplet(entry, split: split, origin: origin, listing: listing, gallery: gallery, splitFile: splitURL.lastPathComponent)
                let pairID = Int(record.id) ?? 0
                if let first = pairEntries[pairID] {
                    throw FieldError("pairid \(pairID) is already used by entry \(first); pairids must be unique")
                }
                pairEntries[pairID] = index
                triplets.append(record)
            } catch {
                try log.report(origin.problem(error.message))
            }
        }
        let sortedGallery = gallery.values.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        return CIRRSplitData(split: split, triplets: triplets, gallery: sortedGallery, problems: log.problems)
    }

    private static func triplet(
        _ entry: JSONValue, split: CIRRSplit, origin: DataOrigin,
        listing: [String: String], gallery: [String: ImageRef], splitFile: String
    ) throws(FieldError) -> TripletRecord {
        let fields = try FieldReader(entry, what: "a captions entry")
        let pairID = try fields.requiredInt("pairid")
        func image(_ name: String, _ role: String) throws(FieldError) -> ImageRef {
            if let found = gallery[name] { return found }
            if listing[name] == nil {
                throw FieldError("\(role) '\(name)' is not listed in \(splitFile)")
            }
            throw FieldError("\(role) '\(name)' has no image file (reported against \(splitFile))")
        }
        let reference = try image(try fields.requiredString("reference"), "reference")
        let targetName = split == .test1 ? try fields.optionalString("target_hard") : try fields.requiredString("target_hard")
        var target: ImageRef?
        if let targetName { target = try image(targetName, "target_hard") }
        let caption = try fields.requiredString("caption")
        var members: [ImageRef]?
        if let set = try fields.optionalObject("img_set") {
            guard let names = try set.optionalStringArray("members") else {
                throw FieldError("missing required img_set field 'members'")
            }
            var resolved: [ImageRef] = []
            for (index, name) in names.enumerated() {
                resolved.append(try image(name, "img_set member \(index)"))
            }
            members = resolved
        }
        return TripletRecord(id: String(pairID), reference: reference, target: target, caption: caption, members: members, origin: origin)
    }

    /// `{name: relative path}` of the image-split file.
    private static func imageListing(_ url: URL) throws(DataProblem) -> [String: String] {
        let file = url.path
        guard case let .object(fields) = try JSONFile.parse(url, expecting: "an object mapping image names to paths", in: layout) else {
            throw DataProblem(file: file, message: "expected a JSON object mapping image names to paths")
        }
        var listing: [String: String] = [:]
        for (name, value) in fields {
            guard case let .string(path) = value else {
                throw DataProblem(file: file, message: "the path of image '\(name)' must be a string, found \(value.kind)")
            }
            listing[name] = path
        }
        return listing
    }

    private static func guessImageRoot(root: URL, listing: [String: String]) -> URL {
        guard let first = listing.keys.min(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }), let relative = listing[first] else {
            return root
        }
        let candidates = [root, root.appendingPathComponent("img_raw"), root.deletingLastPathComponent()]
        for candidate in candidates {
            let resolver = ImageResolver(root: candidate, checkImages: true)
            if FileManager.default.fileExists(atPath: resolver.absolute(relative)) { return candidate }
        }
        return root
    }
}
