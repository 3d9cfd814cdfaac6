import Foundation
import MPITestSupport
import Testing

extension ScenarioTests {
    /// The typed API under 2000 random calls, many with invalid counts, tags, ranks, roots, datatypes or
    /// operations: every call must succeed with the right data or throw an `MPIError`, as a model of
    /// MPI's rules predicts, with no crash and no hang (`Tests/Scenarios/FuzzScenario.swift`).
    ///
    /// Open MPI builds only: the model's invalid calls are those Open MPI refuses on every rank, and MPICH
    /// 4.0.2 checks fewer. A reduce of `Double` with logical or succeeds on its non-root ranks, and the
    /// root stops on an internal assertion (`src/mpi/coll/op/oplor.c`, line 60) instead of returning
    /// `MPI_ERR_OP`: the seeded run failed at 2, 3 and 4 ranks.
    @Suite(.enabled(if: MPILauncher.family == .openMPI,
                    "MPICH 4.0.2 does not refuse every invalid call the model expects (logical or on Double asserts in oplor.c)"))
    struct Fuzzing {
        /// The seeds each world size runs: the scenario's default seed in `make test`, and as many more as
        /// `SWIFT_MPI_FUZZ_SEEDS` asks in `make test-failure`.
        static let seeds = Array(0..<(ProcessInfo.processInfo.environment["SWIFT_MPI_FUZZ_SEEDS"].flatMap { Int($0) } ?? 1))

        @Test(arguments: [2, 3, 4], seeds)
        func typedAPI(ranks: Int, seed: Int) throws {
            let variables = seed == 0 ? [:] : ["SWIFT_MPI_FUZZ_SEED": "\(seed)"]
            let run = try ScenarioLauncher.run("fuzz", ranks: ranks, timeout: 120, variables: variables)
            #expect(run.succeeded("fuzz"), "fuzz with seed \(seed) (0: the default) at \(ranks) ranks exited with \(run.exitCode):\n\(run.output)")
        }
    }
}
