#if canImport(Glibc)
import Glibc
#endif
import CTLSShim
import Dispatch

/// The byte pipe of one accepted connection: non-blocking reads and writes driven by Dispatch
/// sources on the connection's own serial queue, plus one timer. It knows nothing about HTTP;
/// `HTTPConnection` decides what the bytes mean. Every method must be called on `queue`.
final class SocketChannel: @unchecked Sendable {
    let fd: Int32
    let queue: DispatchQueue
    private var readSource: (any DispatchSourceRead)?
    private var writeSource: (any DispatchSourceWrite)?
    private var timer: (any DispatchSourceTimer)?
    private var pending: [UInt8] = []
    private var pendingOffset = 0
    private var writeWaiters: [() -> Void] = []
    /// The read source is suspended (back-pressure, or for good after end of stream).
    private var readPaused = false
    /// The peer closed its side; nothing more will be read.
    private var readEOF = false
    /// Reused for every read: no allocation and no zero-filling per `recv` (a fresh zeroed 64 KiB
    /// array per read showed up in the /healthz profile). Allocated on first use.
    private var readBuffer: UnsafeMutableBufferPointer<UInt8>?
    private(set) var closed = false
    /// Present for TLS connections: reads and writes go through OpenSSL.
    private var tls: OpaquePointer?
    /// OpenSSL asked for socket writability to make progress on a read (renegotiation-like
    /// record exchange during the handshake).
    private var readWantsWrite = false

    /// New bytes, valid only during the call; an empty buffer means the peer closed its side
    /// (reported once; the channel reads nothing after it).
    var onRead: ((UnsafeBufferPointer<UInt8>) -> Void)?
    /// Called once, after the socket is closed.
    var onClose: (() -> Void)?
    var onTimer: (() -> Void)?

    private static let readChunk = 64 * 1024

    init(fd: Int32, queue: DispatchQueue, tls context: TLSContext? = nil) {
        self.fd = fd
        self.queue = queue
        if let context { tls = ctls_session_new(context.pointer, fd) }
    }

    deinit {
        if let tls { ctls_session_free(tls) }
        readBuffer?.deallocate()
    }

    func start() {
        let rs = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        rs.setEventHandler { [weak self] in self?.readAvailable() }
        readSource = rs
        rs.resume()
    }

    /// Stops reading (back-pressure while a request is being processed); bytes stay in the kernel.
    func pauseReading() {
        guard !readPaused, !closed, let rs = readSource else { return }
        readPaused = true
        rs.suspend()
    }

    func resumeReading() {
        guard readPaused, !readEOF, !closed, let rs = readSource else { return }
        readPaused = false
        rs.resume()
        // Records OpenSSL already decrypted will not make the socket readable again.
        if let tls, ctls_pending(tls) > 0 { queue.async { [weak self] in self?.readAvailable() } }
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

    /// Arms the single timer `seconds` from now (replacing any earlier one).
    func setTimer(seconds: Double) {
        timer?.cancel()
        let t = DispatchSource.makeTimerSource(queue: queue)
        t.schedule(deadline: .now() + .nanoseconds(Int(seconds * 1e9)))
        t.setEventHandler { [weak self] in self?.onTimer?() }
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
        if let ws = writeSource { writeSource = nil; ws.cancel() }
        if let rs = readSource {
            readSource = nil
            rs.setCancelHandler { [fd] in _ = Glibc.close(fd) }
            if readPaused { rs.resume() }
            rs.cancel()
        } else {
            _ = Glibc.close(fd)
        }
        let waiters = writeWaiters
        writeWaiters = []
        for w in waiters { w() }
        onClose?()
        onClose = nil; onRead = nil; onTimer = nil
    }

    private func buffer() -> UnsafeMutableBufferPointer<UInt8> {
        if let readBuffer { return readBuffer }
        let b = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Self.readChunk)
        readBuffer = b
        return b
    }

    /// End of stream: tell the owner once and stop watching the socket, which would otherwise
    /// stay readable (at EOF) and fire forever.
    private func endOfStream() {
        guard !readEOF else { return }
        readEOF = true
        if !readPaused, let rs = readSource { readPaused = true; rs.suspend() }
        onRead?(UnsafeBufferPointer(start: nil, count: 0))
    }

    private func readAvailable() {
        guard !closed, !readEOF else { return }
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
            case Int32(CTLS_WANT_WRITE): readWantsWrite = true; watchWritable()
            case Int32(CTLS_CLOSED): endOfStream()
            default: close()
            }
            // A read may have completed the handshake that queued writes were waiting for.
            if !closed && pendingOffset < pending.count { flush() }
            return
        } while !closed && ctls_pending(tls) > 0
    }

    private func watchWritable() {
        guard writeSource == nil, !closed else { return }
        let ws = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: queue)
        ws.setEventHandler { [weak self] in
            guard let self else { return }
            if self.readWantsWrite { self.readTLS() }
            self.flush()
        }
        writeSource = ws
        ws.resume()
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
            if n == 0 { watchWritable() }
            // n == -1: the read source fires when the peer's handshake bytes arrive.
            return
        }
        pending = []
        pendingOffset = 0
        if let ws = writeSource, !readWantsWrite { writeSource = nil; ws.cancel() }
        let waiters = writeWaiters
        writeWaiters = []
        for w in waiters { w() }
    }
}
