#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `torch.nn.functional.cross_entropy(logits, targets)` with reduction `mean`: the mean over rows
/// of `−log softmax(logits)[target]`. Used over similarity matrices (InfoNCE), where rows are
/// queries and classes are candidates.
public enum CrossEntropyOp {
    /// Returns the mean loss over `n` rows of `classes` logits and fills `probs[n, classes]` with
    /// the softmax for `backward`. Sums in Double (log-sum-exp). A target outside
    /// `0..<classes` traps. `probs` may alias `logits`.
    public static func forward(logits: UnsafePointer<Float>, targets: UnsafePointer<Int32>, probs: UnsafeMutablePointer<Float>,
                               n: Int, classes: Int) -> Float {
        guard n > 0, classes > 0 else { return 0 }
        var total = 0.0
        for r in 0..<n {
            let t = Int(targets[r])
            precondition(t >= 0 && t < classes, "cross-entropy target \(t) at row \(r) outside 0..<\(classes)")
            let row = logits + r * classes, p = probs + r * classes
            var m = row[0]
            for j in 1..<classes where row[j] > m { m = row[j] }
            let target = Double(row[t])
            var sum = 0.0
            for j in 0..<classes {
                let e = exp(Double(row[j]) - Double(m))
                p[j] = Float(e)
                sum += e
            }
            for j in 0..<classes { p[j] = Float(Double(p[j]) / sum) }
            total += log(sum) + Double(m) - target
        }
        return Float(total / Double(n))
    }

    /// Accumulates `dlogits += scale · (probs − onehot(target)) / n` (`scale` weighs this loss
    /// in a sum of losses).
    public static func backward(probs: UnsafePointer<Float>, targets: UnsafePointer<Int32>, dlogits: UnsafeMutablePointer<Float>,
                                n: Int, classes: Int, scale: Float = 1) {
        guard n > 0 else { return }
        let f = scale / Float(n)
        for r in 0..<n {
            let p = UnsafeBufferPointer(start: probs + r * classes, count: classes)
            let out = UnsafeMutableBufferPointer(start: dlogits + r * classes, count: classes)
            for j in out.indices { out[j] += f * p[j] }
            out[Int(targets[r])] -= f
        }
    }
}
