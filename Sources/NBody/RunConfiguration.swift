public import SolverSupport

/// Everything a run of the N-body program is asked to do, as given on its command line.
///
/// Options left `nil` take the defaults below, or, when restarting, the checkpoint's values. The
/// checks in ``validate()`` read nothing but the configuration itself, so every rank reaches the same
/// verdict without communicating.
public struct RunConfiguration: Sendable {
    /// The most bodies a run accepts. Beyond it the arrays alone would take gigabytes per rank, and
    /// direct summation hours per step: such a request is refused before anything is allocated.
    public static let maximumBodies = 1 << 24
    /// The most steps a run accepts.
    public static let maximumSteps = 1_000_000_000
    /// The number of bodies of a generated system when `--bodies` is not given.
    public static let defaultBodies = 1024
    /// The seed of a generated system when `--seed` is not given.
    public static let defaultSeed: UInt64 = 1
    /// The time step when `--dt` is not given: about 1/3000 of a crossing time in N-body units.
    public static let defaultTimeStep = 0.001
    /// The softening length when `--softening` is not given.
    public static let defaultSoftening = 0.01
    /// The gravitational constant when `--G` is not given: N-body units.
    public static let defaultGravitationalConstant = 1.0
    /// Steps between snapshots when `--every` is not given.
    public static let defaultSnapshotInterval = 100
    /// Steps between checkpoints when `--checkpoint-every` is not given.
    public static let defaultCheckpointInterval = 100

    /// The number of bodies of a generated system (`--bodies`).
    public var bodies: Int?
    /// Where the bodies come from (`--ic`); Plummer sphere by default.
    public var initialConditions: InitialConditions?
    /// The seed of a generated system (`--seed`).
    public var seed: UInt64?
    /// The step to stop at, counted from the initial state, also when restarting (`--steps`).
    public var steps = 100
    /// The time step (`--dt`).
    public var timeStep: Double?
    /// The softening length (`--softening`).
    public var softening: Double?
    /// The gravitational constant (`--G`).
    public var gravitationalConstant: Double?
    /// The directory for snapshots (`--output`).
    public var outputDirectory: String?
    /// Steps between snapshots (`--every`).
    public var snapshotInterval: Int?
    /// The directory for checkpoints (`--checkpoint`).
    public var checkpointDirectory: String?
    /// Steps between checkpoints (`--checkpoint-every`).
    public var checkpointInterval: Int?
    /// A checkpoint to continue from (`--restart`).
    public var restartPath: String?
    /// Where to write the final bodies as CSV (`--final-state`).
    public var finalStatePath: String?
    /// Where to write the JSON summary (`--summary-json`).
    public var summaryPath: String?
    /// Steps between diagnostics lines (`--diagnostics-every`); a tenth of the run by default.
    public var diagnosticsInterval: Int?
    /// How positions travel between ranks (`--exchange`).
    public var exchange = Exchange.ring
    /// Whether to print nothing but errors (`--quiet`).
    public var quiet = false

    /// Creates a configuration with every option at its default.
    public init() {}

    /// Refuses impossible or contradictory options with a one-line message naming the option.
    public func validate() throws(ValidationError) {
        guard (0...Self.maximumSteps).contains(steps) else {
            throw ValidationError("--steps must be between 0 and \(Self.maximumSteps), got \(steps)")
        }
        if let bodies, !(1...Self.maximumBodies).contains(bodies) {
            throw ValidationError("--bodies must be between 1 and \(Self.maximumBodies), got \(bodies)")
        }
        if case .file = initialConditions, bodies != nil {
            throw ValidationError("--bodies cannot be combined with --ic file:PATH: the file sets the number of bodies")
        }
        if case .file = initialConditions, seed != nil {
            throw ValidationError("--seed cannot be combined with --ic file:PATH: nothing is generated")
        }
        if restartPath != nil {
            for (option, given) in [("--bodies", bodies != nil), ("--ic", initialConditions != nil), ("--seed", seed != nil)]
            where given {
                throw ValidationError("\(option) cannot be combined with --restart: the checkpoint holds the bodies")
            }
        }
        try ValidationError.check(timeStep, "--dt", "a positive finite number") { $0 > 0 }
        try ValidationError.check(softening, "--softening", "a finite number ≥ 0") { $0 >= 0 }
        try ValidationError.check(gravitationalConstant, "--G", "a positive finite number") { $0 > 0 }
        try ValidationError.check(interval: snapshotInterval, "--every", requires: outputDirectory, "--output")
        try ValidationError.check(interval: checkpointInterval, "--checkpoint-every", requires: checkpointDirectory,
                                  "--checkpoint")
        if let diagnosticsInterval, diagnosticsInterval < 1 {
            throw ValidationError("--diagnostics-every must be at least 1, got \(diagnosticsInterval)")
        }
        for (option, path) in [("--output", outputDirectory), ("--checkpoint", checkpointDirectory),
                               ("--restart", restartPath), ("--final-state", finalStatePath),
                               ("--summary-json", summaryPath)] where path?.isEmpty == true {
            throw ValidationError("\(option) needs a non-empty path")
        }
    }
}
