#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A progress line on standard error: redrawn in place on a terminal (at most 10 times a second),
/// one line per 10% otherwise so logs stay readable.
final class ProgressLine {
    let label: String
    private let tty = isatty(2) != 0
    private var last = Date.distantPast, lastTenth = -1

    init(label: String) { self.label = label }

    func update(_ done: Int, _ total: Int, extra: String = "") {
        let now = Date(), tenth = total > 0 ? done * 10 / total : 10
        if tty {
            guard now.timeIntervalSince(last) >= 0.1 || done == total else { return }
            last = now
            write("\r\u{1B}[K\(label) \(done)/\(total) \(extra)")
        } else if tenth > lastTenth {
            lastTenth = tenth
            write("\(label) \(done)/\(total) \(extra)\n")
        }
    }

    /// Prints `text` as the current state (trainer lines carry their own counters).
    func show(_ text: String) {
        if tty { write("\r\u{1B}[K\(label) \(text)") } else { write("\(label) \(text)\n") }
    }

    func finish() { if tty { write("\n") } }

    private func write(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }
}
