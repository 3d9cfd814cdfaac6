// nbody: direct-summation gravity on every rank of an MPI job. The command line becomes a
// RunConfiguration; everything else happens in the NBody library (Driver.run).

import ArgumentParser
import MPI
import NBody
import SolverSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

struct NBodyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nbody",
        abstract: "Direct N-body gravity (Plummer-softened, leapfrog) over MPI ranks.",
        discussion: """
            Run under mpirun, e.g. `mpirun -n 2 nbody --bodies 4096 --steps 100`. The result is bitwise \
            identical for every number of ranks. Only rank 0 prints and writes files. Errors are one \
            line on standard error, with a non-zero exit status.
            """)

    @Option(parsing: .unconditional, help: "Number of bodies of a generated system (default: \(RunConfiguration.defaultBodies)).")
    var bodies: Int?

    @Option(help: "Initial conditions: plummer, uniform or file:PATH (CSV with header mass,x,y,z,vx,vy,vz).")
    var ic: String?

    @Option(parsing: .unconditional, help: "Seed of a generated system (default: \(RunConfiguration.defaultSeed)).")
    var seed: UInt64?

    @Option(parsing: .unconditional, help: "Step to stop at, counted from the initial state (also when restarting).")
    var steps = 100

    @Option(parsing: .unconditional, help: "Time step (default: \(RunConfiguration.defaultTimeStep)).")
    var dt: Double?

    @Option(parsing: .unconditional, help: "Plummer softening length (default: \(RunConfiguration.defaultSoftening)).")
    var softening: Double?

    @Option(name: .customLong("G"), parsing: .unconditional, help: "Gravitational constant (default: 1).")
    var gravitationalConstant: Double?

    @Option(help: "Directory for snapshots: VTK .vtp files, CSV files and an nbody.pvd collection.")
    var output: String?

    @Option(parsing: .unconditional, help: "Steps between snapshots (default: \(RunConfiguration.defaultSnapshotInterval)); needs --output.")
    var every: Int?

    @Option(help: "Directory for checkpoints.")
    var checkpoint: String?

    @Option(parsing: .unconditional, help: "Steps between checkpoints (default: \(RunConfiguration.defaultCheckpointInterval)); needs --checkpoint.")
    var checkpointEvery: Int?

    @Option(help: "Checkpoint file to continue from.")
    var restart: String?

    @Option(help: "Write the final bodies to this CSV file, in input order, with 17 significant digits.")
    var finalState: String?

    @Option(help: "Write a JSON summary of the run to this file.")
    var summaryJson: String?

    @Option(parsing: .unconditional, help: "Steps between diagnostics lines (default: a tenth of --steps).")
    var diagnosticsEvery: Int?

    @Option(help: "Position exchange: ring or allgather (same result, different speed).")
    var exchange = "ring"

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func runConfiguration() throws(SolverSupport.ValidationError) -> RunConfiguration {
        var configuration = RunConfiguration()
        configuration.bodies = bodies
        configuration.initialConditions = try ic.map { (text: String) throws(SolverSupport.ValidationError) in
            try InitialConditions(parsing: text)
        }
        configuration.seed = seed
        configuration.steps = steps
        configuration.timeStep = dt
        configuration.softening = softening
        configuration.gravitationalConstant = gravitationalConstant
        configuration.outputDirectory = output
        configuration.snapshotInterval = every
        configuration.checkpointDirectory = checkpoint
        configuration.checkpointInterval = checkpointEvery
        configuration.restartPath = restart
        configuration.finalStatePath = finalState
        configuration.summaryPath = summaryJson
        configuration.diagnosticsInterval = diagnosticsEvery
        guard let exchange = Exchange(rawValue: exchange) else {
            throw SolverSupport.ValidationError("--exchange must be allgather or ring, got '\(exchange)'")
        }
        configuration.exchange = exchange
        configuration.quiet = quiet
        return configuration
    }
}

/// Writes a line to standard error on whichever rank calls it.
func printError(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
}

/// Ends the process on every rank: they all reached the same verdict, so they can finalise together.
func finish(_ status: Int32) -> Never {
    try? Environment.finalize()
    exit(status)
}

do {
    try Environment.initialize()
} catch {
    printError("nbody: error: \(error)")
    exit(1)
}
let console = try! RootConsole()

// Every rank parses the same arguments, so every rank reaches the same verdict.
let command: NBodyCommand
do {
    command = try NBodyCommand.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    let status = NBodyCommand.exitCode(for: error)
    if status.isSuccess {
        console.print(NBodyCommand.fullMessage(for: error))
    } else {
        let message = NBodyCommand.message(for: error).split(whereSeparator: \.isNewline).first ?? ""
        console.error("nbody: error: \(message)")
    }
    finish(status.rawValue)
}

do {
    try Driver.run(try command.runConfiguration())
} catch let error as SolverSupport.ValidationError {
    console.error("nbody: error: \(error)")
    finish(1)
} catch {
    // An MPI failure may have left ranks in different places: end the whole job.
    printError("nbody: error on rank \((try? Communicator.world.rank) ?? -1): \(error)")
    Environment.abort(code: 1)
}
finish(0)
