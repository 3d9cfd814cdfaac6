public import SolverSupport

/// What happens at the two ends of one axis of the box, imposed through the ghost cells.
///
/// The grid is cell-centred: the boundary lies half a cell beyond the first and last cells, so a ghost
/// cell mirrors its edge cell across it.
///
/// - ``dirichlet(_:)``: the value `g` on the boundary; ghost = 2g − u_edge, so the linear interpolation
///   between ghost and edge cell is `g` on the boundary.
/// - ``neumann``: zero flux; ghost = u_edge.
/// - ``periodic``: the axis wraps around; the process grid is periodic along it and the halo exchange
///   fills the ghosts.
public enum BoundaryCondition: Sendable, Equatable, CustomStringConvertible {
    case dirichlet(Double)
    case neumann
    case periodic

    /// Parses one entry of `--bc`: `dirichlet` (value 0), `dirichlet=G`, `neumann` or `periodic`.
    public init(parsing text: String) throws(ValidationError) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        switch (parts[0], parts.count) {
        case ("dirichlet", 1): self = .dirichlet(0)
        case ("dirichlet", _):
            guard let value = Double(parts[1]), value.isFinite else {
                throw ValidationError("--bc: the Dirichlet value in '\(text)' must be a finite number")
            }
            self = .dirichlet(value)
        case ("neumann", 1): self = .neumann
        case ("periodic", 1): self = .periodic
        default:
            throw ValidationError("--bc: unknown boundary condition '\(text)'; use dirichlet, dirichlet=G, neumann or periodic")
        }
    }

    /// Parses `--bc`: one condition for every axis, or a comma-separated list with one entry per axis in
    /// the order x, y[, z].
    ///
    /// - Returns: One condition per array axis, slowest first (so for 2-D: y, x).
    public static func parseList(_ text: String, axes: Int) throws(ValidationError) -> [BoundaryCondition] {
        let entries = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var conditions: [BoundaryCondition] = []
        for entry in entries { conditions.append(try BoundaryCondition(parsing: entry)) }
        if conditions.count == 1 { return Array(repeating: conditions[0], count: axes) }
        guard conditions.count == axes else {
            throw ValidationError("--bc has \(conditions.count) entries but a \(axes)-D run needs 1 or \(axes) (x, y\(axes == 3 ? ", z" : ""))")
        }
        return conditions.reversed()
    }

    /// The text `--bc` accepts for this condition.
    public var description: String {
        switch self {
        case .dirichlet(let value): "dirichlet=\(formatted(value, "%.17g"))"
        case .neumann: "neumann"
        case .periodic: "periodic"
        }
    }

    /// The code stored in checkpoints: 1 Dirichlet, 2 Neumann, 3 periodic.
    var code: UInt32 {
        switch self {
        case .dirichlet: 1
        case .neumann: 2
        case .periodic: 3
        }
    }

    /// The Dirichlet value, 0 for the others; stored beside ``code``.
    var value: Double {
        if case .dirichlet(let value) = self { value } else { 0 }
    }

    /// The condition a checkpoint's code and value describe.
    init?(code: UInt32, value: Double) {
        switch code {
        case 1 where value.isFinite: self = .dirichlet(value)
        case 2: self = .neumann
        case 3: self = .periodic
        default: return nil
        }
    }
}
