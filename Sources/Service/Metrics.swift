import Foundation

/// Request counters and latency histograms in Prometheus text format (exposition format 0.0.4).
final class Metrics: @unchecked Sendable {
    /// Histogram bucket upper bounds in seconds: fine below 100 ms where the model answers.
    static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct Histogram {
        var counts = [Int](repeating: 0, count: Metrics.buckets.count)
        var sum = 0.0
        var total = 0

        mutating func observe(_ v: Double) {
            for (i, b) in Metrics.buckets.enumerated() where v <= b { counts[i] += 1 }
            sum += v
            total += 1
        }
    }

    /// A counter's labels. A struct rather than one interpolated string: building and hashing
    /// the string showed up on GET /healthz under load.
    private struct RequestKey: Hashable, Comparable {
        let route: String
        let method: String
        let status: Int
        static func < (a: Self, b: Self) -> Bool { (a.route, a.method, a.status) < (b.route, b.method, b.status) }
    }

    private let lock = NSLock()
    private var requests: [RequestKey: Int] = [:]
    private var latency: [String: Histogram] = [:]       // route
    private var modelLatency: [String: Histogram] = [:]  // job kind

    func record(route: String, method: String, status: Int, seconds: Double) {
        lock.lock(); defer { lock.unlock() }
        requests[RequestKey(route: route, method: method, status: status), default: 0] += 1
        latency[route, default: Histogram()].observe(seconds)
    }

    func recordModel(kind: String, seconds: Double) {
        lock.lock(); defer { lock.unlock() }
        modelLatency[kind, default: Histogram()].observe(seconds)
    }

    /// The exposition text, with the scheduler's and the gallery's gauges.
    func render(scheduler: SchedulerStats, galleryItems: Int, ready: Bool) -> String {
        lock.lock(); defer { lock.unlock() }
        var out = ""
        out += "# HELP context_http_requests_total HTTP requests by route, method and status.\n# TYPE context_http_requests_total counter\n"
        for key in requests.keys.sorted() {
            out += "context_http_requests_total{route=\"\(key.route)\",method=\"\(key.method)\",status=\"\(key.status)\"} \(requests[key]!)\n"
        }
        out += histogram("context_http_request_duration_seconds", "Server-side request time by route.", label: "route", latency)
        out += histogram("context_model_duration_seconds", "Time in the inference scheduler (queue + forward pass) by job kind.", label: "kind", modelLatency)
        out += "# HELP context_inference_queue_depth Jobs waiting for the model.\n# TYPE context_inference_queue_depth gauge\ncontext_inference_queue_depth \(scheduler.queueDepth)\n"
        out += "# HELP context_inference_batches_total Forward passes by batch size.\n# TYPE context_inference_batches_total counter\n"
        for (size, n) in scheduler.batchSizes.enumerated() where size > 0 {
            out += "context_inference_batches_total{size=\"\(size)\"} \(n)\n"
        }
        out += "# HELP context_inference_rejected_total Jobs refused because the queue was full.\n# TYPE context_inference_rejected_total counter\ncontext_inference_rejected_total \(scheduler.rejected)\n"
        out += "# HELP context_inference_expired_total Jobs dropped after their deadline.\n# TYPE context_inference_expired_total counter\ncontext_inference_expired_total \(scheduler.expired)\n"
        out += "# HELP context_gallery_items Items in the gallery.\n# TYPE context_gallery_items gauge\ncontext_gallery_items \(galleryItems)\n"
        out += "# HELP context_ready Whether the model and gallery are loaded.\n# TYPE context_ready gauge\ncontext_ready \(ready ? 1 : 0)\n"
        return out
    }

    private func histogram(_ name: String, _ help: String, label: String, _ hs: [String: Histogram]) -> String {
        var out = "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
        for key in hs.keys.sorted() {
            let h = hs[key]!
            for (i, b) in Self.buckets.enumerated() { out += "\(name)_bucket{\(label)=\"\(key)\",le=\"\(b)\"} \(h.counts[i])\n" }
            out += "\(name)_bucket{\(label)=\"\(key)\",le=\"+Inf\"} \(h.total)\n"
            out += "\(name)_sum{\(label)=\"\(key)\"} \(h.sum)\n\(name)_count{\(label)=\"\(key)\"} \(h.total)\n"
        }
        return out
    }
}
