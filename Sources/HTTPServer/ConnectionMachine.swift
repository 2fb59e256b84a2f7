import HTTP1

/// The life of one HTTP/1.1 connection as a value-type state machine: bytes, responses, timer
/// firings and drain requests go in; `ConnectionAction`s come out. Requests are processed one at a
/// time, so pipelined requests are answered in order by construction. While one is being
/// processed, later bytes are buffered up to `ServerConfig.readAheadBytes`; only beyond that does
/// reading pause (back-pressure), so a client that waits for each response never causes a
/// pause/resume of the socket's read source (each one costs a wake-up of libdispatch's manager
/// thread on Linux).
struct ConnectionMachine {
    enum Phase: Equatable {
        /// Waiting for (the rest of) a request head. `since` is when its first byte arrived.
        case head(since: Double?)
        /// Reading a body; `lastProgress` is when body bytes last arrived.
        case body(lastProgress: Double)
        /// The application holds a request; the next step is its response.
        case processing
        case closed
    }

    let config: ServerConfig
    let limits: HTTPLimits
    private(set) var phase: Phase = .head(since: nil)
    private var buffer: [UInt8] = []
    private var headParser: RequestHeadParser
    private var pendingHead: HTTPRequestHead?
    private var bodyDecoder: RequestBodyDecoder = .none
    private var body: [UInt8] = []
    private var keepAlive = true
    /// The request being processed is a HEAD: its response carries the GET's length, no body.
    private var headRequest = false
    private var draining = false
    /// The peer shut down its sending side: answer what is buffered, then close.
    private var peerClosed = false
    /// Whether the last flow-control action was `.pauseReading`.
    private(set) var readingPaused = false
    /// When the connection last became idle (no partial request).
    private var idleSince: Double

    init(config: ServerConfig, limits: HTTPLimits, now: Double) {
        self.config = config
        self.limits = limits
        headParser = RequestHeadParser(limits: limits)
        idleSince = now
    }

    /// The timer to arm when the connection opens.
    func start() -> [ConnectionAction] { [.armTimer(seconds: config.idleTimeout)] }

    /// Bytes arrived; an empty buffer means the peer closed its sending side (the socket code reads
    /// nothing after that).
    mutating func received(_ bytes: UnsafeBufferPointer<UInt8>, now: Double) -> [ConnectionAction] {
        guard phase != .closed else { return [] }
        if bytes.isEmpty {
            peerClosed = true
            // The request in hand and complete ones behind it are still answered (a half-closed
            // client may be reading); a partial request never can be, so then close.
            if phase == .processing { return [] }
            phase = .closed
            return [.close]
        }
        buffer.append(contentsOf: bytes)
        var actions = advance(now: now)
        flowControl(&actions)
        return actions
    }

    /// `received` for byte arrays (tests, and callers without a read buffer of their own).
    mutating func received(_ bytes: [UInt8], now: Double) -> [ConnectionAction] {
        bytes.withUnsafeBufferPointer { received($0, now: now) }
    }

    /// The application answered the current request.
    mutating func respond(_ head: HTTPResponseHead, body responseBody: [UInt8], now: Double, secondsSince1970: Int64) -> [ConnectionAction] {
        guard phase == .processing else { return [] }
        let stayOpen = keepAlive && !draining
        var out: [UInt8] = []
        do {
            try ResponseWriter.write(head, bodyLength: responseBody.count, keepAlive: stayOpen, now: secondsSince1970, into: &out)
        } catch {
            // An application bug (e.g. a header it may not set); the client still gets an answer.
            phase = .closed
            return [.fail(status: 500, code: "internal_error", message: "the server produced an invalid response")]
        }
        // RFC 9110 §9.3.2: a HEAD response has no content; sending it would be read as the
        // start of the next response on this connection.
        if !headRequest { out += responseBody }
        if !stayOpen {
            phase = .closed
            return [.send(out, close: true)]
        }
        phase = .head(since: nil)
        idleSince = now
        let next = advance(now: now)
        if peerClosed && phase != .processing && phase != .closed {
            // Nothing complete is left and nothing more will come.
            phase = .closed
            return [.send(out, close: true)]
        }
        var actions: [ConnectionAction] = [.send(out, close: false)] + next
        flowControl(&actions)
        return actions
    }

    /// The timer fired: close whatever has overstayed its limit (slowloris, stalled bodies, idle
    /// keep-alive connections), or re-arm for the remaining time.
    mutating func timerFired(now: Double) -> [ConnectionAction] {
        switch phase {
        case .closed, .processing:
            return []
        case .head(let since):
            if let since {
                let left = config.headerTimeout - (now - since)
                if left <= 0 {
                    phase = .closed
                    return [.fail(status: 408, code: "request_timeout", message: "the request head did not arrive within \(Int(config.headerTimeout)) s")]
                }
                return [.armTimer(seconds: left)]
            }
            let left = config.idleTimeout - (now - idleSince)
            if left <= 0 { phase = .closed; return [.close] }
            return [.armTimer(seconds: left)]
        case .body(let last):
            let left = config.bodyTimeout - (now - last)
            if left <= 0 {
                phase = .closed
                return [.fail(status: 408, code: "request_timeout", message: "the request body stalled for \(Int(config.bodyTimeout)) s")]
            }
            return [.armTimer(seconds: left)]
        }
    }

    /// Graceful shutdown: an idle connection closes now; a busy one closes after its response.
    mutating func drain() -> [ConnectionAction] {
        draining = true
        switch phase {
        case .head(nil): phase = .closed; return [.close]
        case .closed: return []
        default: return []
        }
    }

    /// Pauses reading while a request is processed and the read-ahead is full; resumes otherwise.
    private mutating func flowControl(_ actions: inout [ConnectionAction]) {
        guard phase != .closed else { return }
        let pause = phase == .processing && buffer.count >= config.readAheadBytes
        guard pause != readingPaused else { return }
        readingPaused = pause
        // Before a `.deliver`: the application may answer synchronously, and its response's
        // actions must see reading already paused.
        let at = actions.lastIndex { if case .deliver = $0 { true } else { false } } ?? actions.endIndex
        actions.insert(pause ? .pauseReading : .resumeReading, at: at)
    }

    /// Parses as far as the buffer allows.
    private mutating func advance(now: Double) -> [ConnectionAction] {
        var actions: [ConnectionAction] = []
        while true {
            switch phase {
            case .closed, .processing:
                return actions
            case .head(let since):
                if buffer.isEmpty { return actions }
                let started = since ?? now
                let r = buffer.withUnsafeBytes { headParser.parse($0) }
                switch r {
                case .needMore:
                    if since == nil { phase = .head(since: started); actions.append(.armTimer(seconds: config.headerTimeout)) }
                    return actions
                case .invalid(let e):
                    phase = .closed
                    return actions + [.fail(status: e.status, code: e.code, message: e.description)]
                case .complete(let head, let consumed):
                    buffer.removeFirst(consumed)
                    headParser.reset()
                    do { bodyDecoder = try RequestBodyDecoder(for: head, limits: limits) } catch {
                        phase = .closed
                        return actions + [.fail(status: error.status, code: error.code, message: error.description)]
                    }
                    pendingHead = head
                    keepAlive = head.keepAlive
                    headRequest = head.method == "HEAD"
                    body = []
                    phase = .body(lastProgress: now)
                    if head.expectContinue && head.hasBody && buffer.isEmpty {
                        actions.append(.send(ResponseWriter.continueResponse, close: false))
                    }
                    if head.hasBody { actions.append(.armTimer(seconds: config.bodyTimeout)) }
                }
            case .body:
                let progress = buffer.withUnsafeBytes { bodyDecoder.decode($0, into: &body) }
                switch progress {
                case .needMore:
                    buffer.removeAll(keepingCapacity: true)
                    phase = .body(lastProgress: now)
                    return actions
                case .invalid(let e):
                    phase = .closed
                    return actions + [.fail(status: e.status, code: e.code, message: e.description)]
                case .complete(let consumed):
                    buffer.removeFirst(consumed)
                    phase = .processing
                    let head = pendingHead!
                    pendingHead = nil
                    let b = body
                    body = []
                    actions.append(.deliver(head, body: b))
                    return actions
                }
            }
        }
    }
}
