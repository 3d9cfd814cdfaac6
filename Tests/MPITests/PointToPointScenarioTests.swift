import Testing

extension ScenarioTests {
    @Suite struct PointToPoint {
        @Test(arguments: worldSizes) func ring(ranks: Int) throws { try expectSuccess("ring", ranks: ranks) }
        @Test(arguments: worldSizes) func sendModes(ranks: Int) throws { try expectSuccess("sendModes", ranks: ranks) }
        @Test(arguments: worldSizes) func procNull(ranks: Int) throws { try expectSuccess("procNull", ranks: ranks) }
        @Test(arguments: worldSizes) func zeroCount(ranks: Int) throws { try expectSuccess("zeroCount", ranks: ranks) }
    }
}
