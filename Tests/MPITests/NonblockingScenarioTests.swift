import Testing

extension ScenarioTests {
    @Suite struct Nonblocking {
        @Test(arguments: worldSizes) func nonblocking(ranks: Int) throws { try expectSuccess("nonblocking", ranks: ranks) }
        @Test(arguments: worldSizes) func persistent(ranks: Int) throws { try expectSuccess("persistent", ranks: ranks) }

        /// `wait()` and `test()` on a persistent request that was never started return MPI's empty status.
        @Test(arguments: worldSizes) func inactivePersistent(ranks: Int) throws {
            try expectSuccess("inactivePersistent", ranks: ranks)
        }
    }
}
