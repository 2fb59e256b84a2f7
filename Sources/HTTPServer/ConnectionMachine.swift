import HTTP1

/// The life of one HTTP/1.1 connection as a value-type state machine: bytes, responses, timer
/// firings and drain requests go in; `ConnectionAction`s come out. Requests are processed one at a
/// time, so pipelined requests are answered in order by construction; while one is being
/// processed, reading pauses (back-pressure) and later requests wait in the kernel or the buffer.
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
    private var draining = false
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

    /// Bytes arrived; an empty array means the peer closed its sending side.
    mutating func received(_ bytes: [UInt8], now: Double) -> [ConnectionAction] {
        guard phase != .closed else { return [] }
        if bytes.isEmpty {
            // A half-closed client gets no answer to a partial request: nobody is left to read it.
            if phase == .processing { keepAlive = false; return [] }
            phase = .closed
            return [.close]
        }
        buffer += bytes
        return advance(now: now)
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
        out += responseBody
        if !stayOpen {
            phase = .closed
            return [.send(out, close: true)]
        }
        phase = .head(since: nil)
        idleSince = now
        var actions: [ConnectionAction] = [.send(out, close: false)]
        let next = advance(now: now)
        if !next.contains(where: { if case .deliver = $0 { true } else { false } }) && phase != .closed {
            actions.append(.resumeReading)
        }
        return actions + next
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
                    return actions + [.pauseReading, .deliver(head, body: b)]
                }
            }
        }
    }
}
