/// Independent sequences packed one after another into the rows of one activation matrix, so
/// every linear layer runs as a single matrix product over the whole batch while attention stays
/// within each sequence.
public struct Segments: Sendable, Equatable {
    /// Row offset of each sequence; `starts.count == lengths.count`.
    public let starts: [Int]
    public let lengths: [Int]
    /// Total rows.
    public let rows: Int

    public init(lengths: [Int]) {
        var s: [Int] = []
        var r = 0
        for l in lengths { s.append(r); r += l }
        starts = s; self.lengths = lengths; rows = r
    }

    /// `count` sequences of equal `length`.
    public init(count: Int, length: Int) { self.init(lengths: Array(repeating: length, count: count)) }

    public var count: Int { lengths.count }
}
