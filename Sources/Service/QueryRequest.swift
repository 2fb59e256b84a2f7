import Foundation
import Gallery

/// A decoded `POST /query` (DESIGN §4 "Query semantics").
struct QueryRequest {
    enum Mode: String { case composed, image, text, sum }

    var image: [UInt8]?
    var referenceID: String?
    var text: String?
    var mode: Mode
    var k: Int
    var filter: GalleryFilter?
    var excludeIDs: Set<String>
    /// Exclude items whose stored image is byte-identical to the uploaded one. Default true.
    var excludeReference: Bool
    /// `sum` mode weights (image, text). Default (1, 1).
    var weights: (image: Float, text: Float)

    init(_ f: RequestFields, config: ServiceConfig) throws(APIError) {
        image = try f.image("image")
        referenceID = try f.string("reference_id")
        if image != nil && referenceID != nil { throw .invalidField("image", "give either image or reference_id, not both") }
        text = try f.string("text")
        // Counted in Unicode scalars, not grapheme clusters: "a" plus a million combining marks is
        // one Character, and would otherwise slip a megabyte of text past the limit.
        if let t = text, t.unicodeScalars.count > config.maxTextCharacters {
            throw APIError(413, "text_too_long", "text has \(t.unicodeScalars.count) characters (Unicode scalars); the limit is \(config.maxTextCharacters)")
        }
        let hasText = !(text ?? "").allSatisfy(\.isWhitespace)
        let hasImage = image != nil || referenceID != nil
        if let m = try f.string("mode") {
            guard let parsed = Mode(rawValue: m) else { throw .invalidField("mode", "must be composed, image, text or sum") }
            mode = parsed
        } else if hasImage {
            mode = hasText ? .composed : .image
        } else if hasText {
            mode = .text
        } else {
            throw .invalidField("image", "a query needs an image (or reference_id), a text, or both")
        }
        switch mode {
        case .composed, .sum:
            guard hasImage else { throw .invalidField("image", "\(mode.rawValue) mode needs an image or reference_id") }
            guard hasText else { throw .invalidField("text", "\(mode.rawValue) mode needs a non-blank text") }
        case .image:
            guard hasImage else { throw .invalidField("image", "image mode needs an image or reference_id") }
        case .text:
            guard hasText else { throw .invalidField("text", "text mode needs a non-blank text") }
        }
        k = try f.int("k") ?? config.defaultK
        guard (1...config.maxK).contains(k) else { throw .invalidField("k", "must be between 1 and \(config.maxK)") }
        if let v = try f.structured("filter") { filter = try MetadataJSON.filter(v) } else { filter = nil }
        excludeIDs = []
        if let ex = try f.structured("exclude_ids") {
            guard let list = ex as? [Any], list.allSatisfy({ $0 is String }) else { throw .invalidField("exclude_ids", "must be a list of ids") }
            guard list.count <= config.maxExcludeIDs else { throw .invalidField("exclude_ids", "lists more than \(config.maxExcludeIDs) ids") }
            excludeIDs = Set(list.compactMap { $0 as? String })
        }
        excludeReference = try f.bool("exclude_reference") ?? true
        weights = (1, 1)
        if let w = try f.structured("weights") {
            guard let obj = w as? [String: Any], let wi = obj["image"] as? NSNumber, let wt = obj["text"] as? NSNumber,
                  !isJSONBool(wi), !isJSONBool(wt), wi.doubleValue.isFinite, wt.doubleValue.isFinite else {
                throw .invalidField("weights", "must be {\"image\": number, \"text\": number}")
            }
            weights = (wi.floatValue, wt.floatValue)
        }
    }
}
