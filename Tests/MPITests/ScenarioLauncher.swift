import Foundation
import MPITestSupport

/// What one launch of the scenario executable did.
struct ScenarioRun {
    /// The launcher's exit status, or 128 + the signal number when a signal ended it (as shells report).
    let exitCode: Int32
    /// Standard output and standard error, interleaved as written.
    let output: String
    let elapsed: Duration
    /// When the launcher exited, on the wall clock, to compare with times the ranks print.
    let finished: Date

    init(_ job: MPIJobResult) {
        (exitCode, output, elapsed, finished) = (job.exitCode, job.output, job.elapsed, job.finished)
    }

    /// Whether the scenario ran to the end on every rank: exit status 0 and rank 0's `ok <scenario>` line.
    func succeeded(_ scenario: String) -> Bool {
        exitCode == 0 && output.split(separator: "\n").contains { $0 == "ok \(scenario)" }
    }
}

/// Launches the `MPIScenarios` executable, under `mpirun` or alone, and collects what it printed.
///
/// MPI can be initialised only once per process, and the test runner runs tests concurrently, so every
/// multi-rank check runs in processes of its own.
enum ScenarioLauncher {
    /// Runs `scenario` on `ranks` ranks under `mpirun`, which ends the job after `timeout` seconds.
    ///
    /// - Parameter variables: Environment variables for the ranks, on top of the launcher's (``MPILauncher``).
    static func run(_ scenario: String, ranks: Int, timeout: Int = 60, variables: [String: String] = [:]) throws -> ScenarioRun {
        ScenarioRun(try MPIJob.run("MPIScenarios", [scenario], ranks: ranks, timeout: timeout, environment: variables))
    }

    /// Runs `scenario` in one process without a launcher: MPI's singleton mode, a world of one rank.
    static func runSingleton(_ scenario: String, timeout: Int = 60) throws -> ScenarioRun {
        ScenarioRun(try MPIJob.run("MPIScenarios", [scenario], ranks: nil, timeout: timeout))
    }
}
