import Testing

/// Every test that launches MPI jobs.
///
/// Not `.serialized`: the test runner overlaps about as many launches as there are cores, and a launch
/// spends most of its time starting up with its ranks yielding (`mpi_yield_when_idle`). On the 2-core
/// development machine the whole `swift test` took 73–88 s in parallel against 144–147 s serialized,
/// with the same results, and the failure scenarios still ended within seconds, far inside their bound.
@Suite struct ScenarioTests {}

/// The world sizes every scenario runs at: one rank (messages to self), even and odd sizes, and an odd
/// prime, so that loops over every rank and ring arithmetic meet uneven cases.
let worldSizes = [1, 2, 3, 4, 7]

/// Launches `scenario` on `ranks` ranks and records an issue, with the job's output, unless every rank
/// finished it.
func expectSuccess(_ scenario: String, ranks: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let run = try ScenarioLauncher.run(scenario, ranks: ranks)
    let succeeded = run.succeeded(scenario)
    #expect(succeeded, "\(scenario) on \(ranks) rank(s) exited with \(run.exitCode):\n\(run.output)",
            sourceLocation: sourceLocation)
}
