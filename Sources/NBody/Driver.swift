public import MPI
public import SolverSupport

/// The N-body program: loads the initial state, integrates, reports and writes every requested output.
///
/// The `nbody` executable parses its command line into a ``RunConfiguration`` and calls ``run(_:communicator:)``;
/// tests can do the same. Only rank 0 prints and writes files.
public enum Driver {
    /// The floating-point operations counted per interaction, by the usual convention for direct
    /// gravity (3 subtractions, 3 multiplications and 3 additions for r² + ε², a square root and a
    /// division, 3 multiplications for the strength, 6 for accumulating), whatever the hardware executes.
    public static let flopsPerInteraction = 20

    /// Runs the program. Collective.
    ///
    /// - Returns: The JSON summary on rank 0, `nil` elsewhere.
    /// - Throws: ``ValidationError`` for refused input, thrown on every rank with the same message;
    ///   `MPIError` when MPI fails.
    @discardableResult
    public static func run(_ configuration: RunConfiguration, communicator: Communicator = .world) throws -> JSONValue? {
        let started = Environment.wallTime()
        try configuration.validate()
        let console = try RootConsole(communicator: communicator, quiet: configuration.quiet)
        let isRoot = try communicator.rank == 0
        let ranks = try communicator.size

        try communicator.shareOutcome(isRoot ? failure { () throws(ValidationError) in try prepareOutputs(configuration) } : nil)
        let initial = try InitialState.load(configuration, communicator: communicator)
        guard initial.step <= configuration.steps else {
            throw ValidationError("the checkpoint is at step \(initial.step), past --steps \(configuration.steps)")
        }
        let parameters = initial.parameters
        let simulation = try Simulation(bodies: initial.bodies, step: initial.step, parameters: parameters,
                                        exchange: configuration.exchange, communicator: communicator)
        let n = initial.bodies.count
        console.print("nbody: \(n) bodies (\(initial.origin)) on \(ranks) rank\(ranks == 1 ? "" : "s"), "
            + "\(configuration.exchange) exchange; dt \(parameters.timeStep), softening \(parameters.softening), "
            + "G \(parameters.gravitationalConstant); steps \(initial.step) to \(configuration.steps)")

        var report = DiagnosticsReport(console: console)
        report.record(try simulation.diagnostics(), step: simulation.step, time: simulation.time)
        var snapshots = configuration.outputDirectory.map { SnapshotWriter(directory: $0) }
        if initial.step == 0, snapshots != nil {
            try writeSnapshot(simulation, &snapshots)
        }

        let diagnosticsInterval = configuration.diagnosticsInterval ?? max(1, configuration.steps / 10)
        let snapshotInterval = configuration.snapshotInterval ?? RunConfiguration.defaultSnapshotInterval
        let checkpointInterval = configuration.checkpointInterval ?? RunConfiguration.defaultCheckpointInterval
        try communicator.barrier()
        let loopStarted = Environment.wallTime(), loopProcessorStarted = processorSeconds()
        while simulation.step < configuration.steps {
            let step = simulation.step + 1
            let isLast = step == configuration.steps
            let wantsDiagnostics = step % diagnosticsInterval == 0 || isLast
            try simulation.advance(withPotential: wantsDiagnostics)
            if wantsDiagnostics {
                report.record(try simulation.diagnostics(), step: step, time: simulation.time)
            }
            if snapshots != nil, step % snapshotInterval == 0 || isLast {
                try writeSnapshot(simulation, &snapshots)
            }
            if let directory = configuration.checkpointDirectory, step % checkpointInterval == 0 {
                try writeOnRoot(simulation) { bodies throws(ValidationError) in
                    let checkpoint = Checkpoint(step: step, time: simulation.time, parameters: parameters, bodies: bodies)
                    try FileSystem.writeAtomically(checkpoint.encoded(), to: "\(directory)/\(Checkpoint.fileName(step: step))")
                }
            }
        }
        let loopSeconds = try communicator.allReduce(Environment.wallTime() - loopStarted, .max)
        let loopProcessorSeconds = try communicator.allReduce(processorSeconds() - loopProcessorStarted, .sum)

        var stateDigest: SHA256Digest?
        try writeOnRoot(simulation) { bodies throws(ValidationError) in
            stateDigest = stateSHA256(bodies)
            if let path = configuration.finalStatePath {
                try FileSystem.writeAtomically(BodyCSV.format(bodies), to: path)
            }
        }
        let phases = try simulation.timers.statistics(over: communicator)
        let wallSeconds = try communicator.allReduce(Environment.wallTime() - started, .max)
        var summary: JSONValue?
        var outcome: ValidationError?
        if isRoot, let first = report.first, let last = report.last, let stateDigest {
            let figures = Summary(
                ranks: ranks, bodies: n, steps: configuration.steps, stepsRun: configuration.steps - initial.step,
                parameters: parameters, exchange: configuration.exchange, wallSeconds: wallSeconds,
                loopSeconds: loopSeconds, loopProcessorSeconds: loopProcessorSeconds, initial: first, final: last,
                stateDigest: stateDigest, phases: phases)
            console.print("performance: \(formatted(figures.interactionsPerSecond, "%.4e")) interactions/s, "
                + "\(fixed(figures.gigaflops, 2)) GFLOP/s (\(flopsPerInteraction) flops per interaction), "
                + "\(fixed(loopSeconds, 3)) s for \(figures.stepsRun) steps")
            console.print(PhaseStatistics.table(phases))
            console.print("state SHA-256: \(stateDigest)")
            let json = figures.json
            if let path = configuration.summaryPath {
                outcome = failure { () throws(ValidationError) in
                    try FileSystem.writeAtomically(Array((json.serialized() + "\n").utf8), to: path)
                }
            }
            summary = json
        }
        try communicator.shareOutcome(outcome)
        return summary
    }

    /// SHA-256 of the positions and velocities in body order, each body as x, y, z, vx, vy, vz in
    /// little-endian IEEE 754: the fingerprint that two runs agree bit for bit.
    public static func stateSHA256(_ bodies: Bodies) -> SHA256Digest {
        var writer = LittleEndianWriter(capacity: 48 * bodies.count)
        for body in 0..<bodies.count {
            for column in [bodies.x, bodies.y, bodies.z, bodies.vx, bodies.vy, bodies.vz] {
                writer.write(column[body])
            }
        }
        return SHA256.hash(writer.bytes)
    }

    /// Creates the output directories and checks that files can be written in them and in the output
    /// files' directories, on the root: before the run, not after it.
    private static func prepareOutputs(_ configuration: RunConfiguration) throws(ValidationError) {
        for directory in [configuration.outputDirectory, configuration.checkpointDirectory].compactMap({ $0 }) {
            try FileSystem.createDirectory(directory)
            guard FileSystem.isWritableDirectory(directory) else {
                throw ValidationError("cannot write to \(directory): the directory is not writable")
            }
        }
        for path in [configuration.finalStatePath, configuration.summaryPath].compactMap({ $0 }) {
            guard !FileSystem.isDirectory(path) else { throw ValidationError("cannot write \(path): it is a directory") }
            let parent = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
            guard FileSystem.isDirectory(parent.isEmpty ? "/" : parent) else {
                throw ValidationError("cannot write \(path): \(parent) is not a directory")
            }
            guard FileSystem.isWritableDirectory(parent.isEmpty ? "/" : parent) else {
                throw ValidationError("cannot write \(path): \(parent) is not a writable directory")
            }
        }
    }

    private static func writeSnapshot(_ simulation: Simulation, _ snapshots: inout SnapshotWriter?) throws {
        try writeOnRoot(simulation) { bodies throws(ValidationError) in
            try snapshots?.write(bodies, step: simulation.step, time: simulation.time)
        }
    }

    /// Gathers the bodies on rank 0, lets it write them, and makes every rank fail if that failed.
    private static func writeOnRoot(_ simulation: Simulation, _ write: (Bodies) throws(ValidationError) -> Void) throws {
        let bodies = try simulation.gatherBodies()
        let started = Environment.wallTime()
        let outcome = bodies.flatMap { bodies in failure { () throws(ValidationError) in try write(bodies) } }
        simulation.charge(Environment.wallTime() - started, to: .io)
        try simulation.communicator.shareOutcome(outcome)
    }

    /// The error `body` throws, or `nil`.
    private static func failure(_ body: () throws(ValidationError) -> Void) -> ValidationError? {
        do { try body(); return nil } catch { return error }
    }
}
