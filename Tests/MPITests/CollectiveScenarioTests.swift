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

        /// `gather(_ value:root:)` and `allGather(_ value:)` wrap the value in a `CollectionOfOne`, which
        /// has no contiguous storage, so they throw `.buffer` on every rank; `gatherv(_:root:)` and
        /// `allGatherv(_:)`, which gather the counts that way, fail with them. Remove `withKnownIssue`
        /// once Sources/MPI/Collective.swift is fixed: until then this test records the failure as known.
        @Test(arguments: worldSizes) func singleValueGathers(ranks: Int) throws {
            withKnownIssue("single-value gather and allGather pass CollectionOfOne, which has no contiguous storage") {
                try expectSuccess("singleValueGathers", ranks: ranks)
            }
        }
    }
}
