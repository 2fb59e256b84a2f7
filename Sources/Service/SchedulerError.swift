import ConText

/// Why the scheduler did not produce an embedding.
public enum SchedulerError: Error, Equatable, CustomStringConvertible {
    /// The queue was full when the job arrived: answer 503 with `Retry-After`.
    case overloaded(retryAfterSeconds: Int)
    /// The job's deadline passed before a worker reached it.
    case deadlineExceeded
    /// The scheduler is shutting down.
    case shuttingDown
    /// The model rejected the input.
    case embed(EmbedError)

    public var description: String {
        switch self {
        case .overloaded(let s): "the inference queue is full; retry in \(s) s"
        case .deadlineExceeded: "the request waited longer than its deadline for the model"
        case .shuttingDown: "the server is shutting down"
        case .embed(let e): e.description
        }
    }
}
