import MPI
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

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

    /// How the failing rank dies.
    enum Failure: String, CaseIterable {
        /// An error escapes `Environment.run`, which must abort the job (`MPI_Abort`), not finalise.
        case throwsError = "Throws"
        /// A Swift runtime trap (`fatalError`): the process dies of SIGILL without a word to MPI.
        case callsFatalError = "CallsFatalError"
        /// An array index out of bounds: the same kind of trap, reached by a bug rather than a call.
        case indexesOutOfBounds = "IndexesOutOfBounds"
        /// SIGKILL, as an out-of-memory killer or a user's `kill -9` would send: no handler runs at all.
        case isKilled = "IsKilled"
    }

    /// Where the other ranks are when it dies: inside MPI, blocked on the failing rank.
    enum Wait: String, CaseIterable {
        /// In a collective the failing rank never joins.
        case collective = "OthersReduce"
        /// In a blocking receive from the failing rank.
        case receive = "OthersReceive"
    }

    /// Every failure at every wait, named `rank<Failure>While<Wait>`, e.g. `rankIsKilledWhileOthersReceive`.
    static var all: [String: () throws -> Void] {
        Dictionary(uniqueKeysWithValues: Failure.allCases.flatMap { failure in
            Wait.allCases.map { wait in (name(failure, wait), { try failWhileOthersWait(failure, wait) }) }
        })
    }

    static func name(_ failure: Failure, _ wait: Wait) -> String { "rank\(failure.rawValue)While\(wait.rawValue)" }

    /// The last rank fails mid-run while every other rank is blocked inside MPI waiting for it.
    ///
    /// The others never return: the launcher must end them. Should one return, it throws, so the job
    /// still fails, but with a message saying the wait did not block.
    static func failWhileOthersWait(_ failure: Failure, _ wait: Wait) throws {
        let ring = try Ring()
        let failing = ring.size - 1
        guard ring.rank == failing else {
            switch wait {
            case .collective: _ = try ring.communicator.allReduce(ring.rank, .sum)
            case .receive: _ = try ring.communicator.receive(Int.self, from: failing, tag: 7)
            }
            throw ScenarioFailure("the wait for failed rank \(failing) returned")
        }
        // Let the others get into MPI and block there first: the failure must happen mid-run.
        usleep(300_000)
        // The test measures the time from this moment to the launcher's exit.
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        printToStandardError("failing at \(now.tv_sec * 1_000_000 + now.tv_nsec / 1000) µs since the epoch")
        switch failure {
        case .throwsError:
            throw ScenarioFailure("deliberate failure while the others wait")
        case .callsFatalError:
            fatalError("deliberate trap on rank \(ring.rank)")
        case .indexesOutOfBounds:
            let slots = [Int](repeating: 0, count: ring.size)
            _ = slots[slots.count + ring.rank]
        case .isKilled:
            kill(getpid(), SIGKILL)
        }
        throw ScenarioFailure("rank \(ring.rank) outlived its own \(failure) failure")
    }
}
