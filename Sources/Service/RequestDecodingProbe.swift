import HTTP1

/// The `/query` and `/index` body decoders as one public entry point, for the request-body fuzz
/// target: every input must end in a decoded request or an `APIError` with a 4xx status.
public enum RequestDecodingProbe {
    /// Decodes `body` as sent with `contentType` to `/query` (or `/index` when `index` is set).
    /// - Returns: a short summary of what was decoded.
    /// - Throws: `APIError` describing why the body is refused.
    public static func decode(body: [UInt8], contentType: String, index: Bool) throws(APIError) -> String {
        let head = HTTPRequestHead(method: "POST", target: index ? "/index" : "/query", targetForm: .origin,
                                   version: HTTPVersion(major: 1, minor: 1),
                                   headers: HTTPHeaders([("Host", "fuzz"), ("Content-Type", contentType)]),
                                   keepAlive: true, expectContinue: false, framing: .contentLength(body.count))
        let fields = try RequestFields(head: head, body: body)
        let config = ServiceConfig()
        if index {
            let r = try IndexRequest(fields, config: config)
            return "index: \(r.items.count) items"
        }
        let q = try QueryRequest(fields, config: config)
        return "query: \(q.mode.rawValue) k=\(q.k) filter=\(q.filter?.clauses.count ?? 0) excludes=\(q.excludeIDs.count)"
    }
}
