/// The phases of a heat run timed separately on every rank.
public enum HeatPhase: String, CaseIterable, Sendable {
    /// Stencil sweeps, ghost cells on the physical boundary, and the vector updates of CG.
    case compute
    /// Starting the halo exchange and waiting for it to finish.
    case halo
    /// Global reductions: CG dot products, progress figures.
    case reductions
    /// Snapshots, checkpoints, reading input, and the final gather.
    case io
}
