import ConText
import Dispatch
import Foundation
import Gallery
import HTTP1
import HTTPServer
import ImageIO

/// The retrieval API of DESIGN §4 over one model and one gallery: routing, request decoding,
/// inference through the scheduler, search, and the one place where errors become responses.
public final class RetrievalService: @unchecked Sendable {
    public let engine: ConTextEngine
    public let gallery: GalleryStore
    public let scheduler: InferenceScheduler
    public let config: ServiceConfig
    public let logger: JSONLogger
    private let auth: BearerAuth
    private let metrics = Metrics()
    /// Request processing (decoding, resizing, waiting for the model) runs on these threads, never
    /// on the connection queues; at most 64 requests hold memory at once, the rest wait in order.
    private let workers = BlockingWorkers(maxThreads: 64, name: "service.request")
    private let probeLog: ProbeLogSampler

    public init(engine: ConTextEngine, gallery: GalleryStore, scheduler: InferenceScheduler, config: ServiceConfig,
                logger: JSONLogger = JSONLogger()) {
        self.engine = engine
        self.gallery = gallery
        self.scheduler = scheduler
        self.config = config
        self.logger = logger
        auth = BearerAuth(keys: config.apiKeys)
        probeLog = ProbeLogSampler(interval: config.probeLogInterval)
    }

    /// The handler to give `HTTPServer`.
    public var handler: HTTPHandler {
        { [self] request, respond in
            // Health checks answer from memory on the connection's queue, synchronously (the
            // server then writes the response without another hop): no waiting behind 64 slow
            // queries either (a busy server is still alive).
            if let r = probe(request) { return respond(r) }
            let path = request.head.path
            if path == "/healthz" || path == "/readyz" { return respond(handle(request)) }
            workers.run { [self] in respond(handle(request)) }
        }
    }

    private static let healthzBody = Array("{\"status\":\"ok\"}".utf8)

    /// A successful `GET`/`HEAD` of `/healthz` or `/readyz` (nil for anything else, which takes
    /// the general path): the same response, Server-Timing and metrics as through `handle`, the
    /// log line sampled (`ServiceConfig.probeLogInterval`). This is the route load balancers
    /// and orchestrators poll, and the one the load benchmark compares with nginx.
    private func probe(_ request: HTTPRequest) -> HTTPResponse? {
        let head = request.head
        guard head.method == "GET" || head.method == "HEAD" else { return nil }
        let start = DispatchTime.now()
        let route: String
        let body: [UInt8]
        switch head.path {
        case "/healthz": route = "/healthz"; body = Self.healthzBody
        case "/readyz": route = "/readyz"; body = Array("{\"status\":\"ready\",\"items\":\(gallery.count)}".utf8)
        default: return nil
        }
        var response = HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "application/json")]), body: body)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        response.head.headers.append(name: "Server-Timing", value: "model;dur=0.000, total;dur=\(Self.fixed(seconds * 1000, 3))")
        metrics.record(route: route, method: head.method, status: 200, seconds: seconds)
        if let skipped = probeLog.admit(now: Double(start.uptimeNanoseconds) / 1e9) {
            log(request, route: route, status: 200, seconds: seconds, modelSeconds: 0, extra: ["probes_skipped": String(skipped)])
        }
        return response
    }

    private func log(_ request: HTTPRequest, route: String, status: Int, seconds: Double, modelSeconds: Double, extra: [String: String] = [:]) {
        var fields = [
            "request_id": request.id, "method": request.head.method, "route": route,
            "status": String(status), "ms": Self.fixed(seconds * 1000, 2),
            "model_ms": Self.fixed(modelSeconds * 1000, 2),
        ]
        fields.merge(extra) { a, _ in a }
        logger.log(status >= 500 ? .warning : .info, "request", fields)
    }

    /// Answers one request (blocking while the model works).
    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        let start = DispatchTime.now()
        let timing = RequestTiming()
        let (route, result) = route(request, timing)
        var response: HTTPResponse
        switch result {
        case .success(let r): response = r
        case .failure(let e): response = Self.errorResponse(e)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        // Server-Timing (W3C) lets a load test separate HTTP overhead from model time.
        response.head.headers.append(name: "Server-Timing", value: "model;dur=\(Self.fixed(timing.modelSeconds * 1000, 3)), total;dur=\(Self.fixed(seconds * 1000, 3))")
        metrics.record(route: route, method: request.head.method, status: response.head.status, seconds: seconds)
        log(request, route: route, status: response.head.status, seconds: seconds, modelSeconds: timing.modelSeconds)
        return response
    }

    /// `String(format: "%.<digits>f", value)` for the non-negative durations of every request's
    /// log line and Server-Timing header, without Foundation's format parser (CFString), which
    /// cost ~10% of the server's CPU on GET /healthz under load.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite, value >= 0, value < 1e15 else { return String(format: "%.\(digits)f", value) }
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        let n = UInt64((value * Double(scale)).rounded())
        let frac = String(n % scale)
        return digits == 0 ? String(n) : "\(n / scale)." + String(repeating: "0", count: digits - frac.count) + frac
    }

    static func errorResponse(_ e: APIError) -> HTTPResponse {
        var headers = HTTPHeaders([("Content-Type", "application/json")])
        if let s = e.retryAfter { headers.append(name: "Retry-After", value: String(s)) }
        if e.status == 405 { headers.append(name: "Allow", value: e.message.components(separatedBy: "allowed: ").last ?? "GET") }
        return HTTPResponse(status: e.status, headers: headers, body: Array(e.jsonBody.utf8))
    }

    static func json(_ text: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", "application/json")]), body: Array(text.utf8))
    }

    // MARK: Routing

    private func route(_ request: HTTPRequest, _ timing: RequestTiming) -> (String, Result<HTTPResponse, APIError>) {
        let head = request.head
        let segments = PercentDecoding.pathSegments(head.path)
        func allow(_ methods: String) -> APIError { APIError(405, "method_not_allowed", "\(head.method) is not supported here; allowed: \(methods)") }
        func run(_ route: String, _ methods: [String], write: Bool, _ body: () throws(APIError) -> HTTPResponse) -> (String, Result<HTTPResponse, APIError>) {
            guard methods.contains(head.method) else { return (route, .failure(allow(methods.joined(separator: ", ")))) }
            if auth.enabled && (write || config.protectReads) && !auth.allows(head.headers) {
                return (route, .failure(APIError(401, "unauthorized", "send Authorization: Bearer <api key>")))
            }
            do { return (route, .success(try body())) } catch { return (route, .failure(error)) }
        }
        switch segments.map(String.init) {
        case ["healthz"]:
            guard ["GET", "HEAD"].contains(head.method) else { return ("/healthz", .failure(allow("GET, HEAD"))) }
            return ("/healthz", .success(Self.json("{\"status\":\"ok\"}")))
        case ["readyz"]:
            guard ["GET", "HEAD"].contains(head.method) else { return ("/readyz", .failure(allow("GET, HEAD"))) }
            return ("/readyz", .success(Self.json("{\"status\":\"ready\",\"items\":\(gallery.count)}")))
        case ["metrics"]:
            return run("/metrics", ["GET"], write: false) { () throws(APIError) in
                let text = metrics.render(scheduler: scheduler.stats, galleryItems: gallery.count, ready: true)
                return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain; version=0.0.4")]), body: Array(text.utf8))
            }
        case ["query"]:
            return run("/query", ["POST"], write: false) { () throws(APIError) in try query(request, timing) }
        case ["index"]:
            return run("/index", ["POST"], write: true) { () throws(APIError) in try index(request, timing) }
        case let s where s.count == 2 && s[0] == "index":
            let id: String
            do { id = try PercentDecoding.decodePathSegment(segments[1]) } catch {
                return ("/index/{id}", .failure(.badRequest("the id in the path is not valid percent-encoding")))
            }
            let write = head.method == "DELETE"
            return run("/index/{id}", ["GET", "DELETE"], write: write) { () throws(APIError) in
                write ? try delete(id) : try item(id)
            }
        default:
            return ("other", .failure(.notFound("no route \(head.method) \(head.path); see openapi.yaml")))
        }
    }

    private func requireBody(_ request: HTTPRequest) throws(APIError) {
        if request.head.framing == .none { throw APIError(411, "length_required", "send the body with Content-Length or chunked encoding") }
    }

    // MARK: Inference

    private func pixels(_ bytes: [UInt8], field: String) throws(APIError) -> [Float] {
        do { return try engine.pixelValues(imageBytes: bytes) } catch {
            if case .image(let img) = error { throw APIError(image: img, field: field) }
            throw APIError(embed: error)
        }
    }

    private func embed(_ job: InferenceJob, _ timing: RequestTiming) throws(APIError) -> [Float] {
        let start = DispatchTime.now()
        defer {
            let t = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            metrics.recordModel(kind: job.kind.rawValue, seconds: t)
            timing.modelSeconds += t
        }
        switch scheduler.embed(job, timeout: config.inferenceTimeout) {
        case .success(let v): return v
        case .failure(let e): throw APIError(scheduler: e)
        }
    }

    // MARK: Routes

    private func query(_ request: HTTPRequest, _ timing: RequestTiming) throws(APIError) -> HTTPResponse {
        let start = DispatchTime.now()
        try requireBody(request)
        let q = try QueryRequest(try RequestFields(head: request.head, body: request.body), config: config)
        var exclude = q.excludeIDs
        var imageBytes = q.image
        if let ref = q.referenceID {
            guard let item = gallery.get(id: ref) else { throw .notFound("reference_id \"\(ref)\" is not in the gallery") }
            exclude.insert(ref)
            guard let sha = item.imageSHA256 else { throw .invalidField("reference_id", "item \"\(ref)\" has no stored image") }
            do {
                guard let bytes = try gallery.images.read(sha) else { throw APIError(503, "storage_unavailable", "the stored image of \"\(ref)\" is missing", retryAfter: 5) }
                imageBytes = bytes
            } catch let e as GalleryError { throw APIError(gallery: e) } catch let e as APIError { throw e } catch { throw APIError(503, "storage_unavailable", "\(error)") }
            if q.excludeReference { exclude.formUnion(gallery.ids(withImageSHA256: sha)) }
        } else if let bytes = q.image, q.excludeReference, q.mode != .text {
            exclude.formUnion(gallery.ids(withImageSHA256: SHA256.hex(bytes)))
        }
        let ids = q.text.map(engine.tokenize)
        let vector: [Float]
        switch q.mode {
        case .image:
            vector = try embed(.image(pixels: try pixels(imageBytes!, field: q.referenceID == nil ? "image" : "reference_id")), timing)
        case .text:
            vector = try embed(.text(ids: ids!), timing)
        case .composed:
            vector = try embed(.composed(pixels: try pixels(imageBytes!, field: "image"), ids: ids!), timing)
        case .sum:
            let i = try embed(.image(pixels: try pixels(imageBytes!, field: "image")), timing)
            let t = try embed(.text(ids: ids!), timing)
            var s = zip(i, t).map { q.weights.image * $0 + q.weights.text * $1 }
            let norm = s.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 { s = s.map { $0 / norm } }
            vector = s
        }
        let hits: [GalleryHit]
        do { hits = try gallery.search(query: vector, k: q.k, filter: q.filter, excludeIDs: exclude) } catch { throw APIError(gallery: error) }
        var out = "{\"mode\":\"\(q.mode.rawValue)\",\"results\":["
        for (n, h) in hits.enumerated() {
            if n > 0 { out += "," }
            out += "{\"id\":\(JSONText.quote(h.id)),\"score\":\(JSONText.number(h.score))"
            if let m = gallery.get(id: h.id)?.metadata, !m.isEmpty { out += ",\"metadata\":\(MetadataJSON.text(m))" }
            out += "}"
        }
        let ms = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
        out += "],\"took_ms\":\(String(format: "%.3f", ms))}"
        return Self.json(out)
    }

    private func index(_ request: HTTPRequest, _ timing: RequestTiming) throws(APIError) -> HTTPResponse {
        let start = DispatchTime.now()
        try requireBody(request)
        let req = try IndexRequest(try RequestFields(head: request.head, body: request.body), config: config)
        // Validate everything before any work, so a bad item costs nothing and stores nothing.
        for (i, item) in req.items.enumerated() {
            do {
                try GalleryItem.validateID(item.id, limits: gallery.options.limits)
                try GalleryItem.validateMetadata(item.metadata, limits: gallery.options.limits)
            } catch {
                throw .invalidField("items[\(i)] (id \"\(item.id)\")", error.reason)
            }
        }
        var px: [[Float]] = []
        for (i, item) in req.items.enumerated() {
            do { px.append(try pixels(item.image, field: "items[\(i)] (id \"\(item.id)\").image")) }
        }
        // Submit in chunks the scheduler can batch without overflowing its queue.
        var embeddings = [[Float]](repeating: [], count: px.count)
        let chunk = max(1, scheduler.config.maxBatchSize)
        for base in stride(from: 0, to: px.count, by: chunk) {
            let group = DispatchGroup()
            let results = ResultSlots(count: min(chunk, px.count - base))
            for j in 0..<results.count {
                group.enter()
                scheduler.submit(.image(pixels: px[base + j]), timeout: config.inferenceTimeout) { r in results.set(j, r); group.leave() }
            }
            let waitStart = DispatchTime.now()
            group.wait()
            timing.modelSeconds += Double(DispatchTime.now().uptimeNanoseconds - waitStart.uptimeNanoseconds) / 1e9
            for j in 0..<results.count {
                switch results.get(j) {
                case .success(let v): embeddings[base + j] = v
                case .failure(let e): throw APIError(scheduler: e)
                }
            }
        }
        var items: [GalleryItem] = []
        do {
            for (i, item) in req.items.enumerated() {
                let sha = try gallery.images.put(item.image)
                items.append(GalleryItem(id: item.id, metadata: item.metadata, embedding: embeddings[i], imageSHA256: sha))
            }
            try gallery.upsert(items)
        } catch { throw APIError(gallery: error) }
        let ms = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
        let ids = items.map { JSONText.quote($0.id) }.joined(separator: ",")
        return Self.json("{\"indexed\":\(items.count),\"ids\":[\(ids)],\"took_ms\":\(String(format: "%.3f", ms))}")
    }

    private func item(_ id: String) throws(APIError) -> HTTPResponse {
        guard let item = gallery.get(id: id) else { throw .notFound("no item with id \(JSONText.quote(id))") }
        var out = "{\"id\":\(JSONText.quote(item.id)),\"metadata\":\(MetadataJSON.text(item.metadata))"
        if let sha = item.imageSHA256 { out += ",\"image_sha256\":\"\(sha)\"" }
        return Self.json(out + "}")
    }

    private func delete(_ id: String) throws(APIError) -> HTTPResponse {
        let removed: Bool
        do { removed = try gallery.delete(id: id) } catch { throw APIError(gallery: error) }
        guard removed else { throw .notFound("no item with id \(JSONText.quote(id))") }
        return Self.json("{\"deleted\":\(JSONText.quote(id))}")
    }
}

/// Results of concurrently submitted jobs, filled from worker threads.
private final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<[Float], SchedulerError>]
    let count: Int
    init(count: Int) { self.count = count; slots = Array(repeating: .failure(.shuttingDown), count: count) }
    func set(_ i: Int, _ r: Result<[Float], SchedulerError>) { lock.lock(); slots[i] = r; lock.unlock() }
    func get(_ i: Int) -> Result<[Float], SchedulerError> { lock.lock(); defer { lock.unlock() }; return slots[i] }
}

/// Time one request spent waiting for the model (queue + forward passes).
final class RequestTiming: @unchecked Sendable {
    var modelSeconds = 0.0
}
