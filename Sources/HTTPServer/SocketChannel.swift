#if canImport(Glibc)
import Glibc
#endif
import CTLSShim
import Dispatch

/// The byte pipe of one accepted connection: non-blocking reads and writes driven by its
/// `EventLoop`, plus one timer. It knows nothing about HTTP; `HTTPConnection` decides what the
/// bytes mean. Every method must be called on the loop's thread.
final class SocketChannel: @unchecked Sendable {
    let fd: Int32
    let loop: EventLoop
    private var timer: (any DispatchSourceTimer)?
    private var pending: [UInt8] = []
    private var pendingOffset = 0
    private var writeWaiters: [() -> Void] = []
    /// Reading is switched off (back-pressure, or for good after end of stream).
    private var readPaused = false
    /// The peer closed its side; nothing more will be read.
    private var readEOF = false
    /// Waiting for the socket to become writable (a full send buffer, or TLS needing to write).
    private var wantsWritable = false
    private(set) var closed = false
    /// Present for TLS connections: reads and writes go through OpenSSL.
    private var tls: OpaquePointer?
    /// OpenSSL asked for socket writability to make progress on a read (renegotiation-like
    /// record exchange during the handshake).
    private var readWantsWrite = false
    /// Reused for every read: no allocation and no zero-filling per `recv` (a fresh zeroed 64 KiB
    /// array per read showed up in the /healthz profile). Allocated on first use.
    private var readBuffer: UnsafeMutableBufferPointer<UInt8>?

    /// New bytes, valid only during the call; an empty buffer means the peer closed its side
    /// (reported once; the channel reads nothing after it).
    var onRead: ((UnsafeBufferPointer<UInt8>) -> Void)?
    /// Called once, after the socket is closed.
    var onClose: (() -> Void)?
    var onTimer: (() -> Void)?

    private static let readChunk = 64 * 1024
    /// Timers only hand their firing to the loop; any queue does.
    private static let timerQueue = DispatchQueue(label: "http.timers")

    init(fd: Int32, loop: EventLoop, tls context: TLSContext? = nil) {
        self.fd = fd
        self.loop = loop
        if let context { tls = ctls_session_new(context.pointer, fd) }
    }

    deinit {
        if let tls { ctls_session_free(tls) }
        readBuffer?.deallocate()
    }

    func start() {
        loop.register(fd, EventLoop.Callbacks(
            readable: { [unowned self] in readAvailable() },
            writable: { [unowned self] in writable() },
            hangUp: { [unowned self] in close() }))
    }

    /// Stops reading (back-pressure while requests are buffered); bytes stay in the kernel.
    func pauseReading() {
        guard !readPaused, !closed else { return }
        readPaused = true
        updateInterest()
    }

    func resumeReading() {
        guard readPaused, !readEOF, !closed else { return }
        readPaused = false
        updateInterest()
        // Records OpenSSL already decrypted will not make the socket readable again.
        if let tls, ctls_pending(tls) > 0 { loop.execute { [weak self] in self?.readAvailable() } }
    }

    /// Queues bytes; `done` runs once they have all reached the kernel (or the socket closed).
    func write(_ bytes: [UInt8], done: (() -> Void)? = nil) {
        guard !closed else { done?(); return }
        if pendingOffset == pending.count {
            // Nothing queued: the bytes become the queue without a copy; usually one send takes all.
            pending = bytes
            pendingOffset = 0
        } else {
            pending += bytes
        }
        if let done { writeWaiters.append(done) }
        flush()
    }

    /// Arms the single timer `seconds` from now (replacing any earlier one). A firing that was
    /// already on its way may still arrive; the connection machine re-checks its deadlines.
    func setTimer(seconds: Double) {
        timer?.cancel()
        let t = DispatchSource.makeTimerSource(queue: Self.timerQueue)
        t.schedule(deadline: .now() + .nanoseconds(Int(seconds * 1e9)))
        t.setEventHandler { [weak self] in
            guard let channel = self else { return }
            channel.loop.execute { channel.timerFired() }
        }
        timer = t
        t.resume()
    }

    func cancelTimer() { timer?.cancel(); timer = nil }

    /// Closes now, dropping unsent bytes.
    func close() {
        guard !closed else { return }
        closed = true
        if let tls { ctls_shutdown(tls) }
        timer?.cancel(); timer = nil
        loop.deregister(fd)
        _ = Glibc.close(fd)
        let waiters = writeWaiters
        writeWaiters = []
        for w in waiters { w() }
        onClose?()
        onClose = nil; onRead = nil; onTimer = nil
    }

    private func timerFired() {
        guard !closed else { return }
        onTimer?()
    }

    private func updateInterest() {
        guard !closed else { return }
        loop.watch(fd, read: !readPaused, write: wantsWritable)
    }

    private func buffer() -> UnsafeMutableBufferPointer<UInt8> {
        if let readBuffer { return readBuffer }
        let b = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Self.readChunk)
        readBuffer = b
        return b
    }

    /// End of stream: tell the owner once and stop watching for input, which would otherwise be
    /// reported (at EOF) on every round of the loop.
    private func endOfStream() {
        guard !readEOF else { return }
        readEOF = true
        if !readPaused { readPaused = true; updateInterest() }
        onRead?(UnsafeBufferPointer(start: nil, count: 0))
    }

    private func readAvailable() {
        guard !closed, !readEOF, !readPaused else { return }
        if tls != nil { return readTLS() }
        let buf = buffer()
        let n = recv(fd, buf.baseAddress, buf.count, 0)
        if n > 0 {
            onRead?(UnsafeBufferPointer(rebasing: buf[..<n]))
        } else if n == 0 {
            endOfStream()
        } else if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
            close()
        }
    }

    private func readTLS() {
        guard let tls else { return }
        readWantsWrite = false
        let buf = buffer()
        repeat {
            let n = ctls_read(tls, buf.baseAddress, buf.count)
            if n > 0 {
                onRead?(UnsafeBufferPointer(rebasing: buf[..<n]))
                if closed || readPaused { return }
                continue
            }
            switch Int32(n) {
            case Int32(CTLS_WANT_READ): break
            case Int32(CTLS_WANT_WRITE): readWantsWrite = true; watchWritable(true)
            case Int32(CTLS_CLOSED): endOfStream()
            default: close()
            }
            // A read may have completed the handshake that queued writes were waiting for.
            if !closed && pendingOffset < pending.count { flush() }
            return
        } while !closed && ctls_pending(tls) > 0
    }

    private func writable() {
        if readWantsWrite { readTLS() }
        flush()
    }

    private func watchWritable(_ on: Bool) {
        guard wantsWritable != on, !closed else { return }
        wantsWritable = on
        updateInterest()
    }

    /// Writes as much as the socket takes: > 0 bytes written, 0 to wait for writability, -1 to
    /// wait for readability (TLS handshake), nil on a fatal error.
    private func sendSome() -> Int? {
        pending.withUnsafeBytes { raw -> Int? in
            let p = raw.baseAddress! + pendingOffset, len = raw.count - pendingOffset
            if let tls {
                let n = ctls_write(tls, p, len)
                if n > 0 { return n }
                switch Int32(n) {
                case Int32(CTLS_WANT_WRITE): return 0
                case Int32(CTLS_WANT_READ): return -1
                default: return nil
                }
            }
            while true {
                let n = send(fd, p, len, Int32(MSG_NOSIGNAL))
                if n > 0 { return n }
                if n < 0 && errno == EINTR { continue }
                if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return 0 }
                return nil
            }
        }
    }

    private func flush() {
        while pendingOffset < pending.count && !closed {
            guard let n = sendSome() else { close(); return }
            if n > 0 { pendingOffset += n; continue }
            if n == 0 { watchWritable(true) }
            // n == -1: the socket becomes readable when the peer's handshake bytes arrive.
            return
        }
        pending = []
        pendingOffset = 0
        if !readWantsWrite { watchWritable(false) }
        let waiters = writeWaiters
        writeWaiters = []
        for w in waiters { w() }
    }
}
