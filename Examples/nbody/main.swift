// nbody: direct-summation gravity on every rank of an MPI job. The command line becomes a
// RunConfiguration; everything else happens in the NBody library (Driver.run).

import ArgumentParser
import NBody
import SolverSupport

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

runSolverCommand(NBodyCommand.self, name: "nbody") { command in
    try Driver.run(try command.runConfiguration())
}
