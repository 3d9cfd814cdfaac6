/// Everything one study will run: which solver on which problems at which rank counts, how often, under
/// which launcher, and where the files go.
public struct StudyPlan: Sendable {
    public var solver: SolverKind
    public var mode: ScalingMode
    /// Rank counts in increasing order, without repeats.
    public var rankCounts: [Int]
    /// Runs per rank count.
    public var repeats: Int
    /// The problem at one rank.
    public var baseProblem: ProblemSize
    public var steps: Int
    /// The solver executable's path.
    public var solverExecutable: String
    /// Options passed to the solver after those the study sets.
    public var solverArguments: [String]
    /// The launcher (`mpirun`, `mpiexec`, `srun`): a path, or a name found on `PATH`.
    public var launcher: String
    /// Options passed to the launcher before `-n`.
    public var launcherArguments: [String]
    /// The cores that ranks can run on without oversubscribing.
    public var cores: Int
    /// The longest one run may take before it is killed.
    public var timeLimit: Duration
    public var outputDirectory: String

    /// The start of every file name the study writes: `heat-strong`.
    public var fileStem: String { "\(solver.rawValue)-\(mode.rawValue)" }

    /// The problem at `ranks` ranks.
    public func problem(at ranks: Int) -> ProblemSize { baseProblem.scaled(to: ranks, mode: mode) }

    /// Whether `ranks` ranks exceed the available cores.
    public func isOversubscribed(_ ranks: Int) -> Bool { ranks > cores }

    /// The command line of one run: `launcher [flags] -n P solver SIZE --steps S --quiet --summary-json PATH [solver options]`.
    public func command(ranks: Int, summaryPath: String) -> [String] {
        [launcher] + launcherArguments + ["-n", String(ranks), solverExecutable]
            + problem(at: ranks).solverArguments
            + ["--steps", String(steps), "--quiet", "--summary-json", summaryPath]
            + solverArguments
    }
}
