/// Table lookup (`nn.Embedding`, and CLIP's position embeddings with ids 0..<T).
public enum EmbeddingOp {
    /// `out[n, d] = table[ids[n], d]`. With `tableRows` given, an id outside `0..<tableRows` traps
    /// (a tokenizer/vocabulary mismatch is a bug, not data to train on).
    public static func forward(ids: UnsafePointer<Int32>, table: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>,
                               n: Int, dim: Int, tableRows: Int? = nil) {
        for r in 0..<n {
            let id = Int(ids[r])
            precondition(id >= 0 && id < (tableRows ?? Int.max), "embedding id \(id) at row \(r) outside the table")
            (out + r * dim).update(from: table + id * dim, count: dim)
        }
    }

    /// Accumulates `dtable[ids[n], :] += dout[n, :]` (a repeated id receives the sum of its rows).
    public static func backward(dout: UnsafePointer<Float>, ids: UnsafePointer<Int32>, dtable: UnsafeMutablePointer<Float>,
                                n: Int, dim: Int) {
        for r in 0..<n {
            let id = Int(ids[r])
            precondition(id >= 0, "embedding id \(id) at row \(r) is negative")
            let row = UnsafeMutableBufferPointer(start: dtable + id * dim, count: dim)
            let g = UnsafeBufferPointer(start: dout + r * dim, count: dim)
            for j in row.indices { row[j] += g[j] }
        }
    }
}
