/// The phases of an N-body run that are timed separately on every rank.
public enum Phase: String, CaseIterable, Sendable {
    /// The direct summation of accelerations (and potentials).
    case forces
    /// Exchanging positions, and waiting for other ranks there.
    case communication
    /// Kicks and drifts of the leapfrog integrator.
    case integration
    /// Energy, momentum and angular momentum.
    case diagnostics
    /// Snapshots, checkpoints and final outputs, gathers for them included.
    case io
}
