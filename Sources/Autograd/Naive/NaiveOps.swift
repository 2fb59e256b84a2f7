/// Obviously-correct, slow Double twins of every op's forward and backward, on plain arrays
/// (dense row-major, no strides). Backward twins RETURN fresh gradients instead of accumulating,
/// and are written from the definitions (explicit Jacobians where an op has one) rather than from
/// the fast ops' simplified formulas, so the two are independent. Tests check these against
/// finite differences and the fast Float ops against these; nothing in training calls them.
public enum NaiveOps {}
