import ChildProcesses
import Foundation

/// What one launch of a program did.
public struct MPIJobResult: Sendable {
    /// The launcher's exit status, or 128 + the signal number when a signal ended it (as shells report).
    public let exitCode: Int32
    /// Standard output and standard error, interleaved as written.
    public let output: String
    public let elapsed: Duration
    /// When the launcher exited, on the wall clock, to compare with times the ranks print.
    public let finished: Date

    /// The output's lines.
    public var lines: [Substring] { output.split(separator: "\n") }
}

/// Launches an executable that `swift test` builds beside the test bundle, under `mpirun` or alone,
/// and collects what it printed: the multi-rank half of a test suite (MPI can be initialised only once
/// per process, and tests run concurrently, so each job runs in processes of its own).
public enum MPIJob {
    /// Extra time the harness gives the launcher past its own timeout before killing it.
    public static let grace = 10

    /// How many times longer than usual a job may take: `MPI_TEST_TIME_SCALE` (default 1), which
    /// `make test-asan`/`test-tsan` set because sanitized programs run several times slower. Scales
    /// `mpirun`'s timeout and every time bound a test asserts (``timeLimit(_:)``).
    public static let timeScale: Int = {
        guard let text = ProcessInfo.processInfo.environment["MPI_TEST_TIME_SCALE"] else { return 1 }
        guard let scale = Int(text), scale >= 1 else {
            fatalError("MPI_TEST_TIME_SCALE must be a whole number of at least 1, not '\(text)'")
        }
        return scale
    }()

    /// A bound on how long a job may take, `seconds` in an ordinary build, scaled by ``timeScale``.
    public static func timeLimit(_ seconds: Int) -> Duration { .seconds(seconds * timeScale) }

    /// Runs `executable` (a product name) with `arguments` on `ranks` ranks under the MPI launcher
    /// (``MPILauncher``), which ends the job after `timeout` seconds; with `ranks` nil, runs it alone
    /// (MPI's singleton mode).
    ///
    /// - Parameters:
    ///   - quietLauncher: Keep the launcher's and the MPI library's own notices about a failing rank out
    ///     of the output, so that it is exactly what the program printed.
    ///   - directory: The working directory of the job.
    ///   - variables: Environment variables to set for this job alone, beside the launcher's.
    ///   - timeout: Seconds in an ordinary build, scaled by ``timeScale`` and, where ranks busy-poll on
    ///     fewer cores, by ``MPILauncher/timeLimit(_:ranks:)``.
    public static func run(_ executable: String, _ arguments: [String], ranks: Int?, timeout: Int = 60,
                           quietLauncher: Bool = false, directory: URL? = nil,
                           environment variables: [String: String] = [:]) throws -> MPIJobResult {
        let path = try product(executable).path
        let timeout = (ranks.map { MPILauncher.timeLimit(timeout, ranks: $0) } ?? timeout) * timeScale
        let environment = MPILauncher.environment(timeout: timeout, quiet: quietLauncher)
            .merging(variables) { _, job in job }
        guard let ranks else {
            return try launch([path] + arguments, environment: environment, limit: timeout, directory: directory)
        }
        let options = MPILauncher.arguments(ranks: ranks, timeout: timeout, quiet: quietLauncher)
        let result = try launch([MPILauncher.command] + options + [path] + arguments, environment: environment,
                                limit: timeout + grace, directory: directory)
        guard quietLauncher else { return result }
        return MPIJobResult(exitCode: result.exitCode, output: MPILauncher.removingAbortNotices(from: result.output),
                            elapsed: result.elapsed, finished: result.finished)
    }

    /// Runs `executable` with `arguments` under another launcher's command line, such as
    /// `["mpirun.mpich", "-n", "3"]`, killing the job if it still runs after `timeout` seconds (scaled by
    /// ``timeScale``).
    ///
    /// The job gets the variables of every launcher family (each ignores the others'), since the command
    /// may be any launcher: Open MPI's, for one, refuses to run as root without its own.
    public static func run(_ executable: String, _ arguments: [String], launcher: [String], timeout: Int = 60) throws -> MPIJobResult {
        let timeout = timeout * timeScale
        let environment = MPILauncher.Family.allCases.reduce(into: [String: String]()) { variables, family in
            variables.merge(MPILauncher.environment(for: family, timeout: timeout, quiet: true)) { first, _ in first }
        }
        return try launch(launcher + [try product(executable).path] + arguments, environment: environment, limit: timeout)
    }

    /// An executable product built beside the test bundle.
    public static func product(_ name: String) throws -> URL {
        let url = Bundle.main.bundleURL.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw MPIJobError("no \(name) executable at \(url.path); build it with `swift build` first")
        }
        return url
    }

    /// Runs a command (a path, or a name found on `PATH`) with `environment` added to this process's, and
    /// returns its status and combined output, killing it and what it started if it is still running after
    /// `limit` seconds. Throws when the output holds a sanitizer's report.
    public static func launch(_ command: [String], environment: [String: String] = [:], limit: Int,
                              directory: URL? = nil) throws -> MPIJobResult {
        let result = try ChildProcess.run(command, environment: environment, limit: .seconds(limit), directory: directory)
        // Under `make test-asan`/`test-tsan` a report fails the test even where the job was meant to fail.
        let reports = SanitizerReport.headlines(in: result.output)
        guard reports.isEmpty else {
            throw MPIJobError("\(reports.count) sanitizer report(s) from \(command.joined(separator: " ")):\n\(result.output)")
        }
        return MPIJobResult(exitCode: result.exitCode, output: result.output, elapsed: result.elapsed, finished: result.finished)
    }
}

/// A program could not be launched.
public struct MPIJobError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
