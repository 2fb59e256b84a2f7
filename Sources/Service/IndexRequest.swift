import Foundation
import Gallery

/// A decoded `POST /index`: JSON `{"items": [{"id", "image", "metadata"?}]}` or multipart with one
/// item (`id`, `image` file part, `metadata` JSON text). The batch is all-or-nothing.
struct IndexRequest {
    struct Item {
        var id: String
        var image: [UInt8]
        var metadata: GalleryMetadata
    }

    var items: [Item]

    init(_ f: RequestFields, config: ServiceConfig) throws(APIError) {
        if f.isMultipart {
            guard let id = try f.string("id") else { throw .invalidField("id", "is required") }
            guard let image = try f.image("image") else { throw .invalidField("image", "is required (a file part)") }
            var metadata: GalleryMetadata = [:]
            if let v = try f.structured("metadata") { metadata = try MetadataJSON.metadata(v, field: "metadata") }
            items = [Item(id: id, image: image, metadata: metadata)]
        } else {
            guard let raw = try f.structured("items") else { throw .invalidField("items", "is required: a list of {id, image, metadata}") }
            guard let list = raw as? [Any], !list.isEmpty else { throw .invalidField("items", "must be a non-empty list") }
            guard list.count <= config.maxBatchItems else {
                throw APIError(413, "batch_too_large", "\(list.count) items; the limit per request is \(config.maxBatchItems)")
            }
            items = []
            for (i, entry) in list.enumerated() {
                guard let obj = entry as? [String: Any] else { throw .invalidField("items[\(i)]", "must be an object") }
                let fields = RequestFields(json: obj)
                let maybeID = try Self.field(i, nil, { () throws(APIError) in try fields.string("id") })
                guard let id = maybeID else { throw .invalidField("items[\(i)].id", "is required") }
                let maybeImage = try Self.field(i, id, { () throws(APIError) in try fields.image("image") })
                guard let image = maybeImage else {
                    throw .invalidField("items[\(i)] (id \"\(id)\").image", "is required")
                }
                let maybeMetadata = try Self.field(i, id, { () throws(APIError) -> GalleryMetadata? in
                    guard let v = try fields.structured("metadata") else { return nil }
                    return try MetadataJSON.metadata(v, field: "metadata")
                })
                let metadata = maybeMetadata ?? [:]
                items.append(Item(id: id, image: image, metadata: metadata))
            }
        }
        var seen: [String: Int] = [:]
        for (i, item) in items.enumerated() {
            if let first = seen[item.id] {
                throw .invalidField("items[\(i)].id", "\"\(item.id)\" appears twice in the batch (items \(first) and \(i)); send each id once")
            }
            seen[item.id] = i
        }
    }

    /// Prefixes an item's errors with its index and id, so a batch's failure names the culprit.
    private static func field<T>(_ index: Int, _ id: String?, _ body: () throws(APIError) -> T) throws(APIError) -> T {
        do { return try body() } catch {
            let who = id.map { "items[\(index)] (id \"\($0)\")" } ?? "items[\(index)]"
            throw APIError(error.status, error.code, "\(who): \(error.message)")
        }
    }
}
