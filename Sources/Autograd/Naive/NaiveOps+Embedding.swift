extension NaiveOps {
    /// `out[n, d] = table[ids[n], d]`.
    public static func embedding(ids: [Int32], table: [Double], dim: Int) -> [Double] {
        ids.flatMap { table[(Int($0) * dim)..<((Int($0) + 1) * dim)] }
    }

    /// `dtable` (`tableRows × dim`) of `embedding` for `dout[n, dim]`.
    public static func embeddingBackward(dout: [Double], ids: [Int32], tableRows: Int, dim: Int) -> [Double] {
        var dtable = [Double](repeating: 0, count: tableRows * dim)
        for (r, id) in ids.enumerated() {
            for j in 0..<dim { dtable[Int(id) * dim + j] += dout[r * dim + j] }
        }
        return dtable
    }
}
