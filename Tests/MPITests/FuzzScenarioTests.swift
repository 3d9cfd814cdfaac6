import Foundation
import Testing

extension ScenarioTests {
    /// The typed API under 2000 random calls, many with invalid counts, tags, ranks, roots, datatypes or
    /// operations: every call must succeed with the right data or throw an `MPIError`, as a model of
    /// MPI's rules predicts, with no crash and no hang (`Tests/Scenarios/FuzzScenario.swift`).
    @Suite struct Fuzzing {
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
