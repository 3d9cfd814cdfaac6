import MPI

/// Scenarios that must fail: the tests check the job ends with a non-zero status, and quickly.
enum FailureScenarios {
    /// The last rank throws while the others wait in a barrier it never reaches; `Environment.run` must
    /// abort the whole job rather than leave them waiting.
    static func rankThrowsBeforeBarrier() throws {
        let ring = try Ring()
        if ring.rank == ring.size - 1 {
            throw ScenarioFailure("deliberate failure before the barrier")
        }
        try ring.communicator.barrier()
    }
}
