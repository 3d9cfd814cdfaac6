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
    /// Lets Open MPI run as root and with more ranks than cores, with idle ranks yielding the CPU, and
    /// keeps Swift's backtracer from slowing down failing ranks.
    public static let environment = [
        "OMPI_ALLOW_RUN_AS_ROOT": "1",
        "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
        "OMPI_MCA_rmaps_base_oversubscribe": "1",
        "OMPI_MCA_mpi_yield_when_idle": "1",
        "SWIFT_BACKTRACE": "enable=no",
    ]

    /// Extra time the harness gives `mpirun` past its own `--timeout` before killing it.
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

    /// Runs `executable` (a product name) with `arguments` on `ranks` ranks under `mpirun`, which ends the
    /// job after `timeout` seconds; with `ranks` nil, runs it alone (MPI's singleton mode).
    ///
    /// - Parameters:
    ///   - quietLauncher: Pass `-q` to `mpirun`, which then adds no banner of its own when a rank exits
    ///     with a non-zero status, so the output is exactly what the program printed.
    ///   - directory: The working directory of the job.
    ///   - variables: Environment variables to set for this job alone, beside ``environment``.
    ///   - timeout: Seconds in an ordinary build, scaled by ``timeScale``.
    public static func run(_ executable: String, _ arguments: [String], ranks: Int?, timeout: Int = 60,
                           quietLauncher: Bool = false, directory: URL? = nil,
                           environment variables: [String: String] = [:]) throws -> MPIJobResult {
        let path = try product(executable).path
        let timeout = timeout * timeScale
        let settings = variables.isEmpty ? [] : ["env"] + variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        if let ranks {
            let options = ["-n", "\(ranks)", "--bind-to", "none", "--timeout", "\(timeout)"] + (quietLauncher ? ["-q"] : [])
            return try launch(settings + ["mpirun"] + options + [path] + arguments, limit: timeout + grace, directory: directory)
        }
        return try launch(settings + [path] + arguments, limit: timeout, directory: directory)
    }

    /// Runs `executable` with `arguments` under another launcher's command line, such as
    /// `["mpirun.mpich", "-n", "3"]`, killing the job if it still runs after `timeout` seconds (scaled by
    /// ``timeScale``).
    public static func run(_ executable: String, _ arguments: [String], launcher: [String], timeout: Int = 60) throws -> MPIJobResult {
        try launch(launcher + [try product(executable).path] + arguments, limit: timeout * timeScale, directory: nil)
    }

    /// An executable product built beside the test bundle.
    public static func product(_ name: String) throws -> URL {
        let url = Bundle.main.bundleURL.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw MPIJobError("no \(name) executable at \(url.path); build it with `swift build` first")
        }
        return url
    }

    /// Runs a command (a path, or a name found on `PATH`) with ``environment`` and returns its status and
    /// combined output, killing it and what it started if it is still running after `limit` seconds.
    /// Throws when the output holds a sanitizer's report.
    public static func launch(_ command: [String], limit: Int, directory: URL? = nil) throws -> MPIJobResult {
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
