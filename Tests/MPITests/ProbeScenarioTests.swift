import Testing

extension ScenarioTests {
    @Suite struct Probe {
        @Test(arguments: worldSizes) func probe(ranks: Int) throws { try expectSuccess("probe", ranks: ranks) }
    }
}
