import Foundation
import MPITestSupport
import Synchronization
import Testing

extension ScenarioTests {
    /// Jobs that must fail, and fail fast.
    @Suite struct Failures {
        /// The last rank throws while the others wait in a barrier: `Environment.run` must abort the whole
        /// job with exit code 1 long before `mpirun`'s own timeout would end it. Repeated, because a race
        /// between the abort and the waiting ranks would show only sometimes.
        @Test(arguments: [1, 2, 3, 4], 0..<3)
        func rankThrowsBeforeBarrier(ranks: Int, attempt: Int) throws {
            let timeout = 30
            let run = try ScenarioLauncher.run("rankThrowsBeforeBarrier", ranks: ranks, timeout: timeout)
            let (exitCode, elapsed) = (run.exitCode, run.elapsed)
            let reportsFailure = run.output.contains("deliberate failure before the barrier")
            #expect(exitCode == 1, "expected Environment.run's abort code 1:\n\(run.output)")
            #expect(elapsed < MPIJob.timeLimit(timeout / 2), "mpirun's timeout was \(timeout * MPIJob.timeScale) s:\n\(run.output)")
            #expect(reportsFailure, "the failing rank's error is missing:\n\(run.output)")
        }

        /// One rank dies mid-run — an error escapes it, it traps, or it is killed with SIGKILL — while the
        /// others are blocked inside MPI waiting for it (in an allreduce, or in a receive from it). The job
        /// must end, non-zero, within 10 s of the failure, every time.
        ///
        /// Each failure is launched ``repeats`` times (1 in `make test`, 10 in `make test-failure`) at 2, 3
        /// and 4 ranks in turn, a few launches at once. `mpirun --timeout` is only the safety net: a job it
        /// has to end exits 1 after the timeout, far beyond the 10 s allowed.
        @Test(arguments: RankFailure.all)
        func rankFailureEndsTheJob(_ failure: RankFailure) throws {
            let runs = try Self.launchRepeatedly(failure.scenario, repeats: Self.repeats)
            var longest = Duration.zero
            for (ranks, run) in runs {
                let context = "\(failure.scenario) on \(ranks) ranks, exit \(run.exitCode) after \(run.elapsed):\n\(run.output)"
                #expect(failure.expectedExitCodes.contains(run.exitCode), "\(context)")
                #expect(failure.expectedMessages.allSatisfy(run.output.contains), "\(context)")
                #expect(failure.launcherReports.isEmpty || failure.launcherReports.contains(where: run.output.contains),
                        "expected one of \(failure.launcherReports): \(context)")
                let timeToExit = try #require(run.timeSinceFailure, "no 'failing at' line: \(context)")
                #expect(timeToExit < MPIJob.timeLimit(10), "\(context)")
                longest = max(longest, timeToExit)
            }
            print("\(failure.scenario): \(runs.count) runs, longest time from the failure to the job's exit \(longest)")
        }

        /// How many times each rank failure is launched: `SWIFT_MPI_FAILURE_REPEATS`, 1 when unset.
        static let repeats = ProcessInfo.processInfo.environment["SWIFT_MPI_FAILURE_REPEATS"].flatMap { Int($0) } ?? 1

        /// Launches at most this many jobs at once: enough to keep the repeats short, few enough that a
        /// loaded two-core machine still schedules the failing rank promptly.
        static let batch = 3

        /// Runs `scenario` `repeats` times, at 2, 3 and 4 ranks in turn, `batch` launches at a time.
        static func launchRepeatedly(_ scenario: String, repeats: Int) throws -> [(ranks: Int, run: ScenarioRun)] {
            let results = Mutex<[(ranks: Int, run: Result<ScenarioRun, any Error>)]>([])
            for start in stride(from: 0, to: repeats, by: batch) {
                let attempts = Array(start..<min(start + batch, repeats))
                DispatchQueue.concurrentPerform(iterations: attempts.count) { index in
                    let ranks = 2 + attempts[index] % 3
                    let run = Result { try ScenarioLauncher.run(scenario, ranks: ranks, timeout: 30) }
                    results.withLock { $0.append((ranks, run)) }
                }
            }
            return try results.withLock { $0 }.map { ($0.ranks, try $0.run.get()) }
        }

        /// An unknown scenario name is a usage error: exit code 2 and one line from rank 0 only.
        @Test(arguments: [nil, 1, 3] as [Int?])
        func unknownScenario(ranks: Int?) throws {
            let run = try ranks.map { try ScenarioLauncher.run("noSuchScenario", ranks: $0) }
                ?? ScenarioLauncher.runSingleton("noSuchScenario")
            let exitCode = run.exitCode
            let complaints = run.output.split(separator: "\n").filter { $0.contains("unknown scenario 'noSuchScenario'") }.count
            #expect(exitCode == 2, "\(run.output)")
            #expect(complaints == 1, "expected one complaint, from rank 0:\n\(run.output)")
        }
    }
}

/// One way a rank fails mid-run (a scenario of `Tests/Scenarios/FailureScenarios.swift`) and what the
/// job's end must look like.
struct RankFailure: Sendable, CustomTestStringConvertible {
    /// The scenario's name, `rank<Failure>While<Wait>`.
    let scenario: String
    /// The launcher's exit status: the `MPI_Abort` code, or what it reports for a rank killed by a signal.
    let expectedExitCodes: Set<Int32>
    /// What the output must say, so that the test knows the job ended the way it should have.
    let expectedMessages: [String]
    /// The launcher's report of a rank killed by a signal: the output must hold one of them (none for a
    /// rank that aborts).
    var launcherReports: [String] = []

    var testDescription: String { scenario }

    static let all: [RankFailure] = ["OthersReduce", "OthersReceive"].flatMap { wait in [
        // An escaping error aborts the job with Environment.run's code 1: had it tried to finalise, the
        // others would still be waiting when mpirun's timeout ends the job. (Open MPI's own "MPI_ABORT
        // was invoked" banner is not checked: mpirun sometimes loses it, logging a show_help unpack error.)
        RankFailure(scenario: "rankThrowsWhile\(wait)", expectedExitCodes: [1],
                    expectedMessages: ["deliberate failure while the others wait"]),
        // The launcher reports a rank killed by a signal; a trap is SIGILL (4), a kill SIGKILL (9).
        RankFailure(scenario: "rankCallsFatalErrorWhile\(wait)", expectedExitCodes: MPILauncher.exitCodes(forRankKilledBy: 4),
                    expectedMessages: ["deliberate trap"], launcherReports: MPILauncher.reports(ofRankKilledBy: 4)),
        RankFailure(scenario: "rankIndexesOutOfBoundsWhile\(wait)", expectedExitCodes: MPILauncher.exitCodes(forRankKilledBy: 4),
                    expectedMessages: ["Index out of range"], launcherReports: MPILauncher.reports(ofRankKilledBy: 4)),
        RankFailure(scenario: "rankIsKilledWhile\(wait)", expectedExitCodes: MPILauncher.exitCodes(forRankKilledBy: 9),
                    expectedMessages: [], launcherReports: MPILauncher.reports(ofRankKilledBy: 9)),
    ] }
}

extension ScenarioRun {
    /// The time from the moment the failing rank said `failing at <µs since the epoch>` to the end of the
    /// launcher, measured on the same clock; `nil` when no rank said it.
    var timeSinceFailure: Duration? {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("failing at ") }),
              let microseconds = line.split(separator: " ").dropFirst(2).first.flatMap({ Int64($0) }) else { return nil }
        return .microseconds(Int64((finished.timeIntervalSince1970 * 1e6).rounded()) - microseconds)
    }
}
