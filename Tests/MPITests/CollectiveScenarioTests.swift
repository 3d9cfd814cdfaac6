import Testing

extension ScenarioTests {
    /// Collective communication: blocking, nonblocking and awaited from tasks (Tests/Scenarios/
    /// CollectiveScenarios.swift, ReductionScenarios.swift, UserOperationScenarios.swift,
    /// NonblockingCollectiveScenarios.swift, AsyncScenarios.swift).
    @Suite struct Collective {
        @Test(arguments: worldSizes) func broadcast(ranks: Int) throws { try expectSuccess("broadcast", ranks: ranks) }
        @Test(arguments: worldSizes) func gatherScatter(ranks: Int) throws { try expectSuccess("gatherScatter", ranks: ranks) }
        @Test(arguments: worldSizes) func variableCounts(ranks: Int) throws { try expectSuccess("variableCounts", ranks: ranks) }
        @Test(arguments: worldSizes) func collectiveErrors(ranks: Int) throws { try expectSuccess("collectiveErrors", ranks: ranks) }
        @Test(arguments: worldSizes) func reductions(ranks: Int) throws { try expectSuccess("reductions", ranks: ranks) }
        @Test(arguments: worldSizes) func locationReductions(ranks: Int) throws { try expectSuccess("locationReductions", ranks: ranks) }
        @Test(arguments: worldSizes) func userOperations(ranks: Int) throws { try expectSuccess("userOperations", ranks: ranks) }
        @Test(arguments: worldSizes) func nonblockingCollectives(ranks: Int) throws {
            try expectSuccess("nonblockingCollectives", ranks: ranks)
        }
        @Test(arguments: worldSizes) func asyncProgress(ranks: Int) throws { try expectSuccess("asyncProgress", ranks: ranks) }

        /// The single-value gather forms and the variable-count forms that gather the counts with them
        /// (once broken: they wrapped the value in a `CollectionOfOne`, which has no contiguous storage).
        @Test(arguments: worldSizes) func singleValueGathers(ranks: Int) throws {
            try expectSuccess("singleValueGathers", ranks: ranks)
        }
    }
}
