#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The program launcher (`mpirun`, `mpiexec`, `srun`) that started this process, as its environment
/// variables describe it, independently of MPI.
///
/// A program linked against one MPI but started by another MPI's launcher — or by `srun` without the
/// PMI plug-in its MPI needs — initialises as several separate worlds of one process: every process
/// believes it is rank 0 of 1 and the job silently runs N times. The launcher's variables reveal it:
/// ``Environment/initialize(threadLevel:)`` compares them with MPI's world size and refuses such a launch.
public struct Launcher: Sendable, Hashable, CustomStringConvertible {
    /// The launcher as a user would name it, e.g. `mpirun (Open MPI)`.
    public let name: String
    /// The environment variable that gave the number of processes, e.g. `OMPI_COMM_WORLD_SIZE`.
    public let sizeVariable: String
    /// How many processes the launcher started (for MPICH's `MPI_LOCALNRANKS`: on this node).
    public let size: Int
    /// The rank the launcher gave this process, when it says.
    public let rank: Int?
    /// What usually makes MPI's world smaller than the launch under this launcher.
    let likelyCause: String

    /// The launchers this library recognises, the one closest to the process first: `mpirun` and
    /// `mpiexec` inside a Slurm allocation start their daemons with `srun`, so their processes also see
    /// srun's variables, describing the daemons' step rather than the MPI job.
    ///
    /// Slurm's `SLURM_NTASKS`/`SLURM_NPROCS` are not used: a batch script and `salloc`'s shell see them
    /// too, describing the allocation, and a one-process program run there is no mismatch. `srun` sets
    /// `SLURM_STEP_NUM_TASKS` for the processes of its step alone. PMIx launchers export no size of
    /// their own (`PMIX_RANK` only); `mpirun` still sets `OMPI_COMM_WORLD_SIZE` and `srun` its step's
    /// size beside them.
    static let known: [(name: String, size: String, rank: String, likelyCause: String)] = [
        ("mpirun (Open MPI)", "OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_RANK", differentMPI),
        ("mpirun_rsh (MVAPICH2)", "MV2_COMM_WORLD_SIZE", "MV2_COMM_WORLD_RANK", differentMPI),
        ("a PMI launcher (mpiexec of MPICH or Intel MPI, srun --mpi=pmi2)", "PMI_SIZE", "PMI_RANK", differentMPI),
        ("mpiexec (MPICH Hydra)", "MPI_LOCALNRANKS", "MPI_LOCALRANKID", differentMPI),
        ("srun (Slurm)", "SLURM_STEP_NUM_TASKS", "SLURM_PROCID",
         "srun did not connect the processes: give it the PMI plug-in the linked MPI supports "
            + "(srun --mpi=pmix or --mpi=pmi2; see srun --mpi=list), or launch with that MPI's mpirun"),
    ]

    private static let differentMPI = "this program is linked against a different MPI than the launcher"

    /// The launcher that started this process, or nil when none did (a singleton) or none of the
    /// launchers this library recognises says how many processes it started.
    public static var current: Launcher? {
        Launcher(environment: { name in getenv(name).map { String(cString: $0) } })
    }

    /// Reads the launcher's variables through `lookup` (a variable's value, or nil when it is unset).
    ///
    /// A size that is not a positive integer is ignored rather than guessed at.
    ///
    /// - Parameter lookup: Returns an environment variable's value, or nil when it is unset.
    public init?(environment lookup: (String) -> String?) {
        for launcher in Self.known {
            guard let text = lookup(launcher.size), let size = Int(text), size > 0 else { continue }
            self.name = launcher.name
            self.sizeVariable = launcher.size
            self.size = size
            self.rank = lookup(launcher.rank).flatMap { Int($0) }
            self.likelyCause = launcher.likelyCause
            return
        }
        return nil
    }

    /// The launcher's name, the variable that gave the size and the size, and the rank when known.
    public var description: String { "\(name), \(sizeVariable)=\(size)" + (rank.map { ", rank \($0)" } ?? "") }

    /// The one-line explanation of a launch for `size` processes that MPI initialised as a world of
    /// `worldSize`, naming both figures, the linked MPI and the likely cause; nil when they agree.
    ///
    /// Only a world of one is a mismatch: a launcher's figure may describe a single node (MPICH's
    /// `MPI_LOCALNRANKS`) or the daemons that started the job, never more processes than MPI connected
    /// unless the processes failed to connect at all.
    func mismatch(worldSize: Int, linkedMPI: String) -> String? {
        guard worldSize == 1, size > 1 else { return nil }
        return "launched by \(name) for \(size) processes (\(sizeVariable)=\(size)) but MPI reports 1: "
            + "\(likelyCause) (linked: \(linkedMPI)); see README, Running on a cluster"
    }
}
