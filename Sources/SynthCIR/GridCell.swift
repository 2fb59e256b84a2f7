/// One cell of the 3×3 layout grid, numbered row-major from the top left (0) to the bottom
/// right (8). Every object sits in its own cell, so position is an exact attribute and objects
/// never overlap.
public struct GridCell: Sendable, Hashable, Comparable {
    /// `0..<9`, row-major.
    public let index: Int

    /// Precondition: `0 <= index < 9`.
    public init(_ index: Int) {
        precondition((0..<GridCell.count).contains(index), "GridCell index \(index) outside 0..<9")
        self.index = index
    }

    /// The number of cells.
    public static let count = 9
    /// All cells in index order.
    public static let all = (0..<count).map(GridCell.init)

    /// 0 (top) ... 2 (bottom).
    public var row: Int { index / 3 }
    /// 0 (left) ... 2 (right).
    public var column: Int { index % 3 }

    /// The cell's name without article: "top left", "middle right", "center".
    public var name: String {
        let rows = ["top", "middle", "bottom"]
        let columns = ["left", "middle", "right"]
        if index == 4 { return "center" }
        return "\(rows[row]) \(columns[column])"
    }

    /// The preposition that goes before "the <name>": "in" for the center, "at" elsewhere.
    public var preposition: String { index == 4 ? "in" : "at" }

    /// The neighbouring cell one step in `direction`, or nil at the border.
    public func neighbour(_ direction: GridDirection) -> GridCell? {
        let (r, c) = (row + direction.rowStep, column + direction.columnStep)
        guard (0..<3).contains(r), (0..<3).contains(c) else { return nil }
        return GridCell(r * 3 + c)
    }

    public static func < (a: GridCell, b: GridCell) -> Bool { a.index < b.index }
}

/// A one-cell move, for relative phrasings ("shift the star up").
public enum GridDirection: CaseIterable, Sendable {
    case left, right, up, down

    /// The word used in text.
    public var word: String {
        switch self {
        case .left: "left"
        case .right: "right"
        case .up: "up"
        case .down: "down"
        }
    }

    var rowStep: Int { self == .up ? -1 : (self == .down ? 1 : 0) }
    var columnStep: Int { self == .left ? -1 : (self == .right ? 1 : 0) }
}
