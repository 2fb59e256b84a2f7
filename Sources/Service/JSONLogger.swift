import Foundation

/// Structured logs: one JSON object per line on stderr, with a timestamp, a level, a message and
/// fields (request id, route, status, durations), so log pipelines need no parsing rules.
public struct JSONLogger: Sendable {
    public enum Level: String, Sendable { case debug, info, warning, error }

    public var minimum: Level = .info

    public init(minimum: Level = .info) { self.minimum = minimum }

    public func log(_ level: Level, _ message: String, _ fields: [String: String] = [:]) {
        let order: [Level] = [.debug, .info, .warning, .error]
        guard order.firstIndex(of: level)! >= order.firstIndex(of: minimum)! else { return }
        var line = "{\"ts\":\(JSONText.quote(Self.timestamp())),\"level\":\"\(level.rawValue)\",\"msg\":\(JSONText.quote(message))"
        for k in fields.keys.sorted() { line += ",\(JSONText.quote(k)):\(JSONText.quote(fields[k]!))" }
        line += "}\n"
        Self.writeToStandardError(line)
    }

    /// One `write(2)` per line in the common case (lines under PIPE_BUF reach a pipe whole even
    /// when threads log at once), without FileHandle and Data in between.
    private static func writeToStandardError(_ line: String) {
        var line = line
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = write(2, bytes.baseAddress! + offset, bytes.count - offset)
                if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return }
            }
        }
    }

    /// `2026-01-31T12:34:56.789Z` (UTC, milliseconds), as ISO8601DateFormatter with
    /// `.withInternetDateTime, .withFractionalSeconds` writes it. Built by hand: creating that
    /// formatter for every line cost ~0.25 ms of ICU setup and was over half the server's CPU on
    /// GET /healthz under load (docs/load-benchmark.md).
    private static func timestamp() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        var seconds = ts.tv_sec
        var t = tm()
        gmtime_r(&seconds, &t)
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(Int(t.tm_year) + 1900, 4))-\(pad(Int(t.tm_mon) + 1, 2))-\(pad(Int(t.tm_mday), 2))T"
            + "\(pad(Int(t.tm_hour), 2)):\(pad(Int(t.tm_min), 2)):\(pad(Int(t.tm_sec), 2)).\(pad(Int(ts.tv_nsec) / 1_000_000, 3))Z"
    }
}
