import HTTP1

/// A complete request as the application sees it.
public struct HTTPRequest: Sendable {
    public let head: HTTPRequestHead
    public let body: [UInt8]
    /// A per-server unique id for logs and the `X-Request-Id` response header.
    public let id: String
    /// Monotonic seconds when the request was complete (for latency metrics).
    public let receivedAt: Double
}

/// The application's answer.
public struct HTTPResponse: Sendable {
    public var head: HTTPResponseHead
    public var body: [UInt8]

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        head = HTTPResponseHead(status: status, headers: headers)
        self.body = body
    }
}

/// Handles one request; calls `respond` exactly once, from any thread. Called on the
/// connection's event-loop thread, which serves other connections too: answer from memory
/// there (a synchronous `respond` is written out without a thread hop), and hand anything that
/// blocks or computes for long to another thread.
public typealias HTTPHandler = @Sendable (HTTPRequest, _ respond: @escaping @Sendable (HTTPResponse) -> Void) -> Void
