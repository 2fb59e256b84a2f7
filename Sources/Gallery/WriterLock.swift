#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pthread mutex that serialises the gallery's writers (held across the log fsync, which is why
/// it is separate from the read-write lock: searches keep running while a writer waits on disk).
final class WriterLock: @unchecked Sendable {
    private let m: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        m = .allocate(capacity: 1)
        m.initialize(to: pthread_mutex_t())
        precondition(pthread_mutex_init(m, nil) == 0)
    }

    deinit {
        pthread_mutex_destroy(m)
        m.deallocate()
    }

    func locked<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_mutex_lock(m)
        defer { pthread_mutex_unlock(m) }
        return try body()
    }
}
