extension VisionFeatureCache {
    /// Images whose features are stored. A throughput benchmark reads it to prove what it claims:
    /// its cached mode must hold exactly the batch's images after the warm-up (every timed step
    /// hits), its uncached mode must leave the cache empty (every step runs the tower).
    public var storedImages: Int { count }
}
