/// Socket-level settings of the HTTP server. Every limit has a safe default (DESIGN §4).
public struct ServerConfig: Sendable, Equatable {
    /// Address to bind; "0.0.0.0" for all IPv4 interfaces, "::" for IPv6, "127.0.0.1" by default
    /// so a development run is not exposed by accident.
    public var host = "127.0.0.1"
    /// TCP port; 0 picks a free one (read it back from `HTTPServer.port`).
    public var port = 8080
    /// Open connections beyond this wait in the kernel's accept queue. Default 512.
    public var maxConnections = 512
    /// `listen()` backlog. Default 128.
    public var backlog: Int32 = 128
    /// Seconds a keep-alive connection may sit idle between requests. Default 60.
    public var idleTimeout: Double = 60
    /// Seconds a client has to send a complete request head once it started. Default 10
    /// (slowloris: a client trickling header bytes).
    public var headerTimeout: Double = 10
    /// Seconds allowed between body bytes. Default 30 (a client that stalls mid-body).
    public var bodyTimeout: Double = 30
    /// Bytes of later (pipelined) requests read ahead while one request is being processed. Below
    /// this the socket stays armed, so the common one-request-at-a-time client costs no
    /// pause/resume of the read source per request; at or above it reading pauses until the
    /// response is sent (back-pressure on a client that pipelines without reading). Default 65536.
    public var readAheadBytes = 64 * 1024
    /// Threads running connection I/O (each with its own epoll set; connections are spread over
    /// them in turn). 0, the default, means one per online CPU.
    public var eventLoops = 0
    /// Seconds SIGTERM waits for in-flight requests before closing what is left. Default 20.
    public var drainTimeout: Double = 20

    public init() {}
}
