import Testing

extension ScenarioTests {
    @Suite struct Objects {
        @Test(arguments: worldSizes) func objects(ranks: Int) throws { try expectSuccess("objects", ranks: ranks) }
        @Test(arguments: worldSizes) func objectCollectives(ranks: Int) throws {
            try expectSuccess("objectCollectives", ranks: ranks)
        }
    }
}
