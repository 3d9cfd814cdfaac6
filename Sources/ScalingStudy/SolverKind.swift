import HeatDiffusion
import NBody

/// A solver that a scaling study drives: which executable, how its work is counted, and which of its
/// timed phases are computation and which communication.
public enum SolverKind: String, CaseIterable, Sendable {
    /// The explicit heat-diffusion solver (`heat`): work is cell updates.
    case heat
    /// The direct-summation N-body solver (`nbody`): work is pairwise interactions, N² per step.
    case nbody

    /// The executable's product name.
    public var executableName: String { rawValue }

    /// The unit of ``ScalingPoint/rate`` as the tables show it.
    public var rateUnit: String {
        switch self {
        case .heat: "MLUPS"
        case .nbody: "Ginteractions/s"
        }
    }

    /// Work per second expressed in ``rateUnit``.
    func rateInUnit(_ workPerSecond: Double) -> Double {
        switch self {
        case .heat: workPerSecond / 1e6
        case .nbody: workPerSecond / 1e9
        }
    }

    /// The category a phase of this solver's `--summary-json` belongs to; a phase this driver does not
    /// know counts as other.
    ///
    /// The switches are exhaustive on purpose: a phase added to a solver does not compile here until
    /// someone decides what it is.
    func category(ofPhase name: String) -> PhaseCategory {
        switch self {
        case .heat:
            switch HeatPhase(rawValue: name) {
            case .compute?: .compute
            case .halo?, .reductions?: .communication
            case .io?, nil: .other
            }
        case .nbody:
            switch Phase(rawValue: name) {
            case .forces?, .integration?: .compute
            case .communication?: .communication
            case .diagnostics?, .io?, nil: .other
            }
        }
    }

    /// What each phase category holds for this solver, for the tables' notes.
    public var phaseLegend: String {
        switch self {
        case .heat: "compute = stencil sweeps; communication = halo exchange + reductions; other = I/O"
        case .nbody: "compute = forces + integration; communication = position exchange; other = diagnostics + I/O"
        }
    }
}

/// The three parts a point's time is broken into.
public enum PhaseCategory: String, CaseIterable, Sendable {
    case compute
    case communication
    case other
}
