#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import HTTP1

/// Our HTTP/1.1 server on POSIX sockets and Dispatch: a non-blocking listening socket watched by
/// a Dispatch source, connections spread over a few `EventLoop` threads (epoll) that run their
/// I/O and protocol work, Dispatch timers, at most `maxConnections` open at once (further
/// clients wait in the kernel's accept queue), and a graceful drain.
public final class HTTPServer: @unchecked Sendable {
    public let config: ServerConfig
    public let limits: HTTPLimits
    private let handler: HTTPHandler
    /// Serves HTTPS when set.
    public let tls: TLSContext?
    private let acceptQueue = DispatchQueue(label: "http.accept")
    // Set up in `start`, then guarded by acceptQueue.
    private var loops: [EventLoop] = []
    private var nextLoop = 0
    private var socket: ListeningSocket?
    private var acceptSource: (any DispatchSourceRead)?
    private var acceptSuspended = false
    // Guarded by acceptQueue.
    private var connections: [Int: HTTPConnection] = [:]
    private var nextConnectionKey = 0
    private var draining = false
    private let instance = String(UInt32.random(in: .min ... .max), radix: 36)

    /// The bound port (useful with `port: 0`).
    public private(set) var port = 0

    public init(config: ServerConfig, limits: HTTPLimits = HTTPLimits(), tls: TLSContext? = nil, handler: @escaping HTTPHandler) {
        self.tls = tls
        self.config = config
        self.limits = limits
        self.handler = handler
    }

    /// Binds and starts accepting.
    /// - Throws: `SocketError` (address in use, bad host…).
    public func start() throws(SocketError) {
        let s = try ListeningSocket(host: config.host, port: config.port, backlog: config.backlog)
        let count = config.eventLoops > 0 ? config.eventLoops : max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        do {
            for _ in 0..<count { loops.append(try EventLoop()) }
        } catch {
            for l in loops { l.stop() }
            loops = []
            _ = close(s.fd)
            throw error
        }
        socket = s
        port = s.port
        let src = DispatchSource.makeReadSource(fileDescriptor: s.fd, queue: acceptQueue)
        src.setEventHandler { [weak self] in self?.acceptPending() }
        src.setCancelHandler { _ = close(s.fd) }
        acceptSource = src
        src.resume()
    }

    /// Number of open connections.
    public var openConnections: Int { acceptQueue.sync { connections.count } }

    /// Stops accepting, lets in-flight requests finish (idle connections close at once), and
    /// returns when every connection has closed or `config.drainTimeout` has passed.
    public func shutdown() {
        let done = DispatchSemaphore(value: 0)
        acceptQueue.sync {
            draining = true
            if let src = acceptSource {
                acceptSource = nil
                if acceptSuspended { src.resume() }
                src.cancel()
            }
            for c in connections.values { c.drain() }
        }
        let deadline = Clock.monotonic() + config.drainTimeout
        while Clock.monotonic() < deadline {
            if acceptQueue.sync(execute: { connections.isEmpty }) { done.signal(); break }
            usleep(10_000)
        }
        acceptQueue.sync { for c in connections.values { c.forceClose() } }
        _ = done.wait(timeout: .now() + 1)
        acceptQueue.sync {
            // After the force-closes handed to them: each loop runs those, then its thread ends.
            for l in loops { l.stop() }
            loops = []
        }
    }

    private func acceptPending() {
        guard let socket, !draining else { return }
        while connections.count < config.maxConnections, let fd = socket.acceptOne() {
            let loop = loops[nextLoop]
            nextLoop = (nextLoop + 1) % loops.count
            nextConnectionKey += 1
            let key = nextConnectionKey
            let conn = HTTPConnection(
                fd: fd, loop: loop, tls: tls, config: config, limits: limits, handler: handler,
                idPrefix: "\(instance)-\(key)-",
                onClosed: { [weak self] in
                    guard let self else { return }
                    self.acceptQueue.async {
                        self.connections[key] = nil
                        self.resumeAcceptingIfNeeded()
                    }
                })
            connections[key] = conn
            conn.start()
        }
        // At the cap: stop watching the listening socket until a slot frees, so waiting clients
        // queue in the kernel instead of spinning this handler.
        if connections.count >= config.maxConnections, let src = acceptSource, !acceptSuspended {
            acceptSuspended = true
            src.suspend()
        }
    }

    private func resumeAcceptingIfNeeded() {
        if acceptSuspended, connections.count < config.maxConnections, let src = acceptSource {
            acceptSuspended = false
            src.resume()
        }
    }
}
