/// Wall-clock timing of decode and resize for benchmarks (no executable target of our own):
/// `context-bench` or a test can call it and compare with Pillow's numbers.
public enum PipelineTiming {
    /// Best-of-`iterations` seconds for decoding `bytes` and for the resize+crop of the result
    /// (`config`'s resize and crop, uint8). The best run is reported because the minimum is the
    /// least noisy estimate on a shared machine.
    public static func measure(bytes: [UInt8], config: PreprocessConfig = .clipDefault,
                               iterations: Int = 10) throws(ImageDecodeError) -> (decode: Double, resize: Double) {
        let clock = ContinuousClock()
        let preprocessor = ImagePreprocessor(config: config)
        var bestDecode = Double.infinity, bestResize = Double.infinity
        for _ in 0..<max(iterations, 1) {
            let t0 = clock.now
            let image = try ImageDecoder.decode(bytes)
            let t1 = clock.now
            let out = preprocessor.resizedAndCropped(image)
            let t2 = clock.now
            precondition(out.width > 0)
            bestDecode = min(bestDecode, seconds(t1 - t0))
            bestResize = min(bestResize, seconds(t2 - t1))
        }
        return (bestDecode, bestResize)
    }

    private static func seconds(_ d: Duration) -> Double {
        let c = d.components
        return Double(c.seconds) + Double(c.attoseconds) * 1e-18
    }
}
