import Foundation
import Gallery

/// The identity a gallery records for the model that made its embeddings, so a data directory
/// built with other weights is refused instead of silently mixing embedding spaces.
///
/// It hashes `config.json`, the safetensors header (names, shapes, dtypes, offsets), the file
/// size, and 64 KiB samples of the tensor data at 256 evenly spaced offsets: fine-tuned weights of
/// the same shapes differ almost everywhere, so the samples tell them apart, while start-up reads
/// at most 16 MiB instead of hashing gigabytes.
enum ModelIdentity {
    static func of(directory: String) throws -> String {
        let config = FileManager.default.contents(atPath: directory + "/config.json") ?? Data()
        let path = directory + "/model.safetensors"
        guard let h = FileHandle(forReadingAtPath: path) else { throw CommandFailure("cannot read \(path)") }
        defer { try? h.close() }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let lenBytes = h.readData(ofLength: 8)
        guard lenBytes.count == 8 else { throw CommandFailure("\(path) is truncated") }
        let n = lenBytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        let header = h.readData(ofLength: Int(min(n, 100_000_000)))
        var material = [UInt8](config) + [UInt8](lenBytes) + [UInt8](header) + Array(String(size).utf8)
        let dataStart = 8 + Int(min(n, 100_000_000))
        let span = max(0, size - dataStart)
        let sample = 64 * 1024
        let samples = span <= 256 * sample ? 1 : 256
        for i in 0..<samples {
            let offset = dataStart + (samples == 1 ? 0 : (span - sample) / (samples - 1) * i)
            try? h.seek(toOffset: UInt64(offset))
            material += [UInt8](h.readData(ofLength: samples == 1 ? span : sample))
        }
        return "context-cir:" + SHA256.hex(material).prefix(32)
    }
}
