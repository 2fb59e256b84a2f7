/// What the trainer optimises: a data set split into micro-batches and the objective on one.
public protocol TrainingTask: AnyObject {
    /// Number of examples (triplets or caption pairs).
    var exampleCount: Int { get }
    /// Starts decoding the images of `indices` in the background.
    func prefetch(_ indices: [Int])
    /// Forward and backward on the examples `indices`, gradients scaled by `lossScale`. Nil when
    /// every example of the batch had to be skipped.
    func accumulate(_ indices: [Int], lossScale: Float) throws(TrainingError) -> StepLosses?
}
