public import ArgumentParser
import HeatDiffusion
import NBody
import SolverSupport

extension SolverKind: ExpressibleByArgument {}
extension ScalingMode: ExpressibleByArgument {}

/// The `scaling` command line. Every option is checked in ``validate()``, so that parsing alone refuses
/// bad input with one line naming the option, before anything runs.
public struct ScalingOptions: ParsableArguments {
    /// The most ranks a study accepts.
    public static let maximumRanks = 1 << 20
    /// The most runs per point.
    public static let maximumRepeats = 1000
    /// The longest time limit per run: a week.
    public static let maximumTimeout = 7 * 24 * 3600
    public static let defaultCells = [1024, 1024]
    public static let defaultBodies = 4096
    public static let defaultSteps: [SolverKind: Int] = [.heat: 100, .nbody: 10]

    @Option(help: "The solver to study: heat or nbody.")
    public var solver: SolverKind

    @Option(help: "strong (the same global problem at every rank count) or weak (the same work per rank).")
    public var mode: ScalingMode = .strong

    @Option(help: "Rank counts, comma-separated, e.g. 1,2,4,8; the smallest is the reference of speed-up.")
    public var ranks = "1,2,4"

    @Option(parsing: .unconditional, help: "Runs per rank count; the tables give the median and the spread.")
    public var repeats = 3

    @Option(help: "heat: interior cells NX,NY or NX,NY,NZ of the problem at one rank (default \(defaultCells.map(String.init).joined(separator: ","))).")
    public var cells: String?

    @Option(parsing: .unconditional, help: "nbody: bodies of the problem at one rank (default \(defaultBodies)).")
    public var bodies: Int?

    @Option(parsing: .unconditional, help: "Time steps per run (default 100 for heat, 10 for nbody).")
    public var steps: Int?

    @Option(parsing: .unconditional, help: "More solver options, one string split at spaces, e.g. \"--exchange allgather\"; the study sets the size, steps and summary itself.")
    public var solverArgs = ""

    @Option(help: "The solver executable (default: heat or nbody beside this executable).")
    public var solverPath: String?

    @Option(help: "The MPI launcher: mpirun, mpiexec, srun, or a path (default mpirun). It is given -n P.")
    public var mpirun = "mpirun"

    @Option(parsing: .unconditional, help: "Launcher options before -n, one string split at spaces, e.g. \"--hostfile hosts --map-by core --bind-to core\".")
    public var mpirunArgs = ""

    @Option(parsing: .unconditional, help: "Cores the ranks may use, for marking oversubscribed points (default: this process's CPU affinity; give the total slots when the launcher spans nodes).")
    public var cores: Int?

    @Option(parsing: .unconditional, help: "Seconds one run may take before it is killed (default 900).")
    public var timeout = 900

    @Option(help: "Directory for the CSV, Markdown and PNG files and the runs' JSON summaries.")
    public var output = "results/scaling"

    @Option(help: "The matplotlib script that draws the plots (default: plot_scaling.py beside the scaling sources).")
    public var plotScript: String?

    @Option(help: "The Python interpreter for the plots (default: python3 on PATH, else /usr/bin/python3, whichever has matplotlib).")
    public var python: String?

    @Flag(help: "Write the tables only, without plots.")
    public var noPlots = false

    public init() {}

    /// The rank counts of `--ranks`, in increasing order.
    public var rankCounts: [Int] { (try? Self.parseRanks(ranks)) ?? [] }

    /// The problem at one rank.
    public var baseProblem: ProblemSize {
        switch solver {
        case .heat: .cells((try? Self.parseCells(cells)) ?? Self.defaultCells)
        case .nbody: .bodies(bodies ?? Self.defaultBodies)
        }
    }

    /// Time steps per run.
    public var stepCount: Int { steps ?? Self.defaultSteps[solver]! }

    public func validate() throws {
        do {
            try check()
        } catch {
            throw ArgumentParser.ValidationError(error.message)
        }
    }

    /// The checks of ``validate()``, each failure one line naming the option.
    func check() throws(SolverSupport.ValidationError) {
        let rankCounts = try Self.parseRanks(ranks)
        guard (1...Self.maximumRepeats).contains(repeats) else {
            throw SolverSupport.ValidationError("--repeats must be between 1 and \(Self.maximumRepeats), got \(repeats)")
        }
        switch solver {
        case .heat:
            if bodies != nil { throw SolverSupport.ValidationError("--bodies applies to --solver nbody; heat takes --cells") }
            _ = try Self.parseCells(cells)
        case .nbody:
            if cells != nil { throw SolverSupport.ValidationError("--cells applies to --solver heat; nbody takes --bodies") }
            if let bodies, !(1...RunConfiguration.maximumBodies).contains(bodies) {
                throw SolverSupport.ValidationError("--bodies must be between 1 and \(RunConfiguration.maximumBodies), got \(bodies)")
            }
        }
        if let steps, !(1...HeatConfiguration.maximumSteps).contains(steps) {
            throw SolverSupport.ValidationError("--steps must be between 1 and \(HeatConfiguration.maximumSteps), got \(steps)")
        }
        for ranks in rankCounts {
            try Self.checkProblem(baseProblem.scaled(to: ranks, mode: mode), ranks: ranks, mode: mode)
        }
        try Self.checkSolverArguments(Study.words(solverArgs), solver: solver)
        if let cores, cores < 1 { throw SolverSupport.ValidationError("--cores must be at least 1, got \(cores)") }
        guard (1...Self.maximumTimeout).contains(timeout) else {
            throw SolverSupport.ValidationError("--timeout must be between 1 and \(Self.maximumTimeout) seconds, got \(timeout)")
        }
        for (option, value) in [("--mpirun", mpirun), ("--output", output), ("--solver-path", solverPath ?? "x"),
                                ("--plot-script", plotScript ?? "x"), ("--python", python ?? "x")] where value.isEmpty {
            throw SolverSupport.ValidationError("\(option) needs a non-empty value")
        }
    }

    /// Parses `--ranks`: positive counts, comma-separated, none twice; returned in increasing order.
    static func parseRanks(_ text: String) throws(SolverSupport.ValidationError) -> [Int] {
        var counts: [Int] = []
        for entry in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let count = Int(entry.trimmingCharacters(in: .whitespaces)), (1...maximumRanks).contains(count) else {
                throw SolverSupport.ValidationError("--ranks must be rank counts between 1 and \(maximumRanks), comma-separated (e.g. 1,2,4), got '\(text)'")
            }
            guard !counts.contains(count) else {
                throw SolverSupport.ValidationError("--ranks lists \(count) twice: each rank count is one point of the study")
            }
            counts.append(count)
        }
        return counts.sorted()
    }

    /// Parses `--cells`: two or three cell counts, x first; the default when `nil`.
    static func parseCells(_ text: String?) throws(SolverSupport.ValidationError) -> [Int] {
        guard let text else { return defaultCells }
        let cells = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard (2...3).contains(cells.count), cells.allSatisfy({ $0 != nil && $0! >= 1 }) else {
            throw SolverSupport.ValidationError("--cells must be NX,NY or NX,NY,NZ with positive cell counts, got '\(text)'")
        }
        return cells.map { $0! }
    }

    /// Refuses a point the solver could not run: too large, or too small for its process grid.
    static func checkProblem(_ problem: ProblemSize, ranks: Int, mode: ScalingMode) throws(SolverSupport.ValidationError) {
        let point = "\(mode.rawValue) scaling at \(ranks) rank\(ranks == 1 ? "" : "s")"
        switch problem {
        case .cells(let cells):
            let limit = HeatConfiguration.maximumCellsPerAxis
            let total = cells.reduce(1.0) { $0 * Double($1) }
            guard cells.allSatisfy({ $0 <= limit }), total <= Double(HeatConfiguration.maximumCells) else {
                throw SolverSupport.ValidationError("\(point) needs \(problem.description), beyond heat's limits "
                    + "(\(limit) cells per axis, \(HeatConfiguration.maximumCells) in all): use fewer ranks or fewer --cells")
            }
            let grid = Array(ProcessGridShape.balanced(ranks: ranks, axes: cells.count).reversed())
            guard zip(cells, grid).allSatisfy({ $0 >= $1 }) else {
                throw SolverSupport.ValidationError("\(point): the \(StudyReport.gridText(grid)) process grid needs at least "
                    + "\(StudyReport.gridText(grid)) cells, but the problem has \(problem.description): give more --cells")
            }
        case .bodies(let bodies):
            guard bodies <= RunConfiguration.maximumBodies else {
                throw SolverSupport.ValidationError("\(point) needs \(bodies) bodies, beyond nbody's limit of "
                    + "\(RunConfiguration.maximumBodies): use fewer ranks or fewer --bodies")
            }
            guard bodies >= ranks else {
                throw SolverSupport.ValidationError("\(point): \(bodies) bodies cannot give every rank one: give more --bodies")
            }
        }
    }

    /// The solver options a study sets itself, which `--solver-args` may not repeat.
    static func reservedSolverOptions(_ solver: SolverKind) -> [String] {
        switch solver {
        case .heat: ["--dims", "--nx", "--ny", "--nz", "--steps", "--time", "--summary-json", "--restart"]
        case .nbody: ["--bodies", "--ic", "--steps", "--summary-json", "--restart"]
        }
    }

    static func checkSolverArguments(_ arguments: [String], solver: SolverKind) throws(SolverSupport.ValidationError) {
        for argument in arguments {
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if reservedSolverOptions(solver).contains(name) {
                throw SolverSupport.ValidationError("--solver-args may not contain \(name): the study sets it (use --cells, --bodies or --steps)")
            }
        }
    }
}
