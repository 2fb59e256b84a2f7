import Foundation
import Tensor

/// Writes safetensors files (tests, converters and the trainer's export): header entries in name
/// order, the header padded with spaces to a multiple of 8 bytes so every tensor is aligned.
public struct SafeTensorsWriter {
    /// One tensor to write.
    public struct Tensor {
        public let name: String
        public let dtype: SafeTensorsDType
        public let shape: [Int]
        public let bytes: [UInt8]

        public init(name: String, dtype: SafeTensorsDType, shape: [Int], bytes: [UInt8]) {
            self.name = name; self.dtype = dtype; self.shape = shape; self.bytes = bytes
        }

        /// A float tensor stored as `dtype` (F32, F16 or BF16).
        public init(name: String, shape: [Int], floats: [Float], dtype: SafeTensorsDType = .f32) {
            precondition(dtype.isFloatWeight)
            var out: [UInt8] = []
            out.reserveCapacity(floats.count * dtype.size)
            for f in floats {
                switch dtype {
                case .f32: withUnsafeBytes(of: f.bitPattern.littleEndian) { out.append(contentsOf: $0) }
                case .f16: withUnsafeBytes(of: HalfConversion.f32ToF16Bits(f).littleEndian) { out.append(contentsOf: $0) }
                default: withUnsafeBytes(of: HalfConversion.f32ToBF16Bits(f).littleEndian) { out.append(contentsOf: $0) }
                }
            }
            self.init(name: name, dtype: dtype, shape: shape, bytes: out)
        }
    }

    /// The file's bytes.
    public static func encode(_ tensors: [Tensor], metadata: [String: String] = [:]) -> [UInt8] {
        var header: [String: Any] = [:]
        var offset = 0
        let sorted = tensors.sorted { $0.name < $1.name }
        for t in sorted {
            header[t.name] = ["dtype": t.dtype.rawValue, "shape": t.shape, "data_offsets": [offset, offset + t.bytes.count]] as [String: Any]
            offset += t.bytes.count
        }
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var json = (try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])) ?? Data("{}".utf8)
        while json.count % 8 != 0 { json.append(0x20) }
        var out: [UInt8] = []
        out.reserveCapacity(8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: json)
        for t in sorted { out.append(contentsOf: t.bytes) }
        return out
    }

    /// Writes the file atomically (temporary file, then rename).
    public static func write(_ tensors: [Tensor], to url: URL, metadata: [String: String] = [:]) throws {
        try Data(encode(tensors, metadata: metadata)).write(to: url, options: .atomic)
    }
}
