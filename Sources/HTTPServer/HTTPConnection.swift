import Dispatch
import HTTP1
import JSONWriting

/// One connection: carries out `ConnectionMachine`'s actions on a `SocketChannel`. All state is
/// touched on the channel's event-loop thread only.
final class HTTPConnection: @unchecked Sendable {
    private let channel: SocketChannel
    private var machine: ConnectionMachine
    private let handler: HTTPHandler
    /// Request ids are `<idPrefix><n>`: unique per server without a shared counter per request.
    private let idPrefix: String
    private var requestCount = 0
    private let onClosed: @Sendable () -> Void
    /// Actions still to carry out, in order. A synchronous response adds its actions while an
    /// earlier batch is being carried out; queueing instead of recursing keeps a long pipeline
    /// of in-memory answers from growing the stack.
    private var actions: [ConnectionAction] = []
    private var nextAction = 0
    private var performing = false
    /// The request whose handler call is on the loop's stack. A response given during that call
    /// (on this thread: health checks, in-memory answers) is parked in `parked` and carried out
    /// right after the call returns, without a hop through the loop's inbox.
    private var inHandler = 0
    private var parked: HTTPResponse?
    /// Handed to response closures, which may outlive the connection and run on any thread.
    private lazy var weakSelf = WeakConnection(self)

    /// - Parameter idPrefix: unique per connection within the server (e.g. `"<server>-<connection>-"`).
    init(fd: Int32, loop: EventLoop, tls: TLSContext?, config: ServerConfig, limits: HTTPLimits, handler: @escaping HTTPHandler,
         idPrefix: String, onClosed: @escaping @Sendable () -> Void) {
        channel = SocketChannel(fd: fd, loop: loop, tls: tls)
        machine = ConnectionMachine(config: config, limits: limits, now: Clock.monotonic())
        self.handler = handler
        self.idPrefix = idPrefix
        self.onClosed = onClosed
    }

    func start() {
        channel.loop.execute { [self] in
            channel.onRead = { [unowned self] bytes in perform(machine.received(bytes, now: Clock.monotonic())) }
            channel.onTimer = { [unowned self] in perform(machine.timerFired(now: Clock.monotonic())) }
            channel.onClose = { [onClosed] in onClosed() }
            channel.start()
            perform(machine.start())
        }
    }

    /// Asks the connection to finish its current request and close.
    func drain() {
        channel.loop.execute { [self] in perform(machine.drain()) }
    }

    /// Closes at once (drain deadline passed).
    func forceClose() {
        channel.loop.execute { [self] in channel.close() }
    }

    private func perform(_ new: [ConnectionAction]) {
        actions += new
        guard !performing else { return }
        performing = true
        while nextAction < actions.count {
            let action = actions[nextAction]
            nextAction += 1
            execute(action)
        }
        actions.removeAll(keepingCapacity: true)
        nextAction = 0
        performing = false
    }

    private func respond(_ response: HTTPResponse, id: String) {
        var r = response
        if !r.head.headers.contains("X-Request-Id") { r.head.headers.append(name: "X-Request-Id", value: id) }
        perform(machine.respond(r.head, body: r.body, now: Clock.monotonic(), secondsSince1970: Clock.wallSeconds()))
    }

    private func execute(_ action: ConnectionAction) {
        switch action {
        case .deliver(let head, let body):
            requestCount += 1
            let serial = requestCount
            let request = HTTPRequest(head: head, body: body, id: idPrefix + String(serial), receivedAt: Clock.monotonic())
            let loop = channel.loop
            let target = weakSelf
            inHandler = serial
            handler(request) { response in
                // `inHandler` is read on the loop's thread only, where it is written.
                if loop.inLoop, let conn = target.connection, conn.inHandler == serial {
                    conn.parked = response
                    return
                }
                loop.execute {
                    // The client may be gone already; then the response has nowhere to go.
                    target.connection?.respond(response, id: request.id)
                }
            }
            inHandler = 0
            if let response = parked {
                parked = nil
                respond(response, id: request.id)
            }
        case .send(let bytes, let close):
            channel.write(bytes, done: close ? { [weak self] in self?.channel.close() } : nil)
        case .fail(let status, let code, let message):
            let body = Array("{\"error\":{\"code\":\"\(code)\",\"message\":\(Self.quote(message))}}".utf8)
            let head = HTTPResponseHead(status: status, headers: HTTPHeaders([("Content-Type", "application/json")]))
            let bytes = (try? ResponseWriter.serialize(head, bodyLength: body.count, keepAlive: false, now: Clock.wallSeconds())) ?? []
            channel.write(bytes + body) { [weak self] in self?.channel.close() }
        case .armTimer(let seconds):
            channel.setTimer(seconds: seconds)
        case .pauseReading:
            channel.pauseReading()
        case .resumeReading:
            channel.resumeReading()
        case .close:
            channel.close()
        }
    }

    /// Parser messages are ASCII prose, but escape anyway: the body must stay valid JSON.
    private static func quote(_ s: String) -> String { JSONString.literal(s) }
}

/// A weak reference that may cross threads: responses come back on the handler's thread and hop
/// to the connection's loop, where the connection is only touched.
private final class WeakConnection: @unchecked Sendable {
    weak var connection: HTTPConnection?
    init(_ c: HTTPConnection) { connection = c }
}
