#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension NaiveOps {
    /// Mean over `n` rows of `−log softmax(logits[r])[targets[r]]`.
    public static func crossEntropy(logits: [Double], targets: [Int32], n: Int, classes: Int) -> Double {
        var total = 0.0
        for r in 0..<n {
            let p = softmax(Array(logits[(r * classes)..<((r + 1) * classes)]))
            total -= log(p[Int(targets[r])])
        }
        return total / Double(n)
    }

    /// `dlogits` of `crossEntropy` (times `scale`): `(softmax − onehot) / n` per row.
    public static func crossEntropyBackward(logits: [Double], targets: [Int32], n: Int, classes: Int, scale: Double = 1) -> [Double] {
        var d = [Double](repeating: 0, count: n * classes)
        for r in 0..<n {
            let p = softmax(Array(logits[(r * classes)..<((r + 1) * classes)]))
            for j in 0..<classes { d[r * classes + j] = scale * (p[j] - (j == Int(targets[r]) ? 1 : 0)) / Double(n) }
        }
        return d
    }
}
