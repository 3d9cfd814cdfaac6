/// Everything that defines the discrete problem u_t = α ∇²u on the box [0, L_0] × … (2-D or 3-D).
///
/// Every per-axis array is in *array order*, slowest axis first: for 2-D (y, x), for 3-D (z, y, x), so
/// the last axis is VTK's x. The grid is cell-centred: cell i along axis a has its centre at
/// x = (i + ½) h_a with h_a = L_a / n_a.
public struct HeatProblem: Sendable, Equatable {
    /// Cells along each axis.
    public var extent: [Int]
    /// The box length along each axis.
    public var lengths: [Double]
    /// The diffusivity α.
    public var alpha: Double
    /// The time step.
    public var timeStep: Double
    /// The time integrator.
    public var scheme: Scheme
    /// The boundary condition along each axis (both ends alike).
    public var boundaries: [BoundaryCondition]

    public init(extent: [Int], lengths: [Double], alpha: Double, timeStep: Double, scheme: Scheme,
                boundaries: [BoundaryCondition]) {
        self.extent = extent
        self.lengths = lengths
        self.alpha = alpha
        self.timeStep = timeStep
        self.scheme = scheme
        self.boundaries = boundaries
    }

    /// 2 or 3.
    public var axisCount: Int { extent.count }

    /// The number of cells.
    public var cellCount: Int { extent.reduce(1, *) }

    /// The cell width h_a along each axis.
    public var spacing: [Double] { HeatProblem.spacing(extent: extent, lengths: lengths) }

    /// Whether each axis wraps around.
    public var periodic: [Bool] { boundaries.map { $0 == .periodic } }

    /// The stability limit of the explicit scheme for this grid and α.
    public var stableTimeStep: Double { HeatProblem.stableTimeStep(extent: extent, lengths: lengths, alpha: alpha) }

    /// dt α / h_a² for each axis: the weight of a neighbour in the stencil.
    var neighbourWeights: [Double] { spacing.map { timeStep * alpha / ($0 * $0) } }

    /// h_a = L_a / n_a.
    public static func spacing(extent: [Int], lengths: [Double]) -> [Double] {
        zip(lengths, extent).map { $0 / Double($1) }
    }

    /// The forward Euler stability limit dt_max = 1 / (2 α Σ_a 1/h_a²).
    public static func stableTimeStep(extent: [Int], lengths: [Double], alpha: Double) -> Double {
        let sum = spacing(extent: extent, lengths: lengths).reduce(0) { $0 + 1 / ($1 * $1) }
        return 1 / (2 * alpha * sum)
    }

    /// The default time step: this fraction of ``stableTimeStep`` (for both schemes).
    public static let defaultStabilityFraction = 0.9

    /// The names of the axes in array order: ["y", "x"] or ["z", "y", "x"].
    public static func axisNames(_ axes: Int) -> [String] {
        Array(["z", "y", "x"].suffix(axes))
    }

    /// Cells as the user counts them, x first: "nx×ny" or "nx×ny×nz" (array order reversed).
    public static func describe(_ extent: [Int]) -> String {
        extent.reversed().map(String.init).joined(separator: "×")
    }
}
