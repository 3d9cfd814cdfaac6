import Testing

extension ScenarioTests {
    /// Jobs that must fail, and fail fast.
    @Suite struct Failures {
        /// The last rank throws while the others wait in a barrier: `Environment.run` must abort the whole
        /// job with exit code 1 long before `mpirun`'s own timeout would end it. Repeated, because a race
        /// between the abort and the waiting ranks would show only sometimes.
        @Test(arguments: [1, 2, 3, 4], 0..<3)
        func rankThrowsBeforeBarrier(ranks: Int, attempt: Int) throws {
            let timeout = 30
            let run = try ScenarioLauncher.run("rankThrowsBeforeBarrier", ranks: ranks, timeout: timeout)
            let (exitCode, elapsed) = (run.exitCode, run.elapsed)
            let reportsFailure = run.output.contains("deliberate failure before the barrier")
            #expect(exitCode == 1, "expected Environment.run's abort code 1:\n\(run.output)")
            #expect(elapsed < .seconds(timeout / 2), "mpirun's timeout was \(timeout) s:\n\(run.output)")
            #expect(reportsFailure, "the failing rank's error is missing:\n\(run.output)")
        }

        /// An unknown scenario name is a usage error: exit code 2 and one line from rank 0 only.
        @Test(arguments: [nil, 1, 3] as [Int?])
        func unknownScenario(ranks: Int?) throws {
            let run = try ranks.map { try ScenarioLauncher.run("noSuchScenario", ranks: $0) }
                ?? ScenarioLauncher.runSingleton("noSuchScenario")
            let exitCode = run.exitCode
            let complaints = run.output.split(separator: "\n").filter { $0.contains("unknown scenario 'noSuchScenario'") }.count
            #expect(exitCode == 2, "\(run.output)")
            #expect(complaints == 1, "expected one complaint, from rank 0:\n\(run.output)")
        }
    }
}
