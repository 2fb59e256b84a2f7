#if canImport(Glibc)
import Glibc
#endif

/// One thread waiting in `poll(2)` on its own sockets: it runs their readiness callbacks, and
/// the work other threads hand it with `execute`, always on that thread. Each connection belongs
/// to one loop, so its state needs no lock.
///
/// Why not Dispatch read sources: libdispatch on Linux registers them EPOLLONESHOT and watches
/// them from its manager thread, so every read event crossed three threads (the manager wakes a
/// worker, the worker hands the source back to the manager, which re-arms it with `epoll_ctl`
/// after an `eventfd` wake-up), plus an `ioctl(FIONREAD)`: about a third of the server's CPU on
/// GET /healthz, and half of nginx's request rate (docs/load-benchmark.md). Here a request
/// answered from memory costs one `poll` (shared by all ready sockets), one `recv` and one
/// `send`, on one thread. `poll` rather than epoll because Swift's Glibc module has no
/// `sys/epoll.h`; its cost grows with the sockets per loop, which `ServerConfig.maxConnections`
/// bounds (512 by default, spread over the loops).
final class EventLoop: @unchecked Sendable {
    /// What a registered socket is told.
    struct Callbacks {
        /// Readable, at end of stream, or with an error pending (the next read reports it).
        var readable: () -> Void
        var writable: () -> Void
        /// Reset or failed, reported even while neither reading nor writing is watched.
        var hangUp: () -> Void
    }

    private struct Entry {
        let fd: Int32
        let token: UInt64
        var callbacks: Callbacks
    }

    private let wakeRead: Int32
    private let wakeWrite: Int32
    private var thread = pthread_t()
    private var mutex = pthread_mutex_t()
    // Guarded by `mutex`.
    private var inbox: [@Sendable () -> Void] = []
    private var wakePending = false
    /// The thread has ended: work handed over now is dropped, not kept forever.
    private var ended = false
    // Loop thread only. `polled[0]` is the wake-up pipe; `polled[i + 1]` watches `entries[i]`.
    private var polled: [pollfd] = []
    private var entries: [Entry] = []
    private var position: [Int32: Int] = [:]
    private var nextToken: UInt64 = 0
    private var stopping = false
    /// The inbox's previous buffer, reused so a round hands work over without allocating.
    private var spare: [@Sendable () -> Void] = []

    /// Starts the loop's thread.
    /// - Throws: `SocketError` when the kernel refuses a pipe or a thread.
    init() throws(SocketError) {
        var ends: [Int32] = [-1, -1]
        let piped = pipe(&ends) == 0
        wakeRead = ends[0]
        wakeWrite = ends[1]
        pthread_mutex_init(&mutex, nil)
        // From here on a throw runs deinit, which closes what was opened.
        guard piped else { throw SocketError("pipe") }
        for fd in ends {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        polled.append(pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0))
        let box = Unmanaged.passRetained(LoopStart(loop: self))
        let rc = pthread_create(&thread, nil, { arg in
            let start = Unmanaged<LoopStart>.fromOpaque(arg!).takeRetainedValue()
            start.loop.run()
            return nil
        }, box.toOpaque())
        guard rc == 0 else { box.release(); throw SocketError("pthread_create", rc) }
        pthread_detach(thread)
    }

    /// The pipe lives as long as the object, not the thread: `execute` may still write to it
    /// after the loop stopped, and must never hit a descriptor number reused by then.
    deinit {
        if wakeRead >= 0 { close(wakeRead) }
        if wakeWrite >= 0 { close(wakeWrite) }
        pthread_mutex_destroy(&mutex)
    }

    /// Whether the caller runs on this loop's thread.
    var inLoop: Bool { pthread_equal(pthread_self(), thread) != 0 }

    /// Runs `work` on the loop's thread, after the I/O callbacks of the current round; from any
    /// thread. Work handed over after `stop` may never run.
    func execute(_ work: @escaping @Sendable () -> Void) {
        pthread_mutex_lock(&mutex)
        if ended { pthread_mutex_unlock(&mutex); return }
        inbox.append(work)
        let wake = !wakePending
        wakePending = true
        pthread_mutex_unlock(&mutex)
        // On the loop thread the inbox is drained before the next wait; elsewhere, one wake-up
        // covers everything handed over until the loop gets to it.
        if wake && !inLoop {
            var byte: UInt8 = 1
            _ = write(wakeWrite, &byte, 1)
        }
    }

    /// Lets the thread end once the work handed over before this call has run. Sockets still
    /// registered then are abandoned (the server closes its connections first).
    func stop() {
        execute { [self] in stopping = true }
    }

    // MARK: Loop thread only

    /// Starts watching `fd`, for reading.
    func register(_ fd: Int32, _ callbacks: Callbacks) {
        if position[fd] != nil { deregister(fd) }
        nextToken += 1
        position[fd] = entries.count
        entries.append(Entry(fd: fd, token: nextToken, callbacks: callbacks))
        polled.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0))
    }

    /// Which readiness `fd` is told about. Level-triggered: a socket that stays readable is
    /// reported on every round while reading is watched, so back-pressure stops watching it.
    func watch(_ fd: Int32, read: Bool, write: Bool) {
        guard let i = position[fd] else { return }
        polled[i + 1].events = (read ? Int16(POLLIN) : 0) | (write ? Int16(POLLOUT) : 0)
    }

    /// Stops watching `fd`; call before closing it.
    func deregister(_ fd: Int32) {
        guard let i = position.removeValue(forKey: fd) else { return }
        let last = entries.count - 1
        if i != last {
            entries[i] = entries[last]
            polled[i + 1] = polled[last + 1]
            position[entries[i].fd] = i
        }
        entries.removeLast()
        polled.removeLast()
    }

    private func run() {
        defer {
            pthread_mutex_lock(&mutex)
            ended = true
            inbox = []
            pthread_mutex_unlock(&mutex)
        }
        var ready: [(fd: Int32, token: UInt64, events: Int16)] = []
        while !stopping {
            let n = poll(&polled, nfds_t(polled.count), -1)
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            if polled[0].revents != 0 { drainWakeups() }
            // Collected first: callbacks register, deregister and reorder sockets.
            ready.removeAll(keepingCapacity: true)
            for i in 1..<polled.count where polled[i].revents != 0 {
                ready.append((entries[i - 1].fd, entries[i - 1].token, polled[i].revents))
            }
            for r in ready { handle(r.fd, token: r.token, events: r.events) }
            drainInbox()
        }
    }

    /// One socket's readiness. An earlier callback of the same round may have closed it, and a
    /// new socket may have its number by then: the token rules those out.
    private func handle(_ fd: Int32, token: UInt64, events: Int16) {
        /// The socket's callbacks if it is still the one polled, and what it watches now.
        func current() -> (callbacks: Callbacks, watched: Int16)? {
            guard let i = position[fd], entries[i].token == token else { return nil }
            return (entries[i].callbacks, polled[i + 1].events)
        }
        let failed = events & Int16(POLLERR | POLLHUP | POLLNVAL) != 0
        if let c = current(), c.watched & Int16(POLLIN) != 0, failed || events & Int16(POLLIN) != 0 {
            c.callbacks.readable()
        }
        if let c = current(), c.watched & Int16(POLLOUT) != 0, failed || events & Int16(POLLOUT) != 0 {
            c.callbacks.writable()
        }
        // With nothing watched, nothing else would notice, and the socket would be reported
        // again on every round.
        if failed, let c = current() { c.callbacks.hangUp() }
    }

    private func drainWakeups() {
        var sink = [UInt8](repeating: 0, count: 64)
        while read(wakeRead, &sink, sink.count) > 0 {}
    }

    private func drainInbox() {
        while true {
            var work = spare
            pthread_mutex_lock(&mutex)
            swap(&work, &inbox)
            wakePending = false
            pthread_mutex_unlock(&mutex)
            if work.isEmpty { spare = work; return }
            for w in work { w() }
            work.removeAll(keepingCapacity: true)
            spare = work
        }
    }
}

/// The loop, passed to its new thread through `pthread_create`'s single pointer.
private final class LoopStart {
    let loop: EventLoop
    init(loop: EventLoop) { self.loop = loop }
}
