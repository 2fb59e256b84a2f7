import Foundation

/// Flag values fall back to environment variables (every flag has one, documented in the README)
/// and then to the built-in default.
enum Env {
    static func string(_ flag: String?, _ name: String, _ fallback: String) -> String {
        flag ?? ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 } ?? fallback
    }

    static func int(_ flag: Int?, _ name: String, _ fallback: Int) throws -> Int {
        if let flag { return flag }
        guard let raw = ProcessInfo.processInfo.environment[name], !raw.isEmpty else { return fallback }
        guard let v = Int(raw) else { throw CommandFailure("\(name)=\(raw) is not an integer") }
        return v
    }

    static func double(_ flag: Double?, _ name: String, _ fallback: Double) throws -> Double {
        if let flag { return flag }
        guard let raw = ProcessInfo.processInfo.environment[name], !raw.isEmpty else { return fallback }
        guard let v = Double(raw) else { throw CommandFailure("\(name)=\(raw) is not a number") }
        return v
    }

    static func bool(_ flag: Bool, _ name: String) -> Bool {
        flag || ["1", "true", "yes"].contains(ProcessInfo.processInfo.environment[name]?.lowercased() ?? "")
    }

    static func list(_ flag: [String], _ name: String) -> [String] {
        if !flag.isEmpty { return flag }
        return (ProcessInfo.processInfo.environment[name] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
