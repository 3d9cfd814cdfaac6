public import MPI
public import SolverSupport
import DomainDecomposition

/// The heat program: resolves the run, initialises or restores the field, integrates, reports and
/// writes every requested output.
///
/// The `heat` executable parses its command line into a ``HeatConfiguration`` and calls
/// ``run(_:communicator:)``; tests can do the same. Only rank 0 prints and writes small files; fields go
/// to disk with collective MPI-IO.
public enum HeatDriver {
    /// Runs the program. Collective.
    ///
    /// - Returns: The JSON summary on rank 0, `nil` elsewhere.
    /// - Throws: ``ValidationError`` for refused input or a failed solve, thrown on every rank with the
    ///   same message; `MPIError` when MPI fails.
    @discardableResult
    public static func run(_ configuration: HeatConfiguration, communicator: Communicator = .world) throws -> JSONValue? {
        let started = Environment.wallTime()
        try configuration.checkOptions()
        let console = try RootConsole(communicator: communicator, quiet: configuration.quiet)
        let ranks = try communicator.size
        let isRoot = try communicator.rank == 0

        // Everything that can be refused is refused here, before the first collective beyond the
        // verdicts rank 0 shares.
        let header = try configuration.restartPath.map { path throws in
            try CheckpointIO.readHeader(path, communicator: communicator)
        }
        let plan = try RunPlan.resolve(configuration, checkpoint: header)
        let problem = plan.problem
        let dimensions = try ProcessLayout.dimensions(ranks: ranks, extent: problem.extent)
        try MemoryBudget.require(bytesAllocated(problem, processGrid: dimensions, isRoot: isRoot),
                                 for: "\(HeatProblem.describe(problem.extent)) cells", communicator: communicator)
        try communicator.shareOutcome(isRoot ? failure { () throws(ValidationError) in try prepare(configuration, plan) } : nil)

        let grid = try ProcessGrid(dimensions: dimensions, periodic: problem.periodic, communicator: communicator)
        let solver = try HeatSolver(problem: problem, grid: grid, step: plan.startStep, tolerance: plan.tolerance,
                                    iterationLimit: plan.iterationLimit)
        let loadStarted = Environment.wallTime()
        let origin: String
        switch plan.initialCondition {
        case .file(let path)?:
            try InputFile.read(path, into: solver.field)
            origin = "file \(path)"
        case let condition?:
            InitialField.fill(solver.field, with: condition, problem: problem)
            origin = condition.description
        case nil:
            try CheckpointIO.readField(configuration.restartPath!, header: header!, into: solver.field)
            origin = "restart from \(configuration.restartPath!) at step \(plan.startStep)"
        }
        solver.charge(Environment.wallTime() - loadStarted, to: .io)
        console.print(describe(plan, ranks: ranks, processGrid: dimensions, origin: origin))

        let initialHeat = try FieldStatistics.totalHeat(solver.field, problem: problem)
        var snapshots = configuration.outputDirectory.map { SnapshotSeries(directory: $0) }
        let stepsToRun = plan.endStep - plan.startStep
        let snapshotInterval = configuration.snapshotInterval ?? max(1, plan.endStep / 10)
        let checkpointInterval = configuration.checkpointInterval ?? max(1, plan.endStep / 10)
        let progressInterval = configuration.progressInterval ?? max(1, stepsToRun / 10)
        if plan.startStep == 0, snapshots != nil {
            try solver.measure(.io) { try snapshots!.write(solver) }
        }
        if !configuration.quiet {
            try progress(solver, plan: plan, console: console)
        }

        try communicator.barrier()
        let loopStarted = Environment.wallTime()
        while solver.step < plan.endStep {
            try solver.advance()
            let step = solver.step
            let isLast = step == plan.endStep
            if !configuration.quiet, step % progressInterval == 0 || isLast {
                try progress(solver, plan: plan, console: console)
            }
            if snapshots != nil, step % snapshotInterval == 0 || isLast {
                try solver.measure(.io) { try snapshots!.write(solver) }
            }
            if let directory = configuration.checkpointDirectory, step % checkpointInterval == 0 {
                try solver.measure(.io) {
                    try CheckpointIO.write(solver, to: "\(directory)/\(CheckpointHeader.fileName(step: step))",
                                           initialConditionCode: plan.initialConditionCode)
                }
            }
        }
        let loopSeconds = try communicator.allReduce(Environment.wallTime() - loopStarted, .max)
        let steppingSeconds = try communicator.allReduce(solver.steppingSeconds, .max)
        let fastestStep = try communicator.allReduce(solver.fastestStepSeconds, .max)

        let finalHeat = try FieldStatistics.totalHeat(solver.field, problem: problem)
        let gathered = try solver.measure(.io) { () throws(MPIError) in try solver.field.gather(root: 0) }
        let phases = try solver.timers.statistics(over: communicator)
        let wallSeconds = try communicator.allReduce(Environment.wallTime() - started, .max)
        guard isRoot, let field = gathered else {
            try communicator.shareOutcome(nil)
            return nil
        }

        let digest = FieldStatistics.sha256(field)
        let errors = plan.validates ? ExactSolution.errors(of: field, problem: problem, time: solver.time) : nil
        let cellUpdates = Double(problem.cellCount) * Double(stepsToRun)
        let mlups = steppingSeconds > 0 ? cellUpdates / steppingSeconds / 1e6 : 0
        let bestStepMLUPS = stepsToRun > 0 ? Double(problem.cellCount) / fastestStep / 1e6 : 0
        let summary = HeatSummary(
            plan: plan, restartPath: configuration.restartPath, ranks: ranks, processGrid: dimensions, solver: solver, wallSeconds: wallSeconds,
            loopSeconds: loopSeconds, steppingSeconds: steppingSeconds, mlups: mlups, bestStepMLUPS: bestStepMLUPS,
            phases: phases,
            errors: errors, initialHeat: initialHeat, finalHeat: finalHeat,
            maximumMagnitude: field.reduce(0) { max($0, abs($1)) }, digest: digest)

        console.print("performance: \(fixed(mlups, 1)) MLUPS (\(HeatProblem.describe(problem.extent)) cells × "
            + "\(stepsToRun) steps in \(fixed(steppingSeconds, 3)) s of stepping, slowest rank); loop \(fixed(loopSeconds, 3)) s, "
            + "wall \(fixed(wallSeconds, 3)) s; fastest step \(fixed(bestStepMLUPS, 1)) MLUPS")
        if problem.scheme == .implicit, stepsToRun > 0 {
            console.print("conjugate gradient: \(solver.totalIterations) iterations in \(stepsToRun) steps "
                + "(mean \(fixed(Double(solver.totalIterations) / Double(stepsToRun), 1)), max \(solver.maximumIterations) per step, "
                + "tolerance \(plan.tolerance))")
        }
        console.print(PhaseStatistics.table(phases))
        if let errors {
            console.print("validation against the exact solution at t = \(formatted(solver.time, "%.6g")): "
                + "L2 error \(formatted(errors.l2, "%.6e")), max error \(formatted(errors.maximum, "%.6e"))")
        }
        console.print("total heat: \(formatted(initialHeat, "%.17g")) at the start, \(formatted(finalHeat, "%.17g")) at the end")
        console.print("field SHA-256: \(digest)")
        if let snapshots {
            console.print("ParaView: open \(snapshots.collectionPath) (\(snapshots.count) snapshots, heat_NNNNNN.vti)")
        }
        var outcome: ValidationError?
        if let path = configuration.summaryPath {
            outcome = failure { () throws(ValidationError) in
                try FileSystem.writeAtomically(Array((summary.json.serialized() + "\n").utf8), to: path)
            }
        }
        try communicator.shareOutcome(outcome)
        return summary.json
    }

    /// The first line of a run: what is solved, on what, from what.
    static func describe(_ plan: RunPlan, ranks: Int, processGrid: [Int], origin: String) -> String {
        let problem = plan.problem
        let names = HeatProblem.axisNames(problem.axisCount)
        let conditions = zip(names, problem.boundaries).reversed().map { "\($0): \($1)" }.joined(separator: ", ")
        let fraction = problem.timeStep / problem.stableTimeStep
        return "heat: \(problem.axisCount)-D, \(HeatProblem.describe(problem.extent)) cells on "
            + "\(ranks) rank\(ranks == 1 ? "" : "s") (process grid \(ProcessLayout.describe(processGrid))), "
            + "\(problem.scheme.rawValue) scheme, dt \(formatted(problem.timeStep, "%.6g")) "
            + "(\(fixed(fraction, 3)) × the explicit limit \(formatted(problem.stableTimeStep, "%.6g"))), "
            + "alpha \(problem.alpha); boundaries \(conditions); initial field: \(origin); "
            + "steps \(plan.startStep) to \(plan.endStep), t_end \(formatted(Double(plan.endStep) * problem.timeStep, "%.6g"))"
    }

    /// Prints one progress line (the maximum costs an allReduce, charged to reductions). Collective.
    static func progress(_ solver: HeatSolver, plan: RunPlan, console: RootConsole) throws {
        let maximum = try solver.measure(.reductions) { () throws(MPIError) in
            try FieldStatistics.maximumMagnitude(solver.field)
        }
        var line = "step \(solver.step)/\(plan.endStep)  t = \(formatted(solver.time, "%.6e"))  max|u| = \(formatted(maximum, "%.6e"))"
        if plan.problem.scheme == .implicit {
            line += "  CG iterations \(solver.lastIterations) (total \(solver.totalIterations))"
        }
        console.print(line)
    }

    /// What one rank allocates for `problem`, in bytes, or `nil` past `Int`: its block with ghosts in
    /// each field the scheme keeps (two explicit, five implicit with CG's vectors), and on the root the
    /// whole field, gathered for the summary's checksum.
    static func bytesAllocated(_ problem: HeatProblem, processGrid dimensions: [Int], isRoot: Bool) -> Int? {
        let fields = problem.scheme == .implicit ? 5 : 2
        var block = 8 * fields, whole = isRoot ? 8 : 0
        for (cells, ranks) in zip(problem.extent, dimensions) {
            let (blockProduct, blockOverflow) = block.multipliedReportingOverflow(by: (cells + ranks - 1) / ranks + 2)
            let (wholeProduct, wholeOverflow) = whole.multipliedReportingOverflow(by: cells)
            guard !blockOverflow, !wholeOverflow else { return nil }
            (block, whole) = (blockProduct, wholeProduct)
        }
        let (total, overflow) = block.addingReportingOverflow(whole)
        return overflow ? nil : total
    }

    /// Creates the output directories and checks that they and the summary's directory are writable,
    /// and that an input file is a raw array of the right extent; on rank 0.
    static func prepare(_ configuration: HeatConfiguration, _ plan: RunPlan) throws(ValidationError) {
        for directory in [configuration.outputDirectory, configuration.checkpointDirectory].compactMap({ $0 }) {
            try FileSystem.createDirectory(directory)
            guard FileSystem.isWritableDirectory(directory) else {
                throw ValidationError("cannot write to \(directory): the directory is not writable")
            }
        }
        if let path = configuration.summaryPath {
            let parent = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
            guard FileSystem.isWritableDirectory(parent.isEmpty ? "/" : parent) else {
                throw ValidationError("cannot write \(path): \(parent) is not a writable directory")
            }
        }
        if case .file(let path) = plan.initialCondition {
            try InputFile.check(path, extent: plan.problem.extent)
        }
    }

    /// The error `body` throws, or `nil`.
    static func failure(_ body: () throws(ValidationError) -> Void) -> ValidationError? {
        do { try body(); return nil } catch { return error }
    }
}
