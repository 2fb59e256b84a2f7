import Foundation

/// The parsed, validated header of a safetensors file.
///
/// Format: 8 bytes little-endian `N`, then `N` bytes of UTF-8 JSON mapping each tensor name to
/// `{"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}` (offsets relative to the byte
/// after the header) plus an optional `"__metadata__"` string map, then the data. The parser is a
/// pure function over untrusted bytes: every size is checked before use, overflow included.
public struct SafeTensorsHeader: Sendable, Equatable {
    /// One tensor's entry.
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let dtype: SafeTensorsDType
        public let shape: [Int]
        /// Byte range inside the data section.
        public let begin: Int
        public let end: Int
        public var elementCount: Int { shape.reduce(1, *) }
    }

    /// Largest accepted header: the reference implementation's own limit (100 MB).
    public static let maxHeaderBytes = 100_000_000

    /// Entries by name.
    public let entries: [String: Entry]
    /// The free-form `__metadata__` map.
    public let metadata: [String: String]
    /// Offset of the data section from the start of the file (8 + N).
    public let dataOffset: Int

    /// Parses and validates a header; `fileSize` is the size of the whole file (header and data).
    /// - Throws: `SafeTensorsError` describing the first problem found.
    public static func parse(_ bytes: UnsafeRawBufferPointer, fileSize: Int? = nil) throws(SafeTensorsError) -> SafeTensorsHeader {
        let total = fileSize ?? bytes.count
        guard bytes.count >= 8 else { throw .truncated("file is \(bytes.count) bytes, shorter than the 8-byte header length") }
        let n64 = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        guard n64 <= UInt64(maxHeaderBytes) else { throw .corruptHeader("header length \(n64) exceeds \(maxHeaderBytes) bytes") }
        let n = Int(n64)
        guard n >= 2 else { throw .corruptHeader("header length \(n) is too small for a JSON object") }
        guard 8 + n <= bytes.count, 8 + n <= total else { throw .truncated("header says \(n) bytes but the file has \(total - 8) after the length") }
        let json = Data(bytes[8..<(8 + n)])
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: json, options: []) } catch {
            throw .corruptHeader("header is not valid JSON")
        }
        guard let dict = object as? [String: Any] else { throw .corruptHeader("header is not a JSON object") }
        let dataSize = total - 8 - n
        var entries: [String: Entry] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in dict {
            if name == "__metadata__" {
                guard let m = value as? [String: Any] else { throw .corruptHeader("__metadata__ is not an object") }
                for (k, v) in m {
                    guard let s = v as? String else { throw .corruptHeader("__metadata__ value for \(k) is not a string") }
                    metadata[k] = s
                }
                continue
            }
            guard let e = value as? [String: Any] else { throw .corruptHeader("entry \(name) is not an object") }
            guard let ds = e["dtype"] as? String else { throw .corruptHeader("entry \(name) has no dtype string") }
            guard let dtype = SafeTensorsDType(rawValue: ds) else { throw .corruptHeader("entry \(name) has unknown dtype \(ds)") }
            guard let shapeAny = e["shape"] as? [Any] else { throw .corruptHeader("entry \(name) has no shape array") }
            var shape: [Int] = []
            var count = 1
            for s in shapeAny {
                guard let d = exactInt(s), d >= 0 else { throw .corruptHeader("entry \(name) has an invalid dimension") }
                shape.append(d)
                let (c, o) = count.multipliedReportingOverflow(by: d)
                guard !o else { throw .corruptHeader("entry \(name) has an overflowing shape") }
                count = c
            }
            guard let offs = e["data_offsets"] as? [Any], offs.count == 2,
                  let b = exactInt(offs[0]), let en = exactInt(offs[1]) else {
                throw .corruptHeader("entry \(name) has no [begin, end] data_offsets")
            }
            let (bytesNeeded, o) = count.multipliedReportingOverflow(by: dtype.size)
            guard !o, b >= 0, en >= b else { throw .corruptHeader("entry \(name) has invalid data_offsets [\(b), \(en)]") }
            guard en - b == bytesNeeded else {
                throw .corruptHeader("entry \(name): \(dtype.rawValue) \(shape) needs \(bytesNeeded) bytes but data_offsets span \(en - b)")
            }
            guard en <= dataSize else { throw .truncated("tensor \(name) ends at byte \(en) of the data but the file holds only \(dataSize)") }
            entries[name] = Entry(name: name, dtype: dtype, shape: shape, begin: b, end: en)
        }
        return SafeTensorsHeader(entries: entries, metadata: metadata, dataOffset: 8 + n)
    }

    /// JSON numbers arrive as NSNumber; accept only exact non-fractional integers.
    private static func exactInt(_ v: Any) -> Int? {
        if let b = v as? Bool, type(of: v) == Bool.self { _ = b; return nil }
        guard let num = v as? NSNumber else { return nil }
        let d = num.doubleValue
        guard d.isFinite, d == d.rounded(), abs(d) < 9.0e15 else { return nil }
        return num.intValue
    }
}
