import Foundation

/// The triplet manifest: JSON lines, one composed-retrieval example per line.
///
/// ```
/// {"id": "q000123", "reference": "images/a.png", "target": "images/b.png",
///  "caption": "make the circle red", "noun_phrases": ["the circle"], "conditions": 1,
///  "members": ["images/a.png", "images/b.png", "images/c.png"]}
/// ```
/// Required: `reference`, `target` (image paths), `caption` (string). Optional (absent or null):
/// `id` (string; default the line number), `noun_phrases` (strings occurring in the caption),
/// `conditions` (integer ≥ 0), `members` (image paths). Other fields are ignored. Image paths
/// are relative to `ManifestOptions.imageRoot` (default: the manifest's folder) or absolute.
/// docs/training-data.md describes the format in full.
public enum TripletManifest {
    /// Loads the manifest at `url`.
    ///
    /// A bad line (not JSON, not an object, a missing or mistyped field, a noun phrase not in the
    /// caption, a target equal to the reference, a repeated `id`, a missing image file with `checkImages`) is reported with the
    /// file and its 1-based line number: recorded and left out under `.skip`, thrown under `.fail`.
    /// - Throws: `DataProblem`: the first bad line under `.fail`; under either policy a file that
    ///   cannot be read or holds no non-blank line.
    public static func load(from url: URL, options: ManifestOptions = ManifestOptions()) throws(DataProblem) -> LoadResult<TripletRecord> {
        let file = url.path
        let lines = try JSONLinesReader(file: file, maxLineBytes: options.maxLineBytes).read(url)
        var resolver = ImageResolver(root: options.imageRoot ?? url.deletingLastPathComponent(), checkImages: options.checkImages)
        var log = ProblemLog(policy: options.policy)
        var records: [TripletRecord] = []
        var idLines: [String: Int] = [:]
        for line in lines {
            let origin = DataOrigin(file: file, line: line.number)
            do throws(FieldError) {
                let record = try triplet(line.value.get(), origin: origin, resolver: &resolver)
                if let first = idLines[record.id] {
                    throw FieldError("id '\(record.id)' is already used on line \(first); ids must be unique")
                }
                idLines[record.id] = line.number
                records.append(record)
            } catch {
                try log.report(origin.problem(error.message))
            }
        }
        return LoadResult(records: records, problems: log.problems)
    }

    static func triplet(_ value: JSONValue, origin: DataOrigin, resolver: inout ImageResolver) throws(FieldError) -> TripletRecord {
        let fields = try FieldReader(value, what: "a triplet line")
        let id = try fields.optionalString("id") ?? String(origin.line ?? 0)
        let caption = try fields.requiredString("caption")
        let reference = try resolver.resolve(try fields.requiredString("reference"), field: "reference image")
        let target = try resolver.resolve(try fields.requiredString("target"), field: "target image")
        if target.name == reference.name {
            throw FieldError("target '\(target.name)' is the reference image; a query must retrieve another image")
        }
        let phrases = try fields.optionalStringArray("noun_phrases")
        if let phrases { try checkPhrases(phrases, caption: caption) }
        let conditions = try fields.optionalInt("conditions")
        if let conditions, conditions < 0 {
            throw FieldError("field 'conditions' must be ≥ 0, found \(conditions)")
        }
        var members: [ImageRef]?
        if let written = try fields.optionalStringArray("members") {
            var resolved: [ImageRef] = []
            for (index, path) in written.enumerated() {
                resolved.append(try resolver.resolve(path, field: "members item \(index)"))
            }
            members = resolved
        }
        return TripletRecord(
            id: id, reference: reference, target: target, caption: caption,
            nounPhrases: phrases, conditions: conditions, members: members, origin: origin)
    }

    /// The trainer locates each phrase's tokens in the caption's; a phrase that is not there would
    /// silently get no TCC term, so it is a data error. Case-insensitive because CLIP's tokenizer
    /// lower-cases anyway.
    private static func checkPhrases(_ phrases: [String], caption: String) throws(FieldError) {
        let lowered = caption.lowercased()
        for (index, phrase) in phrases.enumerated() {
            if phrase.trimmingCharacters(in: .whitespaces).isEmpty {
                throw FieldError("field 'noun_phrases' item \(index) is blank")
            }
            if !lowered.contains(phrase.lowercased()) {
                throw FieldError("noun phrase '\(phrase)' (noun_phrases item \(index)) does not occur in the caption '\(caption)'")
            }
        }
    }
}
