public import SolverSupport

/// The field at time 0 (`--init`).
public enum InitialCondition: Sendable, Equatable, CustomStringConvertible {
    /// Π_a sin(π x_a / L_a): one half-wave per axis, zero on every boundary. With Dirichlet 0
    /// boundaries the exact solution is known (``ExactSolution``).
    case sine
    /// A hot spot: exp(−|x − c|² / (2σ²)) per axis with σ = 0.1 L_a, centred in the box.
    case gaussian
    /// A raw array file written by `DistributedArray.write(toRawFile:)` with the run's extent.
    case file(String)

    /// Parses `sine`, `gaussian` or `file:PATH`.
    public init(parsing text: String) throws(ValidationError) {
        switch text {
        case "sine": self = .sine
        case "gaussian": self = .gaussian
        case _ where text.hasPrefix("file:"):
            let path = String(text.dropFirst(5))
            guard !path.isEmpty else { throw ValidationError("--init file:PATH needs a path") }
            self = .file(path)
        default:
            throw ValidationError("--init must be sine, gaussian or file:PATH, got '\(text)'")
        }
    }

    public var description: String {
        switch self {
        case .sine: "sine"
        case .gaussian: "gaussian"
        case .file(let path): "file:\(path)"
        }
    }

    /// The code stored in checkpoints (so that `--validate` knows a restarted run began as `sine`).
    var code: UInt32 {
        switch self {
        case .sine: 1
        case .gaussian: 2
        case .file: 3
        }
    }

    /// The width of the Gaussian hot spot, as a fraction of the box length along each axis.
    public static let gaussianWidth = 0.1
}
