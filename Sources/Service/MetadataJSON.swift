import Foundation
import Gallery

/// Conversions between JSON values and gallery metadata / filters.
enum MetadataJSON {
    /// A flat JSON object of strings, numbers, booleans and nulls.
    static func metadata(_ v: Any, field: String) throws(APIError) -> GalleryMetadata {
        guard let obj = v as? [String: Any] else { throw .invalidField(field, "must be a JSON object") }
        var out: GalleryMetadata = [:]
        for (k, value) in obj { out[k] = try scalar(value, field: "\(field).\(k)") }
        return out
    }

    static func scalar(_ v: Any, field: String) throws(APIError) -> MetadataValue {
        if v is NSNull { return .null }
        if isJSONBool(v), let b = v as? Bool { return .bool(b) }
        if let s = v as? String { return .string(s) }
        if let n = v as? NSNumber, n.doubleValue.isFinite { return .number(n.doubleValue) }
        throw .invalidField(field, "must be a string, number, boolean or null (nested objects and lists are not supported)")
    }

    /// `{"category": "dress", "color": ["red", "blue"]}`: a scalar is an equality, a list an
    /// in-list condition; all conditions must hold.
    static func filter(_ v: Any) throws(APIError) -> GalleryFilter {
        guard let obj = v as? [String: Any] else { throw .invalidField("filter", "must be a JSON object of key: value or key: [values]") }
        guard obj.count <= 64 else { throw .invalidField("filter", "has more than 64 conditions") }
        var clauses: [GalleryFilter.Clause] = []
        for (k, value) in obj.sorted(by: { $0.key < $1.key }) {
            if let list = value as? [Any] {
                guard list.count <= 1000 else { throw .invalidField("filter.\(k)", "lists more than 1000 values") }
                var values: [MetadataValue] = []
                for item in list { values.append(try scalar(item, field: "filter.\(k)")) }
                clauses.append(.oneOf(key: k, values: values))
            } else {
                clauses.append(.equals(key: k, value: try scalar(value, field: "filter.\(k)")))
            }
        }
        return GalleryFilter(clauses)
    }

    /// Metadata as a JSON object text.
    static func text(_ m: GalleryMetadata) -> String {
        let fields = m.keys.sorted().map { k -> String in
            let v: String
            switch m[k]! {
            case .string(let s): v = JSONText.quote(s)
            case .number(let d): v = d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)"
            case .bool(let b): v = b ? "true" : "false"
            case .null: v = "null"
            }
            return JSONText.quote(k) + ":" + v
        }
        return "{" + fields.joined(separator: ",") + "}"
    }
}
