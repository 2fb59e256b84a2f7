import ModelIO

/// `SafeTensorsHeader.parse` on an untrusted file image (the whole input is the file).
///
/// Invariants of an accepted header: the data section starts at 8 + N inside the file, and every
/// entry's byte range lies in it and matches its dtype and shape.
public enum SafeTensorsFuzzTarget: FuzzTarget {
    public static let name = "fuzz-safetensors"

    public static func run(_ bytes: UnsafeRawBufferPointer) -> FuzzOutcome {
        let header: SafeTensorsHeader
        do {
            header = try SafeTensorsHeader.parse(bytes, fileSize: bytes.count)
        } catch {
            return .rejected("\(error)")
        }
        let dataSize = bytes.count - header.dataOffset
        guard header.dataOffset >= 10, dataSize >= 0 else {
            return .violated("data offset \(header.dataOffset) in a \(bytes.count)-byte file")
        }
        for (name, e) in header.entries {
            guard e.name == name, e.shape.allSatisfy({ $0 >= 0 }) else { return .violated("entry \(name) is malformed") }
            let (count, o1) = e.shape.reduce((1, false)) { acc, d in
                let (p, o) = acc.0.multipliedReportingOverflow(by: d)
                return (p, acc.1 || o)
            }
            let (size, o2) = count.multipliedReportingOverflow(by: e.dtype.size)
            guard !o1, !o2, e.begin >= 0, e.end >= e.begin, e.end <= dataSize, e.end - e.begin == size else {
                return .violated("entry \(name) \(e.dtype.rawValue)\(e.shape) [\(e.begin), \(e.end)) in \(dataSize) data bytes")
            }
        }
        return .accepted("\(header.entries.count) tensors, \(header.metadata.count) metadata keys")
    }
}
