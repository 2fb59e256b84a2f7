#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import XCTest
@testable import HTTPServer

/// The event loop on its own: work handed over from other threads runs on the loop's thread in
/// order, sockets are reported when they are ready and not after they are closed.
final class EventLoopTests: XCTestCase {
    /// Thread-safe record of what ran where.
    private final class Log: @unchecked Sendable {
        private let lock = NSLockish()
        private var items: [String] = []
        func add(_ s: String) { lock.locked { items.append(s) } }
        var all: [String] { lock.locked { items } }
    }

    func testWorkFromOtherThreadsRunsOnTheLoopInOrder() throws {
        let loop = try EventLoop()
        defer { loop.stop() }
        let log = Log()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            for i in 0..<100 { loop.execute { log.add(loop.inLoop ? "\(i)" : "off-loop \(i)") } }
            loop.execute { done.signal() }
        }
        XCTAssertEqual(done.wait(timeout: .now() + 5), .success)
        XCTAssertEqual(log.all, (0..<100).map { "\($0)" })
        XCTAssertFalse(loop.inLoop)
    }

    func testReadableSocketIsReportedUntilDeregistered() throws {
        let loop = try EventLoop()
        defer { loop.stop() }
        var pair: [Int32] = [-1, -1]
        XCTAssertEqual(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair), 0)
        defer { close(pair[1]) }
        _ = fcntl(pair[0], F_SETFL, fcntl(pair[0], F_GETFL) | O_NONBLOCK)
        let log = Log()
        let got = DispatchSemaphore(value: 0)
        let fd = pair[0]
        loop.execute {
            loop.register(fd, EventLoop.Callbacks(
                readable: {
                    var b = [UInt8](repeating: 0, count: 16)
                    let n = recv(fd, &b, b.count, 0)
                    log.add(n > 0 ? String(decoding: b[..<n], as: UTF8.self) : "eof")
                    if n <= 0 { loop.deregister(fd); close(fd) }
                    got.signal()
                },
                writable: { log.add("writable") },
                hangUp: { log.add("hang-up") }))
        }
        XCTAssertEqual(send(pair[1], "hi", 2, 0), 2)
        XCTAssertEqual(got.wait(timeout: .now() + 5), .success)
        shutdown(pair[1], Int32(SHUT_WR))
        XCTAssertEqual(got.wait(timeout: .now() + 5), .success)
        usleep(50_000)
        XCTAssertEqual(log.all, ["hi", "eof"], "no write interest asked, nothing after deregistering")
    }

    func testWorkHandedOverAfterTheLoopEndedIsDropped() throws {
        let loop = try EventLoop()
        let ended = DispatchSemaphore(value: 0)
        loop.stop()
        loop.execute { ended.signal() }  // queued behind stop: still runs
        XCTAssertEqual(ended.wait(timeout: .now() + 5), .success)
        usleep(20_000)
        let late = Log()
        loop.execute { late.add("ran") }
        usleep(50_000)
        XCTAssertEqual(late.all, [])
    }
}

/// A pthread mutex for the test's own bookkeeping (the module has no Foundation).
private final class NSLockish: @unchecked Sendable {
    private var m = pthread_mutex_t()
    init() { pthread_mutex_init(&m, nil) }
    deinit { pthread_mutex_destroy(&m) }
    func locked<T>(_ body: () -> T) -> T { pthread_mutex_lock(&m); defer { pthread_mutex_unlock(&m) }; return body() }
}
