import Testing

extension ScenarioTests {
    @Suite struct ExecutionEnvironment {
        @Test(arguments: worldSizes) func environment(ranks: Int) throws { try expectSuccess("environment", ranks: ranks) }

        @Test(arguments: worldSizes) func useBeforeInit(ranks: Int) throws { try expectSuccess("useBeforeInit", ranks: ranks) }
        @Test(arguments: worldSizes) func adoptHostMPI(ranks: Int) throws { try expectSuccess("adoptHostMPI", ranks: ranks) }

        /// Without `mpirun`, MPI initialises as a singleton: a world of one rank.
        @Test func useBeforeInitSingleton() throws {
            let run = try ScenarioLauncher.runSingleton("useBeforeInit")
            let succeeded = run.succeeded("useBeforeInit")
            #expect(succeeded, "useBeforeInit as a singleton exited with \(run.exitCode):\n\(run.output)")
        }
    }
}
