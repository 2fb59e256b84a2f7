#if canImport(Glibc)
import Glibc
#endif
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
    private var readPaused = false
    private(set) var closed = false

    /// New bytes; an empty array means the peer closed its side.
    var onRead: (([UInt8]) -> Void)?
    /// Called once, after the socket is closed.
    var onClose: (() -> Void)?
    var onTimer: (() -> Void)?

    private static let readChunk = 64 * 1024

    init(fd: Int32, queue: DispatchQueue) {
        self.fd = fd
        self.queue = queue
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
        guard readPaused, !closed, let rs = readSource else { return }
        readPaused = false
        rs.resume()
    }

    /// Queues bytes; `done` runs once they have all reached the kernel (or the socket closed).
    func write(_ bytes: [UInt8], done: (() -> Void)? = nil) {
        guard !closed else { done?(); return }
        if pendingOffset == pending.count { pending.removeAll(keepingCapacity: true); pendingOffset = 0 }
        pending += bytes
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

    private func readAvailable() {
        guard !closed else { return }
        var buf = [UInt8](repeating: 0, count: Self.readChunk)
        let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n > 0 {
            buf.removeSubrange(n...)
            onRead?(buf)
        } else if n == 0 {
            onRead?([])
        } else if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
            close()
        }
    }

    private func flush() {
        while pendingOffset < pending.count {
            let n = pending.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + pendingOffset, raw.count - pendingOffset, Int32(MSG_NOSIGNAL))
            }
            if n > 0 { pendingOffset += n; continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                if writeSource == nil {
                    let ws = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: queue)
                    ws.setEventHandler { [weak self] in self?.flush() }
                    writeSource = ws
                    ws.resume()
                }
                return
            }
            if n < 0 && errno == EINTR { continue }
            close()
            return
        }
        if let ws = writeSource { writeSource = nil; ws.cancel() }
        let waiters = writeWaiters
        writeWaiters = []
        for w in waiters { w() }
    }
}
