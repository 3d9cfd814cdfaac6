import Testing

extension ScenarioTests {
    /// Grid dimensions, Cartesian grids, distributed graphs and the neighbourhood collectives over them.
    @Suite struct Topologies {
        @Test(arguments: worldSizes) func dimensions(ranks: Int) throws { try expectSuccess("dimensions", ranks: ranks) }
        @Test(arguments: worldSizes) func cartesian(ranks: Int) throws { try expectSuccess("cartesian", ranks: ranks) }
        @Test(arguments: worldSizes) func cartesianNeighbors(ranks: Int) throws {
            try expectSuccess("cartesianNeighbors", ranks: ranks)
        }
        @Test(arguments: worldSizes) func graphNeighbors(ranks: Int) throws { try expectSuccess("graphNeighbors", ranks: ranks) }
    }

    /// Process groups and the communicators created from them.
    @Suite struct Groups {
        @Test(arguments: worldSizes) func groups(ranks: Int) throws { try expectSuccess("groups", ranks: ranks) }
        @Test(arguments: worldSizes) func communicators(ranks: Int) throws {
            try expectSuccess("groupCommunicators", ranks: ranks)
        }
    }

    /// Derived datatypes with point-to-point, and checked struct layouts.
    @Suite struct Layouts {
        @Test(arguments: worldSizes) func vectorColumn(ranks: Int) throws { try expectSuccess("vectorColumn", ranks: ranks) }
        @Test(arguments: worldSizes) func structs(ranks: Int) throws { try expectSuccess("structLayouts", ranks: ranks) }
        @Test(arguments: worldSizes) func errors(ranks: Int) throws { try expectSuccess("layoutErrors", ranks: ranks) }
    }
}
