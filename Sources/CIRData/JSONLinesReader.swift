import Foundation

/// Splits a JSON-lines file into its non-blank lines, each parsed or with the reason it is bad.
///
/// Accepted as harmless: a UTF-8 byte-order mark at the start of the file, `\r\n` line ends, blank
/// or whitespace-only lines (skipped, but still counted so line numbers match an editor's).
/// Reported per line: lines over `maxLineBytes`, bytes that are not UTF-8, text that is not JSON.
struct JSONLinesReader {
    /// One non-blank line: its 1-based number and its parsed value or the reason it is bad.
    struct Line {
        var number: Int
        var value: Result<JSONValue, FieldError>
    }

    let file: String
    let maxLineBytes: Int

    /// Reads the whole file. Throws for a file that cannot be read or holds no non-blank line:
    /// nothing in it can be skipped, so that is fatal under either policy.
    func read(_ url: URL) throws(DataProblem) -> [Line] {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw DataProblem(file: file, message: "cannot read the manifest: \(error.localizedDescription)")
        }
        let lines = split(data)
        if lines.isEmpty {
            throw DataProblem(file: file, message: "the manifest holds no records (the file is empty or only blank lines); check the path")
        }
        return lines
    }

    func split(_ data: Data) -> [Line] {
        var lines: [Line] = []
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
            var number = 1
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                var stop = end
                if stop > start && bytes[stop - 1] == 0x0D { stop -= 1 }
                if let line = parse(UnsafeBufferPointer(rebasing: bytes[start..<stop]), number: number) {
                    lines.append(line)
                }
                start = end + 1
                number += 1
            }
        }
        return lines
    }

    private func parse(_ bytes: UnsafeBufferPointer<UInt8>, number: Int) -> Line? {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
        if bytes.count > maxLineBytes {
            return Line(number: number, value: .failure(FieldError(
                "line is \(bytes.count) bytes, over the limit of \(maxLineBytes) (ManifestOptions.maxLineBytes); is a line break missing?")))
        }
        if let offset = Self.firstInvalidUTF8(bytes) {
            return Line(number: number, value: .failure(FieldError(
                "line is not valid UTF-8 (byte 0x\(String(bytes[offset], radix: 16, uppercase: true)) at column \(offset + 1)); re-export the manifest as UTF-8")))
        }
        switch JSONParser.parse(bytes) {
        case let .success(value): return Line(number: number, value: .success(value))
        case let .failure(error): return Line(number: number, value: .failure(FieldError("not valid JSON: \(error.description)")))
        }
    }

    /// Offset of the first byte that does not start or continue a valid UTF-8 sequence, or nil.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case let .valid(scalar): offset += scalar.count
            case .error: return offset
            case .emptyInput: return nil
            }
        }
    }
}
