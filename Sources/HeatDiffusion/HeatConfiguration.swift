public import SolverSupport

/// Everything a heat run is asked to do, as given on the `heat` command line.
///
/// Options left `nil` take the defaults below or, when restarting, the checkpoint's values.
/// ``checkOptions()`` reads nothing but the configuration, so every rank reaches the same verdict
/// without communicating; ``RunPlan/resolve(_:checkpoint:)`` then turns it into the discrete problem.
public struct HeatConfiguration: Sendable {
    /// The most cells along one axis, and in all, that a run accepts: beyond them sizes overflow or the
    /// arrays could never fit in memory, and such a request is refused before anything is allocated.
    public static let maximumCellsPerAxis = 1 << 24
    public static let maximumCells = 1 << 33
    public static let maximumSteps = 1_000_000_000
    public static let defaultCells = [2: 128, 3: 48]
    public static let defaultSteps = 100
    public static let defaultAlpha = 1.0
    public static let defaultTolerance = 1e-10
    public static let defaultIterationLimit = 1000

    /// 2 or 3 (`--dims`); 2 by default.
    public var dimensions: Int?
    /// Global interior cells along x, y, z (`--nx`, `--ny`, `--nz`).
    public var nx: Int?
    public var ny: Int?
    public var nz: Int?
    /// Box lengths (`--length`): one value for every axis, or one per axis in the order x, y[, z].
    public var lengths: String?
    /// The diffusivity α (`--alpha`).
    public var alpha: Double?
    /// The step to stop at, counted from time 0 also when restarting (`--steps`).
    public var steps: Int?
    /// The simulated time to stop at (`--time`); the step count is rounded up and dt shrunk to land on it.
    public var endTime: Double?
    /// The time step (`--dt`); 0.9 × the explicit stability limit by default, for both schemes.
    public var timeStep: Double?
    /// `--scheme`; explicit by default.
    public var scheme: Scheme?
    /// `--init`; sine by default.
    public var initialCondition: InitialCondition?
    /// `--bc`: one condition for every axis or a comma list x, y[, z]; `dirichlet` (value 0) by default.
    public var boundaries: String?
    /// Directory for VTK snapshots and the `heat.pvd` series (`--output`).
    public var outputDirectory: String?
    /// Steps between snapshots (`--every`); a tenth of the run by default.
    public var snapshotInterval: Int?
    /// Directory for checkpoints (`--checkpoint`).
    public var checkpointDirectory: String?
    /// Steps between checkpoints (`--checkpoint-every`); a tenth of the run by default.
    public var checkpointInterval: Int?
    /// A checkpoint to continue from (`--restart`).
    public var restartPath: String?
    /// Compare the final field with the exact solution of the `sine` problem (`--validate`).
    public var validatesAgainstExactSolution = false
    /// CG's relative residual target (`--tolerance`).
    public var tolerance: Double?
    /// The most CG iterations per step (`--max-iterations`).
    public var iterationLimit: Int?
    /// Where to write the JSON summary (`--summary-json`).
    public var summaryPath: String?
    /// Steps between progress lines (`--progress-every`); a tenth of the run by default.
    public var progressInterval: Int?
    /// Print nothing but errors (`--quiet`).
    public var quiet = false

    public init() {}

    /// Refuses impossible or contradictory options with a one-line message naming the option.
    public func checkOptions() throws(ValidationError) {
        if let dimensions, dimensions != 2 && dimensions != 3 {
            throw ValidationError("--dims must be 2 or 3, got \(dimensions)")
        }
        let axes = dimensions ?? 2
        for (option, value) in [("--nx", nx), ("--ny", ny), ("--nz", nz)] {
            if let value, !(1...Self.maximumCellsPerAxis).contains(value) {
                throw ValidationError("\(option) must be between 1 and \(Self.maximumCellsPerAxis) cells, got \(value)")
            }
        }
        if axes == 2, nz != nil { throw ValidationError("--nz applies to 3-D runs only (add --dims 3)") }
        if let steps, !(0...Self.maximumSteps).contains(steps) {
            throw ValidationError("--steps must be between 0 and \(Self.maximumSteps), got \(steps)")
        }
        if steps != nil, endTime != nil { throw ValidationError("give --steps or --time, not both") }
        try ValidationError.check(endTime, "--time", "a positive finite number") { $0 > 0 }
        try ValidationError.check(timeStep, "--dt", "a positive finite number") { $0 > 0 }
        try ValidationError.check(alpha, "--alpha", "a positive finite number") { $0 > 0 }
        try ValidationError.check(tolerance, "--tolerance", "a finite number between 0 and 1 (exclusive)") {
            $0 > 0 && $0 < 1
        }
        if let iterationLimit, !(1...1_000_000).contains(iterationLimit) {
            throw ValidationError("--max-iterations must be between 1 and 1000000, got \(iterationLimit)")
        }
        if let lengths { _ = try Self.parseLengths(lengths, axes: axes) }
        if let boundaries { _ = try BoundaryCondition.parseList(boundaries, axes: axes) }
        try ValidationError.check(interval: snapshotInterval, "--every", requires: outputDirectory, "--output")
        try ValidationError.check(interval: checkpointInterval, "--checkpoint-every", requires: checkpointDirectory,
                                  "--checkpoint")
        if let progressInterval, progressInterval < 1 {
            throw ValidationError("--progress-every must be at least 1, got \(progressInterval)")
        }
        if restartPath != nil, initialCondition != nil {
            throw ValidationError("--init cannot be combined with --restart: the checkpoint holds the field")
        }
        if validatesAgainstExactSolution, let initialCondition, initialCondition != .sine {
            throw ValidationError("--validate needs --init sine: only the sine problem has a known exact solution")
        }
        for (option, path) in [("--output", outputDirectory), ("--checkpoint", checkpointDirectory),
                               ("--restart", restartPath), ("--summary-json", summaryPath)] where path?.isEmpty == true {
            throw ValidationError("\(option) needs a non-empty path")
        }
    }

    /// Parses `--length`: one value, or one per axis in the order x, y[, z]. Returns array order.
    static func parseLengths(_ text: String, axes: Int) throws(ValidationError) -> [Double] {
        let entries = text.split(separator: ",", omittingEmptySubsequences: false)
        var values: [Double] = []
        for entry in entries {
            guard let value = Double(entry), value > 0, value.isFinite else {
                throw ValidationError("--length must be positive finite numbers, got '\(text)'")
            }
            values.append(value)
        }
        if values.count == 1 { return Array(repeating: values[0], count: axes) }
        guard values.count == axes else {
            throw ValidationError("--length has \(values.count) entries but a \(axes)-D run needs 1 or \(axes)")
        }
        return values.reversed()
    }
}
