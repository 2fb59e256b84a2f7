import CIRData
import Dispatch
import Foundation
import ImageIO

/// Decoded, resized and cropped images (uint8, the model's resolution) by file path, normalised
/// to pixel values on use. Each file is decoded once per run; a file that cannot be read or
/// decoded is remembered as a problem so it is reported once, with the record that named it.
public final class ImageCache: @unchecked Sendable {
    private let preprocessor: ImagePreprocessor
    private let limits: DecodeLimits
    private var images: [String: RGBImage] = [:]
    private var failures: [String: String] = [:]
    private let lock = NSLock()

    public init(preprocessor: ImagePreprocessor, limits: DecodeLimits = .default) {
        self.preprocessor = preprocessor
        self.limits = limits
    }

    /// The image at `path` ready for the model, or the reason it cannot be used.
    public func load(_ path: String) -> Result<RGBImage, ImageFailure> {
        lock.lock()
        if let img = images[path] { lock.unlock(); return .success(img) }
        if let why = failures[path] { lock.unlock(); return .failure(ImageFailure(path: path, reason: why)) }
        lock.unlock()
        let result: Result<RGBImage, ImageFailure>
        if let data = FileManager.default.contents(atPath: path) {
            do {
                let decoded = try ImageDecoder.decode(data, limits: limits, options: preprocessor.decodeOptions)
                result = .success(preprocessor.resizedAndCropped(decoded))
            } catch {
                result = .failure(ImageFailure(path: path, reason: "cannot be decoded: \(error)"))
            }
        } else {
            result = .failure(ImageFailure(path: path, reason: "cannot be read (missing or unreadable)"))
        }
        lock.lock()
        switch result {
        case .success(let img): images[path] = img
        case .failure(let f): failures[path] = f.reason
        }
        lock.unlock()
        return result
    }

    /// Appends the normalised `[C, S, S]` pixel values of a loaded image to `out`.
    public func appendPixels(_ image: RGBImage, to out: inout [Float]) { out += preprocessor.pixelValues(image) }

    /// Decodes `paths` on a background queue (the next batch while this one trains).
    public func prefetch(_ paths: [String], on queue: DispatchQueue) {
        queue.async { for p in paths { _ = self.load(p) } }
    }
}

/// Why an image could not be used.
public struct ImageFailure: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "image \(path) \(reason)" }
}
