import Foundation

/// Linear warm-up, then cosine decay to zero, optionally with warm restarts (the reference's
/// `LinearLR(start_factor=1e-8)` → `CosineAnnealingLR` or `CosineAnnealingWarmRestarts(T_0, T_mult)`).
public struct LearningRateSchedule: Sendable, Codable, Equatable {
    public var baseRate: Float
    public var warmupSteps: Int
    /// Steps of the cosine phase after warm-up (its first cycle, with restarts).
    public var cosineSteps: Int
    /// Restart the cosine every cycle, each cycle `cycleGrowth` times longer (T_mult); nil = one decay.
    public var cycleGrowth: Int?

    public init(baseRate: Float, warmupSteps: Int, cosineSteps: Int, cycleGrowth: Int? = nil) {
        self.baseRate = baseRate; self.warmupSteps = warmupSteps; self.cosineSteps = max(1, cosineSteps); self.cycleGrowth = cycleGrowth
    }

    /// The rate for optimizer step `step` (0-based).
    public func rate(at step: Int) -> Float {
        if step < warmupSteps {
            let start: Double = 1e-8
            return Float(Double(baseRate) * (start + (1 - start) * Double(step) / Double(warmupSteps)))
        }
        var t = step - warmupSteps, period = cosineSteps
        if let growth = cycleGrowth {
            while t >= period { t -= period; period *= max(growth, 1) }
        } else if t >= period {
            return 0
        }
        return Float(Double(baseRate) * 0.5 * (1 + cos(Double.pi * Double(t) / Double(period))))
    }
}
