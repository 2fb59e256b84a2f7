import Autograd
import Tensor

/// The reference's contrastive losses over embeddings that are not yet normalised.
///
/// `cirInfoNCE` is `ConText.cir_infonce`: each query softmaxes over `[targets | references]` with
/// its own target the only positive (the references are in-denominator hard negatives), plus the
/// target→query direction over the queries; both cross-entropies averaged. `clip` is the
/// symmetric image–caption InfoNCE used for contrastive pre-training (`ConText.infonce`).
/// Temperature 0.07 by default. Gradients accumulate into the `d*` buffers.
public struct ContrastiveLoss {
    public var temperature: Float = 0.07
    private let arena = ActivationArena()

    public init(temperature: Float = 0.07) { self.temperature = temperature }

    /// `cir_infonce(vl[B, P], target[B, P], reference[B, P])`; returns the loss.
    public func cirInfoNCE(query: UnsafePointer<Float>, target: UnsafePointer<Float>, reference: UnsafePointer<Float>, batch b: Int,
                           dim p: Int, dQuery: UnsafeMutablePointer<Float>, dTarget: UnsafeMutablePointer<Float>,
                           dReference: UnsafeMutablePointer<Float>) -> Float {
        let a = arena
        // Normalised copies: candidates = [targets | references] back to back, [2B, P].
        let q = a.buffer("q", b * p), qn = a.buffer("qn", b)
        let cand = a.buffer("cand", 2 * b * p), cn = a.buffer("cn", 2 * b)
        L2NormalizeOp.forward(x: query, y: q, norms: qn, rows: b, dim: p)
        L2NormalizeOp.forward(x: target, y: cand, norms: cn, rows: b, dim: p)
        L2NormalizeOp.forward(x: reference, y: cand + b * p, norms: cn + b, rows: b, dim: p)
        let labels = (0..<b).map { Int32($0) }
        let s = 1 / temperature
        // loss_q: logits [B, 2B] = q · candᵀ / τ
        let lq = a.buffer("lq", b * 2 * b), pq = a.buffer("pq", b * 2 * b)
        GEMM.gemm(transA: false, transB: true, m: b, n: 2 * b, k: p, alpha: s, a: q, lda: p, b: cand, ldb: p, c: lq, ldc: 2 * b)
        // loss_t: logits [B, B] = t · qᵀ / τ
        let lt = a.buffer("lt", b * b), pt = a.buffer("pt", b * b)
        GEMM.gemm(transA: false, transB: true, m: b, n: b, k: p, alpha: s, a: cand, lda: p, b: q, ldb: p, c: lt, ldc: b)
        var loss: Float = 0
        labels.withUnsafeBufferPointer { y in
            loss = (CrossEntropyOp.forward(logits: lq, targets: y.baseAddress!, probs: pq, n: b, classes: 2 * b)
                + CrossEntropyOp.forward(logits: lt, targets: y.baseAddress!, probs: pt, n: b, classes: b)) / 2
            let dlq = a.zeroed("dlq", b * 2 * b), dlt = a.zeroed("dlt", b * b)
            CrossEntropyOp.backward(probs: pq, targets: y.baseAddress!, dlogits: dlq, n: b, classes: 2 * b, scale: 0.5)
            CrossEntropyOp.backward(probs: pt, targets: y.baseAddress!, dlogits: dlt, n: b, classes: b, scale: 0.5)
            // dq = s·(dlq · cand + dltᵀ · t);  dcand = s·dlqᵀ · q;  dt += s·dlt · q
            let dq = a.zeroed("dq", b * p), dcand = a.zeroed("dcand", 2 * b * p)
            GEMM.gemm(transA: false, transB: false, m: b, n: p, k: 2 * b, alpha: s, a: dlq, lda: 2 * b, b: cand, ldb: p, beta: 0, c: dq, ldc: p)
            GEMM.gemm(transA: true, transB: false, m: b, n: p, k: b, alpha: s, a: dlt, lda: b, b: cand, ldb: p, beta: 1, c: dq, ldc: p)
            GEMM.gemm(transA: true, transB: false, m: 2 * b, n: p, k: b, alpha: s, a: dlq, lda: 2 * b, b: q, ldb: p, beta: 0, c: dcand, ldc: p)
            GEMM.gemm(transA: false, transB: false, m: b, n: p, k: b, alpha: s, a: dlt, lda: b, b: q, ldb: p, beta: 1, c: dcand, ldc: p)
            L2NormalizeOp.backward(dy: dq, y: q, norms: qn, dx: dQuery, rows: b, dim: p)
            L2NormalizeOp.backward(dy: dcand, y: cand, norms: cn, dx: dTarget, rows: b, dim: p)
            L2NormalizeOp.backward(dy: dcand + b * p, y: cand + b * p, norms: cn + b, dx: dReference, rows: b, dim: p)
        }
        return loss
    }

    /// Symmetric InfoNCE between `a[B, P]` and `b[B, P]` (diagonal positives); returns the loss.
    public func clip(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, batch b: Int, dim p: Int,
                     dX: UnsafeMutablePointer<Float>, dY: UnsafeMutablePointer<Float>) -> Float {
        let a = arena
        let xn = a.buffer("xn", b * p), xnn = a.buffer("xnn", b), yn = a.buffer("yn", b * p), ynn = a.buffer("ynn", b)
        L2NormalizeOp.forward(x: x, y: xn, norms: xnn, rows: b, dim: p)
        L2NormalizeOp.forward(x: y, y: yn, norms: ynn, rows: b, dim: p)
        let s = 1 / temperature
        let l = a.buffer("l", b * b), lT = a.buffer("lT", b * b), pr = a.buffer("p", b * b), prT = a.buffer("pT", b * b)
        GEMM.gemm(transA: false, transB: true, m: b, n: b, k: p, alpha: s, a: xn, lda: p, b: yn, ldb: p, c: l, ldc: b)
        for i in 0..<b { for j in 0..<b { lT[j * b + i] = l[i * b + j] } }
        let labels = (0..<b).map { Int32($0) }
        var loss: Float = 0
        labels.withUnsafeBufferPointer { t in
            loss = (CrossEntropyOp.forward(logits: l, targets: t.baseAddress!, probs: pr, n: b, classes: b)
                + CrossEntropyOp.forward(logits: lT, targets: t.baseAddress!, probs: prT, n: b, classes: b)) / 2
            let dl = a.zeroed("dl", b * b), dlT = a.zeroed("dlT", b * b)
            CrossEntropyOp.backward(probs: pr, targets: t.baseAddress!, dlogits: dl, n: b, classes: b, scale: 0.5)
            CrossEntropyOp.backward(probs: prT, targets: t.baseAddress!, dlogits: dlT, n: b, classes: b, scale: 0.5)
            for i in 0..<b { for j in 0..<b { dl[i * b + j] += dlT[j * b + i] } }
            let dxn = a.zeroed("dxn", b * p), dyn = a.zeroed("dyn", b * p)
            GEMM.gemm(transA: false, transB: false, m: b, n: p, k: b, alpha: s, a: dl, lda: b, b: yn, ldb: p, beta: 0, c: dxn, ldc: p)
            GEMM.gemm(transA: true, transB: false, m: b, n: p, k: b, alpha: s, a: dl, lda: b, b: xn, ldb: p, beta: 0, c: dyn, ldc: p)
            L2NormalizeOp.backward(dy: dxn, y: xn, norms: xnn, dx: dX, rows: b, dim: p)
            L2NormalizeOp.backward(dy: dyn, y: yn, norms: ynn, dx: dY, rows: b, dim: p)
        }
        return loss
    }
}
