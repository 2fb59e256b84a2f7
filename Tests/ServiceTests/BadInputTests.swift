#if canImport(Glibc)
import Glibc
#endif
import Foundation
import XCTest

/// Issue 3 bad-input acceptance: a table of malformed requests, each sent as raw bytes over a
/// socket to the real `context-server serve` binary, with the status it must get (or a closed
/// connection, where HTTP leaves nobody to answer). After every case /healthz must still answer
/// 200, every error body must be `{"error": {"code", "message"}}`, and nothing may be a 500.
final class BadInputTests: XCTestCase {
    enum Expect: CustomStringConvertible {
        /// This status, with a JSON error body when it is 4xx.
        case status(Int)
        /// The server closes without a response (a half-closed, incomplete request).
        case closed
        var description: String {
            switch self {
            case .status(let s): "\(s)"
            case .closed: "connection closed"
            }
        }
    }

    struct Case {
        let label: String
        /// Sent in order; a piece's delay (seconds) is waited after it.
        let pieces: [([UInt8], Double)]
        /// Half-close the connection after sending (the client gave up).
        var halfClose = false
        let expect: Expect
        /// The error code, when it is part of the contract.
        var code: String?

        init(_ label: String, _ bytes: [UInt8], _ expect: Expect, code: String? = nil, halfClose: Bool = false) {
            self.label = label; pieces = [(bytes, 0)]; self.expect = expect; self.code = code; self.halfClose = halfClose
        }

        init(_ label: String, _ bytes: String, _ expect: Expect, code: String? = nil, halfClose: Bool = false) {
            self.init(label, Array(bytes.utf8), expect, code: code, halfClose: halfClose)
        }

        init(_ label: String, pieces: [([UInt8], Double)], _ expect: Expect, code: String? = nil) {
            self.label = label; self.pieces = pieces; self.expect = expect; self.code = code
        }
    }

    static let maxBody = 2 * 1024 * 1024

    static func fixture(_ name: String) -> [UInt8] {
        [UInt8]((try? Data(contentsOf: ServerProcess.fixtures.appendingPathComponent("images/inputs/\(name)"))) ?? Data())
    }

    // MARK: request builders

    static func post(_ path: String, _ contentType: String?, _ body: [UInt8], headers: [String] = []) -> [UInt8] {
        RawHTTP.request("POST", path, contentType: contentType, body: body, headers: headers)
    }

    static func json(_ path: String, _ text: String) -> [UInt8] { post(path, "application/json", Array(text.utf8)) }

    static func json(_ path: String, _ object: Any) -> [UInt8] { RawHTTP.json("POST", path, object) }

    static func query(_ fields: [String: Any]) -> [UInt8] { json("/query", fields) }

    static func index(_ items: [[String: Any]]) -> [UInt8] { json("/index", ["items": items]) }

    /// A multipart/form-data body: each part is (header lines, content).
    static func multipart(_ boundary: String, _ parts: [(String, [UInt8])], close: Bool = true, bodyBoundary: String? = nil) -> [UInt8] {
        let b = bodyBoundary ?? boundary
        var out: [UInt8] = []
        for (headers, content) in parts {
            out += Array("--\(b)\r\n\(headers)\r\n\r\n".utf8) + content + Array("\r\n".utf8)
        }
        if close { out += Array("--\(b)--\r\n".utf8) }
        return out
    }

    static func field(_ name: String, _ value: String) -> (String, [UInt8]) {
        ("Content-Disposition: form-data; name=\"\(name)\"", Array(value.utf8))
    }

    static func file(_ name: String, _ bytes: [UInt8], type: String = "image/jpeg") -> (String, [UInt8]) {
        ("Content-Disposition: form-data; name=\"\(name)\"; filename=\"x.jpg\"\r\nContent-Type: \(type)", bytes)
    }

    static func form(_ path: String, _ parts: [(String, [UInt8])], boundary: String = "XyZzY", contentType: String? = nil,
                     close: Bool = true, bodyBoundary: String? = nil) -> [UInt8] {
        post(path, contentType ?? "multipart/form-data; boundary=\(boundary)",
             multipart(boundary, parts, close: close, bodyBoundary: bodyBoundary))
    }

    // MARK: the table

    static func cases() -> [Case] {
        let jpeg = fixture("jpeg_1x50.jpg")
        let b64 = Data(jpeg).base64EncodedString()
        let item: [String: Any] = ["id": "new-item", "image": b64]
        var c: [Case] = []

        // Framing and the request line (RFC 9112): each closes the connection after the answer.
        c.append(Case("CL and TE together", "POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", .status(400), code: "conflicting_framing"))
        c.append(Case("duplicate differing CL", "POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", .status(400), code: "conflicting_content_length"))
        c.append(Case("CL list with differing values", "POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: 2, 3\r\n\r\n{}", .status(400)))
        c.append(Case("negative CL", "POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", .status(400), code: "bad_content_length"))
        c.append(Case("CL with plus sign", "POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: +2\r\n\r\n{}", .status(400), code: "bad_content_length"))
        c.append(Case("CL overflowing Int", "POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999999\r\n\r\n", .status(400), code: "bad_content_length"))
        c.append(Case("CL above --max-body-bytes", "POST /index HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(maxBody + 1)\r\n\r\n{", .status(413), code: "body_too_large"))
        c.append(Case("chunk size not hex", "POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", .status(400), code: "bad_chunk_size"))
        c.append(Case("chunk size overflow", "POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n", .status(400), code: "bad_chunk_size"))
        c.append(Case("negative chunk size", "POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n-2\r\n{}\r\n0\r\n\r\n", .status(400), code: "bad_chunk_size"))
        c.append(Case("chunk larger than --max-body-bytes", "POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n\(String(maxBody + 1, radix: 16))\r\n{", .status(413), code: "body_too_large"))
        c.append(Case("chunk data without CRLF", "POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n", .status(400), code: "bad_chunk_terminator"))
        c.append(Case("chunk extension too long", "POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2;\(String(repeating: "e", count: 400))\r\n{}\r\n0\r\n\r\n", .status(400), code: "chunk_extension_too_long"))
        c.append(Case("missing final chunk, then close", "POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n", .closed, halfClose: true))
        c.append(Case("body shorter than CL, then close", "POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{\"text\":", .closed, halfClose: true))
        c.append(Case("head cut short, then close", "POST /query HTTP/1.1\r\nHost: x\r\nContent-Le", .closed, halfClose: true))
        c.append(Case("TE gzip before chunked", "POST /query HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", .status(501), code: "unsupported_transfer_coding"))
        c.append(Case("TE gzip alone", "POST /query HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", .status(400), code: "bad_transfer_encoding"))
        c.append(Case("TE chunked in HTTP/1.0", "POST /query HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", .status(400), code: "bad_transfer_encoding"))
        c.append(Case("Expect other than 100-continue", "POST /query HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nContent-Length: 2\r\n\r\n{}", .status(417), code: "expectation_failed"))
        c.append(Case("bare LF line endings", "GET /healthz HTTP/1.1\nHost: x\n\n", .status(400), code: "bad_line_ending"))
        c.append(Case("bare CR in a header", "GET /healthz HTTP/1.1\r\nHost: x\rY: z\r\n\r\n", .status(400)))
        c.append(Case("obs-fold continuation line", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  folded\r\n\r\n", .status(400), code: "obsolete_line_folding"))
        c.append(Case("space before colon", "GET /healthz HTTP/1.1\r\nHost : x\r\n\r\n", .status(400), code: "whitespace_before_colon"))
        c.append(Case("NUL in a header value", Array("GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a".utf8) + [0] + Array("b\r\n\r\n".utf8), .status(400), code: "bad_header_value"))
        c.append(Case("header name with a slash", "GET /healthz HTTP/1.1\r\nHost: x\r\nX/A: 1\r\n\r\n", .status(400), code: "bad_header_name"))
        c.append(Case("header line without colon", "GET /healthz HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n", .status(400), code: "bad_header_name"))
        c.append(Case("missing Host in HTTP/1.1", "GET /healthz HTTP/1.1\r\n\r\n", .status(400), code: "missing_host"))
        c.append(Case("two Host headers", "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", .status(400), code: "bad_host"))
        c.append(Case("control character in target", Array("GET /heal".utf8) + [0x01] + Array("thz HTTP/1.1\r\nHost: x\r\n\r\n".utf8), .status(400)))
        c.append(Case("DEL in target", Array("GET /index/a".utf8) + [0x7F] + Array(" HTTP/1.1\r\nHost: x\r\n\r\n".utf8), .status(400)))
        c.append(Case("raw UTF-8 in target", "GET /index/café HTTP/1.1\r\nHost: x\r\n\r\n", .status(400)))
        c.append(Case("space inside target", "GET /index/a b HTTP/1.1\r\nHost: x\r\n\r\n", .status(400)))
        c.append(Case("HTTP/2.0 version", "GET /healthz HTTP/2.0\r\nHost: x\r\n\r\n", .status(505), code: "http_version_not_supported"))
        c.append(Case("lowercase version", "GET /healthz http/1.1\r\nHost: x\r\n\r\n", .status(400), code: "bad_request_line"))
        c.append(Case("method with illegal characters", "G@T /healthz HTTP/1.1\r\nHost: x\r\n\r\n", .status(400), code: "bad_method"))
        c.append(Case("TLS ClientHello on the plain port", [0x16, 0x03, 0x01, 0x00, 0xA5, 0x01, 0x00, 0x00, 0xA1, 0x03, 0x03] + [UInt8](repeating: 0x41, count: 32) + Array("\r\n\r\n".utf8), .status(400)))
        c.append(Case("request line too long", "GET /\(String(repeating: "a", count: 9000)) HTTP/1.1\r\nHost: x\r\n\r\n", .status(414), code: "request_line_too_long"))
        c.append(Case("too many headers", "GET /healthz HTTP/1.1\r\nHost: x\r\n" + (0..<120).map { "X-H\($0): v\r\n" }.joined() + "\r\n", .status(431), code: "too_many_headers"))
        c.append(Case("header section too large", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 40_000))\r\n\r\n", .status(431), code: "header_too_large"))

        // Routes and methods (the connection stays usable).
        c.append(Case("unknown path", RawHTTP.request("GET", "/nope"), .status(404), code: "not_found"))
        c.append(Case("absurd but valid method", RawHTTP.request("FROBNICATE", "/query"), .status(405), code: "method_not_allowed"))
        c.append(Case("wrong method on /query", RawHTTP.request("PUT", "/query", body: Array("{}".utf8)), .status(405), code: "method_not_allowed"))
        c.append(Case("GET /query", RawHTTP.request("GET", "/query"), .status(405), code: "method_not_allowed"))
        c.append(Case("POST /healthz", RawHTTP.request("POST", "/healthz", body: []), .status(405), code: "method_not_allowed"))
        c.append(Case("POST /query without body", RawHTTP.request("POST", "/query"), .status(411), code: "length_required"))
        c.append(Case("POST /index without body", RawHTTP.request("POST", "/index"), .status(411), code: "length_required"))

        // Bodies and media types.
        c.append(Case("no Content-Type", post("/query", nil, Array("{}".utf8)), .status(415), code: "unsupported_media_type"))
        c.append(Case("text/plain body", post("/query", "text/plain", Array("hello".utf8)), .status(415), code: "unsupported_media_type"))
        c.append(Case("empty JSON body", post("/query", "application/json", []), .status(400), code: "bad_request"))

        // Multipart.
        c.append(Case("multipart without boundary", post("/query", "multipart/form-data", multipart("b", [field("text", "red")])), .status(400), code: "bad_multipart_boundary"))
        c.append(Case("multipart boundary too long", form("/query", [field("text", "red")], boundary: String(repeating: "b", count: 71)), .status(400), code: "bad_multipart_boundary"))
        c.append(Case("multipart boundary mismatch", form("/query", [field("text", "red")], bodyBoundary: "Other"), .status(400), code: "multipart_missing_boundary"))
        c.append(Case("multipart without close delimiter", form("/query", [field("text", "red")], close: false), .status(400), code: "multipart_truncated"))
        c.append(Case("multipart part without name", form("/query", [("Content-Disposition: form-data", Array("red".utf8))]), .status(400), code: "bad_content_disposition"))
        c.append(Case("multipart part without disposition", form("/query", [("Content-Type: text/plain", Array("red".utf8))]), .status(400), code: "bad_content_disposition"))
        c.append(Case("multipart duplicate text field", form("/query", [field("text", "red"), field("text", "blue")]), .status(422), code: "invalid_field"))
        c.append(Case("multipart duplicate image part", form("/index", [field("id", "m1"), file("image", jpeg), file("image", jpeg)]), .status(422), code: "invalid_field"))
        c.append(Case("multipart image part not an image", form("/index", [field("id", "m2"), file("image", Array("just text".utf8), type: "text/plain")]), .status(415), code: "unsupported_image_format"))
        c.append(Case("multipart index without id", form("/index", [file("image", jpeg)]), .status(422), code: "invalid_field"))
        c.append(Case("multipart k not a number", form("/query", [field("text", "red"), field("k", "ten")]), .status(422), code: "invalid_field"))
        c.append(Case("multipart text not UTF-8", form("/query", [("Content-Disposition: form-data; name=\"text\"", [0xFF, 0xFE, 0x41])]), .status(422), code: "invalid_field"))
        c.append(Case("multipart too many parts", form("/query", (0..<300).map { field("f\($0)", "v") }), .status(413), code: "too_many_parts"))

        // JSON.
        c.append(Case("malformed JSON", json("/query", "{\"text\": "), .status(400), code: "bad_request"))
        c.append(Case("JSON with trailing garbage", json("/query", "{\"text\": \"red\"} xyz"), .status(400), code: "bad_request"))
        c.append(Case("JSON array body", json("/query", "[1,2]"), .status(400), code: "bad_request"))
        c.append(Case("JSON string body", json("/query", "\"text\""), .status(400), code: "bad_request"))
        c.append(Case("deeply nested JSON", json("/query", String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)), .status(400), code: "bad_request"))
        c.append(Case("deeply nested JSON object field", json("/query", "{\"text\":\"red\",\"filter\":" + String(repeating: "{\"a\":", count: 20_000) + "1" + String(repeating: "}", count: 20_000) + "}"), .status(400), code: "bad_request"))
        c.append(Case("non-UTF-8 JSON", post("/query", "application/json", Array("{\"text\": \"".utf8) + [0xC3, 0x28, 0xFF] + Array("\"}".utf8)), .status(400), code: "bad_request"))
        // 1e400 is valid JSON syntax but no double: the parser refuses the body.
        c.append(Case("huge number k", json("/query", "{\"text\": \"red\", \"k\": 1e400}"), .status(400), code: "bad_request"))
        c.append(Case("k beyond Int", json("/query", "{\"text\": \"red\", \"k\": 1e300}"), .status(422), code: "invalid_field"))
        c.append(Case("text is a number", query(["text": 5]), .status(422), code: "invalid_field"))
        c.append(Case("items is an object", json("/index", ["items": ["id": "x"]]), .status(422), code: "invalid_field"))
        c.append(Case("items entry is a string", json("/index", ["items": ["x"]]), .status(422), code: "invalid_field"))
        c.append(Case("empty items", index([]), .status(422), code: "invalid_field"))
        c.append(Case("bad mode", query(["text": "red", "mode": "fancy"]), .status(422), code: "invalid_field"))
        c.append(Case("weights malformed", query(["text": "red", "image": b64, "mode": "sum", "weights": ["image": "a"]]), .status(422), code: "invalid_field"))
        c.append(Case("empty query object", query([:]), .status(422), code: "invalid_field"))
        c.append(Case("image and reference_id together", query(["image": b64, "reference_id": "known"]), .status(422), code: "invalid_field"))
        c.append(Case("exclude_ids not a list", query(["text": "red", "exclude_ids": "known"]), .status(422), code: "invalid_field"))

        // Base64 and images.
        c.append(Case("invalid base64", query(["image": "!!!not base64!!!"]), .status(422), code: "invalid_field"))
        c.append(Case("empty base64", query(["image": ""]), .status(422), code: "invalid_field"))
        c.append(Case("base64 of text", query(["image": Data("hello".utf8).base64EncodedString()]), .status(415), code: "unsupported_image_format"))
        c.append(Case("GIF image", query(["image": Data(fixture("bad_gif.gif")).base64EncodedString()]), .status(415), code: "unsupported_image_format"))
        c.append(Case("truncated JPEG", query(["image": Data(fixture("bad_truncated.jpg")).base64EncodedString()]), .status(422), code: "undecodable_image"))
        c.append(Case("truncated PNG", query(["image": Data(fixture("bad_truncated.png")).base64EncodedString()]), .status(422), code: "undecodable_image"))
        c.append(Case("JPEG magic then garbage", query(["image": Data(fixture("bad_random_after_soi.jpg")).base64EncodedString()]), .status(422), code: "undecodable_image"))
        c.append(Case("PNG with bad CRC", query(["image": Data(fixture("bad_crc.png")).base64EncodedString()]), .status(422), code: "undecodable_image"))
        c.append(Case("PNG decompression bomb", query(["image": Data(fixture("bomb.png")).base64EncodedString()]), .status(413), code: "image_too_large"))
        c.append(Case("JPEG decompression bomb", query(["image": Data(fixture("bomb.jpg")).base64EncodedString()]), .status(413), code: "image_too_large"))
        c.append(Case("WebP decompression bomb", query(["image": Data(fixture("bomb.webp")).base64EncodedString()]), .status(413), code: "image_too_large"))
        c.append(Case("bad image rejects its batch", index([item, ["id": "bad-one", "image": Data(fixture("bad_truncated.jpg")).base64EncodedString()]]), .status(422), code: "undecodable_image"))

        // Ids (GalleryItem.validateID: 1-256 bytes of letters, digits and ._-:@+=~,).
        c.append(Case("id too long", index([["id": String(repeating: "a", count: 257), "image": b64]]), .status(422), code: "invalid_field"))
        c.append(Case("id with slash", index([["id": "a/b", "image": b64]]), .status(422), code: "invalid_field"))
        c.append(Case("id with control character", index([["id": "a\u{01}b", "image": b64]]), .status(422), code: "invalid_field"))
        c.append(Case("empty id", index([["id": "", "image": b64]]), .status(422), code: "invalid_field"))
        c.append(Case("non-ASCII id", index([["id": "café", "image": b64]]), .status(422), code: "invalid_field"))
        c.append(Case("id with space", index([["id": "a b", "image": b64]]), .status(422), code: "invalid_field"))
        c.append(Case("id not a string", index([["id": 42, "image": b64]]), .status(422), code: "invalid_field"))
        c.append(Case("duplicate id in a batch", index([item, item]), .status(422), code: "invalid_field"))
        c.append(Case("missing image", index([["id": "no-image"]]), .status(422), code: "invalid_field"))
        c.append(Case("bad percent-encoding in path id", RawHTTP.request("GET", "/index/%ZZ"), .status(400), code: "bad_request"))
        c.append(Case("encoded slash in path id", RawHTTP.request("GET", "/index/a%2Fb"), .status(404), code: "not_found"))
        c.append(Case("unknown id", RawHTTP.request("GET", "/index/never-indexed"), .status(404), code: "not_found"))
        c.append(Case("delete unknown id", RawHTTP.request("DELETE", "/index/never-indexed"), .status(404), code: "not_found"))

        // k.
        c.append(Case("k zero", query(["text": "red", "k": 0]), .status(422), code: "invalid_field"))
        c.append(Case("k negative", query(["text": "red", "k": -3]), .status(422), code: "invalid_field"))
        c.append(Case("k 1e9", query(["text": "red", "k": 1_000_000_000]), .status(422), code: "invalid_field"))
        c.append(Case("k as string", query(["text": "red", "k": "5"]), .status(422), code: "invalid_field"))
        c.append(Case("k as float", query(["text": "red", "k": 2.5]), .status(422), code: "invalid_field"))
        c.append(Case("k as boolean", query(["text": "red", "k": true]), .status(422), code: "invalid_field"))

        // Filters and metadata.
        c.append(Case("nested filter", query(["text": "red", "filter": ["a": ["b": 1]]]), .status(422), code: "invalid_field"))
        c.append(Case("filter not an object", query(["text": "red", "filter": [1, 2]]), .status(422), code: "invalid_field"))
        c.append(Case("filter with too many keys", query(["text": "red", "filter": Dictionary(uniqueKeysWithValues: (0..<65).map { ("k\($0)", 1) })]), .status(422), code: "invalid_field"))
        c.append(Case("filter list too long", query(["text": "red", "filter": ["a": Array(0..<1001)]]), .status(422), code: "invalid_field"))
        c.append(Case("nested metadata", index([["id": "meta1", "image": b64, "metadata": ["x": ["y": 1]]]]), .status(422), code: "invalid_field"))
        c.append(Case("metadata with too many keys", index([["id": "meta2", "image": b64, "metadata": Dictionary(uniqueKeysWithValues: (0..<65).map { ("k\($0)", 1) })]]), .status(422), code: "invalid_field"))
        c.append(Case("metadata not an object", index([["id": "meta3", "image": b64, "metadata": "red"]]), .status(422), code: "invalid_field"))

        // Oversized fields.
        c.append(Case("text too long", query(["text": String(repeating: "a", count: 2001)]), .status(413), code: "text_too_long"))
        c.append(Case("text of one grapheme with 100k combining marks", query(["text": "a" + String(repeating: "\u{301}", count: 100_000)]), .status(413), code: "text_too_long"))
        c.append(Case("batch over --max-batch-items", index((0..<257).map { ["id": "b\($0)", "image": b64] }), .status(413), code: "batch_too_large"))
        c.append(Case("reference_id unknown", query(["reference_id": "never-indexed", "text": "red"]), .status(404), code: "not_found"))

        // Slowloris: a head trickled slower than --header-timeout (1 s here) gets a 408 and a close.
        c.append(Case("slowloris head", pieces: [(Array("POST /query HTTP/1.1\r\n".utf8), 0.6), (Array("Host: x\r\n".utf8), 0.6), (Array("X-A: 1\r\n".utf8), 0.6)],
                      .status(408), code: "request_timeout"))
        return c
    }

    func testMalformedRequestsGetTheRightStatusAndTheServerKeepsServing() throws {
        let server = try ServerProcess(extra: ["--max-body-bytes", String(Self.maxBody), "--header-timeout", "1"])
        // Control: the builders make valid requests, and there is one item to refer to.
        let jpeg = Data(Self.fixture("jpeg_1x50.jpg")).base64EncodedString()
        let ok = try RawHTTP.exchange(port: server.port, Self.index([["id": "known", "image": jpeg, "metadata": ["c": "x"]]]))
        XCTAssertEqual(ok.status, 200, ok.text)
        let okForm = try RawHTTP.exchange(port: server.port, Self.form("/query", [Self.field("text", "red"), Self.field("k", "3"), Self.file("image", Self.fixture("jpeg_1x50.jpg"))]))
        XCTAssertEqual(okForm.status, 200, okForm.text)
        let okChunked = try RawHTTP.exchange(port: server.port, Array("POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"tex\r\n9\r\nt\":\"red\"}\r\n0\r\n\r\n".utf8))
        XCTAssertEqual(okChunked.status, 200, okChunked.text)

        let cases = Self.cases()
        XCTAssertGreaterThanOrEqual(cases.count, 60)
        XCTAssertEqual(Set(cases.map(\.label)).count, cases.count, "labels are distinct")
        var passed = 0
        for c in cases {
            let outcome = run(c, port: server.port)
            var good = true
            switch (c.expect, outcome) {
            case (.status(let want), .success(let r)):
                if r.status != want { good = false; XCTFail("\(c.label): expected \(want), got \(r.status) \(r.text.prefix(300))") }
                if r.status >= 400 {
                    if r.errorCode == nil || r.errorMessage == nil || r.header("Content-Type") != "application/json" {
                        good = false; XCTFail("\(c.label): error body is not {error{code,message}}: \(r.text.prefix(300))")
                    }
                    if let code = c.code, r.errorCode != code { good = false; XCTFail("\(c.label): code \(r.errorCode ?? "nil"), expected \(code)") }
                }
            case (.closed, .failure(RawHTTP.Failure.closed(partial: 0))):
                break
            case (_, .success(let r)):
                good = false; XCTFail("\(c.label): expected \(c.expect), got \(r.status) \(r.text.prefix(300))")
            case (_, .failure(let e)):
                good = false; XCTFail("\(c.label): expected \(c.expect), got \(e)")
            }
            // 501 (transfer coding) and 505 (version) are the RFC's answers; any other 5xx is a bug.
            if case .success(let r) = outcome, r.status >= 500, r.status != 501, r.status != 505 { XCTFail("\(c.label): server error \(r.status)") }
            XCTAssertTrue(server.child?.isRunning ?? false, "\(c.label): the server process is alive")
            XCTAssertTrue(RawHTTP.healthy(port: server.port), "\(c.label): /healthz still answers 200")
            if good { passed += 1 }
        }
        // Nothing a bad request carried was stored.
        for id in ["new-item", "bad-one", "m1", "m2", "meta1", "meta2", "meta3", "b0"] {
            XCTAssertEqual(try RawHTTP.exchange(port: server.port, RawHTTP.request("GET", "/index/\(id)")).status, 404, "\(id) was not stored")
        }
        XCTAssertEqual(try RawHTTP.exchange(port: server.port, RawHTTP.request("GET", "/index/known")).status, 200)
        let metrics = try RawHTTP.exchange(port: server.port, RawHTTP.request("GET", "/metrics"))
        XCTAssertFalse(metrics.text.contains("status=\"500\""), "no 500 was ever counted")
        print("bad input: \(passed)/\(cases.count) cases answered as expected")
    }

    /// An idle connection that never sends a byte is closed after --idle-timeout.
    func testIdleConnectionIsClosed() throws {
        let server = try ServerProcess(extra: ["--idle-timeout", "1"])
        let c = try RawHTTP(port: server.port)
        XCTAssertTrue(c.closedWithin(5), "the idle connection was closed")
        XCTAssertTrue(RawHTTP.healthy(port: server.port))
    }

    private func run(_ c: Case, port: Int) -> Result<RawHTTP.Response, any Error> {
        do {
            let client = try RawHTTP(port: port, receiveTimeout: 10)
            for (bytes, delay) in c.pieces {
                client.send(bytes)
                if delay > 0 { usleep(UInt32(delay * 1e6)) }
            }
            if c.halfClose { client.shutdownWrite() }
            let r = try client.readResponse()
            // Framing errors must also close the connection (RFC 9112 §11.2).
            if r.status == 400 || r.status == 413 || r.status == 414 || r.status == 431 || r.status == 501 || r.status == 505 || r.status == 417 || r.status == 408,
               c.code.map(Self.closingCodes.contains) ?? false {
                XCTAssertTrue(r.closes, "\(c.label): Connection: close after a framing error")
                XCTAssertTrue(client.closedWithin(3), "\(c.label): the connection is closed after a framing error")
            }
            return .success(r)
        } catch {
            return .failure(error)
        }
    }

    /// Codes of `HTTPParseError`s, after which the server must close.
    static let closingCodes: Set<String> = [
        "conflicting_framing", "conflicting_content_length", "bad_content_length", "body_too_large", "bad_chunk_size",
        "bad_chunk_terminator", "chunk_extension_too_long", "unsupported_transfer_coding", "bad_transfer_encoding",
        "expectation_failed", "bad_line_ending", "obsolete_line_folding", "whitespace_before_colon", "bad_header_value",
        "bad_header_name", "missing_host", "bad_host", "http_version_not_supported", "bad_request_line", "bad_method",
        "request_line_too_long", "too_many_headers", "header_too_large", "request_timeout",
    ]
}
