#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// Where one request's response goes. While the handler call is still on the stack (it runs on
/// the connection's queue), a response is parked here and carried out right after the call
/// returns, on the same thread: health checks and other in-memory answers then cost no hop
/// through the connection's queue. After that, the response is handed to `later`.
///
/// `respond` may run on any thread, so the hand-over is under a mutex (uncontended in the common
/// case: the one thread that holds the request answers it).
final class ResponseSlot: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    // Guarded by `mutex`.
    private var handlerReturned = false
    private var parked: HTTPResponse?

    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }

    /// Parks `response` if the handler has not returned yet; false means the caller must deliver
    /// it another way.
    func park(_ response: HTTPResponse) -> Bool {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        if handlerReturned { return false }
        parked = response
        return true
    }

    /// Called once the handler returned: the parked response, if any. Later responses are not
    /// parked.
    func handlerDidReturn() -> HTTPResponse? {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        handlerReturned = true
        let r = parked
        parked = nil
        return r
    }
}
