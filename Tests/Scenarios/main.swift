// MPIScenarios: multi-rank scenarios that the test suite launches under mpirun.
//
//   mpirun -n 4 MPIScenarios ring
//
// Every scenario runs at any number of ranks. On success rank 0 prints `ok <scenario>`; a failing check
// throws, and `Environment.run` aborts the whole job with exit code 1. An unknown name exits with code 2.
import MPI
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The scenarios that run inside `Environment.run`, by name.
var scenarios: [String: () throws -> Void] = [
    "broadcast": CollectiveScenarios.broadcast,
    "gatherScatter": CollectiveScenarios.gatherScatter,
    "singleValueGathers": CollectiveScenarios.singleValueGathers,
    "variableCounts": CollectiveScenarios.variableCounts,
    "collectiveErrors": CollectiveScenarios.collectiveErrors,
    "reductions": ReductionScenarios.builtin,
    "locationReductions": ReductionScenarios.locations,
    "userOperations": UserOperationScenarios.userOperations,
    "nonblockingCollectives": NonblockingCollectiveScenarios.nonblockingCollectives,
    "asyncProgress": AsyncScenarios.asyncProgress,
    "ring": PointToPointScenarios.ring,
    "sendModes": PointToPointScenarios.sendModes,
    "procNull": PointToPointScenarios.procNull,
    "zeroCount": PointToPointScenarios.zeroCount,
    "probe": ProbeScenarios.probe,
    "nonblocking": NonblockingScenarios.nonblocking,
    "persistent": NonblockingScenarios.persistent,
    "inactivePersistent": NonblockingScenarios.inactivePersistent,
    "datatypes": DatatypeScenarios.datatypes,
    "errors": ErrorScenarios.errors,
    "environment": EnvironmentScenarios.environment,
    "rankThrowsBeforeBarrier": FailureScenarios.rankThrowsBeforeBarrier,
    "fileIO": FileScenarios.fileIO,
    "windows": WindowScenarios.windows,
    "dimensions": TopologyScenarios.dimensions,
    "cartesian": TopologyScenarios.cartesian,
    "cartesianNeighbors": TopologyScenarios.cartesianNeighbors,
    "graphNeighbors": TopologyScenarios.graphNeighbors,
    "groups": GroupScenarios.groups,
    "groupCommunicators": GroupScenarios.communicators,
    "vectorColumn": LayoutScenarios.vectorColumn,
    "structLayouts": LayoutScenarios.structs,
    "layoutErrors": LayoutScenarios.layoutErrors,
    "decompositionHalo2D": DecompositionScenarios.halo2D,
    "decompositionHalo3D": DecompositionScenarios.halo3D,
    "decompositionMultipleArrays": DecompositionScenarios.multipleArrays,
    "decompositionRegions": DecompositionScenarios.regions,
    "decompositionErrors": DecompositionScenarios.errors,
    "decompositionGatherScatter": DecompositionScenarios.gatherScatter,
    "decompositionSplitPhase": DecompositionScenarios.splitPhase,
    "decompositionRawFile": DecompositionScenarios.rawFile,
    "decompositionVTK": DecompositionScenarios.vtkOutput,
    "decompositionAllocations": DecompositionScenarios.allocations,
]
scenarios["objects"] = ObjectScenarios.objects
scenarios["objectCollectives"] = ObjectCollectiveScenarios.objectCollectives
scenarios["objectCollectiveFailures"] = ObjectCollectiveScenarios.objectCollectiveFailures
scenarios["fuzz"] = FuzzScenario.typedAPI
scenarios.merge(FailureScenarios.all) { _, failure in failure }

/// Writes one line to standard error (the C `stderr` global is not concurrency-safe in Swift 6).
func printToStandardError(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { bytes in _ = write(STDERR_FILENO, bytes.baseAddress, bytes.count) }
}

/// Scenarios whose tasks call MPI from several threads: they run with `MPI_THREAD_MULTIPLE`.
let multithreadedScenarios: Set<String> = ["asyncProgress"]

/// Manages MPI's lifetime itself, so it must not run inside `Environment.run`.
let useBeforeInit = "useBeforeInit"

/// Plays a host program that initialises and finalises MPI itself, so it must not run inside `Environment.run`.
let adoptHostMPI = "adoptHostMPI"

let name = CommandLine.arguments.dropFirst().first ?? ""
if name == useBeforeInit || name == adoptHostMPI {
    do {
        try name == useBeforeInit ? EnvironmentScenarios.useBeforeInit() : HostAdoptionScenario.adoptHostMPI()
    } catch {
        printToStandardError("\(error)")
        exit(1)
    }
} else if let scenario = scenarios[name] {
    Environment.run(threadLevel: multithreadedScenarios.contains(name) ? .multiple : .single) {
        try scenario()
        // "ok" means every rank got here: a rank that failed a check aborts the job before this barrier.
        let world = Communicator.world
        try world.barrier()
        if try world.rank == 0 { print("ok \(name)") }
    }
} else {
    // A usage error, the same on every rank. MPI is initialised only so that the ranks finalise together
    // after rank 0 has said why: a rank exiting on its own could make mpirun end the job before rank 0
    // printed (seen at 3 ranks on a loaded machine).
    let rank = (try? Environment.initialize()).flatMap { _ in try? Communicator.world.rank }
    if rank ?? 0 == 0 {
        let known = (Array(scenarios.keys) + [useBeforeInit, adoptHostMPI]).sorted().joined(separator: ", ")
        printToStandardError("MPIScenarios: unknown scenario '\(name)'; known scenarios: \(known)")
    }
    try? Environment.finalize()
    exit(2)
}
