/// Request-level limits and policies of the retrieval API (DESIGN §4). Every limit has a safe
/// default and a flag / environment variable in `context-server serve`.
public struct ServiceConfig: Sendable, Equatable {
    /// `k` when the query does not say. Default 10.
    public var defaultK = 10
    /// Largest accepted `k`; more is a 422. Default 1000.
    public var maxK = 1000
    /// Longest modification text in characters; more is a 413. Default 2,000.
    public var maxTextCharacters = 2000
    /// Largest decoded image in pixels (decompression bombs); more is a 413. Default 50 M.
    public var maxImagePixels = 50_000_000
    /// Most items in one `POST /index`; more is a 413. Default 256.
    public var maxBatchItems = 256
    /// Most entries in `exclude_ids`. Default 1,000.
    public var maxExcludeIDs = 1000
    /// Seconds a request may wait for the model before a 503. Default 30.
    public var inferenceTimeout: Double = 30
    /// Bearer keys accepted on write routes (`POST /index`, `DELETE /index/{id}`). Empty: no auth.
    public var apiKeys: [String] = []
    /// With keys set, also require one on read routes (all but `/healthz`, `/readyz`).
    public var protectReads = false
    /// Seconds between logged health probes: a `GET`/`HEAD` of `/healthz` or `/readyz` answered
    /// 200 is logged only if none was logged for this long, with `probes_skipped` counting the
    /// ones in between (a probe every second, or a load test, must not cost a log line each).
    /// Every other request, and every failed probe, is logged. 0 logs every probe. Default 10.
    public var probeLogInterval: Double = 10

    public init() {}
}
