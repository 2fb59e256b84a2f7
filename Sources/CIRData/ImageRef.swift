/// An image a record refers to: the name evaluation ranks by and the file the decoder reads.
public struct ImageRef: Sendable, Hashable, CustomStringConvertible {
    /// Identity of the image within its dataset. Manifests: the path as written in the manifest,
    /// normalised (`.` components and repeated slashes removed, so `./images/a.png` and
    /// `images/a.png` are one image). CIRR: the image name (`dev-147-1-img1`). Evaluation ties
    /// are broken by this name, so it must be stable across runs.
    public var name: String
    /// File-system path of the image (the name resolved against the image root).
    public var path: String

    public init(name: String, path: String) {
        self.name = name
        self.path = path
    }

    public var description: String { name }

    /// The distinct images referenced by `records` (references, targets and members), sorted by
    /// name in UTF-8 byte order: the gallery of a manifest-defined evaluation split.
    public static func union(of records: [TripletRecord]) -> [ImageRef] {
        var byName: [String: ImageRef] = [:]
        for record in records {
            byName[record.reference.name] = record.reference
            if let target = record.target { byName[target.name] = target }
            for member in record.members ?? [] { byName[member.name] = member }
        }
        return byName.values.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }
}
