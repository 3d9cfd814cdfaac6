import Testing

extension ScenarioTests {
    @Suite struct Datatypes {
        @Test(arguments: worldSizes) func datatypes(ranks: Int) throws { try expectSuccess("datatypes", ranks: ranks) }
    }
}
