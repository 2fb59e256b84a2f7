/// CIRCO's metrics, in percent as CIRCO's evaluation server prints them (mean AP × 100).
public struct CIRCOMetrics: Sendable, Equatable, Codable {
    /// mAP@K for K = 5, 10, 25, 50 (see `CIRCOProtocol.averagePrecision`).
    public var mapAt5: Double
    public var mapAt10: Double
    public var mapAt25: Double
    public var mapAt50: Double
    /// Queries averaged.
    public var queries: Int

    public init(mapAt5: Double, mapAt10: Double, mapAt25: Double, mapAt50: Double, queries: Int) {
        self.mapAt5 = mapAt5
        self.mapAt10 = mapAt10
        self.mapAt25 = mapAt25
        self.mapAt50 = mapAt50
        self.queries = queries
    }
}
