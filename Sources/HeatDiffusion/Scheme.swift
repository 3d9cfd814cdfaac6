/// The time integrator (`--scheme`).
public enum Scheme: String, Sendable, CaseIterable {
    /// Forward Euler: one stencil sweep per step, stable for dt ≤ 1 / (2α Σ_a 1/h_a²).
    case explicit
    /// Backward Euler, (I − dt α L_h) u¹ = u⁰ (+ boundary terms), solved by conjugate gradient:
    /// stable for any dt.
    case implicit

    /// The code stored in checkpoints.
    var code: UInt32 { self == .explicit ? 1 : 2 }

    init?(code: UInt32) {
        switch code {
        case 1: self = .explicit
        case 2: self = .implicit
        default: return nil
        }
    }
}
