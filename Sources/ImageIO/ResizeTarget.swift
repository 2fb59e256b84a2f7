/// The `size` entry of `preprocessor_config.json`.
public enum ResizeTarget: Sendable, Equatable {
    /// `{"shortest_edge": n}` or a bare int: short side to n, long side `int(n * long / short)`
    /// (transformers `get_resize_output_image_size` with `default_to_square=False`).
    case shortestEdge(Int)
    /// `{"height": h, "width": w}`: resize to exactly this size.
    case exact(height: Int, width: Int)

    /// Output (width, height) for an input of the given size.
    public func outputSize(width: Int, height: Int) -> (width: Int, height: Int) {
        switch self {
        case .exact(let h, let w):
            return (w, h)
        case .shortestEdge(let size):
            let (short, long) = width <= height ? (width, height) : (height, width)
            // Python: int(size * long / short), a true (double) division then truncation.
            let newLong = Int(Double(size * long) / Double(short))
            return width <= height ? (size, newLong) : (newLong, size)
        }
    }
}
