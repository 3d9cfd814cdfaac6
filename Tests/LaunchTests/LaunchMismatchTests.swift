import Foundation
@testable import MPI
import MPITestSupport
import Testing

/// A program started by a launcher whose processes MPI does not connect — another MPI's `mpirun`, or
/// `srun` without the MPI's PMI plug-in — would run the whole job once per process, each a world of one.
/// Initialisation refuses it with one line from the launcher's rank 0 and a non-zero exit. Real launches
/// are unaffected: the `environment` scenario checks at every world size that MPI and the launcher agree.
@Suite struct LaunchMismatchTests {
    // MARK: Reading the launcher's variables

    @Test func noLauncher() {
        #expect(Launcher(environment: { _ in nil }) == nil)
    }

    @Test func openMPI() throws {
        let launcher = try #require(Launcher(environment: ["OMPI_COMM_WORLD_SIZE": "4", "OMPI_COMM_WORLD_RANK": "2"].lookup))
        #expect(launcher.sizeVariable == "OMPI_COMM_WORLD_SIZE" && launcher.size == 4 && launcher.rank == 2)
        #expect(launcher.name.contains("Open MPI"))
    }

    /// mpirun and mpiexec inside a Slurm allocation start their daemons with srun, so their processes
    /// also see srun's step variables, which describe the daemons: the MPI launcher's own figure wins.
    @Test func theLauncherClosestToTheProcessWins() throws {
        let mpirunUnderSlurm = ["OMPI_COMM_WORLD_SIZE": "1", "SLURM_STEP_NUM_TASKS": "2", "SLURM_PROCID": "1"]
        let openMPI = try #require(Launcher(environment: mpirunUnderSlurm.lookup))
        #expect(openMPI.sizeVariable == "OMPI_COMM_WORLD_SIZE" && openMPI.size == 1)
        let hydraUnderSlurm = ["PMI_SIZE": "8", "PMI_RANK": "0", "MPI_LOCALNRANKS": "4", "SLURM_STEP_NUM_TASKS": "2"]
        let hydra = try #require(Launcher(environment: hydraUnderSlurm.lookup))
        #expect(hydra.sizeVariable == "PMI_SIZE" && hydra.size == 8 && hydra.rank == 0)
        let srun = try #require(Launcher(environment: ["SLURM_STEP_NUM_TASKS": "16", "SLURM_PROCID": "5"].lookup))
        #expect(srun.name.contains("srun") && srun.size == 16 && srun.rank == 5)
    }

    /// A batch script or salloc's shell sees the allocation's task count, where a one-process program is
    /// no mismatch.
    @Test func anAllocationIsNoLaunch() {
        #expect(Launcher(environment: ["SLURM_NTASKS": "64", "SLURM_NPROCS": "64", "SLURM_PROCID": "0"].lookup) == nil)
    }

    /// A size that is not a positive integer is not guessed at; the next launcher's figure is used.
    @Test(arguments: ["", "four", "0", "-3", "4x"])
    func unusableSizesAreIgnored(size: String) throws {
        #expect(Launcher(environment: ["OMPI_COMM_WORLD_SIZE": size].lookup) == nil)
        let next = try #require(Launcher(environment: ["OMPI_COMM_WORLD_SIZE": size, "PMI_SIZE": "3"].lookup))
        #expect(next.sizeVariable == "PMI_SIZE" && next.size == 3)
    }

    @Test func onlyAWorldOfOneUnderSeveralProcessesIsAMismatch() throws {
        let launcher = try #require(Launcher(environment: ["PMI_SIZE": "4"].lookup))
        #expect(launcher.mismatch(worldSize: 4, linkedMPI: "Open MPI v4.1.4") == nil)
        let single = try #require(Launcher(environment: ["PMI_SIZE": "1"].lookup))
        #expect(single.mismatch(worldSize: 1, linkedMPI: "Open MPI v4.1.4") == nil)
        let message = try #require(launcher.mismatch(worldSize: 1, linkedMPI: "Open MPI v4.1.4"))
        #expect(message.contains("for 4 processes (PMI_SIZE=4) but MPI reports 1"), "\(message)")
        #expect(message.contains("Open MPI v4.1.4") && message.contains("Running on a cluster"), "\(message)")
        #expect(!message.contains("\n"))
    }

    // MARK: Programs started with a launcher's variables but no launcher

    /// Each launcher's variables, as a mismatched launch leaves them in every process.
    static let mismatchedLaunches: [[String: String]] = [
        ["OMPI_COMM_WORLD_SIZE": "4", "OMPI_COMM_WORLD_RANK": "0"],
        ["PMI_SIZE": "4", "PMI_RANK": "0", "MPI_LOCALNRANKS": "4"],
        ["SLURM_STEP_NUM_TASKS": "4", "SLURM_PROCID": "0", "SLURM_NTASKS": "4"],
    ]

    /// `Environment.run`'s path (the scenario executable): one line naming both figures, exit code 1.
    @Test(arguments: mismatchedLaunches)
    func environmentRunRefusesTheLaunch(variables: [String: String]) throws {
        let run = try MPIJob.run("MPIScenarios", ["ring"], ranks: nil, timeout: 30, environment: variables)
        try expectOneLineRefusal(run, prefix: "rank 0: ")
    }

    /// The solvers' path (`runSolverCommand`): `heat: error: …`/`nbody: error: …`, exit code 1.
    @Test(arguments: ["heat", "nbody"])
    func solversRefuseTheLaunch(solver: String) throws {
        let run = try MPIJob.run(solver, ["--steps", "1"], ranks: nil, timeout: 30,
                                 environment: ["OMPI_COMM_WORLD_SIZE": "3", "OMPI_COMM_WORLD_RANK": "0"])
        try expectOneLineRefusal(run, prefix: "\(solver): error: ", size: 3)
    }

    /// Every process of a mismatched launch fails alike; those the launcher does not call rank 0 say nothing.
    @Test func otherLauncherRanksStaySilent() throws {
        let run = try MPIJob.run("MPIScenarios", ["ring"], ranks: nil, timeout: 30,
                                 environment: ["OMPI_COMM_WORLD_SIZE": "4", "OMPI_COMM_WORLD_RANK": "3"])
        #expect(run.exitCode == 1, "\(run.output)")
        #expect(run.output.isEmpty, "\(run.output)")
    }

    // MARK: The other MPI's launcher

    /// The launcher of the MPI this build is not linked against, when it is installed: MPICH's Hydra for an
    /// Open MPI build; Open MPI's mpirun for an MPICH build (quiet, so that it adds no banner of its own).
    static let otherMPILauncher: [String]? = {
        let (command, options) = Environment.libraryName.hasPrefix("Open MPI")
            ? ("mpirun.mpich", [])
            : ("mpirun.openmpi", ["-q", "--oversubscribe"])
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        guard let directory = directories.first(where: { FileManager.default.isExecutableFile(atPath: "\($0)/\(command)") })
        else { return nil }
        return ["\(directory)/\(command)"] + options + ["-n", "3"]
    }()

    /// The mismatch itself, not its variables: each of the 3 processes the other MPI's launcher starts
    /// initialises a world of one, and the job ends with one line.
    ///
    /// Only on an Open MPI build: for an MPICH build the other launcher is Open MPI's `mpirun`, which ends
    /// the job when the first of the refused processes exits and then lost rank 0's line in 1 of 3 runs
    /// with `-q` (measured by hand), while without `-q` it adds its own banner.
    @Test(.enabled(if: otherMPILauncher != nil, "needs mpirun.mpich (Open MPI build) or mpirun.openmpi (MPICH build)"),
          .enabled(if: MPILauncher.family == .openMPI,
                   "MPICH build: Open MPI's mpirun -q loses the refused rank 0's line now and then (1 of 3 runs)"))
    func theOtherMPIsLauncherIsRefused() throws {
        let run = try MPIJob.run("MPIScenarios", ["ring"], launcher: try #require(Self.otherMPILauncher), timeout: 30)
        try expectOneLineRefusal(run, prefix: "rank 0: ", size: 3)
    }

    private func expectOneLineRefusal(_ run: MPIJobResult, prefix: String, size: Int = 4,
                                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(run.exitCode == 1, "\(run.output)", sourceLocation: sourceLocation)
        #expect(run.elapsed < MPIJob.timeLimit(10), "took \(run.elapsed)", sourceLocation: sourceLocation)
        let line = try #require(run.lines.count == 1 ? run.lines.first : nil, "expected one line:\n\(run.output)",
                                sourceLocation: sourceLocation)
        #expect(line.hasPrefix(prefix) && line.contains("for \(size) processes") && line.contains("but MPI reports 1"),
                "\(line)", sourceLocation: sourceLocation)
        #expect(line.contains(Environment.libraryName), "the line names the linked MPI: \(line)", sourceLocation: sourceLocation)
    }
}

private extension Dictionary where Key == String, Value == String {
    /// The dictionary as an environment lookup.
    var lookup: (String) -> String? { { self[$0] } }
}
