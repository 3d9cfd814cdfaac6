import Testing

extension ScenarioTests {
    /// Parallel file I/O and one-sided communication (Tests/Scenarios/FileScenarios.swift and
    /// WindowScenarios.swift).
    @Suite struct IOAndRMA {
        /// A 37 × 23 array written collectively through row-block and column-block subarray views, equal
        /// byte for byte to a serial write; collective and independent reads; sizes, sync, deletion and
        /// the errors of opening, creating and deleting files.
        @Test(arguments: worldSizes) func fileIO(ranks: Int) throws { try expectSuccess("fileIO", ranks: ranks) }

        /// Puts, gets and accumulates in fence epochs; locks, flushes, fetch-and-add and compare-and-swap
        /// in passive-target epochs; range, rank and synchronisation checks.
        @Test(arguments: worldSizes) func windows(ranks: Int) throws { try expectSuccess("windows", ranks: ranks) }
    }
}
