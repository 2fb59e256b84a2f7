#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Progress on standard error: a bar redrawn in place (at most ten times a second) when stderr is
/// a terminal, otherwise one plain line per 10% step or every 5 seconds, whichever comes first, so
/// container logs and CI output stay readable. Shows done/total, percent, items/s and the ETA.
final class ProgressBar {
    let total: Int
    let label: String
    let interactive: Bool
    private let start = Date()
    private var done = 0
    private var lastDraw = Date.distantPast
    private var lastStep = -1
    private var drawnDone = -1

    init(total: Int, label: String, interactive: Bool = isatty(2) != 0) {
        self.total = total
        self.label = label
        self.interactive = interactive
    }

    /// `count` more items are finished (indexed, skipped or failed).
    func advance(by count: Int) {
        done = min(total, done + count)
        let now = Date()
        if interactive {
            if now.timeIntervalSince(lastDraw) >= 0.1 || done == total { draw(now) }
        } else {
            let step = total == 0 ? 10 : done * 10 / total
            if step > lastStep || now.timeIntervalSince(lastDraw) >= 5 { lastStep = step; draw(now) }
        }
    }

    /// The final state, then a newline (terminal) so later output starts on its own line.
    func finish() {
        if drawnDone != done || total == 0 { draw(Date()) }
        if interactive { emit("\n") }
    }

    /// A message that must not be overwritten by the bar (a skipped file, a warning).
    func note(_ message: String) {
        emit((interactive ? "\r\u{1B}[K" : "") + message + "\n")
        if interactive && done > 0 { draw(Date()) }
    }

    private func draw(_ now: Date) {
        lastDraw = now
        drawnDone = done
        let elapsed = max(now.timeIntervalSince(start), 1e-6)
        let rate = Double(done) / elapsed
        let percent = total == 0 ? 100 : done * 100 / total
        let eta = rate > 0 && done < total ? Self.duration(Double(total - done) / rate) : (done >= total ? "done" : "--:--")
        let numbers = "\(done)/\(total) \(String(format: "%3d", percent))% \(String(format: "%.1f", rate)) items/s ETA \(eta)"
        if interactive {
            let width = 30
            let filled = total == 0 ? width : done * width / total
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            emit("\r\u{1B}[K\(label) [\(bar)] \(numbers)")
        } else {
            emit("\(label): \(numbers)\n")
        }
    }

    /// `m:ss` or `h:mm:ss`.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    private func emit(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    }
}
