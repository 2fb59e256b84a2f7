/// A parsed Content-Type (RFC 9110 §8.3.1): `media-type = type "/" subtype parameters`, where
/// type, subtype and parameter names are case-insensitive (stored lowercased) and parameter values
/// keep their case (a multipart boundary is case-sensitive).
public struct ContentType: Sendable, Equatable {
    /// The top-level type, lowercased: `application`, `multipart`, ….
    public let type: String
    /// The subtype, lowercased: `json`, `form-data`, ….
    public let subtype: String
    /// Parameters by lowercased name, values unquoted and unescaped.
    public let parameters: [String: String]

    /// Parses a Content-Type field value; nil if it is not `token "/" token *( OWS ";" OWS parameter )`
    /// or a parameter name repeats.
    public init?(_ value: String) {
        let bytes = Array(value.utf8)
        var i = 0
        while i < bytes.count, HTTPSyntax.isOWS(bytes[i]) { i += 1 }
        let typeStart = i
        while i < bytes.count, HTTPSyntax.isTokenChar(bytes[i]) { i += 1 }
        guard i > typeStart, i < bytes.count, bytes[i] == 0x2F else { return nil }
        let typeEnd = i
        i += 1
        let subtypeStart = i
        while i < bytes.count, HTTPSyntax.isTokenChar(bytes[i]) { i += 1 }
        guard i > subtypeStart, let params = HeaderParameters.parse(bytes, from: i) else { return nil }
        type = HTTPSyntax.asciiLowercased(String(decoding: bytes[typeStart..<typeEnd], as: UTF8.self))
        subtype = HTTPSyntax.asciiLowercased(String(decoding: bytes[subtypeStart..<i], as: UTF8.self))
        parameters = Dictionary(uniqueKeysWithValues: params.map { ($0.name, $0.value) })
    }

    /// `type/subtype`, lowercased.
    public var mediaType: String { "\(type)/\(subtype)" }

    /// The value of parameter `name` (case-insensitive), if present.
    public func parameter(_ name: String) -> String? {
        parameters[HTTPSyntax.asciiLowercased(name)]
    }

    /// `application/json` or a structured-syntax `+json` subtype (RFC 6839 §3.1), any charset.
    public var isJSON: Bool {
        type == "application" && (subtype == "json" || subtype.hasSuffix("+json"))
    }

    /// `multipart/form-data` (RFC 7578).
    public var isMultipartFormData: Bool {
        type == "multipart" && subtype == "form-data"
    }
}
