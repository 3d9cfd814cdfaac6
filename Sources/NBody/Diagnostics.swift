/// The conserved quantities of the whole system at one instant.
///
/// Each is a sum over bodies in body order of per-body terms, so it does not depend on the number of
/// ranks. The potential energy is ½ Σᵢ mᵢ φᵢ with the softened potential φᵢ = −G Σⱼ≠ᵢ mⱼ / √(rᵢⱼ² + ε²).
public struct Diagnostics: Sendable, Equatable {
    /// Σ ½ m v².
    public let kineticEnergy: Double
    /// ½ Σ m φ: each pair once.
    public let potentialEnergy: Double
    /// Σ m v.
    public let momentum: SIMD3<Double>
    /// Σ m r × v, about the origin.
    public let angularMomentum: SIMD3<Double>

    /// Kinetic plus potential energy.
    public var totalEnergy: Double { kineticEnergy + potentialEnergy }

    /// The per-body terms, in the order ``appendTerms(mass:position:velocity:potential:to:)`` writes
    /// them: kinetic, potential, momentum (3), angular momentum (3).
    static let termsPerBody = 8

    static func appendTerms(mass: Double, position r: SIMD3<Double>, velocity v: SIMD3<Double>, potential: Double,
                            to terms: inout [Double]) {
        let p = mass * v
        let l = mass * SIMD3(r.y * v.z - r.z * v.y, r.z * v.x - r.x * v.z, r.x * v.y - r.y * v.x)
        terms += [0.5 * mass * (v.x * v.x + v.y * v.y + v.z * v.z), 0.5 * mass * potential, p.x, p.y, p.z, l.x, l.y, l.z]
    }

    /// Sums the terms of every body, given in body order.
    init(terms: [Double]) {
        var sums = [Double](repeating: 0, count: Self.termsPerBody)
        for body in stride(from: 0, to: terms.count, by: Self.termsPerBody) {
            for k in 0..<Self.termsPerBody { sums[k] += terms[body + k] }
        }
        kineticEnergy = sums[0]
        potentialEnergy = sums[1]
        momentum = SIMD3(sums[2], sums[3], sums[4])
        angularMomentum = SIMD3(sums[5], sums[6], sums[7])
    }
}
