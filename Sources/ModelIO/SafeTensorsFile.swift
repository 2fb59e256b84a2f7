#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A memory-mapped safetensors file: the header parsed, the data left in the page cache until a
/// tensor is converted to the compute type (one copy, no intermediate buffer).
public final class SafeTensorsFile: @unchecked Sendable {
    /// Where it was read from (for error messages).
    public let path: String
    public let header: SafeTensorsHeader
    private let base: UnsafeRawPointer
    private let size: Int

    /// Maps and validates the file.
    /// - Throws: `SafeTensorsError` naming the path.
    public init(path: String) throws(SafeTensorsError) {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .cannotOpen("\(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .cannotOpen("\(path): fstat failed") }
        let size = Int(st.st_size)
        guard size >= 8 else { throw .truncated("\(path): file is \(size) bytes") }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw .cannotOpen("\(path): mmap failed: \(String(cString: strerror(errno)))")
        }
        do {
            header = try SafeTensorsHeader.parse(UnsafeRawBufferPointer(start: p, count: size), fileSize: size)
        } catch {
            munmap(p, size)
            switch error {
            case .cannotOpen(let s): throw .cannotOpen("\(path): \(s)")
            case .truncated(let s): throw .truncated("\(path): \(s)")
            case .corruptHeader(let s): throw .corruptHeader("\(path): \(s)")
            }
        }
        base = UnsafeRawPointer(p)
        self.size = size
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), size) }

    /// The raw bytes of a tensor (valid while the file is alive).
    public func rawBytes(_ entry: SafeTensorsHeader.Entry) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + header.dataOffset + entry.begin, count: entry.end - entry.begin)
    }

    /// Converts a float tensor (F32/F16/BF16) to float32 into `dst` (room for `elementCount`).
    public func readFloats(_ entry: SafeTensorsHeader.Entry, into dst: UnsafeMutablePointer<Float>) {
        let src = base + header.dataOffset + entry.begin
        switch entry.dtype {
        case .f32: HalfConversionBridge.f32(src, entry.elementCount, dst)
        case .f16: HalfConversionBridge.f16(src, entry.elementCount, dst)
        case .bf16: HalfConversionBridge.bf16(src, entry.elementCount, dst)
        default: preconditionFailure("readFloats on \(entry.dtype.rawValue); check isFloatWeight first")
        }
        release(from: header.dataOffset + entry.begin, to: header.dataOffset + entry.end)
    }

    /// Drops the file's pages in [from, to) (widened to whole pages) from this process: a load
    /// reads each tensor once, and the mapped pages it touched otherwise stay counted in the
    /// process's RSS until the file is closed (720 MB of a B/32 load's 1.87 GB peak). Safe for
    /// any range: a read-only private mapping refaults the same bytes from the page cache.
    private func release(from: Int, to: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = from / page * page, end = min(size, (to + page - 1) / page * page)
        guard end > start else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
    }

    /// A float tensor (F32, F16, BF16, or F64 rounded) as a float32 array: for fixtures and tools.
    public func floats(_ name: String) throws(ModelLoadError) -> [Float] {
        guard let e = header.entries[name] else { throw .missingTensor(file: path, name: name) }
        if e.dtype == .f64 {
            let raw = rawBytes(e)
            return (0..<e.elementCount).map { Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self)))) }
        }
        guard e.dtype.isFloatWeight else { throw .wrongDType(file: path, name: name, dtype: e.dtype.rawValue) }
        var out = [Float](repeating: 0, count: e.elementCount)
        out.withUnsafeMutableBufferPointer { if let b = $0.baseAddress { readFloats(e, into: b) } }
        return out
    }

    /// An integer tensor (I64, I32) as Int values.
    public func ints(_ name: String) throws(ModelLoadError) -> [Int] {
        guard let e = header.entries[name] else { throw .missingTensor(file: path, name: name) }
        let raw = rawBytes(e)
        switch e.dtype {
        case .i64: return (0..<e.elementCount).map { Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * $0, as: Int64.self))) }
        case .i32: return (0..<e.elementCount).map { Int(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self))) }
        default: throw .wrongDType(file: path, name: name, dtype: e.dtype.rawValue)
        }
    }
}
