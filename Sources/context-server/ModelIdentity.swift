import Foundation
import Gallery

/// The identity a gallery records for the model that made its embeddings: a hash of
/// `config.json` and of the weights' safetensors header (names, shapes, dtypes, offsets), so a
/// data directory built with other weights is refused instead of silently mixing embedding spaces.
enum ModelIdentity {
    static func of(directory: String) throws -> String {
        let config = FileManager.default.contents(atPath: directory + "/config.json") ?? Data()
        guard let h = FileHandle(forReadingAtPath: directory + "/model.safetensors") else {
            throw CommandFailure("cannot read \(directory)/model.safetensors")
        }
        defer { try? h.close() }
        let lenBytes = h.readData(ofLength: 8)
        guard lenBytes.count == 8 else { throw CommandFailure("\(directory)/model.safetensors is truncated") }
        let n = lenBytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        let header = h.readData(ofLength: Int(min(n, 100_000_000)))
        let digest = SHA256.hex([UInt8](config) + [UInt8](lenBytes) + [UInt8](header))
        return "context-cir:" + digest.prefix(32)
    }
}
