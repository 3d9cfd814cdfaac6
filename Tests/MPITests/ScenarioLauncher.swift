import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What one launch of the scenario executable did.
struct ScenarioRun {
    /// The launcher's exit status, or 128 + the signal number when a signal ended it (as shells report).
    let exitCode: Int32
    /// Standard output and standard error, interleaved as written.
    let output: String
    let elapsed: Duration
    /// When the launcher exited, on the wall clock, to compare with times the ranks print.
    let finished: Date

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
    /// Lets Open MPI run as root and with more ranks than cores, with idle ranks yielding the CPU, and
    /// keeps Swift's backtracer from slowing down failing ranks.
    static let environment = [
        "OMPI_ALLOW_RUN_AS_ROOT": "1",
        "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
        "OMPI_MCA_rmaps_base_oversubscribe": "1",
        "OMPI_MCA_mpi_yield_when_idle": "1",
        "SWIFT_BACKTRACE": "enable=no",
    ]

    /// Extra time the harness gives `mpirun` past its own `--timeout` before killing it.
    static let grace = 10

    /// Runs `scenario` on `ranks` ranks under `mpirun`, which ends the job after `timeout` seconds.
    ///
    /// - Parameter variables: Environment variables for the ranks, on top of ``environment``.
    static func run(_ scenario: String, ranks: Int, timeout: Int = 60, variables: [String: String] = [:]) throws -> ScenarioRun {
        try launch(
            ["mpirun", "-n", "\(ranks)", "--bind-to", "none", "--timeout", "\(timeout)", try executable().path, scenario],
            limit: timeout + grace, variables: variables)
    }

    /// Runs `scenario` in one process without a launcher: MPI's singleton mode, a world of one rank.
    static func runSingleton(_ scenario: String, timeout: Int = 60) throws -> ScenarioRun {
        try launch([try executable().path, scenario], limit: timeout)
    }

    /// The scenario executable, which `swift test` builds beside the test bundle.
    static func executable() throws -> URL {
        let url = Bundle.main.bundleURL.appendingPathComponent("MPIScenarios")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw LaunchError("no MPIScenarios executable at \(url.path); build it with `swift build` first")
        }
        return url
    }

    /// Runs a command found on `PATH` and returns its status and combined output, killing it and what it
    /// started if it is still running after `limit` seconds.
    private static func launch(_ command: [String], limit: Int, variables: [String: String] = [:]) throws -> ScenarioRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.environment = ProcessInfo.processInfo.environment.merging(environment.merging(variables) { _, given in given }) { _, ours in ours }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe

        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { killTree(pid) }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(limit), execute: watchdog)
        // Read to EOF before waiting: a child blocked on a full pipe would never exit.
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let finished = Date()
        watchdog.cancel()

        let status = process.terminationStatus
        return ScenarioRun(
            exitCode: process.terminationReason == .uncaughtSignal ? 128 + status : status,
            output: String(decoding: output, as: UTF8.self),
            elapsed: start.duration(to: clock.now),
            finished: finished)
    }

    /// Kills a process, its process group (Foundation starts each child in a group of its own) and its
    /// children: `mpirun` puts every rank in a process group of its own, so killing its group alone would
    /// leave the ranks running.
    private static func killTree(_ pid: pid_t) {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        let children = tasks.flatMap { task in
            ((try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? "")
                .split(separator: " ").compactMap { pid_t($0) }
        }
        kill(-pid, SIGKILL)
        for child in children { kill(child, SIGKILL) }
    }
}

/// The scenario executable could not be launched.
struct LaunchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
