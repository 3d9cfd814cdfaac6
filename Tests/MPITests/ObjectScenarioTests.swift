import Testing

extension ScenarioTests {
    @Suite struct Objects {
        @Test(arguments: worldSizes) func objects(ranks: Int) throws { try expectSuccess("objects", ranks: ranks) }
        @Test(arguments: worldSizes) func objectCollectives(ranks: Int) throws {
            try expectSuccess("objectCollectives", ranks: ranks)
        }
        /// A value one rank (or two) cannot encode, a root with no values or the wrong number: the same
        /// error on every rank, from every root, and the collectives still work afterwards.
        @Test(arguments: worldSizes) func objectCollectiveFailures(ranks: Int) throws {
            try expectSuccess("objectCollectiveFailures", ranks: ranks)
        }
    }
}
