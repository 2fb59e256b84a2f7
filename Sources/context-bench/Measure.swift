#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock timing and memory probes.
enum Measure {
    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// Median seconds of `runs` calls after `warmup` untimed ones. The median, not the mean or the
    /// best: on shared machines single runs are slowed by neighbours, and the best is optimistic.
    static func median(runs: Int, warmup: Int, _ body: () throws -> Void) rethrows -> Double {
        for _ in 0..<warmup { try body() }
        var times: [Double] = []
        for _ in 0..<max(1, runs) {
            let t0 = now()
            try body()
            times.append(now() - t0)
        }
        times.sort()
        return times[times.count / 2]
    }

    /// Peak resident set size of this process so far, in bytes.
    static func peakRSS() -> Int {
        var u = rusage()
        #if canImport(Glibc)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &u)
        #else
        getrusage(RUSAGE_SELF, &u)
        #endif
        #if canImport(Darwin)
        return Int(u.ru_maxrss)
        #else
        return Int(u.ru_maxrss) * 1024
        #endif
    }
}
