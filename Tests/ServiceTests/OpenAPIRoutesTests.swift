import Foundation
import XCTest

/// `openapi.yaml` against the real `context-server serve` binary: the (method, path) pairs the spec
/// lists are exactly the ones the server answers, each answers with a status the spec documents,
/// the 405s name the spec's methods in `Allow`, the spec's security matches what the server
/// enforces, and every error code in the sources is documented (and none is invented).
final class OpenAPIRoutesTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]

    struct Operation {
        var statuses: Set<Int> = []
        /// `security:` entries: "{}" (anonymous allowed) and/or scheme names; nil when not given.
        var security: [String]?
    }

    /// The `paths:` section of openapi.yaml, read line by line (block style, two-space indents:
    /// paths at 2, methods at 4, `responses:`/`security:` at 6, statuses and entries at 8).
    struct Spec {
        var operations: [String: [String: Operation]] = [:]   // path → METHOD → operation
        var text = ""

        var pairs: Set<String> { Set(operations.flatMap { p, ops in ops.keys.map { "\($0) \(p)" } }) }
    }

    static func loadSpec() throws -> Spec {
        var spec = Spec()
        spec.text = try String(contentsOf: root.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        var inPaths = false
        var path: String?
        var method: String?
        var block: String?
        for raw in spec.text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let indent = line.prefix { $0 == " " }.count
            if indent == 0 {
                inPaths = trimmed == "paths:"
                path = nil; method = nil; block = nil
                continue
            }
            guard inPaths else { continue }
            switch indent {
            case 2:
                XCTAssertTrue(trimmed.hasPrefix("/") && trimmed.hasSuffix(":"), "unexpected line in paths: \(line)")
                path = String(trimmed.dropLast()); method = nil; block = nil
                spec.operations[path!, default: [:]] = spec.operations[path!] ?? [:]
            case 4:
                let key = String(trimmed.prefix { $0 != ":" })
                if methods.contains(key.uppercased()), let p = path {
                    method = key.uppercased()
                    spec.operations[p]![method!] = Operation()
                } else {
                    method = nil   // `parameters:`, `summary:` of the path item
                }
                block = nil
            case 6:
                let key = String(trimmed.prefix { $0 != ":" })
                block = key
                if key == "security", let p = path, let m = method {
                    spec.operations[p]![m]!.security = []   // `security: []`, or entries follow at 8
                }
            case 8:
                guard let p = path, let m = method else { continue }
                if block == "responses", trimmed.hasPrefix("'"), let status = Int(trimmed.dropFirst().prefix(3)) {
                    spec.operations[p]![m]!.statuses.insert(status)
                } else if block == "security", trimmed.hasPrefix("- ") {
                    let entry = trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces)
                    spec.operations[p]![m]!.security!.append(entry == "{}" ? "{}" : String(entry.prefix { $0 != ":" }))
                }
            default:
                continue
            }
        }
        return spec
    }

    /// A concrete URL path for a spec path (templates filled in).
    static func concrete(_ path: String) -> String { path.replacingOccurrences(of: "{id}", with: "openapi-probe") }

    struct Answer {
        let status: Int
        let headers: [String: String]   // lowercased names
        let body: String
        var errorCode: String? {
            ((try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["error"] as? [String: Any])?["code"] as? String
        }
    }

    /// One request through curl, with the response headers.
    static func request(_ method: String, _ url: String, json: String? = nil, headers: [String] = []) throws -> Answer {
        var args = method == "HEAD" ? ["-I"] : ["-i", "-X", method]
        if json != nil { args += ["-H", "Content-Type: application/json", "--data-binary", "@-"] }
        args += headers.flatMap { ["-H", $0] } + [url]
        let r = try Curl.run(args, stdin: json.map { Data($0.utf8) })
        // Headers, a blank line, the body (curl may print a 100 Continue block first).
        var text = Substring(r.body)
        var head = Substring("")
        repeat {
            guard let end = text.range(of: "\r\n\r\n") else { head = text; text = ""; break }
            head = text[..<end.lowerBound]
            text = text[end.upperBound...]
        } while head.hasPrefix("HTTP/1.1 100")
        var fields: [String: String] = [:]
        for line in head.split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Answer(status: r.status, headers: fields, body: String(text))
    }

    func testSpecParsesToTheExpectedShape() throws {
        let spec = try Self.loadSpec()
        XCTAssertFalse(spec.operations.isEmpty, "no paths read from openapi.yaml")
        for (path, ops) in spec.operations {
            XCTAssertFalse(ops.isEmpty, "\(path) has no operations")
            for (m, op) in ops {
                XCTAssertTrue(op.statuses.contains(200), "\(m) \(path) documents no 200")
                XCTAssertTrue(op.statuses.contains(405), "\(m) \(path) documents no 405 (wrong method on the path)")
                XCTAssertNotNil(op.security, "\(m) \(path) has no security: entry (say [] or list the schemes)")
            }
        }
    }

    /// Every spec'd pair answers (not 404/405) with a documented status; every other method on a
    /// spec'd path is a 405 whose `Allow` is the spec's method set; unknown paths are 404.
    func testServedRoutesEqualSpecRoutes() throws {
        let spec = try Self.loadSpec()
        let s = try ServerProcess()
        let image = try Data(contentsOf: ServerProcess.fixtures.appendingPathComponent("images/inputs/jpeg_420.jpg")).base64EncodedString()

        // Requests that exercise each operation properly; order matters (index before get/delete).
        let bodies: [String: String] = [
            "POST /index": #"{"items":[{"id":"openapi-probe","image":"\#(image)","metadata":{"category":"probe"}}]}"#,
            "POST /query": #"{"image":"\#(image)","text":"make it red","k":3,"exclude_reference":false}"#,
        ]
        let priority = ["POST /index": 0, "GET /index/{id}": 1, "POST /query": 2, "DELETE /index/{id}": 9]
        let pairs = spec.pairs.sorted { (priority[$0] ?? 5, $0) < (priority[$1] ?? 5, $1) }
        var answered: Set<String> = []
        for pair in pairs {
            let parts = pair.split(separator: " ", maxSplits: 1).map(String.init)
            let (method, path) = (parts[0], parts[1])
            let a = try Self.request(method, s.base + Self.concrete(path), json: bodies[pair])
            XCTAssertNotEqual(a.status, 405, "\(pair) is in openapi.yaml but the server answers 405 \(a.body)")
            XCTAssertFalse(a.status == 404 && (a.errorCode != "not_found" || a.body.contains("no route")),
                           "\(pair) is in openapi.yaml but the server has no such route: \(a.body)")
            XCTAssertTrue(spec.operations[path]![method]!.statuses.contains(a.status),
                          "\(pair) answered \(a.status), which openapi.yaml does not document for it: \(a.body)")
            if method != "HEAD" { XCTAssertNotNil(a.headers["x-request-id"], "\(pair): no X-Request-Id") }
            XCTAssertNotNil(a.headers["server-timing"], "\(pair): no Server-Timing")
            if a.status < 300 { answered.insert(pair) }
        }
        // The probes above were real successes, not just "not a 404".
        for pair in ["POST /index", "GET /index/{id}", "DELETE /index/{id}", "GET /healthz", "GET /readyz", "GET /metrics"] where spec.pairs.contains(pair) {
            XCTAssertTrue(answered.contains(pair), "\(pair) did not succeed")
        }

        // Every other method on a spec'd path: 405 naming exactly the spec's methods.
        for (path, ops) in spec.operations {
            for method in Self.methods where ops[method] == nil {
                let a = try Self.request(method, s.base + Self.concrete(path))
                XCTAssertEqual(a.status, 405, "\(method) \(path) is not in openapi.yaml but the server answers \(a.status) \(a.body)")
                let allow = Set((a.headers["allow"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                XCTAssertEqual(allow, Set(ops.keys), "\(method) \(path): Allow header vs openapi.yaml's methods")
            }
        }

        // Paths the spec does not list: 404 for every method.
        let unknown = ["/", "/nope", "/query/x", "/index/a/b", "/healthz/x", "/v1/query", "/metrics/", "/readyz/now", "/openapi.yaml", "/index/x/y/z"]
        for path in unknown {
            XCTAssertNil(spec.operations[path], "\(path) is in the spec; fix the test's list")
            for method in ["GET", "POST", "DELETE", "PUT"] {
                let a = try Self.request(method, s.base + path)
                XCTAssertTrue([404, 405].contains(a.status), "\(method) \(path) is not in openapi.yaml but answers \(a.status)")
                XCTAssertEqual(a.status, 404, "\(method) \(path): unknown paths are 404")
            }
        }
        XCTAssertEqual(s.stop(), 0)
    }

    /// `security:` in the spec is what the server enforces: with keys, operations that list only
    /// bearerAuth refuse anonymous requests; ones that also list `{}` need a key only with
    /// --protect-reads; ones with `security: []` never do.
    func testSecurityMatchesSpec() throws {
        let spec = try Self.loadSpec()
        for protectReads in [false, true] {
            let s = try ServerProcess(extra: ["--api-key", "openapi-test-key"] + (protectReads ? ["--protect-reads"] : []))
            for (path, ops) in spec.operations {
                for (method, op) in ops {
                    let schemes = op.security ?? []
                    let keyRequired = schemes.contains("bearerAuth") && (!schemes.contains("{}") || protectReads)
                    let anonymous = try Self.request(method, s.base + Self.concrete(path))
                    if keyRequired {
                        XCTAssertEqual(anonymous.status, 401, "\(method) \(path) without a key (protect-reads \(protectReads))")
                        XCTAssertEqual(anonymous.errorCode ?? (method == "HEAD" ? "unauthorized" : nil), "unauthorized")
                        let keyed = try Self.request(method, s.base + Self.concrete(path), headers: ["Authorization: Bearer openapi-test-key"])
                        XCTAssertNotEqual(keyed.status, 401, "\(method) \(path) with the key")
                    } else {
                        XCTAssertNotEqual(anonymous.status, 401, "\(method) \(path) needs no key per openapi.yaml (protect-reads \(protectReads))")
                    }
                    if anonymous.status == 401 { XCTAssertTrue(op.statuses.contains(401), "\(method) \(path) can answer 401 but openapi.yaml does not say so") }
                }
            }
            XCTAssertEqual(s.stop(), 0)
        }
    }

    // MARK: Error codes

    /// (status, code) pairs written literally in Sources/Service (`APIError(413, "text_too_long", …)`,
    /// `self.init(422, "invalid_field", …)` and the static helpers' definitions).
    static func serviceCodes() throws -> Set<String> {
        let dir = root.appendingPathComponent("Sources/Service")
        let regex = try NSRegularExpression(pattern: #"(?:APIError|self\.init)\(\s*(\d{3})\s*,\s*"([a-z0-9_]+)""#)
        var out: Set<String> = []
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".swift") {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            for m in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                out.insert("\(text[Range(m.range(at: 1), in: text)!]) \(text[Range(m.range(at: 2), in: text)!])")
            }
        }
        return out
    }

    /// Codes the HTTP layer sends on its own: the `code` switches of HTTP1's error enums that reach
    /// clients (parse and multipart errors) and the connection's literal `code: "…"` failures.
    static func httpLayerCodes() throws -> Set<String> {
        var out: Set<String> = []
        let strings = try NSRegularExpression(pattern: #""([a-z0-9_]+)""#)
        for file in ["Sources/HTTP1/HTTPParseError.swift", "Sources/HTTP1/MultipartError.swift"] {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            guard let start = text.range(of: "public var code: String {") else { XCTFail("no code switch in \(file)"); continue }
            let body = text[start.upperBound...]
            let block = String(body[..<(body.range(of: "\n    }")?.lowerBound ?? body.endIndex)])
            for m in strings.matches(in: block, range: NSRange(block.startIndex..., in: block)) { out.insert(String(block[Range(m.range(at: 1), in: block)!])) }
        }
        let literal = try NSRegularExpression(pattern: #"code: "([a-z0-9_]+)""#)
        let dir = root.appendingPathComponent("Sources/HTTPServer")
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".swift") {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            for m in literal.matches(in: text, range: NSRange(text.startIndex..., in: text)) { out.insert(String(text[Range(m.range(at: 1), in: text)!])) }
        }
        return out
    }

    /// The spec's table of codes: rows `| 413 | \`text_too_long\` | … |`.
    static func documentedCodes(_ spec: Spec) throws -> [String: Set<Int>] {
        let row = try NSRegularExpression(pattern: #"^\s*\|\s*(\d{3})\s*\|\s*`([a-z0-9_]+)`\s*\|"#, options: [.anchorsMatchLines])
        var out: [String: Set<Int>] = [:]
        let text = spec.text
        for m in row.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            out[String(text[Range(m.range(at: 2), in: text)!]), default: []].insert(Int(text[Range(m.range(at: 1), in: text)!])!)
        }
        return out
    }

    func testEveryErrorCodeIsDocumented() throws {
        let spec = try Self.loadSpec()
        let documented = try Self.documentedCodes(spec)
        let service = try Self.serviceCodes()
        let http = try Self.httpLayerCodes()
        XCTAssertGreaterThan(service.count, 15, "the source scan found too few codes: \(service.sorted())")
        XCTAssertGreaterThan(http.count, 20, "the source scan found too few HTTP-layer codes: \(http.sorted())")
        for pair in service {
            let parts = pair.split(separator: " ").map(String.init)
            let (status, code) = (Int(parts[0])!, parts[1])
            XCTAssertTrue(documented[code]?.contains(status) == true,
                          "Sources/Service sends \(status) \(code) but openapi.yaml's Error table does not list it")
            XCTAssertTrue(spec.text.contains("`\(code)`"), "\(code) not in openapi.yaml")
        }
        for code in http {
            XCTAssertNotNil(documented[code], "the HTTP layer sends \(code) but openapi.yaml's Error table does not list it")
        }
        // And nothing invented: every documented code comes from the sources.
        let known = Set(service.map { String($0.split(separator: " ")[1]) }).union(http)
        for code in documented.keys { XCTAssertTrue(known.contains(code), "openapi.yaml documents \(code), which no source sends") }
    }
}
