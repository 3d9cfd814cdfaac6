// Compiled only with `-Xswiftc -DOBJECT_API` until the object API exists; see Tests/Scenarios/ObjectScenarios.swift.
#if OBJECT_API
import Testing

extension ScenarioTests {
    @Suite struct Objects {
        @Test(arguments: worldSizes) func objects(ranks: Int) throws { try expectSuccess("objects", ranks: ranks) }
    }
}
#endif
