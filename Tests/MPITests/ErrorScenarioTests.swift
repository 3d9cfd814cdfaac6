import Testing

extension ScenarioTests {
    @Suite struct Errors {
        @Test(arguments: worldSizes) func errors(ranks: Int) throws { try expectSuccess("errors", ranks: ranks) }
    }
}
