import Foundation
import Gallery
import HTTP1

/// The fields of a `/query` or `/index` body, whichever encoding carried them: JSON (images as
/// base64) or multipart/form-data (images as file parts, other fields as text, objects and lists
/// as JSON text). Decoding checks shape only; meaning is checked by the request types.
struct RequestFields {
    private var json: [String: Any] = [:]
    private var files: [String: [UInt8]] = [:]
    private var texts: [String: String] = [:]

    /// Parses a body by its Content-Type.
    /// - Throws: `APIError` 400 (malformed), 415 (other media types).
    init(head: HTTPRequestHead, body: [UInt8]) throws(APIError) {
        guard let raw = head.headers.first("Content-Type"), let ct = ContentType(raw) else {
            throw .unsupportedMedia("send Content-Type: application/json or multipart/form-data")
        }
        switch (ct.type, ct.subtype) {
        case ("application", "json"):
            guard !body.isEmpty else { throw .badRequest("the JSON body is empty") }
            let obj: Any
            do { obj = try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) } catch {
                throw .badRequest("the body is not valid JSON")
            }
            guard let dict = obj as? [String: Any] else { throw .badRequest("the JSON body must be an object") }
            json = dict
        case ("multipart", "form-data"):
            let parts: [MultipartPart]
            do {
                let boundary = try MultipartParser.boundary(of: ct)
                parts = try MultipartParser.parse(body, boundary: boundary)
            } catch {
                throw APIError(error.status == 413 ? 413 : 400, error.code, "multipart body: \(error.description)")
            }
            for p in parts {
                if p.filename != nil || p.name == "image" {
                    guard files[p.name] == nil else { throw .invalidField(p.name, "given twice") }
                    files[p.name] = Array(p.body)
                } else {
                    guard texts[p.name] == nil else { throw .invalidField(p.name, "given twice") }
                    guard let s = String(validating: p.body, as: UTF8.self) else { throw .invalidField(p.name, "is not UTF-8 text") }
                    texts[p.name] = s
                }
            }
        default:
            throw .unsupportedMedia("Content-Type \(ct.type)/\(ct.subtype) is not supported: send application/json or multipart/form-data")
        }
    }

    /// JSON-body constructor (tests and `/index` items).
    init(json: [String: Any]) { self.json = json }

    var isMultipart: Bool { !files.isEmpty || !texts.isEmpty }

    func has(_ name: String) -> Bool { json[name] != nil && !(json[name] is NSNull) || files[name] != nil || texts[name] != nil }

    func string(_ name: String) throws(APIError) -> String? {
        if let t = texts[name] { return t }
        guard let v = json[name], !(v is NSNull) else { return nil }
        guard let s = v as? String else { throw .invalidField(name, "must be a string") }
        return s
    }

    func int(_ name: String) throws(APIError) -> Int? {
        if let t = texts[name] {
            guard let i = Int(t.trimmingCharacters(in: .whitespaces)) else { throw .invalidField(name, "must be an integer") }
            return i
        }
        guard let v = json[name], !(v is NSNull) else { return nil }
        guard isJSONInteger(v), let n = v as? NSNumber else { throw .invalidField(name, "must be an integer") }
        guard abs(n.doubleValue) < 1e15 else { throw .invalidField(name, "is out of range") }
        return n.intValue
    }

    func bool(_ name: String) throws(APIError) -> Bool? {
        if let t = texts[name] {
            switch t.lowercased() { case "true", "1": return true; case "false", "0": return false
            default: throw .invalidField(name, "must be true or false") }
        }
        guard let v = json[name], !(v is NSNull) else { return nil }
        guard isJSONBool(v), let b = v as? Bool else { throw .invalidField(name, "must be true or false") }
        return b
    }

    /// An image: a file part, or a base64 string in JSON (standard alphabet, padding optional,
    /// whitespace ignored; a `data:` URL prefix is accepted).
    func image(_ name: String) throws(APIError) -> [UInt8]? {
        if let f = files[name] { return f }
        guard let s = try string(name) else { return nil }
        return try Self.base64(s, field: name)
    }

    /// A JSON object or array: the JSON value, or a multipart text field holding JSON.
    func structured(_ name: String) throws(APIError) -> Any? {
        if let t = texts[name] {
            do { return try JSONSerialization.jsonObject(with: Data(t.utf8), options: [.fragmentsAllowed]) } catch {
                throw .invalidField(name, "must be JSON")
            }
        }
        guard let v = json[name], !(v is NSNull) else { return nil }
        return v
    }

    /// The bytes of a base64 field, with or without a `data:…;base64,` prefix, line breaks and
    /// other ASCII whitespace anywhere, and missing `=` padding. Works on the UTF-8 bytes: the
    /// Character-by-Character version (Unicode whitespace tests, `String.count` per padding
    /// check) took about half of a composed query's 2.3 ms outside the model.
    static func base64(_ s: String, field: String) throws(APIError) -> [UInt8] {
        var cleaned: [UInt8] = []
        cleaned.reserveCapacity(s.utf8.count + 3)
        var utf8 = s.utf8[...]
        if utf8.starts(with: "data:".utf8), let comma = utf8.firstIndex(of: UInt8(ascii: ",")) {
            utf8 = utf8[utf8.index(after: comma)...]
        }
        for b in utf8 where !(b == 0x20 || (0x09...0x0D).contains(b)) { cleaned.append(b) }
        guard !cleaned.isEmpty else { throw .invalidField(field, "is empty") }
        while cleaned.count % 4 != 0 { cleaned.append(UInt8(ascii: "=")) }
        guard let d = Data(base64Encoded: Data(cleaned)) else { throw .invalidField(field, "is not valid base64") }
        return [UInt8](d)
    }
}

/// JSON numbers and booleans both arrive as NSNumber (and a 0/1 number even casts to Bool);
/// only the boolean's dynamic type tells them apart.
private let jsonBoolType = type(of: NSNumber(value: true))

func isJSONBool(_ v: Any) -> Bool { type(of: v) == jsonBoolType }

func isJSONInteger(_ v: Any) -> Bool {
    guard !isJSONBool(v), let n = v as? NSNumber else { return false }
    let d = n.doubleValue
    return d.isFinite && d == d.rounded()
}
