import Foundation

/// The caption-pair manifest for contrastive image-caption pre-training: JSON lines of
/// `{"image": "images/a.png", "caption": "a large red circle at the top left"}`.
///
/// Both fields are required strings; other fields are ignored. Paths, problems and policies work
/// as for `TripletManifest`.
public enum CaptionManifest {
    /// Loads the manifest at `url`.
    /// - Throws: `DataProblem`: the first bad line under `.fail`; under either policy a file that
    ///   cannot be read or holds no non-blank line.
    public static func load(from url: URL, options: ManifestOptions = ManifestOptions()) throws(DataProblem) -> LoadResult<CaptionRecord> {
        let file = url.path
        let lines = try JSONLinesReader(file: file, maxLineBytes: options.maxLineBytes).read(url)
        var resolver = ImageResolver(root: options.imageRoot ?? url.deletingLastPathComponent(), checkImages: options.checkImages)
        var log = ProblemLog(policy: options.policy)
        var records: [CaptionRecord] = []
        for line in lines {
            let origin = DataOrigin(file: file, line: line.number)
            do throws(FieldError) {
                let fields = try FieldReader(try line.value.get(), what: "a caption line")
                let caption = try fields.requiredString("caption")
                let image = try resolver.resolve(try fields.requiredString("image"), field: "image")
                records.append(CaptionRecord(image: image, caption: caption, origin: origin))
            } catch {
                try log.report(origin.problem(error.message))
            }
        }
        return LoadResult(records: records, problems: log.problems)
    }
}
