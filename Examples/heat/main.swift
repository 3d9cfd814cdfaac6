// heat: the heat equation u_t = α ∇²u on a 2-D or 3-D box over MPI ranks. The command line becomes a
// HeatConfiguration; everything else happens in the HeatDiffusion library (HeatDriver.run).

import ArgumentParser
import HeatDiffusion
import SolverSupport

struct HeatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heat",
        abstract: "Heat diffusion u_t = alpha ∇²u on a box, finite volumes on a cell-centred grid, over MPI ranks.",
        discussion: """
            Run under mpirun, e.g. `mpirun -n 4 heat --nx 512 --ny 512 --steps 500 --output out`. The \
            explicit scheme gives a bitwise identical field for every number of ranks. Only rank 0 \
            prints. Errors are one line on standard error, with a non-zero exit status.

            Numeric options take negative values as values (`--nx -3` is refused as a size, not \
            read as an option). Per-axis lists (--bc, --length) are in the order x, y[, z]. The default time step is 0.9 × \
            the explicit stability limit 1/(2 alpha Σ 1/h²), for both schemes.
            """)

    @Option(parsing: .unconditional, help: "Number of space dimensions: 2 (5-point stencil) or 3 (7-point); default 2.")
    var dims: Int?

    @Option(parsing: .unconditional, help: "Global interior cells along x (default 128 in 2-D, 48 in 3-D).")
    var nx: Int?

    @Option(parsing: .unconditional, help: "Global interior cells along y (default as --nx).")
    var ny: Int?

    @Option(parsing: .unconditional, help: "Global interior cells along z, 3-D only (default as --nx).")
    var nz: Int?

    @Option(help: "Box length: one value, or one per axis x,y[,z] (default 1).")
    var length: String?

    @Option(parsing: .unconditional, help: "Diffusivity alpha (default 1).")
    var alpha: Double?

    @Option(parsing: .unconditional, help: "Step to stop at, counted from time 0 also when restarting (default 100).")
    var steps: Int?

    @Option(parsing: .unconditional, help: "Simulated time to stop at, instead of --steps: the step count is rounded up and dt shrunk to land on it.")
    var time: Double?

    @Option(parsing: .unconditional, help: "Time step (default 0.9 × the explicit stability limit); above the limit the explicit scheme refuses it.")
    var dt: Double?

    @Option(help: "Time integrator: explicit (forward Euler) or implicit (backward Euler with conjugate gradient).")
    var scheme: String?

    @Option(name: .customLong("init"), help: "Initial field: sine, gaussian or file:PATH (a raw array file of the run's extent).")
    var initial: String?

    @Option(help: "Boundary conditions: dirichlet, dirichlet=G, neumann or periodic, or a comma list x,y[,z] (default dirichlet, i.e. 0).")
    var bc: String?

    @Option(help: "Directory for VTK snapshots heat_NNNNNN.vti and the heat.pvd time series.")
    var output: String?

    @Option(parsing: .unconditional, help: "Steps between snapshots (default a tenth of the run); needs --output.")
    var every: Int?

    @Option(help: "Directory for checkpoints heat_NNNNNNNN.ckpt.")
    var checkpoint: String?

    @Option(parsing: .unconditional, help: "Steps between checkpoints (default a tenth of the run); needs --checkpoint.")
    var checkpointEvery: Int?

    @Option(help: "Checkpoint file to continue from (any number of ranks).")
    var restart: String?

    @Flag(help: "Print the L2 and max error against the exact solution (sine initial field, Dirichlet 0 boundaries).")
    var validate = false

    @Option(parsing: .unconditional, help: "Conjugate gradient's relative residual target ||r||/||b|| (default 1e-10).")
    var tolerance: Double?

    @Option(parsing: .unconditional, help: "Most conjugate gradient iterations per step (default 1000).")
    var maxIterations: Int?

    @Option(help: "Write a JSON summary of the run to this file.")
    var summaryJson: String?

    @Option(parsing: .unconditional, help: "Steps between progress lines (default a tenth of the run).")
    var progressEvery: Int?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func heatConfiguration() throws(SolverSupport.ValidationError) -> HeatConfiguration {
        var configuration = HeatConfiguration()
        configuration.dimensions = dims
        (configuration.nx, configuration.ny, configuration.nz) = (nx, ny, nz)
        configuration.lengths = length
        configuration.alpha = alpha
        configuration.steps = steps
        configuration.endTime = time
        configuration.timeStep = dt
        if let scheme {
            guard let parsed = Scheme(rawValue: scheme) else {
                throw SolverSupport.ValidationError("--scheme must be explicit or implicit, got '\(scheme)'")
            }
            configuration.scheme = parsed
        }
        configuration.initialCondition = try initial.map { (text: String) throws(SolverSupport.ValidationError) in
            try InitialCondition(parsing: text)
        }
        configuration.boundaries = bc
        configuration.outputDirectory = output
        configuration.snapshotInterval = every
        configuration.checkpointDirectory = checkpoint
        configuration.checkpointInterval = checkpointEvery
        configuration.restartPath = restart
        configuration.validatesAgainstExactSolution = validate
        configuration.tolerance = tolerance
        configuration.iterationLimit = maxIterations
        configuration.summaryPath = summaryJson
        configuration.progressInterval = progressEvery
        configuration.quiet = quiet
        return configuration
    }
}

runSolverCommand(HeatCommand.self, name: "heat") { command in
    try HeatDriver.run(try command.heatConfiguration())
}
