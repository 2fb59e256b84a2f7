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
        FileHandle.standardError.write(Data(line.utf8))
    }

    private static func timestamp() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }
}
